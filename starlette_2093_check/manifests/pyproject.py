"""``pyproject.toml``: what a project declares, whichever tool's tables it uses.

Read: PEP 621 ``[project]`` (dependencies, optional-dependencies, requires-python), PEP 735
``[dependency-groups]``, Poetry's dependency tables (converted to PEP 508 with poetry-core), the
index sources of Poetry, uv and PDM, uv's legacy ``dev-dependencies``, and setuptools' dynamic
dependencies read from requirements files. Values come from tomllib; lines from ``TomlPositions``.
"""

from __future__ import annotations

import posixpath
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from starlette_2093_check.manifests._files import read_text
from starlette_2093_check.manifests._index import index_source
from starlette_2093_check.manifests._python import specifier_problem
from starlette_2093_check.manifests._toml import KeyPath, TomlPositions, read_toml
from starlette_2093_check.manifests.requirements import (
    declare,
    is_local_place,
    local_distributions,
    normalise_reference,
    parse_requirements,
)
from starlette_2093_check.model import Declared, IndexSource, Location, Manifest, ManifestKind, ScanError

MAX_GROUP_DEPTH = 32

_BARE = re.compile(r"^[A-Za-z0-9_-]+$")
_WINDOWS_PATH = re.compile(r"^[A-Za-z]:[\\/]")

# The keys of a Poetry dependency table that must have a given type, checked before poetry-core
# sees the table (it turns ``extras = "full"`` into the extras f, l, u, and raises on others).
_POETRY_KEY_TYPES: dict[str, tuple[type, str]] = {
    "version": (str, "a string"),
    "markers": (str, "a string"),
    "python": (str, "a string"),
    "platform": (str, "a string"),
    "source": (str, "a string"),
    "git": (str, "a string"),
    "branch": (str, "a string"),
    "tag": (str, "a string"),
    "rev": (str, "a string"),
    "subdirectory": (str, "a string"),
    "url": (str, "a string"),
    "path": (str, "a string"),
    "optional": (bool, "a boolean"),
    "develop": (bool, "a boolean"),
    "allow-prereleases": (bool, "a boolean"),
    "extras": (list, "an array of strings"),
}
_POETRY_PRIORITIES = ("primary", "default", "secondary", "supplemental", "explicit")


def _dotted(path: Sequence[str | int]) -> str:
    """``path`` as TOML writes it: ``tool.poetry.group."my group"`` (array indexes left out)."""
    parts = [p if _BARE.match(p) else f'"{p}"' for p in path if isinstance(p, str)]
    return ".".join(parts)


def _shown(value: object) -> str:
    """``repr(value)``, cut short for a message."""
    text = repr(value)
    return text if len(text) <= 100 else text[:100] + "..."


def _first_line(e: Exception) -> str:
    text = str(e).strip()
    return text.splitlines()[0] if text else type(e).__name__


