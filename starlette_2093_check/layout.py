"""Which parts of a checkout are the project: the one rule manifest discovery and the code reader share.

Three kinds of directory:

- **never entered** (``PRUNED`` names, and any directory holding a ``pyvenv.cfg``): version control,
  tool caches, virtualenvs, installed packages. Nothing there is the project's, and nothing brings
  them back.
- **skipped** (``DEFAULT_SKIP`` plus the user's ``skip`` patterns): test trees and their fixtures,
  data and notebook folders, vendored code and build output, hidden directories, project
  templates, and test modules. Discovery still walks them to list the manifests it left unread
  (so they are reported as skipped, never silently gone); the user's ``include`` patterns bring
  them back.
- everything else, which is read.

Pattern syntax (a small part of ``.gitignore``'s):

- ``name`` (no ``/``): a directory or file with that name at any depth; ``*``, ``?`` and ``[...]``
  as in shell globs (``tests``, ``test_*.py``).
- a trailing ``/``: directories only (``data/``).
- a ``/`` anywhere else: a path from the top of the scanned directory, a glob per part, ``**`` for
  any number of parts (``services/legacy``, ``/examples/*/old``, ``**/snapshots``).

A skip pattern leaves out what it names and everything inside; an include pattern brings back
what it names and everything inside, unless a skip pattern names something deeper again. Where
both name the same path, ``include`` wins.
"""

from __future__ import annotations

import fnmatch
import functools
import os
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from starlette_2093_check.errors import UsageError

__all__ = [
    "DEFAULT_LAYOUT",
    "DEFAULT_SKIP",
    "MAX_DEPTH",
    "PRUNED",
    "TEST_PATTERNS",
    "TOO_DEEP",
    "Layout",
    "LayoutError",
    "Pattern",
    "Skip",
    "is_pruned",
    "split_patterns",
]

# Directories are entered at most this deep; below, nothing is read and one error says where.
# (A checkout can nest thousands of levels: a recursive walk would end in RecursionError.)
MAX_DEPTH = 64
TOO_DEEP = f"directories nest deeper than {MAX_DEPTH} levels here; nothing below is read"

# Directory names never entered, whatever the patterns say.
PRUNED = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".bzr",
        "node_modules",
        "site-packages",
        "__pycache__",
        ".tox",
        ".nox",
        ".venv",
        "venv",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".eggs",
    }
)

# Test code: the patterns ``scan_code(include_tests=True)`` includes back.
TEST_PATTERNS = ("tests/", "test/", "test_*.py", "*_test.py", "conftest.py")

DEFAULT_SKIP: tuple[str, ...] = (
    # tests, their fixtures and snapshots
    *TEST_PATTERNS,
    "testdata/",
    "test_data/",
    "test-data/",
    "fixtures/",
    "__fixtures__/",
    "__tests__/",
    "__snapshots__/",
    # examples, demos and documentation sources: samples of how to use the project, not the
    # project (a library's docs_src, a framework's demo apps)
    "examples/",
    "example/",
    "demo/",
    "demos/",
    "docs_src/",
    # data and notebooks
    "data/",
    "datasets/",
    "notebooks/",
    # vendored code and build output
    "vendor/",
    "_vendor/",
    "vendored/",
    "third_party/",
    "third-party/",
    "build/",
    "dist/",
    # hidden directories (.github, .devcontainer, ...)
    ".*/",
    # project templates: cookiecutter's and copier's directory names hold Jinja markup
    "template/",
    "templates/",
    "*{{*/",
    "*{%*/",
)

_MAX_PARTS = 32


class LayoutError(UsageError, ValueError):
    """A skip or include pattern that cannot be used; the message names it."""


@functools.lru_cache(maxsize=4096)
def _match(pattern: tuple[str, ...], path: tuple[str, ...]) -> bool:
    """Whether the path's parts match the pattern's parts (``**``: any number of parts)."""
    if not pattern:
        return not path
    if pattern[0] == "**":
        return any(_match(pattern[1:], path[i:]) for i in range(len(path) + 1))
    return bool(path) and fnmatch.fnmatchcase(path[0], pattern[0]) and _match(pattern[1:], path[1:])


def _extends(pattern: tuple[str, ...], path: tuple[str, ...]) -> bool:
    """Whether the pattern may match a path strictly below ``path``."""
    if not path:
        return bool(pattern)
    if not pattern:
        return False
    if pattern[0] == "**":
        return True
    return fnmatch.fnmatchcase(path[0], pattern[0]) and _extends(pattern[1:], path[1:])


