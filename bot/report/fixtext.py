"""What a fix's check showed, in plain sentences the text and Markdown renderers share.

A fix is "verified" only when its changes, applied to the project's declared requirements, resolve
again and the reproduction passed on what they resolve to (``bot.fixset``). Everything short of
that is said as such. The sentences are plain text: the Markdown renderer escapes them.
"""

from __future__ import annotations

from bot.model import Fix, VerdictStatus


def _versions(fix: Fix) -> str:
    if fix.check is None:
        return ""
    return ", ".join(f"{name} {version}" for name, version in fix.check.versions)


def checked(fix: Fix, package: str) -> str:
    """One sentence: whether the fix is verified, and if not, why not."""
    check = fix.check
    if check is None:
        return "Not verified: the changed requirements were not resolved again (no manifest declares them)."
    files = ", ".join(check.files)
    if not check.resolves:
        return (
            f"Not verified: with the change, the requirements in {files} do not resolve, and no change "
            "that does was found. "
            "No edit is suggested; the notes say what was tried."
        )
    resolved = f"the requirements in {files} resolve (compile only, wheels only) to {_versions(fix)}"
    passed = (
        fix.verification is not None
        and fix.verification.status is VerdictStatus.NOT_REPRODUCED
        and fix.recommended is not None
    )
    if fix.verified and passed:
        return (
            f"Verified: with the change, {resolved}, and the reproduction passes on {package} "
            f"{fix.recommended}."
        )
    if check.left_out:
        return (
            f"Not verified: with the change, {resolved} only without {left_out(check.left_out)}. "
            + (f"The reproduction passes on {package} {fix.recommended}. " if passed else "")
            + "Check the whole set by hand before applying it."
        )
    return f"Not verified: with the change, {resolved}, but the reproduction did not pass on that set."


def left_out(entries: tuple[str, ...]) -> str:
    """A check's left-out entries (``"name: reason"``), those with the same reason named together:
    ``ta-lib, sdnotify: no wheel for this Python and platform (...); pandas-ta: not on the index``."""
    by_reason: dict[str, list[str]] = {}
    for entry in entries:
        name, sep, reason = entry.partition(": ")
        by_reason.setdefault(reason if sep else "", []).append(name)
    groups = (", ".join(names) + (f": {reason}" if reason else "") for reason, names in by_reason.items())
    return "; ".join(groups)


def fell_back(fix: Fix, package: str) -> str | None:
    """Why the recommendation is the minimal fix, when it fell back to it."""
    if not fix.fallback:
        return None
    return (
        f"The recommendation is the minimal fix ({package} {fix.minimal}), not the newest set the project "
        f"allows: {fix.fallback}."
    )


def regenerate(fix: Fix) -> str | None:
    """That a lock or compiled file must be regenerated after the edits, when it must."""
    if not fix.regenerate:
        return None
    if fix.edits:
        return (
            f"{fix.regenerate} still pins the old versions: after the edit, regenerate it from its manifest."
        )
    return f"{fix.regenerate} still pins the old versions: its manifest allows the fix; regenerate it."