@dataclass
class _Reader:
    """What one pyproject has declared so far, and the problems met."""

    checkout: Path
    relpath: str
    positions: TomlPositions
    errors: list[ScanError] = field(default_factory=list)
    declared: list[Declared] = field(default_factory=list)
    indexes: list[IndexSource] = field(default_factory=list)
    includes: list[str] = field(default_factory=list)
    not_tables: set[KeyPath] = field(default_factory=set)
    local_files: list[tuple[str, str, Location]] = field(default_factory=list)  # flat local indexes

    def line(self, path: KeyPath) -> int:
        # Every path asked about holds a value tomllib read, so the scanner finds it; line 1 is a
        # last resort so that no error goes without a line.
        return self.positions.nearest_line(path) or 1

    def error(self, message: str, path: KeyPath) -> None:
        self.errors.append(ScanError(self.relpath, message, self.line(path)))

    def table(self, data: dict[str, Any], path: KeyPath) -> dict[str, Any] | None:
        """The table at ``path`` (keys only), None if absent; an error if something else is there."""
        value: Any = data
        for n, key in enumerate(path):
            value = value.get(key)
            if value is None:
                return None
            if not isinstance(value, dict):
                if path[: n + 1] not in self.not_tables:  # several readers look under [tool]
                    self.not_tables.add(path[: n + 1])
                    self.error(f"[{_dotted(path[: n + 1])}] is not a table", path[: n + 1])
                return None
        return value  # type: ignore[no-any-return]

    def typed(self, table: dict[str, Any], path: KeyPath, key: str, kind: type, what: str) -> Any:
        """``table[key]`` if it has type ``kind``; None if absent or (with an error) of another type."""
        value = table.get(key)
        if value is None:
            return None
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            self.error(f"[{_dotted(path)}].{key} is not {what}", (*path, key))
            return None
        return value

    def add(self, found: Declared | ScanError | None, text: str, line: int | None) -> Declared | None:
        if isinstance(found, ScanError):
            self.errors.append(found)
            return None
        if found is None:
            message = f"invalid requirement {_shown(text)}: a URL needs a name (name @ URL)"
            self.errors.append(ScanError(self.relpath, message, line))
            return None
        self.declared.append(found)
        return found

    def strings(self, values: Any, path: KeyPath, group: str | None) -> list[Declared]:
        """Declare each PEP 508 string of the array ``values`` found at ``path``."""
        if not isinstance(values, list):
            self.error(f"[{_dotted(path[:-1])}].{path[-1]} is not an array", path)
            return []
        out = []
        for i, value in enumerate(values):
            line = self.line((*path, i))
            if not isinstance(value, str):
                message = f"dependency {_shown(value)} is not a string"
                self.errors.append(ScanError(self.relpath, message, line))
                continue
            found = declare(self.relpath, line, value, checkout=self.checkout, group=group)
            added = self.add(found, value, line)
            if added is not None:
                out.append(added)
        return out

    def index(self, url: str, path: KeyPath, *, name: str | None, primary: bool) -> None:
        source, error = index_source(url, Location(self.relpath, self.line(path)), name=name, primary=primary)
        self.indexes += [source] if source else []
        self.errors += [error] if error else []


def parse_pyproject(checkout: Path, relpath: str) -> tuple[Manifest, list[ScanError]]:
    """Parse every dependency declaration, Python request and index source of a ``pyproject.toml``.

    Groups: ``[project.optional-dependencies]`` give ``extra:<name>``, PEP 735 groups and Poetry
    groups their (normalised) name, Poetry's ``dev-dependencies`` ``dev``. ``default_groups`` says
    which of them uv, PDM and Poetry install by default. A pyproject with only tool configuration is
    a valid, empty manifest. Problems become errors at their lines; one bad entry never stops the rest.
    """
    empty = Manifest(path=relpath, kind=ManifestKind.PYPROJECT)
    loaded = read_toml(checkout, relpath)
    if isinstance(loaded, ScanError):
        return empty, [loaded]
    text, data = loaded
    reader = _Reader(checkout, relpath, TomlPositions(text))

    project = reader.table(data, ("project",))
    requires_python: str | None = None
    project_names: set[str] | None = None  # names in [project].dependencies, when that is set
    if project is not None:
        requires_python = reader.typed(project, ("project",), "requires-python", str, "a string")
        problem = specifier_problem(requires_python) if requires_python else None
        if problem is not None:
            reader.error(
                f"[project].requires-python {_shown(requires_python)} {problem}",
                ("project", "requires-python"),
            )
            requires_python = None
        if "dependencies" in project:
            found = reader.strings(project["dependencies"], ("project", "dependencies"), None)
            project_names = {d.name for d in found}
        _optional_dependencies(reader, project)
        _setuptools_dynamic(reader, data, project)
    groups = _dependency_groups(reader, data)
    poetry_python = _poetry(reader, data, project_names or set())
    _uv(reader, data)
    _pdm(reader, data)

    tool = data.get("tool")
    poetry = tool.get("poetry") if isinstance(tool, dict) else None
    names = [
        project.get("name") if project else None,
        poetry.get("name") if isinstance(poetry, dict) else None,
    ]
    name = next((n for n in names if isinstance(n, str) and n.strip()), None)
    manifest = Manifest(
        path=relpath,
        kind=ManifestKind.PYPROJECT,
        requirements=tuple(reader.declared),
        indexes=tuple(reader.indexes),
        requires_python=requires_python or poetry_python,
        includes=tuple(dict.fromkeys(reader.includes)),
        local_files=tuple(reader.local_files),
        project_name=canonicalize_name(name) if name else None,
        default_groups=_default_groups(reader, data, groups),
    )
    return manifest, reader.errors


