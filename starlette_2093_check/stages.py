"""Resolution in stages: an answer for the package even when a root's whole set does not resolve.

uv compiles all of a root's declarations at once, with builds disabled. One unrelated package it
cannot use (no wheels at all, an old pin with no wheel for the interpreter, a name no index has,
a conda-only name) would leave the root without any answer, though what decides the package's
version resolves on its own. So, in order:

1. the full set;
2. when uv finds no solution, the declarations of the packages its message names are left out,
   unless they are the package, one of its parents or lead to it (each named requirement is
   compiled alone to see), and the rest is compiled again: a bounded number of rounds. Names that
   cannot be resolved even alone go first, so a package merely named beside them stays in;
3. otherwise the part that decides the package: the requirements that lead to it (every direct
   requirement is compiled alone, concurrently, to see which), and the requirements, constraints
   and overrides on the packages those pull in.

Everything left out comes back with uv's reason, so the answer is labelled an approximation. When
even the relevant part fails, ``Unresolved`` carries uv's message and the declaration to blame.

The package itself may be published without a wheel at the version a parent pins (starlette 0.12.9,
which fastapi 0.48.0 requires exactly): uv, which builds nothing here, cannot read what it
requires, and every compile that holds the parent fails. When uv says so, the set is compiled again
with the package overridden away (a marker that never holds), and the parent's exact requirement,
as uv's message gives it, is the answer, if the parent resolves at the version uv named and nothing
declared on the package excludes it (``Staged.notes`` says how it was found). Only the package gets
this: its own sdist is what the sandbox builds and runs anyway; nothing of it runs here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from starlette_2093_check.errors import ScanFailure
from starlette_2093_check.model import Declared, LeftOut

Versions = dict[str, str]
Parents = dict[str, list[str]]
# Compiles declarations (requirements, ``constraint`` ones as constraints, ``override`` ones as
# overrides) and returns uv's versions and parents; raises ``ResolutionError``.
Compile = Callable[[Sequence[Declared]], tuple[Versions, Parents]]
Failure = tuple[Declared, "ResolutionError"]  # a declaration uv could not resolve, and its message

ROUNDS = 6  # stage 2: each round is one compile of the whole remaining set
WORKERS = 4  # concurrent compiles of single requirements (uv mostly waits on the index)
_NO_SOLUTION = "No solution found"
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_OPENING = re.compile(r"^error: No solution found when resolving dependencies:?\s*(?:cause:\s*)?")
_PIN = r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s,;]+)"
_NO_WHEELS = re.compile(_PIN + r" has no (?:usable )?wheels")  # uv: "starlette==0.12.9 has no usable wheels"
# "fastapi==0.48.0 depends on starlette==0.12.9" (or a range of the parent: "fastapi>=0.47,<=0.48.0")
_DEPENDS = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]*)([<>=!~][^\s]*) depends on " + _PIN)
_ALL_DEPEND = re.compile(r"all versions of ([A-Za-z0-9][A-Za-z0-9._-]*)() depend on " + _PIN)  # no range
_NEVER = 'python_version < "0"'  # a marker that holds nowhere: an override that removes the package


class ResolutionError(ScanFailure):
    """uv could not resolve the declared requirements.

    ``str()`` is uv's message on one line, fit for a report; ``detail`` is all of it, as uv wrote
    it (credentials scrubbed), for finding the packages it names.
    """

    def __init__(self, message: str, detail: str | None = None) -> None:
        super().__init__(message)
        self.detail = message if detail is None else detail

    @property
    def unsatisfiable(self) -> bool:
        """uv found no solution (as opposed to failing to reach an index, say)."""
        return _NO_SOLUTION in self.detail

    @property
    def cause(self) -> str:
        """The one-line message without uv's opening ("error: No solution found ... cause:")."""
        return _OPENING.sub("", str(self))


