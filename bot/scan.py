"""The pipeline: discover → resolve → repro → advise, producing a ``Report``.

No exit codes and no printing here (progress goes through a callback); ``bot.cli`` owns those.
"""

from __future__ import annotations

import os
import re
import subprocess
import threading
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from bot.advise import AdviceInput, Advisor
from bot.audit import AuditConfig, Auditor
from bot.budget import DEFAULT_ROOT_SECONDS, DEFAULT_RUN_SECONDS, Budget, TimeBudgetSpent
from bot.indexes import IndexPolicy, IndexPolicyError, allowed_variables, host_of
from bot.layout import DEFAULT_LAYOUT, Layout
from bot.manifests import discover
from bot.model import (
    Audit,
    Check,
    Discovery,
    Fix,
    PackVerdict,
    ProjectRoot,
    PythonRequest,
    Reachability,
    Report,
    ScanError,
    Severity,
    Skipped,
    Target,
    TargetResult,
    Verdict,
    VerdictStatus,
)
from bot.packs import Pack, builtin_packs, load_custom
from bot.reach import CodeScan, for_root, scan_code
from bot.repro.sandbox import Interpreter, Sandbox, SandboxConfig
from bot.resolve import ResolverConfig, gather, merge_errors, plan_indexes, python_request
from bot.variants import install_set, resolve_variants

Progress = Callable[[str], None]


@dataclass
class ScanOptions:
    cache_dir: Path
    index_url: str | None = None
    use_cache: bool = True
    python_downloads: bool = False
    hold_seconds: float = 1.0
    # Reproductions mostly wait (jobs hold on events, the headline's on a deadline when it
    # reproduces), so twice as many run at once as there are cores.
    workers: int = field(default_factory=lambda: max(2, min(8, 2 * (os.cpu_count() or 1))))
    # Known advisories (pip-audit): "starlette" audits the package, "all" the whole resolved set,
    # "off" nothing. ``vulnerability_url`` replaces pip-audit's default OSV endpoint.
    audit: str = "starlette"
    vulnerability_url: str | None = None
    # A directory of the repository with the team's own packs, relative to ``packs_base`` (the
    # repository's top; default: the scanned checkout). Their scenarios are the repository's code:
    # they run (in the sandbox) only when this names them.
    packs_dir: str | None = None
    packs_base: Path | None = None
    # Read the project's code for the bug's pattern (ast only). Off: no severity is claimed.
    reachability: bool = True
    # What discovery and the code reader skip and include back (``bot.layout``).
    layout: Layout = DEFAULT_LAYOUT
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    # What the repository's declared indexes may use (``bot.indexes``): the variables (names or
    # NAME_* patterns) its ``${VAR}`` references may take, the hosts that may receive them, whether
    # the checkout is untrusted (then unlisted declared hosts are not contacted), and the values
    # that must never be filled in (the token).
    index_env: tuple[str, ...] = ()
    index_hosts: tuple[str, ...] = ()
    untrusted: bool = False
    protected: tuple[str, ...] = ()
    # Time budgets in seconds (``bot.budget``): the whole scan's, and each project root's share of
    # it (its resolution and fix advice). None: unbounded.
    time_budget: float | None = DEFAULT_RUN_SECONDS
    root_budget: float | None = DEFAULT_ROOT_SECONDS

    def budgets(self, roots: list[str]) -> tuple[Budget | None, dict[str, Budget]]:
        """The scan's budget (started now) and each root's, within it (started when its work does)."""
        run = self.run_budget()
        return run, self.root_budgets(run, roots)

    def run_budget(self) -> Budget | None:
        """The run's budget, started now (None: unbounded)."""
        if self.time_budget is None:
            return None
        return Budget(self.time_budget, "for the run", "--time-budget or the time-budget input raises it")

    def root_budgets(self, run: Budget | None, roots: list[str], where: str = "") -> dict[str, Budget]:
        """Each root's budget within ``run``, started when its work does; ``where`` follows the
        root's name in the reason (an organisation scan's repository)."""
        if self.root_budget is None:  # each root's work is bounded by the run's budget alone
            return {r: run for r in roots} if run is not None else {}
        hint = "--root-budget or the root-budget input raises it"
        if run is None:
            return {
                r: Budget(self.root_budget, f"for the root {r}{where}", hint, running=False) for r in roots
            }
        return {r: run.child(self.root_budget, f"for the root {r}{where}", hint) for r in roots}

    def index_policy(self) -> IndexPolicy:
        """The policy for declared indexes; ``IndexPolicyError`` when a listed variable holds the token."""
        variables, refused = allowed_variables(self.index_env, self.environ, self.protected)
        if refused:
            raise IndexPolicyError("index-env: " + "; ".join(refused))
        hosts = set(self.index_hosts)
        found = host_of(self.index_url) if self.index_url else None
        if found is not None:  # the workflow already trusts the index-url's host with credentials
            hosts.add(found[0] if found[1] is None else f"{found[0]}:{found[1]}")
        present = frozenset(k for k, v in self.environ.items() if v)
        return IndexPolicy(variables, frozenset(hosts), self.untrusted, self.index_env, present)

    def sandbox(self, progress: Progress, budget: Budget | None = None) -> Sandbox:
        """The sandbox these options describe (cache, index, hold, interpreter downloads), within
        ``budget`` (the run's) when given."""
        config = SandboxConfig(
            cache_dir=self.cache_dir,
            index_url=self.index_url,
            use_cache=self.use_cache,
            python_downloads=self.python_downloads,
            hold_seconds=self.hold_seconds,
            environ=self.environ,
            budget=budget,
        )
        return Sandbox(config, progress=progress)

    def resolver(self, sandbox: Sandbox, parents: tuple[str, ...]) -> ResolverConfig:
        """uv's resolver as these options configure it; credentials only as ``index_policy`` allows."""
        return ResolverConfig(
            uv=sandbox.uv,
            index_url=self.index_url,
            environ=sandbox.env,
            policy=self.index_policy(),
            parents=parents,
        )