def _optional_dependencies(reader: _Reader, project: dict[str, Any]) -> None:
    path: KeyPath = ("project", "optional-dependencies")
    extras = reader.table({"project": project}, path)
    for name, values in (extras or {}).items():
        reader.strings(values, (*path, name), f"extra:{canonicalize_name(name)}")


# -- PEP 735 dependency groups ------------------------------------------------------------------


def _dependency_groups(reader: _Reader, data: dict[str, Any]) -> list[str]:
    """Each group with its includes resolved; every requirement keeps the line of its own string.
    Returns the groups' (normalised) names."""
    groups = reader.table(data, ("dependency-groups",))
    if not groups:
        return []
    by_name: dict[str, str] = {}  # normalised name -> name as written
    for name in groups:
        canonical: str = canonicalize_name(name)
        if canonical in by_name:
            message = f"dependency group {name!r} repeats {by_name[canonical]!r} (names are normalised)"
            reader.error(message, ("dependency-groups", name))
            continue
        by_name[canonical] = name

    # Each group's own entries: a requirement (declared once, in that group) or an include.
    own: dict[str, list[Declared | tuple[str, KeyPath]]] = {}
    for canonical, name in by_name.items():
        path: KeyPath = ("dependency-groups", name)
        entries = groups[name]
        own[canonical] = []
        if not isinstance(entries, list):
            reader.error(f"dependency group {name!r} is not an array", path)
            continue
        for i, entry in enumerate(entries):
            line = reader.line((*path, i))
            if isinstance(entry, str):
                found = declare(reader.relpath, line, entry, checkout=reader.checkout, group=canonical)
                if isinstance(found, Declared):
                    own[canonical].append(found)
                elif found is None:
                    reader.add(None, entry, line)
                else:
                    reader.errors.append(found)
            elif isinstance(entry, dict) and set(entry) == {"include-group"}:
                target = entry["include-group"]
                if isinstance(target, str):
                    own[canonical].append((target, (*path, i)))
                else:
                    reader.error(f"include-group in dependency group {name!r} is not a string", (*path, i))
            else:
                message = (
                    f"dependency group {name!r}: entry {_shown(entry)} is neither a requirement string "
                    'nor a table {include-group = "..."}'
                )
                reader.error(message, (*path, i))

    reported: set[KeyPath | frozenset[str]] = set()
    done: dict[str, list[Declared]] = {}

    def expand(canonical: str, stack: tuple[str, ...]) -> list[Declared]:
        if canonical in done:
            return done[canonical]
        out: list[Declared] = []
        for entry in own[canonical]:
            if isinstance(entry, Declared):
                out.append(entry)
                continue
            target, path = entry
            wanted = canonicalize_name(target)
            key: KeyPath | frozenset[str] = path  # an include is reached once per group including it
            if wanted not in own:
                message = f"include-group {target!r} names no group in [dependency-groups]"
            elif wanted in stack:
                cycle = (*stack[stack.index(wanted) :], wanted)
                message = f"include-group cycle: {' -> '.join(by_name[g] for g in cycle)}"
                key = frozenset(cycle)  # the same cycle is met again from each of its groups
            elif len(stack) >= MAX_GROUP_DEPTH:
                message = f"include-group {target!r} nests groups deeper than {MAX_GROUP_DEPTH}"
            else:
                out += expand(wanted, (*stack, wanted))
                continue
            if key not in reported:
                reported.add(key)
                reader.error(message, path)
        done[canonical] = out
        return out

    for group in own:
        seen: set[int] = set()
        for declared in expand(group, (group,)):
            if id(declared) not in seen:
                seen.add(id(declared))
                reader.declared.append(replace(declared, group=group))
    return list(own)


# -- what each installer installs by default ------------------------------------------------------


