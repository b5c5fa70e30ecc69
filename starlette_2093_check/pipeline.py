"""What one scan does for each project, as one plan of work (``starlette_2093_check.plan``):

    resolve the root ─▶ the headline's run ─▶ fix advice (when it reproduced) ─▶ the neighbours
                     ├▶ the card's fixed release        again on the fix's set
                     ├▶ the neighbouring packs' runs
                     └▶ the advisories

Every arrow is a dependency between cells on the plan's one pool; roots resolve in parallel, and
identical work (the same run, the same audit) is done once. Version order only schedules work
here (advice for an older release starts beside its run): it never decides a verdict.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from starlette_2093_check.audit import AuditConfig, Auditor
from starlette_2093_check.budget import Budget, TimeBudgetSpent
from starlette_2093_check.model import (
    Audit,
    Check,
    Discovery,
    Fix,
    ManifestKind,
    PackVerdict,
    ProjectRoot,
    PythonRequest,
    Reachability,
    ScanError,
    Severity,
    Target,
    TargetResult,
    Verdict,
    VerdictStatus,
)
from starlette_2093_check.packs import Pack
from starlette_2093_check.plan import Cell, Plan
from starlette_2093_check.progress import ROOT, finished, started
from starlette_2093_check.repro.sandbox import Interpreter, Sandbox
from starlette_2093_check.resolve import (
    ResolverConfig,
    deployed_pins,
    gather,
    merge_errors,
    plan_indexes,
    python_request,
)
from starlette_2093_check.runs import Runs
from starlette_2093_check.variants import install_set, resolve_variants

Progress = Callable[[str], None]
Resolved = tuple[list[Target], list[ScanError]]


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


@contextmanager
def running(budget: Budget | None) -> Iterator[None]:
    """Count the block against ``budget`` (nothing when there is none)."""
    if budget is None:
        yield
        return
    with budget.running():
        yield


def resolve_root(
    found: Discovery,
    root: ProjectRoot,
    package: str,
    sandbox: Sandbox,
    resolver: ResolverConfig,
    budget: Budget | None = None,
    wanted: Collection[str] = (),
) -> Resolved:
    """``package``'s targets in one root (its default install set, then the extras and groups that
    change it, and those ``wanted`` names whatever they change: ``variants``), for the interpreter
    that will run the repro, within ``budget`` (a root whose budget runs out gets an inconclusive
    target saying so)."""
    roots_by_path = {r.path: r for r in found.roots}
    config = replace(resolver, budget=budget) if budget is not None else resolver
    with running(budget):
        interp = sandbox.interpreter(python_request(root))
        targets, errors = resolve_variants(
            root, package, resolution_python(interp), config, roots_by_path, wanted
        )
    return [_with_unread_notes(t, root, found.errors) for t in targets], errors


def resolve_targets(
    found: Discovery,
    package: str,
    sandbox: Sandbox,
    resolver: ResolverConfig,
    say: Progress,
    budgets: Mapping[str, Budget] | None = None,
) -> Resolved:
    """Resolve ``package`` in every root, one after the other (``budgets``: each root's, by path)."""
    targets: list[Target] = []
    errors: list[ScanError] = []
    for root in found.roots:
        say(f"resolving {package} in {root.path}")
        found_here, errors_here = resolve_root(
            found, root, package, sandbox, resolver, (budgets or {}).get(root.path)
        )
        targets += found_here
        errors += errors_here
    return targets, merge_errors(errors)  # a file several roots include: its errors once each


def advisory_config(cache_dir: Path, service_url: str | None, refresh: bool) -> AuditConfig:
    """The advisory lookup of a scan whose cache directory is ``cache_dir``: pip-audit's HTTP cache
    and today's answers live there."""
    return AuditConfig(
        service_url=service_url,
        cache_dir=cache_dir / "audit",
        answers_dir=cache_dir / "advisories",
        refresh=refresh,
    )


def _older(version: str, than: str) -> bool:
    try:
        return Version(version) < Version(than)
    except InvalidVersion:
        return False


def audited(target: Target, scope: str) -> tuple[tuple[str, str], ...]:
    """The (name, version) pairs to audit: the package, or the whole resolved set with ``all``."""
    if scope == "all":
        return tuple(sorted({*target.resolved, (target.package, target.version)}))
    return ((target.package, target.version),)


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


@dataclass
class Planned:
    """One target's cells."""

    target: Target
    headline: Cell[Verdict]
    others: list[Cell[Verdict]]
    audit: Cell[Audit] | None
    fix: Cell[Fix | None]
    again: Cell[tuple[str, list[Cell[Verdict] | None]]]  # (release re-run on, the neighbours' runs)


def _not_run(target: Target) -> Cell[Verdict]:
    """The verdict of a target that cannot be run (``Target.unrunnable``): inconclusive, at once."""
    return Cell.done(Verdict(VerdictStatus.INCONCLUSIVE, target.unrunnable or "not run", {"not_run": True}))


@dataclass
class Scope:
    """What every cell of one scan shares."""

    checkout: Path
    found: Discovery
    packs: list[Pack]
    sandbox: Sandbox
    resolver: ResolverConfig
    audit: str  # "starlette", "all" or "off" (``ScanOptions.audit``)
    vulnerability_url: str | None
    cache_dir: Path
    budgets: Mapping[str, Budget]
    run_budget: Budget | None
    say: Progress
    refresh: bool = False  # ask the index and the advisory service again (``--refresh``)
    # The variants the policy names (``variants.wanted_labels``): checked whatever they change.
    variants: frozenset[str] = frozenset()


class Pipeline:
    """The cells of one scan's targets (see the module's docstring) on ``plan``."""

    def __init__(self, plan: Plan, scope: Scope) -> None:
        self.plan = plan
        self.scope = scope
        self.runs = Runs(plan, scope.sandbox)
        self.headline = scope.packs[0]
        self.card = self.headline.card
        self.neighbours = scope.packs[1:]
        self.auditor = (
            None
            if scope.audit == "off"
            else Auditor(advisory_config(scope.cache_dir, scope.vulnerability_url, scope.refresh))
        )
        self.roots = {root.path: root for root in scope.found.roots}
        self.kinds: dict[str, ManifestKind] = {
            m.path: m.kind for root in scope.found.roots for m in root.manifests
        }

    # -- resolution --------------------------------------------------------------------------
    def resolve(self, root: ProjectRoot) -> Cell[Resolved]:
        """The root's targets (started now: roots resolve side by side)."""
        s = self.scope

        def work() -> Resolved:
            s.say(started(ROOT, root.path, f"resolving {self.card.package} in {root.path}"))
            try:
                return resolve_root(
                    s.found,
                    root,
                    self.card.package,
                    s.sandbox,
                    s.resolver,
                    s.budgets.get(root.path),
                    s.variants,
                )
            finally:
                s.say(finished(ROOT, root.path))

        return self.plan.cell(("resolve", root.path), work)

    # -- one target ----------------------------------------------------------------------------
    def target(self, t: Target) -> Planned:
        """Start the target's runs and audit, and plan its fix and re-checks."""
        if t.unrunnable is not None:
            headline = _not_run(t)
            others = [_not_run(t) for _ in self.neighbours]
            nothing: Cell[Fix | None] = Cell.done(None)
            return Planned(
                t, headline, others, None, nothing, Cell.done(("", [None for _ in self.neighbours]))
            )
        anyio = t.companion("anyio")
        headline = self.runs.one(t.version, anyio, t.python, self.headline)
        # The card's fixed release alongside the repro instead of after it: a reproduced verdict then
        # costs one hold period, not two. Runs are cached, so a target that turns out not to need it
        # pays only on its first scan.
        if t.version != self.card.fixed_in:
            self.runs.one(self.card.fixed_in, anyio, t.python, self.headline)
        others = self.runs.many(t.version, anyio, t.python, self.neighbours)
        audit: Cell[Audit] | None = None
        if self.auditor is not None:
            pairs = audited(t, self.scope.audit)
            audit = self.plan.cell(("audit", pairs), lambda: self._audit(pairs))
        # Advice for an older release starts beside its run (which most likely reproduces) and is
        # kept only if it does; the rest waits for the verdict.
        advice = Cell(lambda: self._advise(t))
        if _older(t.version, self.card.fixed_in):
            self.plan.start(advice)
        fix: Cell[Fix | None] = self.plan.after(
            [headline],  # type: ignore[list-item]
            lambda: advice.get() if headline.get().status is VerdictStatus.REPRODUCED else None,
        )
        again = self.plan.after([fix, *others], lambda: self._again(t, fix.get(), others))  # type: ignore[list-item]
        return Planned(t, headline, others, audit, fix, again)

    def _audit(self, pairs: tuple[tuple[str, str], ...]) -> Audit:
        assert self.auditor is not None
        return self.auditor.audit(list(pairs))

    def result(self, p: Planned, reach: Reachability | None) -> TargetResult:
        """The target's result, once its cells are done."""
        verdict = p.headline.get()
        after, checks = p.again.get()
        per_pack = [pack_verdict(self.headline, verdict, reach, headline=True)]
        for pack, run, check in zip(self.neighbours, p.others, checks, strict=True):
            after_fix = Check(after, check.get()) if check is not None else None
            per_pack.append(pack_verdict(pack, run.get(), reach, headline=False, after_fix=after_fix))
        return TargetResult(
            target=p.target,
            verdict=verdict,
            fix=p.fix.get(),
            audit=p.audit.get() if p.audit else None,
            packs=tuple(per_pack),
            reachability=reach,
            severity=per_pack[0].severity,
        )

    # -- fix advice ------------------------------------------------------------------------------
    def _again(
        self, t: Target, fix: Fix | None, others: list[Cell[Verdict]]
    ) -> tuple[str, list[Cell[Verdict] | None]]:
        """A neighbour that reproduced runs again on the set the headline's fix recommends, with the
        same versions as that fix's verification: the comment then says what the upgrade does for
        it, measured rather than read off its card."""
        spec = (fix.verification.evidence.get("spec") or {}) if fix and fix.verification else {}
        after = str(spec.get("starlette") or "")
        showed = [
            p
            for p, run in zip(self.neighbours, others, strict=True)
            if after and run.get().status is VerdictStatus.REPRODUCED
        ]
        rerun = dict(
            zip(
                [p.id for p in showed],
                self.runs.many(after, spec.get("anyio"), t.python, showed) if showed else [],
                strict=True,
            )
        )
        return after, [rerun.get(p.id) for p in self.neighbours]

    def _alongside(self, version: str, anyio: str | None, python: PythonRequest | None) -> None:
        """The built-in neighbours run on a recommended set beside its verification: for each one
        that reproduces on the project's version, the report then says from a run whether the
        upgrade fixes it too (custom packs run only on the project's version)."""
        self.runs.one(version, anyio, python, self.headline)  # the verification itself goes first
        self.runs.many(version, anyio, python, [p for p in self.neighbours if not p.custom])

    def _verify(self, budget: Budget | None) -> Callable[[str, str | None, PythonRequest | None], Verdict]:
        """The advice's verification runs: not counted against the root's budget (the run's bounds
        them), and a run the run's budget cut short stops the advice."""
        run_budget = self.scope.run_budget

        def verify(version: str, anyio: str | None, python: PythonRequest | None) -> Verdict:
            cell = self.runs.one(version, anyio, python, self.headline)
            if budget is None:
                verdict = cell.get()
            else:
                with budget.paused():
                    verdict = cell.get()
            if verdict.status is VerdictStatus.INCONCLUSIVE and run_budget and run_budget.expired:
                raise run_budget.spent_error(f"the fix was verified on starlette {version}")
            return verdict

        return verify

    def _advise(self, t: Target) -> Fix:
        from starlette_2093_check.advise import (
            AdviceInput,
            Advisor,
        )  # only a scan where something reproduced needs it

        s = self.scope
        # What the target's install set declares: the default set, plus its extra or group.
        root, followed = install_set(self.roots[t.root], t.variant, self.roots)
        declared = gather(root, self.card.package, followed, self.card.parents)
        pins = deployed_pins(root, t)
        if pins:  # what is deployed is changed as a whole set of pins: the fix is resolved over it
            declared = replace(declared, declared=pins, everything=pins)
        interp = s.sandbox.interpreter(python_request(root))
        item = AdviceInput(
            target=t,
            found=declared,
            python=resolution_python(interp),
            indexes=plan_indexes(declared.indexes, s.resolver),
            kinds=self.kinds,
        )
        budget = s.budgets.get(t.root)
        advisor = Advisor(
            package=self.card.package,
            fixed_in=self.card.fixed_in,
            checkout=s.checkout,
            resolver=replace(s.resolver, budget=budget),
            verdict=self._verify(budget),
            auditor=self.auditor,
            progress=s.say,
            on_candidate=self._alongside,
        )
        try:
            with running(budget):
                return advisor.advise(item)
        except TimeBudgetSpent as exc:  # the verdict stands (it was measured); the fix says so
            return self._uncomputed(t, "see the notes", (f"the fix advice did not finish: {exc}",))
        except (OSError, subprocess.SubprocessError) as exc:  # uv missing or hung: say so, go on
            return self._uncomputed(t, f"not computed: {exc}")

    def _uncomputed(self, t: Target, why: str, notes: tuple[str, ...] = ()) -> Fix:
        """The card's fixed release, when the advice could not say more."""
        fixed_in = self.card.fixed_in
        return Fix(
            package=t.package,
            from_version=t.version,
            to_version=fixed_in,
            location=t.source,
            change=f"upgrade {t.package} to {fixed_in} or later ({why})",
            notes=notes,
        )
