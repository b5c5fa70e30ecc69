"""What to change, where, and the runs that prove it: the fix for a target on which the bug reproduced.

Every number here is computed, never looked up in a table:

1. **Minimal fix**: the lowest release at or above the card's fixed version on which the repro
   does not reproduce. The card's version is run first; when it does not pass (or does not
   install), the index is asked for the next release, and so on.
2. **What has to move**: the project's own declarations are resolved again with the fix
   required. If they admit it, only the lock needs refreshing. If the package's own pin holds it
   back, that line changes. If a parent caps it (FastAPI pins Starlette tightly), the index says
   which is the parent's lowest release that admits the fix (uv's ``lowest-direct`` resolution
   reads each release's metadata), and the parent's line changes.
3. **Recommended**: the newest set the project's other declarations allow with that change
   applied, which normally also clears the package's known advisories (the audit says which remain
   when the declarations hold it back).
4. **Run**: the repro runs on the recommended version, with the companions (anyio) that
   resolution picked. If it does not pass, the next candidate is resolved and run; the minimal
   fix is the last resort, since it has passed already, and the fix says why it fell back.
5. **Checked** (``fixset``): the changes are applied to the project's whole declared set, which
   is resolved again (for a lock, the manifest it was made from). When that fails, what holds the
   package back, or holds back a parent the fix moves (a pin of typing-extensions beside FastAPI),
   is found (uv's message names it; each declaration is asked on its own with the fix and the
   moves so far if not) and moved too, then the set is resolved again. A declaration that fails
   on its own because of the package itself (``fastapi==0.45.0`` needs a Starlette with no wheel)
   is such a cap, not one to leave out. Only a set that resolves and on whose versions the repro
   passes is "verified"; when no such set is found, no edit is offered and the notes say what was
   tried. A fix that needs a newer Python than the project asks for says so, and a declared index
   that cannot be reached is left out of the check (which is then not verified).

I/O comes in through the tools the scan hands over (the resolver, the sandbox's verdicts, the
auditor, the checkout for reading the lines to edit); the decisions are made here.
"""

from __future__ import annotations

import posixpath
import shlex
import urllib.parse
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version

from starlette_2093_check.audit import Auditor
from starlette_2093_check.budget import TimeBudgetSpent
from starlette_2093_check.deployedfix import is_deployed, rebuild_step
from starlette_2093_check.edit import (
    EditError,
    ReadFiles,
    compiled_header,
    plan_edit,
    shaped_specifier,
    written_constraint,
)
from starlette_2093_check.fixset import (
    Change,
    Resolver,
    admits,
    ancestors,
    check_set,
    left_out_reason,
    named,
    requirements_of,
    uv_reason,
    with_specifier,
)
from starlette_2093_check.indexes import IndexPlan, host_of, scrub
from starlette_2093_check.model import (
    Advisory,
    Check,
    Declared,
    Edit,
    Fix,
    Location,
    ManifestKind,
    MinimalFix,
    PythonRequest,
    Resolution,
    SetCheck,
    Target,
    Verdict,
    VerdictStatus,
)
from starlette_2093_check.resolve import (
    COMPANIONS,
    Gathered,
    ResolutionError,
    ResolverConfig,
    compile_set,
    parse_chain_entry,
)
from starlette_2093_check.urls import without_userinfo

MINIMAL_CANDIDATES = 6  # releases tried above the card's version before giving up on a minimal fix
RECOMMENDED_CANDIDATES = 3  # recommended versions run before falling back to the minimal fix
SETTLE_ROUNDS = 5  # resolutions of the changed set beyond its moves and left-outs (a lock's parents)
# Packages the fix may move besides the package: a full pinned export (every transitive pin in
# requirements.txt) moves several along with the parent (typing-extensions, pydantic, ...).
MAX_MOVES = 12
MAX_LEFT_OUT = 25  # declarations left out of the check because they do not resolve here at all
MAX_PROBES = 30  # declarations asked one by one whether they hold the package back
PYTHON_STEPS = 6  # newer Python minor versions asked for a parent release that needs one
# uv's words when a Python requirement takes part in the conflict.
_PYTHON_BOUND = "the requested Python version"

LOCK_COMMANDS = {
    ManifestKind.UV_LOCK: "uv lock {upgrades}",
    ManifestKind.POETRY_LOCK: "poetry update {names}",
    ManifestKind.PDM_LOCK: "pdm update {names}",
    ManifestKind.PIPFILE_LOCK: "pipenv update {names}",
}

VerdictFn = Callable[[str, str | None, PythonRequest | None], Verdict]


def lock_command(kind: ManifestKind, packages: Sequence[str]) -> str | None:
    """The command that refreshes ``packages`` in a lock of ``kind``, if we know the tool."""
    template = LOCK_COMMANDS.get(kind)
    if template is None:
        return None
    upgrades = " ".join(f"--upgrade-package {p}" for p in packages)
    return template.format(names=" ".join(packages), upgrades=upgrades)


def compile_command(header: str | None, input_file: str | None, packages: Sequence[str]) -> str | None:
    """The command that regenerates a compiled requirements file with ``packages`` upgraded.

    ``header`` is the command the file's "autogenerated by" header records (pip-compile or
    ``uv pip compile``): the same command, with ``--upgrade-package`` added, keeps every option
    the project chose. Without a header, pip-compile on the ``.in`` file beside it.
    """
    upgrades = " ".join(f"--upgrade-package {shlex.quote(p)}" for p in packages)
    if header:
        return f"{header} {upgrades}"
    if input_file:
        return f"pip-compile {upgrades} {shlex.quote(input_file)}"
    return None


def _spec(requirement: str) -> SpecifierSet | None:
    try:
        return Requirement(requirement).specifier
    except InvalidRequirement:
        return None


def _admits(d: Declared, version: str) -> bool:
    spec = _spec(d.requirement)
    try:
        return spec is None or spec.contains(version, prereleases=True)
    except InvalidVersion:
        return True


