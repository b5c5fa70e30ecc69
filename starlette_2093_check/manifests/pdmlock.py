"""``pdm.lock``: every locked package and the names it depends on."""

from __future__ import annotations

from pathlib import Path

from starlette_2093_check.manifests._locks import (
    UNKNOWN,
    LockFile,
    Parsed,
    anywhere,
    conditional_requirements,
    direct_source,
    missing_version,
    read_lock,
    requirement_names,
    unique,
)
from starlette_2093_check.model import Location, LockedPackage, Manifest, ManifestKind, ScanError


def _check_metadata(lock: LockFile) -> None:
    """PDM writes a ``[metadata]`` table (groups, lock_version, content_hash); only its shape is checked."""
    metadata = lock.data.get("metadata")
    if metadata is None:
        lock.errors.append(ScanError(lock.relpath, "no [metadata] table: not a lockfile written by PDM", 1))
        return
    if not isinstance(metadata, dict):
        line = lock.top_key_line("metadata") or 1
        lock.errors.append(ScanError(lock.relpath, "[metadata] is not a table", line))
        return
    lock_version = metadata.get("lock_version")
    if lock_version is not None and not isinstance(lock_version, str):
        line = lock.positions.key_line(("metadata",), "lock_version") or 1
        lock.errors.append(ScanError(lock.relpath, "[metadata].lock_version is not a string", line))


def _marker(lock: LockFile, value: object, name: str, line: int) -> str | None:
    """An entry's ``marker`` (where it is installed); not a string is an error, and None."""
    if value is None:
        return None
    if not isinstance(value, str):
        lock.errors.append(ScanError(lock.relpath, f"marker of package {name!r} is not a string", line))
        return None
    return value.strip() or None


def parse_pdm_lock(checkout: Path, relpath: str) -> Parsed:
    """Parse a PDM lockfile: name, version (located at its ``version =`` line) and dependency names.

    ``dependencies`` are PEP 508 strings; an invalid one is an error at its line and the rest of
    the package is kept. PDM writes a package once more for each set of extras it is locked with;
    those entries are merged into one. A package may be locked at several versions, each with the
    ``marker`` saying where it is installed (``LockedPackage.marker``). The project's direct
    dependencies come from its pyproject, so ``lock_roots`` stays empty. A package with no version
    or one that is not a version is an error, and is listed as not checked (version ``unknown``
    with a ``problem``), never left out.
    """
    lock = read_lock(checkout, relpath, ManifestKind.PDM_LOCK)
    if not isinstance(lock, LockFile):
        return lock
    _check_metadata(lock)

    merged: dict[tuple[str, str], tuple[Location, list[str]]] = {}
    problems: dict[str, str] = {}
    refused: dict[tuple[str, str], str] = {}  # (name, "unknown"): why its version was not taken
    markers: dict[tuple[str, str], list[str | None]] = {}  # where each (name, version) is installed
    edges: dict[tuple[str, str], list[str]] = {}
    for entry in lock.entries():
        why = entry.refused
        if entry.version is None and why is None:
            lock.errors.append(
                ScanError(relpath, f"package {entry.name!r} has no version", entry.line("name"))
            )
            why = missing_version(entry.name)
        version = entry.version or UNKNOWN
        if why is not None:
            refused.setdefault((entry.name, version), why)
        groups = entry.table.get("groups")
        if groups is not None and not (isinstance(groups, list) and all(isinstance(g, str) for g in groups)):
            message = f"groups of package {entry.name!r} is not an array of strings"
            lock.errors.append(ScanError(relpath, message, entry.line("groups")))
        names = requirement_names(
            entry.table.get("dependencies"), entry.line("dependencies"), lock, entry.name
        )
        kind = next((k for k in ("git", "hg", "svn", "bzr", "url", "path") if k in entry.table), None)
        if kind is not None:
            problems[entry.name] = direct_source(kind, entry.table[kind])
        # an extras entry lists the package itself ("uvicorn==0.23.2") next to what the extras add
        names = [n for n in names if n != entry.name]
        key = (entry.name, version)
        markers.setdefault(key, []).append(
            _marker(lock, entry.table.get("marker"), entry.name, entry.line("marker"))
        )
        dependencies = entry.table.get("dependencies")
        if isinstance(dependencies, list):
            edges.setdefault(key, []).extend(d for d in dependencies if isinstance(d, str))
        if key in merged:
            merged[key][1].extend(names)
        else:
            merged[key] = (entry.location, names)

    locked = tuple(
        LockedPackage(
            name,
            version,
            location,
            unique(names),
            problems.get(name) or refused.get((name, version)),
            marker=anywhere(markers[name, version]),
            conditional=conditional_requirements(edges.get((name, version), [])),
        )
        for (name, version), (location, names) in merged.items()
    )
    return Manifest(path=relpath, kind=ManifestKind.PDM_LOCK, locked=locked), lock.errors
