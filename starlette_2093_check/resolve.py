"""From a project root's manifests to the exact version of a package it really gets.

Order of authority inside one root:
0. the checkout providing the package itself: a direct reference (a VCS URL, an archive, a
   vendored directory, a uv source) or a ``--find-links`` directory holding it. What gets installed
   is then not a release, and the target is reported as not checked (``Target.unrunnable``);
1. a lockfile that pins the package (uv.lock, poetry.lock, pdm.lock, Pipfile.lock, pylock.toml):
   what the project installs today. A lock that records its projects (uv.lock, also shared by a
   workspace's members) counts only for what the root's own project reaches. A lock entry from a
   source other than an index is not checked either;
2. an exact ``==`` pin in a declared manifest (an override's first; a compiled requirements file
   wins over the ``.in`` beside it);
3. otherwise uv's resolver, compile only (nothing is installed, nothing is built), on the
   declared requirements, constraints and overrides, with the indexes the repository declares and
   the workflow allows (``indexes``): what a fresh install would get today. When the whole set
   does not resolve, in stages (``starlette_2093_check.stages``): what was left out is on the target
   (``Target.left_out``), and what uv could not resolve is an error at its line. A root that uses
   the package but cannot be resolved at all is an inconclusive target (``Target.unrunnable``).
   Every uv call is bounded by the root's time budget (``budget``, through ``ResolverConfig``):
   a root whose resolution it cuts short is an inconclusive target too, whatever it declares.

Companions (anyio) come with the version: the lock's, the resolver's, or for a root of pins, an
exact pin or else what its declared set compiles to.

Local path requirements (``-e ../libs/web``) that lead to another project root bring that root's
declarations in, with the path in ``via``.

Provenance: the ``file:line`` that fixes the version (the lock entry, the pin, the constraint,
or the declaration of the direct dependency that pulled the package in) and the ``via`` chain of
parents from that direct dependency down. Disagreements between sources become notes.
"""

from __future__ import annotations

import datetime
import os
import posixpath
import re
import subprocess
import tempfile
import urllib.parse
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from starlette_2093_check.budget import Budget, TimeBudgetSpent
from starlette_2093_check.budget import run as run_within
from starlette_2093_check.indexes import IndexPlan, IndexPolicy, plan, scrub
from starlette_2093_check.lockview import installed
from starlette_2093_check.model import (
    Declared,
    IndexSource,
    Location,
    LockedPackage,
    Manifest,
    ManifestKind,
    ProjectRoot,
    PythonRequest,
    Resolution,
    ScanError,
    Target,
)
from starlette_2093_check.resolvecache import Answers, ResolveCache, uv_identity
from starlette_2093_check.stages import Compile, Failure, Staged, Unresolved, resolve_in_stages
from starlette_2093_check.stages import ResolutionError as ResolutionError
from starlette_2093_check.urls import hide_userinfo

COMPANIONS = ("anyio",)
_PYTHON_SOURCES = (
    ManifestKind.PYTHON_VERSION,
    ManifestKind.PIPFILE,
    ManifestKind.CONDA,
    ManifestKind.PYPROJECT,
    ManifestKind.SETUP_CFG,
    ManifestKind.SETUP_PY,
    ManifestKind.PIPFILE_LOCK,
    ManifestKind.UV_LOCK,
    ManifestKind.PDM_LOCK,
    ManifestKind.PYLOCK,
)


@dataclass(frozen=True)
class ResolverConfig:
    uv: str
    index_url: str | None = None  # the `index-url` input: replaces the default index
    environ: Mapping[str, str] | None = None  # uv's environment (no tokens)
    timeout: float = 300.0
    # What the repository's declared indexes may use: allowed variables (handed to uv in its
    # environment, never on its command line, and scrubbed from its messages) and hosts.
    policy: IndexPolicy = field(default_factory=lambda: IndexPolicy({}, frozenset()))
    parents: tuple[str, ...] = ()  # the card's parents: conda-level ones are requirements
    # uv's answers during one scan, by everything that decides them: the staged resolution of
    # each root and of each of its variants compiles the same single requirements again, and
    # roots with the same manifests ask the same questions, at the same time when in parallel.
    answers: Answers = field(default_factory=Answers, compare=False, hash=False, repr=False)
    # The time uv may take (``budget``): the root's, within the run's. None: only ``timeout``.
    budget: Budget | None = field(default=None, compare=False, hash=False, repr=False)
    # uv's answers kept between runs for the day (``starlette_2093_check.resolvecache``). None: none kept.
    store: ResolveCache | None = field(default=None, compare=False, hash=False, repr=False)


def python_request(root: ProjectRoot) -> PythonRequest | None:
    """What the root says about its interpreter: ``.python-version`` first, then requires-python."""
    for kind in _PYTHON_SOURCES:
        for m in root.manifests:
            if m.kind is kind and m.python_version:
                line = 1 if kind is ManifestKind.PYTHON_VERSION else None
                return PythonRequest(m.python_version, Location(m.path, line))
            if m.kind is kind and m.requires_python:
                return PythonRequest(m.requires_python, Location(m.path))
    return None


def _marker_applies(req: Requirement, python_version: str | None) -> bool:
    if req.marker is None:
        return True
    env = {"python_version": ".".join(python_version.split(".")[:2])} if python_version else None
    try:
        return bool(req.marker.evaluate(env))
    except Exception:  # an undefined marker variable: let the resolver decide
        return True


def _exact(declared: Declared) -> str | None:
    try:
        return declared.exact_version
    except InvalidRequirement:
        return None


