"""``uv.lock``: every locked package, its dependencies, and the project's own direct dependencies."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from packaging.utils import canonicalize_name

from bot.manifests._locks import lock_entries, unique
from bot.manifests._toml import read_toml
from bot.model import LockedPackage, Manifest, ManifestKind, ScanError


def _names(entries: Any) -> list[str]:
    """Canonical names from a list of ``{ name = "..." , ... }`` inline tables."""
    if not isinstance(entries, list):
        return []
    return [
        canonicalize_name(e["name"])
        for e in entries
        if isinstance(e, dict) and isinstance(e.get("name"), str)
    ]


def _group_names(groups: Any) -> list[str]:
    """Canonical names from ``{ group = [ { name = "..." }, ... ], ... }``."""
    if not isinstance(groups, dict):
        return []
    return [name for entries in groups.values() for name in _names(entries)]


def _is_project_root(source: Any) -> bool:
    return isinstance(source, dict) and (source.get("editable") == "." or source.get("virtual") == ".")


def parse_uv_lock(checkout: Path, relpath: str) -> tuple[Manifest, list[ScanError]]:
    """Parse a uv lockfile into locked packages and ``lock_roots`` (the project's direct dependencies).

    Each package is located at its ``version =`` line; packages without a version (a dynamic-version
    or virtual project root) are left out of ``locked``.
    """
    empty = Manifest(path=relpath, kind=ManifestKind.UV_LOCK)
    loaded = read_toml(checkout, relpath)
    if isinstance(loaded, ScanError):
        return empty, [loaded]
    text, data = loaded

    errors: list[ScanError] = []
    locked: list[LockedPackage] = []
    roots: list[str] = []
    for entry in lock_entries(data, text, relpath, errors):
        dependencies = unique(_names(entry.table.get("dependencies")))
        if _is_project_root(entry.table.get("source")):
            roots += dependencies
            roots += _group_names(entry.table.get("optional-dependencies"))
            roots += _group_names(entry.table.get("dev-dependencies"))
        if entry.version is not None:
            locked.append(LockedPackage(entry.name, entry.version, entry.location, dependencies))

    requires_python = data.get("requires-python")
    manifest = Manifest(
        path=relpath,
        kind=ManifestKind.UV_LOCK,
        locked=tuple(locked),
        lock_roots=unique(roots),
        requires_python=requires_python if isinstance(requires_python, str) else None,
    )
    return manifest, errors
