"""The comment's lead on a pull request: what the pull request changes, root by root
(``Report.comparison``; ``starlette_2093_check.compare``).

Roots, versions, the branch's name and reasons come from the report (on the ``workflow_run``
follow-up, from a file a pull request's workflow wrote): each goes through ``report.md``.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette_2093_check.model import Change, Comparison, RootChange
from starlette_2093_check.report import md
from starlette_2093_check.report.template import section

SHOWN = 5  # roots named per line (and unknown roots listed); the rest are counted


def _name(r: RootChange) -> str:
    return md.code(f"{r.root} [{r.variant}]" if r.variant else r.root)


def _version(value: str | None) -> str:
    return md.text(value or "?", 100)


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
    base = md.code(comparison.base_ref) if comparison.base_ref else "the base branch"
    by = {c: [r for r in comparison.roots if r.change is c] for c in Change}

    def was(r: RootChange) -> str:
        if r.base_version is None:
            return f"starlette {_version(r.head_version)}; not a project on {base}"
        return f"{_version(r.base_version)} on {base} → {_version(r.head_version)}"

    def fixed(r: RootChange) -> str:
        if r.head_version is None:
            return f"{_version(r.base_version)} on {base}; no longer a project here"
        return f"{_version(r.base_version)} on {base} → {_version(r.head_version)}"

    lines = {name: "" for name in ("introduced", "fixed", "already", "unknown", "unchanged")}
    if by[Change.INTRODUCED]:
        lines["introduced"] = (
            f"**This pull request introduces the bug** in {_listed(by[Change.INTRODUCED], was)}."
        )
    if by[Change.FIXED]:
        lines["fixed"] = f"**This pull request fixes it** in {_listed(by[Change.FIXED], fixed)}."
    if by[Change.ALREADY]:
        lines["already"] = (
            f"**Already on {base}:** {_listed(by[Change.ALREADY], lambda r: _version(r.head_version))}; "
            "this pull request does not change that."
        )
    unknown = by[Change.UNKNOWN]
    if comparison.error is not None:
        lines["unknown"] = (
            f"**Not compared with {base}:** {md.text(comparison.error, 500)}. What this pull request "
            "changes is unknown (not known to be unchanged)."
        )
    elif unknown:
        items = [f"- {_name(r)}: {md.text(r.reason or 'not checked', 300)}" for r in unknown[:SHOWN]]
        if len(unknown) > SHOWN:
            items.append(f"- … and {len(unknown) - SHOWN} more (the JSON report lists them all)")
        lines["unknown"] = f"**Could not compare with {base}** (not known to be unchanged):\n\n" + "\n".join(
            items
        )
    if by[Change.UNCHANGED]:
        lines["unchanged"] = (
            f"Unchanged, not reproduced on either side: {_listed(by[Change.UNCHANGED], lambda _r: '')}."
        )
    return section("change", **lines)
