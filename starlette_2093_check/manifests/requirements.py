"""pip requirements files (``requirements*.txt``), following ``-r`` and ``-c`` includes inside the checkout.

Line handling follows pip's own reader (``pip._internal.req.req_file``): backslash continuations are
joined first (a comment line is never continued), then ``#`` comments at a line start or after
whitespace are stripped, so ``#egg=`` fragments in URLs survive.
"""

from __future__ import annotations

import functools
import os
import posixpath
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    canonicalize_name,
    parse_sdist_filename,
    parse_wheel_filename,
)

from starlette_2093_check.manifests._files import note_missing, read_text, split_lines
from starlette_2093_check.manifests._index import index_source
from starlette_2093_check.model import Declared, IndexSource, Location, Manifest, ManifestKind, ScanError
from starlette_2093_check.urls import redact

MAX_INCLUDE_DEPTH = 32

_COMMENT = re.compile(r"(^|\s+)#.*$")
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://|^file:")
_WINDOWS_PATH = re.compile(r"^[A-Za-z]:[\\/]")
_ARCHIVES = (".whl", ".zip", ".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tar.xz", ".txz", ".tar")
_INCLUDE_OPTIONS = {"-r": False, "--requirement": False, "-c": True, "--constraint": True}
_SHORT_NAME = {"--requirement": "-r", "--constraint": "-c"}
MAX_FIND_LINKS = 10_000  # entries of a --find-links directory looked at
_EGG = re.compile(r"[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)")
_VIA = re.compile(r"^#\s*via\b\s*(.*)$")
_INLINE_VIA = re.compile(r"\s#\s*via\s+(.+)$")


@dataclass
class _State:
    checkout: Path
    root: Path  # the checkout, symlinks resolved
    declared: list[Declared] = field(default_factory=list)
    includes: list[str] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    stack: list[Path] = field(default_factory=list)  # files being read, outermost first
    done: set[tuple[Path, bool]] = field(default_factory=set)  # (file, read as constraints)
    indexes: list[IndexSource] = field(default_factory=list)
    via: dict[int, tuple[str, ...]] = field(default_factory=dict)  # of the file being read
    local_files: list[tuple[str, str, Location]] = field(default_factory=list)  # --find-links dirs


@dataclass(frozen=True)
class RequirementLines:
    """What a run of requirement lines declared (for formats that embed them, such as conda's pip:)."""

    declared: tuple[Declared, ...]
    indexes: tuple[IndexSource, ...]
    includes: tuple[str, ...]
    errors: tuple[ScanError, ...]
    local_files: tuple[tuple[str, str, Location], ...] = ()


def parse_requirements(checkout: Path, relpath: str) -> tuple[Manifest, list[ScanError]]:
    """Parse the pip requirements file ``relpath`` (POSIX, relative to ``checkout``).

    Returns the manifest (requirements from included files carry their own locations, ``-c`` ones
    are marked as constraints) and every problem met; one bad line never stops the rest.
    """
    kind = ManifestKind.REQUIREMENTS_IN if relpath.endswith(".in") else ManifestKind.REQUIREMENTS
    state = _State(checkout=checkout, root=checkout.resolve())
    text = read_text(checkout, relpath)
    if isinstance(text, ScanError):
        return Manifest(path=relpath, kind=kind), [text]
    _parse_file(state, relpath, (checkout / relpath).resolve(), text, constraint=False)
    manifest = Manifest(
        path=relpath,
        kind=kind,
        requirements=tuple(state.declared),
        includes=tuple(state.includes),
        indexes=tuple(state.indexes),
        local_files=tuple(state.local_files),
    )
    return manifest, state.errors


def parse_requirement_lines(checkout: Path, relpath: str, lines: list[tuple[int, str]]) -> RequirementLines:
    """Parse requirement-file lines embedded in another manifest (``relpath``), each with its line.

    Options work as in a requirements file: ``-r``/``-c`` are followed relative to ``relpath``'s
    directory, index options are collected, editable and URL lines become direct references.
    """
    state = _State(checkout=checkout, root=checkout.resolve())
    state.stack.append((checkout / relpath).resolve())
    for number, line in lines:
        for _, logical in logical_lines(line):
            if logical.startswith("-"):
                _options(state, relpath, number, logical, constraint=False)
            else:
                _requirement(state, relpath, number, logical, constraint=False)
    return RequirementLines(
        tuple(state.declared),
        tuple(state.indexes),
        tuple(state.includes),
        tuple(state.errors),
        tuple(state.local_files),
    )


