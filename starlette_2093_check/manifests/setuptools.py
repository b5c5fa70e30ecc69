"""setuptools manifests: ``setup.cfg`` (declarative) and ``setup.py`` (read as a syntax tree, never run).

``setup.py`` is only ever parsed. ``install_requires``, ``extras_require`` and ``python_requires``
are read when they are spelled out: literals, ``+`` of literals, names assigned such values (also
through ``setup(**kwargs)`` dicts), or the read of a requirements file next to setup.py (which is
then parsed as a pip requirements file, its lines keeping their own locations). Anything else is
reported as computed at run time; nothing is guessed.
"""

from __future__ import annotations

import ast
import bisect
import configparser
import contextlib
import os
import posixpath
import re
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from packaging.markers import InvalidMarker, Marker
from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name

from starlette_2093_check.manifests._files import note_missing, read_text
from starlette_2093_check.manifests.requirements import declare, parse_requirements
from starlette_2093_check.model import Declared, IndexSource, Manifest, ManifestKind, ScanError
from starlette_2093_check.urls import hide_userinfo

MAX_CFG_ERRORS = 50  # a binary or garbage setup.cfg would otherwise give one error per line

_RUN_TIME = "cannot be read without executing setup.py"
_T = TypeVar("_T")
_FILE_DIRECTIVE = "file:"


_PROJECT_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?")


@dataclass
class _Collected:
    """What a manifest gathers: requirements, and what reading requirements files added."""

    checkout: Path
    declared: list[Declared] = field(default_factory=list)
    indexes: list[IndexSource] = field(default_factory=list)
    includes: list[str] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    files_read: set[tuple[str, str | None, str | None]] = field(default_factory=set)

    def add(self, found: Declared | ScanError | None, marker: str | None = None) -> None:
        if isinstance(found, ScanError):
            self.errors.append(found)
        elif found is not None:
            self.declared.append(_with_marker(found, marker) if marker else found)

    def read_file(self, relpath: str, group: str | None, marker: str | None = None) -> None:
        """Parse the requirements file ``relpath`` and take its requirements (in ``group``)."""
        if (relpath, group, marker) in self.files_read:
            return
        self.files_read.add((relpath, group, marker))
        manifest, errors = parse_requirements(self.checkout, relpath)
        for include in (relpath, *manifest.includes):
            if include not in self.includes:
                self.includes.append(include)
        self.indexes += [index for index in manifest.indexes if index not in self.indexes]
        self.errors += errors
        for found in manifest.requirements:
            self.add(replace(found, group=group) if group is not None else found, marker)


def _with_marker(found: Declared, marker: str) -> Declared:
    """``found`` restricted by ``marker`` (from an ``extras_require`` key such as ``"x:os_name=='nt'"``)."""
    try:
        req = Requirement(found.requirement)
    except InvalidRequirement:
        return found  # a bare local path: nothing to attach a marker to
    req.marker = Marker(f"({req.marker}) and ({marker})" if req.marker else marker)
    return replace(found, requirement=str(req))


def _requirement_strings(pieces: Sequence[str]) -> list[tuple[int, str]]:
    """setuptools' reading of requirement text: (index of the piece it starts in, requirement).

    Mirrors ``setuptools._reqs.parse_strings``: blank pieces and ``#`` lines are dropped, `` #``
    comments are cut off, and a trailing backslash joins a piece to the next one.
    """
    out: list[tuple[int, str]] = []
    pending: tuple[int, str] | None = None
    for index, raw in enumerate(pieces):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        line = line.partition(" #")[0].strip()
        start = index
        if pending is not None:
            start, line = pending[0], pending[1] + line
            pending = None
        if line.endswith("\\"):
            pending = (start, line[:-1].rstrip())
            continue
        if line:
            out.append((start, line))
    return out


def _manifest(
    relpath: str, kind: ManifestKind, found: _Collected, requires_python: str | None, name: str | None = None
) -> Manifest:
    return Manifest(
        path=relpath,
        kind=kind,
        requirements=tuple(dict.fromkeys(found.declared)),
        indexes=tuple(found.indexes),
        includes=tuple(found.includes),
        requires_python=requires_python,
        project_name=canonicalize_name(name) if name and _PROJECT_NAME.fullmatch(name) else None,
    )


def _unique(errors: list[ScanError]) -> list[ScanError]:
    return list(dict.fromkeys(errors))


def _requires_python(relpath: str, value: str, line: int, found: _Collected) -> str | None:
    value = value.strip()
    if not value:
        return None
    try:
        SpecifierSet(value)
    except InvalidSpecifier:
        found.errors.append(ScanError(relpath, f"python_requires {value!r} is not a version specifier", line))
        return None
    return value


# --------------------------------------------------------------------------------------------------
# setup.cfg


class _CaseSensitiveParser(configparser.ConfigParser):
    """Keeps option names as written, as setuptools does (``optionxform = str``)."""

    def optionxform(self, optionstr: str) -> str:
        return optionstr


@dataclass
class _CfgValue:
    key_line: int
    lines: list[tuple[int, str]]  # each line of the value as configparser joins them, with its number


def _cfg_positions(lines: Sequence[str]) -> dict[tuple[str, str], _CfgValue]:
    """Where each option's value lines are, following ``configparser.RawConfigParser._read``.

    Full-line ``#``/``;`` comments are skipped, blank lines belong to the value being read, and a
    line indented deeper than its key continues the value. The last occurrence of a key wins.
    """
    positions: dict[tuple[str, str], _CfgValue] = {}
    section: str | None = None
    current: _CfgValue | None = None
    indent_level = 0
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith(("#", ";")):
            continue
        if not stripped:
            if current is not None:
                current.lines.append((number, ""))
            continue
        first = configparser.ConfigParser.NONSPACECRE.search(line)
        indent = first.start() if first else 0
        if current is not None and indent > indent_level:
            current.lines.append((number, stripped))
            continue
        indent_level = indent
        header = configparser.ConfigParser.SECTCRE.match(stripped)
        if header:
            section, current = header.group("header"), None
            continue
        if section is None:
            break  # configparser stops here too (MissingSectionHeaderError)
        option = configparser.ConfigParser.OPTCRE.match(stripped)
        if option:
            name = option.group("option").rstrip()
            current = _CfgValue(number, [(number, option.group("value").strip())]) if name else None
            if current is not None:
                positions[(section, name)] = current
    return positions


