"""What the TOML lockfile parsers share: reading the file, walking its package array, finding lines."""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from starlette_2093_check.manifests._files import split_lines
from starlette_2093_check.manifests._toml import TomlPositions, read_toml
from starlette_2093_check.model import Location, Manifest, ManifestKind, ScanError
from starlette_2093_check.urls import hide_userinfo

Parsed = tuple[Manifest, list[ScanError]]

# The version of a locked entry that pins no release: a direct source, or a version that is not one.
UNKNOWN = "unknown"


def is_version(value: str) -> bool:
    """Whether ``value`` is a PEP 440 version (what ``packaging.version.Version`` reads)."""
    try:
        Version(value)
    except InvalidVersion:
        return False
    return True


def shown_version(value: object) -> str:
    """A lock's version as an error shows it: quoted, at most 80 characters."""
    if not isinstance(value, str):
        return repr(value)[:80]
    return repr(value[:80] + ("…" if len(value) > 80 else ""))


def refused_version(name: str, written: object) -> str:
    """The ``problem`` of an entry whose written version is not a version.

    Such an entry is still listed (version ``UNKNOWN``) so that a root which locks the package
    this way is reported as not checked, never as one that does not have the package.
    """
    return f"the lock's version {shown_version(written)} for {name} is not a version, so it was not checked"


def missing_version(name: str) -> str:
    """The ``problem`` of an entry that gives no version where its format requires one."""
    return f"the lock gives no version for {name}, so it was not checked"


@dataclass
class LockFile:
    """A lockfile that was read and parsed, and the errors its parser collects."""

    relpath: str
    text: str
    data: dict[str, Any]
    errors: list[ScanError] = field(default_factory=list)

    def entries(self, key: str = "package") -> Iterator[LockEntry]:
        """The well-formed entries of the ``[[key]]`` array; malformed ones go to ``errors``."""
        return lock_entries(self.data, self.positions, self.relpath, self.errors, key)

    def top_key_line(self, key: str) -> int | None:
        """The line where the top-level ``key`` is written (its key, or its table header)."""
        return self.positions.line((key,))

    @cached_property
    def positions(self) -> TomlPositions:
        """Lines in the text, lexed once per file for every lookup."""
        return TomlPositions(self.text)

    @cached_property
    def lines(self) -> list[str]:
        """The text split into lines (index 0 is line 1)."""
        return split_lines(self.text)


def read_lock(checkout: Path, relpath: str, kind: ManifestKind) -> LockFile | Parsed:
    """Read and parse a TOML lockfile, or the finished result (an empty manifest) when it can't be read."""
    loaded = read_toml(checkout, relpath)
    if isinstance(loaded, ScanError):
        return Manifest(path=relpath, kind=kind), [loaded]
    text, data = loaded
    return LockFile(relpath, text, data)


@dataclass(frozen=True)
class LockEntry:
    """One entry of a lockfile's package array that has a name, with its position."""

    table: dict[str, Any]
    name: str  # canonicalised
    version: str | None  # a PEP 440 version; None when the entry has none or it was refused
    location: Location  # the `version =` line, else the `name =` line (None if not found)
    fallback_line: int  # where to point when the entry's own lines are unknown: the array
    key_lines: dict[str, int] = field(default_factory=dict)  # keys written in the entry's own body
    refused: str | None = None  # why a written version was refused (an error was recorded)

    def line(self, key: str) -> int:
        """The line of ``key`` in this entry, else the entry's own line, else the array's."""
        return self.key_lines.get(key) or self.location.line or self.fallback_line


def lock_entries(
    data: dict[str, Any],
    positions: TomlPositions,
    relpath: str,
    errors: list[ScanError],
    key: str = "package",
) -> Iterator[LockEntry]:
    """Yield each entry of the ``[[key]]`` array that has a name; record malformed ones in ``errors``.

    A version that is not a string or not a PEP 440 version (``version = ""``) is an error at the
    entry's line; the entry is still yielded, without a version and with ``refused`` set, so that
    the parser lists it as not checked rather than leaving the package out of the lock.
    """
    packages = data.get(key, [])
    if not isinstance(packages, list):
        errors.append(ScanError(relpath, f"{key!r} is not an array of tables", positions.line((key,)) or 1))
        return
    key_lines = positions.array_table_key_lines((key,))
    aligned = len(key_lines) == len(packages)  # else lines are unknown rather than wrong
    array_line: int | None = None  # found once, when first needed
    for i, table in enumerate(packages):
        keys = key_lines[i] if aligned else {}
        line = keys.get("version", keys.get("name"))
        if line is None and array_line is None:
            array_line = positions.line((key,)) or 1
        error_line = line or array_line or 1
        if not isinstance(table, dict):
            errors.append(ScanError(relpath, f"package entry {i + 1} is not a table", error_line))
            continue
        name = table.get("name")
        if not isinstance(name, str) or not name:
            errors.append(ScanError(relpath, f"package entry {i + 1} has no name", error_line))
            continue
        version = table.get("version")
        refused = None
        if version is not None and not (isinstance(version, str) and is_version(version)):
            shown = shown_version(version)
            message = (
                f"package {name!r} has version {shown}, which is not a PEP 440 version"
                if isinstance(version, str)
                else f"package {name!r} has a non-string version {shown}"
            )
            errors.append(ScanError(relpath, message, error_line))
            refused = refused_version(canonicalize_name(name), version)
            version = None
        elif version is not None:
            version = version.strip()  # as ``Version`` reads it: surrounding spaces are no part of it
        yield LockEntry(
            table, canonicalize_name(name), version, Location(relpath, line), error_line, keys, refused
        )


