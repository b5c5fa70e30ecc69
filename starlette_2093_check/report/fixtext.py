"""What a fix's check showed, in plain sentences the text and Markdown renderers share.

A fix is "verified" only when its changes, applied to the project's declared requirements, resolve
again and the reproduction passed on what they resolve to (``fixset``). Everything short of
that is said as such. The sentences are plain text: the Markdown renderer escapes them.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette_2093_check.model import Advisory, Fix, VerdictStatus


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


def audited(fix: Fix, package: str) -> bool:
    """Whether the advisories of the version ``fix`` installs were checked: the advice notes it
    when the lookup failed, and then nothing may be called cleared."""
    unchecked = f"advisories for {package} {fix.recommended} could not be checked"
    return fix.recommended is not None and not any(n.startswith(unchecked) for n in fix.notes)


@dataclass(frozen=True)
class Newest:
    """The newest set the project allows, said beside the minimal fix that the reports show as the
    fix (``scan --fix`` applies the minimal one, ``scan --fix=latest`` this one)."""

    version: str  # the package's version in it
    parent: str | None  # the moved parent's version (fastapi's), when the parent moves
    verified: bool
    clears: tuple[Advisory, ...]  # advisories the minimal fix still has and the newest set does not
    still: tuple[Advisory, ...]  # advisories the newest set still has
    audited: bool  # False: its advisories could not be checked, and nothing is said about them


def newest(fix: Fix, package: str) -> Newest | None:
    """What the newest set the project allows does, for a fix whose minimal change is what the
    reports show (``Fix.minimal_view``); None when there is no minimal fix (a report written before
    it existed shows the recommendation itself), when the newest set is the same versions, and when
    the recommendation fell back to the minimal fix (``fell_back`` says why)."""
    low = fix.minimal_fix
    if low is None or fix.fallback:
        return None
    if fix.recommended is None or (fix.recommended, fix.recommended_parent) == (low.version, low.parent):
        return None
    kept = {a.id for a in fix.remaining}
    checked = audited(fix, package)
    low_checked = audited(fix.minimal_view(), package)
    clears = tuple(a for a in low.remaining if a.id not in kept) if checked and low_checked else ()
    return Newest(fix.recommended, fix.recommended_parent, fix.verified, clears, fix.remaining, checked)
