"""Installed environments as the ground truth of what is deployed: ``pip freeze`` / ``uv pip freeze``
output, and a ``site-packages`` directory (an image's, mounted into the action).

Both are read as text only: a distribution's ``METADATA`` (``PKG-INFO`` for ``.egg-info``) with the
standard library's header parser. Nothing in the environment is imported or run, and a symlink that
leaves the directory is not followed.
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import os
import posixpath
import re
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    canonicalize_name,
    parse_sdist_filename,
    parse_wheel_filename,
)

from starlette_2093_check.manifests._deployed import MAX_ENTRIES, Entry, locked_packages
from starlette_2093_check.manifests._files import decode_text, read_regular, read_text, split_lines
from starlette_2093_check.model import Location, Manifest, ManifestKind, ScanError

Parsed = tuple[Manifest, list[ScanError]]

OUTSIDE_DIRECTORY = "refused: symlink points outside the site-packages directory"
_COMMENT = re.compile(r"(^|\s)#.*$")
_PIN = re.compile(r"^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*===?\s*(.*?)\s*$")
# pip's comment before an editable install it cannot describe as a URL: "(name==version)"
_PIP_EDITABLE = re.compile(r"^#\s*Editable\b.*\(([A-Za-z0-9._-]+)==([^)\s]+)\)")
NOT_RELEASE = "not a release from the package index, so it was not checked"
_EGG = re.compile(r"[#&]egg=([A-Za-z0-9._-]+)")
MAX_REQUIRES = 1000  # Requires-Dist headers read per distribution (they only give the via chain)


def _released_file(name: str, url: str) -> str | None:
    """The version of a wheel or sdist the URL names, when it is ``name``'s (a release file)."""
    filename = url.split("#", 1)[0].split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    try:
        if filename.endswith(".whl"):
            found, version, _, _ = parse_wheel_filename(filename)
        else:
            found, version = parse_sdist_filename(filename)
    except (InvalidWheelFilename, InvalidSdistFilename):
        return None
    return str(version) if found == canonicalize_name(name) else None


def _editable(line: str, previous: str, where: Location) -> Entry:
    target = line.split(None, 1)[1].strip() if len(line.split(None, 1)) > 1 else ""
    comment = _PIP_EDITABLE.match(previous)
    egg = _EGG.search(target)
    if comment:
        name, version = comment.group(1), comment.group(2)
    else:
        name = (
            egg.group(1)
            if egg
            else posixpath.basename(target.split("#", 1)[0].rstrip("/")).removesuffix(".git")
        )
        version = None
    problem = (
        f"installed in editable mode from {target[:200]}: its code is a working copy, not a release "
        "from the package index, so it was not checked"
    )
    return Entry(canonicalize_name(name or target or "unknown"), version, where, problem=problem)


def freeze_entries(text: str, relpath: str) -> tuple[list[Entry], list[ScanError]]:
    """The packages ``pip freeze`` / ``uv pip freeze`` output lists, each at its line.

    ``name==version`` lines; ``name @ url`` (a direct reference: the version of a wheel or sdist
    it names, else not checked); ``-e`` editable installs (not checked). A line that is none of
    these is an error at its line.
    """
    entries: list[Entry] = []
    errors: list[ScanError] = []
    previous = ""
    for number, raw in enumerate(split_lines(text), start=1):
        line = raw.strip()
        where = Location(relpath, number)
        if not line or line.startswith("#"):
            previous = line or previous
            continue
        if len(entries) >= MAX_ENTRIES:
            errors.append(
                ScanError(relpath, f"more than {MAX_ENTRIES} packages: the rest were not read", number)
            )
            break
        if line.startswith(("-e ", "--editable ", "--editable=")):
            entries.append(_editable(line.replace("--editable=", "-e ", 1), previous, where))
        elif line.startswith("-"):
            errors.append(ScanError(relpath, f"not a package line of freeze output: {line[:80]!r}", number))
        elif (pin := _PIN.match(_COMMENT.sub("", line).split(";", 1)[0].strip())) is not None:
            entries.append(Entry(canonicalize_name(pin.group(1)), pin.group(2), where))
        else:
            try:
                req = Requirement(_COMMENT.sub("", line))
            except InvalidRequirement as e:
                reason = str(e).splitlines()[0] if str(e) else "invalid"
                errors.append(
                    ScanError(relpath, f"not a name==version line: {line[:80]!r} ({reason})", number)
                )
                previous = ""
                continue
            if req.url is None:
                errors.append(ScanError(relpath, f"no exact version: {line[:80]!r}", number))
            else:
                version = _released_file(req.name, req.url)
                problem = None if version else (f"installed from {req.url[:200]}, {NOT_RELEASE}")
                entries.append(Entry(canonicalize_name(req.name), version, where, problem=problem))
        previous = ""
    return entries, errors


def parse_freeze(checkout: Path, relpath: str) -> Parsed:
    """Parse ``relpath`` as ``pip freeze`` output: the complete installed set, no resolution."""
    text = read_text(checkout, relpath)
    if isinstance(text, ScanError):
        return Manifest(relpath, ManifestKind.FREEZE), [text]
    return freeze_from_text(text, relpath)


def freeze_from_text(text: str, relpath: str) -> Parsed:
    """The freeze output in ``text`` as a manifest of the whole installed set."""
    entries, errors = freeze_entries(text, relpath)
    locked, more = locked_packages(entries, f"the environment {relpath}")
    return Manifest(relpath, ManifestKind.FREEZE, locked=locked), [*errors, *more]


# -- site-packages ----------------------------------------------------------------------------------


def _inside(path: str, top: str) -> bool:
    real = os.path.realpath(path)
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def _metadata_path(full: str, name: str) -> str:
    if name.endswith(".dist-info"):
        return os.path.join(full, "METADATA")
    return os.path.join(full, "PKG-INFO") if os.path.isdir(full) else full  # an .egg-info file is PKG-INFO


