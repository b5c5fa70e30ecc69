"""A fix's changes applied to a project's declarations, and the resolver's answer for the result.

A fix is only as good as the set it leaves behind: changing ``starlette==0.27.0`` to
``starlette==0.29.0`` next to ``fastapi==0.103.0`` (which caps Starlette below 0.28) gives
requirements that no longer install. So every fix is resolved again here with its changes applied
to the root's whole declared set (compile only, wheels only, with the indexes, constraints,
overrides and Python of the target's own resolution). When that fails, uv's message (``named``) and
a few small resolutions of single declarations (``Resolver.error``) tell the advisor which
declaration holds the package back, or which one cannot be resolved here at all, even on its own
(a package without wheels).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from starlette_2093_check.indexes import IndexPlan
from starlette_2093_check.model import Declared, SetCheck
from starlette_2093_check.resolve import COMPANIONS, ResolutionError, ResolverConfig, compile_set, compiler

_WORD = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?")


@dataclass(frozen=True)
class Change:
    """One declaration of the project, given a new version specifier."""

    declared: Declared
    spec: str  # "==1.10.0" or ">=0.29.0"; for a Poetry caret, what it means (">=0.108.0,<0.109.0")
    # The constraint as the manifest writes it, when that is not ``spec``: Poetry's "^0.108.0".
    written: str | None = None

    @property
    def requirement(self) -> str:
        """The declaration's requirement with the new specifier (extras and markers kept)."""
        return with_specifier(self.declared.requirement, self.spec)

    def describe(self) -> str:
        """``requirements.txt:2 to starlette==0.29.0``, for notes."""
        if self.written is not None:
            return f"{self.declared.location} to {self.declared.name} {self.written}"
        return f"{self.declared.location} to {self.declared.name}{self.spec}"


def with_specifier(requirement: str, spec: str) -> str:
    """``requirement`` with its version specifier replaced by ``spec`` (extras and markers kept)."""
    req = Requirement(requirement)
    req.specifier = SpecifierSet(spec)
    return str(req)


_NO_SOLUTION = re.compile(
    r"^\s*(?:error:\s*)?No solution found when resolving dependencies:?\s*(?:cause:\s*)?", re.I
)


def uv_reason(message: str) -> str:
    """uv's resolver message without its boilerplate: the "Because ..." reasoning, no hints."""
    reason = _NO_SOLUTION.sub("", message)
    reason = reason.split(" hint:", 1)[0].strip()
    return reason or message


def named(message: str, names: Iterable[str]) -> list[str]:
    """The names among ``names`` (canonical) that ``message`` mentions, in the order it does."""
    wanted = set(names)
    out: list[str] = []
    for word in _WORD.findall(message):
        name = canonicalize_name(word)
        if name in wanted and name not in out:
            out.append(name)
    return out


# "sqlalchemy<=1.3.24 has no usable wheels", "ciso8601{marker}==2.1.3 has no usable wheels"
_NO_WHEEL = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]*)(?:\{[^}]*\})?\S* has no usable wheels")
_MISSING = re.compile(
    r"([A-Za-z0-9][A-Za-z0-9._-]*) was not found in the (?:package registry|provided package locations)"
)
_NO_VERSION = re.compile(r"Because there is no version of ([A-Za-z0-9][A-Za-z0-9._-]*)")


def left_out_reason(name: str, error: str) -> str:
    """Why ``name`` is left out of a fix's check, in plain words, from uv's message about it alone."""
    reason = uv_reason(error)
    found = _NO_WHEEL.search(reason)
    if found:
        needed = canonicalize_name(found.group(1))
        if needed == name:
            return "no wheel for this Python and platform (the check never builds an sdist)"
        return f"needs {needed}, which has no wheel for this Python and platform"
    missing = _MISSING.search(reason)
    if missing and canonicalize_name(missing.group(1)) == name:
        return "not on the index"
    version = _NO_VERSION.match(reason)
    if version and canonicalize_name(version.group(1)) == name:
        return "the version asked for is not on the index"
    return "does not resolve here even on its own"


