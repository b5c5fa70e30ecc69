"""``uv.lock``: every locked package, its dependencies, and the direct dependencies of its projects."""

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
    project_dir,
    read_lock,
    unique,
)
from starlette_2093_check.manifests._python import specifier_problem
from starlette_2093_check.model import LockedPackage, Manifest, ManifestKind, ScanError


def _names(entries: Any) -> list[str]:
    """Canonical names from a list of ``{ name = "..." , ... }`` inline tables."""
    if not isinstance(entries, list):
        return []
    return [
        canonicalize_name(e["name"])
        for e in entries
        if isinstance(e, dict) and isinstance(e.get("name"), str)
    ]


def _conditional(entries: Any) -> tuple[tuple[str, str], ...]:
    """``conditional`` for a list of ``{ name = "...", marker = "..." }`` inline tables."""
    return conditional(
        (canonicalize_name(e["name"]), m if isinstance(m := e.get("marker"), str) else None)
        for e in (entries if isinstance(entries, list) else [])
        if isinstance(e, dict) and isinstance(e.get("name"), str)
    )


def _resolution_marker(value: Any) -> str | None:
    """Where the lock installs an entry: its ``resolution-markers`` (forks), any of them; None for all."""
    if not isinstance(value, list):
        return None
    return anywhere([m if isinstance(m, str) else None for m in value])


def _group_names(groups: Any) -> list[str]:
    """Canonical names from ``{ group = [ { name = "..." }, ... ], ... }``."""
    if not isinstance(groups, dict):
        return []
    return [name for entries in groups.values() for name in _names(entries)]


def _source_dir(source: Any) -> str | None:
    """The directory of a project the lock records (workspace member, root, path dependency), if any."""
    if not isinstance(source, dict):
        return None
    for key in ("editable", "virtual", "directory"):
        value = source.get(key)
        if isinstance(value, str):
            return project_dir(value)
    return None


def _direct(source: Any) -> str | None:
    """Why a package whose ``source`` is this table is not a release from an index, or None."""
    if not isinstance(source, dict) or not source:
        return None
    registry = source.get("registry")
    if isinstance(registry, str) and registry.startswith(("http://", "https://")):
        return None
    if registry is not None:  # a find-links directory of files (uv writes its path as the registry)
        return direct_source("path", registry)
    kind = next(iter(source))
    return direct_source(str(kind), source[kind])


def parse_uv_lock(checkout: Path, relpath: str) -> Parsed:
    """Parse a uv lockfile into locked packages, its projects and their direct dependencies.

    Each package is located at its ``version =`` line; packages without a version (a dynamic-version
    or virtual project) are left out of ``locked``. A release from an index with no version, or any
    package whose version is not a version, is an error, and is listed as not checked (version
    ``unknown`` with a ``problem``), never left out. Every package whose source is a directory
    (``editable``, ``virtual`` or ``directory``: workspace members, the root, path dependencies)
    goes to ``lock_projects`` with its direct dependencies (main, optional and dev); the one at
    ``"."`` also gives ``lock_roots``. A package locked at several versions has an entry for each,
    with the ``resolution-markers`` saying where it is installed (``LockedPackage.marker``), and a
    dependency that holds only under a marker is in ``LockedPackage.conditional``.
    """
    lock = read_lock(checkout, relpath, ManifestKind.UV_LOCK)
    if not isinstance(lock, LockFile):
        return lock

    locked: list[LockedPackage] = []
    projects: dict[str, list[str]] = {}
    for entry in lock.entries():
        dependencies = unique(_names(entry.table.get("dependencies")))
        directory = _source_dir(entry.table.get("source"))
        if directory is not None:
            projects.setdefault(directory, []).extend(
                [
                    *dependencies,
                    *_group_names(entry.table.get("optional-dependencies")),
                    *_group_names(entry.table.get("dev-dependencies")),
                ]
            )
        # A package from a directory, a VCS or a URL may have no static version (the project itself,
        # a vendored copy): it is still what gets installed, so it is listed, as not a release.
        source = entry.table.get("source")
        problem = _direct(source)
        installed = not (isinstance(source, dict) and "virtual" in source)  # a virtual project is not
        refused = entry.refused
        if entry.version is None and refused is None and problem is None:  # a release has one
            lock.errors.append(
                ScanError(relpath, f"package {entry.name!r} has no version", entry.line("name"))
            )
            refused = missing_version(entry.name)
        # A refused version is listed whatever the source: left out, it would read as "not locked".
        if entry.version is not None or refused is not None or (installed and problem is not None):
            locked.append(
                LockedPackage(
                    entry.name,
                    entry.version or UNKNOWN,
                    entry.location,
                    dependencies,
                    problem or refused,
                    marker=_resolution_marker(entry.table.get("resolution-markers")),
                    conditional=_conditional(entry.table.get("dependencies")),
                )
            )

    requires_python = lock.data.get("requires-python")
    if requires_python is not None and (
        not isinstance(requires_python, str) or specifier_problem(requires_python)
    ):
        line = lock.top_key_line("requires-python") or 1
        lock.errors.append(
            ScanError(
                relpath, f"requires-python {str(requires_python)[:80]!r} is not a version specifier", line
            )
        )
        requires_python = None
    manifest = Manifest(
        path=relpath,
        kind=ManifestKind.UV_LOCK,
        locked=tuple(locked),
        lock_roots=unique(projects.get(".", ())),
        lock_projects=tuple((d, unique(names)) for d, names in projects.items()),
        requires_python=requires_python if isinstance(requires_python, str) else None,
    )
    return manifest, lock.errors
