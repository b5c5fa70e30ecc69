"""``pylock.toml`` and ``pylock.<name>.toml`` (PEP 751): locked packages, their dependencies, projects."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

from packaging.markers import InvalidMarker, Marker
from packaging.utils import canonicalize_name

from starlette_2093_check.manifests._index import index_source
from starlette_2093_check.manifests._locks import (
    UNKNOWN,
    LockEntry,
    LockFile,
    Parsed,
    conditional_requirements,
    direct_source,
    missing_version,
    project_dir,
    read_lock,
    requirement_names,
    unique,
)
from starlette_2093_check.manifests._python import specifier_problem
from starlette_2093_check.model import IndexSource, Location, LockedPackage, Manifest, ManifestKind, ScanError

_SOURCES = ("vcs", "directory", "archive", "sdist", "wheels")
_EXCLUSIVE = ("vcs", "directory", "archive")  # each excludes every other source; sdist + wheels may pair

_PACKAGES_HEADER = re.compile(r"\[\[\s*packages\s*\]\]")
_TOOL_PDM_HEADER = re.compile(r"\[\s*packages\s*\.\s*tool\s*\.\s*pdm\s*\]")
_DEPENDENCIES_KEY = re.compile(r"dependencies\s*=")


def _check_lock_version(lock: LockFile) -> None:
    version = lock.data.get("lock-version")
    line = lock.top_key_line("lock-version") or 1
    if version is None:
        lock.errors.append(ScanError(lock.relpath, "no lock-version: not a PEP 751 lock file", 1))
    elif not isinstance(version, str) or not version.startswith("1."):
        message = f"unsupported lock-version {version!r}: only 1.x is understood (read as 1.0 anyway)"
        lock.errors.append(ScanError(lock.relpath, message, line))


def _requires_python(lock: LockFile) -> str | None:
    value = lock.data.get("requires-python")
    if value is None or (isinstance(value, str) and specifier_problem(value) is None):
        return value
    line = lock.top_key_line("requires-python") or 1
    message = f"requires-python {str(value)[:80]!r} is not a version specifier"
    lock.errors.append(ScanError(lock.relpath, message, line))
    return None


def _marker(lock: LockFile, entry: LockEntry) -> str | None:
    """Where the package is installed (its ``marker``), checked here and evaluated by the resolver
    (``starlette_2093_check.lockview``); None for everywhere, and for a marker that is not one (an error)."""
    marker = entry.table.get("marker")
    if marker is None:
        return None
    line = entry.line("marker")
    if not isinstance(marker, str):
        lock.errors.append(ScanError(lock.relpath, f"marker of package {entry.name!r} is not a string", line))
        return None
    try:
        Marker(marker)
    except InvalidMarker as e:
        reason = str(e).splitlines()[0] if str(e) else "invalid"
        message = f"invalid marker {marker!r} of package {entry.name!r}: {reason}"
        lock.errors.append(ScanError(lock.relpath, message, line))
        return None
    return marker.strip() or None


def _editable_dir(lock: LockFile, entry: LockEntry) -> str | None:
    """Check the package's sources; return its directory when it is an editable source tree (a project)."""
    table = entry.table
    present = [key for key in _SOURCES if key in table]
    for key in present:
        value = table[key]
        if key == "wheels":
            ok = isinstance(value, list) and all(isinstance(w, dict) for w in value)
            shape = "an array of tables"
        else:
            ok = isinstance(value, dict)
            shape = "a table"
        if not ok:
            message = f"{key} of package {entry.name!r} is not {shape}"
            lock.errors.append(ScanError(lock.relpath, message, entry.line(key)))
    if len(present) > 1 and any(key in _EXCLUSIVE for key in present):
        message = f"package {entry.name!r} has conflicting sources: {', '.join(present)}"
        lock.errors.append(ScanError(lock.relpath, message, entry.line(present[1])))

    directory = table.get("directory")
    if not isinstance(directory, dict):
        return None
    path = directory.get("path")
    editable = directory.get("editable", False)
    subdirectory = directory.get("subdirectory")
    line = entry.line("directory")
    if not isinstance(path, str):
        lock.errors.append(ScanError(lock.relpath, f"directory of package {entry.name!r} has no path", line))
        return None
    if not isinstance(editable, bool):
        message = f"directory.editable of package {entry.name!r} is not true or false"
        lock.errors.append(ScanError(lock.relpath, message, line))
        return None
    if not editable:
        return None
    return project_dir(posixpath.join(path, subdirectory) if isinstance(subdirectory, str) else path)


def _direct(table: dict[str, Any]) -> str | None:
    """Why a package is not a release from an index: a VCS, directory or archive source, or wheels
    and sdists that are files of the checkout (``path``) rather than downloads."""
    kind = next((k for k in _EXCLUSIVE if k in table), None)
    if kind is not None:
        return direct_source(kind, table[kind])
    wheels = table.get("wheels")
    files = [*(wheels if isinstance(wheels, list) else []), table.get("sdist")]
    local = next((f["path"] for f in files if isinstance(f, dict) and isinstance(f.get("path"), str)), None)
    return direct_source("file", local) if local is not None else None