@dataclass(frozen=True)
class Pattern:
    """One skip or include pattern, parsed."""

    text: str  # as given (or as the defaults spell it)
    parts: tuple[str, ...]  # one name glob, or the path's part globs when ``anchored``
    anchored: bool
    directory_only: bool

    @classmethod
    def parse(cls, text: str) -> Pattern:
        """``text`` as a pattern; ``LayoutError`` when it cannot be one."""
        value = text.strip()
        shown = repr(text[:100])
        if not value or value in ("/", "//"):
            raise LayoutError(f"pattern {shown} is empty")
        if "\x00" in value or "\\" in value:
            raise LayoutError(f"pattern {shown}: use '/' between directories")
        directory_only = value.endswith("/")
        body = value.strip("/")
        anchored = "/" in body or value.startswith("/")
        parts = tuple(body.split("/"))
        if any(part in ("", ".", "..") for part in parts):
            raise LayoutError(f"pattern {shown}: parts may not be empty, '.' or '..'")
        if len(parts) > _MAX_PARTS or parts.count("**") > 4:
            raise LayoutError(f"pattern {shown} is too long")
        if not anchored and parts == ("**",):
            raise LayoutError(f"pattern {shown} would match everything")
        return cls(text=value, parts=parts, anchored=anchored, directory_only=directory_only)

    def matches(self, relpath: str, is_dir: bool) -> bool:
        """Whether the pattern names ``relpath`` (POSIX, relative to the scanned directory)."""
        if self.directory_only and not is_dir:
            return False
        if not self.anchored:
            return fnmatch.fnmatchcase(posixpath.basename(relpath), self.parts[0])
        return _match(self.parts, tuple(relpath.split("/")))

    def may_match_below(self, reldir: str) -> bool:
        """Whether the pattern may name something inside the directory ``reldir``."""
        return not self.anchored or _extends(self.parts, tuple(reldir.split("/")))


@dataclass(frozen=True)
class Skip:
    """Why a path is left out: the directory (or file) a skip pattern named, and that pattern."""

    path: str
    pattern: str


def split_patterns(values: Iterable[str | None]) -> tuple[str, ...]:
    """Patterns from option values that may each hold several, separated by commas or lines."""
    out: list[str] = []
    for value in values:
        for line in (value or "").splitlines():
            out += [p.strip() for p in line.split(",") if p.strip()]
    return tuple(dict.fromkeys(out))


@dataclass(frozen=True)
class _Filter:
    """One regex for the name patterns that apply to directories (or files), and whether an anchored
    pattern does: most paths match no pattern, and one search says so."""

    names: re.Pattern[str] | None
    anchored: bool

    @classmethod
    def of(cls, patterns: tuple[Pattern, ...], is_dir: bool) -> _Filter:
        applies = [p for p in patterns if is_dir or not p.directory_only]
        names = [fnmatch.translate(p.parts[0]) for p in applies if not p.anchored]
        return cls(re.compile("|".join(names)) if names else None, any(p.anchored for p in applies))

    def may_match(self, relpath: str) -> bool:
        return self.anchored or (
            self.names is not None and self.names.match(posixpath.basename(relpath)) is not None
        )


@dataclass(frozen=True)
class Layout:
    """What to skip and what to include back (see the module's docstring)."""

    skip: tuple[Pattern, ...]
    include: tuple[Pattern, ...] = ()
    _filters: dict[tuple[str, bool], _Filter] = field(init=False, repr=False, compare=False)

    @classmethod
    def of(cls, skip: Iterable[str] = (), include: Iterable[str] = (), defaults: bool = True) -> Layout:
        """The defaults (unless ``defaults`` is False: a policy's ``default-excludes: false``) plus
        ``skip``, with ``include`` taken back; ``LayoutError`` for a bad pattern."""
        texts = dict.fromkeys((*(DEFAULT_SKIP if defaults else ()), *skip))
        return cls(tuple(map(Pattern.parse, texts)), tuple(map(Pattern.parse, dict.fromkeys(include))))

    def including(self, patterns: Iterable[str]) -> Layout:
        """This layout with ``patterns`` included back as well."""
        return Layout(self.skip, (*self.include, *map(Pattern.parse, patterns)))

    def __post_init__(self) -> None:
        filters = {
            (kind, is_dir): _Filter.of(self.skip if kind == "skip" else self.include, is_dir)
            for kind in ("skip", "include")
            for is_dir in (True, False)
        }
        object.__setattr__(self, "_filters", filters)

    def _may_match(self, kind: str, relpath: str, is_dir: bool) -> bool:
        return self._filters[(kind, is_dir)].may_match(relpath)

    def decide(self, relpath: str, is_dir: bool, parent: Skip | None) -> Skip | None:
        """Why ``relpath`` is left out (None: it is read), given its directory's state ``parent``."""
        if self._may_match("include", relpath, is_dir) and any(
            p.matches(relpath, is_dir) for p in self.include
        ):
            return None
        if parent is not None:  # the outermost skipped directory stays the one reported
            return parent
        if self._may_match("skip", relpath, is_dir):
            for pattern in self.skip:
                if pattern.matches(relpath, is_dir):
                    return Skip(relpath, pattern.text)
        return None

    def may_include_below(self, reldir: str) -> bool:
        """Whether an include pattern may bring back something inside the skipped ``reldir``."""
        return any(p.may_match_below(reldir) for p in self.include)


DEFAULT_LAYOUT = Layout.of()


def is_pruned(parent: str | os.PathLike[str], name: str) -> bool:
    """Whether the directory ``name`` in ``parent`` is never entered: a ``PRUNED`` name or a virtualenv."""
    return name in PRUNED or os.path.lexists(os.path.join(parent, name, "pyvenv.cfg"))