def _chain(target: Target) -> list[tuple[str, str]]:
    """The (name, version) parents in the target's ``via`` chain, top first."""
    return [p for p in map(parse_chain_entry, target.via) if p is not None]


def _with_floor(requirement: str, floor: str | None) -> str:
    """``requirement`` (extras and markers kept) with its specifier replaced by ``>=floor``."""
    req = Requirement(requirement)
    req.specifier = SpecifierSet(f">={floor}" if floor else "")
    return str(req)


@dataclass(frozen=True)
class AdviceInput:
    """What the scan knows about one reproduced target beyond the target itself."""

    target: Target
    found: Gathered
    python: str | None  # the Python version the root was resolved for
    indexes: IndexPlan
    kinds: Mapping[str, ManifestKind]  # manifest path -> kind, for every file of the checkout


@dataclass
class _Plan:
    """The fix as it takes shape: the versions to write, and the run that checks them."""

    chosen: dict[str, str]  # package -> the version an exact pin is set to
    floors: dict[str, str]  # package -> the lowest release a range is raised to
    mover: str  # the package the project changes first (the capping parent, or the package)
    recommended: str | None
    verification: Verdict | None
    ran: tuple[str, str | None] | None  # (version, anyio) of the run in ``verification``
    fallback: str | None = None  # why the recommendation is the minimal fix
    notes: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)  # the package's versions that did not pass
    relocked: list[str] = field(default_factory=list)  # a lock's packages the change moves too
    verified: bool = False
    # The Python the changed set is resolved for, when what has to move needs a newer one than the
    # project asks for (fastapi 0.108.0 needs 3.8; an old Pipfile says 3.7). None: the target's.
    python: str | None = None
    # Indexes the project declares that could not be reached: the check was made without them.
    unreached: list[str] = field(default_factory=list)
    # The minimal fix's plan: every package that moves stays at its lowest release that carries
    # the fix (``chosen`` is ``floors``), instead of the newest the project allows.
    lowest: bool = False
    # Poetry constraints as written (``^0.95.1``), by declaration: their shape is kept.
    written: Mapping[Location, str] = field(default_factory=dict)


@dataclass
class _Attempt:
    versions: dict[str, str]
    relax: dict[str, str | None]
    mover: str  # the package whose declaration had to change (the parent, or the package itself)
    python: str | None = None  # a newer Python the parent's release needs (see ``_Plan.python``)