def _lock_chain(
    locked: Sequence[LockedPackage], roots: Iterable[str], package: str, *, guess_roots: bool = True
) -> tuple[str, ...] | None:
    """Shortest chain of parents from a direct dependency to ``package`` in a lock graph.

    ``()`` when the package is itself direct; None when no chain reaches it. Without roots (and
    with ``guess_roots``), the packages nothing else depends on stand in for them.
    """
    by_name = {p.name: p for p in locked}
    starts = [r for r in roots if r in by_name]
    if not starts and guess_roots:  # no root information: the packages nothing else depends on
        depended = {d for p in locked for d in p.dependencies}
        starts = [p.name for p in locked if p.name not in depended]
    if package in starts or package in roots:
        return ()
    queue: deque[tuple[str, tuple[str, ...]]] = deque((s, (s,)) for s in starts)
    seen = set(starts)
    while queue:
        name, path = queue.popleft()
        for dep in by_name[name].dependencies if name in by_name else ():
            if dep == package:
                return tuple(f"{n} {by_name[n].version}" for n in path)
            if dep not in seen and dep in by_name:
                seen.add(dep)
                queue.append((dep, (*path, dep)))
    return None


def _disagreements(package: str, version: str, declared: Iterable[Declared]) -> tuple[str, ...]:
    notes = []
    for d in declared:
        if d.name != package:
            continue
        try:
            spec = Requirement(d.requirement).specifier
            if spec and not spec.contains(version, prereleases=True):
                notes.append(f"{d.location} declares {d.requirement}, but {version} is what gets installed")
        except (InvalidRequirement, InvalidVersion):
            continue
    return tuple(notes)


def _compiled_inputs(root: ProjectRoot) -> set[str]:
    """``.in`` files of the root that have their compiled ``.txt`` beside them (the ``.txt`` wins)."""
    paths = {m.path for m in root.manifests}
    return {
        m.path
        for m in root.manifests
        if m.kind is ManifestKind.REQUIREMENTS_IN and m.path[: -len(".in")] + ".txt" in paths
    }


def _declared(root: ProjectRoot, *, authoritative: bool = True) -> list[Declared]:
    """Every declaration in the root's non-lock manifests, once each.

    A file can be reached twice: on its own (it matches ``requirements*.txt``) and through another
    file's ``-r``/``-c``. A line read as a constraint anywhere stays a constraint: it limits
    versions and must not add a package. With ``authoritative``, an ``.in`` file whose compiled
    ``.txt`` is present is left out: the compiled file says what gets installed.
    """
    shadowed = _compiled_inputs(root) if authoritative else set()
    declared = [
        d
        for m in root.manifests
        if not m.kind.is_lock
        for d in m.requirements
        if d.location.file not in shadowed
    ]
    constraint_at = {d.location for d in declared if d.constraint}
    seen: set[tuple[str, Location, bool]] = set()
    out = []
    for d in declared:
        key = (d.requirement, d.location, d.constraint)
        if key in seen or (not d.constraint and d.location in constraint_at):
            continue
        seen.add(key)
        out.append(d)
    return out


@dataclass
class Gathered:
    """What one root declares, ready for the three ways of fixing a version."""

    declared: list[Declared]  # authoritative requirements and constraints (no direct references
    # except to the package itself), including those of local projects it installs
    everything: list[Declared]  # for disagreement notes: also `.in` files shadowed by their `.txt`
    links: dict[Location, tuple[str, ...]]  # declarations from a local project: the path chain
    notes: list[str]
    indexes: list[IndexSource]
    # Declarations that install the package itself from a direct reference (a VCS URL, an archive,
    # a local directory such as a vendored copy): what they install is not a release.
    own: list[Declared] = field(default_factory=list)
    # Distribution files local --find-links directories offer: (name, file, where the option is).
    local_files: list[tuple[str, str, Location]] = field(default_factory=list)


def gather(
    root: ProjectRoot, package: str, roots: Mapping[str, ProjectRoot], parents: Sequence[str]
) -> Gathered:
    found = Gathered([], _declared(root, authoritative=False), {}, [], [])
    seen_roots = {root.path}
    seen: set[tuple[Location, str]] = set()  # one line may declare several (`a; b` in setup.cfg)
    keep = {package, *(canonicalize_name(p) for p in parents)}

    def installs_package(d: Declared, reference: str) -> bool:
        """Whether the direct reference installs ``package`` itself: by its name, or a local
        directory whose project (or, without a manifest naming one, the directory) is named so."""
        if d.name == package:
            return True
        if "://" in reference:
            return False
        names = (
            {m.project_name for m in roots[reference].manifests if m.project_name}
            if reference in roots
            else set()
        )
        return package in names or (not names and canonicalize_name(posixpath.basename(reference)) == package)

    def visit(current: ProjectRoot, chain: tuple[str, ...]) -> None:
        found.indexes.extend(i for m in current.manifests for i in m.indexes)
        found.local_files.extend(f for m in current.manifests for f in m.local_files)
        for d in _declared(current):
            if (d.location, d.requirement) in seen:
                continue
            seen.add((d.location, d.requirement))
            if d.conda and d.name not in keep:
                d = replace(d, constraint=True)
            if d.reference is None or installs_package(d, d.reference):
                (found.declared if d.reference is None else found.own).append(d)
                if chain:
                    found.links[d.location] = chain
                continue
            if "://" in d.reference:
                found.notes.append(
                    f"not followed: {d.name or d.reference} ({d.location}) comes from a direct reference "
                    f"({d.reference}); what it requires is not part of this check"
                )
            elif d.reference in roots and d.reference not in seen_roots:
                seen_roots.add(d.reference)
                visit(roots[d.reference], (*chain, f"{d.reference} (local path, {d.location})"))
            elif d.reference not in seen_roots:
                found.notes.append(
                    f"not followed: {d.location} installs {d.reference}, which has no manifest"
                )

    visit(root, ())
    return found


