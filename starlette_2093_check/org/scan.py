"""An organisation scan: every repository's manifests through the API, each resolved, each distinct
(starlette, anyio, Python) reproduced once for all of them.

list ─▶ shard ─▶ per repository (bounded concurrency): tree, blobs, discover, resolve
     ─▶ distinct versions ─▶ every pack once each ─▶ per repository: its report ─▶ ``OrgReport``

What makes the next run cheap, and an interrupted one resume, all lives in the cache directory
(``actions/cache`` can keep it): blobs by git id, laid-out trees by tree id, each repository's
resolution by tree and day, and the verdicts by everything that decides them. A repository whose
tree has not changed costs two requests (its head commit, that commit's tree). No repository's code
is run, and none is cloned.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from github import GithubException

from starlette_2093_check import __version__
from starlette_2093_check.audit import Auditor
from starlette_2093_check.errors import ScanFailure
from starlette_2093_check.model import (
    Audit,
    ComboRun,
    Location,
    OrgReport,
    PythonRequest,
    RepoResult,
    Report,
    RepoStatus,
    ScanError,
    Target,
    TargetResult,
    Verdict,
    VerdictStatus,
)
from starlette_2093_check.org.api import (
    OrgApi,
    RateGate,
    RateLimitTooLong,
    RepoRef,
    report_waits,
    why_unreadable,
)
from starlette_2093_check.org.fetch import ManifestStore
from starlette_2093_check.org.merge import in_shard
from starlette_2093_check.packs import builtin_packs
from starlette_2093_check.pipeline import advisory_config, pack_verdict, resolve_targets
from starlette_2093_check.plan import Plan
from starlette_2093_check.report.json_report import render_json
from starlette_2093_check.report.load import ReportFormatError, load_report
from starlette_2093_check.repro.sandbox import SandboxError
from starlette_2093_check.scan import ScanOptions

Progress = Callable[[str], None]
Combo = tuple[str, str | None, str | None]  # starlette, locked anyio, interpreter ("cpython-3.11.7")
Group = Callable[[str], contextlib.AbstractContextManager[None]]
# Bumped when what a cached resolution records changes (it is read back by load_report).
RESOLUTION_SCHEMA = 2


class OrgScanError(ScanFailure):
    """The scan cannot start: the organisation cannot be listed, no token, a bad shard."""


@dataclass(frozen=True)
class OrgSource:
    """What to scan: an organisation, or an explicit list of ``owner/name``."""

    org: str | None = None
    repos: tuple[str, ...] = ()
    shard: tuple[int, int] | None = None  # (k, n): the k-th of n shards, 1-based


@dataclass
class OrgOptions:
    scan: ScanOptions  # cache directory, index, hold, workers, audit, environment
    token: str
    api_url: str | None = None  # None: PyGithub's default
    concurrency: int = 8  # repositories fetched and resolved at once
    reserve: int = 0  # requests to leave in the rate limit for other jobs
    max_rate_wait: float = 3600.0  # the longest single wait for a rate limit reset
    group: Group | None = None  # log groups (action mode); None: a line each


@contextlib.contextmanager
def _plain(title: str, say: Progress) -> Iterator[None]:
    say(title)
    yield


class Eta:
    """Counts and an estimate of what is left, said at most every ``every`` seconds (and at the end)."""

    def __init__(self, what: str, total: int, say: Progress, every: float = 5.0) -> None:
        self.what, self.total, self.say, self.every = what, total, say, every
        self.done = 0
        self.started = time.monotonic()
        self.last = 0.0
        self._lock = threading.Lock()

    def tick(self, detail: str = "") -> None:
        with self._lock:
            self.done += 1
            now = time.monotonic()
            if self.done < self.total and now - self.last < self.every:
                return
            self.last = now
            elapsed = now - self.started
            left = (self.total - self.done) * elapsed / self.done if self.done else 0.0
            percent = 100 * self.done // max(1, self.total)
            eta = "done" if self.done >= self.total else f"ETA {_duration(left)}"
            tail = f" (last: {detail})" if detail else ""
            progress = f"{self.done}/{self.total} ({percent}%), {_duration(elapsed)} elapsed"
            self.say(f"{self.what}: {progress}, {eta}{tail}")


def _duration(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


@dataclass
class _Pending:
    """A repository between resolution and verdicts."""

    ref: RepoRef
    result: RepoResult  # skipped ones are final; scanned ones get their verdicts later
    targets: tuple[Target, ...] = ()
    errors: tuple[ScanError, ...] = ()
    scanned: tuple[str, ...] = ()


def _combo_order(item: tuple[Combo, object]) -> tuple[str, str, str]:
    (version, anyio, python), _ = item
    return version, anyio or "", python or ""


class OrgScanner:
    def __init__(self, options: OrgOptions, progress: Progress | None = None) -> None:
        self.options = options
        self.say: Progress = progress or (lambda _m: None)
        scan = options.scan
        self.cache = scan.cache_dir
        self.gate = RateGate(options.reserve, options.max_rate_wait, say=self.say)
        report_waits(self.say)
        self.api = OrgApi(options.api_url, options.token, self.gate, max_wait=options.max_rate_wait)
        self.store = ManifestStore(self.cache / "org")
        # One time budget for the whole organisation (none by default: see cli), one per root.
        self.run_budget = scan.run_budget()
        self.sandbox = scan.sandbox(
            lambda _m: None, self.run_budget
        )  # a line per sandbox would drown the counts
        self.packs = list(builtin_packs())
        self.card = self.packs[0].card
        self.resolver = scan.resolver(self.sandbox, self.card.parents)
        self.today = datetime.date.today().isoformat()

    def group(self, title: str) -> contextlib.AbstractContextManager[None]:
        return self.options.group(title) if self.options.group else _plain(title, self.say)

    # -- 1. which repositories --------------------------------------------------------------------
    def listing(self, source: OrgSource) -> tuple[list[RepoRef], list[RepoResult]]:
        skipped: list[RepoResult] = []
        if source.org:
            try:
                refs = self.api.org_repos(source.org)
            except GithubException as exc:
                raise OrgScanError(
                    f"cannot list the repositories of {source.org}: {why_unreadable(exc)}"
                ) from exc
        else:
            refs = []
            for name in source.repos:
                if not in_shard(name, source.shard):
                    continue
                try:
                    refs.append(self.api.repo(name))
                except GithubException as exc:
                    skipped.append(RepoResult(name, RepoStatus.SKIPPED, why_unreadable(exc), api_calls=1))
        refs = [r for r in refs if in_shard(r.full_name, source.shard)]
        live = []
        for ref in refs:
            if ref.archived:
                skipped.append(RepoResult(ref.full_name, RepoStatus.SKIPPED, "archived"))
            else:
                live.append(ref)
        return live, skipped

    # -- 2. each repository's manifests, resolved ---------------------------------------------------
    def _resolution_file(self, ref: RepoRef, tree: str) -> Path:
        config = json.dumps([self.options.scan.index_url, __version__, self.today, RESOLUTION_SCHEMA])
        digest = hashlib.sha256(config.encode()).hexdigest()[:16]
        return self.cache / "org" / "resolved" / ref.full_name / f"{tree}-{digest}.json"

    def _recall(self, path: Path) -> Report | None:
        try:
            return load_report(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, ReportFormatError):
            return None

    def _remember(self, path: Path, report: Report) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        for older in path.parent.glob("*.json"):
            older.unlink(missing_ok=True)
        path.write_text(render_json(report), encoding="utf-8")

    def prepare(self, ref: RepoRef) -> _Pending:
        """Tree, manifests, discovery and resolution of one repository (no verdicts yet)."""
        before = self.api.calls_here()
        tree: str | None = None
        commit: str | None = None

        def skip(why: str) -> _Pending:
            calls = self.api.calls_here() - before
            branch = ref.default_branch if tree else None
            result = RepoResult(
                ref.full_name, RepoStatus.SKIPPED, why, branch, tree, api_calls=calls, commit=commit
            )
            return _Pending(ref, result)

        try:
            snapshot = self.api.tree(ref)
        except GithubException as exc:
            return skip(why_unreadable(exc))
        except ValueError as exc:  # a tree without an id
            return skip(f"could not read its tree: {exc}")
        tree, commit, entries = snapshot.tree, snapshot.commit, snapshot.entries
        remembered = self._resolution_file(ref, tree)
        report = self._recall(remembered)
        reused = report is not None
        if report is None:
            try:
                fetched = self.store.lay_out(self.api, ref, tree, entries)
            except GithubException as exc:
                return skip(f"could not fetch its manifests: {why_unreadable(exc)}")
            except ValueError as exc:  # a blob that does not match its id
                return skip(f"could not fetch its manifests: {exc}")
            found = fetched.discovery
            assert found is not None
            budgets = self.options.scan.root_budgets(
                self.run_budget, [root.path for root in found.roots], f" of {ref.full_name}"
            )
            targets, errors = resolve_targets(
                found, self.card.package, self.sandbox, self.resolver, lambda _m: None, budgets
            )
            every_error = [*fetched.errors, *found.errors, *errors]
            if snapshot.truncated:
                every_error.append(
                    ScanError(
                        ".",
                        "GitHub truncated this repository's tree (over 100,000 entries); "
                        "manifests past the cut were not read",
                    )
                )
            placeholder = Verdict(VerdictStatus.INCONCLUSIVE, "not run yet")
            report = Report(
                path=ref.full_name,
                targets=tuple(TargetResult(t, placeholder) for t in targets),
                scanned=found.scanned,
                errors=tuple(sorted(every_error, key=lambda e: (e.file, e.line or 0, e.message))),
            )
            # A resolver failure may pass (the index was down), and so may a spent budget: tried
            # again next run.
            if not errors and not any(b.expired for b in budgets.values()):
                self._remember(remembered, report)
        calls = self.api.calls_here() - before
        result = RepoResult(
            ref.full_name, RepoStatus.SCANNED, None, ref.default_branch, tree, None, calls, reused, commit
        )
        return _Pending(ref, result, tuple(t.target for t in report.targets), report.errors, report.scanned)

    # -- 3. every distinct version once ---------------------------------------------------------
    def combo(self, target: Target) -> Combo:
        """What decides a run: the release, the locked anyio, and the interpreter the sandbox uses
        (requests as different as "3.11", "^3.11" and none at all can all come to the same one)."""
        try:
            python: str | None = self.sandbox.interpreter(target.python).key
        except (SandboxError, OSError):  # no interpreter: the run says so, as inconclusive
            python = None
        return (target.version, target.companion("anyio"), python)

    def judge(self, plan: Plan, pending: list[_Pending]) -> dict[Combo, list[Verdict]]:
        """Run every pack once per distinct (starlette, anyio, interpreter), at most ``workers`` at once."""
        first: dict[Combo, PythonRequest | None] = {}
        for p in pending:
            for t in p.targets:
                if t.unrunnable is not None:
                    continue  # a fork, a vendored copy: no release is run in its place
                key = self.combo(t)
                if key not in first:
                    # The interpreter note names one place that asked for it: the first one found.
                    first[key] = (
                        replace(t.python, source=Location(f"{p.ref.full_name}/{t.python.source}"))
                        if t.python
                        else None
                    )
        tick = Eta("reproductions", len(first), self.say)
        running = threading.BoundedSemaphore(max(1, self.options.scan.workers))

        def run_all(version: str, anyio: str | None, python: PythonRequest | None) -> list[Verdict]:
            with running:
                return self._run_all(version, anyio, python, tick)

        runs = {
            key: plan.cell(("combo", key), partial(run_all, key[0], key[1], python))
            for key, python in sorted(
                first.items(), key=lambda kv: (kv[0][0], kv[0][1] or "", kv[0][2] or "")
            )
        }
        return {key: cell.get() for key, cell in runs.items()}

    def _run_all(
        self, version: str, anyio: str | None, python: PythonRequest | None, tick: Eta
    ) -> list[Verdict]:
        headline = self.sandbox.verdict(version, anyio, python, self.packs[0])
        others = self.sandbox.verdicts(version, anyio, python, self.packs[1:]) if len(self.packs) > 1 else []
        tick.tick(f"starlette {version}: {headline.status.value}")
        return [headline, *others]

    # -- 4. the whole scan ---------------------------------------------------------------------------
    def run(self, source: OrgSource) -> OrgReport:
        # One pool for every stage; each stage bounds its own share (API reads, reproductions).
        with Plan(max(self.options.concurrency, self.options.scan.workers)) as plan:
            return self._run(plan, source)

    def _run(self, plan: Plan, source: OrgSource) -> OrgReport:
        with self.group("Listing repositories"):
            refs, skipped = self.listing(source)
            self.say(f"{len(refs)} repositories to scan, {len(skipped)} skipped")
        pending: list[_Pending] = []
        with self.group(f"Reading the manifests of {len(refs)} repositories"):
            tick = Eta("repositories", len(refs), self.say)

            reading = threading.BoundedSemaphore(max(1, self.options.concurrency))

            def one(ref: RepoRef) -> _Pending:
                with reading:
                    try:
                        done = self.prepare(ref)
                    except RateLimitTooLong as exc:
                        done = _Pending(ref, RepoResult(ref.full_name, RepoStatus.SKIPPED, str(exc)))
                tick.tick(f"{ref.full_name}: {done.result.reason or f'{len(done.targets)} project(s)'}")
                return done

            cells = [plan.cell(("repo", ref.full_name), partial(one, ref)) for ref in refs]
            pending = [cell.get() for cell in cells]
        scanned = [p for p in pending if p.result.status is RepoStatus.SCANNED]
        with self.group(f"Reproducing on the distinct versions of {len(scanned)} repositories"):
            verdicts = self.judge(plan, scanned)
        audits = self._audits(plan, {t.version for p in scanned for t in p.targets if t.unrunnable is None})
        results = [*skipped, *(p.result for p in pending if p.result.status is RepoStatus.SKIPPED)]
        for p in scanned:
            targets = []
            for t in p.targets:
                if t.unrunnable is not None:
                    not_run = Verdict(VerdictStatus.INCONCLUSIVE, t.unrunnable, {"not_run": True})
                    ran = [not_run] * len(self.packs)
                else:
                    ran = verdicts[self.combo(t)]
                per_pack = [
                    pack_verdict(pack, v, None, headline=i == 0)
                    for i, (pack, v) in enumerate(zip(self.packs, ran, strict=True))
                ]
                targets.append(TargetResult(t, ran[0], audit=audits.get(t.version), packs=tuple(per_pack)))
            report = Report(p.ref.full_name, tuple(targets), p.scanned, p.errors)
            results.append(replace(p.result, report=report))
        runs = tuple(
            sorted(
                (
                    ComboRun(version, anyio, python, ran[0].status, ran[0].cached)
                    for (version, anyio, python), ran in verdicts.items()
                ),
                key=lambda r: (r.starlette, r.anyio or "", r.python or ""),
            )
        )
        shard = f"{source.shard[0]}/{source.shard[1]}" if source.shard else None
        return OrgReport(
            org=source.org,
            shard=shard,
            repos=tuple(sorted(results, key=lambda r: r.repo.lower())),
            runs=runs,
            api_calls=self.api.calls,
        )

    def _audits(self, plan: Plan, versions: set[str]) -> dict[str, Audit]:
        """Each distinct release's advisories, by one ``Auditor`` for the whole run."""
        scan = self.options.scan
        if scan.audit == "off" or not versions:
            return {}
        auditor = Auditor(advisory_config(self.cache, scan.vulnerability_url, scan.refresh))
        asking = threading.BoundedSemaphore(4)

        def audit(version: str) -> Audit:
            with asking:
                return auditor.audit([(self.card.package, version)])

        cells = {v: plan.cell(("audit", v), partial(audit, v)) for v in sorted(versions)}
        return {v: cell.get() for v, cell in cells.items()}


def scan_org(source: OrgSource, options: OrgOptions, progress: Progress | None = None) -> OrgReport:
    """Scan the repositories ``source`` names (or its shard of them) and return the report."""
    return OrgScanner(options, progress).run(source)