def element_lines(lines: list[str], key_line: int, values: list[Any]) -> list[int]:
    """Lines of the string elements of an array whose key is on ``key_line`` (``lines[0]`` is line 1).

    Lockers write one element per line; each element is looked for, in order, from the line of
    the previous one up to the next table header. An element not found gets the key's line.
    """
    end = next(
        (i for i in range(key_line, len(lines)) if lines[i].lstrip().startswith("[")),
        len(lines),
    )
    found: list[int] = []
    at = key_line - 1
    for value in values:
        literals = (json.dumps(value, ensure_ascii=False), f"'{value}'") if isinstance(value, str) else ()
        hit = next((i for i in range(at, end) if any(lit in lines[i] for lit in literals)), None)
        if hit is None:
            found.append(key_line)
            continue
        found.append(hit + 1)
        at = hit
    return found


def requirement_names(
    values: Any, key_line: int, lock: LockFile, owner: str, what: str = "dependencies"
) -> list[str]:
    """Canonical names from an array of PEP 508 strings (``"anyio<5,>=3.4.0"``).

    A value that is not an array, not a string or not a valid requirement is an error at its line.
    """
    if values is None:
        return []
    if not isinstance(values, list):
        lock.errors.append(ScanError(lock.relpath, f"{what} of package {owner!r} is not an array", key_line))
        return []
    names: list[str] = []
    for value, line in zip(values, element_lines(lock.lines, key_line, values), strict=True):
        if not isinstance(value, str):
            lock.errors.append(
                ScanError(lock.relpath, f"dependency {value!r} of package {owner!r} is not a string", line)
            )
            continue
        try:
            names.append(canonicalize_name(Requirement(value).name))
        except InvalidRequirement as e:
            reason = str(e).splitlines()[0] if str(e) else "invalid"
            lock.errors.append(
                ScanError(lock.relpath, f"invalid requirement {value!r} in package {owner!r}: {reason}", line)
            )
    return names


# How each lock format writes a package that is not a release from an index, and what it is.
_DIRECT_KINDS = {
    "git": "a git checkout",
    "hg": "a Mercurial checkout",
    "svn": "a Subversion checkout",
    "bzr": "a Bazaar checkout",
    "vcs": "a VCS checkout",
    "url": "a URL",
    "file": "a file",
    "archive": "an archive",
    "path": "a local path",
    "directory": "a local directory",
    "editable": "a local directory (editable)",
    "virtual": "a local directory",
}


def direct_source(kind: str, where: Any) -> str:
    """``problem`` text for a locked package installed from ``where`` (a URL, a path, a table)."""
    if isinstance(where, dict):
        where = next((where[k] for k in ("url", "path", "git") if isinstance(where.get(k), str)), "")
    shown = str(where)[:200] if isinstance(where, str | int | float) else ""
    what = _DIRECT_KINDS.get(kind, "somewhere other than the package index")
    return (
        f"the lock installs it from {what}{f' ({hide_userinfo(shown)})' if shown else ''}, not a "
        "release from the package index; only released files are run here, so it was not checked"
    )


def project_dir(path: str) -> str:
    """A project directory as a lock records it, as a normalised POSIX path ("." for the lock's own)."""
    return posixpath.normpath(path.replace("\\", "/") or ".")


def unique(names: Iterable[str]) -> tuple[str, ...]:
    """Names in first-seen order without repeats."""
    return tuple(dict.fromkeys(names))


def anywhere(markers: Sequence[str | None]) -> str | None:
    """One PEP 508 marker that holds where any of ``markers`` does; None (everywhere) when one of
    them is None or there are none."""
    found = [m.strip() for m in markers if m is not None and m.strip()]
    if not found or len(found) != len(markers):
        return None
    unique_markers = list(dict.fromkeys(found))
    return unique_markers[0] if len(unique_markers) == 1 else " or ".join(f"({m})" for m in unique_markers)


def conditional(edges: Iterable[tuple[str, str | None]]) -> tuple[tuple[str, str], ...]:
    """(name, marker) for the dependencies among ``edges`` (canonical name, marker or None) that
    hold only under a marker. A name listed several times (several versions of it, each for its
    own environments) gets its markers joined; one also listed without a marker holds everywhere.
    """
    by_name: dict[str, list[str | None]] = {}
    for name, marker in edges:
        by_name.setdefault(name, []).append(marker)
    return tuple((name, marker) for name, found in by_name.items() if (marker := anywhere(found)))


def conditional_requirements(values: Any) -> tuple[tuple[str, str], ...]:
    """``conditional`` for an array of PEP 508 strings; invalid ones are skipped here
    (``requirement_names`` reports them)."""
    edges: list[tuple[str, str | None]] = []
    for value in values if isinstance(values, list) else []:
        try:
            req = Requirement(value) if isinstance(value, str) else None
        except InvalidRequirement:
            continue
        if req is not None:
            edges.append((canonicalize_name(req.name), None if req.marker is None else str(req.marker)))
    return conditional(edges)