def _lock_key(root: ProjectRoot, lock_path: str) -> str:
    """The root's directory relative to the lock's (how a lock that records projects names it)."""
    return posixpath.relpath(root.path, posixpath.dirname(lock_path) or ".")


def _graph_chain(
    lock: Manifest,
    direct: Sequence[str],
    package: str,
    python: str | None,
    config: ResolverConfig | None,
    found: Gathered,
) -> tuple[str, ...] | None:
    """The ``via`` chain for a lock that records no dependency graph (Pipfile.lock).

    uv compiles the direct dependencies with every locked version as a constraint: the versions
    cannot move, and its annotations say who requires whom. None if that fails.
    """
    # An entry the lock records without a usable version (VCS, refused) constrains nothing.
    versions = {p.name: p.version for p in lock.locked if not p.problem}
    tops = [name for name in dict.fromkeys(direct) if name in versions]
    if config is None or not tops:
        return None
    try:
        output = _compile(
            [f"{n}=={versions[n]}" for n in tops],
            [f"{n}=={v}" for n, v in versions.items()],
            python,
            config,
            plan_indexes(found.indexes, config),
        )
    except (ResolutionError, OSError, subprocess.SubprocessError):
        return None
    _, parents = parse_compile_output(output)
    chain = _parent_chain(parents, set(tops), package)
    return None if chain is None else tuple(f"{n} {versions.get(n, '?')}" for n in chain)


def _from_locks(
    root: ProjectRoot,
    package: str,
    found: Gathered,
    python: str | None = None,
    config: ResolverConfig | None = None,
) -> Target | None:
    direct = [d.name for d in found.declared if not d.constraint]
    named = _named_deployed(root)
    # What is deployed (an SBOM, an installed environment) is what runs: it comes before a lock.
    for m in sorted(root.manifests, key=lambda m: not m.kind.is_deployed):
        if not m.kind.is_lock or (named and all(m is not n for n in named)):
            continue  # a set the user named as deployed is the root's whole set
        entries = [p for p in m.locked if p.name == package]
        if not entries:
            continue
        projects = dict(m.lock_projects)
        key = _lock_key(root, m.path)
        if projects and key not in projects:
            continue  # the lock records its projects, and this root's is not one of them
        own = projects[key] if projects else m.lock_roots
        # What this Python installs: a lock may hold a version of the package for each environment.
        locked = installed(m.locked, python, [*own, *direct])
        hit = next((p for p in locked if p.name == package), None)
        if hit is None:
            continue  # locked only for other Pythons or platforms: not installed here
        # The lock's own record of the project first: another manifest in the root may declare the
        # package directly (and disagree), which must not hide the real chain. Only a lock that
        # does not record its projects may guess its roots.
        chain = _lock_chain(locked, own, package, guess_roots=not projects) if own else None
        if chain is None:
            chain = _lock_chain(locked, [*own, *direct], package, guess_roots=not projects)
        if chain is None:
            if projects:
                continue  # in the lock for another project of the workspace, not reached from here
            chain = ()
        companions = tuple((p.name, p.version) for p in locked if p.name in COMPANIONS and not p.problem)
        lock_notes = _fork_notes(m.path, hit, entries, python)
        if not any(p.dependencies for p in m.locked) and not chain and package not in direct:
            computed = _graph_chain(m, direct, package, python, config, found)
            if computed:
                chain = computed
                lock_notes.append(
                    f"via computed by uv from the versions {m.path} locks (it records no graph)"
                )
            else:
                lock_notes.append(f"{m.path} does not record which package requires {package}")
        return Target(
            root=root.path,
            package=package,
            version=hit.version,
            source=hit.location,
            via=chain,
            resolution=_DEPLOYED.get(m.kind, Resolution.LOCK),
            companions=companions,
            python=python_request(root),
            notes=(
                *lock_notes,
                *_disagreements(package, hit.version, found.everything),
                *_other_locks(root, m, hit),
                *found.notes,
            ),
            resolved=tuple(sorted({(p.name, p.version) for p in locked if not p.problem})),
            unrunnable=hit.problem,
        )
    return None


_DEPLOYED = {
    ManifestKind.CYCLONEDX: Resolution.SBOM,
    ManifestKind.SPDX: Resolution.SBOM,
    ManifestKind.FREEZE: Resolution.INSTALLED,
    ManifestKind.SITE_PACKAGES: Resolution.INSTALLED,
}


def deployed_pins(root: ProjectRoot, target: Target) -> list[Declared]:
    """The deployed set a target of an SBOM or an installed environment comes from, as ``==`` pins
    of every package it records (at the line that records it, in that file; a site-packages
    directory's are its own path): a fix for what is deployed is resolved over the whole set,
    like a fully pinned requirements file. The project the root's manifests define is left out:
    it is built from the checkout, not taken from an index. Empty for any other target."""
    if target.resolution not in (Resolution.SBOM, Resolution.INSTALLED):
        return []
    own = {m.project_name for m in root.manifests if m.project_name}
    deployed_sets = [m for m in root.manifests if m.kind.is_deployed]
    source = next((m for m in deployed_sets if any(p.location == target.source for p in m.locked)), None)
    if source is None:
        return []
    deployed = set(target.resolved)
    return [
        Declared(
            p.name,
            f"{p.name}=={p.version}",
            Location(source.path, p.location.line if p.location.file == source.path else None),
        )
        for p in source.locked
        if (p.name, p.version) in deployed and p.name not in own
    ]