def _default_groups(
    reader: _Reader, data: dict[str, Any], pep735: list[str]
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """For each installer the file configures, the groups its install command adds by default.

    ``uv sync``: the ``dev`` group (uv's legacy ``dev-dependencies`` land there too), or
    ``[tool.uv].default-groups`` (a list, or ``"all"``). ``pdm install``: every dependency group.
    ``poetry install``: every group not marked ``optional = true``. Extras are never installed by
    default.
    """
    found: list[tuple[str, tuple[str, ...]]] = []
    uv = reader.table(data, ("tool", "uv"))
    if uv is not None:
        found.append(("uv", _uv_default_groups(reader, uv, pep735)))
    if reader.table(data, ("tool", "pdm")) is not None:
        found.append(("pdm", tuple(pep735)))
    base: KeyPath = ("tool", "poetry")
    if reader.table(data, base) is not None:
        groups = ["dev"] if reader.table(data, (*base, "dev-dependencies")) is not None else []
        tables = reader.table(data, (*base, "group")) or {}
        optional: set[str] = set()
        for name in tables:
            table = reader.table(data, (*base, "group", name))
            if table is None:
                continue
            if reader.typed(table, (*base, "group", name), "optional", bool, "a boolean"):
                optional.add(canonicalize_name(name))
            elif reader.table(data, (*base, "group", name, "dependencies")) is not None:
                groups.append(canonicalize_name(name))
        groups += [g for g in pep735 if g not in optional]
        found.append(("poetry", tuple(dict.fromkeys(groups))))
    return tuple(found)


def _uv_default_groups(reader: _Reader, uv: dict[str, Any], pep735: list[str]) -> tuple[str, ...]:
    path: KeyPath = ("tool", "uv", "default-groups")
    value = uv.get("default-groups")
    if value is None:
        return ("dev",)
    if value == "all":
        return tuple(dict.fromkeys([*pep735, "dev"]))
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        reader.error('[tool.uv].default-groups is not an array of strings or "all"', path)
        return ("dev",)
    return tuple(dict.fromkeys(canonicalize_name(v) for v in value))


# -- setuptools dynamic dependencies ----------------------------------------------------------


def _setuptools_dynamic(reader: _Reader, data: dict[str, Any], project: dict[str, Any]) -> None:
    """``[tool.setuptools.dynamic]`` files, when ``[project].dynamic`` names the field."""
    dynamic = project.get("dynamic")
    if dynamic is None:
        return
    if not isinstance(dynamic, list) or not all(isinstance(d, str) for d in dynamic):
        reader.error("[project].dynamic is not an array of strings", ("project", "dynamic"))
        return
    path: KeyPath = ("tool", "setuptools", "dynamic")
    if "dependencies" not in dynamic and "optional-dependencies" not in dynamic:
        return
    table = reader.table(data, path)
    if table is None:
        return  # another build backend fills the field (Poetry 2, Hatch plugins, ...)
    if "dependencies" in dynamic and "dependencies" in table:
        _dynamic_files(reader, table["dependencies"], (*path, "dependencies"), None)
    if "optional-dependencies" in dynamic and "optional-dependencies" in table:
        extras = reader.table(data, (*path, "optional-dependencies"))
        for name, spec in (extras or {}).items():
            group = f"extra:{canonicalize_name(name)}"
            _dynamic_files(reader, spec, (*path, "optional-dependencies", name), group)


def _dynamic_files(reader: _Reader, spec: Any, path: KeyPath, group: str | None) -> None:
    if not isinstance(spec, dict) or "file" not in spec:
        reader.error(f"[{_dotted(path[:-1])}].{path[-1]} is not a table {{file = [...]}}", path)
        return
    files = spec["file"]
    if isinstance(files, str):
        entries: list[tuple[str, KeyPath]] = [(files, (*path, "file"))]
    elif isinstance(files, list) and all(isinstance(f, str) for f in files):
        entries = [(f, (*path, "file", i)) for i, f in enumerate(files)]
    else:
        reader.error(f"[{_dotted(path)}].file is not a string or an array of strings", (*path, "file"))
        return
    for name, where in entries:
        line = reader.line(where)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(reader.relpath), name))
        if posixpath.isabs(name) or _WINDOWS_PATH.match(name) or target.split("/")[0] == "..":
            message = f"refused: dynamic dependencies file {name!r} is outside the checkout"
            reader.errors.append(ScanError(reader.relpath, message, line))
            continue
        readable = read_text(reader.checkout, target)
        if isinstance(readable, ScanError):
            if readable.line is None:  # e.g. not found: point at the pyproject line naming it
                message = f"dynamic dependencies file {name!r}: {readable.message}"
                readable = ScanError(reader.relpath, message, line)
            reader.errors.append(readable)
            continue
        manifest, errors = parse_requirements(reader.checkout, target)
        for e in errors:
            if e.line is None:  # a file it includes could not be read
                message = f"dynamic dependencies file {name!r}: {e.file}: {e.message}"
                e = ScanError(reader.relpath, message, line)
            reader.errors.append(e)
        reader.declared += [replace(d, group=group) for d in manifest.requirements]
        reader.indexes += manifest.indexes
        reader.includes += [target, *manifest.includes]