def parse_setup_cfg(checkout: Path, relpath: str) -> tuple[Manifest, list[ScanError]]:
    """Parse ``[options]`` ``install_requires`` and ``python_requires``, and ``[options.extras_require]``.

    Values are read the way setuptools reads them: ``%(name)s`` interpolated (``_CfgReader``), one
    requirement per line (a single-line value is split at ``;``), ``#`` lines dropped, and ``file:``
    naming requirements files next to setup.cfg, which are parsed as pip requirements files. Extras
    go to group ``extra:<key>``. A setup.cfg without these options (tool configuration only) is a
    valid, empty manifest.
    """
    empty = Manifest(path=relpath, kind=ManifestKind.SETUP_CFG)
    text = read_text(checkout, relpath)
    if isinstance(text, ScanError):
        return empty, [text]
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    found = _Collected(checkout)
    # BasicInterpolation, as setuptools' ConfigParser() has; values are read raw and interpolated per
    # line (``_CfgReader``) so that each requirement keeps its own line.
    parser = _CaseSensitiveParser(strict=False)
    try:
        parser.read_string("\n".join(lines), source=relpath)
    except configparser.MissingSectionHeaderError as e:
        shown = hide_userinfo(lines[e.lineno - 1].strip()[:100]) if 0 < e.lineno <= len(lines) else ""
        message = f"invalid setup.cfg: line {e.lineno} comes before any [section] header: {shown!r}"
        return empty, [ScanError(relpath, message, e.lineno)]
    except configparser.ParsingError as e:
        # configparser reads on past bad lines and keeps every value it could read.
        for number, _ in e.errors[:MAX_CFG_ERRORS]:
            shown = hide_userinfo(lines[number - 1].strip()[:100]) if 0 < number <= len(lines) else ""
            message = (
                f"invalid setup.cfg line {shown!r}: not a [section], 'key = value' or indented continuation"
            )
            found.errors.append(ScanError(relpath, message, number))
        if len(e.errors) > MAX_CFG_ERRORS:
            first_left_out = e.errors[MAX_CFG_ERRORS][0]
            more = len(e.errors) - MAX_CFG_ERRORS
            found.errors.append(ScanError(relpath, f"{more} more invalid lines not listed", first_left_out))
    except configparser.Error as e:
        line = getattr(e, "lineno", None) or 1
        return empty, [ScanError(relpath, f"invalid setup.cfg: {e.message}", line)]

    reader = _CfgReader(relpath, parser, _cfg_positions(lines), found)
    requires_python: str | None = None
    if parser.has_section("options"):
        options = {key.replace("-", "_"): key for key in parser.options("options")}
        if "install_requires" in options:
            reader.requirements("options", options["install_requires"], None)
        if "python_requires" in options:
            got = reader.value("options", options["python_requires"])
            if got is not None:
                line = reader.first_line("options", options["python_requires"], got[1])
                requires_python = _requires_python(relpath, got[0], line, found)
    extras = "options.extras_require"
    if parser.has_section(extras):
        for key in parser.options(extras):
            reader.requirements(extras, key, f"extra:{key}")
    name = reader.value("metadata", "name") if parser.has_option("metadata", "name") else None
    manifest = _manifest(
        relpath, ManifestKind.SETUP_CFG, found, requires_python, (name[0] if name else "").strip()
    )
    return manifest, _unique(found.errors)


_INTERPOLATION = configparser.BasicInterpolation()
_REFERENCE = re.compile(r"%\(([^)]+)\)s")
_MAX_CFG_VALUE = 1_000_000  # characters a value may expand to: `a = %(b)s%(b)s` nested doubles it


@dataclass
class _CfgReader:
    """Option values of one setup.cfg as setuptools gets them, each line with where it was written.

    setuptools reads setup.cfg with ``ConfigParser()``, whose ``BasicInterpolation`` replaces
    ``%(name)s`` by the option ``name`` of the same section or of ``[DEFAULT]`` and ``%%`` by ``%``.
    A value line that is exactly one reference takes the referenced value's own lines (so a
    requirement written there keeps that line); any other line keeps its own. A reference that
    cannot be followed is an error at the line holding it, and only that line is lost.
    """

    relpath: str
    parser: configparser.ConfigParser
    positions: dict[tuple[str, str], _CfgValue]
    found: _Collected

    def where(self, section: str, key: str) -> _CfgValue:
        return _cfg_where(self.parser, self.positions, section, key)

    def first_line(self, section: str, key: str, numbered: list[tuple[int, str]]) -> int:
        """The line a one-line value (or the start of a value) is on."""
        return numbered[0][0] if numbered else self.where(section, key).key_line

    def value(self, section: str, key: str) -> tuple[str, list[tuple[int, str]]] | None:
        """The interpolated value and its lines (line number, text); None if the option is absent."""
        raw = self.parser.get(section, key, raw=True, fallback=None)
        if not isinstance(raw, str):
            return None
        numbered = self._lines(section, key, raw, 1)
        return "\n".join(text for _, text in numbered), numbered

    def _lines(self, section: str, key: str, raw: str, depth: int) -> list[tuple[int, str]]:
        where = self.where(section, key)
        items = dict(self.parser.items(section, raw=True)) if "%" in raw else {}
        # What the value's references add is bounded as a whole, before anything is expanded:
        # `a = %(b)s%(b)s` nested ten deep would otherwise grow to gigabytes. Below the top, the
        # lines are part of what the top's check counted.
        left, sizes = _MAX_CFG_VALUE, dict[tuple[str, int], int]()
        out: list[tuple[int, str]] = []
        for index, text in enumerate(raw.split("\n")):
            line = where.key_line
            if index < len(where.lines) and where.lines[index][1] == text.strip():
                line = where.lines[index][0]
            if "%" not in text:
                out.append((line, text))
                continue
            if depth == 1:
                size = _expanded_size(text, items, 0, sizes)
                if size > left:
                    message = f"{key}: its %(...)s references expand to more than 1 MB"
                    self.found.errors.append(ScanError(self.relpath, message, line))
                    continue
                left -= size
            whole = _REFERENCE.fullmatch(text.strip())
            name = self.parser.optionxform(whole.group(1)) if whole else None
            if name is not None and name in items and depth <= configparser.MAX_INTERPOLATION_DEPTH:
                out += self._lines(section, name, items[name], depth + 1)
                continue
            try:
                expanded = _INTERPOLATION.before_get(self.parser, section, key, text, items)
            except configparser.InterpolationError as e:
                problem = _interpolation_problem(key, section, e)
                self.found.errors.append(ScanError(self.relpath, problem, line))
            else:
                out += [(line, piece) for piece in expanded.split("\n")]
        return out

    def requirements(self, section: str, key: str, group: str | None) -> None:
        """Declare the requirements of ``key`` (``install_requires`` or an extra) in ``group``."""
        got = self.value(section, key)
        if got is None:
            return
        value, numbered = got
        if value.startswith(_FILE_DIRECTIVE):
            line = self.first_line(section, key, numbered)
            _cfg_files(self.relpath, key, value[len(_FILE_DIRECTIVE) :], line, group, self.found)
            return
        multiline = "\n" in value
        if multiline:
            pieces, lines = [t for _, t in numbered], [n for n, _ in numbered]
        else:  # setuptools splits a one-line value at ';'
            pieces = value.split(";")
            lines = [self.first_line(section, key, numbered)] * len(pieces)
        for index, text in _requirement_strings(pieces):
            result = declare(self.relpath, lines[index], text, checkout=self.found.checkout, group=group)
            if isinstance(result, ScanError) and not multiline and len(pieces) > 1:
                hint = " (a value on one line is split at ';': put each requirement on its own indented line)"
                result = replace(result, message=result.message + hint)
            self.found.add(result)