def _other_locks(root: ProjectRoot, taken: Manifest, hit: LockedPackage) -> list[str]:
    """Notes for the root's other locks and deployed sets that record another version than the one
    taken (a lock beside the SBOM of the image built from it, which has moved on since)."""
    return [
        f"{p.location} records {p.name} {p.version}, but {hit.version} ({taken.path}) is what "
        + ("runs" if taken.kind.is_deployed else "gets installed")
        for m in root.manifests
        if m.kind.is_lock and m is not taken
        for p in m.locked
        if p.name == hit.name and p.version != hit.version
    ]


def _fork_notes(
    path: str, hit: LockedPackage, entries: Sequence[LockedPackage], python: str | None
) -> list[str]:
    """Which of a lock's entries for the package was taken, when it holds several (or one only
    for some environments): the one whose marker holds for the Python resolved for."""
    if len(entries) < 2 and hit.marker is None:
        return []
    others = [
        f"{p.version} at {p.location} where {p.marker or 'always'}"
        for p in entries
        if p.location != hit.location
    ]
    text = (
        f"{path} locks {hit.name} {hit.version} where {hit.marker or 'always'}, "
        f"which holds for {f'Python {python}' if python else 'the running Python'} on this platform"
    )
    return [text + (f"; it also locks {'; '.join(others)}" if others else "")]


def _pinned_companions(declared: Iterable[Declared], python: str | None) -> tuple[tuple[str, str], ...]:
    """Companions (anyio) the declared manifests pin exactly; the sandbox installs those too."""
    out = []
    for d in declared:
        version = _exact(d) if d.name in COMPANIONS else None
        if version and _marker_applies(Requirement(d.requirement), python):
            out.append((d.name, version))
    return tuple(out)


def _pinned_set(
    declared: Iterable[Declared], python: str | None, target: tuple[str, str]
) -> tuple[tuple[str, str], ...]:
    """What a root of exact pins is known to install: its applicable ``==`` pins and the target."""
    pins = {target}
    for d in declared:
        version = _exact(d) if not d.constraint and d.reference is None else None
        if version and _marker_applies(Requirement(d.requirement), python):
            pins.add((d.name, version))
    return tuple(sorted(pins))


def _annotated_chain(pin: Declared, declared: Sequence[Declared]) -> tuple[str, ...]:
    """Parents of a pin from a compiled file's ``# via`` annotations, top first, with their pins."""
    pinned = {d.name: d for d in declared if not d.constraint and d.reference is None and _exact(d)}
    chain: list[Declared] = []
    current, seen = pin, {pin.name}
    while current.via:
        parent = next((pinned[p] for p in current.via if p in pinned and p not in seen), None)
        if parent is None:
            break
        chain.append(parent)
        seen.add(parent.name)
        current = parent
    return tuple(f"{d.name} {_exact(d)}" for d in reversed(chain))


def _from_pins(root: ProjectRoot, package: str, found: Gathered, python: str | None) -> Target | None:
    declared = found.declared
    pins = [
        (d, exact)
        for d in declared
        if d.name == package
        and (not d.constraint or d.override)
        and (exact := _exact(d))
        and _marker_applies(Requirement(d.requirement), python)
    ]
    # An override replaces whatever the requirements ask of the package: its pin decides.
    pins = [(d, v) for d, v in pins if d.override] or pins
    if not pins or len({v for _, v in pins}) != 1:
        return None
    pin, version = pins[0]
    return Target(
        root=root.path,
        package=package,
        version=version,
        source=pin.location,
        via=(*found.links.get(pin.location, ()), *_annotated_chain(pin, declared)),
        resolution=Resolution.PIN,
        companions=_pinned_companions(declared, python),
        python=python_request(root),
        notes=(*_disagreements(package, version, found.everything), *found.notes),
        resolved=_pinned_set(declared, python, (package, version)),
    )


def _from_local_files(root: ProjectRoot, package: str, found: Gathered) -> Target | None:
    """A target that cannot be run: the checkout offers the package itself (a file in a
    ``--find-links`` directory, a uv workspace member), and the installer may take that instead of
    the index's release."""
    hit = next(((f, where) for name, f, where in found.local_files if name in (package, "*")), None)
    if hit is None:
        return None
    what, where = hit
    pinned = next((v for d in found.declared if d.name == package and (v := _exact(d))), None)
    reason = (
        f"{where} lets the installer take {package} from {what} in the checkout, not a release "
        "from the package index; only released files are run here, so it was not checked"
    )
    return Target(
        root=root.path,
        package=package,
        version=pinned or "unknown",
        source=where,
        via=(),
        resolution=Resolution.REFERENCE,
        python=python_request(root),
        notes=tuple(found.notes),
        unrunnable=reason,
    )


def _from_reference(root: ProjectRoot, package: str, found: Gathered) -> Target | None:
    """A target that cannot be run: the root installs the package from a direct reference.

    A VCS URL, an archive or a local directory (a fork, a vendored copy) is not the release whose
    version it may name, so no release is run in its place: the target is inconclusive.
    """
    if not found.own:
        return None
    d = found.own[0]
    reference = d.reference or ""
    what = "a URL" if "://" in reference else "a local directory"
    # Its version is not shown: a tag or a file name says what the author called it, and a fork's
    # "0.29.0" need not be anything like the release.
    reason = (
        f"{d.location} installs {package} from {what} ({hide_userinfo(reference)}), not a release "
        f"from the package index; only released files are run here, so it was not checked (pin a "
        f"release of {package} to have it checked)"
    )
    return _not_checked(root, package, found, d.location, Resolution.REFERENCE, reason)