# -- Poetry -----------------------------------------------------------------------------------


def _poetry(reader: _Reader, data: dict[str, Any], project_names: set[str]) -> str | None:
    """Poetry's dependency tables and sources; returns the ``python`` constraint as a PEP 440 specifier.

    With a ``[project].dependencies`` array (Poetry 2), ``[tool.poetry.dependencies]`` only adds
    details to names already declared there, so those names are not declared twice.
    """
    base: KeyPath = ("tool", "poetry")
    poetry = reader.table(data, base)
    if poetry is None:
        return None
    extras = _poetry_extras(reader, data)
    python: str | None = None
    main = reader.table(data, (*base, "dependencies"))
    if main is not None:
        python = _poetry_python(reader, main.get("python"), (*base, "dependencies", "python"))
        _poetry_table(reader, main, (*base, "dependencies"), None, project_names, extras)
    dev = reader.table(data, (*base, "dev-dependencies"))
    if dev is not None:
        _poetry_table(reader, dev, (*base, "dev-dependencies"), "dev", set(), {})
    groups = reader.table(data, (*base, "group"))
    for name in groups or {}:
        group = reader.table(data, (*base, "group", name))
        if group is None:
            continue
        table = reader.table(data, (*base, "group", name, "dependencies"))
        if table is not None:
            path = (*base, "group", name, "dependencies")
            _poetry_table(reader, table, path, canonicalize_name(name), set(), {})
    _poetry_sources(reader, poetry.get("source"), (*base, "source"))
    return python


def _poetry_extras(reader: _Reader, data: dict[str, Any]) -> dict[str, str]:
    """Package name -> the first ``[tool.poetry.extras]`` extra listing it."""
    path: KeyPath = ("tool", "poetry", "extras")
    table = reader.table(data, path)
    found: dict[str, str] = {}
    for extra, names in (table or {}).items():
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            reader.error(f"[{_dotted(path)}].{extra} is not an array of strings", (*path, extra))
            continue
        for name in names:
            found.setdefault(canonicalize_name(name), canonicalize_name(extra))
    return found


def _poetry_python(reader: _Reader, value: Any, path: KeyPath) -> str | None:
    """Poetry's ``python = "^3.9"`` as a PEP 440 specifier (``>=3.9,<4.0``); None for ``*``."""
    if value is None:
        return None
    if not isinstance(value, str):
        reader.error(f"[{_dotted(path[:-1])}].python is not a string", path)
        return None
    # poetry-core is imported only for Poetry projects: it takes a tenth of a second to load.
    from poetry.core.constraints.version import parse_constraint
    from poetry.core.version.helpers import format_python_constraint

    try:
        specifier = format_python_constraint(parse_constraint(value)).replace(" ", "")
        if specifier == "*":
            return None
        SpecifierSet(specifier)  # raises if poetry-core wrote something PEP 440 cannot read
        return specifier
    except Exception as e:  # poetry-core raises many kinds on junk input
        reader.error(f"cannot read the Poetry Python constraint {_shown(value)}: {_first_line(e)}", path)
        return None