def _expanded_size(text: str, items: dict[str, str], depth: int, sizes: dict[tuple[str, int], int]) -> int:
    """How long ``text`` becomes once its references are replaced, without replacing them (at most
    a little over ``_MAX_CFG_VALUE``: counting stops there)."""
    size = len(text)
    for match in _REFERENCE.finditer(text):
        size -= len(match.group(0))
        name = match.group(1)
        if name in items and depth < configparser.MAX_INTERPOLATION_DEPTH:
            if (name, depth) not in sizes:
                sizes[(name, depth)] = 0  # a loop counts as nothing here; configparser reports it
                sizes[(name, depth)] = _expanded_size(items[name], items, depth + 1, sizes)
            size += sizes[(name, depth)]
        if size > _MAX_CFG_VALUE:
            break
    return size


def _interpolation_problem(key: str, section: str, e: configparser.InterpolationError) -> str:
    """What is wrong with a ``%`` in ``key``, said for setup.cfg."""
    how = "setuptools reads setup.cfg with %-interpolation; write %% for a literal %"
    if isinstance(e, configparser.InterpolationMissingOptionError):
        reference = hide_userinfo(e.reference[:100])
        return f"{key}: %({reference})s names no option of [{section}] or [DEFAULT] ({how})"
    if isinstance(e, configparser.InterpolationDepthError):
        limit = configparser.MAX_INTERPOLATION_DEPTH
        return f"{key}: its %(...)s references nest more than {limit} deep (a reference to itself?)"
    detail = hide_userinfo(e.message.splitlines()[0][:160]) if e.message else "invalid"
    return f"{key}: invalid %-interpolation: {detail} ({how})"


def _cfg_where(
    parser: configparser.ConfigParser, positions: dict[tuple[str, str], _CfgValue], section: str, key: str
) -> _CfgValue:
    where = positions.get((section, key)) or positions.get((parser.default_section, key))
    return where if where is not None else _CfgValue(1, [])


def _cfg_files(relpath: str, key: str, spec: str, line: int, group: str | None, found: _Collected) -> None:
    """``key = file: a.txt, b.txt``: files relative to setup.cfg's directory, which they may not leave."""
    base = posixpath.dirname(relpath)
    for name in (part.strip() for part in spec.split(",")):
        if not name:
            continue
        target = posixpath.normpath(posixpath.join(base, name))
        inside = not posixpath.isabs(name) and posixpath.relpath(target, base or ".").split("/")[0] != ".."
        if not inside:
            message = f"refused: {key} = file: {name} is outside the directory of setup.cfg"
            found.errors.append(ScanError(relpath, message, line))
        elif not os.path.isfile(found.checkout / target):
            note_missing(target)
            found.errors.append(ScanError(relpath, f"{key} = file: {name}: file not found", line))
        else:
            found.read_file(target, group)


# --------------------------------------------------------------------------------------------------
# setup.py

_MAX_DEPTH = 40  # how deep value evaluation follows names and operators
_FILE_SEARCH_LEVELS = 5  # how many name or function hops to follow looking for a file name
_SEARCH_BUDGET = 500_000  # syntax nodes the file-name search may visit in one setup.py
# Evaluation steps per setup.py, and the largest values followed: `r = r + r` repeated would
# otherwise double the work and the value with every line.
_EVAL_BUDGET = 200_000
_MAX_ITEMS = 20_000
_MAX_TEXT = 1_000_000
_TOO_LARGE = "it is too large to follow"
_SCOPES = (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
_RESETS = frozenset({"set", "with", "for", "def", "import", "param", "other"})
_MUTATORS = frozenset({"insert", "remove", "pop", "clear", "setdefault", "discard", "add", "popitem"})
_CONVERSIONS = frozenset({"list", "tuple", "sorted", "set"})
# Modules whose ``setup`` is setuptools' or distutils' (scikit-build's and numpy's wrap them).
_SETUP_MODULES = frozenset({"setuptools", "distutils.core", "numpy.distutils.core", "skbuild"})
# Words a setup script that cannot be parsed must hold to be taken for one (and reported).
_SETUP_WORDS = re.compile(r"setuptools|distutils|skbuild|install_requires")
# Arguments only a packaging ``setup()`` takes: a call given one is read whatever ``setup`` is.
_PACKAGING_KEYWORDS = frozenset(
    {"install_requires", "extras_require", "python_requires", "setup_requires", "packages", "py_modules"}
)
_NOT_REQUIREMENT_SUFFIXES = (
    ".py", ".pyc", ".pyx", ".md", ".rst", ".cfg", ".toml", ".json", ".yaml", ".yml", ".ini", ".lock",
    ".html", ".c", ".h", ".so",
)  # fmt: skip
_NOT_REQUIREMENT_NAMES = re.compile(
    r"(?i)^(readme|licen[cs]e|changelog|changes|history|authors|version|manifest|notice|contributing)\b"
)
_UNSAFE_PATH_CHARS = re.compile(r"[\x00-\x1f*?{}%<>|;=@\"']")
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True)
class _Event:
    """Something a statement does to a name: bind it (``set``, ``with``, ...) or change it."""

    kind: str
    pos: tuple[int, int]  # where the name holds the new value
    value: ast.AST | None = None
    key: str | None = None  # for ``item``: name["key"] = value