@dataclass
class Advisor:
    """Computes and verifies fixes; one per scan (it shares the scan's verdict runs and audit answers)."""

    package: str
    fixed_in: str
    checkout: Path
    resolver: ResolverConfig
    verdict: VerdictFn
    auditor: Auditor | None = None
    progress: Callable[[str], None] = field(default=lambda _m: None)
    # Told each candidate just before its verification run (same arguments as ``verdict``), so the
    # caller can start other work on the same versions alongside it.
    on_candidate: Callable[[str, str | None, PythonRequest | None], None] = field(
        default=lambda _v, _a, _p: None
    )

    # -- 1. minimal ------------------------------------------------------------------------------
    def _next_release(self, floor: str, strict: bool, python: str | None, indexes: IndexPlan) -> str | None:
        op = ">" if strict else ">="
        try:
            versions, _ = compile_set(
                [f"{self.package}{op}{floor}"],
                [],
                python,
                self.resolver,
                indexes,
                resolution="lowest",
                no_deps=True,
            )
        except ResolutionError:
            return None
        return versions.get(self.package)

    def minimal(self, item: AdviceInput) -> tuple[str | None, Verdict | None, list[Check]]:
        """The lowest release >= the card's fixed version on which the repro passes, and its run."""
        t = item.target
        anyio = t.companion("anyio")
        tried: list[Check] = []
        version: str | None = self.fixed_in
        for _ in range(MINIMAL_CANDIDATES):
            if version is None:
                break
            run = self.verdict(version, anyio, t.python)
            if run.status is VerdictStatus.NOT_REPRODUCED:
                return version, run, tried
            tried.append(Check(version, run))
            version = self._next_release(version, True, item.python, item.indexes)
        return None, None, tried

    # -- 2. what has to move -----------------------------------------------------------------------
    def _project(self, item: AdviceInput) -> list[Declared]:
        """The declarations that are the project's intent (not a compiled file's pinned output).

        A compiled requirements file (pip-compile / uv ``# via`` annotations) pins the whole set: its
        pins are a lock, and the ``.in`` file beside it is what the project declares.
        """
        declared, everything = item.found.declared, item.found.everything
        compiled = {d.location.file for d in everything if d.via}
        inputs = {d.location.file for d in everything} - {d.location.file for d in declared}
        project = [d for d in declared if d.location.file not in compiled]
        project += [d for d in everything if d.location.file in inputs and d.reference is None]
        if any(not d.constraint for d in project):
            return project
        return list(declared)

    def _resolve(
        self,
        item: AdviceInput,
        project: Sequence[Declared],
        relax: Mapping[str, str | None],
        floor: str,
        exclude: Iterable[str] = (),
    ) -> dict[str, str]:
        reqs: list[str] = []
        for d in project:
            if d.constraint:
                continue
            reqs.append(_with_floor(d.requirement, relax[d.name]) if d.name in relax else d.requirement)
        named = {d.name for d in project if not d.constraint}
        reqs += [f"{n}>={f}" for n, f in relax.items() if f and n not in named]
        reqs.append(f"{self.package}>={floor}")
        cons = [d.requirement for d in project if d.constraint and d.name not in relax]
        cons += [f"{self.package}!={v}" for v in exclude]
        # Never by going back: the parents the package comes through stay at or above their current
        # versions (an old enough release of a parent may not cap it at all, which is no fix).
        cons += [f"{name}>={version}" for name, version in _chain(item.target)]
        versions, _ = compile_set(reqs, cons, item.python, self.resolver, item.indexes)
        return versions

    def _capping_parent(self, item: AdviceInput, project: Sequence[Declared]) -> str | None:
        """The project's direct requirement through which the package comes in (``via``'s top)."""
        chain = _chain(item.target)
        if chain:
            return chain[0][0]
        # Declared directly as well: ask the resolver who else requires it.
        reqs = [d.requirement for d in project if not d.constraint and d.name != self.package]
        if not reqs:
            return None
        try:
            _, parents = compile_set(reqs, [], item.python, self.resolver, item.indexes)
        except ResolutionError:
            return None
        direct = {d.name for d in project if not d.constraint}
        return next((p for p in parents.get(self.package, []) if p in direct), None)

    def _lowest_parent(
        self,
        item: AdviceInput,
        parent: str,
        current: str | None,
        floor: str,
        also: Sequence[str] = (),
    ) -> tuple[str | None, str | None]:
        """The lowest release of ``parent`` above ``current`` whose requirements admit
        ``package>=floor`` (and ``also``, what the fix moves already), and the newer Python it needs.

        That Python is None when the one the target was resolved for will do. When uv says the
        releases that would admit the fix need a newer Python than that (FastAPI 0.108.0 needs
        3.8), the next minor versions are asked, up to ``PYTHON_STEPS`` of them.
        """
        above = f"{parent}>{current}" if current else parent
        python = item.python
        for _ in range(PYTHON_STEPS + 1):
            try:
                versions, _ = compile_set(
                    [above, f"{self.package}>={floor}", *also],
                    [],
                    python,
                    self.resolver,
                    item.indexes,
                    resolution="lowest-direct",
                )
            except ResolutionError as exc:
                python = _next_minor(python) if _PYTHON_BOUND in exc.detail else None
                if python is None:
                    return None, None
                continue
            lowest = versions.get(parent)
            return lowest, (python if lowest is not None and python != item.python else None)
        return None, None

    def upgrade(
        self, item: AdviceInput, project: Sequence[Declared], minimal: str, exclude: Sequence[str] = ()
    ) -> tuple[_Attempt | None, str | None, list[str]]:
        """Resolve the project with the fix required: (attempt, parent's lowest admitting release, notes)."""
        notes: list[str] = []
        tries: tuple[dict[str, str | None], ...] = ({}, {self.package: minimal})
        for tried_relax in tries:
            # a. the declarations admit the fix (only the lock, or the resolver's answer, is stale);
            # b. the package's own pin or cap holds it back.
            try:
                versions = self._resolve(item, project, tried_relax, minimal, exclude)
            except ResolutionError:
                continue
            return self._parent_moves(
                item, project, _Attempt(versions, dict(tried_relax), self.package), minimal
            )
        parent = self._capping_parent(item, project)  # c. a parent caps it
        if parent is None:
            notes.append(f"could not tell which requirement holds {self.package} below {minimal}")
            return None, None, notes
        current = self._chain_version(item.target, parent) or self._declared_version(project, parent)
        lowest, python = self._lowest_parent(item, parent, current, minimal)
        if lowest is None:
            notes.append(f"no release of {parent} on the index allows {self.package}>={minimal}")
            return None, None, notes
        if python is not None:
            item = replace(item, python=python)
        relax: dict[str, str | None] = {self.package: minimal, parent: lowest}
        for name, _ in _chain(item.target):  # pinned links between the parent and the package move too
            relax.setdefault(name, None)
        try:
            versions = self._resolve(item, project, relax, minimal, exclude)
        except ResolutionError as exc:
            notes.append(f"with {parent}>={lowest} the project's other requirements do not resolve: {exc}")
            return _Attempt({}, relax, parent, python), lowest, notes
        return _Attempt(versions, relax, parent, python), lowest, notes

    def _parent_moves(
        self, item: AdviceInput, project: Sequence[Declared], attempt: _Attempt, minimal: str
    ) -> tuple[_Attempt, str | None, list[str]]:
        """When the package comes through a parent that the resolution moves (a lock held it), that
        parent is what the user upgrades: name its lowest release that admits the fix too."""
        entries = _chain(item.target)
        if not entries:
            return attempt, None, []
        parent, current = entries[0]
        if attempt.versions.get(parent) in (None, current):
            return attempt, None, []
        lowest, python = self._lowest_parent(item, parent, current, minimal)
        attempt.mover, attempt.python = parent, python
        attempt.relax.setdefault(parent, lowest)
        for name, _ in entries[1:]:
            attempt.relax.setdefault(name, None)
        return attempt, lowest, []

    @staticmethod
    def _chain_version(target: Target, name: str) -> str | None:
        return dict(_chain(target)).get(name)

    @staticmethod
    def _declared_version(project: Sequence[Declared], name: str) -> str | None:
        for d in project:
            if d.name == name and not d.constraint and (v := d.exact_version):
                return v
        return None

    def _reachable(self, item: AdviceInput) -> tuple[AdviceInput, list[str]]:
        """``item`` without the indexes the project declares that cannot be reached from here (a
        regional mirror, a private index behind a VPN), and those indexes as the report shows them.

        Every resolution would fail on them (after uv's retries), so the fix could not be computed
        at all. It is computed without them instead, and the check names them: a check made
        against other indexes than the project's is never called verified.
        """
        plan = item.indexes
        declared = [u for u in (plan.primary, *plan.extra) if u and u != self.resolver.index_url]
        if not declared:
            return item, []
        error = self._index_error(item)
        if error is None:
            return item, []
        gone = [u for u in declared if host_of(u) is not None and _netloc(u) in error.lower()]
        if not gone:
            return item, []
        kept = replace(
            plan,
            primary=None if plan.primary in gone else plan.primary,
            extra=tuple(u for u in plan.extra if u not in gone),
        )
        without = replace(item, indexes=kept)
        if self._index_error(without) is not None:  # no index answers: dropping these changes nothing
            return item, []
        shown = []
        for url in gone:
            bare = scrub(without_userinfo(url), plan.secrets)
            shown.append(next((s for s in plan.shown if s.startswith(f"{bare} (")), bare))
        return without, shown

    def _index_error(self, item: AdviceInput) -> str | None:
        """uv's message when asking the indexes for the package fails for another reason than
        there being no such release (an index that cannot be reached); None otherwise."""
        try:
            compile_set(
                [f"{self.package}>={self.fixed_in}"],
                [],
                item.python,
                self.resolver,
                item.indexes,
                resolution="lowest",
                no_deps=True,
            )
        except ResolutionError as exc:
            return None if exc.unsatisfiable else exc.detail
        return None

    def _python_note(self, item: AdviceInput, python: str, minimal: str) -> str:
        """That the fix needs a newer Python than the project asks for, and where it asks."""
        asked = item.target.python
        where = f"{asked.source} asks for {asked.request}" if asked else f"it was resolved for {item.python}"
        return (
            f"the releases that allow {self.package} {minimal} need Python {python} or later, and {where}: "
            f"Python has to move too (the change was resolved for Python {python})"
        )

    # -- edits and commands ---------------------------------------------------------------------------
    def _changes(self, item: AdviceInput, project: Sequence[Declared], plan: _Plan) -> list[Change]:
        """The declarations that have to change for ``plan``: those that exclude a version it
        chooses and, for a lock or compiled file, those that still allow the version it has now."""
        locked = self._locked(item)
        out: list[Change] = []
        for d in project:
            version, floor = plan.chosen.get(d.name), plan.floors.get(d.name)
            if version is None and floor is None:
                continue
            excludes = version is not None and not _admits(d, version)
            now = locked.get(d.name)
            stale = floor is not None and now is not None and _below(now, floor) and admits(d, now)
            if not (excludes or stale):
                continue
            out.append(_change(d, version, floor, plan.written.get(d.location)))
        return out

    def _edits(self, item: AdviceInput, changes: Sequence[Change]) -> tuple[list[Edit], list[str]]:
        """One-line edits for ``changes``; a change that cannot be written becomes a note. None for
        what is deployed: the sentence says what to rebuild with instead (``rebuild_step``)."""
        if is_deployed(item.target):
            return [], []
        edits: list[Edit] = []
        notes: list[str] = []
        read: ReadFiles = {}  # each file read once, however many of its lines change
        for c in changes:
            if self.resolver.budget is not None:  # thousands of lines may change
                self.resolver.budget.check("the edits were written out")
            d = c.declared
            kind = item.kinds.get(d.location.file)
            try:
                if kind is None or d.location.line is None:
                    raise EditError(f"{d.location}: the line to change is not known")
                edit = plan_edit(self.checkout, kind, d.location, d.name, c.spec, read, written=c.written)
                edits.append(edit)
            except EditError as exc:
                notes.append(f"change {c.describe()} by hand ({exc})")
        return edits, notes

    def _locked(self, item: AdviceInput) -> dict[str, str]:
        """What a lock (or a compiled requirements file) pins now; empty for other roots."""
        t = item.target
        if t.resolution is Resolution.LOCK or self._is_compiled(item, t.source.file):
            return dict(t.resolved)
        return {}

    def _regenerate(self, item: AdviceInput) -> str | None:
        """The lock or compiled file that must be regenerated after the manifest's edits."""
        t = item.target
        if t.resolution is Resolution.LOCK or self._is_compiled(item, t.source.file):
            return t.source.file
        return None

    def _command(self, item: AdviceInput, movers: Sequence[str]) -> str | None:
        t = item.target
        kind = item.kinds.get(t.source.file)
        if t.resolution is Resolution.LOCK and kind is not None:
            return lock_command(kind, movers)
        if t.resolution is not Resolution.LOCK and self._is_compiled(item, t.source.file):
            header = self._header(t.source.file)
            stem = t.source.file[: -len(".txt")] if t.source.file.endswith(".txt") else None
            input_file = f"{stem}.in" if stem and f"{stem}.in" in item.kinds else None
            return compile_command(header, input_file and posixpath.basename(input_file), movers)
        return None

    @staticmethod
    def _is_compiled(item: AdviceInput, file: str) -> bool:
        return any(d.via for d in item.found.everything if d.location.file == file)

    def _header(self, file: str) -> str | None:
        try:
            with (self.checkout / file).open(encoding="utf-8", errors="replace") as fh:
                head = "".join(fh.readline() for _ in range(12))
        except OSError:
            return None
        return compiled_header(head)

    # -- 3 and 4. recommend and verify ---------------------------------------------------------------
    def _audit_remaining(self, version: str) -> tuple[tuple[Advisory, ...], str | None]:
        if self.auditor is None:
            return (), None
        audit = self.auditor.audit([(self.package, version)])
        return audit.of(self.package), audit.error

    def _run(
        self,
        version: str,
        anyio: str | None,
        target: Target,
        python: str | None = None,
        candidate: bool = True,
    ) -> Verdict:
        """The repro on ``version``: on the project's Python, or on ``python`` or later when the fix
        needs a newer one than the project asks for. ``candidate``: a candidate for the
        recommendation, announced to ``on_candidate`` (not the minimal fix's own run)."""
        request = target.python
        if python is not None:
            where = target.python.source if target.python else target.source
            request = PythonRequest(f">={python}", where)
        self.progress(f"verifying the fix: {target.package} {version} for {target.root}")
        if candidate:
            self.on_candidate(version, anyio, request)
        return self.verdict(version, anyio, request)

    def _recommend(
        self,
        item: AdviceInput,
        project: Sequence[Declared],
        minimal: str,
        minimal_run: Verdict,
        tried: list[Check],
    ) -> _Plan:
        """The newest set the project allows with the fix, run; the minimal fix when that fails."""
        t = item.target
        excluded: list[str] = []
        why_not: list[str] = []
        attempt: _Attempt | None = None
        mover, lowest, python = self.package, None, None
        for _ in range(RECOMMENDED_CANDIDATES):
            attempt, found_lowest, why = self.upgrade(item, project, minimal, excluded)
            why_not += [n for n in why if n not in why_not]
            lowest = found_lowest or lowest
            if attempt is not None and attempt.python is not None:
                python = attempt.python
                item = replace(item, python=python)
                mover = attempt.mover
            if attempt is None or self.package not in attempt.versions:
                attempt = None
                break
            mover = attempt.mover
            candidate, anyio = attempt.versions[self.package], attempt.versions.get("anyio")
            run = self._run(candidate, anyio, t, python)
            if run.status is VerdictStatus.NOT_REPRODUCED:
                chosen = {n: attempt.versions[n] for n in attempt.relax if n in attempt.versions}
                chosen.setdefault(self.package, candidate)
                floors = {self.package: minimal}
                if mover != self.package and lowest is not None:
                    floors[mover] = lowest
                return _Plan(
                    chosen,
                    floors,
                    mover,
                    candidate,
                    run,
                    (candidate, anyio),
                    excluded=excluded,
                    python=python,
                )
            tried.append(Check(candidate, run))
            excluded.append(candidate)
        # Fall back to the minimal fix, which has passed already; a parent that caps the package
        # moves to its lowest release that admits it.
        chosen = {self.package: minimal}
        floors = {self.package: minimal}
        if lowest is not None:
            parent = mover if mover != self.package else self._capping_parent(item, project)
            if parent is not None:
                mover, chosen[parent], floors[parent] = parent, lowest, lowest
        if excluded:
            failed = ", ".join(f"{self.package} {v}" for v in excluded)
            fallback = f"the newer sets the project allows did not pass the reproduction ({failed})"
        else:
            fallback = "the newest set the project allows could not be computed" + (
                f" ({'; '.join(why_not)})" if why_not else ""
            )
        # The minimal fix ran on the project's Python: when the fix needs a newer one, run it again.
        ran = (minimal, t.companion("anyio")) if python is None else None
        return _Plan(
            chosen,
            floors,
            mover,
            minimal,
            minimal_run,
            ran,
            fallback=fallback,
            excluded=excluded,
            python=python,
        )

    # -- 5. checked: the changed set resolves, and the repro passes on what it resolves to ------------
    def _settle(
        self, item: AdviceInput, project: Sequence[Declared], plan: _Plan, minimal: str, tried: list[Check]
    ) -> tuple[list[Change], SetCheck | None]:
        """Resolve the project with the plan's changes applied; when it does not resolve, move what
        holds the package back (or leave out what cannot be resolved here at all) and try again.
        Sets ``plan.verified`` when the whole changed set resolves and the repro passes on it."""
        left_out: dict[str, str] = {}
        changes: list[Change] = []
        check: SetCheck | None = None
        rounds = SETTLE_ROUNDS + MAX_MOVES + MAX_LEFT_OUT
        for _ in range(rounds):
            at = _at(item, plan)  # a parent moved may have needed a newer Python
            resolver = Resolver(self.resolver, at.indexes, at.python)
            changes = self._changes(at, project, plan)
            shown = {self.package, *COMPANIONS, *plan.chosen, *plan.floors}
            check, versions, parents = check_set(resolver, project, changes, shown, left_out)
            if check is None:
                return changes, None
            if plan.unreached:  # checked against fewer indexes than the project declares
                check = replace(check, left_out=(*check.left_out, *plan.unreached))
            if not check.resolves:
                if self._unstick(at, project, plan, changes, check.error or "", left_out, minimal, resolver):
                    continue
                return changes, check
            if self._lock_moves(at, project, plan, versions, parents, minimal):
                continue  # the lock's parents move too: their declarations change, check again
            plan.verified = self._verify(at, plan, check, tried) and not check.left_out
            return changes, check
        plan.notes.append(f"gave up after {rounds} resolutions of the changed set")
        return changes, check

    def _verify(self, item: AdviceInput, plan: _Plan, check: SetCheck, tried: list[Check]) -> bool:
        """Run the repro on what the changed set resolves to (unless that run was made already)."""
        t = item.target
        version, anyio = check.version(self.package), check.version("anyio")
        if version is None:
            plan.notes.append(f"with the change, {self.package} is no longer in the resolved set")
            return False
        if plan.ran != (version, anyio):
            run = self._run(version, anyio, t, plan.python, candidate=not plan.lowest)
            if run.status is not VerdictStatus.NOT_REPRODUCED:
                tried.append(Check(version, run))
                plan.notes.append(
                    f"with the change, the project resolves to {self.package} {version}, on which the "
                    f"reproduction did not pass ({run.reason})"
                )
                return False
            plan.verification, plan.ran = run, (version, anyio)
        plan.recommended = version
        return True

    def _wanted(
        self, project: Sequence[Declared], plan: _Plan, minimal: str, but: str | None = None
    ) -> list[str]:
        """What the fix requires so far: the package's fixed release and every parent's move, as
        the project declares them (``fastapi[all]`` brings its extras' requirements along)."""
        wanted = [f"{self.package}>={minimal}"]
        for name, floor in plan.floors.items():
            if name in (self.package, but):
                continue
            declared = [d.requirement for d in project if d.name == name and not d.constraint]
            try:
                wanted += [with_specifier(r, f">={floor}") for r in declared] or [f"{name}>={floor}"]
            except InvalidRequirement:
                wanted.append(f"{name}>={floor}")
        return list(dict.fromkeys(wanted))

    def _blames_fix(self, error: str, plan: _Plan) -> bool:
        """Whether uv's ``error`` names the package or a parent the fix moves: a declaration that
        fails on its own for that reason (``fastapi==0.45.0`` needs a Starlette with no wheel here)
        holds the fix back; it is not one that simply cannot be resolved here."""
        return bool(named(uv_reason(error), [self.package, *plan.floors]))

    def _unstick(
        self,
        item: AdviceInput,
        project: Sequence[Declared],
        plan: _Plan,
        changes: Sequence[Change],
        message: str,
        left_out: dict[str, str],
        minimal: str,
        resolver: Resolver,
    ) -> bool:
        """After the changed set failed to resolve with ``message``: leave out a declaration that
        does not resolve here even on its own, or move the one that holds the package (or a parent
        the fix moves) back. False when neither is found (``plan.notes`` then says what was tried)."""
        names = [n for n in dict.fromkeys(d.name for d in project) if n != self.package]
        moved = {self.package, *plan.floors, *plan.chosen}  # what the plan changes itself
        mentioned = [n for n in named(message, names) if n not in moved and n not in left_out]
        if len(left_out) >= MAX_LEFT_OUT or len(plan.floors) > MAX_MOVES:
            plan.notes.append(
                f"gave up: {len(left_out)} declarations do not resolve here on their own, and "
                f"{len(plan.floors) - 1} packages were moved"
            )
            return False
        stuck = False
        holders: list[str] = []  # fail on their own, for the package's (or a moved parent's) sake
        for name in mentioned:
            error = resolver.error(requirements_of(project, changes, name))
            if error is None:
                continue
            if self._blames_fix(error, plan):
                holders.append(name)
            else:
                self._leave_out(plan, left_out, name, error)
                stuck = True
        if stuck:
            if len(plan.floors) > 1:  # a parent moved before: its newest set may have been blocked
                self._newest(item, project, plan, minimal, left_out)
            return True
        wanted = self._wanted(project, plan, minimal)
        required = {d.name for d in project if not d.constraint}
        others = [n for n in names if n in required and n not in moved and n not in left_out]
        probed: list[str] = []
        for name in [*holders, *mentioned, *others]:
            if name in probed:
                continue
            if len(probed) >= MAX_PROBES:
                break
            probed.append(name)
            own = requirements_of(project, changes, name)
            if name not in holders:
                if resolver.error([*own, *wanted]) is None:
                    continue  # it allows the fix
                error = resolver.error(own)
                if error is not None and not self._blames_fix(error, plan):
                    self._leave_out(plan, left_out, name, error)
                    return True
            return self._move_cap(item, project, plan, name, minimal, left_out)
        checked = ", ".join(probed) if probed else "none"
        plan.notes.append(
            f"could not find what holds {self.package} below {minimal}: uv names no declaration that "
            f"caps it, and each declaration tried on its own allows {', '.join(wanted)} "
            f"(tried: {checked})"
        )
        return False

    @staticmethod
    def _leave_out(plan: _Plan, left_out: dict[str, str], name: str, error: str) -> None:
        left_out[name] = left_out_reason(name, error)
        plan.notes.append(
            f"{name} was left out of the check: on its own, uv says: {_short(uv_reason(error))}"
        )

    def _move_cap(
        self,
        item: AdviceInput,
        project: Sequence[Declared],
        plan: _Plan,
        name: str,
        minimal: str,
        left_out: Mapping[str, str],
    ) -> bool:
        """``name`` holds the package (or a parent the fix moves) back: move it to its first release
        that allows the fix, and the recommendation to the newest set the rest allows with it."""
        current = self._declared_version(project, name) or dict(item.target.resolved).get(name)
        also = self._wanted(project, plan, minimal, but=name)[1:]
        lowest, python = self._lowest_parent(item, name, current, minimal, also)
        if lowest is None:
            above = f" above {current}" if current else ""
            wanted = ", ".join([f"{self.package}>={minimal}", *also])
            plan.notes.append(
                f"{name} holds {self.package} below {minimal}, and no release of {name}{above} on the "
                f"index allows {wanted}"
            )
            return False
        plan.floors[name] = lowest
        plan.chosen[name] = lowest
        if python is not None:
            plan.python, plan.ran = python, None  # the runs so far were on the project's Python
        if plan.mover == self.package:
            plan.mover = name
        self._newest(_at(item, plan), project, plan, minimal, left_out)
        return True

    def _newest(
        self,
        item: AdviceInput,
        project: Sequence[Declared],
        plan: _Plan,
        minimal: str,
        left_out: Mapping[str, str],
    ) -> None:
        """The recommendation once the plan has moved what capped the package: the newest set the
        rest of the project allows with it. Without an answer, the parents' lowest releases with
        the minimal fix, and the plan says why it fell back. The minimal fix's plan keeps the
        lowest releases."""
        if plan.lowest:
            plan.chosen.update(plan.floors)
            return
        kept = [d for d in project if d.name not in left_out]
        try:
            versions = self._resolve(item, kept, dict(plan.floors), minimal, plan.excluded)
        except ResolutionError as exc:
            plan.chosen.update(plan.floors)
            plan.chosen[self.package] = minimal
            moved = ", ".join(f"{n}>={v}" for n, v in plan.floors.items() if n != self.package)
            plan.fallback = (
                f"the newest set with {moved} could not be computed ({_short(uv_reason(str(exc)))})"
            )
            return
        for moved in plan.floors:
            if moved in versions:
                plan.chosen[moved] = versions[moved]
        plan.fallback = None  # the recommendation is the newest set again

    def _lock_moves(
        self,
        item: AdviceInput,
        project: Sequence[Declared],
        plan: _Plan,
        versions: Mapping[str, str],
        parents: Mapping[str, Sequence[str]],
        minimal: str,
    ) -> bool:
        """For a lock: the packages above the package whose locked version the change moves are
        named in the update command, and their declarations no longer allow the old version.
        True when a declaration has to change (the set is then checked again)."""
        locked = self._locked(item)
        again = False
        for name in ancestors(parents, self.package):
            now, then = locked.get(name), versions.get(name)
            if name in plan.floors or now is None or then is None or not _below(now, then):
                continue
            plan.relocked.append(name)
            if not any(d.name == name for d in project):
                continue
            lowest = self._lowest_parent(item, name, now, minimal)[0] or then
            plan.floors[name], plan.chosen[name] = lowest, lowest if plan.lowest else then
            if plan.mover == self.package:
                plan.mover = name
            again = True
        return again

    def advise(self, item: AdviceInput) -> Fix:
        """The fix for ``item.target``, on which the bug reproduced."""
        t = item.target
        self.progress(f"computing the fix for {t.root}")
        item, unreached = self._reachable(item)
        minimal, minimal_run, tried = self.minimal(item)
        if minimal is None or minimal_run is None:
            names = ", ".join(f"{c.version} ({c.verdict.status.value})" for c in tried) or "none"
            return Fix(
                package=t.package,
                from_version=t.version,
                to_version=self.fixed_in,
                location=t.source,
                change=(
                    f"no release of {t.package} from {self.fixed_in} on passed the reproduction here "
                    f"(tried: {names}); check the upgrade by hand"
                ),
                tried=tuple(tried),
            )
        project = self._project(item)
        plan = self._recommend(item, project, minimal, minimal_run, tried)
        plan.unreached = [f"the index {shown}: could not be reached" for shown in unreached]
        plan.written = self._written(item, project)
        changes, check = self._settle(item, project, plan, minimal, tried)
        notes = [
            f"the index {shown} could not be reached, so the fix was computed and checked without it"
            for shown in unreached
        ]
        notes += plan.notes
        if plan.python:
            notes.append(self._python_note(item, plan.python, minimal))
        edits: list[Edit] = []
        command: str | None = None
        regenerate = self._regenerate(item)
        mover = plan.mover
        if check is None and is_deployed(t):
            notes.append(
                f"the packages {t.source.file} records could not be read again, so the change was not "
                "resolved over them"
            )
        elif check is None:
            notes.append(
                "no manifest in this root declares what it installs, so the change could not be resolved "
                "again; regenerate the lock with the packages below upgraded and scan again"
            )
        if check is not None and not check.resolves:
            # Nothing ready to apply: a change that leaves requirements which do not install is no fix.
            described = "; ".join(c.describe() for c in changes) or "no declaration changed"
            notes.append(
                f"with the change ({described}), the requirements in {', '.join(check.files)} do not "
                f"resolve: {uv_reason(check.error or '')}"
            )
            plan.recommended, plan.verification, plan.fallback, regenerate = None, None, None, None
        else:
            edits, edit_notes = self._edits(item, changes)
            notes += edit_notes
            command = self._command(item, self._movers(plan))
        lowest = self._lowest_fix(item, project, plan, minimal, changes, check, edits, command)
        remaining: tuple[Advisory, ...] = ()
        if plan.recommended is not None:
            remaining, audit_error = self._audit_remaining(plan.recommended)
            if audit_error:
                notes.append(
                    f"advisories for {self.package} {plan.recommended} could not be checked: {audit_error}"
                )
        parent_from = (
            (
                self._chain_version(t, mover)
                or self._declared_version(project, mover)
                or dict(t.resolved).get(mover)
            )
            if mover != self.package
            else t.version
        )
        to_version = plan.floors.get(mover, minimal) if mover != self.package else minimal
        fix = Fix(
            package=mover,
            from_version=parent_from or "?",
            to_version=to_version,
            location=(
                Location(edits[0].file, edits[0].line)
                if edits
                # what is deployed: where it records the package to move (nothing is edited there)
                else next((d.location for d in project if d.name == mover and is_deployed(t)), t.source)
            ),
            change="",
            minimal=minimal,
            recommended=plan.recommended,
            recommended_parent=plan.chosen.get(mover) if mover != self.package and plan.recommended else None,
            verification=plan.verification,
            tried=tuple(tried),
            edits=tuple(edits),
            command=command,
            remaining=remaining,
            notes=tuple(dict.fromkeys(notes)),
            check=check,
            verified=plan.verified,
            fallback=plan.fallback if plan.recommended == minimal else None,
            regenerate=regenerate,
            minimal_fix=lowest,
        )
        return with_sentence(fix, t, python=plan.python)

    def _movers(self, plan: _Plan) -> list[str]:
        """The packages the plan moves, for the update command: the mover first, the package last."""
        movers = [plan.mover, *(n for n in plan.floors if n not in (plan.mover, self.package))]
        movers += [n for n in plan.relocked if n not in movers]
        return [*dict.fromkeys([*movers, self.package])]

    def _written(self, item: AdviceInput, project: Sequence[Declared]) -> dict[Location, str]:
        """The Poetry constraints of the project as written (``fastapi = "^0.95.1"``), whose shape
        the edits keep."""
        read: ReadFiles = {}
        out: dict[Location, str] = {}
        for d in project:
            kind = item.kinds.get(d.location.file)
            if kind is ManifestKind.PYPROJECT and not d.constraint:
                written = written_constraint(self.checkout, kind, d.location, d.name, read)
                if written is not None:
                    out[d.location] = written
        return out

    def _lowest_fix(
        self,
        item: AdviceInput,
        project: Sequence[Declared],
        plan: _Plan,
        minimal: str,
        changes: Sequence[Change],
        check: SetCheck | None,
        edits: Sequence[Edit],
        command: str | None,
    ) -> MinimalFix:
        """The minimal fix as a change of its own: what the recommendation moves, each at its
        lowest release that carries the fix (``fastapi==0.108.0`` rather than the newest), resolved
        again and run like the recommendation. When that is the recommendation's change already
        (ranges become ``>=lowest`` either way), its check and run are the minimal fix's too."""
        low = _Plan(
            # links of the chain that move without a floor of their own keep the recommendation's
            chosen={**{n: v for n, v in plan.chosen.items() if n not in plan.floors}, **plan.floors},
            floors=dict(plan.floors),
            mover=plan.mover,
            recommended=None,
            verification=None,
            ran=None,
            python=plan.python,
            unreached=list(plan.unreached),
            lowest=True,
            written=plan.written,
        )
        moved = plan.mover != self.package
        if _same(self._changes(_at(item, low), project, low), changes):
            return self._audited(
                MinimalFix(
                    change="",
                    edits=tuple(edits),
                    command=command,
                    version=plan.recommended,
                    parent=plan.chosen.get(plan.mover) if moved and plan.recommended else None,
                    verification=plan.verification,
                    check=check,
                    verified=plan.verified,
                )
            )
        self.progress(f"checking the minimal fix for {item.target.root}")
        try:
            low_changes, low_check = self._settle(item, project, low, minimal, [])
        except TimeBudgetSpent as exc:  # the recommendation stands; the minimal fix says why it has none
            return MinimalFix(change="", notes=(f"the minimal change was not computed: {exc}",))
        notes = list(low.notes)
        if low_check is not None and not low_check.resolves:
            described = "; ".join(c.describe() for c in low_changes) or "no declaration changed"
            notes.append(
                f"with the minimal change ({described}), the requirements in {', '.join(low_check.files)} "
                f"do not resolve: {uv_reason(low_check.error or '')}"
            )
            return MinimalFix(change="", check=low_check, notes=tuple(dict.fromkeys(notes)))
        low_edits, edit_notes = self._edits(item, low_changes)
        parent = low_check.version(low.mover) if low_check is not None and low.mover != self.package else None
        return self._audited(
            MinimalFix(
                change="",
                edits=tuple(low_edits),
                command=self._command(item, self._movers(low)),
                version=low.recommended,
                parent=parent or (low.chosen.get(low.mover) if low.mover != self.package else None),
                verification=low.verification,
                check=low_check,
                verified=low.verified,
                notes=tuple(dict.fromkeys([*notes, *edit_notes])),
            )
        )

    def _audited(self, low: MinimalFix) -> MinimalFix:
        """``low`` with the advisories its version still has (the newest set may clear them)."""
        if low.version is None:
            return low
        remaining, error = self._audit_remaining(low.version)
        note = f"advisories for {self.package} {low.version} could not be checked: {error}"
        return replace(low, remaining=remaining, notes=(*low.notes, note) if error else low.notes)


