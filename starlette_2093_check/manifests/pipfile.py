"""pipenv's ``Pipfile`` (declared packages per category, sources, Python) and ``Pipfile.lock`` (pins).

A Pipfile is TOML: ``[packages]`` are the main dependencies, ``[dev-packages]`` the ``dev`` group, and
any other table of package entries is a pipenv category (its name becomes the group). ``pipenv
install`` installs ``[packages]`` only: the other categories are variants (``variants``). Each entry is
turned into PEP 508 text and handed to ``requirements.declare`` so VCS, URL and local path entries
become direct references exactly as in a requirements file.

``Pipfile.lock`` is JSON, which ``json`` reads without positions; ``json_key_lines`` recovers the line
of every object key from the (already valid) text.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from packaging.markers import InvalidMarker, Marker
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from starlette_2093_check.manifests._files import read_text
from starlette_2093_check.manifests._index import index_source
from starlette_2093_check.manifests._locks import (
    UNKNOWN,
    direct_source,
    is_version,
    missing_version,
    refused_version,
    shown_version,
)
from starlette_2093_check.manifests._toml import TomlPositions, read_toml
from starlette_2093_check.manifests.requirements import declare
from starlette_2093_check.model import (
    Declared,
    IndexSource,
    Location,
    LockedPackage,
    Manifest,
    ManifestKind,
    ScanError,
)

# Top-level Pipfile tables that are not package categories.
_NOT_CATEGORIES = frozenset({"requires", "pipenv", "scripts", "source"})
_GROUPS: dict[str, str | None] = {"packages": None, "dev-packages": "dev"}
_VCS = ("git", "hg", "svn", "bzr")
# Marker variables pipenv accepts as entry keys: ``pywin32 = {version = "*", sys_platform = "== 'win32'"}``.
_MARKER_KEYS = (
    "implementation_name",
    "implementation_version",
    "os_name",
    "platform_machine",
    "platform_python_implementation",
    "platform_release",
    "platform_system",
    "platform_version",
    "python_full_version",
    "python_version",
    "sys_platform",
)
_ENTRY_KEYS = frozenset(
    {"version", "extras", "markers", "index", "editable", "ref", "subdirectory", "path", "file"}
    | set(_VCS)
    | set(_MARKER_KEYS)
)
_NAME = re.compile(r"^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$", re.IGNORECASE)
_SCP_URL = re.compile(r"^([\w.-]+@[\w.-]+):(?!//)(.+)$")  # git@github.com:org/repo.git
_LOCK_SECTIONS = ("default", "develop")  # then any other category, in file order

_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+', re.DOTALL)


class _EntryError(ValueError):
    """A Pipfile entry that cannot be turned into a requirement (the message says why)."""


def parse_pipfile(checkout: Path, relpath: str) -> tuple[Manifest, list[ScanError]]:
    """Parse a Pipfile: each category's packages (``[dev-packages]`` -> group ``dev``, other categories
    -> their table name), ``[[source]]`` indexes (the first is primary) and ``[requires]`` Python.

    Each requirement is located at the line of its key (or of its ``[packages.name]`` header).
    """
    empty = Manifest(path=relpath, kind=ManifestKind.PIPFILE)
    loaded = read_toml(checkout, relpath)
    if isinstance(loaded, ScanError):
        return empty, [loaded]
    text, data = loaded
    positions = TomlPositions(text)
    errors: list[ScanError] = []

    declared: list[Declared] = []
    for section, table in data.items():
        if section in _NOT_CATEGORIES:
            continue
        if section not in _GROUPS and not _looks_like_category(table):
            continue
        if not isinstance(table, dict):
            line = positions.nearest_line((section,)) or 1
            errors.append(ScanError(relpath, f"[{section}] is not a table", line))
            continue
        group = _GROUPS.get(section, section)
        for name, value in table.items():
            line = positions.nearest_line((section, name)) or 1
            found = _declare_entry(checkout, relpath, line, section, name, value, group)
            if isinstance(found, ScanError):
                errors.append(found)
            elif found is not None:
                declared.append(found)

    manifest = Manifest(
        path=relpath,
        kind=ManifestKind.PIPFILE,
        requirements=tuple(declared),
        indexes=tuple(_pipfile_sources(data.get("source"), positions, relpath, errors)),
        python_version=_pipfile_python(data.get("requires"), positions, relpath, errors),
    )
    return manifest, errors


def _looks_like_category(table: Any) -> bool:
    """A table whose every entry is a version string or a table of Pipfile entry keys."""
    return (
        isinstance(table, dict)
        and bool(table)
        and all(isinstance(v, str) or (isinstance(v, dict) and set(v) <= _ENTRY_KEYS) for v in table.values())
    )


def _declare_entry(
    checkout: Path, relpath: str, line: int, section: str, name: str, value: Any, group: str | None
) -> Declared | ScanError | None:
    where = f"package {name!r} in [{section}]"
    if not _NAME.match(name):
        return ScanError(relpath, f"invalid package name {name!r} in [{section}]", line)
    if not isinstance(value, (str, dict)):
        kind = type(value).__name__
        return ScanError(relpath, f"{where}: expected a version string or a table, got {kind}", line)
    try:
        text, editable = _pep508(name, value)
    except _EntryError as e:
        return ScanError(relpath, f"{where}: {e}", line)
    return declare(relpath, line, text, checkout=checkout, group=group, editable=editable)


def _pep508(name: str, value: str | dict[str, Any]) -> tuple[str, bool]:
    """The PEP 508 requirement an entry stands for, and whether it is editable."""
    if isinstance(value, str):
        return name + _specifier(value), False
    extras = value.get("extras", [])
    if not isinstance(extras, list) or not all(isinstance(e, str) for e in extras):
        raise _EntryError("'extras' is not an array of strings")
    editable = value.get("editable", False)
    if not isinstance(editable, bool):
        raise _EntryError("'editable' is not true or false")
    head = name + (f"[{','.join(extras)}]" if extras else "")
    marker = _marker(value)
    target = _target(value)
    if target is not None:
        return head + f" @ {target}" + (f" ; {marker}" if marker else ""), editable
    version = value.get("version", "*")
    if not isinstance(version, str):
        raise _EntryError("'version' is not a string")
    return head + _specifier(version) + (f"; {marker}" if marker else ""), editable


def _specifier(version: str) -> str:
    version = version.strip()
    if version in ("", "*"):
        return ""
    try:
        SpecifierSet(version)
    except InvalidSpecifier:
        raise _EntryError(f"invalid version specifier {version!r}") from None
    return version


def _marker(value: dict[str, Any]) -> str:
    """``markers`` and the marker-variable keys, joined with ``and``."""
    parts = []
    markers = value.get("markers")
    if markers is not None:
        if not isinstance(markers, str):
            raise _EntryError("'markers' is not a string")
        parts.append(markers.strip())
    for key in _MARKER_KEYS:
        if key in value:
            if not isinstance(value[key], str):
                raise _EntryError(f"{key!r} is not a string")
            parts.append(f"{key} {value[key].strip()}")
    for part in parts:
        try:
            Marker(part)
        except InvalidMarker:
            raise _EntryError(f"invalid marker {part!r}") from None
    return parts[0] if len(parts) == 1 else " and ".join(f"({p})" for p in parts)


def _target(value: dict[str, Any]) -> str | None:
    """The direct reference of a VCS, path or file entry (VCS as ``git+URL@ref``), else None."""
    vcs = next((k for k in _VCS if k in value), None)
    if vcs is not None:
        url = _nonempty_string(value, vcs)
        scp = _SCP_URL.match(url)
        if scp and "://" not in url:
            url = f"ssh://{scp.group(1)}/{scp.group(2)}"
        if not url.startswith(f"{vcs}+"):
            url = f"{vcs}+{url}"
        if "ref" in value:
            base, hash_sign, fragment = url.partition("#")
            url = f"{base}@{_nonempty_string(value, 'ref')}{hash_sign}{fragment}"
        if "subdirectory" in value:
            url += ("&" if "#" in url else "#") + f"subdirectory={_nonempty_string(value, 'subdirectory')}"
        return url
    for key in ("path", "file"):
        if key in value:
            return _nonempty_string(value, key)
    return None


def _nonempty_string(value: dict[str, Any], key: str) -> str:
    found = value[key]
    if not isinstance(found, str) or not found.strip():
        raise _EntryError(f"{key!r} is not a non-empty string")
    return found.strip()


def _pipfile_sources(
    sources: Any, positions: TomlPositions, relpath: str, errors: list[ScanError]
) -> list[IndexSource]:
    if sources is None:
        return []
    if not isinstance(sources, list):
        line = positions.nearest_line(("source",)) or 1
        errors.append(ScanError(relpath, "'source' is not an array of tables (write [[source]])", line))
        return []
    out: list[IndexSource] = []
    for i, source in enumerate(sources):
        line = positions.line(("source", i, "url")) or positions.nearest_line(("source", i)) or 1
        if not isinstance(source, dict):
            errors.append(ScanError(relpath, f"source entry {i + 1} is not a table", line))
            continue
        found, error = _source(source, i, Location(relpath, line))
        errors += [error] if error else []
        out += [found] if found else []
    return out


def _source(
    source: dict[str, Any], i: int, location: Location
) -> tuple[IndexSource | None, ScanError | None]:
    """One pipenv source (Pipfile ``[[source]]`` or lock ``_meta.sources``); the first one is primary."""
    url = source.get("url")
    if not isinstance(url, str) or not url.strip():
        return None, ScanError(location.file, f"source entry {i + 1} has no url", location.line)
    name = source.get("name")
    return index_source(url, location, name=name if isinstance(name, str) else None, primary=i == 0)


def _python(
    requires: dict[str, Any], where: str, line_of: Callable[[str], int], relpath: str, errors: list[ScanError]
) -> str | None:
    """``python_full_version``, else ``python_version``, if it is a version (else an error)."""
    for key in ("python_full_version", "python_version"):
        value = requires.get(key)
        if value is None:
            continue
        if isinstance(value, str):
            try:
                Version(value.strip())
                return value.strip()
            except InvalidVersion:
                pass
        errors.append(ScanError(relpath, f"{where}.{key} is not a Python version: {value!r}", line_of(key)))
    return None


def _pipfile_python(
    requires: Any, positions: TomlPositions, relpath: str, errors: list[ScanError]
) -> str | None:
    if requires is None:
        return None
    if not isinstance(requires, dict):
        errors.append(
            ScanError(relpath, "[requires] is not a table", positions.nearest_line(("requires",)) or 1)
        )
        return None

    def line_of(key: str) -> int:
        return positions.nearest_line(("requires", key)) or 1

    return _python(requires, "[requires]", line_of, relpath, errors)


def json_key_lines(text: str) -> dict[tuple[str | int, ...], int]:
    """The 1-based line of every object key in the valid JSON ``text``, by its path.

    A path holds object keys and array indexes: ``("default", "starlette", "version")``,
    ``("_meta", "sources", 0, "url")``. A key repeated in one object keeps its last line, as
    ``json`` keeps the last value.
    """
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    lines: dict[tuple[str | int, ...], int] = {}
    # One frame per open container: [is an object, current key or index, a key comes next].
    stack: list[list[Any]] = []
    for m in _JSON_TOKEN.finditer(text):
        token = m.group()
        if token == "{":
            stack.append([True, "", True])
        elif token == "[":
            stack.append([False, 0, False])
        elif token in ("}", "]"):
            stack.pop()
        elif token == ",":
            if stack[-1][0]:
                stack[-1][2] = True
            else:
                stack[-1][1] += 1
        elif token.startswith('"') and stack and stack[-1][0] and stack[-1][2]:
            stack[-1][1], stack[-1][2] = json.loads(token), False
            lines[tuple(frame[1] for frame in stack)] = bisect.bisect_right(line_starts, m.start())
    return lines


def parse_pipfile_lock(checkout: Path, relpath: str) -> tuple[Manifest, list[ScanError]]:
    """Parse a Pipfile.lock: pinned packages of ``default``, ``develop`` and other categories, the
    ``_meta`` sources (the first is primary) and requested Python.

    Each package is located at its ``"version"`` line. VCS and path entries, and entries whose
    version is not an exact pin of a version (an error), are listed as not checked. A package in
    several sections is taken from the first (``default`` before ``develop``). Pipfile.lock records
    no dependency graph, so ``dependencies`` stay empty.
    """
    empty = Manifest(path=relpath, kind=ManifestKind.PIPFILE_LOCK)
    text = read_text(checkout, relpath)
    if isinstance(text, ScanError):
        return empty, [text]
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        return empty, [ScanError(relpath, f"invalid JSON at line {e.lineno}: {e.msg}", e.lineno)]
    except (ValueError, RecursionError) as e:  # an integer too long to convert, nesting too deep
        return empty, [ScanError(relpath, f"cannot read JSON: {type(e).__name__}: {e}", 1)]
    if not isinstance(data, dict):
        return empty, [ScanError(relpath, "Pipfile.lock is not a JSON object", 1)]
    lines = json_key_lines(text)
    errors: list[ScanError] = []

    locked: dict[str, LockedPackage] = {}
    others = [k for k in data if k not in (*_LOCK_SECTIONS, "_meta") and isinstance(data[k], dict)]
    for section in [*_LOCK_SECTIONS, *others]:
        packages = data.get(section)
        if packages is None:
            continue
        if not isinstance(packages, dict):
            errors.append(ScanError(relpath, f"{section!r} is not an object", lines.get((section,), 1)))
            continue
        for name, entry in packages.items():
            found, error = _locked(relpath, lines, section, name, entry)
            errors += [error] if error is not None else []
            if found is not None:
                locked.setdefault(found.name, found)

    indexes: list[IndexSource] = []
    python_version = None
    meta = data.get("_meta")
    if meta is not None and not isinstance(meta, dict):
        errors.append(ScanError(relpath, "'_meta' is not an object", lines.get(("_meta",), 1)))
    elif meta is not None:
        indexes = _lock_sources(meta.get("sources"), lines, relpath, errors)
        requires = meta.get("requires")
        if isinstance(requires, dict):

            def line_of(key: str) -> int:
                return lines.get(("_meta", "requires", key), 1)

            python_version = _python(requires, "_meta.requires", line_of, relpath, errors)
        elif requires is not None:
            line = lines.get(("_meta", "requires"), 1)
            errors.append(ScanError(relpath, "'_meta.requires' is not an object", line))

    manifest = Manifest(
        path=relpath,
        kind=ManifestKind.PIPFILE_LOCK,
        locked=tuple(locked.values()),
        indexes=tuple(indexes),
        python_version=python_version,
    )
    return manifest, errors


def _locked(
    relpath: str, lines: dict[tuple[str | int, ...], int], section: str, name: str, entry: Any
) -> tuple[LockedPackage | None, ScanError | None]:
    """The package an entry pins, and the error it has, if any.

    An entry whose version is missing, not an exact ``==`` pin or not a PEP 440 version is an
    error, and is still listed (version ``unknown`` with a ``problem``): a root that locks the
    package this way is reported as not checked, never as one that does not have it.
    """
    where = f"package {name!r} in {section!r}"
    line = lines.get((section, name), 1)
    if not _NAME.match(name):
        return None, ScanError(relpath, f"invalid package name {name!r} in {section!r}", line)
    canonical = canonicalize_name(name)

    def refused(message: str, problem: str) -> tuple[LockedPackage, ScanError]:
        return LockedPackage(canonical, UNKNOWN, Location(relpath, line), problem=problem), ScanError(
            relpath, f"{where} {message}", line
        )

    if not isinstance(entry, dict):
        return refused("is not an object", missing_version(canonical))
    line = lines.get((section, name, "version"), line)
    version = entry.get("version")
    direct = next((k for k in (*_VCS, "path", "file") if k in entry), None)
    if direct is not None:  # a VCS or local entry: pinned by reference, not by a release's version
        problem = direct_source(direct, entry[direct])
        pinned = version.strip().lstrip("=").strip() if isinstance(version, str) else None
        if version is not None and not (pinned and is_version(pinned)):
            bad = f"has version {shown_version(version)}, which is not a version"
            return refused(bad, problem)
        return LockedPackage(canonical, pinned or UNKNOWN, Location(relpath, line), problem=problem), None
    if version is None:
        return refused("has no version", missing_version(canonical))
    if not isinstance(version, str):
        return refused(
            f"has a non-string version {shown_version(version)}", refused_version(canonical, version)
        )
    stripped = version.strip()
    pinned = (
        stripped[3:] if stripped.startswith("===") else stripped[2:] if stripped.startswith("==") else None
    )
    if pinned is None:
        bad = f"has version {shown_version(version)}, not an exact '==' pin"
        return refused(bad, refused_version(canonical, version))
    if not is_version(pinned):
        bad = (
            f"has version {shown_version(version)}: {shown_version(pinned.strip())} is not a PEP 440 version"
        )
        return refused(bad, refused_version(canonical, version))
    return LockedPackage(canonical, pinned.strip(), Location(relpath, line)), None


def _lock_sources(
    sources: Any, lines: dict[tuple[str | int, ...], int], relpath: str, errors: list[ScanError]
) -> list[IndexSource]:
    if sources is None:
        return []
    if not isinstance(sources, list):
        errors.append(
            ScanError(relpath, "'_meta.sources' is not an array", lines.get(("_meta", "sources"), 1))
        )
        return []
    out: list[IndexSource] = []
    for i, source in enumerate(sources):
        line = lines.get(("_meta", "sources", i, "url"), lines.get(("_meta", "sources"), 1))
        if not isinstance(source, dict):
            errors.append(ScanError(relpath, f"source entry {i + 1} is not an object", line))
            continue
        found, error = _source(source, i, Location(relpath, line))
        errors += [error] if error else []
        out += [found] if found else []
    return out