def resolution_python(interp: Interpreter) -> str:
    """The Python version to resolve for.

    Normally the interpreter that will run the repro. When the project asked for one that is not
    available, resolve for what it asked (an exact version, or the lowest 3.x its specifier allows),
    so the version found is the one the project would really install; the evidence notes the mismatch.
    """
    requested = interp.requested
    if not interp.note or not requested:
        return interp.version
    if re.fullmatch(r"\d+(\.\d+){1,2}", requested):
        return requested
    try:
        allowed = SpecifierSet(requested)
    except InvalidSpecifier:
        return interp.version
    return next((f"3.{minor}" for minor in range(6, 30) if allowed.contains(f"3.{minor}")), interp.version)


def _with_unread_notes(target: Target, root: ProjectRoot, errors: tuple[ScanError, ...]) -> Target:
    """Say so on the target when some of its root's manifests could not be read."""
    files = {m.path for m in root.manifests}
    unread = sorted({e.file for e in errors if e.file in files})
    if not unread:
        return target
    note = f"not every manifest here could be read ({', '.join(unread)}); see errors"
    return replace(target, notes=(*target.notes, note))


def skipped_message(skipped: Skipped) -> str:
    """The progress line for manifests left unread under a skipped directory."""
    count = len(skipped.manifests)
    return (
        f"skipped {skipped.path} (rule {skipped.pattern!r}): {count} manifest{'s' if count != 1 else ''} "
        f"not read ({skipped.shown()}); --include / the include input reads them"
    )


@contextmanager
def _running(budget: Budget | None) -> Iterator[None]:
    if budget is None:
        yield
        return
    with budget.running():
        yield


def resolve_targets(
    found: Discovery,
    package: str,
    sandbox: Sandbox,
    resolver: ResolverConfig,
    say: Progress,
    budgets: Mapping[str, Budget] | None = None,
) -> tuple[list[Target], list[ScanError]]:
    """Resolve ``package`` in every root, once each, for the interpreter that will run the repro.

    ``budgets``: each root's time budget (by path); a root whose budget runs out gets an
    inconclusive target saying so (``bot.resolve``).
    """
    roots_by_path = {root.path: root for root in found.roots}
    targets: list[Target] = []
    errors: list[ScanError] = []
    for root in found.roots:
        say(f"resolving {package} in {root.path}")
        budget = (budgets or {}).get(root.path)
        config = replace(resolver, budget=budget) if budget is not None else resolver
        with _running(budget):
            interp = sandbox.interpreter(python_request(root))
            python = resolution_python(interp)
            # The default install set's target, then the extras and groups that change it (bot.variants).
            root_targets, root_errors = resolve_variants(root, package, python, config, roots_by_path)
        errors.extend(root_errors)
        targets.extend(_with_unread_notes(target, root, found.errors) for target in root_targets)
    return targets, merge_errors(errors)  # a file several roots include: its errors once each


def _not_run(target: Target) -> Future[Verdict]:
    """The verdict of a target that cannot be run (``Target.unrunnable``): inconclusive, at once."""
    done: Future[Verdict] = Future()
    done.set_result(Verdict(VerdictStatus.INCONCLUSIVE, target.unrunnable or "not run", {"not_run": True}))
    return done