def declare(
    relpath: str,
    line: int | None,
    text: str,
    *,
    checkout: Path,
    group: str | None = None,
    editable: bool = False,
) -> Declared | ScanError | None:
    """One requirement string (PEP 508, a URL, a VCS reference or a local path) as a ``Declared``.

    Returns None for a reference whose name cannot be known without building it (a bare URL or
    remote VCS reference with no ``#egg=``); such lines are not errors.
    """
    location = Location(relpath, line)
    if _is_url_or_path(text):
        return _reference(checkout, location, text, group=group, editable=editable)
    parsed = _parse_requirement(text)
    if isinstance(parsed, str):
        shown = text if len(text) <= 200 else text[:200] + "..."
        return ScanError(relpath, f"invalid requirement {shown!r}: {parsed}", line)
    name, normal, url = parsed
    if url:
        reference = normalise_reference(checkout, location, url)
        if isinstance(reference, ScanError):
            return reference
        shown = normal.replace(url, redact(url))
        return Declared(name, shown, location, group=group, reference=reference, editable=editable)
    return Declared(name, normal, location, group=group, editable=editable)


@functools.lru_cache(maxsize=8192)
def _parse_requirement(text: str) -> tuple[str, str, str | None] | str:
    """(canonical name, normalised PEP 508 text, URL) or the reason it is invalid.

    Cached: a monorepo repeats the same requirement strings across its projects, and parsing
    them is most of the time discovery spends on requirement files.
    """
    try:
        req = Requirement(text)
    except InvalidRequirement as e:
        return str(e).splitlines()[0] if str(e) else "invalid"
    return canonicalize_name(req.name), str(req), req.url


def normalise_reference(checkout: Path, location: Location, target: str) -> str | ScanError:
    """A remote reference as a credential-free URL; a local one as a checkout-relative directory."""
    local = target[5:] if target.startswith("file:") and not target.startswith("file://") else target
    if target.startswith("file://"):
        local = target[7:]
    if _URL.match(local) or local.startswith("git+") or "://" in local:
        return redact(target)
    local = local.split("#", 1)[0]
    if posixpath.isabs(local) or _WINDOWS_PATH.match(local) or local.startswith("~"):
        return ScanError(location.file, f"not followed: {target!r} is an absolute path", location.line)
    lexical = posixpath.normpath(posixpath.join(posixpath.dirname(location.file), local))
    try:
        real = (checkout / lexical).resolve()
    except (OSError, RuntimeError, ValueError):
        return ScanError(location.file, f"cannot resolve local path {target!r}", location.line)
    if not real.is_relative_to(checkout.resolve()):
        return ScanError(location.file, f"refused: local path {target!r} leaves the checkout", location.line)
    return real.relative_to(checkout.resolve()).as_posix() or "."


def _reference(
    checkout: Path, location: Location, text: str, *, group: str | None, editable: bool
) -> Declared | ScanError | None:
    target = text.split(";", 1)[0].strip().split()[0]
    reference = normalise_reference(checkout, location, target)
    if isinstance(reference, ScanError):
        return reference
    name = ""
    egg = _EGG.search(target)
    filename = posixpath.basename(target.split("#", 1)[0].split("?", 1)[0])
    if egg:
        name = canonicalize_name(egg.group(1).split("-")[0] if "-" in egg.group(1) else egg.group(1))
    elif filename.endswith(".whl"):
        try:
            name = parse_wheel_filename(filename)[0]
        except InvalidWheelFilename:
            name = ""
    else:
        try:
            name = parse_sdist_filename(filename)[0]
        except InvalidSdistFilename:
            name = ""
    if not name and "://" in reference:
        return None  # a remote reference we could only name by building it
    shown = redact(target) if "://" in target else target
    return Declared(name, shown, location, group=group, reference=reference, editable=editable)


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