def _poetry_table(
    reader: _Reader,
    table: dict[str, Any],
    path: KeyPath,
    group: str | None,
    skip: set[str],
    extras: dict[str, str],
) -> None:
    for name, value in table.items():
        where = (*path, name)
        if name == "python" or canonicalize_name(name) in skip:
            continue  # python: the interpreter constraint, read by _poetry_python
        if isinstance(value, list):
            if not value:
                reader.error(f"Poetry dependency {name!r} is an empty array", where)
            for i, item in enumerate(value):
                if isinstance(item, dict):
                    _poetry_dependency(reader, name, item, (*where, i), group, extras)
                else:
                    message = f"Poetry dependency {name!r}: constraint {i + 1} of the array is not a table"
                    reader.error(message, (*where, i))
        elif isinstance(value, str | dict):
            _poetry_dependency(reader, name, value, where, group, extras)
        else:
            message = f"Poetry dependency {name!r} is not a version string, a table or an array of tables"
            reader.error(message, where)


def _poetry_dependency(
    reader: _Reader,
    name: str,
    value: str | dict[str, Any],
    where: KeyPath,
    group: str | None,
    extras: dict[str, str],
) -> None:
    """One Poetry dependency (a constraint string or a table), declared as PEP 508."""
    line = reader.line(where)
    if isinstance(value, dict):
        for key, (kind, what) in _POETRY_KEY_TYPES.items():
            item = value.get(key)
            bad = item is not None and not isinstance(item, kind)
            if key == "extras" and isinstance(item, list) and not all(isinstance(x, str) for x in item):
                bad = True
            if bad:
                reader.error(f"Poetry dependency {name!r}: {key} is not {what}", (*where, key))
                return
        if "version" in value:
            line = reader.line((*where, "version"))
        if value.get("optional") is True and group is None:
            extra = extras.get(canonicalize_name(name))
            group = f"extra:{extra}" if extra else "optional"  # not installed unless an extra asks
        if isinstance(value.get("path"), str) or isinstance(value.get("file"), str):
            # Read here, relative to the pyproject: poetry-core would look at the runner's disk (and
            # say whether a path exists there, in the log, for a pull request to read).
            _poetry_path(reader, name, value, line, group)
            return
    constraint = value if isinstance(value, str) else value.get("version", "*")
    from poetry.core.factory import Factory

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pep508 = Factory.create_dependency(name, value).to_pep_508()
    except Exception as e:  # poetry-core raises many kinds on junk input
        message = f"cannot read Poetry dependency {name!r} = {_shown(value)}: {_first_line(e)}"
        reader.errors.append(ScanError(reader.relpath, message, line))
        return
    if "||" in pep508:
        try:
            Requirement(pep508)
        except InvalidRequirement:
            message = (
                f"Poetry constraint {_shown(constraint)} for {name!r} cannot be expressed in PEP 440 "
                "(it is a union of ranges, '||')"
            )
            reader.errors.append(ScanError(reader.relpath, message, line))
            return
    reader.add(declare(reader.relpath, line, pep508, checkout=reader.checkout, group=group), pep508, line)


def _poetry_path(
    reader: _Reader, name: str, value: dict[str, Any], line: int | None, group: str | None
) -> None:
    """A ``path`` dependency, relative to the pyproject (poetry-core would resolve it from the cwd)."""
    target: str = value["path"] if isinstance(value.get("path"), str) else value["file"]
    if not target.startswith((".", "/", "~")) and not _WINDOWS_PATH.match(target) and "://" not in target:
        target = "./" + target  # so declare() reads it as a path, not as a project name
    editable = value.get("develop") is True
    found = declare(reader.relpath, line, target, checkout=reader.checkout, group=group, editable=editable)
    if isinstance(found, Declared):
        found = replace(found, name=canonicalize_name(name))
    reader.add(found, target, line)


