"""The comment's lead on a pull request: what the pull request changes, root by root
(``Report.comparison``; ``starlette_2093_check.compare``).

Roots, versions, the branch's name and reasons come from the report (on the ``workflow_run``
follow-up, from a file a pull request's workflow wrote): each goes through ``report.md``. The
words for one root (``word``, ``detail``, ``not_compared``) take the format's escaping, so that the
text report says the same with its own (``report.text``).
"""

from __future__ import annotations

from collections.abc import Callable

from starlette_2093_check.model import Change, Comparison, RootChange
from starlette_2093_check.report import md
from starlette_2093_check.report.template import section

SHOWN = 5  # roots named per line (and unknown roots listed); the rest are counted
# The changes, most important first (the lead's order; the text report's too).
ORDER = (Change.INTRODUCED, Change.FIXED, Change.ALREADY, Change.UNKNOWN, Change.UNCHANGED)
Text = Callable[[str, int], str]  # a value from the report, made safe for the format, cut to a length


def _name(r: RootChange) -> str:
    return md.code(f"{r.root} [{r.variant}]" if r.variant else r.root)


def _bold(text: str) -> str:
    return f"**{text}**"


def base_name(comparison: Comparison, name: Callable[[str], str] = md.code) -> str:
    """The base as the sentences name it: its branch (``name`` writes it), else "the base branch"."""
    return name(comparison.base_ref) if comparison.base_ref else "the base branch"


def word(change: Change, base: str) -> str:
    """A change in a word or three: ``introduced``, ``fixed``, ``already on main``, ``unchanged``,
    ``unknown``."""
    return f"already on {base}" if change is Change.ALREADY else change.value


def detail(r: RootChange, base: str, text: Text = md.text) -> str:
    """What the pull request does to one root, in a few words: ``0.29.0 on main → 0.27.0``,
    ``starlette 0.27.0; not a project on main``, ``0.27.0 on main; no longer a project here``; the
    version of one already on the base; why one is unknown; "" for an unchanged one."""

    def version(value: str | None) -> str:
        return text(value or "?", 100)

    if r.change is Change.INTRODUCED and r.base_version is None:
        return f"starlette {version(r.head_version)}; not a project on {base}"
    if r.change is Change.FIXED and r.head_version is None:
        return f"{version(r.base_version)} on {base}; no longer a project here"
    if r.change in (Change.INTRODUCED, Change.FIXED):
        return f"{version(r.base_version)} on {base} → {version(r.head_version)}"
    if r.change is Change.ALREADY:
        return version(r.head_version)
    if r.change is Change.UNKNOWN:
        return text(r.reason or "not checked", 300)
    return ""


def not_compared(base: str, error: str, text: Text = md.text, strong: Callable[[str], str] = _bold) -> str:
    """The sentence for a base that could not be read at all (``Comparison.error``)."""
    return (
        f"{strong(f'Not compared with {base}:')} {text(error, 500)}. What this pull request changes is "
        "unknown (not known to be unchanged)."
    )


def _listed(roots: list[RootChange], detail: Callable[[RootChange], str]) -> str:
    """``a`` (detail), ``b`` (detail) and N more."""
    shown = [f"{_name(r)} ({detail(r)})" if detail(r) else _name(r) for r in roots[:SHOWN]]
    more = len(roots) - SHOWN
    if more > 0:
        shown.append(f"{more} more (the job summary and the JSON report list them all)")
    return ", ".join(shown[:-1]) + " and " + shown[-1] if len(shown) > 1 else shown[0]


def change(comparison: Comparison | None) -> str:
    """The lead sentences, most important first: introduced, fixed, already on the base, could not
    be compared, unchanged. Empty without a comparison (not a pull request)."""
    if comparison is None:
        return ""
    base = base_name(comparison)
    by = {c: [r for r in comparison.roots if r.change is c] for c in Change}

    def said(r: RootChange) -> str:
        return detail(r, base)

    lines = {name: "" for name in ("introduced", "fixed", "already", "unknown", "unchanged")}
    if by[Change.INTRODUCED]:
        lines["introduced"] = (
            f"**This pull request introduces the bug** in {_listed(by[Change.INTRODUCED], said)}."
        )
    if by[Change.FIXED]:
        lines["fixed"] = f"**This pull request fixes it** in {_listed(by[Change.FIXED], said)}."
    if by[Change.ALREADY]:
        lines["already"] = (
            f"**Already on {base}:** {_listed(by[Change.ALREADY], said)}; "
            "this pull request does not change that."
        )
    unknown = by[Change.UNKNOWN]
    if comparison.error is not None:
        lines["unknown"] = not_compared(base, comparison.error)
    elif unknown:
        items = [f"- {_name(r)}: {said(r)}" for r in unknown[:SHOWN]]
        if len(unknown) > SHOWN:
            items.append(f"- … and {len(unknown) - SHOWN} more (the JSON report lists them all)")
        lines["unknown"] = f"**Could not compare with {base}** (not known to be unchanged):\n\n" + "\n".join(
            items
        )
    if by[Change.UNCHANGED]:
        lines["unchanged"] = (
            f"Unchanged, not reproduced on either side: {_listed(by[Change.UNCHANGED], said)}."
        )
    return section("change", **lines)
