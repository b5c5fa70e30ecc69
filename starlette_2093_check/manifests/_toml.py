"""TOML loading with positioned errors, and a light lexer to find the lines tomllib does not report.

tomllib gives values without positions. To point at a line we scan the (already valid) text for
string literals, comments and table headers; the values themselves always come from tomllib.
"""

from __future__ import annotations

import bisect
import contextlib
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette_2093_check.manifests._files import read_text
from starlette_2093_check.model import ScanError

_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)\s*$")
_END = re.compile(r"\s*\(at end of document\)\s*$")

_TOKEN = re.compile(
    r'(?P<mlb>"""(?:\\[\s\S]|[^\\])*?"{3,5})'
    r"|(?P<mll>'''[\s\S]*?'{3,5})"
    r'|(?P<basic>"(?:\\.|[^"\\\n])*")'
    r"|(?P<literal>'[^'\n]*')"
    r"|(?P<comment>#[^\n]*)"
)
_HEADER = re.compile(r"^[ \t]*(\[\[?)[ \t]*([^\[\]\n]+?)[ \t]*\]\]?", re.MULTILINE)
_KEY = re.compile(r"^[ \t]*(\"[^\"\n]*\"|'[^'\n]*'|[A-Za-z0-9_-]+)[ \t]*=", re.MULTILINE)
_KEY_PART = re.compile(r"\"[^\"]*\"|'[^']*'|[^.\s]+")

# Pieces of the position scanner (``TomlPositions.line``); it only ever sees text tomllib accepted.
_BLANK = re.compile(r"[ \t]*")
_GAP = re.compile(r"(?:[ \t\r\n]+|#[^\n]*)*")  # whitespace, newlines and comments
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_STRINGS = (
    ('"""', re.compile(r'"""(?:\\[\s\S]|[^\\])*?"{3,5}')),
    ("'''", re.compile(r"'''[\s\S]*?'{3,5}")),
    ('"', re.compile(r'"(?:\\.|[^"\\\n])*"')),
    ("'", re.compile(r"'[^'\n]*'")),
)
_SCALAR = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2})?"
    r"|[^\s,\]\}#]+"
)

# A path to a value: table keys, and indexes into arrays (arrays of tables included).
KeyPath = tuple[str | int, ...]