def _not_checked(
    root: ProjectRoot, package: str, found: Gathered, source: Location, resolution: Resolution, reason: str
) -> Target:
    """A target whose version is not known to be a release: reported inconclusive, never run."""
    return Target(
        root=root.path,
        package=package,
        version="unknown",
        source=source,
        via=found.links.get(source, ()),
        resolution=resolution,
        python=python_request(root),
        notes=tuple(found.notes),
        unrunnable=reason,
    )


_PIN_LINE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==(\S+)")


def parse_compile_output(text: str) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Versions and parents from ``uv pip compile --annotation-style split`` output."""
    versions: dict[str, str] = {}
    parents: dict[str, list[str]] = {}
    current: str | None = None
    for raw in text.splitlines():
        line = raw.strip()
        match = _PIN_LINE.match(raw)
        if match:
            current = canonicalize_name(match.group(1))
            versions[current] = match.group(2).split(";")[0]
            parents[current] = []
            continue
        if current is None or not line.startswith("#"):
            continue
        body = line.lstrip("#").strip()
        if body.startswith("via"):
            body = body[3:].strip()
        if body and not body.startswith(("-r", "-c")):
            parents[current].append(canonicalize_name(body))
    return versions, parents


def _parent_chain(parents: Mapping[str, list[str]], direct: set[str], package: str) -> tuple[str, ...] | None:
    """Shortest chain from a direct requirement down to ``package``'s parent (names only)."""
    if package in direct:
        return ()
    queue: deque[tuple[str, tuple[str, ...]]] = deque([(package, ())])
    seen = {package}
    while queue:
        name, below = queue.popleft()
        for parent in parents.get(name, []):
            if parent in seen:
                continue
            chain = (parent, *below)
            if parent in direct:
                return chain
            seen.add(parent)
            queue.append((parent, chain))
    return None


def plan_indexes(declared: Sequence[IndexSource], config: ResolverConfig) -> IndexPlan:
    """The indexes a resolver run under ``config`` uses for what a root declares (``indexes``)."""
    return plan(declared, config.index_url, config.policy)


def _compile(
    requirements: Sequence[str],
    constraints: Sequence[str],
    python: str | None,
    config: ResolverConfig,
    indexes: IndexPlan,
    options: Sequence[str] = (),
    *,
    overrides: Sequence[str] = (),
) -> str:
    key = (
        tuple(requirements),
        tuple(constraints),
        tuple(overrides),
        python,
        tuple(options),
        indexes.primary,
        tuple(indexes.extra),
    )

    def answer() -> str:
        return _stored_or_run(requirements, constraints, python, config, indexes, options, overrides)

    return config.answers.get(key, answer, keep=_no_solution)


def _no_solution(exc: BaseException) -> bool:
    """Whether an error is kept for the run: uv found no solution. An index that could not be
    reached, or a spent time budget, is asked again next time."""
    return isinstance(exc, ResolutionError) and exc.unsatisfiable


def _stored_or_run(
    requirements: Sequence[str],
    constraints: Sequence[str],
    python: str | None,
    config: ResolverConfig,
    indexes: IndexPlan,
    options: Sequence[str],
    overrides: Sequence[str],
) -> str:
    """uv's answer from the day's store (``config.store``), else from uv, then stored. A stored
    answer spends none of the time budget."""
    env = _uv_env(config, indexes)
    store = config.store
    uv = uv_identity(config.uv) if store is not None else None
    inputs = {
        "uv": uv,
        "environment": sorted(env.items()),  # the index URLs (and any credentials) included
        "python": python,
        "options": list(options),
        "requirements": list(requirements),
        "constraints": list(constraints),
        "overrides": list(overrides),
        "indexes": [indexes.primary, *indexes.extra],
    }
    slot = store.slot(inputs) if store is not None and uv is not None else None
    if store is None or slot is None:
        return _run_compile(requirements, constraints, python, config, indexes, options, overrides, env)
    known = store.get(slot)
    if isinstance(known, ResolutionError):
        raise known
    if known is not None:
        return known
    try:
        output = _run_compile(requirements, constraints, python, config, indexes, options, overrides, env)
    except ResolutionError as exc:
        if _lasts_the_day(exc):
            store.put(slot, exc)
        raise
    store.put(slot, output)
    return output


# What uv says when an index misbehaved rather than the versions conflicting: refused (401/403),
# a package "not found" (a proxy whose upstream is down answers 404), a page with no versions or
# a file that is not a wheel (a portal or error page), nothing in uv's cache while offline. uv
# words these as "no solution", but one bad answer must not stand for the whole day.
_INDEX_FAULTS = (
    "hint: An index",
    "not found in the package registry",
    "there are no versions of",
    "invalid package format",
    "network was disabled",
    "not found in the cache",
)


def _lasts_the_day(exc: ResolutionError) -> bool:
    """Whether uv's error holds until an index publishes something: versions that conflict, with
    no sign of an index that refused or misbehaved (``_INDEX_FAULTS``)."""
    return exc.unsatisfiable and not any(fault in exc.detail for fault in _INDEX_FAULTS)


