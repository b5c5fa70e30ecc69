"""``poetry.lock``: every locked package and the names it depends on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from packaging.utils import canonicalize_name

from starlette_2093_check.manifests._locks import (
    UNKNOWN,
    LockFile,
    Parsed,
    anywhere,
    conditional,
    direct_source,
    missing_version,
    read_lock,
    unique,
)
from starlette_2093_check.model import LockedPackage, Manifest, ManifestKind, ScanError


def _where(value: Any) -> str | None:
    """Where Poetry installs an entry: its ``markers`` (lock format 2.1), a string, or a table of
    one per group (installed where any of them holds). None for everywhere."""
    if isinstance(value, str):
        return anywhere([value])
    if isinstance(value, dict) and value:
        return anywhere([m if isinstance(m, str) else None for m in value.values()])
    return None


def _edge_markers(constraint: Any) -> list[str | None]:
    """The markers of one ``[package.dependencies]`` value: ``"^1.0"``, a table with ``markers``,
    or an array of tables (one per version range)."""
    items = constraint if isinstance(constraint, list) else [constraint]
    return [m if isinstance(i, dict) and isinstance(m := i.get("markers"), str) else None for i in items]


def parse_poetry_lock(checkout: Path, relpath: str) -> Parsed:
    """Parse a Poetry lockfile: name, version (located at its ``version =`` line) and dependency names.

    A package may be locked at several versions, each with the ``markers`` saying where it is
    installed (``LockedPackage.marker``); a dependency with ``markers`` holds only there. The
    project's direct dependencies come from its pyproject, so ``lock_roots`` stays empty. A package
    with no version or one that is not a version is an error, and is listed as not checked
    (version ``unknown`` with a ``problem``), never left out.
    """
    lock = read_lock(checkout, relpath, ManifestKind.POETRY_LOCK)
    if not isinstance(lock, LockFile):
        return lock

    locked: list[LockedPackage] = []
    for entry in lock.entries():
        refused = entry.refused
        if entry.version is None and refused is None:
            lock.errors.append(
                ScanError(relpath, f"package {entry.name!r} has no version", entry.line("name"))
            )
            refused = missing_version(entry.name)
        dependencies = entry.table.get("dependencies", {})
        names = [canonicalize_name(k) for k in dependencies] if isinstance(dependencies, dict) else []
        source = entry.table.get("source")
        kind = source.get("type") if isinstance(source, dict) else None
        # "legacy" (and no source at all) is an index; git, directory, file and url are not.
        problem = direct_source(str(kind), source) if kind not in (None, "legacy") else None
        edges = (
            [(canonicalize_name(k), m) for k, v in dependencies.items() for m in _edge_markers(v)]
            if isinstance(dependencies, dict)
            else []
        )
        locked.append(
            LockedPackage(
                entry.name,
                entry.version or UNKNOWN,
                entry.location,
                unique(names),
                problem or refused,
                marker=_where(entry.table.get("markers")),
                conditional=conditional(edges),
            )
        )
    return Manifest(path=relpath, kind=ManifestKind.POETRY_LOCK, locked=tuple(locked)), lock.errors
