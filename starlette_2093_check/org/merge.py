"""Shards: which repositories a shard scans, and how shard reports become one. Pure.

A repository belongs to shard ``k`` of ``n`` when the SHA-256 of its lower-cased name is ``k - 1``
modulo ``n``: every shard decides alone, from the name only, whatever order the listing comes in,
and a repository stays in its shard as others come and go.

The merge is deterministic: the same shard reports, in any order and with any repetition, give the
same report, byte for byte once rendered.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable

from starlette_2093_check.errors import ReportError
from starlette_2093_check.model import ComboRun, OrgReport, RepoResult, RepoStatus, VerdictStatus

_SHARD = re.compile(r"\s*(\d+)\s*/\s*(\d+)\s*")


class MergeError(ReportError, ValueError):
    """The reports cannot be merged (different organisations)."""


def parse_shard(text: str) -> tuple[int, int]:
    """``"2/8"`` → (2, 8); ``ValueError`` naming what is wrong otherwise."""
    m = _SHARD.fullmatch(text)
    if not m:
        raise ValueError(f"shard {text!r} must be K/N, for example 2/8")
    k, n = int(m.group(1)), int(m.group(2))
    if not 1 <= k <= n:
        raise ValueError(f"shard {text!r}: K must be between 1 and N")
    return k, n


def in_shard(full_name: str, shard: tuple[int, int] | None) -> bool:
    if shard is None:
        return True
    k, n = shard
    digest = hashlib.sha256(full_name.lower().encode()).digest()
    return int.from_bytes(digest[:8], "big") % n == k - 1


def _preference(result: RepoResult) -> tuple[bool, str, str]:
    """Among two results for one repository (a repeated shard, a re-run): a scan over a skip, then
    the later tree in a stable order, then the rendered result itself, so ties cannot depend on order."""
    from starlette_2093_check.report.org import repo_dict  # the rendered form is the last tie-breaker

    return (
        result.status is RepoStatus.SCANNED,
        result.tree or "",
        json.dumps(repo_dict(result), sort_keys=True),
    )


_SEVERITY = {VerdictStatus.REPRODUCED: 2, VerdictStatus.INCONCLUSIVE: 1, VerdictStatus.NOT_REPRODUCED: 0}


def merge(reports: Iterable[OrgReport]) -> OrgReport:
    """One report from the reports of the shards of one scan."""
    reports = list(reports)
    orgs = {r.org for r in reports}
    if len(orgs) > 1:
        raise MergeError(f"the reports are of different organisations: {', '.join(sorted(map(str, orgs)))}")
    shards = {parse_shard(r.shard) for r in reports if r.shard}
    counts = {n for _, n in shards}
    if len(counts) > 1:
        raise MergeError(
            f"the shards were cut {' and '.join(map(str, sorted(counts)))} ways: one scan's shards only"
        )
    # A shard that did not report (its job failed, its artifact is missing) leaves its repositories
    # unchecked: said, and never read as "nothing found there".
    missing = {f"{k}/{n}" for n in counts for k in range(1, n + 1) if (k, n) not in shards}
    missing |= {m for r in reports for m in r.missing_shards if parse_shard(m) not in shards}
    best: dict[str, RepoResult] = {}
    for report in reports:
        for result in report.repos:
            name = result.repo.lower()
            if name not in best or _preference(result) > _preference(best[name]):
                best[name] = result
    runs: dict[tuple[str, str | None, str | None], ComboRun] = {}
    for report in reports:
        for run in report.runs:
            key = (run.starlette, run.anyio, run.python)
            # The same versions ran in two shards: the more serious verdict stands (an inconclusive
            # run is never read as a pass), then a fresh run over a cached one.
            if key not in runs or (_SEVERITY[run.verdict], not run.cached) > (
                _SEVERITY[runs[key].verdict],
                not runs[key].cached,
            ):
                runs[key] = run
    return OrgReport(
        org=reports[0].org if reports else None,
        shard=None,
        repos=tuple(best[name] for name in sorted(best)),
        runs=tuple(sorted(runs.values(), key=lambda r: (r.starlette, r.anyio or "", r.python or ""))),
        api_calls=sum(r.api_calls for r in reports),
        missing_shards=tuple(sorted(missing, key=parse_shard)),
    )