def via_annotations(text: str) -> dict[int, tuple[str, ...]]:
    """Parents recorded by pip-compile / ``uv pip compile`` after each requirement (by its first line).

    Both styles are read: ``# via a, b`` at the end of the line, and a ``# via`` comment block
    under it. Entries naming a requirements file (``-r requirements.in``) are left out: a package
    with only those is a direct dependency, and gets an empty tuple.
    """
    found: dict[int, list[str]] = {}
    current: int | None = None
    in_via = continued = False
    for number, raw in enumerate(split_lines(text), start=1):
        stripped = raw.strip()
        if not stripped:
            current, in_via, continued = None, False, False
            continue
        if stripped.startswith("#"):
            if current is None:
                continue
            body = stripped.lstrip("#").strip()
            m = _VIA.match("#" + body) if body.startswith("via") else None
            if m:
                in_via = True
                found.setdefault(current, []).extend(_via_items(m.group(1)))
            elif in_via and body:
                found.setdefault(current, []).extend(_via_items(body))
            continue
        if not continued:
            current = None if stripped.startswith("-") else number
            in_via = False
        continued = stripped.endswith("\\")
        inline = _INLINE_VIA.search(raw)
        if inline and current is not None:
            found.setdefault(current, []).extend(_via_items(inline.group(1)))
    return {line: tuple(dict.fromkeys(names)) for line, names in found.items()}


def _via_items(text: str) -> list[str]:
    items = [t.strip() for t in text.split(",")]
    return [canonicalize_name(t.split()[0]) for t in items if t and not t.startswith("-") and " " not in t]


def _parse_file(state: _State, relpath: str, real: Path, text: str, constraint: bool) -> None:
    state.stack.append(real)
    state.done.add((real, constraint))
    outer_via, state.via = state.via, via_annotations(text) if "via" in text else {}
    for number, line in logical_lines(text):
        if line.startswith("-"):
            _options(state, relpath, number, line, constraint)
        else:
            _requirement(state, relpath, number, line, constraint)
    state.via = outer_via
    state.stack.pop()


# The options pip reads in a requirements file (pip's SUPPORTED_OPTIONS and per-requirement ones),
# long name → (short name, takes a value). pip's parser (optparse) also takes any unambiguous
# prefix of a long name ("--edit") and a short option's value attached ("-e./vendor/x").
_PIP_OPTIONS: dict[str, tuple[str | None, bool]] = {
    "--index-url": ("-i", True),
    "--extra-index-url": (None, True),
    "--no-index": (None, False),
    "--constraint": ("-c", True),
    "--requirement": ("-r", True),
    "--editable": ("-e", True),
    "--find-links": ("-f", True),
    "--no-binary": (None, True),
    "--only-binary": (None, True),
    "--prefer-binary": (None, False),
    "--require-hashes": (None, False),
    "--pre": (None, False),
    "--trusted-host": (None, True),
    "--use-feature": (None, True),
    "--hash": (None, True),
    "--global-option": (None, True),
    "--config-settings": (None, True),
}
_SHORT = {short: name for name, (short, _) in _PIP_OPTIONS.items() if short}


