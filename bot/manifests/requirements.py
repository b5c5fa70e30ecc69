"""pip requirements files (``requirements*.txt``), following ``-r`` and ``-c`` includes inside the checkout.

Line handling follows pip's own reader (``pip._internal.req.req_file``): backslash continuations are
joined first (a comment line is never continued), then ``#`` comments at a line start or after
whitespace are stripped, so ``#egg=`` fragments in URLs survive.
"""

from __future__ import annotations

import posixpath
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from bot.manifests._files import read_text, split_lines
from bot.model import Declared, Location, Manifest, ManifestKind, ScanError

MAX_INCLUDE_DEPTH = 32

_COMMENT = re.compile(r"(^|\s+)#.*$")
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://|^file:")
_WINDOWS_PATH = re.compile(r"^[A-Za-z]:[\\/]")
_ARCHIVES = (".whl", ".zip", ".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tar.xz", ".txz", ".tar")
_INCLUDE_OPTIONS = {"-r": False, "--requirement": False, "-c": True, "--constraint": True}


@dataclass
class _State:
    checkout: Path
    root: Path  # the checkout, symlinks resolved
    declared: list[Declared] = field(default_factory=list)
    includes: list[str] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    stack: list[Path] = field(default_factory=list)  # files being read, outermost first
    done: set[tuple[Path, bool]] = field(default_factory=set)  # (file, read as constraints)


def parse_requirements(checkout: Path, relpath: str) -> tuple[Manifest, list[ScanError]]:
    """Parse the pip requirements file ``relpath`` (POSIX, relative to ``checkout``).

    Returns the manifest (requirements from included files carry their own locations, ``-c`` ones
    are marked as constraints) and every problem met; one bad line never stops the rest.
    """
    state = _State(checkout=checkout, root=checkout.resolve())
    text = read_text(checkout, relpath)
    if isinstance(text, ScanError):
        return Manifest(path=relpath, kind=ManifestKind.REQUIREMENTS), [text]
    _parse_file(state, relpath, (checkout / relpath).resolve(), text, constraint=False)
    manifest = Manifest(
        path=relpath,
        kind=ManifestKind.REQUIREMENTS,
        requirements=tuple(state.declared),
        includes=tuple(state.includes),
    )
    return manifest, state.errors


def logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """Yield (line number where it starts, text) for each non-empty logical line, comments removed."""
    start: int | None = None
    parts: list[str] = []
    lines = split_lines(text)
    for number, line in enumerate(lines, start=1):
        is_comment = _COMMENT.match(line) is not None
        if line.endswith("\\") and not is_comment:
            if start is None:
                start = number
            parts.append(line[:-1])
            continue
        if start is not None:
            parts.append(" " + line if is_comment else line)
            joined, first = "".join(parts), start
            start, parts = None, []
        else:
            joined, first = line, number
        stripped = _COMMENT.sub("", joined).strip()
        if stripped:
            yield first, stripped
    if start is not None:
        stripped = _COMMENT.sub("", "".join(parts)).strip()
        if stripped:
            yield start, stripped


def _parse_file(state: _State, relpath: str, real: Path, text: str, constraint: bool) -> None:
    state.stack.append(real)
    state.done.add((real, constraint))
    for number, line in logical_lines(text):
        if line.startswith("-"):
            _options(state, relpath, number, line, constraint)
        else:
            _requirement(state, relpath, number, line, constraint)
    state.stack.pop()


def _options(state: _State, relpath: str, number: int, line: str, constraint: bool) -> None:
    try:
        tokens = shlex.split(line)
    except ValueError as e:
        state.errors.append(ScanError(relpath, f"cannot parse options {line!r}: {e}", number))
        return
    if tokens and tokens[0] in ("-e", "--editable"):
        return  # editable installs are not followed (yet)
    i = 0
    while i < len(tokens):
        token = tokens[i]
        option, target = None, None
        if token in _INCLUDE_OPTIONS:
            option = token
            if i + 1 < len(tokens):
                target = tokens[i + 1]
                i += 1
        elif token.startswith(("--requirement=", "--constraint=")):
            option, _, target = token.partition("=")
        elif token[:2] in ("-r", "-c") and len(token) > 2:
            option, target = token[:2], token[2:]
        i += 1
        if option is None:
            continue  # index, find-links, --pre, hashes...: no effect on what is declared
        if not target:
            state.errors.append(ScanError(relpath, f"{option} without a file name", number))
            continue
        _include(state, relpath, number, option, target, constraint or _INCLUDE_OPTIONS[option])


def _include(state: _State, relpath: str, number: int, option: str, target: str, constraint: bool) -> None:
    shown = f"{option} {target}"
    if _URL.match(target):
        state.errors.append(ScanError(relpath, f"not followed: {shown} is a URL", number))
        return
    lexical = posixpath.normpath(posixpath.join(posixpath.dirname(relpath), target))
    try:
        real = (state.checkout / lexical).resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop on Python 3.11
        state.errors.append(ScanError(relpath, f"cannot resolve {shown}", number))
        return
    if not real.is_relative_to(state.root):
        state.errors.append(ScanError(relpath, f"refused: {shown} resolves outside the checkout", number))
        return
    if not real.exists():
        state.errors.append(ScanError(relpath, f"included file not found: {shown}", number))
        return
    if posixpath.isabs(lexical) or lexical.split("/")[0] == "..":
        lexical = real.relative_to(state.root).as_posix()
    if real in state.stack:
        state.errors.append(ScanError(relpath, f"include loop: {shown} leads back to {lexical}", number))
        return
    if (real, constraint) in state.done:
        return  # already read in this role (diamond includes)
    if len(state.stack) >= MAX_INCLUDE_DEPTH:
        message = f"not followed: {shown} nests includes deeper than {MAX_INCLUDE_DEPTH}"
        state.errors.append(ScanError(relpath, message, number))
        return
    text = read_text(state.checkout, lexical)
    if isinstance(text, ScanError):
        state.errors.append(text)
        return
    if lexical not in state.includes:
        state.includes.append(lexical)
    _parse_file(state, lexical, real, text, constraint)


def _is_url_or_path(text: str) -> bool:
    words = text.split(";", 1)[0].split()
    if not words:
        return False
    first = words[0]
    return bool(
        _URL.match(first)
        or _WINDOWS_PATH.match(first)
        or first.startswith((".", "/", "~"))
        or "/" in first
        or "\\" in first
        or first.lower().endswith(_ARCHIVES)
    )


def _requirement(state: _State, relpath: str, number: int, line: str, constraint: bool) -> None:
    args = []
    for token in line.split():
        if token.startswith("-"):
            break  # per-requirement options (--hash=...) follow the requirement
        args.append(token)
    text = " ".join(args)
    if _is_url_or_path(text):
        return  # URLs, VCS references and local paths are not followed (yet)
    try:
        req = Requirement(text)
    except InvalidRequirement as e:
        reason = str(e).splitlines()[0] if str(e) else "invalid"
        shown = text if len(text) <= 200 else text[:200] + "..."
        state.errors.append(ScanError(relpath, f"invalid requirement {shown!r}: {reason}", number))
        return
    if req.url:
        return  # `name @ URL` direct references: not followed (yet)
    location = Location(relpath, number)
    state.declared.append(Declared(canonicalize_name(req.name), str(req), location, constraint))