def _change(d: Declared, version: str | None, floor: str | None, written: str | None) -> Change:
    """The change of declaration ``d`` for a plan that sets its package to ``version`` (an exact
    pin, a caret) or raises it to ``floor`` (a range), in the declaration's own shape."""
    target = version or floor
    assert target is not None  # the caller changes only what the plan sets
    spec, text = shaped_specifier(d, target, floor, written)
    return Change(d, spec, text)


def _same(a: Sequence[Change], b: Sequence[Change]) -> bool:
    """Whether two lists of changes make the same edits."""

    def key(changes: Sequence[Change]) -> list[tuple[Location, str, str, str | None]]:
        return [(c.declared.location, c.declared.name, c.spec, c.written) for c in changes]

    return key(a) == key(b)


def _at(item: AdviceInput, plan: _Plan) -> AdviceInput:
    """``item`` as the plan resolves it: for the newer Python a moved parent needs, and without the
    declared indexes that could not be reached."""
    return replace(item, python=plan.python) if plan.python else item


def _netloc(url: str) -> str:
    """``host[:port]`` of ``url`` as uv prints it in a message (no user information)."""
    return urllib.parse.urlsplit(url).netloc.rpartition("@")[2].lower()


def _next_minor(python: str | None) -> str | None:
    """``"3.8"`` after ``"3.7"`` (or ``"3.7.4"``); None when ``python`` is not a version."""
    try:
        release = Version(python or "").release
    except InvalidVersion:
        return None
    if len(release) < 2:
        return None
    return f"{release[0]}.{release[1] + 1}"


