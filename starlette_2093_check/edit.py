"""The one-line manifest edit that gives a requirement a new version specifier, and applying it.

``plan_edit`` finds the specifier of one requirement on the line a parser recorded for it and
replaces just that span: names, extras, markers, quotes, comments, whitespace and trailing commas
stay as written (the requirement is never re-serialised). The rewritten text is parsed again
(``packaging`` for requirement strings, ``tomllib`` for the whole TOML document) to prove the edit
changed exactly the one value it meant to.

``apply_edits`` writes edits in place: one read and one atomic write per file, keeping its
encoding (UTF-8 with or without a BOM, UTF-16), its line endings (per line) and its final newline
or lack of one. An edit whose line no longer reads as it did is refused, never re-aimed.
"""

from __future__ import annotations

import codecs
import configparser
import os
import posixpath
import re
import stat
import subprocess
import tempfile
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from starlette_2093_check.errors import FixError
from starlette_2093_check.manifests._files import MAX_BYTES, OUTSIDE_SYMLINK
from starlette_2093_check.manifests.requirements import logical_lines
from starlette_2093_check.manifests.setuptools import _cfg_positions
from starlette_2093_check.model import Declared, Edit, Location, ManifestKind
from starlette_2093_check.urls import hide_userinfo, redact

HASH_TIMEOUT = 120.0  # seconds for one `uv pip compile --generate-hashes`

_BREAK = re.compile(r"\r\n|\r|\n")  # the same line breaks as ``_files.split_lines``
_COMMENT_LINE = re.compile(r"^\s*#")  # a requirements comment line, which pip never continues

# A requirement's head: name, then extras. The specifier span is found right after it.
_HEAD = re.compile(
    r"(?P<lead>[ \t]*)(?P<name>[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)(?P<extras>\s*\[[^\]]*\])?"
)
_CLAUSE = r"(?:===|~=|==|!=|<=|>=|<|>)\s*[A-Za-z0-9_.*+!-]+"
_SPEC = re.compile(rf"\s*(?:\(\s*)?(?P<spec>{_CLAUSE}(?:\s*,\s*{_CLAUSE})*)")
_URL_OR_PATH = re.compile(r"^\s*(?:[A-Za-z][A-Za-z0-9+.-]*://|file:|[./~\\]|[A-Za-z]:[\\/]|[^\s;]*/)")

# Hash options of a requirement (``--hash=sha256:...`` or ``--hash sha256:...``).
_HASH_OPTION = re.compile(r"--hash(?:=|[ \t]+)(?P<value>[^\s\\]+)")
_HASH_LINE = re.compile(r"^(?P<indent>[ \t]*)--hash(?:=|[ \t]+)[^\s\\]+[ \t]*\\?[ \t]*$")
_HASH_RUN = re.compile(r"--hash(?:=|[ \t]+)[^\s\\]+(?:[ \t]+--hash(?:=|[ \t]+)[^\s\\]+)*")
_HASH_VALUE = re.compile(r"^[A-Za-z0-9]+:[0-9A-Fa-f]+$")
# A pip-compile / uv pip compile command line without shell syntax: words of safe characters.
_PLAIN_COMMAND = re.compile(r"[A-Za-z0-9_./=:@+,%-]+(?: [A-Za-z0-9_./=:@+,%-]+)*")
_HEADER_LINES = 30

# TOML, one line at a time (the whole document is parsed again after every edit).
_TOML_KEYPART = r"""(?:[A-Za-z0-9_-]+|"(?:\\.|[^"\\\n])*"|'[^'\n]*')"""
_TOML_DOTTED = rf"{_TOML_KEYPART}(?:[ \t]*\.[ \t]*{_TOML_KEYPART})*"
_TOML_KEY = re.compile(rf"^[ \t]*(?P<key>{_TOML_DOTTED})[ \t]*=[ \t]*")
_TOML_HEADER = re.compile(rf"^[ \t]*\[(?P<array>\[)?[ \t]*(?P<key>{_TOML_DOTTED})[ \t]*\]")
_TOML_TOKEN = re.compile(r'"""|\'\'\'|"(?:\\.|[^"\\\n])*"|\'[^\'\n]*\'|#.*$')
_INLINE_VERSION = re.compile(r"[{,][ \t]*version[ \t]*=[ \t]*$")
_REFERENCE_KEYS = frozenset({"git", "hg", "svn", "bzr", "path", "url", "file"})

_TRAILING_COMMENT = re.compile(r"\s+#.*$")
_BY_HAND = "edit by hand"


class EditError(FixError):
    """The edit cannot be made; the message says what and where (``file:line``)."""


class HashError(FixError):
    """New hashes could not be computed (``hashes_with_uv``)."""


# -- files ------------------------------------------------------------------------------------


@dataclass
class _Doc:
    """A text file as read: its lines (content, line ending) and how to write it back byte for byte."""

    real: Path
    mode: int
    bom: bytes
    codec: str
    lines: list[tuple[str, str]]

    @property
    def text(self) -> str:
        return "".join(content + ending for content, ending in self.lines)

    def encode(self) -> bytes:
        return self.bom + self.text.encode(self.codec)