def load_toml(text: str, relpath: str) -> dict[str, Any] | ScanError:
    """Parse TOML text; on failure return a ScanError with the line tomllib reported."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        message = str(e)
        m = _POSITION.search(message)
        if m:
            line = int(m.group(1))
            detail = message[: m.start()]
        else:
            line = max(1, len(text.splitlines()))
            detail = _END.sub("", message)
        return ScanError(relpath, f"invalid TOML at line {line}: {detail}", line)


def read_toml(checkout: Path, relpath: str) -> tuple[str, dict[str, Any]] | ScanError:
    """Read and parse a TOML manifest: its text (for line lookups) and data, or the error that stopped it."""
    text = read_text(checkout, relpath)
    if isinstance(text, ScanError):
        return text
    data = load_toml(text, relpath)
    if isinstance(data, ScanError):
        return data
    return text, data


def _unquote(part: str) -> str:
    if len(part) >= 2 and part[0] == part[-1] and part[0] in "\"'":
        return part[1:-1]
    return part


@dataclass(frozen=True)
class _Header:
    start: int  # offset of the header line
    end: int  # offset just after the header
    path: tuple[str, ...]
    array: bool


class TomlPositions:
    """Positions in a valid TOML document: lines of table headers, keys and string values."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._line_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
        self._tokens: list[tuple[int, int, str]] = [
            (m.start(), m.end(), m.lastgroup or "") for m in _TOKEN.finditer(text)
        ]
        self._token_starts = [t[0] for t in self._tokens]
        self._paths: tuple[dict[KeyPath, int], dict[KeyPath, int]] | None = None
        self._headers = [
            _Header(
                m.start(),
                m.end(),
                tuple(_unquote(p) for p in _KEY_PART.findall(m.group(2))),
                m.group(1) == "[[",
            )
            for m in _HEADER.finditer(text)
            if not self._inside_token(m.end(1) - 1)
        ]

    def line_of(self, offset: int) -> int:
        """The 1-based line holding ``offset``."""
        return bisect.bisect_right(self._line_starts, offset)

    def _inside_token(self, offset: int) -> bool:
        i = bisect.bisect_right(self._token_starts, offset) - 1
        return i >= 0 and self._tokens[i][0] <= offset < self._tokens[i][1]

    def _regions(self, path: tuple[str, ...], array: bool) -> list[tuple[int, int]]:
        """(start, end) offsets of the bodies of every header ``path`` (one per array entry)."""
        regions = []
        for i, h in enumerate(self._headers):
            if h.path == path and h.array == array:
                end = self._headers[i + 1].start if i + 1 < len(self._headers) else len(self.text)
                regions.append((h.end, end))
        return regions

    def _keys(self, start: int, end: int) -> dict[str, tuple[int, int]]:
        """Each key written at a line start in [start, end): offsets of the key and of its value."""
        keys: dict[str, tuple[int, int]] = {}
        for m in _KEY.finditer(self.text, start, end):
            # the key may itself be a quoted string: test the character before it
            if m.start(1) == 0 or not self._inside_token(m.start(1) - 1):
                keys.setdefault(_unquote(m.group(1)), (m.start(1), m.end()))
        return keys

    def array_table_key_lines(self, path: tuple[str, ...]) -> list[dict[str, int]]:
        """For each ``[[path]]`` entry, in order: the line of each key written in its own body."""
        return [
            {k: self.line_of(off) for k, (off, _) in self._keys(start, end).items()}
            for start, end in self._regions(path, array=True)
        ]

    def key_line(self, table: tuple[str, ...], key: str) -> int | None:
        """The line of ``key`` in the ``[table]`` body, if written there."""
        for start, end in self._regions(table, array=False):
            found = self._keys(start, end).get(key)
            if found is not None:
                return self.line_of(found[0])
        return None

    def string_array_lines(self, table: tuple[str, ...], key: str, values: list[Any]) -> list[int | None]:
        """Lines of the elements of the string array ``key = [...]`` in ``[table]``.

        Each element gets the line of its literal when the literals after the key decode to the
        values tomllib gave, in order; otherwise the line of the key (or None if not found).
        """
        for start, end in self._regions(table, array=False):
            found = self._keys(start, end).get(key)
            if found is not None:
                break
        else:
            return [None] * len(values)
        key_line = self.line_of(found[0])
        lines: list[int | None] = []
        i = bisect.bisect_left(self._token_starts, found[1])
        for value in values:
            while i < len(self._tokens) and self._tokens[i][2] == "comment":
                i += 1
            if i >= len(self._tokens) or not isinstance(value, str):
                break
            s, e, _ = self._tokens[i]
            if _decode_string(self.text[s:e]) != value:
                break
            lines.append(self.line_of(s))
            i += 1
        return lines + [key_line] * (len(values) - len(lines))

    def line(self, path: Sequence[str | int]) -> int | None:
        """The line where the value at ``path`` is defined, or None if it is not written in the text.

        ``path`` holds keys and array indexes, e.g. ``("tool", "poetry", "source", 0, "url")``. A key
        gets the line of its key (dotted keys and inline tables included), a table the line of its
        header, an array element the line where the element starts. A table only created implicitly
        (``[a.b]`` creates ``a``) gets the line of the first definition inside it.
        """
        if self._paths is None:
            scanner = _PathScanner(self.text)
            scanner.run()
            self._paths = scanner.explicit, scanner.implicit
        explicit, implicit = self._paths
        key = tuple(path)
        offset = explicit.get(key, implicit.get(key))
        return None if offset is None else self.line_of(offset)

    def nearest_line(self, path: Sequence[str | int]) -> int | None:
        """The line of ``path``, else of the closest enclosing value that is written in the text."""
        key = tuple(path)
        while key:
            found = self.line(key)
            if found is not None:
                return found
            key = key[:-1]
        return None


