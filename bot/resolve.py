"""From a project root's manifests to the exact version of a package it really gets.

Order of authority inside one root:
1. a lockfile that pins the package (uv.lock, poetry.lock): what the project installs today;
2. an exact ``==`` pin in a declared manifest (requirements file, pyproject);
3. otherwise uv's resolver, compile only (nothing is installed, nothing is built), on the
   declared requirements and constraints: what a fresh install would get today.

Provenance: the ``file:line`` that fixes the version (the lock entry, the pin, the constraint,
or the declaration of the direct dependency that pulled the package in) and the ``via`` chain of
parents from that direct dependency down. Disagreements between sources become notes.
"""

from __future__ import annotations

import datetime
import re
import subprocess
import tempfile
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion

from bot.model import (
    Declared,
    Location,
    LockedPackage,
    ManifestKind,
    ProjectRoot,
    PythonRequest,
    Resolution,
    ScanError,
    Target,
)

LOCK_KINDS = (ManifestKind.UV_LOCK, ManifestKind.POETRY_LOCK)
COMPANIONS = ("anyio",)


@dataclass(frozen=True)
class ResolverConfig:
    uv: str
    index_url: str | None = None
    environ: Mapping[str, str] | None = None
    timeout: float = 300.0


class ResolutionError(Exception):
    """uv could not resolve the declared requirements."""


def python_request(root: ProjectRoot) -> PythonRequest | None:
    """What the root says about its interpreter: ``.python-version`` first, then requires-python."""
    for kind in (ManifestKind.PYTHON_VERSION, ManifestKind.PYPROJECT, ManifestKind.UV_LOCK):
        for m in root.manifests:
            if m.kind is kind and m.python_version:
                return PythonRequest(m.python_version, Location(m.path, 1))
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


def _lock_chain(locked: Sequence[LockedPackage], roots: Iterable[str], package: str) -> tuple[str, ...]:
    """Shortest chain of parents from a direct dependency to ``package`` in a lock graph."""
    by_name = {p.name: p for p in locked}
    starts = [r for r in roots if r in by_name]
    if not starts:  # no root information: the packages nothing else depends on
        depended = {d for p in locked for d in p.dependencies}
        starts = [p.name for p in locked if p.name not in depended]
    if package in starts:
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
    return ()


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


def _declared(root: ProjectRoot) -> list[Declared]:
    """Every declaration in the root's non-lock manifests, once each.

    A file can be reached twice: on its own (it matches ``requirements*.txt``) and through another
    file's ``-r``/``-c``. A line read as a constraint anywhere stays a constraint: it limits
    versions and must not add a package.
    """
    declared = [d for m in root.manifests if m.kind not in LOCK_KINDS for d in m.requirements]
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


def _from_locks(root: ProjectRoot, package: str, declared: list[Declared]) -> Target | None:
    direct = [d.name for d in declared if not d.constraint]
    for m in root.manifests:
        if m.kind not in LOCK_KINDS:
            continue
        hit = next((p for p in m.locked if p.name == package), None)
        if hit is None:
            continue
        companions = tuple((p.name, p.version) for p in m.locked if p.name in COMPANIONS)
        return Target(
            root=root.path,
            package=package,
            version=hit.version,
            source=hit.location,
            via=_lock_chain(m.locked, [*m.lock_roots, *direct], package),
            resolution=Resolution.LOCK,
            companions=companions,
            python=python_request(root),
            notes=_disagreements(package, hit.version, declared),
        )
    return None


def _pinned_companions(declared: Iterable[Declared], python: str | None) -> tuple[tuple[str, str], ...]:
    """Companions (anyio) the declared manifests pin exactly; the sandbox installs those too."""
    out = []
    for d in declared:
        version = _exact(d) if d.name in COMPANIONS else None
        if version and _marker_applies(Requirement(d.requirement), python):
            out.append((d.name, version))
    return tuple(out)