@dataclass(frozen=True)
class Staged:
    """What the resolver answered, and on which declarations."""

    versions: Versions
    parents: Parents
    kept: tuple[Declared, ...]  # the declarations the answer was computed from
    left_out: tuple[LeftOut, ...] = ()  # every declaration it was computed without, and why
    # The declarations among those that uv could not resolve, with its message (errors in the
    # report); the rest were merely not needed for the package once the whole set had failed.
    failed: tuple[Failure, ...] = ()
    notes: tuple[str, ...] = ()  # how the version was found, when not plainly by uv


class Unresolved(Exception):
    """Even the part that decides the package could not be resolved."""

    def __init__(
        self,
        error: ResolutionError,
        blamed: Declared | None,
        failed: tuple[Failure, ...] = (),
        leads: tuple[Declared, ...] = (),
    ) -> None:
        super().__init__(str(error))
        self.error = error
        self.blamed = blamed  # the declaration uv's message points at, where one is named
        self.failed = failed  # declarations found unresolvable on the way (already errors)
        self.leads = leads  # requirements known to lead to the package (empty: unknown or none)


def _short(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def mentioned(text: str, names: Collection[str]) -> list[str]:
    """The ``names`` (canonical) that ``text`` mentions, in the order it first mentions them."""
    found: list[str] = []
    for match in _TOKEN.finditer(text):
        name = canonicalize_name(match.group(0).rstrip("._-"))
        if name in names and name not in found:
            found.append(name)
    return found


def blame(error: ResolutionError, declared: Sequence[Declared]) -> Declared | None:
    """The declaration uv's message points at: of the first package it names that is declared.

    uv names the package that fails first, then what leads to it. A requirement comes before a
    constraint on the same name. None when the message names none of them.
    """
    for name in mentioned(error.detail, {d.name for d in declared}):
        of_name = [d for d in declared if d.name == name]
        return next((d for d in of_name if not d.constraint), of_name[0])
    return None


@dataclass(frozen=True)
class _Alone:
    names: frozenset[str] | None  # what it pulls in, when it resolves on its own
    error: ResolutionError | None


class _Probe:
    """Compiles each package's declarations on their own (once each), to see what they pull in."""

    def __init__(self, package: str, compile: Compile, workers: int) -> None:
        self.package = package
        self.compile = compile
        self.workers = workers
        self.results: dict[str, _Alone] = {}

    def run(self, names: Iterable[str], declared: Sequence[Declared]) -> ResolutionError | None:
        """Compile each of ``names`` alone; an error that is not the package's (an index that could
        not be reached) is returned, and the caller stops there."""
        todo = [n for n in dict.fromkeys(names) if n not in self.results]
        if not todo:
            return None
        with ThreadPoolExecutor(max_workers=min(self.workers, len(todo))) as pool:
            futures = {n: pool.submit(self._one, [d for d in declared if d.name == n]) for n in todo}
        for name, future in futures.items():
            self.results[name] = future.result()  # OSError (no uv, a timeout) goes to the caller
        errors = (self.results[n].error for n in todo)
        return next((e for e in errors if e is not None and not e.unsatisfiable), None)

    def _one(self, declared: list[Declared]) -> _Alone:
        # A constraint compiled alone would add nothing: what it asks for is compiled as a requirement.
        alone = [replace(d, constraint=False, override=False) for d in declared]
        try:
            versions, _ = self.compile(alone)
        except ResolutionError as exc:
            return _Alone(None, exc)
        return _Alone(frozenset(versions), None)

    def broken(self, name: str) -> ResolutionError | None:
        found = self.results.get(name)
        return found.error if found else None

    def leads(self, name: str) -> bool:
        found = self.results.get(name)
        return bool(found and found.names and self.package in found.names)

    def pulls(self, name: str) -> frozenset[str]:
        found = self.results.get(name)
        return found.names if found and found.names else frozenset()


def _version(text: str) -> str | None:
    text = text.rstrip(".")
    try:
        Version(text)
    except InvalidVersion:
        return None
    return text


def wheelless_pin(error: ResolutionError, package: str) -> tuple[str, str, SpecifierSet] | None:
    """(version, parent, the parent's versions uv names) when uv's message says ``package`` has no
    wheel at the exact version a parent requires (``fastapi==0.48.0 depends on starlette==0.12.9``)."""
    text = " ".join(error.detail.split())
    wheelless = {
        version
        for name, raw in _NO_WHEELS.findall(text)
        if canonicalize_name(name) == package and (version := _version(raw))
    }
    for parent, parent_spec, name, raw in [*_DEPENDS.findall(text), *_ALL_DEPEND.findall(text)]:
        version = _version(raw)
        if canonicalize_name(name) != package or version not in wheelless:
            continue
        try:
            return version, canonicalize_name(parent), SpecifierSet(parent_spec.rstrip(".,"))
        except InvalidSpecifier:
            continue
    return None


def _allows(declared: Iterable[Declared], package: str, version: str) -> bool:
    """Whether every declaration on ``package`` admits ``version``."""
    for d in declared:
        if d.name != package:
            continue
        try:
            if not Requirement(d.requirement).specifier.contains(version, prereleases=True):
                return False
        except (InvalidRequirement, InvalidVersion):
            return False
    return True


class _Wheelless:
    """``compile``, and when uv fails only because the package has no wheel at the version a parent
    pins, that version (see the module's text)."""

    def __init__(self, package: str, compile: Compile) -> None:
        self.package = package
        self.compile = compile
        self.notes: dict[str, str] = {}  # by version of the package: how it was found

    def __call__(self, declared: Sequence[Declared]) -> tuple[Versions, Parents]:
        try:
            return self.compile(declared)
        except ResolutionError as exc:
            found = wheelless_pin(exc, self.package) if exc.unsatisfiable else None
            if found is None or not _allows(declared, self.package, found[0]) or not declared:
                raise
            version, parent, parent_versions = found
            rest = [d for d in declared if d.name != self.package]
            never = Declared(
                self.package,
                f"{self.package}; {_NEVER}",
                declared[0].location,
                constraint=True,
                override=True,
            )
            versions, parents = self.compile([*rest, never])  # another failure is the answer now
            parent_version = versions.get(parent)
            if parent_version is None or not parent_versions.contains(parent_version, prereleases=True):
                raise exc from None  # the parent uv named is not what the set resolves to
        versions[self.package] = version
        parents[self.package] = [parent]
        self.notes[version] = (
            f"{self.package} {version} has no wheel, so uv (which builds nothing here) could not read "
            f"what it requires. uv's message says {parent}{parent_versions} depends on "
            f"{self.package}=={version}, and the rest of the set resolves to {parent} {parent_version} "
            f"without {self.package}: {version} is that exact requirement (what {self.package} "
            f"{version} itself requires is not in this answer). The sandbox builds its own sdist to run it"
        )
        return versions, parents

    def staged(self, staged: Staged) -> Staged:
        note = self.notes.get(staged.versions.get(self.package, ""))
        return replace(staged, notes=(*staged.notes, note)) if note else staged


def _requirements(declared: Iterable[Declared]) -> list[Declared]:
    return [d for d in declared if not d.constraint]


def resolve_in_stages(
    declared: Sequence[Declared],
    package: str,
    guarded: Collection[str],
    compile: Compile,
    *,
    rounds: int = ROUNDS,
    workers: int = WORKERS,
) -> Staged:
    """uv's answer for ``declared``, leaving out what it cannot resolve (see the module's text).

    ``guarded`` are names never left out (the package and its parents). Raises ``Unresolved`` when
    nothing that decides ``package`` resolves, and lets ``OSError`` (no uv, a timeout) through.
    """
    wheelless = _Wheelless(package, compile)
    staged = _stages(declared, package, guarded, wheelless, rounds, workers)
    return wheelless.staged(staged)


def _stages(
    declared: Sequence[Declared],
    package: str,
    guarded: Collection[str],
    compile: Compile,
    rounds: int,
    workers: int,
) -> Staged:
    kept = list(declared)
    try:
        versions, parents = compile(kept)
        return Staged(versions, parents, tuple(kept))
    except ResolutionError as exc:
        error = exc
    if not error.unsatisfiable:  # an index that cannot be reached: no package is to blame
        raise Unresolved(error, blame(error, kept))
    probe = _Probe(package, compile, workers)
    guard = {package, *guarded}
    out = _Out()
    for _ in range(rounds):
        named = [n for n in mentioned(error.detail, {d.name for d in kept}) if n not in guard]
        unreachable = probe.run(named, kept)
        if unreachable is not None:
            raise Unresolved(unreachable, blame(unreachable, kept), tuple(out.failed))
        guard.update(n for n in named if probe.leads(n))
        named = [n for n in named if n not in guard]
        if not named:
            break
        drop = [n for n in named if probe.broken(n)] or named
        for d in kept:
            if d.name in drop:
                out.broken(d, probe.broken(d.name) or error, alone=probe.broken(d.name) is not None)
        kept = [d for d in kept if d.name not in drop]
        if not _requirements(kept):
            return out.staged({}, {}, ())
        try:
            versions, parents = compile(kept)
            return out.staged(versions, parents, kept)
        except ResolutionError as exc:
            error = exc
            if not exc.unsatisfiable:
                raise Unresolved(exc, blame(exc, kept), tuple(out.failed)) from exc
    return _relevant_part(kept, package, guard, compile, probe, error, out)


class _Out:
    """What a staged resolution left out so far."""

    def __init__(self) -> None:
        self.left: list[LeftOut] = []
        self.failed: list[Failure] = []

    def broken(self, d: Declared, error: ResolutionError, *, alone: bool) -> None:
        how = "cannot be resolved on its own" if alone else "cannot be resolved together with the rest"
        self.left.append(LeftOut(d.requirement, d.location, f"{how}: {error.cause}"))
        self.failed.append((d, error))

    def not_needed(self, d: Declared, reason: str) -> None:
        self.left.append(LeftOut(d.requirement, d.location, reason))

    def staged(self, versions: Versions, parents: Parents, kept: Iterable[Declared]) -> Staged:
        return Staged(versions, parents, tuple(kept), tuple(self.left), tuple(self.failed))


def _relevant_part(
    kept: list[Declared],
    package: str,
    guard: set[str],
    compile: Compile,
    probe: _Probe,
    error: ResolutionError,
    out: _Out,
) -> Staged:
    """Stage 3: the requirements that lead to ``package`` and the declarations on what they pull in."""
    names = list(dict.fromkeys(d.name for d in _requirements(kept)))
    unreachable = probe.run(names, kept)
    if unreachable is not None:
        raise Unresolved(unreachable, blame(unreachable, kept), tuple(out.failed))
    leads = [n for n in names if n in guard or probe.leads(n)]
    # What cannot be resolved even alone is left out (and is an error), unless it leads to the
    # package: then the relevant part fails with it, as it must.
    broken = {n for n in names if probe.broken(n) and n not in leads}
    for d in kept:
        alone = probe.broken(d.name) if d.name in broken else None
        if alone is not None:
            out.broken(d, alone, alone=True)
    if not leads:
        if out.failed:  # nothing that resolves leads to the package; what does not is an error already
            return out.staged({}, {}, ())
        raise Unresolved(error, blame(error, kept))
    closure = set(leads).union(*(probe.pulls(n) for n in leads))
    relevant = [d for d in kept if d.name in closure and d.name not in broken]
    not_needed = (
        f"not needed to decide the {package} version; left out because the whole set could not be "
        f"resolved ({_short(error.cause)})"
    )
    for d in kept:
        # A constraint on a package nothing relevant pulls in changes nothing: not worth a line.
        if d.name not in closure and d.name not in broken and not d.constraint:
            out.not_needed(d, not_needed)
    lead_decls = tuple(d for d in relevant if d.name in leads and not d.constraint)
    try:
        versions, parents = compile(relevant)
    except ResolutionError as exc:
        raise Unresolved(exc, blame(exc, relevant), tuple(out.failed), lead_decls) from exc
    return out.staged(versions, parents, relevant)