def _older(version: str, than: str) -> bool:
    try:
        return Version(version) < Version(than)
    except InvalidVersion:
        return False


def _audited(target: Target, scope: str) -> list[tuple[str, str]]:
    """The (name, version) pairs to audit: the package, or the whole resolved set with ``all``."""
    if scope == "all":
        return sorted({*target.resolved, (target.package, target.version)})
    return [(target.package, target.version)]


def severity(
    status: VerdictStatus, triggered_by: tuple[str, ...], reach: Reachability | None
) -> Severity | None:
    """How close the bug is to the project's code: only claimed for a reproduced verdict whose pack
    names its pattern, and only when the code was read."""
    if status is not VerdictStatus.REPRODUCED or not triggered_by or reach is None:
        return None
    return Severity.TRIGGERED if all(reach.has(part) for part in triggered_by) else Severity.DEPENDENCY


def pack_verdict(
    pack: Pack, verdict: Verdict, reach: Reachability | None, headline: bool, after_fix: Check | None = None
) -> PackVerdict:
    card = pack.card
    return PackVerdict(
        pack=card.id,
        title=card.title,
        fixed_in=card.fixed_in,
        verdict=verdict,
        headline=headline,
        custom=pack.custom,
        source=pack.source,
        links=tuple(card.links.items()),
        triggered_by=card.triggered_by,
        severity=severity(verdict.status, card.triggered_by, reach),
        after_fix=after_fix,
    )


_CREDENTIAL_LINE = re.compile(r"extraheader|://[^/\s@]+@", re.IGNORECASE)


def stored_credentials(base: Path) -> str | None:
    """The git config of the checkout at ``base``, relative to it, when it holds credentials that
    other users may read; else None."""
    config = base / ".git" / "config"
    try:
        if not config.stat().st_mode & 0o004:
            return None
        with config.open("rb") as fh:
            text = fh.read(1 << 20).decode("utf-8", "replace")
    except OSError:
        return None
    return ".git/config" if _CREDENTIAL_LINE.search(text) else None


def load_packs(checkout: Path, options: ScanOptions) -> tuple[list[Pack], list[ScanError]]:
    """The built-in packs (headline first), then the custom ones the options name explicitly."""
    packs = list(builtin_packs())
    if not options.packs_dir:
        return packs, []
    base = options.packs_base or checkout
    custom, errors = load_custom(base, options.packs_dir)
    exposed = stored_credentials(base) if custom and os.geteuid() == 0 else None
    if exposed is not None:
        # As root, a scenario runs as a uid of its own, which can read what every user can: a
        # token that actions/checkout left in .git/config would be its for the taking.
        message = (
            "custom packs were not run: this file holds credentials (actions/checkout keeps the "
            "token here unless `persist-credentials: false`) that their sandbox user could read"
        )
        errors.append(ScanError(exposed, message))
        custom = []
    if base.resolve() != checkout:
        # Every path in a report is relative to the scanned directory (the action rebases them onto
        # the repository's top), and the packs directory may lie outside it.
        errors = [replace(e, file=os.path.relpath(base / e.file, checkout)) for e in errors]
    return packs + custom, errors