def _header_line(text: str, header: str) -> int | None:
    prefix = header.lower() + ":"
    for number, line in enumerate(split_lines(text), start=1):
        if not line.strip():
            return None  # the headers end at the first blank line
        if line.lower().startswith(prefix):
            return number
    return None


def _direct_url(full: str, shown: str) -> str | None:
    """Why a distribution is no release, from its ``direct_url.json`` (PEP 610): a VCS checkout or a
    local directory. An archive (a wheel or sdist file) is taken for the release it is."""
    path = os.path.join(full, "direct_url.json")
    if not os.path.isfile(path) or not _inside(path, os.path.realpath(full)):
        return None
    data = read_regular(path, shown)
    try:
        record = json.loads(data) if isinstance(data, bytes) else None
    except (ValueError, RecursionError):
        record = None
    if not isinstance(record, dict):
        return None
    url = str(record.get("url", ""))[:200]
    if isinstance(record.get("vcs_info"), dict):
        return f"installed from a VCS checkout ({url}), {NOT_RELEASE}"
    if isinstance(record.get("dir_info"), dict):
        how = "in editable mode " if record["dir_info"].get("editable") else ""
        return f"installed {how}from a local directory ({url}), {NOT_RELEASE}"
    return None


def _distribution(directory: str, top: str, name: str, shown: str) -> tuple[Entry | None, list[ScanError]]:
    """One ``*.dist-info`` / ``*.egg-info`` entry of the directory, read from its metadata file."""
    full = os.path.join(directory, name)
    meta = _metadata_path(full, name)
    where = (
        posixpath.join(shown, name, os.path.basename(meta)) if meta != full else posixpath.join(shown, name)
    )
    stem = name.rsplit(".", 1)[0]
    fallback = canonicalize_name(stem.split("-", 1)[0])
    if not _inside(full, top) or not _inside(meta, top):
        problem = f"its metadata ({where}) is a symlink out of the directory, so it was not checked"
        return Entry(fallback, None, Location(where), problem=problem), [ScanError(where, OUTSIDE_DIRECTORY)]
    data = read_regular(meta, where)
    text = data if isinstance(data, ScanError) else decode_text(data, where)
    if isinstance(text, ScanError):
        problem = f"its metadata ({where}) could not be read, so it was not checked"
        return Entry(fallback, None, Location(where), problem=problem), [text]
    headers = email.parser.HeaderParser(policy=email.policy.compat32).parsestr(text)
    declared = headers.get("Name")
    if not isinstance(declared, str) or not declared.strip():
        problem = f"its metadata ({where}) names no package, so it was not checked"
        return Entry(fallback, None, Location(where, 1), problem=problem), [
            ScanError(where, "no Name header", 1)
        ]
    version = headers.get("Version")
    dependencies = []
    requires = headers.get_all("Requires-Dist") or []
    errors = []
    if len(requires) > MAX_REQUIRES:
        message = f"more than {MAX_REQUIRES} Requires-Dist headers: the rest were not read"
        errors.append(ScanError(where, message, _header_line(text, "Requires-Dist")))
    for value in requires[:MAX_REQUIRES]:
        try:
            dependencies.append(canonicalize_name(Requirement(str(value)).name))
        except InvalidRequirement:
            continue  # an installer wrote it; a bad one only costs an edge of the via chain
    line = _header_line(text, "Version") or _header_line(text, "Name")
    entry = Entry(
        canonicalize_name(declared.strip()),
        str(version).strip() if version is not None else None,
        Location(where, line),
        tuple(dependencies),
        _direct_url(full, where) if name.endswith(".dist-info") else None,
    )
    return entry, errors


def read_site_packages(directory: Path, shown: str) -> Parsed:
    """The distributions installed in ``directory`` (a ``site-packages``), shown as ``shown`` in
    reports: each ``*.dist-info`` and ``*.egg-info`` read from its metadata, located at its
    ``Version:`` line. A symlink out of the directory is refused; nothing is imported or run."""
    manifest = Manifest(shown, ManifestKind.SITE_PACKAGES)
    top = os.path.realpath(directory)
    try:
        names = sorted(e.name for e in os.scandir(top) if e.name.endswith((".dist-info", ".egg-info")))
    except OSError as e:
        return manifest, [ScanError(shown, f"cannot list directory: {e.strerror or e}")]
    entries: list[Entry] = []
    errors: list[ScanError] = []
    if not names:
        errors.append(ScanError(shown, "no *.dist-info or *.egg-info here: not a site-packages directory"))
    read: set[str] = set()
    for name in names[:MAX_ENTRIES]:
        real = os.path.realpath(os.path.join(top, name))
        if real in read:  # a symlink to a distribution already read: one distribution, read once
            continue
        read.add(real)
        entry, found = _distribution(top, top, name, shown)
        errors += found
        if entry is not None:
            entries.append(entry)
    if len(names) > MAX_ENTRIES:
        errors.append(ScanError(shown, f"more than {MAX_ENTRIES} distributions: the rest were not read"))
    locked, more = locked_packages(entries, f"the environment {shown}")
    return Manifest(shown, ManifestKind.SITE_PACKAGES, locked=locked), [*errors, *more]


def site_packages_of(directory: Path) -> Path | None:
    """The ``site-packages`` of a virtual environment's directory (one ``pyvenv.cfg`` holds), when it
    has exactly one; None otherwise."""
    if not (directory / "pyvenv.cfg").is_file():
        return None
    found = [*directory.glob("lib/python*/site-packages"), *directory.glob("Lib/site-packages")]
    return found[0] if len(found) == 1 else None