def _split(text: str) -> list[tuple[str, str]]:
    lines: list[tuple[str, str]] = []
    pos = 0
    for m in _BREAK.finditer(text):
        lines.append((text[pos : m.start()], m.group()))
        pos = m.end()
    lines.append((text[pos:], ""))  # "" when the text ends with a line break
    return lines


def _decode(data: bytes) -> tuple[bytes, str, str] | None:
    """(BOM, codec, text), following ``_files.decode_text``; None if the bytes are not text."""
    candidates: list[tuple[bytes, str]] = []
    if data.startswith(codecs.BOM_UTF16_LE) and not data.startswith(codecs.BOM_UTF32_LE):
        candidates.append((codecs.BOM_UTF16_LE, "utf-16-le"))
    elif data.startswith(codecs.BOM_UTF16_BE):
        candidates.append((codecs.BOM_UTF16_BE, "utf-16-be"))
    elif len(data) >= 4 and not len(data) % 2:
        # UTF-16 without a BOM, only when every character is ASCII-range (as _files accepts it)
        for zeros, chars, codec in (
            (data[1::2], data[0::2], "utf-16-le"),
            (data[0::2], data[1::2], "utf-16-be"),
        ):
            if not zeros.strip(b"\x00") and b"\x00" not in chars:
                candidates.append((b"", codec))
                break
    if not candidates:
        if b"\x00" in data:
            return None
        bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
        candidates.append((bom, "utf-8"))
    bom, codec = candidates[0]
    try:
        return bom, codec, data[len(bom) :].decode(codec)
    except UnicodeDecodeError:
        return None


def _read(checkout: Path, relpath: str) -> _Doc | str:
    """The file ``relpath`` inside ``checkout``, or why it may not be edited."""
    if not relpath or posixpath.isabs(relpath) or "\x00" in relpath:
        return "refused: not a path inside the checkout"
    root = checkout.resolve()
    try:
        real = (checkout / relpath).resolve(strict=True)
    except FileNotFoundError:
        return "file not found"
    except (OSError, RuntimeError) as e:  # RuntimeError: Python 3.11's report of a symlink loop
        return f"cannot resolve path: {getattr(e, 'strerror', None) or type(e).__name__}"
    if not real.is_relative_to(root):
        return "refused: path leaves the checkout" if ".." in relpath.split("/") else OUTSIDE_SYMLINK
    try:
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as e:
        return f"cannot open file: {e.strerror or e}"
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            return "not a regular file"
        if st.st_size > MAX_BYTES:
            return f"refused: file is larger than 5 MiB ({st.st_size} bytes)"
        data = fh.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        return "refused: file is larger than 5 MiB"
    decoded = _decode(data)
    if decoded is None:
        return "not a text file (or not in an encoding we can write back)"
    bom, codec, text = decoded
    return _Doc(real, stat.S_IMODE(st.st_mode), bom, codec, _split(text))


def _own_key(parts: list[str], name: str, contents: Sequence[str], index: int) -> bool:
    """Whether the TOML key ``parts`` on line ``index`` holds ``name``'s version: ``name = ...``,
    ``name.version = ...``, or ``version = ...`` in a ``[...name]`` table."""
    if parts == ["version"]:
        table = _header_above(contents, index)
        return table is not None and len(table) >= 2 and canonicalize_name(table[-1]) == name
    return (len(parts) == 1 and canonicalize_name(parts[0]) == name) or (
        len(parts) == 2 and canonicalize_name(parts[0]) == name and parts[1] == "version"
    )


def _write(doc: _Doc) -> None:
    """Replace the file atomically with ``doc``, keeping its permission bits."""
    fd, tmp = tempfile.mkstemp(dir=doc.real.parent, prefix=f".{doc.real.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(doc.encode())
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, doc.mode)
        os.replace(tmp, doc.real)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# -- requirement strings ----------------------------------------------------------------------


def _rewrite(text: str, name: str, specifier: str, where: str) -> str:
    """``text`` (a requirement, maybe followed by more) with the specifier of ``name`` replaced.

    Only the specifier span changes; without one, ``specifier`` goes right after the name and extras.
    """
    if _URL_OR_PATH.match(text):
        raise EditError(f"{where}: a URL or local path requirement, not a version: {_BY_HAND}")
    head = _HEAD.match(text)
    if head is None:
        raise EditError(f"{where}: no requirement found in {text.strip()!r}")
    if canonicalize_name(head.group("name")) != name:
        raise EditError(f"{where}: the requirement here is {head.group('name')!r}, not {name!r}")
    after = text[head.end() :]
    if after.lstrip().startswith("@"):
        raise EditError(f"{where}: {name} is a direct reference (name @ URL), not a version: {_BY_HAND}")
    spec = _SPEC.match(text, head.end())
    if spec is None:
        return text[: head.end()] + specifier + text[head.end() :]
    return text[: spec.start("spec")] + specifier + text[spec.end("spec") :]