def _tool_pdm_line(lines: list[str], entry: LockEntry) -> int | None:
    """The line of ``dependencies =`` in this entry's ``[packages.tool.pdm]`` table."""
    in_table = False
    for i in range(entry.location.line or len(lines), len(lines)):
        stripped = lines[i].strip()
        if _PACKAGES_HEADER.match(stripped):
            break
        if stripped.startswith("["):
            in_table = _TOOL_PDM_HEADER.match(stripped) is not None
        elif in_table and _DEPENDENCIES_KEY.match(stripped):
            return i + 1
    return None


def _dependencies(lock: LockFile, entry: LockEntry) -> list[str] | None:
    """Names of the package's direct dependencies, or None when the file does not record them.

    The standard key is ``dependencies`` (tables naming other entries). PDM's export records them
    instead as PEP 508 strings in ``[packages.tool.pdm].dependencies``, read when the standard
    key is absent.
    """
    table = entry.table
    if "dependencies" in table:
        value, line = table["dependencies"], entry.line("dependencies")
        if not isinstance(value, list):
            message = f"dependencies of package {entry.name!r} is not an array of tables"
            lock.errors.append(ScanError(lock.relpath, message, line))
            return []
        names: list[str] = []
        for item in value:
            if isinstance(item, dict) and isinstance(item.get("name"), str) and item["name"]:
                names.append(canonicalize_name(item["name"]))
            else:
                message = f"dependency {item!r} of package {entry.name!r} is not a table with a name"
                lock.errors.append(ScanError(lock.relpath, message, line))
        return names
    tool = table.get("tool")
    pdm = tool.get("pdm") if isinstance(tool, dict) else None
    if isinstance(pdm, dict) and "dependencies" in pdm:
        line = _tool_pdm_line(lock.lines, entry) or entry.line("tool")
        return requirement_names(pdm["dependencies"], line, lock, entry.name, "tool.pdm.dependencies")
    return None


def _conditional(table: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """Dependencies that hold only under a marker: PDM's export writes them as PEP 508 strings
    (the standard ``dependencies`` tables carry no markers)."""
    tool = table.get("tool")
    pdm = tool.get("pdm") if isinstance(tool, dict) else None
    if "dependencies" in table or not isinstance(pdm, dict):
        return ()
    return conditional_requirements(pdm.get("dependencies"))


def _index(lock: LockFile, entry: LockEntry, seen: set[str], indexes: dict[str, IndexSource]) -> None:
    """Record the package's index once per distinct URL; never primary (it is where files came from)."""
    url: Any = entry.table.get("index")
    if url is None:
        return
    line = entry.line("index")
    if not isinstance(url, str):
        lock.errors.append(ScanError(lock.relpath, f"index of package {entry.name!r} is not a string", line))
        return
    if url in seen:
        return
    seen.add(url)
    source, error = index_source(url, Location(lock.relpath, line))
    if error is not None:
        lock.errors.append(error)
    if source is not None:
        indexes.setdefault(source.url, source)


def parse_pylock(checkout: Path, relpath: str) -> Parsed:
    """Parse a PEP 751 lock file into locked packages, index URLs and editable projects.

    A package is located at its ``version =`` line. Every package is listed: one without a
    version (a source tree, as the format requires, or files named without one) or with a version
    that is not one (an error) as not checked (version ``unknown`` with a ``problem``). An
    editable ``directory`` is a project: when its dependencies are recorded it goes to
    ``lock_projects`` (and to ``lock_roots`` when at ``"."``). A package may be locked at several
    versions, each with the ``marker`` saying where it is installed (``LockedPackage.marker``). A
    lock-version other than 1.x is an error, and the file is still read.
    """
    lock = read_lock(checkout, relpath, ManifestKind.PYLOCK)
    if not isinstance(lock, LockFile):
        return lock
    _check_lock_version(lock)
    requires_python = _requires_python(lock)
    if "packages" not in lock.data and "lock-version" in lock.data:
        lock.errors.append(ScanError(relpath, "no [[packages]] array", 1))

    locked: list[LockedPackage] = []
    projects: dict[str, list[str]] = {}
    seen: set[str] = set()
    indexes: dict[str, IndexSource] = {}
    for entry in lock.entries("packages"):
        marker = _marker(lock, entry)
        directory = _editable_dir(lock, entry)
        _index(lock, entry, seen, indexes)
        dependencies = _dependencies(lock, entry)
        if directory is not None and dependencies is not None:
            projects.setdefault(directory, []).extend(dependencies)
        problem = _direct(entry.table) or entry.refused
        if entry.version is None and problem is None:  # files from an index, named without a version
            problem = missing_version(entry.name)
        locked.append(
            LockedPackage(
                entry.name,
                entry.version or UNKNOWN,
                entry.location,
                unique(dependencies or ()),
                problem,
                marker=marker,
                conditional=_conditional(entry.table),
            )
        )

    manifest = Manifest(
        path=relpath,
        kind=ManifestKind.PYLOCK,
        locked=tuple(locked),
        lock_roots=unique(projects.get(".", ())),
        lock_projects=tuple((d, unique(names)) for d, names in projects.items()),
        indexes=tuple(indexes.values()),
        requires_python=requires_python,
    )
    return manifest, lock.errors