class _PathScanner:
    """Records where every key, table and array element of a TOML document is defined (as offsets).

    It relies on the text being valid TOML (tomllib accepted it) and stops quietly at anything it
    does not understand, keeping what it found so far.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.explicit: dict[KeyPath, int] = {}
        self.implicit: dict[KeyPath, int] = {}
        self._counts: dict[KeyPath, int] = {}  # entries so far of each array of tables

    def run(self) -> None:
        with contextlib.suppress(IndexError, ValueError, RecursionError):
            self._document()

    def _record(self, path: KeyPath, offset: int) -> None:
        self.explicit.setdefault(path, offset)
        for n in range(1, len(path)):
            self.implicit.setdefault(path[:n], offset)

    def _document(self) -> None:
        text, i = self.text, 0
        table_path: KeyPath = ()
        while True:
            i = _skip(_GAP, text, i)
            if i >= len(text):
                return
            if text[i] == "[":
                array = text.startswith("[[", i)
                parts, j = self._key(i + (2 if array else 1))
                table_path = self._header_path(parts, array, i)
                i = j + (2 if array else 1)
                continue
            start = i
            parts, i = self._key(i)
            if text[i] != "=":
                raise ValueError("expected '='")
            path = table_path
            for part in parts:
                path = (*path, part)
                self._record(path, start)
            i = self._value(i + 1, path)

    def _header_path(self, parts: list[str], array: bool, offset: int) -> KeyPath:
        path: KeyPath = ()
        for n, part in enumerate(parts):
            path = (*path, part)
            if array and n == len(parts) - 1:
                index = self._counts.get(path, 0)
                self._counts[path] = index + 1
                self._record(path, offset)
                path = (*path, index)
            elif path in self._counts:
                path = (*path, self._counts[path] - 1)
        self._record(path, offset)
        return path

    def _key(self, i: int) -> tuple[list[str], int]:
        """A (dotted) key starting at ``i``: its parts, and the offset after it and any blanks."""
        text, parts = self.text, []
        while True:
            i = _skip(_BLANK, text, i)
            if text[i] in "\"'":
                m = _STRINGS[2 if text[i] == '"' else 3][1].match(text, i)
                if m is None:
                    raise ValueError("bad quoted key")
                value = _decode_string(m.group())
                if not isinstance(value, str):
                    raise ValueError("bad quoted key")
                parts.append(value)
            else:
                m = _BARE_KEY.match(text, i)
                if m is None:
                    raise ValueError("bad key")
                parts.append(m.group())
            i = _skip(_BLANK, text, m.end())
            if not text.startswith(".", i):
                return parts, i
            i += 1

    def _value(self, i: int, path: KeyPath) -> int:
        """Skip the value starting at (or after blanks from) ``i``, recording what it contains."""
        text = self.text
        i = _skip(_BLANK, text, i)
        for opener, pattern in _STRINGS:
            if text.startswith(opener, i):
                m = pattern.match(text, i)
                if m is None:
                    raise ValueError("unterminated string")
                return m.end()
        if text[i] == "[":
            i, index = i + 1, 0
            while True:
                i = _skip(_GAP, text, i)
                if text[i] == "]":
                    return i + 1
                self._record((*path, index), i)
                i = _skip(_GAP, text, self._value(i, (*path, index)))
                index += 1
                if text[i] == ",":
                    i += 1
        if text[i] == "{":
            i += 1
            while True:
                i = _skip(_GAP, text, i)
                if text[i] == "}":
                    return i + 1
                start = i
                parts, i = self._key(i)
                if text[i] != "=":
                    raise ValueError("expected '='")
                inner = path
                for part in parts:
                    inner = (*inner, part)
                    self._record(inner, start)
                i = _skip(_GAP, text, self._value(i + 1, inner))
                if text[i] == ",":
                    i += 1
        m = _SCALAR.match(text, i)
        if m is None:
            raise ValueError("bad value")
        return m.end()


def _skip(pattern: re.Pattern[str], text: str, i: int) -> int:
    """The offset after what ``pattern`` (which may match nothing) matches at ``i``."""
    m = pattern.match(text, i)
    return i if m is None else m.end()


def _decode_string(literal: str) -> object:
    try:
        return tomllib.loads("v = " + literal).get("v")
    except tomllib.TOMLDecodeError:
        return None