def _check_requirement(old: str, new: str, name: str, specifier: str, where: str) -> None:
    """``new`` must parse, name ``name`` with ``specifier``, and keep ``old``'s extras and markers."""
    try:
        before, after = Requirement(old), Requirement(new)
    except InvalidRequirement as e:
        raise EditError(f"{where}: cannot rewrite {old.strip()!r}: {str(e).splitlines()[0]}") from e
    if (
        canonicalize_name(after.name) != name
        or after.url is not None
        or after.specifier != SpecifierSet(specifier)
        or after.extras != before.extras
        or str(after.marker) != str(before.marker)
    ):
        raise EditError(
            f"{where}: cannot rewrite {old.strip()!r} safely (it reads {new.strip()!r} after the edit)"
        )


# -- plan ---------------------------------------------------------------------------------------


# Files ``plan_edit`` has read, by path: pass one to plan many edits of one file with one read.
ReadFiles = dict[str, "_Doc | str"]


def plan_edit(
    checkout: Path,
    kind: ManifestKind,
    location: Location,
    name: str,
    specifier: str,
    read: ReadFiles | None = None,
    *,
    written: str | None = None,
) -> Edit:
    """The edit that gives requirement ``name`` (canonical name) the version specifier ``specifier``
    (PEP 440, e.g. ``==0.108.0`` or ``>=0.108.0``) on the declaration at ``location`` of a manifest
    of kind ``kind``.

    ``written`` is the text to write instead, in the manifest's own syntax, for a Poetry table
    entry (``^0.108.0``, ``~0.108.0``, a bare ``0.108.0``): it must mean exactly ``specifier``
    (``poetry_specifier``), and is refused anywhere else.

    A location inside a requirements file (``*.txt``/``*.in``) read by another manifest (``-r``,
    ``file:``, setuptools dynamic dependencies) is edited as a requirements file. The returned
    edit's line is ``location.line``, except for a Pipfile/Poetry ``[section.name]`` table, whose
    ``version =`` line is edited. Raises EditError when the line does not hold that requirement in
    a form we can rewrite. ``read`` keeps the files read for the next call (planning never changes
    them): a file with thousands of changed lines is read once, not once per line.
    """
    where = str(location)
    name = canonicalize_name(name)
    try:
        SpecifierSet(specifier)
    except InvalidSpecifier as e:
        raise EditError(f"{where}: {specifier!r} is not a PEP 440 version specifier") from e
    if not specifier.strip() or any(c in specifier for c in "\r\n\"'\\#;@"):
        raise EditError(f"{where}: {specifier!r} cannot be written into a manifest line")
    form = _form(kind, location.file, where)
    if written is not None and (form != "pyproject" or poetry_specifier(written) != SpecifierSet(specifier)):
        raise EditError(f"{where}: {written!r} cannot be written here for {specifier!r}")
    if location.line is None:
        raise EditError(f"{where}: no line is known for {name}")
    doc = read.get(location.file) if read is not None else None
    if doc is None:
        doc = _read(checkout, location.file)
        if read is not None:
            read[location.file] = doc
    if isinstance(doc, str):
        raise EditError(f"{where}: {doc}")
    if not 1 <= location.line <= len(doc.lines):
        raise EditError(f"{where}: the file has no line {location.line}")
    if form == "requirements":
        edit = _plan_requirements(doc, location.file, location.line, name, specifier)
    elif form == "setup.cfg":
        edit = _plan_setup_cfg(doc, location.file, location.line, name, specifier)
    else:
        edit = _plan_toml(
            doc, location.file, location.line, name, specifier, arrays=form == "pyproject", written=written
        )
    if edit.new == edit.old:
        raise EditError(f"{edit.file}:{edit.line}: {name} already reads {written or specifier}")
    return edit


# A Poetry constraint that keeps its shape when the version moves: caret, tilde (not PEP 440's
# ``~=``), or a bare version (Poetry's exact pin).
_POETRY_SHAPE = re.compile(r"(?P<op>\^|~(?!=)|)[ \t]*(?P<version>[0-9][A-Za-z0-9.+!_-]*)")


def poetry_specifier(constraint: str) -> SpecifierSet | None:
    """What a Poetry constraint of one of the shapes kept (``^0.108.0``, ``~0.108.0``, ``0.108.0``)
    means in PEP 440 (``>=0.108.0,<0.109.0``, read by poetry-core); None for anything else."""
    if not _POETRY_SHAPE.fullmatch(constraint.strip()):
        return None
    # poetry-core is imported only for Poetry projects: it takes a tenth of a second to load.
    from poetry.core.packages.dependency import Dependency

    try:
        return Requirement(Dependency("x", constraint).to_pep_508()).specifier
    except Exception:  # poetry-core raises many kinds on junk input
        return None