@dataclass(frozen=True)
class _Bindings:
    """What a scope's statements do to one name, in source order."""

    events: list[_Event]
    positions: list[tuple[int, int]]
    last_reset: list[int]  # for each event, the index of the last binding at or before it (-1: none)

    @classmethod
    def of(cls, events: list[_Event]) -> _Bindings:
        events = sorted(events, key=lambda e: e.pos)
        last_reset, last = [], -1
        for index, event in enumerate(events):
            last = index if event.kind in _RESETS else last
            last_reset.append(last)
        return cls(events, [e.pos for e in events], last_reset)


@dataclass(frozen=True)
class _Text:
    text: str
    line: int


@dataclass(frozen=True)
class _File:
    relpath: str


@dataclass(frozen=True)
class _Problem:
    line: int
    detail: str  # follows the keyword's name in the message


_Item = _Text | _File | _Problem


@dataclass(frozen=True)
class _Entry:
    """One key of a dict literal (``None``: a key or ``**`` part that cannot be read), and its value."""

    key: str | None
    node: ast.expr
    line: int


class _Dynamic(Exception):
    """``node`` cannot be evaluated without running setup.py."""

    def __init__(self, node: ast.AST, note: str = "") -> None:
        super().__init__(note)
        self.node = node
        self.note = note


def _capped(node: ast.AST, values: list[_T]) -> list[_T]:
    if len(values) > _MAX_ITEMS:
        raise _Dynamic(node, _TOO_LARGE)
    return values


def _text_capped(node: ast.AST, text: str) -> str:
    if len(text) > _MAX_TEXT:
        raise _Dynamic(node, _TOO_LARGE)
    return text


def _line(node: ast.AST) -> int:
    line = getattr(node, "lineno", None)
    return line if isinstance(line, int) and line > 0 else 1


def _snippet(node: ast.AST) -> str:
    """A short one-line rendering of ``node`` for messages, with URL credentials hidden."""
    try:
        text = " ".join(ast.unparse(node).split())
    except (RecursionError, ValueError, AttributeError):
        return "the expression"
    return hide_userinfo(text if len(text) <= 80 else text[:77] + "...")


def _end(node: ast.AST) -> tuple[int, int]:
    return (getattr(node, "end_lineno", None) or 0, getattr(node, "end_col_offset", None) or 0)


def _dotted(node: ast.expr) -> str | None:
    """``a.b.c`` for a chain of names and attributes, else None."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        head = _dotted(node.value)
        return None if head is None else f"{head}.{node.attr}"
    return None


def _start(node: ast.AST) -> tuple[int, int]:
    return (getattr(node, "lineno", None) or 0, getattr(node, "col_offset", None) or 0)


def _names_in(target: ast.AST) -> Iterator[str]:
    for node in ast.walk(target):
        if isinstance(node, ast.Name):
            yield node.id


def _statements(body: Sequence[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement of a scope's body, into compound statements but not into nested scopes."""
    for stmt in body:
        yield stmt
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        for name in ("body", "orelse", "finalbody"):
            inner = getattr(stmt, name, None)
            if isinstance(inner, list):
                yield from _statements(inner)
        for handler in getattr(stmt, "handlers", None) or []:
            yield from _statements(handler.body)
        if isinstance(stmt, ast.Match):
            for case in stmt.cases:
                yield from _statements(case.body)


def _assign_events(target: ast.AST, value: ast.expr, pos: tuple[int, int]) -> Iterator[tuple[str, _Event]]:
    if isinstance(target, ast.Name):
        yield target.id, _Event("set", pos, value)
    elif isinstance(target, ast.Tuple | ast.List):
        values = value.elts if isinstance(value, ast.Tuple | ast.List) else []
        starred = any(isinstance(e, ast.Starred) for e in (*target.elts, *values))
        if len(values) == len(target.elts) and not starred:
            for part, part_value in zip(target.elts, values, strict=True):
                yield from _assign_events(part, part_value, pos)
        else:
            for name in _names_in(target):
                yield name, _Event("other", pos)
    elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
        key = target.slice
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            yield target.value.id, _Event("item", pos, value, key.value)
        else:
            yield target.value.id, _Event("mutate", pos, value)
    elif isinstance(target, ast.Starred):
        for name in _names_in(target):
            yield name, _Event("other", pos)


