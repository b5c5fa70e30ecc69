"""A pull request's base: its manifests read through the API at the base commit, then scanned for
the headline bug's verdicts only, to compare with the head (``compare``).

The base commit comes from the event (``pull_request.base.sha``), checked to be a git object id. Its
tree and the manifests' blobs are read exactly as an organisation scan reads a repository
(``org.api``, ``org.fetch``: regular files only, sizes bounded, every blob checked against its id)
into a temporary directory. Nothing of the base is run but the reproductions, which are the ones a
head scan runs: verdicts are cached by version, so a base that shares the head's versions costs its
resolution and no new run. The base scan gives no fix advice, no neighbouring packs, no advisories
and no code reading: the comparison needs the headline verdict of each root, nothing else.

Whatever stops the base from being read or scanned (no base commit in the event, an API error, a
truncated tree, a failing scan) makes every root ``unknown`` with the reason, never "unchanged".
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from github import GithubException

from starlette_2093_check.compare import compare, unreadable
from starlette_2093_check.manifests import discover
from starlette_2093_check.model import (
    Comparison,
    Report,
    ScanError,
    Target,
    TargetResult,
    Verdict,
    VerdictStatus,
)
from starlette_2093_check.org.api import OrgApi, RateGate, RateLimitTooLong, RepoRef, why_unreadable
from starlette_2093_check.org.fetch import Fetched, ManifestStore
from starlette_2093_check.packs import builtin_packs
from starlette_2093_check.pipeline import Pipeline, Scope, pack_verdict
from starlette_2093_check.plan import Cell, Plan
from starlette_2093_check.report.common import rebase
from starlette_2093_check.report.org import OBJECT_ID
from starlette_2093_check.resolve import merge_errors
from starlette_2093_check.scan import ScanOptions

Progress = Callable[[str], None]
ScanFn = Callable[[Path], Report]
MAX_REF = 255  # characters of a branch name shown


class BaseUnreadable(Exception):
    """The base could not be read; the message says why, in a few words."""


def base_commit(event: Mapping[str, Any]) -> tuple[str, str]:
    """The base branch's name ("" when the event gives none) and the base commit of the pull
    request the event is about. ``BaseUnreadable`` when the commit is missing or not a git id."""
    pull = event.get("pull_request")
    base = pull.get("base") if isinstance(pull, dict) else None
    sha = base.get("sha") if isinstance(base, dict) else None
    if not isinstance(sha, str) or not OBJECT_ID.fullmatch(sha):
        raise BaseUnreadable("the event names no base commit (pull_request.base.sha is not a git object id)")
    ref = base.get("ref") if isinstance(base, dict) else None
    shown = ref if isinstance(ref, str) and ref.isprintable() and len(ref) <= MAX_REF else ""
    return shown, sha


def fetch_base(api: OrgApi, repository: str, sha: str, directory: Path) -> Fetched:
    """The manifests of ``repository`` at commit ``sha``, laid out under ``directory`` (``org.fetch``).
    ``BaseUnreadable`` when GitHub refuses, cuts the tree, or answers what cannot be used."""
    try:
        snapshot = api.tree_at(repository, sha)
        if snapshot.truncated:
            raise BaseUnreadable(
                "GitHub truncated the base commit's tree (over 100,000 entries), so a project of "
                "the base may be missing from what was read"
            )
        return ManifestStore(directory).lay_out(api, RepoRef(repository, ""), snapshot.tree, snapshot.entries)
    except GithubException as exc:
        why = why_unreadable(exc)
        raise BaseUnreadable(f"its manifests could not be read through the API: {why}") from exc
    except RateLimitTooLong as exc:
        raise BaseUnreadable(str(exc)) from exc
    except ValueError as exc:  # a tree without an id, a blob that does not match its id
        raise BaseUnreadable(f"GitHub's answer could not be used: {exc}") from exc
    except OSError as exc:  # requests' errors are OSErrors: the API could not be reached
        raise BaseUnreadable(f"GitHub's API could not be reached ({type(exc).__name__})") from exc


def verdicts_only(checkout: Path, options: ScanOptions, progress: Progress | None = None) -> Report:
    """The headline bug's verdict for each root of ``checkout`` (``options``' cache, index,
    budgets and layout): resolution and one (cached) run per version, nothing else."""
    say: Progress = progress or (lambda _msg: None)
    headline = builtin_packs()[0]
    found = discover(checkout, options.layout)
    run_budget, budgets = options.budgets([root.path for root in found.roots])
    sandbox = options.sandbox(say, run_budget)
    scope = Scope(
        checkout=checkout,
        found=found,
        packs=[headline],
        sandbox=sandbox,
        resolver=options.resolver(sandbox, headline.card.parents),
        audit="off",
        vulnerability_url=None,
        cache_dir=options.cache_dir,
        budgets=budgets,
        run_budget=run_budget,
        say=say,
        refresh=options.refresh,
    )
    errors: list[ScanError] = []
    with Plan(options.workers) as plan:
        pipeline = Pipeline(plan, scope)
        resolving = [pipeline.resolve(root) for root in found.roots]
        runs: list[tuple[Target, Cell[Verdict]]] = []
        for cell in resolving:
            targets, root_errors = cell.get()
            errors += root_errors
            for t in targets:
                if t.unrunnable is not None:
                    not_run = Verdict(VerdictStatus.INCONCLUSIVE, t.unrunnable, {"not_run": True})
                    runs.append((t, Cell.done(not_run)))
                else:
                    runs.append((t, pipeline.runs.one(t.version, t.companion("anyio"), t.python, headline)))
        results = tuple(
            TargetResult(t, v, packs=(pack_verdict(headline, v, None, headline=True),))
            for t, v in ((t, cell.get()) for t, cell in runs)
        )
    every = [*found.errors, *merge_errors(errors)]
    return Report(
        path=str(checkout),
        targets=results,
        scanned=found.scanned,
        errors=tuple(sorted(every, key=lambda e: (e.file, e.line or 0, e.message))),
    )


def compare_with_base(
    head: Report,
    event: Mapping[str, Any],
    api: OrgApi,
    repository: str,
    path: str,
    scan_base: ScanFn,
) -> Comparison:
    """``head`` (a report already rebased onto the repository's top) compared with the base of the
    pull request ``event`` is about, read through ``api`` and scanned at ``path`` by ``scan_base``."""
    try:
        ref, sha = base_commit(event)
    except BaseUnreadable as exc:
        return unreadable(head, "", "", str(exc))
    with tempfile.TemporaryDirectory(prefix="starlette-2093-base-") as tmp:
        try:
            fetched = fetch_base(api, repository, sha, Path(tmp))
        except BaseUnreadable as exc:
            return unreadable(head, ref, sha, str(exc))
        scanned = fetched.directory / path
        if scanned.is_dir():
            try:
                base = rebase(scan_base(scanned), path)
            except Exception as exc:  # the base is a comparison, never a reason to lose the head's report
                return unreadable(head, ref, sha, f"its scan failed ({type(exc).__name__}: {exc})")
        else:  # the scanned directory does not exist on the base: nothing resolved there
            base = Report(path, (), (), ())
    base = replace(base, errors=(*fetched.errors, *base.errors))
    return compare(head, base, ref, sha)


def api_for(api_url: str, token: str, timeout: float) -> OrgApi:
    """The client the base is read with: the organisation scan's, with waits bounded by ``timeout``
    (a rate limit that resets later makes the base unknown rather than hold the step)."""
    return OrgApi(api_url, token, RateGate(max_wait=timeout), attempts=3, max_wait=timeout)