def poetry_shaped(constraint: str, version: str) -> str | None:
    """``constraint`` (as written in a Poetry table) moved to ``version`` in the same shape:
    ``^0.95.1`` -> ``^0.108.0``, ``~0.95`` -> ``~0.108.0``, ``0.95.1`` -> ``0.108.0``. None when
    the constraint has another shape (``>=0.95``, ``*``, several clauses)."""
    m = _POETRY_SHAPE.fullmatch(constraint.strip())
    if m is None or poetry_specifier(constraint) is None:
        return None
    shaped = f"{m.group('op')}{version}"
    return shaped if poetry_specifier(shaped) is not None else None


def shaped_specifier(
    declared: Declared, version: str, floor: str | None, written: str | None = None
) -> tuple[str, str | None]:
    """The new specifier of ``declared`` when its package moves to ``version`` (or, for an open
    range, is raised to ``floor``), in the declaration's own shape, and the text to write instead
    when the manifest says it in its own syntax: an exact pin stays exact (``==version``), Poetry's
    ``^0.95.1`` (``written``, from ``written_constraint``) becomes ``^version`` and ``~=0.95.1``
    becomes ``~=version`` (both then admit ``version``), any other range ``>=floor``.

    (``">=0.108.0,<0.109.0"``, ``"^0.108.0"``) for a caret; (``"==0.108.0"``, None) for a pin.
    """
    shaped = poetry_shaped(written, version) if written is not None else None
    meaning = poetry_specifier(shaped) if shaped is not None else None
    if shaped is not None and meaning is not None:
        return str(meaning), shaped
    if declared.exact_version is not None:
        return f"=={version}", None
    try:
        clauses = list(Requirement(declared.requirement).specifier)
        release = Version(version).release
    except (InvalidRequirement, InvalidVersion):
        clauses, release = [], ()
    if len(clauses) == 1 and clauses[0].operator == "~=":
        return (f"~={version}" if len(release) >= 2 else f"~={version}.0"), None
    return f">={floor or version}", None


def written_constraint(
    checkout: Path, kind: ManifestKind, location: Location, name: str, read: ReadFiles | None = None
) -> str | None:
    """The constraint of the Poetry table entry for ``name`` at ``location`` as written
    (``fastapi = "^0.95.1"``, ``fastapi = { version = "~0.95", extras = ["all"] }``, or the
    ``version`` of a ``[tool.poetry.dependencies.fastapi]`` table); None for anything else: PEP 508
    strings in arrays, other kinds of file, lines that cannot be read."""
    if kind is not ManifestKind.PYPROJECT or location.line is None:
        return None
    try:
        if _form(kind, location.file, str(location)) != "pyproject":
            return None
    except EditError:
        return None
    doc = read.get(location.file) if read is not None else None
    if doc is None:
        doc = _read(checkout, location.file)
        if read is not None:
            read[location.file] = doc
    if isinstance(doc, str) or not 1 <= location.line <= len(doc.lines):
        return None
    contents = [c for c, _ in doc.lines]
    index = location.line - 1
    header = _TOML_HEADER.match(contents[index])
    if header:  # [tool.poetry.dependencies.fastapi]: its version key, below
        if header.group("array") or canonicalize_name(_key_parts(header.group("key"))[-1]) != name:
            return None
        found = _version_key(contents, index)
        if found is None:
            return None
        index = found
    key = _TOML_KEY.match(contents[index])
    if key is None:
        return None
    if not _own_key(_key_parts(key.group("key")), name, contents, index):
        return None
    try:
        value = _toml_value(contents[index][key.end() :])
    except tomllib.TOMLDecodeError:  # a value spread over several lines
        return None
    if isinstance(value, dict):
        value = value.get("version")
    return value if isinstance(value, str) else None


def _form(kind: ManifestKind, relpath: str, where: str) -> str:
    base = posixpath.basename(relpath)
    if kind in (ManifestKind.REQUIREMENTS, ManifestKind.REQUIREMENTS_IN):
        return "requirements"
    if not kind.is_lock and base.endswith((".txt", ".in")):
        return "requirements"
    if kind is ManifestKind.PYPROJECT and base.endswith(".toml"):
        return "pyproject"
    if kind is ManifestKind.PIPFILE and not base.endswith(".lock"):
        return "pipfile"
    if kind is ManifestKind.SETUP_CFG and base.endswith(".cfg"):
        return "setup.cfg"
    what = "a lockfile" if kind.is_lock else f"a {kind.value} manifest"
    raise EditError(f"{where}: {what} is not rewritten automatically: {_BY_HAND}")


def _continuation_end(contents: Sequence[str], index: int) -> int:
    """The index of the last physical line of the logical requirements line starting at ``index``."""
    end = index
    while end + 1 < len(contents) and contents[end].endswith("\\") and not _COMMENT_LINE.match(contents[end]):
        end += 1
    return end


def _requirement_part(physical: Sequence[str]) -> str:
    """The requirement text of a logical requirements line, as ``requirements._requirement`` reads it."""
    first = next(logical_lines("\n".join(physical)), None)
    if first is None:
        return ""
    words = []
    for token in first[1].split():
        if token.startswith("-"):
            break
        words.append(token)
    return " ".join(words)