def _below(version: str, floor: str) -> bool:
    try:
        return Version(version) < Version(floor)
    except InvalidVersion:
        return False


def _short(message: str, limit: int = 300) -> str:
    return message if len(message) <= limit else message[: limit - 1] + "…"


def with_sentence(fix: Fix, target: Target, python: str | None = None) -> Fix:
    """``fix`` with ``change``: one sentence saying what to do, first the minimum, then how.
    ``python``: the Python version the fix needs at least, when the project asks for an older one."""
    package = target.package
    if fix.package != package:
        head = (
            f"upgrade {fix.package} to {fix.to_version} or later ({fix.from_version} now; "
            f"{fix.to_version} is its first release that allows {package} {fix.minimal})"
        )
    else:
        head = f"upgrade {package} to {fix.to_version} or later ({fix.from_version} now)"
    if python:
        head += f" and Python to {python} or later"
    rebuild = rebuild_step(target, fix.check)
    change = _sentence(head, fix, fix.check, fix.edits, fix.command, fix.notes, rebuild)
    low = fix.minimal_fix
    if low is not None:
        rebuild = rebuild_step(target, low.check)
        low = replace(low, change=_sentence(head, fix, low.check, low.edits, low.command, low.notes, rebuild))
    return replace(fix, change=change, minimal_fix=low)


def _sentence(
    head: str,
    fix: Fix,
    check: SetCheck | None,
    edits: Sequence[Edit],
    command: str | None,
    notes: Sequence[str],
    rebuild: str | None = None,
) -> str:
    """``head``, then the steps: the edits, then the command (or the file to regenerate); for what
    is deployed, what to rebuild it with (``rebuild``)."""
    if check is not None and not check.resolves:
        files = ", ".join(check.files)
        why = f"no change is suggested, because with it the requirements in {files} do not resolve"
        return f"{head}: {why} (see the notes)"
    steps = [f"change {e.file}:{e.line} to `{e.new.strip()}`" for e in edits]
    if command:
        steps.append(f"run `{command}`")
    elif fix.regenerate:
        steps.append(f"regenerate {fix.regenerate} with the tool that wrote it")
    if rebuild:
        steps.append(rebuild)
    if not steps and not notes:
        steps.append(f"update the requirement at {fix.location}")
    return f"{head}: {', then '.join(steps)}" if steps else head
