"""``poetry.lock``: every locked package and the names it depends on."""

from __future__ import annotations

from pathlib import Path

from packaging.utils import canonicalize_name

from bot.manifests._locks import lock_entries, unique
from bot.manifests._toml import read_toml
from bot.model import LockedPackage, Manifest, ManifestKind, ScanError


def parse_poetry_lock(checkout: Path, relpath: str) -> tuple[Manifest, list[ScanError]]:
    """Parse a Poetry lockfile: name, version (located at its ``version =`` line) and dependency names.

    The project's direct dependencies come from its pyproject, so ``lock_roots`` stays empty.
    """
    empty = Manifest(path=relpath, kind=ManifestKind.POETRY_LOCK)
    loaded = read_toml(checkout, relpath)
    if isinstance(loaded, ScanError):
        return empty, [loaded]
    text, data = loaded

    errors: list[ScanError] = []
    locked: list[LockedPackage] = []
    for entry in lock_entries(data, text, relpath, errors):
        if entry.version is None:
            errors.append(ScanError(relpath, f"package {entry.name!r} has no version", entry.location.line))
            continue
        dependencies = entry.table.get("dependencies", {})
        names = [canonicalize_name(k) for k in dependencies] if isinstance(dependencies, dict) else []
        locked.append(LockedPackage(entry.name, entry.version, entry.location, unique(names)))
    return Manifest(path=relpath, kind=ManifestKind.POETRY_LOCK, locked=tuple(locked)), errors