def _plan_requirements(doc: _Doc, relpath: str, number: int, name: str, specifier: str) -> Edit:
    where = f"{relpath}:{number}"
    contents = [c for c, _ in doc.lines]
    index = number - 1
    line = contents[index]
    stripped = line.strip()
    if not stripped or stripped.startswith("#"):
        raise EditError(f"{where}: no requirement on this line")
    if stripped.startswith("-"):
        raise EditError(
            f"{where}: an option line ({stripped.split()[0]}), not a version requirement: {_BY_HAND}"
        )
    new = _rewrite(line, name, specifier, where)
    end = _continuation_end(contents, index)
    old_physical = contents[index : end + 1]
    new_physical = [new, *old_physical[1:]]
    _check_requirement(
        _requirement_part(old_physical), _requirement_part(new_physical), name, specifier, where
    )
    hashed = any(_HASH_OPTION.search(c) for c in old_physical)
    return Edit(file=relpath, line=number, old=line, new=new, hashed=hashed)


def _plan_setup_cfg(doc: _Doc, relpath: str, number: int, name: str, specifier: str) -> Edit:
    where = f"{relpath}:{number}"
    contents = [c for c, _ in doc.lines]
    line = contents[number - 1]
    values = list(_cfg_positions(contents).values())
    key_value = next((v for v in values if v.key_line == number), None)
    segments: list[tuple[int, int]]
    if key_value is not None:
        indent = len(line) - len(line.lstrip())
        option = configparser.ConfigParser.OPTCRE.match(line.lstrip())
        if option is None:
            raise EditError(f"{where}: not a 'key = value' line")
        start = indent + option.start("value")
        if any(text for _, text in key_value.lines[1:]):
            segments = [(start, len(line))]
        else:  # setuptools splits a one-line value at ';'
            segments = [(start + m.start(), start + m.end()) for m in re.finditer(r"[^;]+", line[start:])]
    elif any(n == number for v in values for n, _ in v.lines):
        segments = [(0, len(line))]
    else:
        raise EditError(f"{where}: not part of an option value")
    for start, stop in segments:
        piece = line[start:stop]
        head = _HEAD.match(piece)
        if head is None or canonicalize_name(head.group("name")) != name or piece.strip().startswith("#"):
            continue
        new_piece = _rewrite(piece, name, specifier, where)
        _check_requirement(
            piece.partition(" #")[0].strip(), new_piece.partition(" #")[0].strip(), name, specifier, where
        )
        return Edit(file=relpath, line=number, old=line, new=line[:start] + new_piece + line[stop:])
    raise EditError(f"{where}: no requirement for {name} on this line")


# -- TOML (pyproject.toml, Pipfile) -------------------------------------------------------------


def _toml_value(token: str) -> Any:
    """The value of one TOML value written on one line (a string, inline table or array)."""
    return tomllib.loads(f"v = {token}")["v"]


def _key_parts(dotted: str) -> list[str]:
    return [_toml_value(p) if p[0] in "\"'" else p for p in re.findall(_TOML_KEYPART, dotted)]


