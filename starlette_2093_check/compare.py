"""What a pull request changes: its head's report against its base's, project root by project root.

Pure: two ``Report``s in, a ``Comparison`` out (the base is read and scanned by ``prbase``). A root
is keyed by its path and the extra or group its version needs. Only the headline bug's verdict is
compared. Whenever either side was not checked (an inconclusive verdict, a root missing on one side
while a manifest of it could not be read there, a base that could not be read at all), the root is
``Change.UNKNOWN`` with the reason: an unchecked side is never taken for "not reproduced".
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import replace

from starlette_2093_check.model import (
    Change,
    Comparison,
    Report,
    RootChange,
    ScanError,
    TargetResult,
    VerdictStatus,
)

Key = tuple[str, str | None]  # (root, variant)
_UNREAD = "where a manifest of it could not be read"
_ORDER = (VerdictStatus.REPRODUCED, VerdictStatus.INCONCLUSIVE, VerdictStatus.NOT_REPRODUCED)


def _sides(report: Report) -> dict[Key, TargetResult]:
    """Each root's result; where a root has several (it should not), the one that decides: a
    reproduction first, then an unchecked one."""
    out: dict[Key, TargetResult] = {}
    for r in report.targets:
        key = (r.target.root, r.target.variant)
        held = out.get(key)
        if held is None or _ORDER.index(r.verdict.status) < _ORDER.index(held.verdict.status):
            out[key] = r
    return out


def _touches(errors: Iterable[ScanError], root: str) -> bool:
    """Whether a manifest of ``root`` (a file in its directory, or one its resolution named) could
    not be read: then the root's absence proves nothing."""
    return any(root in e.roots or posixpath.dirname(e.file) == ("" if root == "." else root) for e in errors)


def _change(head: TargetResult | None, base: TargetResult | None) -> tuple[Change, str | None]:
    """The change from the two sides' results (None: the root does not resolve starlette there)."""
    if head is not None and head.verdict.status is VerdictStatus.INCONCLUSIVE:
        return Change.UNKNOWN, f"could not be checked on this pull request: {head.verdict.reason}"
    if base is not None and base.verdict.status is VerdictStatus.INCONCLUSIVE:
        return Change.UNKNOWN, f"could not be checked on the base branch: {base.verdict.reason}"
    now = head is not None and head.verdict.status is VerdictStatus.REPRODUCED
    before = base is not None and base.verdict.status is VerdictStatus.REPRODUCED
    if now and before:
        return Change.ALREADY, None
    if now:
        return Change.INTRODUCED, None
    if before:
        return Change.FIXED, None
    return Change.UNCHANGED, None


def compare(head: Report, base: Report, base_ref: str, base_sha: str) -> Comparison:
    """Every root of either side, with what the pull request does to it."""
    heads, bases = _sides(head), _sides(base)
    roots = []
    for key in sorted(heads.keys() | bases.keys(), key=lambda k: (k[0], k[1] or "")):
        root, variant = key
        h, b = heads.get(key), bases.get(key)
        reason: str | None
        if h is None and _touches(head.errors, root):
            change, reason = Change.UNKNOWN, f"not found on this pull request, {_UNREAD}"
        elif b is None and _touches(base.errors, root):
            change, reason = Change.UNKNOWN, f"not found on the base branch, {_UNREAD}"
        else:
            change, reason = _change(h, b)
        roots.append(
            RootChange(
                root=root,
                change=change,
                head=h.verdict.status if h else None,
                base=b.verdict.status if b else None,
                head_version=h.target.version if h else None,
                base_version=b.target.version if b else None,
                variant=variant,
                reason=reason,
            )
        )
    return Comparison(base_ref, base_sha, tuple(roots))


def unreadable(head: Report, base_ref: str, base_sha: str, why: str) -> Comparison:
    """The comparison when the base could not be read or scanned: every head root unknown, saying why."""
    roots = tuple(
        RootChange(
            root=root,
            change=Change.UNKNOWN,
            head=r.verdict.status,
            base=None,
            head_version=r.target.version,
            variant=variant,
            reason=f"the base branch could not be checked: {why}",
        )
        for (root, variant), r in sorted(_sides(head).items(), key=lambda kv: (kv[0][0], kv[0][1] or ""))
    )
    return Comparison(base_ref, base_sha, roots, error=why)


def worse_roots(report: Report) -> set[Key] | None:
    """``fail-on: introduced``: the roots (with their variant) where the pull request's head
    reproduces the bug and the base was not shown to reproduce it too: introduced roots, and unknown
    ones whose head reproduced (their base was not checked). None without a comparison (not a pull
    request): then ``introduced`` is ``reproduced``. An inconclusive head verdict is not among them,
    as it does not fail ``reproduced`` either: ``fail-on: inconclusive`` is the stricter choice."""
    comparison = report.comparison
    if comparison is None:
        return None
    unchecked = Change.UNKNOWN
    return {
        (r.root, r.variant)
        for r in comparison.roots
        if r.change is Change.INTRODUCED or (r.change is unchecked and r.head is VerdictStatus.REPRODUCED)
    }


def only_worse(report: Report) -> Report:
    """``report`` with only the roots ``worse_roots`` names (all of them without a comparison)."""
    worse = worse_roots(report)
    if worse is None:
        return report
    kept = tuple(r for r in report.targets if (r.target.root, r.target.variant) in worse)
    return replace(report, targets=kept)
