"""The part of a lockfile that one interpreter installs.

A lock may hold several entries of one package, each for its own environments: uv forks its
resolution by Python version (starlette 0.49.3 below Python 3.10, 0.50.0 from it), Poetry, PDM and
pylock.toml write a marker on each entry. Dependencies may hold only under a marker too
(exceptiongroup below Python 3.11). ``installed`` keeps what the Python the resolution is for gets
on this machine's platform (where the sandbox runs): the entries whose marker holds there, with
the dependencies that hold there, and without the packages that only other environments bring in.

Which extras and groups are installed is not known here (a lock records every one of them), so a
marker about them holds when it holds for none of them or for one it names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import lru_cache

from packaging.markers import Marker, default_environment

from starlette_2093_check.model import LockedPackage

Environment = dict[str, str]

_QUOTED = re.compile(r"""'([^']*)'|"([^"]*)\"""")
_CHOSEN = re.compile(r"\bextras?\b|\bdependency_groups\b")  # what the user chooses to install
_MAX_NAMED = 8


def environment(python: str | None) -> Environment:
    """Marker variables for ``python`` ("3.11" or "3.11.7"; None: the running one) on this platform."""
    env = {key: str(value) for key, value in default_environment().items()}
    if python:
        parts = python.split(".")
        env["python_version"] = ".".join(parts[:2])
        env["python_full_version"] = python if len(parts) > 2 else f"{python}.0"
    return env


def holds(marker: str | None, env: Environment) -> bool:
    """Whether ``marker`` holds in ``env``: None always does, and so does one that cannot be read
    or evaluated (the entry is kept rather than lost). Which extras and dependency groups are
    installed is unknown: a marker about them holds if it does for none, or for one it names."""
    if marker is None:
        return True
    try:
        parsed = _marker(marker)
        if not _CHOSEN.search(marker):
            return parsed.evaluate(env)
        named = sorted({a or b for a, b in _QUOTED.findall(marker)})[:_MAX_NAMED]
        if "dependency_groups" in marker or re.search(r"\bextras\b", marker):  # a pylock.toml's sets
            sets = [frozenset(), *(frozenset({n}) for n in named)]
            return any(
                parsed.evaluate({**env, "extras": extras, "dependency_groups": groups}, "lock_file")
                for extras in sets
                for groups in sets
            )
        return any(parsed.evaluate({**env, "extra": extra}) for extra in ["", *named])
    except Exception:  # an invalid marker, an unknown variable: the lock's writer knew better
        return True


@lru_cache(maxsize=4096)
def _marker(text: str) -> Marker:
    return Marker(text)  # a lock repeats its few markers many times


def installed(
    locked: Sequence[LockedPackage], python: str | None, roots: Iterable[str] = ()
) -> list[LockedPackage]:
    """The entries of ``locked`` that ``python`` installs here, each with only the dependencies that
    hold for it. ``roots`` (the project's direct dependencies) are kept whenever their entry
    holds; any other package is dropped when every dependency on it is from an entry that is not
    installed or holds only elsewhere. Without a dependency graph, only entry markers count."""
    env = environment(python)
    view: list[LockedPackage] = []
    for p in locked:
        if not holds(p.marker, env):
            continue
        where = dict(p.conditional)
        dependencies = tuple(d for d in p.dependencies if holds(where.get(d), env))
        view.append(replace(p, dependencies=dependencies, conditional=()))
    if not any(p.dependencies for p in locked):
        return view
    depended = {d for p in locked for d in p.dependencies}  # has a parent somewhere in the lock
    keep = {p.name for p in view}
    always = set(roots)
    while True:
        reached = {d for p in view if p.name in keep for d in p.dependencies}
        drop = {n for n in keep if n in depended and n not in reached and n not in always}
        if not drop:
            break
        keep -= drop
    return [p for p in view if p.name in keep]