def _events(stmt: ast.stmt) -> Iterator[tuple[str, _Event]]:
    """The names a statement binds or changes, in a scope's own body."""
    if isinstance(stmt, ast.Assign):
        for target in stmt.targets:
            yield from _assign_events(target, stmt.value, _end(stmt))
    elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
        yield from _assign_events(stmt.target, stmt.value, _end(stmt))
    elif isinstance(stmt, ast.AugAssign) and isinstance(stmt.target, ast.Name):
        yield (
            stmt.target.id,
            _Event("add" if isinstance(stmt.op, ast.Add) else "other", _end(stmt), stmt.value),
        )
    elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
        call, func = stmt.value, stmt.value.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            name, method, one_arg = func.value.id, func.attr, len(call.args) == 1 and not call.keywords
            if method in ("append", "extend") and one_arg:
                yield name, _Event("append" if method == "append" else "add", _end(stmt), call.args[0])
            elif method == "update":
                yield name, _Event("update", _end(stmt), call)
            elif method in _MUTATORS:
                yield name, _Event("mutate", _end(stmt), call)
    elif isinstance(stmt, ast.With | ast.AsyncWith):
        for item in stmt.items:
            if isinstance(item.optional_vars, ast.Name):
                yield item.optional_vars.id, _Event("with", _end(item.optional_vars), item.context_expr)
            elif item.optional_vars is not None:
                for name in _names_in(item.optional_vars):
                    yield name, _Event("other", _end(item.optional_vars))
    elif isinstance(stmt, ast.For | ast.AsyncFor):
        for name in _names_in(stmt.target):
            yield name, _Event("for", _end(stmt.target), stmt.iter)
    elif isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        yield stmt.name, _Event("def", _start(stmt), stmt)
    elif isinstance(stmt, ast.Import | ast.ImportFrom):
        for alias in stmt.names:
            yield (alias.asname or alias.name.split(".")[0]), _Event("import", _start(stmt))
    elif isinstance(stmt, ast.Delete):
        for target in stmt.targets:
            for name in _names_in(target):
                yield name, _Event("other", _end(stmt))


