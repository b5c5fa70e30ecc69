"""Shared walk over a lockfile's ``[[package]]`` array: values from tomllib, lines from the text."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from packaging.utils import canonicalize_name

from bot.manifests._toml import TomlPositions
from bot.model import Location, ScanError


@dataclass(frozen=True)
class LockEntry:
    """One valid ``[[package]]`` table with its position."""

    table: dict[str, Any]
    name: str  # canonicalised
    version: str | None
    location: Location  # the `version =` line, else the `name =` line


def lock_entries(
    data: dict[str, Any], text: str, relpath: str, errors: list[ScanError]
) -> Iterator[LockEntry]:
    """Yield each well-formed ``[[package]]`` entry; record malformed ones in ``errors``."""
    packages = data.get("package", [])
    if not isinstance(packages, list):
        errors.append(ScanError(relpath, "'package' is not an array of tables"))
        return
    key_lines = TomlPositions(text).array_table_key_lines(("package",))
    aligned = len(key_lines) == len(packages)  # else lines are unknown rather than wrong
    for i, table in enumerate(packages):
        keys = key_lines[i] if aligned else {}
        line = keys.get("version", keys.get("name"))
        if not isinstance(table, dict):
            errors.append(ScanError(relpath, f"package entry {i + 1} is not a table", line))
            continue
        name = table.get("name")
        if not isinstance(name, str) or not name:
            errors.append(ScanError(relpath, f"package entry {i + 1} has no name", line))
            continue
        version = table.get("version")
        if version is not None and not isinstance(version, str):
            errors.append(ScanError(relpath, f"package {name!r} has a non-string version", line))
            continue
        yield LockEntry(table, canonicalize_name(name), version, Location(relpath, line))


def unique(names: Iterable[str]) -> tuple[str, ...]:
    """Names in first-seen order without repeats."""
    return tuple(dict.fromkeys(names))