def _changes(a: Any, b: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """The paths where two parsed TOML documents differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        out: list[tuple[str | int, ...]] = []
        for key in {**a, **b}:
            if key in a and key in b:
                out += _changes(a[key], b[key], (*path, key))
            else:
                out.append((*path, key))
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [p for i, (x, y) in enumerate(zip(a, b, strict=True)) for p in _changes(x, y, (*path, i))]
    return [] if a == b else [path]


def _at(data: Any, path: tuple[str | int, ...]) -> Any:
    for key in path:
        data = data[key]
    return data


def _header_above(contents: Sequence[str], index: int) -> list[str] | None:
    """The key of the nearest ``[table]`` header above line ``index`` (None under ``[[array]]``)."""
    for i in range(index - 1, -1, -1):
        m = _TOML_HEADER.match(contents[i])
        if m:
            return None if m.group("array") else _key_parts(m.group("key"))
    return None


def _string_tokens(line: str, start: int) -> list[re.Match[str]]:
    """The one-line string tokens of ``line`` from ``start``, comments excluded."""
    found = []
    for m in _TOML_TOKEN.finditer(line, start):
        token = m.group()
        if token.startswith("#"):
            break
        if token in ('"""', "'''"):
            raise ValueError("a multi-line string")
        found.append(m)
    return found


def _replace_string(line: str, token: re.Match[str], content: str) -> str:
    quote = token.group()[0]
    return line[: token.start()] + quote + content + quote + line[token.end() :]


def _version_key(contents: Sequence[str], header: int) -> int | None:
    """The line index of the ``version`` key in the table whose header is at ``header``."""
    for i in range(header + 1, len(contents)):
        if _TOML_HEADER.match(contents[i]):
            return None
        key = _TOML_KEY.match(contents[i])
        if key and _key_parts(key.group("key")) == ["version"]:
            return i
    return None


def _plan_toml(
    doc: _Doc,
    relpath: str,
    number: int,
    name: str,
    specifier: str,
    *,
    arrays: bool,
    written: str | None = None,
) -> Edit:
    where = f"{relpath}:{number}"
    contents = [c for c, _ in doc.lines]
    index = number - 1
    try:
        old_data = tomllib.loads(doc.text)
    except tomllib.TOMLDecodeError as e:
        raise EditError(f"{relpath}: invalid TOML: {e}") from e
    try:
        index, new, expect = _toml_line(contents, index, name, specifier, arrays, where, written)
    except ValueError as e:  # a value this line-level reader does not take apart
        raise EditError(f"{where}: cannot rewrite this line ({e}): {_BY_HAND}") from e
    if new == contents[index]:
        raise EditError(f"{relpath}:{index + 1}: {name} already reads {written or specifier}")
    edited = [*contents[:index], new, *contents[index + 1 :]]
    new_text = "".join(c + e for c, (_, e) in zip(edited, doc.lines, strict=True))
    try:
        new_data = tomllib.loads(new_text)
    except tomllib.TOMLDecodeError as e:
        raise EditError(f"{where}: the edit would make the TOML invalid ({e}): {_BY_HAND}") from e
    changed = _changes(old_data, new_data)
    if len(changed) != 1 or not expect(_at(new_data, changed[0])):
        raise EditError(f"{where}: cannot rewrite this line safely: {_BY_HAND}")
    return Edit(file=relpath, line=index + 1, old=contents[index], new=new)


def _toml_line(
    contents: Sequence[str],
    index: int,
    name: str,
    specifier: str,
    arrays: bool,
    where: str,
    written: str | None = None,
) -> tuple[int, str, Callable[[Any], bool]]:
    """(line index, new line, check of the changed value) for the declaration at ``index``.
    ``written``: the value to write instead of ``specifier`` in a table entry (Poetry's ``^``)."""
    line = contents[index]
    value_text = written or specifier

    def is_specifier(value: Any) -> bool:
        return isinstance(value, str) and value == value_text

    header = _TOML_HEADER.match(line)
    if header:  # [packages.fastapi] / [tool.poetry.dependencies.fastapi]: edit its version key
        parts = _key_parts(header.group("key"))
        if header.group("array") or len(parts) < 2 or canonicalize_name(parts[-1]) != name:
            raise EditError(f"{where}: the table here is not the entry of {name}")
        for i in range(index + 1, len(contents)):
            if _TOML_HEADER.match(contents[i]):
                break
            key = _TOML_KEY.match(contents[i])
            if key and _key_parts(key.group("key")) == ["version"]:
                at = f"{where.rpartition(':')[0]}:{i + 1}"
                return _toml_line(contents, i, name, specifier, arrays, at, written)
        raise EditError(f"{where}: the table of {name} has no version key to change: {_BY_HAND}")

    key = _TOML_KEY.match(line)
    value_start = key.end() if key else 0
    if key:
        parts = _key_parts(key.group("key"))
        own = _own_key(parts, name, contents, index)
        tokens = _string_tokens(line, value_start)
        if own and tokens and tokens[0].start() == value_start:  # fastapi = "^0.95.1"
            return index, _replace_string(line, tokens[0], value_text), is_specifier
        if own and len(parts) == 1 and line.startswith("{", value_start):  # fastapi = { version = ... }
            return index, _inline_table(line, value_start, tokens, value_text, where), is_specifier
        if own:
            raise EditError(
                f"{where}: the value of {name} is not a version string or inline table: {_BY_HAND}"
            )
    if not arrays:
        raise EditError(f"{where}: no entry for {name} on this line")
    if written is not None:
        raise EditError(f"{where}: {written!r} is not PEP 508, so not for a requirement string")

    # PEP 621 / PEP 735 / tool arrays: requirement strings, one or several on the line.
    mine = []
    for token in _string_tokens(line, value_start):
        value = _toml_value(token.group())
        try:
            if canonicalize_name(Requirement(value).name) == name:
                mine.append((token, value))
        except InvalidRequirement:
            continue
    if not mine:
        raise EditError(f"{where}: no requirement for {name} on this line")
    if len(mine) > 1:
        raise EditError(f"{where}: {len(mine)} requirements for {name} on this line: {_BY_HAND}")
    token, value = mine[0]
    new_content = _rewrite(token.group()[1:-1], name, specifier, where)
    new_value = _toml_value(token.group()[0] + new_content + token.group()[0])
    _check_requirement(value, new_value, name, specifier, where)

    def is_requirement(changed: Any) -> bool:
        return isinstance(changed, str) and changed == new_value

    return index, _replace_string(line, token, new_content), is_requirement


def _inline_table(line: str, start: int, tokens: Sequence[re.Match[str]], specifier: str, where: str) -> str:
    """``line`` with the ``version`` of the inline table at ``start`` set (added if absent)."""
    table = _toml_value(line[start:])
    if not isinstance(table, dict):
        raise EditError(f"{where}: not an inline table")
    if _REFERENCE_KEYS & set(table):
        raise EditError(f"{where}: a VCS, path or URL dependency, not a version: {_BY_HAND}")
    if "version" in table:
        previous = start
        for token in tokens:
            if _INLINE_VERSION.search(line[previous : token.start()]):
                return _replace_string(line, token, specifier)
            previous = token.end()
        raise EditError(f"{where}: cannot find the version key of the inline table: {_BY_HAND}")
    opening = re.compile(r"\{[ \t]*").match(line, start)
    assert opening is not None  # the value starts with "{"
    added = f'version = "{specifier}"' + (", " if table else " ")
    return line[: opening.end()] + added + line[opening.end() :]


# -- diff ---------------------------------------------------------------------------------------


def diff(edit: Edit) -> str:
    """A unified diff of ``edit`` (``---``/``+++`` headers with a/ and b/, one ``@@`` hunk) for a
    diff code block. It has no context lines: only the line that changes (``patch`` applies it)."""
    return (
        f"--- a/{edit.file}\n+++ b/{edit.file}\n"
        f"@@ -{edit.line},1 +{edit.line},1 @@\n-{edit.old}\n+{edit.new}\n"
    )


# -- apply --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Applied:
    """What became of one edit: applied (``ok``) or refused, and a line for the user saying which."""

    edit: Edit
    ok: bool
    message: str


def _shown(line: str) -> str:
    """A manifest line as a message shows it: no comment, hash options, continuation or trailing comma."""
    text = _TRAILING_COMMENT.sub("", line).strip()
    if text.endswith("\\"):
        text = text[:-1].rstrip()
    text = _HASH_RUN.sub("", text).strip()
    return text[:-1].rstrip() if text.endswith(",") else text


def apply_edits(
    checkout: Path, edits: Sequence[Edit], hashes: Callable[[str], list[str]] | None = None
) -> list[Applied]:
    """Apply ``edits`` in place and say, for each (in order), whether it was applied.

    An edit is refused (``ok=False``) when its line no longer equals ``old`` (the file moved on) or
    its file is outside the checkout (a symlink out included). Edits to one file are applied
    together: one read, one atomic write (temporary file and ``os.replace``, file mode kept); the
    encoding, each line's ending and the final newline (or its absence) stay as they were.

    A ``hashed`` edit gets new ``--hash`` options from ``hashes`` (called with the new requirement,
    e.g. ``fastapi==0.108.0``), written in the layout the file uses. Without ``hashes``, or when it
    raises, the hash options stay and the message says they must be regenerated (with the
    command from a pip-compile / uv header, when the file has one).
    """
    results: dict[int, Applied] = {}
    by_file: dict[str, list[int]] = {}
    for i, edit in enumerate(edits):
        by_file.setdefault(edit.file, []).append(i)
    for relpath, indexes in by_file.items():
        doc = _read(checkout, relpath)
        if isinstance(doc, str):
            for i in indexes:
                results[i] = Applied(edits[i], False, f"{relpath}: not applied: {doc}")
            continue
        # Bottom-up, so that hash blocks changing length do not move the lines of later edits.
        changed = False
        for i in sorted(indexes, key=lambda i: (-edits[i].line, i)):
            results[i] = _apply_one(doc, edits[i], hashes)
            changed = changed or results[i].ok
        if not changed:
            continue
        try:
            _write(doc)
        except OSError as e:
            for i in indexes:
                if results[i].ok:
                    message = f"{edits[i].file}:{edits[i].line}: not applied: cannot write the file: {e}"
                    results[i] = Applied(edits[i], False, message)
    return [results[i] for i in range(len(edits))]


def _apply_one(doc: _Doc, edit: Edit, hashes: Callable[[str], list[str]] | None) -> Applied:
    where = f"{edit.file}:{edit.line}"
    if "\n" in edit.new or "\r" in edit.new:
        return Applied(edit, False, f"{where}: not applied: the new text is more than one line")
    if not 1 <= edit.line <= len(doc.lines):
        return Applied(edit, False, f"{where}: not applied: the file has no line {edit.line} now")
    index = edit.line - 1
    current, ending = doc.lines[index]
    if current != edit.old:
        message = f"{where}: not applied: the line now reads {current.strip()!r}, not {edit.old.strip()!r}"
        return Applied(edit, False, message + " (the file changed since the scan)")
    doc.lines[index] = (edit.new, ending)
    message = f"{where}: {_shown(edit.old)} -> {_shown(edit.new)}"
    if edit.hashed:
        message += _rehash(doc, index, hashes)
    return Applied(edit, True, message)


def _rehash(doc: _Doc, index: int, hashes: Callable[[str], list[str]] | None) -> str:
    """Rewrite the hash options of the requirement at ``index``; returns what to add to the message."""
    contents = [c for c, _ in doc.lines]
    end = _continuation_end(contents, index)
    requirement = _requirement_part(contents[index : end + 1])
    stale = "; its --hash values no longer match and must be regenerated"
    command = compiled_header("\n".join(contents[:_HEADER_LINES]))
    stale += f": run `{command}`" if command else " (for example with pip-compile --generate-hashes)"
    if hashes is None:
        return stale
    try:
        parsed = Requirement(requirement)
        new_hashes = list(hashes(f"{parsed.name}{parsed.specifier}"))
        if not new_hashes or not all(_HASH_VALUE.match(h) for h in new_hashes):
            raise HashError(f"unusable hashes {new_hashes[:3]!r}")
    except Exception as e:  # the callback is the caller's: any failure leaves the hashes as they are
        return f"{stale} (new hashes could not be computed: {hide_userinfo(str(e)) or type(e).__name__})"
    options = [f"--hash={h}" for h in new_hashes]
    line, continuation = contents[index], contents[index + 1 : end + 1]
    first_hashes = len(_HASH_OPTION.findall(line))
    run = _HASH_RUN.search(line)
    if continuation and not first_hashes and all(_HASH_LINE.match(c) for c in continuation):
        # pip-compile's layout: one `    --hash=...` per continuation line, ` \` on all but the last
        m = _HASH_LINE.match(continuation[0])
        indent = m.group("indent") if m else "    "
        inner_ending, last_ending = doc.lines[index + 1][1], doc.lines[end][1]
        block = [(f"{indent}{o} \\", inner_ending) for o in options[:-1]]
        doc.lines[index + 1 : end + 1] = [*block, (f"{indent}{options[-1]}", last_ending)]
    elif not continuation and run and len(_HASH_OPTION.findall(run.group())) == first_hashes:
        doc.lines[index] = (line[: run.start()] + " ".join(options) + line[run.end() :], doc.lines[index][1])
    else:
        return f"{stale} (its hash options are laid out in a way not rewritten automatically)"
    return f" ({len(options)} hash{'es' if len(options) > 1 else ''} regenerated)"


def compiled_header(text: str) -> str | None:
    """The command recorded under a pip-compile / uv "autogenerated by" header, if the file has one.

    The header is the repository's text and reports tell people to run it: only a plain command
    line (no shell syntax that could chain another command) is passed on.
    """
    lines = text.splitlines()[:12]
    start = next((i for i, line in enumerate(lines) if "autogenerated by" in line), None)
    if start is None:
        return None
    for line in lines[start + 1 : start + 6]:
        if not line.startswith("#"):
            break
        command = line.lstrip("#").strip()
        if command.startswith(("pip-compile", "uv pip compile")) and _PLAIN_COMMAND.fullmatch(command):
            return hide_userinfo(command)
    return None


# -- hashes from uv -----------------------------------------------------------------------------


def hashes_with_uv(
    uv: str, env: Mapping[str, str], index_url: str | None, python: str | None
) -> Callable[[str], list[str]]:
    """A ``hashes`` callback for ``apply_edits`` backed by ``uv pip compile --no-config --no-deps
    --generate-hashes`` on the single requirement.

    The index URL goes to uv through ``UV_INDEX_URL`` (it may carry credentials), never on the
    command line; ``python`` is a version (``--python-version``) or an interpreter request. Nothing
    is built. The callback raises HashError when uv fails or prints no hashes.
    """
    environ = dict(env)
    if index_url:
        environ["UV_INDEX_URL"] = index_url

    def scrub(text: str) -> str:
        if index_url:
            text = text.replace(index_url, redact(index_url))
        return hide_userinfo(text)

    def compute(requirement: str) -> list[str]:
        try:
            parsed = Requirement(requirement)
        except InvalidRequirement as e:
            raise HashError(f"not a requirement: {requirement!r}") from e
        if parsed.url is not None:
            raise HashError(f"a direct reference has no index hashes: {requirement!r}")
        with tempfile.TemporaryDirectory(prefix="hashes-") as tmp:
            source = Path(tmp) / "requirements.in"
            source.write_text(str(parsed) + "\n", encoding="utf-8")
            cmd = [uv, "pip", "compile", "--no-config", "--no-deps", "--generate-hashes"]
            cmd += ["--no-build", "--no-header", "--no-annotate", "--quiet", str(source)]
            if python:
                cmd += ["--python-version" if re.fullmatch(r"\d+(\.\d+)*", python) else "--python", python]
            try:
                proc = subprocess.run(
                    cmd,
                    cwd=tmp,
                    env=environ,
                    capture_output=True,
                    text=True,
                    timeout=HASH_TIMEOUT,
                    check=False,
                    stdin=subprocess.DEVNULL,
                )
            except (OSError, subprocess.SubprocessError) as e:
                raise HashError(f"cannot run uv: {scrub(str(e))}") from e
        if proc.returncode != 0:
            lines = [ln.strip() for ln in proc.stderr.splitlines() if ln.strip()]
            raise HashError(scrub(" ".join(lines[-6:]) or f"uv exited with {proc.returncode}"))
        found = [m.group("value") for m in _HASH_OPTION.finditer(proc.stdout)]
        if not found:
            raise HashError(f"uv printed no hashes for {requirement}")
        return list(dict.fromkeys(found))

    return compute
