"""``poetry.lock``: every locked package and the names it depends on."""

from __future__ import annotations

from pathlib import Path

from packaging.utils import canonicalize_name

from bot.manifests._locks import LockFile, Parsed, direct_source, read_lock, unique
from bot.model import LockedPackage, Manifest, ManifestKind, ScanError


def parse_poetry_lock(checkout: Path, relpath: str) -> Parsed:
    """Parse a Poetry lockfile: name, version (located at its ``version =`` line) and dependency names.

    The project's direct dependencies come from its pyproject, so ``lock_roots`` stays empty.
    """
    lock = read_lock(checkout, relpath, ManifestKind.POETRY_LOCK)
    if not isinstance(lock, LockFile):
        return lock

    locked: list[LockedPackage] = []
    for entry in lock.entries():
        if entry.version is None:
            lock.errors.append(
                ScanError(relpath, f"package {entry.name!r} has no version", entry.line("name"))
            )
            continue
        dependencies = entry.table.get("dependencies", {})
        names = [canonicalize_name(k) for k in dependencies] if isinstance(dependencies, dict) else []
        source = entry.table.get("source")
        kind = source.get("type") if isinstance(source, dict) else None
        # "legacy" (and no source at all) is an index; git, directory, file and url are not.
        problem = direct_source(str(kind), source) if kind not in (None, "legacy") else None
        locked.append(LockedPackage(entry.name, entry.version, entry.location, unique(names), problem))
    return Manifest(path=relpath, kind=ManifestKind.POETRY_LOCK, locked=tuple(locked)), lock.errors