def _pip_options(tokens: list[str]) -> list[tuple[str, str]] | str:
    """``tokens`` as pip reads them: (long option name, value or ""), or why they are not options."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        i += 1
        if token.startswith("--"):
            given, eq, value = token.partition("=")
            names = [given] if given in _PIP_OPTIONS else [n for n in _PIP_OPTIONS if n.startswith(given)]
            if len(names) != 1:
                return f"unknown option {given!r}" if not names else f"ambiguous option {given!r}"
            name = names[0]
        elif token.startswith("-") and token[:2] in _SHORT:
            name, eq, value = _SHORT[token[:2]], "", token[2:]
            eq = "=" if value else ""
        else:
            return (
                f"unknown option {token[:40]!r}"
                if token.startswith("-")
                else f"{token[:40]!r} is not an option"
            )
        takes_value = _PIP_OPTIONS[name][1]
        if takes_value and not eq:
            if i >= len(tokens):
                return f"{name} without a value"
            value, i = tokens[i], i + 1
        elif not takes_value and eq:
            return f"{name} takes no value"
        out.append((name, value))
    return out


def _options(state: _State, relpath: str, number: int, line: str, constraint: bool) -> None:
    """An option line, read as pip reads it; an option pip would not read is an error, never
    skipped (it could be one that installs something from the checkout)."""
    try:
        tokens = shlex.split(line)
    except ValueError as e:
        state.errors.append(ScanError(relpath, f"cannot parse options {line!r}: {e}", number))
        return
    parsed = _pip_options(tokens)
    if isinstance(parsed, str):
        state.errors.append(ScanError(relpath, f"cannot read the options on this line: {parsed}", number))
        return
    for name, value in parsed:
        if name == "--editable":
            _add(state, declare(relpath, number, value, checkout=state.checkout, editable=True), constraint)
        elif name in ("--index-url", "--extra-index-url"):
            if "://" not in value:  # a directory as an index (pip takes one): what the checkout offers
                _find_links(state, relpath, number, value)  # (file: URLs: discovery, as for every format)
            primary = name == "--index-url"
            source, error = index_source(value, Location(relpath, number), primary=primary)
            state.indexes += [source] if source else []
            state.errors += [error] if error else []
        elif name == "--find-links":
            _find_links(state, relpath, number, value)
        elif name in ("--requirement", "--constraint"):
            option = _SHORT_NAME[name]
            _include(state, relpath, number, option, value, constraint or _INCLUDE_OPTIONS[option])
        # --no-index, --pre, --hash, binaries, hosts...: no effect on what is declared


def _find_links(state: _State, relpath: str, number: int, place: str) -> None:
    """``--find-links DIR``: what a local directory of the checkout offers (a URL is not followed)."""
    found = local_distributions(state.checkout, Location(relpath, number), place)
    if isinstance(found, ScanError):
        state.errors.append(found)
    else:
        state.local_files += found


def is_local_place(place: str) -> bool:
    """Whether an index or find-links location is on the disk (``file:``, a path), not a server."""
    return place.startswith("file:") or not _URL.match(place)


def local_distributions(
    checkout: Path, location: Location, place: str
) -> list[tuple[str, str, Location]] | ScanError:
    """The distribution files in a local find-links directory ``place`` (relative to the file at
    ``location``): (canonical name, checkout-relative file, ``location``). Only names are read.
    A URL gives nothing: it is not followed."""
    if not place or not is_local_place(place):
        return []
    found = normalise_reference(checkout, location, place)
    if isinstance(found, ScanError):
        # A local directory this check cannot look into (an absolute path, one outside the
        # checkout): any package may come from there. "*" stands for every name.
        return [("*", f"the local directory {place!r}", location)]
    try:
        with os.scandir(checkout / found) as entries:
            names = [e.name for _, e in zip(range(MAX_FIND_LINKS), entries, strict=False)]
    except OSError:
        return []
    offered: list[tuple[str, str, Location]] = []
    for name in sorted(names):
        if (checkout / found / name).is_dir():  # a local simple index: one directory per project
            offered.append((canonicalize_name(name), f"{found}/{name}/", location))
            continue
        try:
            dist = parse_wheel_filename(name)[0] if name.endswith(".whl") else parse_sdist_filename(name)[0]
        except (InvalidWheelFilename, InvalidSdistFilename):
            continue
        offered.append((canonicalize_name(dist), f"{found}/{name}", location))
    return offered


def _include(state: _State, relpath: str, number: int, option: str, target: str, constraint: bool) -> None:
    shown = f"{option} {target}"
    if _URL.match(target):
        state.errors.append(ScanError(relpath, f"not followed: {shown} is a URL", number))
        return
    lexical = posixpath.normpath(posixpath.join(posixpath.dirname(relpath), target))
    try:
        real = (state.checkout / lexical).resolve()
    except (OSError, RuntimeError, ValueError):  # RuntimeError: a symlink loop on Python 3.11
        state.errors.append(ScanError(relpath, f"cannot resolve {shown}", number))
        return
    if not real.is_relative_to(state.root):
        state.errors.append(ScanError(relpath, f"refused: {shown} resolves outside the checkout", number))
        return
    if not real.exists():
        note_missing(lexical)
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
    _add(state, declare(relpath, number, " ".join(args), checkout=state.checkout), constraint)


def _add(state: _State, found: Declared | ScanError | None, constraint: bool) -> None:
    if isinstance(found, ScanError):
        state.errors.append(found)
    elif found is not None:
        line = found.location.line
        via = state.via.get(line, ()) if line is not None else ()
        state.declared.append(replace(found, constraint=constraint, via=via))