@dataclass(frozen=True)
class Resolver:
    """uv's resolver as the target's resolution used it: same indexes, same Python."""

    config: ResolverConfig
    indexes: IndexPlan
    python: str | None

    def compile(
        self, requirements: Sequence[str], constraints: Sequence[str] = (), *, resolution: str = "highest"
    ) -> tuple[dict[str, str], dict[str, list[str]]]:
        """Versions and parents of the answer; raises ``ResolutionError``."""
        return compile_set(
            requirements, constraints, self.python, self.config, self.indexes, resolution=resolution
        )

    def error(self, requirements: Sequence[str], constraints: Sequence[str] = ()) -> str | None:
        """uv's message when ``requirements`` do not resolve, None when they do."""
        try:
            self.compile(requirements, constraints)
        except ResolutionError as exc:
            return str(exc) or "uv found no solution"
        return None


def _changed(project: Sequence[Declared], changes: Sequence[Change]) -> list[str]:
    """The requirement text of each declaration of ``project``, with ``changes`` applied."""
    by_decl = {(c.declared.location, c.declared.requirement): c for c in changes}
    out = []
    for d in project:
        change = by_decl.get((d.location, d.requirement))
        out.append(change.requirement if change is not None else d.requirement)
    return out


def edited(
    project: Sequence[Declared], changes: Sequence[Change], left_out: Iterable[str] = ()
) -> list[Declared]:
    """``project`` with ``changes`` applied, without the packages ``left_out``. Each declaration
    keeps its role (requirement, constraint, override)."""
    skip = set(left_out)
    return [
        replace(d, requirement=text)
        for d, text in zip(project, _changed(project, changes), strict=True)
        if d.name not in skip
    ]


def requirements_of(project: Sequence[Declared], changes: Sequence[Change], name: str) -> list[str]:
    """Every declaration of ``name`` (requirements and constraints alike), with ``changes`` applied."""
    return [text for d, text in zip(project, _changed(project, changes), strict=True) if d.name == name]


def check_set(
    resolver: Resolver,
    project: Sequence[Declared],
    changes: Sequence[Change],
    shown: Iterable[str],
    left_out: Mapping[str, str],
) -> tuple[SetCheck | None, dict[str, str], dict[str, list[str]]]:
    """Resolve ``project`` with ``changes`` applied: the check, and the answer's versions and parents.

    ``shown`` are the packages whose versions the check records, with every package above them.
    None when the project declares nothing to resolve (a lock on its own).
    """
    declared = edited(project, changes, left_out)
    files = tuple(sorted({d.location.file for d in project}))
    if not any(not d.constraint for d in declared):
        return None, {}, {}
    why = tuple(f"{name}: {reason}" for name, reason in left_out.items())
    try:
        versions, parents = compiler(resolver.python, resolver.config, resolver.indexes)(declared)
    except ResolutionError as exc:
        return SetCheck(False, files, error=str(exc) or "uv found no solution", left_out=why), {}, {}
    # with what requires them (the companions are required by many: not those)
    wanted = set(shown).union(*(ancestors(parents, n) for n in shown if n not in COMPANIONS))
    kept = tuple(sorted((n, versions[n]) for n in wanted if n in versions))
    return SetCheck(True, files, versions=kept, left_out=why), versions, parents


def ancestors(parents: Mapping[str, Sequence[str]], package: str) -> list[str]:
    """Every package that requires ``package``, directly or through others (nearest first)."""
    out: list[str] = []
    todo = list(parents.get(package, ()))
    while todo:
        name = todo.pop(0)
        if name in out or name == package:
            continue
        out.append(name)
        todo.extend(parents.get(name, ()))
    return out


def admits(declared: Declared, version: str | None) -> bool:
    """Whether the declaration's specifier allows ``version`` (True when it cannot be read)."""
    if version is None:
        return False
    try:
        return Requirement(declared.requirement).specifier.contains(version, prereleases=True)
    except (InvalidRequirement, ValueError):
        return True