def _uv_env(config: ResolverConfig, indexes: IndexPlan) -> dict[str, str]:
    """uv's environment for a resolution with ``indexes``."""
    env = dict(config.environ) if config.environ is not None else dict(os.environ)
    # Index URLs may carry credentials: they go to uv through its environment, never its arguments.
    if indexes.primary:
        env["UV_INDEX_URL"] = indexes.primary
    if indexes.extra:
        env["UV_EXTRA_INDEX_URL"] = " ".join(indexes.extra)
    return env


def _run_compile(
    requirements: Sequence[str],
    constraints: Sequence[str],
    python: str | None,
    config: ResolverConfig,
    indexes: IndexPlan,
    options: Sequence[str],
    overrides: Sequence[str],
    env: Mapping[str, str],
) -> str:
    before = "uv had resolved the requirements"
    if config.budget is not None:
        config.budget.check(before)
    with tempfile.TemporaryDirectory(prefix="resolve-") as tmp:
        req_file = Path(tmp) / "requirements.in"
        req_file.write_text("\n".join(requirements) + "\n", encoding="utf-8")
        cmd = [
            config.uv,
            "pip",
            "compile",
            "--no-config",
            "--no-build",
            "--no-header",
            "--quiet",
            "--annotation-style",
            "split",
            str(req_file),
        ]
        if constraints:
            con_file = Path(tmp) / "constraints.txt"
            con_file.write_text("\n".join(constraints) + "\n", encoding="utf-8")
            cmd += ["--constraint", str(con_file)]
        if overrides:
            over_file = Path(tmp) / "overrides.txt"
            over_file.write_text("\n".join(overrides) + "\n", encoding="utf-8")
            cmd += ["--override", str(over_file)]
        if python:
            cmd += ["--python-version", python]
        cmd += options
        proc = run_within(
            cmd,
            timeout=config.timeout,
            budget=config.budget,
            before=before,
            env=env,
            cwd=tmp,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    if proc.returncode != 0:
        detail = scrub(proc.stderr.replace(tmp, "<tmp>"), indexes.secrets)
        detail = _without_index_paths(detail, [indexes.primary, *indexes.extra, *_env_indexes(env)])
        raise ResolutionError(_one_line(detail) or f"uv exited with {proc.returncode}", detail)
    return proc.stdout


def _env_indexes(env: Mapping[str, str]) -> list[str]:
    """The index URLs uv takes from its environment (the workflow's own, too)."""
    urls: list[str] = []
    for name in ("UV_INDEX_URL", "UV_DEFAULT_INDEX", "UV_EXTRA_INDEX_URL", "UV_INDEX", "UV_FIND_LINKS"):
        for item in env.get(name, "").split():
            urls.append(item.split("=", 1)[1] if "=" in item.split("://", 1)[0] else item)
    return urls


def _without_index_paths(text: str, urls: Sequence[str | None]) -> str:
    """``text`` with each index URL's path and query cut to "/…": some registries carry the token
    there (``https://host/<token>/simple``), where uv does not hide it."""
    for url in sorted({u for u in urls if u}, key=len, reverse=True):
        parts = urllib.parse.urlsplit(url.rstrip("/"))
        if not parts.scheme or not parts.hostname or not (parts.path.strip("/") or parts.query):
            continue
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        text = text.replace(url.rstrip("/"), f"{parts.scheme}://{host}/…")
    return text


_MESSAGE_LIMIT = 1500


def _one_line(stderr: str) -> str:
    """uv's error on one line: from its ``error:`` line on (warnings before it left out), bounded."""
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    start = next((i for i, ln in enumerate(lines) if ln.startswith("error:")), max(0, len(lines) - 6))
    text = " ".join(lines[start:])
    return text if len(text) <= _MESSAGE_LIMIT else text[: _MESSAGE_LIMIT - 1] + "…"


def compiler(python: str | None, config: ResolverConfig, indexes: IndexPlan) -> Compile:
    """``stages``' way to compile declarations: requirements, constraints and overrides by role."""

    def compile_(declared: Sequence[Declared]) -> tuple[dict[str, str], dict[str, list[str]]]:
        output = _compile(
            [d.requirement for d in declared if not d.constraint],
            [d.requirement for d in declared if d.constraint and not d.override],
            python,
            config,
            indexes,
            overrides=[d.requirement for d in declared if d.override],
        )
        return parse_compile_output(output)

    return compile_


def _from_resolver(
    root: ProjectRoot,
    package: str,
    found: Gathered,
    python: str | None,
    indexes: IndexPlan,
    staged: Staged,
) -> Target | None:
    versions, parents = staged.versions, staged.parents
    if package not in versions:
        return None
    declared = staged.kept
    requirements = [d for d in declared if not d.constraint]
    version = versions[package]
    direct = {d.name for d in requirements}
    chain = _parent_chain(parents, direct, package) or ()
    top = chain[0] if chain else package
    source = next((d.location for d in requirements if d.name == top), requirements[0].location)
    pinned_by = next(
        (d for d in declared if d.constraint and d.name == package and _exact(d) == version), None
    )
    today = _today()
    notes = [f"resolved by uv for Python {python or 'default'} on {today}"]
    if indexes.shown:
        notes.append("with the indexes the repository declares: " + ", ".join(indexes.shown))
    if pinned_by is not None:
        source = pinned_by.location
        what = "override" if pinned_by.override else "constraint"
        notes.append(f"version fixed by the {what} at {pinned_by.location}")
    return Target(
        root=root.path,
        package=package,
        version=version,
        source=source,
        via=(*found.links.get(source, ()), *(f"{name} {versions.get(name, '?')}" for name in chain)),
        resolution=Resolution.RESOLVER,
        # The companions the resolver picked with the package: what the project gets with it.
        companions=tuple((name, versions[name]) for name in COMPANIONS if name in versions),
        python=python_request(root),
        notes=(*notes, *staged.notes, *_disagreements(package, version, found.everything), *found.notes),
        resolved_on=today,
        resolved=tuple(sorted(versions.items())),
        left_out=staged.left_out,
    )


def _today() -> str:
    return datetime.date.today().isoformat()


def _applies(d: Declared, python: str | None) -> bool:
    try:
        return _marker_applies(Requirement(d.requirement), python)
    except InvalidRequirement:
        return False


def _deciding(found: Gathered, package: str, parents: Sequence[str], python: str | None) -> Declared | None:
    """The root's own requirement on ``package`` or one of its parents, if it declares one."""
    names = {package, *(canonicalize_name(p) for p in parents)}
    return next(
        (d for d in found.declared if not d.constraint and d.name in names and _applies(d, python)),
        None,
    )


def _unresolved(
    root: ProjectRoot,
    package: str,
    found: Gathered,
    python: str | None,
    config: ResolverConfig,
    why: str,
    leads: Sequence[Declared] = (),
) -> Target | None:
    """The target of a root that uses ``package`` but could not be resolved: inconclusive, never absent.

    A root uses it when it declares it or one of its parents, or when a requirement of its was seen
    to pull it in (``leads``). Otherwise there is no target, only the errors.
    """
    decl = _deciding(found, package, config.parents, python) or next(iter(leads), None)
    if decl is None:
        return None
    reason = (
        f"the {package} version this project gets is unknown: its requirements could not be resolved "
        f"({why}), so nothing was run; see the errors"
    )
    return _not_checked(root, package, found, decl.location, Resolution.RESOLVER, reason)


def _out_of_time(
    root: ProjectRoot, package: str, found: Gathered, python: str | None, config: ResolverConfig, why: str
) -> Target:
    """The target of a root whose resolution the time budget cut short: inconclusive, version unknown.

    Unlike a root uv could not resolve, it is a target even when the root declares neither the
    package nor a parent: whether its requirements bring the package in was not learnt.
    """
    decl = _deciding(found, package, config.parents, python) or next(
        d for d in found.declared if not d.constraint
    )
    reason = f"the {package} version this project gets is unknown: {why}, so nothing was run"
    return _not_checked(root, package, found, decl.location, Resolution.RESOLVER, reason)


def _named_deployed(root: ProjectRoot) -> list[Manifest]:
    """The deployed sets the user named for this root (``sbom``, ``environment``) that hold a Python
    package: together they are what runs. An empty or unreadable one says nothing about it."""
    return [m for m in root.manifests if m.kind.is_deployed and m.named and m.locked]


def _deployed_notes(root: ProjectRoot, package: str, target: Target) -> Target:
    """``target`` (from the root's other sources) with a note for each deployed set in the root that
    did not give it: one that holds no Python package it could read, and one found by its name
    that records Python packages but not ``package``. Neither stands for the root's set: such a
    file may describe another build (a front end's ``bom.json``), and "no Starlette" is never
    taken from it in silence."""
    notes = []
    named = _named_deployed(root)
    for m in root.manifests:
        if not m.kind.is_deployed:
            continue
        if not m.locked:
            notes.append(
                f"{m.path} gives no Python package (it lists none, or could not be read), so it does "
                "not stand for what this project installs"
            )
        elif not named and not any(p.name == package for p in m.locked):
            notes.append(
                f"{m.path} records {len(m.locked)} Python package(s) but not {package}, while this "
                f"project's other manifests give {package} {target.version}. It was found by its name "
                "and may describe another build, so the manifests decide; if it is what is deployed, "
                f"name it with the sbom input (--sbom): it is then this root's whole set, without {package}"
            )
    return replace(target, notes=(*target.notes, *notes)) if notes else target


def _locked(root: ProjectRoot) -> bool:
    """Whether a lockfile records this root's whole installed set (its own lock, or a lock that
    records its projects and names this root's), or a deployed set the user named does."""
    if _named_deployed(root):
        return True  # the user's word for what runs, wherever the file is
    for m in root.manifests:
        if not m.kind.is_lock or m.kind.is_deployed:
            continue
        projects = dict(m.lock_projects)
        if (
            (_lock_key(root, m.path) in projects)
            if projects
            else posixpath.dirname(m.path) == ("" if root.path == "." else root.path)
        ):
            return True
    return False


def _error(failure: Failure, root: ProjectRoot) -> ScanError:
    """The error for a declaration uv could not resolve (the same text for every root that has it)."""
    d, error = failure
    return ScanError(d.location.file, f"could not resolve: {error}", d.location.line, (root.path,))


def _pinned_anyio(target: Target, found: Gathered, python: str | None, config: ResolverConfig) -> Target:
    """A pinned target with the companions (anyio) its declared set resolves to.

    The pins say what the package is, not what comes with it. Compiling the declared set (compile
    only, nothing built) says which anyio the project gets; without it, the sandbox would take the
    newest anyio the release allows. Best effort: a set that does not resolve leaves a note.
    """
    if target.companions or all(d.name == target.package for d in found.declared if not d.constraint):
        return target  # anyio pinned, or nothing but the package: its newest anyio is what comes
    try:
        versions, _ = compiler(python, config, plan_indexes(found.indexes, config))(found.declared)
    except (ResolutionError, OSError, subprocess.SubprocessError) as exc:
        note = (
            f"the declared requirements could not be compiled to learn their {', '.join(COMPANIONS)} "
            f"({exc}); the sandbox takes the newest release {target.package} {target.version} allows"
        )
        return replace(target, notes=(*target.notes, note))
    if versions.get(target.package) != target.version:
        return target
    companions = tuple((name, versions[name]) for name in COMPANIONS if name in versions)
    return replace(target, companions=companions)


def resolve_root(
    root: ProjectRoot,
    package: str,
    python: str | None,
    config: ResolverConfig,
    roots: Mapping[str, ProjectRoot] | None = None,
) -> tuple[Target | None, list[ScanError]]:
    """The target for ``package`` in ``root`` (None if the package is not in its resolved set).

    ``roots`` are the checkout's other project roots by path: local path requirements that lead to
    one of them bring its declarations in. Errors name ``root`` (``ScanError.roots``). A root that
    uses the package but cannot be resolved gets an inconclusive target (``Target.unrunnable``).
    """
    package = canonicalize_name(package)
    target, errors = _resolve_root(root, package, python, config, roots)
    return (None if target is None else _deployed_notes(root, package, target)), errors


def _resolve_root(
    root: ProjectRoot,
    package: str,
    python: str | None,
    config: ResolverConfig,
    roots: Mapping[str, ProjectRoot] | None,
) -> tuple[Target | None, list[ScanError]]:
    found = gather(root, package, roots or {}, config.parents)
    # What the checkout itself provides comes first: a lock beside a vendored copy or a wheel in
    # the checkout does not make that copy a release.
    target = (
        _from_local_files(root, package, found)
        or _from_reference(root, package, found)
        or _from_locks(root, package, found, python, config)
    )
    if target is not None:
        return target, []
    if _locked(root):
        # The lock records everything the project installs, and the package is not among it (or
        # only for another project of its workspace): nothing to resolve, nothing to run.
        return None, []
    target = _from_pins(root, package, found, python)
    if target is not None:
        return _pinned_anyio(target, found, python, config), []
    declared = found.declared
    indexes = plan_indexes(found.indexes, config)
    errors = [replace(e, roots=(root.path,)) for e in indexes.errors]
    if not any(not d.constraint for d in declared):
        return None, errors
    first = declared[0].location.file
    guarded = (package, *(canonicalize_name(p) for p in config.parents))
    try:
        staged = resolve_in_stages(declared, package, guarded, compiler(python, config, indexes))
    except Unresolved as exc:
        errors += [_error(failure, root) for failure in exc.failed]
        where = exc.blamed.location if exc.blamed is not None else Location(first)
        errors.append(ScanError(where.file, f"could not resolve: {exc.error}", where.line, (root.path,)))
        cause = exc.error.cause
        why = f"uv at {where}: {cause if len(cause) <= 300 else cause[:299] + '…'}"
        return _unresolved(root, package, found, python, config, why, exc.leads), errors
    except TimeBudgetSpent as exc:
        return _out_of_time(root, package, found, python, config, str(exc)), errors
    except (OSError, subprocess.SubprocessError) as exc:
        message = f"could not run the resolver: {scrub(str(exc), indexes.secrets)}"
        errors.append(ScanError(first, message, roots=(root.path,)))
        return _unresolved(root, package, found, python, config, message), errors
    target = _from_resolver(root, package, found, python, indexes, staged)
    if target is None:
        # Without the package in what did resolve, what was left out may be what brings it in:
        # that is a root not checked, so each failure is an error at its line. With a target, the
        # target's ``left_out`` says the same things without making them errors of the manifest.
        errors += [_error(failure, root) for failure in staged.failed]
    if target is not None and indexes.errors:
        places = ", ".join(str(Location(e.file, e.line)) for e in indexes.errors)
        note = f"resolved without the index(es) declared at {places}, which were not used (see errors)"
        target = replace(target, notes=(*target.notes, note))
    return target, errors


def merge_errors(errors: Iterable[ScanError]) -> list[ScanError]:
    """``errors`` with each one reported once: the same message at the same place from several
    roots (a file they all include) becomes one error naming every root."""
    merged: dict[tuple[str, int | None, str], ScanError] = {}
    for e in errors:
        key = (e.file, e.line, e.message)
        if key in merged:
            roots = tuple(dict.fromkeys((*merged[key].roots, *e.roots)))
            merged[key] = replace(merged[key], roots=roots)
        else:
            merged[key] = e
    return list(merged.values())


def compile_set(
    requirements: Sequence[str],
    constraints: Sequence[str],
    python: str | None,
    config: ResolverConfig,
    indexes: IndexPlan,
    *,
    resolution: str = "highest",
    no_deps: bool = False,
) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Versions and parents uv's resolver picks for ``requirements`` (compile only, wheels only).

    ``resolution`` is uv's strategy: ``highest``, ``lowest`` or ``lowest-direct`` (the lowest
    versions of the named requirements that admit a solution). Raises ``ResolutionError``.
    """
    options = ["--resolution", resolution] if resolution != "highest" else []
    if no_deps:
        options.append("--no-deps")
    output = _compile(requirements, constraints, python, config, indexes, options)
    return parse_compile_output(output)


def parse_chain_entry(entry: str) -> tuple[str, str] | None:
    """``("fastapi", "0.95.1")`` from a ``via`` entry such as ``"fastapi 0.95.1"``.

    None for entries that are not a package with a version (a local path that brought another
    root in, a lock entry whose version could not be read).
    """
    name, _, version = entry.partition(" ")
    if not version or " " in version or "(" in entry:
        return None
    try:
        Version(version)
    except InvalidVersion:
        return None
    return canonicalize_name(name), version