def _callee(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _path_strings(node: ast.AST) -> Iterator[str]:
    """Strings in ``node`` that may name a file: constants, and joins of constant path parts."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.Call) and _callee(node) in ("join", "Path", "PurePath", "PosixPath"):
        joined = _constant_strings(node.args)
        if len(joined) > 1:
            yield "/".join(joined)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        right_parts: list[str] = []
        current: ast.expr = node
        while isinstance(current, ast.BinOp) and isinstance(current.op, ast.Div):
            right_parts += _constant_strings([current.right])
            current = current.left
        parts = _constant_strings(current.args if isinstance(current, ast.Call) else [current])
        parts += right_parts[::-1]
        if len(parts) > 1:
            yield "/".join(parts)


def _constant_strings(nodes: Sequence[ast.AST]) -> list[str]:
    return [n.value for n in nodes if isinstance(n, ast.Constant) and isinstance(n.value, str)]


class _SetupPy:
    """Static evaluation of the values handed to ``setup()`` in one parsed setup.py."""

    def __init__(self, checkout: Path, relpath: str, tree: ast.Module) -> None:
        self.checkout = checkout
        self.relpath = relpath
        self.base = posixpath.dirname(relpath)
        self.tree = tree
        self.found = _Collected(checkout)
        self.requires_python: str | None = None
        self.name: str | None = None  # setup(name=...), when it is written out
        self.parents: dict[ast.AST, ast.AST] = {}
        for node in ast.walk(tree):
            for child in ast.iter_child_nodes(node):
                self.parents[child] = node
        self._bindings: dict[ast.AST, dict[str, _Bindings]] = {}
        self._file_names: dict[str, tuple[str, bool] | None] = {}
        self._budget = _SEARCH_BUDGET
        self._steps = _EVAL_BUDGET

    def _tick(self, node: ast.AST, depth: int) -> None:
        """Count one evaluation step; _Dynamic when the value is nested or large past following."""
        self._steps -= 1
        if depth > _MAX_DEPTH:
            raise _Dynamic(node, "it is nested too deeply to follow")
        if self._steps < 0:
            raise _Dynamic(node, _TOO_LARGE)

    # ---- scopes and names

    def _scope_of(self, node: ast.AST) -> ast.AST:
        current = self.parents.get(node)
        while current is not None and not isinstance(current, _SCOPES):
            current = self.parents.get(current)
        return current if current is not None else self.tree

    def _scope_chain(self, scope: ast.AST) -> Iterator[ast.AST]:
        """``scope``, then the scopes whose names it sees (class bodies are not seen from inside)."""
        yield scope
        current = scope
        while current is not self.tree:
            current = self._scope_of(current)
            if not isinstance(current, ast.ClassDef):
                yield current

    def _scope_bindings(self, scope: ast.AST) -> dict[str, _Bindings]:
        if scope in self._bindings:
            return self._bindings[scope]
        table: dict[str, list[_Event]] = {}
        if isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            args = scope.args
            for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg):
                if arg is not None:
                    table.setdefault(arg.arg, []).append(_Event("param", _start(scope)))
        body = [] if isinstance(scope, ast.Lambda) else getattr(scope, "body", [])
        for stmt in _statements(body):
            for name, event in _events(stmt):
                table.setdefault(name, []).append(event)
        bindings = {name: _Bindings.of(events) for name, events in table.items()}
        self._bindings[scope] = bindings
        return bindings

    def _lookup(self, name: ast.Name) -> tuple[_Bindings, int, int]:
        """The events a name use sees: ``events[start:end]`` of its bindings, a binding first.

        In the use's own scope only what comes before the use counts (the last binding before
        it wins); in enclosing scopes, everything (a function may run after the module ends).
        """
        use = _start(name)
        for index, scope in enumerate(self._scope_chain(self._scope_of(name))):
            bindings = self._scope_bindings(scope).get(name.id)
            if bindings is None:
                continue
            end = bisect.bisect_right(bindings.positions, use) if index == 0 else len(bindings.events)
            if end == 0:
                continue
            start = bindings.last_reset[end - 1]
            if start < 0:
                raise _Dynamic(name, f"`{name.id}` is changed before setup.py assigns it")
            return bindings, start, end
        raise _Dynamic(name, f"`{name.id}` is not assigned in setup.py")

    def _resolve(self, name: ast.Name) -> list[_Event]:
        """The binding a name use sees, then the changes made to it before the use."""
        bindings, start, end = self._lookup(name)
        return bindings.events[start:end]

    def _assigned(self, name: ast.Name) -> tuple[ast.AST, list[_Event]]:
        events = self._resolve(name)
        head = events[0]
        if head.kind != "set" or head.value is None:
            what = {"import": "imported", "param": "a function parameter", "def": "a function or class"}
            raise _Dynamic(name, f"`{name.id}` is {what.get(head.kind, 'bound at run time')}")
        return head.value, events[1:]

    # ---- values

    def _string(self, node: ast.AST, depth: int) -> str:
        """The value of a string expression, or _Dynamic."""
        self._tick(node, depth)
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return _text_capped(
                node, self._string(node.left, depth + 1) + self._string(node.right, depth + 1)
            )
        if isinstance(node, ast.JoinedStr):
            parts = []
            for part in node.values:
                if (
                    isinstance(part, ast.FormattedValue)
                    and part.conversion == -1
                    and part.format_spec is None
                ):
                    parts.append(self._string(part.value, depth + 1))
                else:
                    parts.append(self._string(part, depth + 1))
            return _text_capped(node, "".join(parts))
        if isinstance(node, ast.Name):
            value, changes = self._assigned(node)
            text = self._string(value, depth + 1)
            for change in changes:
                if change.kind != "add" or change.value is None:
                    raise _Dynamic(node, f"`{node.id}` is changed at run time")
                text = _text_capped(node, text + self._string(change.value, depth + 1))
            return text
        raise _Dynamic(node)

    def _texts(self, text: str, node: ast.AST) -> list[_Item]:
        """Requirements in one string, each at its own line when the string is a literal."""
        first = _line(node)
        exact = isinstance(node, ast.Constant) and _end(node)[0] - first == text.count("\n")
        return [
            _Text(req, first + index if exact else first)
            for index, req in _requirement_strings(text.split("\n"))
        ]

    def _entry(self, node: ast.expr, depth: int) -> list[_Item]:
        """One element of a requirements list."""
        if isinstance(node, ast.Starred):
            return self._reqs_or_problem(node.value, depth + 1)
        if isinstance(node, ast.List | ast.Tuple):
            return self._reqs_or_problem(node, depth + 1)
        if isinstance(node, ast.Constant) and not isinstance(node.value, str):
            return [_Problem(_line(node), f"entry {node.value!r} is not a string")]
        try:
            return self._texts(self._string(node, depth + 1), node)
        except _Dynamic as e:
            files, missing = self._files_read_by(node)
            if files:
                return [_File(f) for f in files]
            note = f" ({e.note})" if e.note else ""
            note = f" (it names {missing[0]!r}, which is not in the checkout)" if missing else note
            detail = f"entry `{_snippet(node)}` is computed at run time and {_RUN_TIME}{note}"
            return [_Problem(_line(node), detail)]

    def _reqs_or_problem(self, node: ast.AST, depth: int) -> list[_Item]:
        try:
            return self._reqs(node, depth)
        except _Dynamic as e:
            note = e.note or (
                f"`{_snippet(e.node)}` is neither a list of requirement strings "
                "nor the read of a requirements file next to setup.py"
            )
            return [_Problem(_line(e.node), f"is computed at run time and {_RUN_TIME}; {note}")]

    def _reqs(self, node: ast.AST, depth: int) -> list[_Item]:
        """The requirements a value gives, or _Dynamic (after looking for a requirements file it reads)."""
        self._tick(node, depth)
        if isinstance(node, ast.Constant):
            if node.value is None:
                return []
            if isinstance(node.value, str):
                return self._texts(node.value, node)
            raise _Dynamic(node, f"{node.value!r} is not a list of requirement strings")
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            return _capped(node, [item for elt in node.elts for item in self._entry(elt, depth + 1)])
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left = self._reqs_or_problem(node.left, depth + 1)
            return _capped(node, left + self._reqs_or_problem(node.right, depth + 1))
        try:
            return self._reqs_structure(node, depth)
        except _Dynamic as e:
            files, missing = self._files_read_by(node)
            if files:
                return [_File(f) for f in files]
            if missing:
                raise _Dynamic(node, f"it reads {missing[0]!r}, which is not in the checkout") from e
            raise

    def _reqs_structure(self, node: ast.AST, depth: int) -> list[_Item]:
        if isinstance(node, ast.Name):
            value, changes = self._assigned(node)
            items = self._reqs(value, depth + 1)
            for change in changes:
                if change.kind == "add" and change.value is not None:
                    items += self._reqs_or_problem(change.value, depth + 1)
                elif change.kind == "append" and isinstance(change.value, ast.expr):
                    items += self._entry(change.value, depth + 1)
                else:
                    raise _Dynamic(node, f"`{node.id}` is changed at run time")
                _capped(node, items)
            return items
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
            key = node.slice.value
            matches = [e for e in self._dict_entries(node.value, depth + 1) if e.key == key]
            if not matches:
                raise _Dynamic(node)
            return self._reqs(matches[-1].node, depth + 1)
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "splitlines" and not node.args:
                return self._texts(self._string(func.value, depth + 1), func.value)
            if isinstance(func, ast.Name):
                if func.id in _CONVERSIONS and len(node.args) == 1 and not node.keywords:
                    return self._reqs(node.args[0], depth + 1)
                returned = self._constant_function(func)
                if returned is not None:
                    return self._reqs(returned, depth + 1)
        raise _Dynamic(node)

    def _constant_function(self, func: ast.Name) -> ast.expr | None:
        """What a parameterless function defined in setup.py returns, if that is one return statement."""
        try:
            events = self._resolve(func)
        except _Dynamic:
            return None
        definition = events[0].value
        if not isinstance(definition, ast.FunctionDef) or len(events) > 1:
            return None
        args = definition.args
        if args.posonlyargs or args.args or args.kwonlyargs or args.vararg or args.kwarg:
            return None
        last = definition.body[-1]
        returns = [s for s in _statements(definition.body) if isinstance(s, ast.Return)]
        if isinstance(last, ast.Return) and returns == [last] and last.value is not None:
            return last.value
        return None

    def _dict_entries(self, node: ast.AST, depth: int) -> list[_Entry]:
        """The keys and values of a dict expression (literal, ``dict(...)``, or a name assigned one)."""
        self._tick(node, depth)
        if isinstance(node, ast.Dict):
            entries: list[_Entry] = []
            for key, value in zip(node.keys, node.values, strict=True):
                if key is None:
                    entries += self._spread(value, depth)
                    continue
                try:
                    entries.append(_Entry(self._string(key, depth + 1), value, _line(key)))
                except _Dynamic:
                    entries.append(_Entry(None, key, _line(key)))
            return _capped(node, entries)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict":
            return self._call_entries(node, depth)
        if isinstance(node, ast.Name):
            bound, changes = self._assigned(node)
            entries = self._dict_entries(bound, depth + 1)
            for change in changes:
                if change.kind == "item" and isinstance(change.value, ast.expr):
                    entries.append(_Entry(change.key, change.value, _line(change.value)))
                elif change.kind == "update" and isinstance(change.value, ast.Call):
                    entries += self._call_entries(change.value, depth)
                else:
                    raise _Dynamic(node, f"`{node.id}` is changed at run time")
                _capped(node, entries)
            return entries
        raise _Dynamic(node)

    def _spread(self, node: ast.expr, depth: int) -> list[_Entry]:
        try:
            return self._dict_entries(node, depth + 1)
        except _Dynamic:
            return [_Entry(None, node, _line(node))]

    def _call_entries(self, call: ast.Call, depth: int) -> list[_Entry]:
        """Entries of ``dict(mapping, key=value, **more)`` or ``d.update(...)``."""
        if len(call.args) > 1:
            raise _Dynamic(call)
        entries = [e for arg in call.args for e in self._spread(arg, depth)]
        for keyword in call.keywords:
            if keyword.arg is None:
                entries += self._spread(keyword.value, depth)
            else:
                entries.append(_Entry(keyword.arg, keyword.value, _line(keyword.value)))
        return _capped(call, entries)

    # ---- requirement files

    def _files_read_by(self, node: ast.AST) -> tuple[list[str], list[str]]:
        """Requirements files ``node`` reads: files next to setup.py named by strings in it.

        Looks in the expression, then in what the names it uses are bound to (``with open(...) as
        f``, assignments, the bodies of functions it calls), a level at a time; the nearest level
        naming an existing file wins. Also returns names of missing ``.txt``/``.in`` files seen.
        Bounded by a per-file budget, so a pathological setup.py cannot make this quadratic.
        """
        frontier: list[ast.AST] = [node]
        expanded: dict[tuple[int, int], int] = {}  # (bindings, start) -> end already followed
        missing: list[str] = []
        for _ in range(_FILE_SEARCH_LEVELS):
            files: list[str] = []
            later: list[ast.AST] = []
            for start_node in frontier:
                for sub in ast.walk(start_node):
                    self._budget -= 1
                    if self._budget < 0:
                        return [], []
                    for text in _path_strings(sub):
                        target = self._file_named(text)
                        if target is not None:
                            (files if target[1] else missing).append(target[0] if target[1] else text)
                    if not (isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Load)):
                        continue
                    try:
                        bindings, start, end = self._lookup(sub)
                    except _Dynamic:
                        continue
                    done = expanded.get((id(bindings), start), start)
                    if end <= done:
                        continue
                    expanded[(id(bindings), start)] = end
                    self._budget -= end - done
                    later += [e.value for e in bindings.events[done:end] if e.value is not None]
            if files:
                return list(dict.fromkeys(files)), []
            if not later:
                break
            frontier = later
        return [], list(dict.fromkeys(missing))

    def _file_named(self, text: str) -> tuple[str, bool] | None:
        """(checkout-relative path, whether it exists) if ``text`` may name a requirements file."""
        if text not in self._file_names:
            self._file_names[text] = self._check_file_name(text)
        return self._file_names[text]

    def _check_file_name(self, text: str) -> tuple[str, bool] | None:
        name = text.strip().replace("\\", "/")
        if not name or len(name) > 255 or _UNSAFE_PATH_CHARS.search(name):
            return None
        if name.startswith(("/", "~")) or _WINDOWS_DRIVE.match(name):
            return None
        base = posixpath.basename(name)
        if base.lower().endswith(_NOT_REQUIREMENT_SUFFIXES) or _NOT_REQUIREMENT_NAMES.match(base):
            return None
        target = posixpath.normpath(posixpath.join(self.base, name))
        if target == ".." or target.startswith("../") or target == self.relpath:
            return None
        if os.path.isfile(self.checkout / target):
            return target, True
        if base.endswith((".txt", ".in")):
            note_missing(target)
            return target, False
        return None

    # ---- setup() calls

    def setup_calls(self) -> list[ast.Call]:
        """The calls of setuptools' or distutils' ``setup()``, under whatever name they are imported,
        and any other ``setup(...)`` given packaging arguments (a wrapper of it). An application
        module that happens to be called setup.py (``def setup(): logging...``) has none."""
        names: set[str] = set()  # bound to the setup function itself
        modules: set[str] = set()  # dotted names bound to a module whose ``setup`` it is
        for node in ast.walk(self.tree):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                for alias in node.names:
                    if node.module in _SETUP_MODULES and alias.name in ("setup", "*"):
                        names.add(alias.asname or "setup")
                    elif f"{node.module}.{alias.name}" in _SETUP_MODULES:  # from distutils import core
                        modules.add(alias.asname or alias.name)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname and alias.name in _SETUP_MODULES:
                        modules.add(alias.asname)
                    elif not alias.asname:  # `import distutils.core` makes `distutils.core.setup` usable
                        modules.update(m for m in _SETUP_MODULES if f"{alias.name}.".startswith(f"{m}."))

        def is_setup(call: ast.Call) -> bool:
            func = call.func
            if isinstance(func, ast.Name) and func.id in names:
                return True
            if isinstance(func, ast.Attribute) and func.attr == "setup" and _dotted(func.value) in modules:
                return True
            named = (isinstance(func, ast.Name) and func.id == "setup") or (
                isinstance(func, ast.Attribute) and func.attr == "setup"
            )
            return named and any(k.arg in _PACKAGING_KEYWORDS for k in call.keywords)

        calls = [node for node in ast.walk(self.tree) if isinstance(node, ast.Call) and is_setup(node)]
        return sorted(calls, key=_start)

    def read_call(self, call: ast.Call) -> None:
        arguments: dict[str, _Entry] = {}
        for keyword in call.keywords:
            entries = (
                self._spread(keyword.value, 0)
                if keyword.arg is None
                else [_Entry(keyword.arg, keyword.value, _line(keyword.value))]
            )
            for entry in entries:
                if entry.key is None:
                    message = (
                        f"setup() arguments `{_snippet(entry.node)}` are computed at run time and "
                        f"{_RUN_TIME}; install_requires, extras_require or python_requires given "
                        "through them are not seen"
                    )
                    self.found.errors.append(ScanError(self.relpath, message, entry.line))
                else:
                    arguments[entry.key] = entry
        if "name" in arguments:  # informative only: a name computed at run time stays unknown
            with contextlib.suppress(_Dynamic):
                self.name = self._string(arguments["name"].node, 0)
        if "install_requires" in arguments:
            node = arguments["install_requires"].node
            self._commit(self._reqs_or_problem(node, 0), "install_requires", None, None)
        if "extras_require" in arguments:
            self._read_extras(arguments["extras_require"].node)
        if "python_requires" in arguments:
            node = arguments["python_requires"].node
            try:
                value = self._string(node, 0)
            except _Dynamic as e:
                message = f"python_requires is computed at run time and {_RUN_TIME}"
                self.found.errors.append(ScanError(self.relpath, message, _line(e.node)))
            else:
                self.requires_python = _requires_python(self.relpath, value, _line(node), self.found)

    def _read_extras(self, node: ast.expr) -> None:
        try:
            entries = self._dict_entries(node, 0)
        except _Dynamic as e:
            note = e.note or f"`{_snippet(e.node)}` is not a dict setup.py spells out"
            message = f"extras_require is computed at run time and {_RUN_TIME}; {note}"
            self.found.errors.append(ScanError(self.relpath, message, _line(e.node)))
            return
        last: dict[str | None, list[_Entry]] = {}
        for entry in entries:
            if entry.key is None:
                last.setdefault(None, []).append(entry)
            else:
                last[entry.key] = [entry]
        for key, group_entries in last.items():
            for entry in group_entries:
                self._read_extra(key, entry)

    def _read_extra(self, key: str | None, entry: _Entry) -> None:
        if key is None:
            message = f"extras_require entry `{_snippet(entry.node)}` is computed at run time and {_RUN_TIME}"
            self.found.errors.append(ScanError(self.relpath, message, entry.line))
            return
        name, _, marker = key.partition(":")
        name, marker = name.strip(), marker.strip()
        if marker:
            try:
                Marker(marker)
            except InvalidMarker as e:
                reason = str(e).splitlines()[0] if str(e) else "invalid"
                message = f"extras_require key {key!r} has an invalid environment marker: {reason}"
                self.found.errors.append(ScanError(self.relpath, message, entry.line))
                return
        items = self._reqs_or_problem(entry.node, 0)
        self._commit(items, f"extras_require[{key!r}]", f"extra:{name}" if name else None, marker or None)

    def _commit(self, items: list[_Item], label: str, group: str | None, marker: str | None) -> None:
        for item in items:
            if isinstance(item, _Text):
                found = declare(self.relpath, item.line, item.text, checkout=self.checkout, group=group)
                self.found.add(found, marker)
            elif isinstance(item, _File):
                self.found.read_file(item.relpath, group, marker)
            else:
                self.found.errors.append(ScanError(self.relpath, f"{label} {item.detail}", item.line))


def parse_setup_py(checkout: Path, relpath: str) -> tuple[Manifest, list[ScanError]]:
    """Read ``setup()``'s ``install_requires``, ``extras_require`` and ``python_requires`` from setup.py.

    The file is parsed, never executed or imported. Values spelled out in the file are read with
    the line of each requirement string; a requirements file setup.py reads (a file next to it
    named in the expression, the assignment or ``with open(...)`` that binds its names, or the
    function it calls) is parsed as a pip requirements file and listed in ``includes``. Values
    that only running setup.py would give are reported, not guessed. No ``setup()`` call: an
    empty manifest (discovery uses ``read_setup_py``, for which such a file is no manifest).
    """
    manifest, errors = read_setup_py(checkout, relpath)
    return manifest or Manifest(path=relpath, kind=ManifestKind.SETUP_PY), errors


def read_setup_py(checkout: Path, relpath: str) -> tuple[Manifest | None, list[ScanError]]:
    """``parse_setup_py``, but None for a file that calls no setuptools/distutils ``setup()``.

    Such a file is an application module that happens to be named setup.py: it is no manifest and
    makes no project root. A file that cannot be read or parsed is reported (it may be one).
    """
    empty = Manifest(path=relpath, kind=ManifestKind.SETUP_PY)
    text = read_text(checkout, relpath)
    if isinstance(text, ScanError):
        return empty, [text]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarning for invalid escapes and the like
            tree = ast.parse(text, filename=relpath)
    except (SyntaxError, ValueError) as e:
        if not _SETUP_WORDS.search(text):
            # An application module in syntax newer than ours (``except A, B:``, Python 3.14) that
            # never mentions setuptools: not a manifest, and its syntax is not discovery's business.
            return None, []
        # NUL characters (UTF-16 text can hold them) raise ValueError, or SyntaxError without a line.
        nul_line = text[: text.find("\x00")].count("\n") + 1 if "\x00" in text else 1
        lineno = getattr(e, "lineno", None)
        line = lineno if isinstance(lineno, int) and lineno > 0 else nul_line
        reason = e.msg if isinstance(e, SyntaxError) else str(e)
        return empty, [ScanError(relpath, f"invalid Python syntax at line {line}: {reason}", line)]
    except (RecursionError, MemoryError):
        return empty, [ScanError(relpath, "cannot parse setup.py: it is nested too deeply", 1)]

    reader = _SetupPy(checkout, relpath, tree)
    calls = reader.setup_calls()
    if not calls:
        return None, []
    for call in calls:
        try:
            reader.read_call(call)
        except RecursionError:
            message = "setup() arguments are nested too deeply to read; they were skipped"
            reader.found.errors.append(ScanError(relpath, message, _line(call)))
    found = reader.found
    manifest = _manifest(relpath, ManifestKind.SETUP_PY, found, reader.requires_python, reader.name)
    return manifest, _unique(found.errors)
