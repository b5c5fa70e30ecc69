"""The pipeline: discover → resolve → repro → advise, producing a ``Report``.

No exit codes and no printing here (progress goes through a callback); ``cli`` owns those.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from starlette_2093_check.budget import DEFAULT_ROOT_SECONDS, DEFAULT_RUN_SECONDS, Budget
from starlette_2093_check.indexes import IndexPolicy, IndexPolicyError, allowed_variables, host_of
from starlette_2093_check.layout import DEFAULT_LAYOUT, Layout
from starlette_2093_check.manifests import discover
from starlette_2093_check.manifests.deployed import add_deployed
from starlette_2093_check.model import Discovery, ManifestKind, Reachability, Report, ScanError, Skipped
from starlette_2093_check.packs import Pack, builtin_packs, load_custom
from starlette_2093_check.pipeline import Pipeline, Scope
from starlette_2093_check.plan import Cell, Plan
from starlette_2093_check.policy.model import Policy
from starlette_2093_check.policy.rules import select_packs
from starlette_2093_check.progress import ROOT, expected
from starlette_2093_check.repro.sandbox import Sandbox, SandboxConfig
from starlette_2093_check.resolve import ResolverConfig, merge_errors, python_request
from starlette_2093_check.resolvecache import open_cache
from starlette_2093_check.variants import wanted_labels

if TYPE_CHECKING:
    from starlette_2093_check.reach import CodeScan

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
    # What discovery and the code reader skip and include back (``starlette_2093_check.layout``).
    layout: Layout = DEFAULT_LAYOUT
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    # What the repository's declared indexes may use (``indexes``): the variables (names or
    # NAME_* patterns) its ``${VAR}`` references may take, the hosts that may receive them, whether
    # the checkout is untrusted (then unlisted declared hosts are not contacted), and the values
    # that must never be filled in (the token).
    index_env: tuple[str, ...] = ()
    index_hosts: tuple[str, ...] = ()
    untrusted: bool = False
    protected: tuple[str, ...] = ()
    # Time budgets in seconds (``budget``): the whole scan's, and each project root's share of
    # it (its resolution and fix advice). None: unbounded.
    time_budget: float | None = DEFAULT_RUN_SECONDS
    root_budget: float | None = DEFAULT_ROOT_SECONDS
    # Resolve again instead of reading today's stored resolutions (``resolvecache``); the new
    # answers are stored.
    refresh: bool = False
    # The repository's policy file (``policy``): which packs run, the variants to check, ... The
    # ignore rules and per-pack fail-on are applied to the report afterwards (``policy.rules``).
    policy: Policy = field(default_factory=Policy)
    # What is deployed, named explicitly (``manifests.deployed``): CycloneDX/SPDX JSON SBOMs, and
    # installed environments (freeze output files, site-packages or virtual environment
    # directories), relative to ``deployed_base`` (default: the scanned checkout). Only the command
    # line may name a path outside it (``deployed_outside``); the action's must be in the workspace.
    sboms: tuple[str, ...] = ()
    environments: tuple[str, ...] = ()
    deployed_base: Path | None = None
    deployed_outside: bool = False

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
            store=open_cache(self.cache_dir / "resolve", refresh=self.refresh),
        )


def skipped_message(skipped: Skipped, policy: Policy | None = None) -> str:
    """The progress line for manifests left unread under a skipped directory, naming what reads
    them back: the policy file's ``paths.include`` when its ``paths.exclude`` gave the rule."""
    count = len(skipped.manifests)
    back = "--include / the include input reads them"
    if policy is not None and skipped.pattern in {p.strip() for p in policy.paths.exclude}:
        where = f" in {policy.source}" if policy.source else ""
        back = f"paths.include{where} (or --include / the include input) reads them"
    return (
        f"skipped {skipped.path} (rule {skipped.pattern!r}): {count} manifest{'s' if count != 1 else ''} "
        f"not read ({skipped.shown()}); {back}"
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
    """The built-in packs (headline first) the policy's ``packs.run`` keeps, then the custom ones
    the options name explicitly."""
    packs, errors = _loaded_packs(checkout, options)
    source = options.policy.source
    if source is not None and options.packs_base is not None and options.packs_base.resolve() != checkout:
        source = os.path.relpath(options.packs_base / source, checkout)  # rebased with the report
    chosen, problems = select_packs(packs, options.policy.packs, source)
    return chosen, errors + problems


def _loaded_packs(checkout: Path, options: ScanOptions) -> tuple[list[Pack], list[ScanError]]:
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
    say(f"discovering manifests under {path}")
    found = discover(checkout, options.layout)
    if options.sboms or options.environments:
        found = add_deployed(
            found,
            checkout,
            options.sboms,
            options.environments,
            base=options.deployed_base,
            outside_ok=options.deployed_outside,
        )
    for skipped in found.skipped:
        say(skipped_message(skipped, options.policy))
    say(expected(ROOT, len(found.roots)))  # counted on a terminal, not a line in a log
    errors: list[ScanError] = [*found.errors, *pack_errors]
    run_budget, budgets = options.budgets([root.path for root in found.roots])
    sandbox = options.sandbox(say, run_budget)
    resolver = options.resolver(sandbox, packs[0].card.parents)
    scope = Scope(
        checkout=checkout,
        found=found,
        packs=packs,
        sandbox=sandbox,
        resolver=resolver,
        audit=options.audit,
        vulnerability_url=options.vulnerability_url,
        cache_dir=options.cache_dir,
        budgets=budgets,
        run_budget=run_budget,
        say=say,
        refresh=options.refresh,
        variants=wanted_labels(options.policy.variants.extras, options.policy.variants.groups),
    )
    with Plan(options.workers) as plan:
        code = (
            plan.cell("code", lambda: _read_code(checkout, options, found)) if options.reachability else None
        )
        pipeline = Pipeline(plan, scope)
        resolving = [pipeline.resolve(root) for root in found.roots]
        planned = []
        resolve_errors: list[ScanError] = []
        for cell in resolving:  # each root's runs start as soon as it is resolved, in the roots' order
            targets, root_errors = cell.get()
            resolve_errors += root_errors
            planned += [pipeline.target(t) for t in targets]
        errors += merge_errors(resolve_errors)  # a file several roots include: its errors once each
        if code is not None:
            say("reading the code for the bug's pattern")
            errors += code.get().errors
        roots = [root.path for root in found.roots]
        # A site-packages directory holds no code of the project's: nothing is claimed about it.
        codeless = {
            r.path for r in found.roots if all(m.kind is ManifestKind.SITE_PACKAGES for m in r.manifests)
        }
        reach = {
            p.target.root: None if p.target.root in codeless else _reach(code, p.target.root, roots)
            for p in planned
        }
        results = [pipeline.result(p, reach[p.target.root]) for p in planned]
    if run_budget is not None and run_budget.expired:
        say(run_budget.reason("the scan finished") + ": what it did not allow is reported inconclusive")
    return Report(
        path=str(path),
        targets=tuple(results),
        scanned=found.scanned,
        skipped=found.skipped,
        errors=tuple(sorted(errors, key=lambda e: (e.file, e.line or 0, e.message))),
    )


def _reach(code: Cell[CodeScan] | None, root: str, roots: list[str]) -> Reachability | None:
    """What the code read says about ``root`` (None when the code was not read)."""
    if code is None:
        return None
    from starlette_2093_check.reach import for_root

    return for_root(code.get(), root, roots)


def _read_code(checkout: Path, options: ScanOptions, found: Discovery) -> CodeScan:
    """The project's code, read for the bug's pattern (``starlette_2093_check.reach``, ast only)."""
    from starlette_2093_check.reach import scan_code

    # Each project's Python: a file in newer syntax than ours is unread there, not an error.
    pythons = {
        root.path: request.request if (request := python_request(root)) else None for root in found.roots
    }
    return scan_code(checkout, False, options.layout, pythons)