def _poetry_sources(reader: _Reader, sources: Any, path: KeyPath) -> None:
    """``[[tool.poetry.source]]``: ``default`` and ``primary`` sources replace the default index.

    Poetry stops using its implicit default once a source is ``primary`` (or ``default``, or has the
    legacy ``default = true``); ``supplemental`` and ``explicit`` sources only add to it.
    """
    if sources is None:
        return
    if not isinstance(sources, list):
        reader.error(f"[{_dotted(path)}] is not an array of tables", path)
        return
    for i, source in enumerate(sources):
        where = (*path, i)
        if not isinstance(source, dict):
            reader.error(f"[[{_dotted(path)}]] entry {i + 1} is not a table", where)
            continue
        name = reader.typed(source, where, "name", str, "a string")
        priority = reader.typed(source, where, "priority", str, "a string")
        if priority is not None and priority not in _POETRY_PRIORITIES:
            allowed = ", ".join(_POETRY_PRIORITIES)
            message = f"Poetry source {name!r}: unknown priority {priority!r} (one of {allowed})"
            reader.error(message, (*where, "priority"))
        default = reader.typed(source, where, "default", bool, "a boolean")
        url = source.get("url")
        if url is None:
            if not (isinstance(name, str) and name.lower() == "pypi"):  # PyPI needs no url
                reader.error(f"Poetry source {name or i + 1!r} has no url", where)
            continue
        url = reader.typed(source, where, "url", str, "a string")
        if url is not None:
            reader.index(
                url, (*where, "url"), name=name, primary=priority in ("default", "primary") or default is True
            )


# -- uv and PDM -------------------------------------------------------------------------------


def _uv(reader: _Reader, data: dict[str, Any]) -> None:
    """``[[tool.uv.index]]``, ``tool.uv.index-url``/``extra-index-url`` and legacy ``dev-dependencies``."""
    base: KeyPath = ("tool", "uv")
    uv = reader.table(data, base)
    if uv is None:
        return
    if "dev-dependencies" in uv:
        reader.strings(uv["dev-dependencies"], (*base, "dev-dependencies"), "dev")
    _uv_sources(reader, uv.get("sources"), (*base, "sources"))
    places = uv.get("find-links")
    for i, place in enumerate(places if isinstance(places, list) else []):
        if isinstance(place, str):  # a URL is not followed; a directory of the checkout is listed
            _local_index(reader, place, (*base, "find-links", i))
    for key in ("override-dependencies", "constraint-dependencies"):
        if key in uv:  # replace, or limit, what any requirement asks of a package; add none
            found = {id(d) for d in reader.strings(uv[key], (*base, key), None)}
            override = key.startswith("override")
            reader.declared = [
                replace(d, override=override, constraint=True) if id(d) in found else d
                for d in reader.declared
            ]
    indexes = uv.get("index")
    if indexes is not None and not isinstance(indexes, list):
        reader.error(f"[{_dotted((*base, 'index'))}] is not an array of tables", (*base, "index"))
    for i, index in enumerate(indexes if isinstance(indexes, list) else []):
        where = (*base, "index", i)
        if not isinstance(index, dict):
            reader.error(f"[[tool.uv.index]] entry {i + 1} is not a table", where)
            continue
        name = reader.typed(index, where, "name", str, "a string")
        default = reader.typed(index, where, "default", bool, "a boolean")
        place = index.get("url") or index.get("path")
        if index.get("format") == "flat" or (isinstance(place, str) and is_local_place(place)):
            # a --find-links style directory of files, or a local index: what the checkout offers
            if isinstance(place, str):
                _local_index(reader, place, where)
            continue
        if "url" not in index:
            reader.error(f"[[tool.uv.index]] entry {name or i + 1!r} has no url", where)
            continue
        url = reader.typed(index, where, "url", str, "a string")
        if url is not None:
            reader.index(url, (*where, "url"), name=name, primary=default is True)
    url = reader.typed(uv, base, "index-url", str, "a string")
    if url is not None:
        reader.index(url, (*base, "index-url"), name=None, primary=True)
    extra = reader.typed(uv, base, "extra-index-url", list, "an array of strings")
    for i, url in enumerate(extra or []):
        if isinstance(url, str):
            reader.index(url, (*base, "extra-index-url", i), name=None, primary=False)
        else:
            message = f"tool.uv.extra-index-url entry {_shown(url)} is not a string"
            reader.error(message, (*base, "extra-index-url", i))