def scan(path: Path, options: ScanOptions, progress: Progress | None = None) -> Report:
    """Scan the checkout at ``path`` and return the report."""
    say: Progress = progress or (lambda _msg: None)
    checkout = path.resolve()
    packs, pack_errors = load_packs(checkout, options)
    headline = packs[0]
    card = headline.card
    say(f"discovering manifests under {path}")
    found = discover(checkout, options.layout)
    for skipped in found.skipped:
        say(skipped_message(skipped))
    errors: list[ScanError] = [*found.errors, *pack_errors]
    run_budget, budgets = options.budgets([root.path for root in found.roots])
    sandbox = options.sandbox(say, run_budget)
    resolver = options.resolver(sandbox, card.parents)
    # Each project's Python: a file in newer syntax than ours is unread there, not an error.
    pythons = {
        root.path: request.request if (request := python_request(root)) else None for root in found.roots
    }
    with ThreadPoolExecutor(max_workers=1) as reader:
        code: Future[CodeScan] | None = (
            reader.submit(scan_code, checkout, False, options.layout, pythons)
            if options.reachability
            else None
        )
        targets, resolve_errors = resolve_targets(found, card.package, sandbox, resolver, say, budgets)
        errors += resolve_errors
        if code is not None:
            say("reading the code for the bug's pattern")
            errors += code.result().errors
    roots = [root.path for root in found.roots]
    reach = {t.root: for_root(code.result(), t.root, roots) if code else None for t in targets}

    Key = tuple[str, str | None, PythonRequest | None, str]
    by_id = {pack.id: pack for pack in packs}

    def key(version: str, t: Target) -> Key:
        """The headline's run of ``version`` for the target (the other packs go by ``submit_many``)."""
        return (version, t.companion("anyio"), t.python, headline.id)

    auditor = (
        None
        if options.audit == "off"
        else Auditor(
            AuditConfig(service_url=options.vulnerability_url, cache_dir=options.cache_dir / "audit")
        )
    )
    roots_by_path = {root.path: root for root in found.roots}
    kinds = {m.path: m.kind for root in found.roots for m in root.manifests}

    with ThreadPoolExecutor(max_workers=options.workers) as pool, ThreadPoolExecutor(max_workers=2) as side:
        runs: dict[Key, Future[Verdict]] = {}
        # The advice threads submit runs too: one run per key, whoever asks first.
        submitting = threading.RLock()

        def submit(k: Key) -> Future[Verdict]:
            with submitting:
                if k not in runs:
                    runs[k] = pool.submit(sandbox.verdict, *k[:3], by_id[k[3]])
                return runs[k]

        def submit_many(
            version: str, anyio: str | None, python: PythonRequest | None, batch: list[Pack]
        ) -> list[Future[Verdict]]:
            """Runs of several packs on one release: the built-in ones share one harness process
            (interpreter start and imports paid once); a custom pack always runs on its own."""
            keys: list[Key] = [(version, anyio, python, p.id) for p in batch]
            with submitting:
                shared = [k for k in keys if k not in runs and not by_id[k[3]].custom]
                if len(shared) < 2:
                    return [submit(k) for k in keys]
                parts: list[Future[Verdict]] = [Future() for _ in shared]
                runs.update(zip(shared, parts, strict=True))
            joint = pool.submit(sandbox.verdicts, version, anyio, python, [by_id[k[3]] for k in shared])

            def spread(done: Future[list[Verdict]]) -> None:
                try:
                    for part, verdict in zip(parts, done.result(), strict=True):
                        part.set_result(verdict)
                except BaseException as exc:  # handed to whoever waits for any of them
                    for part in parts:
                        if not part.done():
                            part.set_exception(exc)

            joint.add_done_callback(spread)
            return [submit(k) for k in keys]

        def run(version: str, anyio: str | None, python: PythonRequest | None) -> Verdict:
            return submit((version, anyio, python, headline.id)).result()

        runnable = [t for t in targets if t.unrunnable is None]
        verdicts = [submit(key(t.version, t)) if t.unrunnable is None else _not_run(t) for t in targets]
        # Start the card's fixed version alongside the repro instead of after it: a reproduced verdict
        # then costs one hold period, not two. Runs are cached, so a target that turns out not to
        # need it pays only on its first scan.
        for t in runnable:
            if t.version != card.fixed_in:
                submit(key(card.fixed_in, t))
        # The neighbouring packs after the headline's runs: they are reported, the headline leads.
        others = [
            submit_many(t.version, t.companion("anyio"), t.python, packs[1:])
            if t.unrunnable is None
            else [_not_run(t) for _ in packs[1:]]
            for t in targets
        ]
        audits: list[Future[Audit] | None] = [
            side.submit(auditor.audit, _audited(t, options.audit))
            if auditor and t.unrunnable is None
            else None
            for t in targets
        ]

        def alongside(version: str, anyio: str | None, python: PythonRequest | None) -> None:
            """The built-in neighbours run on a recommended set beside its verification: for each
            one that reproduces on the project's version, the report then says from a run whether
            the upgrade fixes it too (custom packs run only on the project's version)."""
            submit((version, anyio, python, headline.id))  # the verification itself goes first
            submit_many(version, anyio, python, [p for p in packs[1:] if not p.custom])

        advisor = Advisor(
            package=card.package,
            fixed_in=card.fixed_in,
            checkout=checkout,
            resolver=resolver,
            verdict=run,
            auditor=auditor,
            progress=say,
            on_candidate=alongside,
        )

        def timed(budget: Budget | None) -> Callable[[str, str | None, PythonRequest | None], Verdict]:
            """The advice's verification runs: not counted against the root's budget (the run's
            bounds them), and a run the run's budget cut short stops the advice."""

            def run_(version: str, anyio: str | None, python: PythonRequest | None) -> Verdict:
                if budget is None:
                    verdict = run(version, anyio, python)
                else:
                    with budget.paused():
                        verdict = run(version, anyio, python)
                if verdict.status is VerdictStatus.INCONCLUSIVE and run_budget and run_budget.expired:
                    raise run_budget.spent_error(f"the fix was verified on starlette {version}")
                return verdict

            return run_

        def advise(target: Target) -> Fix:
            # What the target's install set declares: the default set, plus its extra or group.
            root, followed = install_set(roots_by_path[target.root], target.variant, roots_by_path)
            found_decls = gather(root, card.package, followed, card.parents)
            interp = sandbox.interpreter(python_request(root))
            item = AdviceInput(
                target=target,
                found=found_decls,
                python=resolution_python(interp),
                indexes=plan_indexes(found_decls.indexes, resolver),
                kinds=kinds,
            )
            budget = budgets.get(target.root)

            def uncomputed(why: str, notes: tuple[str, ...] = ()) -> Fix:
                """The card's fixed release, when the advice could not say more."""
                return Fix(
                    package=target.package,
                    from_version=target.version,
                    to_version=card.fixed_in,
                    location=target.source,
                    change=f"upgrade {target.package} to {card.fixed_in} or later ({why})",
                    notes=notes,
                )

            here = replace(advisor, resolver=replace(resolver, budget=budget), verdict=timed(budget))
            try:
                with _running(budget):
                    return here.advise(item)
            except TimeBudgetSpent as exc:  # the verdict stands (it was measured); the fix says so
                return uncomputed("see the notes", (f"the fix advice did not finish: {exc}",))
            except (OSError, subprocess.SubprocessError) as exc:  # uv missing or hung: say so, go on
                return uncomputed(f"not computed: {exc}")

        # Advice for a release older than the card's fixed one starts alongside its repro (which
        # will most likely reproduce); it is kept only if the run does reproduce. The rest waits
        # for the verdict. Version order only schedules work here: it never decides a verdict.
        early = {
            i: side.submit(advise, t)
            for i, t in enumerate(targets)
            if t.unrunnable is None and _older(t.version, card.fixed_in)
        }
        fixes: list[Future[Fix] | None] = []
        for i, (target, pending) in enumerate(zip(targets, verdicts, strict=True)):
            if pending.result().status is not VerdictStatus.REPRODUCED:
                fixes.append(None)
            else:
                fixes.append(early.get(i) or side.submit(advise, target))
        # A neighbour that reproduced runs again on the set the headline's fix recommends, with the
        # same versions as that fix's verification: the comment then says what the upgrade does for
        # it, measured rather than read off its card.
        done_fixes = [f.result() if f else None for f in fixes]
        again: list[tuple[str, list[Future[Verdict] | None]]] = []  # (release re-run on, runs)
        for target, fix, rest in zip(targets, done_fixes, others, strict=True):
            spec = (fix.verification.evidence.get("spec") or {}) if fix and fix.verification else {}
            after = str(spec.get("starlette") or "")
            showed = [
                p
                for p, run_ in zip(packs[1:], rest, strict=True)
                if after and run_.result().status is VerdictStatus.REPRODUCED
            ]
            rerun = dict(
                zip(
                    [p.id for p in showed],
                    submit_many(after, spec.get("anyio"), target.python, showed) if showed else [],
                    strict=True,
                )
            )
            again.append((after, [rerun.get(p.id) for p in packs[1:]]))
        results = []
        for target, pending, fix, audit, rest, (after, checks) in zip(
            targets, verdicts, done_fixes, audits, others, again, strict=True
        ):
            found_here = reach[target.root]
            verdict = pending.result()
            per_pack = [pack_verdict(headline, verdict, found_here, headline=True)]
            for pack, run_, check in zip(packs[1:], rest, checks, strict=True):
                after_fix = Check(after, check.result()) if check is not None else None
                per_pack.append(
                    pack_verdict(pack, run_.result(), found_here, headline=False, after_fix=after_fix)
                )
            results.append(
                TargetResult(
                    target=target,
                    verdict=verdict,
                    fix=fix,
                    audit=audit.result() if audit else None,
                    packs=tuple(per_pack),
                    reachability=found_here,
                    severity=per_pack[0].severity,
                )
            )

    if run_budget is not None and run_budget.expired:
        say(run_budget.reason("the scan finished") + ": what it did not allow is reported inconclusive")
    return Report(
        path=str(path),
        targets=tuple(results),
        scanned=found.scanned,
        skipped=found.skipped,
        errors=tuple(sorted(errors, key=lambda e: (e.file, e.line or 0, e.message))),
    )