def _from_pins(
    root: ProjectRoot, package: str, declared: list[Declared], python: str | None
) -> Target | None:
    pins = [
        d
        for d in declared
        if d.name == package
        and not d.constraint
        and _exact(d)
        and _marker_applies(Requirement(d.requirement), python)
    ]
    if not pins or len({_exact(d) for d in pins}) != 1:
        return None
    version = _exact(pins[0])
    assert version is not None
    return Target(
        root=root.path,
        package=package,
        version=version,
        source=pins[0].location,
        via=(),
        resolution=Resolution.PIN,
        companions=_pinned_companions(declared, python),
        python=python_request(root),
        notes=_disagreements(package, version, declared),
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


def _compile(
    requirements: Sequence[str], constraints: Sequence[str], python: str | None, config: ResolverConfig
) -> str:
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
        if python:
            cmd += ["--python-version", python]
        if config.index_url:
            cmd += ["--index-url", config.index_url]
        proc = subprocess.run(
            cmd,
            cwd=tmp,
            env=dict(config.environ) if config.environ is not None else None,
            capture_output=True,
            text=True,
            timeout=config.timeout,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    if proc.returncode != 0:
        lines = [ln.strip() for ln in proc.stderr.splitlines() if ln.strip()]
        raise ResolutionError(" ".join(lines[-6:]) or f"uv exited with {proc.returncode}")
    return proc.stdout


def _blame(message: str, declared: Sequence[Declared], fallback: str) -> Location:
    """The declaration a resolver error most likely refers to."""
    lowered = message.lower()
    for d in declared:
        if re.search(rf"(?<![a-z0-9_.-]){re.escape(d.name)}(?![a-z0-9_-])", lowered.replace("_", "-")):
            return d.location
    return Location(fallback)


def _from_resolver(
    root: ProjectRoot, package: str, declared: list[Declared], python: str | None, config: ResolverConfig
) -> Target | None:
    requirements = [d for d in declared if not d.constraint]
    constraints = [d for d in declared if d.constraint]
    if not requirements:
        return None
    output = _compile(
        [d.requirement for d in requirements], [d.requirement for d in constraints], python, config
    )
    versions, parents = parse_compile_output(output)
    if package not in versions:
        return None
    version = versions[package]
    direct = {d.name for d in requirements}
    chain = _parent_chain(parents, direct, package) or ()
    top = chain[0] if chain else package
    source = next((d.location for d in requirements if d.name == top), requirements[0].location)
    pinned_by = next((d for d in constraints if d.name == package and _exact(d) == version), None)
    notes = [f"resolved by uv for Python {python or 'default'} on {_today()}"]
    if pinned_by is not None:
        source = pinned_by.location
        notes.append(f"version fixed by the constraint at {pinned_by.location}")
    return Target(
        root=root.path,
        package=package,
        version=version,
        source=source,
        via=tuple(f"{name} {versions.get(name, '?')}" for name in chain),
        resolution=Resolution.RESOLVER,
        companions=_pinned_companions(declared, python),
        python=python_request(root),
        notes=(*notes, *_disagreements(package, version, declared)),
    )


def _today() -> str:
    return datetime.date.today().isoformat()


def resolve_root(
    root: ProjectRoot, package: str, python: str | None, config: ResolverConfig
) -> tuple[Target | None, list[ScanError]]:
    """The target for ``package`` in ``root`` (None if the package is not in its resolved set)."""
    package = canonicalize_name(package)
    declared = _declared(root)
    target = _from_locks(root, package, declared) or _from_pins(root, package, declared, python)
    if target is not None:
        return target, []
    first = declared[0].location.file if declared else root.path
    try:
        return _from_resolver(root, package, declared, python, config), []
    except ResolutionError as exc:
        where = _blame(str(exc), declared, first)
        return None, [ScanError(file=where.file, line=where.line, message=f"could not resolve: {exc}")]
    except (OSError, subprocess.SubprocessError) as exc:
        return None, [ScanError(file=first, message=f"could not run the resolver: {exc}")]