def _local_index(reader: _Reader, place: str, where: KeyPath) -> None:
    """A local directory of files (find-links) or a local index: the distributions it offers."""
    offered = local_distributions(reader.checkout, Location(reader.relpath, reader.line(where)), place)
    reader.errors += [offered] if isinstance(offered, ScanError) else []
    reader.local_files += [] if isinstance(offered, ScanError) else offered


def _uv_sources(reader: _Reader, sources: Any, base: KeyPath) -> None:
    """``[tool.uv.sources]``: a git, url or path source makes the declaration of that (direct)
    dependency a direct reference, as uv installs it from there, not from an index. Workspace
    members and index pins keep the declaration as it is."""
    if sources is None:
        return
    if not isinstance(sources, dict):
        reader.error(f"[{_dotted(base)}] is not a table", base)
        return
    for key, value in sources.items():
        where = (*base, key)
        for entry in value if isinstance(value, list) else [value]:
            if not isinstance(entry, dict):
                reader.error(f"[{_dotted(base)}].{key} is not a table (or an array of tables)", where)
                continue
            kind = next((k for k in ("git", "url", "path") if isinstance(entry.get(k), str)), None)
            if entry.get("workspace") is True:  # a member of the workspace: the checkout's own code
                at = Location(reader.relpath, reader.line(where))
                reader.local_files.append((canonicalize_name(str(key)), "a uv workspace member", at))
                continue
            if kind is None:
                continue
            target = str(entry[kind])
            if kind == "git":
                ref = next(
                    (entry[k] for k in ("rev", "tag", "branch") if isinstance(entry.get(k), str)), None
                )
                target = f"git+{target}" + (f"@{ref}" if ref else "")
            location = Location(reader.relpath, reader.line(where))
            reference = normalise_reference(reader.checkout, location, target)
            if isinstance(reference, ScanError):
                reader.errors.append(reference)
                continue
            name = canonicalize_name(str(key))
            reader.declared = [
                replace(d, reference=reference) if d.name == name and d.reference is None else d
                for d in reader.declared
            ]


def _pdm(reader: _Reader, data: dict[str, Any]) -> None:
    """``[[tool.pdm.source]]`` of type ``index``; one named ``pypi`` replaces the default index."""
    path: KeyPath = ("tool", "pdm", "source")
    pdm = reader.table(data, ("tool", "pdm"))
    overrides = reader.table(data, ("tool", "pdm", "resolution", "overrides"))
    for name, spec in (overrides or {}).items():
        where: KeyPath = ("tool", "pdm", "resolution", "overrides", name)
        if not isinstance(spec, str):
            reader.error(f"[tool.pdm.resolution.overrides].{name} is not a string", where)
            continue
        # "name = '==1.0'", "name = '>=1,<2'" or a URL; a bare version means ==
        text = spec if spec[:1] in "<>=!~" or "://" in spec or spec.startswith("file:") else f"=={spec}"
        line = reader.line(where)
        written = f"{name} @ {text}" if "://" in text or text.startswith("file:") else f"{name}{text}"
        found = reader.add(declare(reader.relpath, line, written, checkout=reader.checkout), written, line)
        if found is not None:
            reader.declared[-1] = replace(found, override=True, constraint=True)
    sources = pdm.get("source") if pdm is not None else None
    if sources is None:
        return
    if not isinstance(sources, list):
        reader.error("[tool.pdm.source] is not an array of tables", path)
        return
    for i, source in enumerate(sources):
        where = (*path, i)
        if not isinstance(source, dict):
            reader.error(f"[[tool.pdm.source]] entry {i + 1} is not a table", where)
            continue
        name = reader.typed(source, where, "name", str, "a string")
        kind = reader.typed(source, where, "type", str, "a string")
        local = source.get("url")
        if isinstance(local, str) and (kind == "find_links" or is_local_place(local)):
            _local_index(reader, local, where)
            continue
        if kind not in (None, "index"):
            continue  # find_links: a page of files, not an index
        if "url" not in source:
            reader.error(f"[[tool.pdm.source]] entry {name or i + 1!r} has no url", where)
            continue
        url = reader.typed(source, where, "url", str, "a string")
        if url is not None:
            primary = isinstance(name, str) and name.lower() == "pypi"
            reader.index(url, (*where, "url"), name=name, primary=primary)
