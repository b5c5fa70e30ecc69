"""Find and parse the dependency manifests of a checkout. Parse only: nothing from it is executed."""

from __future__ import annotations

import fnmatch
import os
import posixpath
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from packaging.version import InvalidVersion, Version

from starlette_2093_check.layout import DEFAULT_LAYOUT, MAX_DEPTH, PRUNED, TOO_DEEP, Layout, Skip, is_pruned
from starlette_2093_check.manifests._files import MAX_BYTES, OUTSIDE_SYMLINK
from starlette_2093_check.manifests._python import request_problem
from starlette_2093_check.manifests.conda import parse_conda_environment
from starlette_2093_check.manifests.pdmlock import parse_pdm_lock
from starlette_2093_check.manifests.pipfile import parse_pipfile, parse_pipfile_lock
from starlette_2093_check.manifests.poetrylock import parse_poetry_lock
from starlette_2093_check.manifests.pylock import parse_pylock
from starlette_2093_check.manifests.pyproject import parse_pyproject
from starlette_2093_check.manifests.pythonversion import parse_python_version
from starlette_2093_check.manifests.requirements import (
    is_local_place,
    local_distributions,
    parse_requirements,
)
from starlette_2093_check.manifests.sbom import parse_cyclonedx, parse_spdx, read_sbom
from starlette_2093_check.manifests.setuptools import parse_setup_cfg, parse_setup_py, read_setup_py
from starlette_2093_check.manifests.uvlock import parse_uv_lock
from starlette_2093_check.model import Discovery, Manifest, ManifestKind, ProjectRoot, ScanError, Skipped

__all__ = [
    "MAX_BYTES",
    "discover",
    "parse_conda_environment",
    "parse_pdm_lock",
    "parse_pipfile",
    "parse_pipfile_lock",
    "parse_poetry_lock",
    "parse_pylock",
    "parse_pyproject",
    "parse_python_version",
    "parse_requirements",
    "parse_setup_cfg",
    "parse_setup_py",
    "parse_uv_lock",
    "parser_for",
]

Parser = Callable[[Path, str], tuple[Manifest, list[ScanError]]]

# Directory names discovery never enters (``starlette_2093_check.layout.PRUNED``; kept for older imports).
SKIP_DIRS = PRUNED

_BY_NAME: dict[str, tuple[ManifestKind, Parser]] = {
    "pyproject.toml": (ManifestKind.PYPROJECT, parse_pyproject),
    "setup.cfg": (ManifestKind.SETUP_CFG, parse_setup_cfg),
    "setup.py": (ManifestKind.SETUP_PY, parse_setup_py),
    "Pipfile": (ManifestKind.PIPFILE, parse_pipfile),
    "environment.yml": (ManifestKind.CONDA, parse_conda_environment),
    "environment.yaml": (ManifestKind.CONDA, parse_conda_environment),
    "uv.lock": (ManifestKind.UV_LOCK, parse_uv_lock),
    "poetry.lock": (ManifestKind.POETRY_LOCK, parse_poetry_lock),
    "pdm.lock": (ManifestKind.PDM_LOCK, parse_pdm_lock),
    "pylock.toml": (ManifestKind.PYLOCK, parse_pylock),
    "Pipfile.lock": (ManifestKind.PIPFILE_LOCK, parse_pipfile_lock),
    ".python-version": (ManifestKind.PYTHON_VERSION, parse_python_version),
    # SBOMs by the names their specifications recommend; a bom.json/sbom.json of neither format is
    # some other file (``read_sbom``)
    "bom.json": (ManifestKind.CYCLONEDX, parse_cyclonedx),
    "sbom.json": (ManifestKind.CYCLONEDX, parse_cyclonedx),
}
# (glob, kind, parser), tried in order after the exact names
_BY_PATTERN: tuple[tuple[str, ManifestKind, Parser], ...] = (
    ("requirements*.txt", ManifestKind.REQUIREMENTS, parse_requirements),
    ("requirements*.in", ManifestKind.REQUIREMENTS_IN, parse_requirements),
    ("pylock.*.toml", ManifestKind.PYLOCK, parse_pylock),
    ("*.cdx.json", ManifestKind.CYCLONEDX, parse_cyclonedx),
    ("*.spdx.json", ManifestKind.SPDX, parse_spdx),
)
_REQUIREMENTS_DIR = {
    ".txt": (ManifestKind.REQUIREMENTS, parse_requirements),
    ".in": (ManifestKind.REQUIREMENTS_IN, parse_requirements),
}


def _classify(reldir: str, filename: str) -> tuple[str, ManifestKind, Parser] | None:
    """The root directory a file belongs to and how to parse it, or None if it is no manifest."""
    if reldir != "." and posixpath.basename(reldir) == "requirements":
        found = _REQUIREMENTS_DIR.get(posixpath.splitext(filename)[1])
        if found:
            return (posixpath.dirname(reldir) or "."), *found
    if filename in _BY_NAME:
        return reldir, *_BY_NAME[filename]
    for pattern, kind, parser in _BY_PATTERN:
        if fnmatch.fnmatchcase(filename, pattern):
            return reldir, kind, parser
    return None


def parser_for(relpath: str) -> tuple[ManifestKind, Parser] | None:
    """How discovery parses the file at ``relpath`` (POSIX, relative to the checkout), if it is a manifest."""
    found = _classify(posixpath.dirname(relpath) or ".", posixpath.basename(relpath))
    return None if found is None else found[1:]


def _share_workspace_locks(by_root: dict[str, list[Manifest]]) -> None:
    """Give each uv workspace member the workspace's ``uv.lock``, found by the lock's own record.

    A member has no lock of its own; the nearest ancestor root whose ``uv.lock`` lists the member's
    directory among its projects holds it. The lock is parsed once and shared.
    """
    locks = {
        posixpath.dirname(m.path) or ".": m
        for manifests in by_root.values()
        for m in manifests
        if m.kind is ManifestKind.UV_LOCK and m.lock_projects
    }
    for root, manifests in by_root.items():
        if any(m.kind.is_lock for m in manifests):
            continue
        parent = root
        while parent not in (".", ""):
            parent = posixpath.dirname(parent) or "."
            lock = locks.get(parent)
            if lock is not None and posixpath.relpath(root, parent) in dict(lock.lock_projects):
                manifests.append(lock)
                break


def _join(reldir: str, name: str) -> str:
    return name if reldir == "." else f"{reldir}/{name}"


# Where discovery reads a file differently from ``parser_for``: a ``setup.py`` that calls no
# setuptools/distutils ``setup()`` is an application module, not a manifest (None).
_DISCOVERY_PARSERS: dict[ManifestKind, Callable[[Path, str], tuple[Manifest | None, list[ScanError]]]] = {
    ManifestKind.SETUP_PY: read_setup_py,
    ManifestKind.CYCLONEDX: read_sbom,  # the format is the content's, whatever the name says
    ManifestKind.SPDX: read_sbom,
}


def _parse(
    parser: Parser, kind: ManifestKind, checkout: Path, relpath: str
) -> tuple[Manifest | None, list[ScanError]]:
    """The file's manifest (None when it is no manifest after all) and its errors."""
    try:
        manifest, errors = _DISCOVERY_PARSERS.get(kind, parser)(checkout, relpath)
    except Exception as e:  # last-resort net: one odd file must not end the scan
        error = ScanError(relpath, f"internal error while parsing: {type(e).__name__}: {e}")
        return Manifest(path=relpath, kind=kind), [error]
    return (None, errors) if manifest is None else _checked(manifest, errors, checkout)


def _shown(value: str) -> str:
    return repr(value[:80] + ("…" if len(value) > 80 else ""))


def _checked(manifest: Manifest, errors: list[ScanError], checkout: Path) -> tuple[Manifest, list[ScanError]]:
    """What every parser's result must satisfy before anything uses it, checked in one place.

    Interpreter requests must be version requests (uv runs what a path or a program name names);
    a locked version must be a version (it becomes a pip requirement, a progress line, a cache
    key). A bad locked entry is kept with its ``problem``, so a root that locks the package that
    way is reported as not checked rather than resolved some other way.
    """
    errors = list(errors)
    requests = {"Python": manifest.python_version, "requires-python": manifest.requires_python}
    for what, value in requests.items():
        problem = request_problem(value) if value else None
        if value and problem:
            errors.append(ScanError(manifest.path, f"{what} {_shown(value)} {problem}"))
            requests[what] = None
    locked = []
    for package in manifest.locked:
        try:
            Version(package.version)
        except InvalidVersion:
            if package.problem is None:  # a direct source already says why no version applies
                problem = f"the lock's version {_shown(package.version)} for {package.name} is not a version"
                errors.append(ScanError(manifest.path, problem, package.location.line))
                package = replace(package, problem=problem)
            package = replace(package, version="unknown")
        locked.append(package)
    # A declared index on the disk (file:, a path) is the checkout offering packages itself.
    local = list(manifest.local_files)
    for index in manifest.indexes:
        if is_local_place(index.url):
            found = local_distributions(checkout, index.location, index.url)
            local += [] if isinstance(found, ScanError) else found
    checked = replace(
        manifest,
        python_version=requests["Python"],
        requires_python=requests["requires-python"],
        locked=tuple(locked),
        local_files=tuple(local),
    )
    return checked, errors


def _describes_project(manifest: Manifest, with_errors: set[str]) -> bool:
    """Whether ``manifest`` makes its directory a project root.

    A ``.python-version`` alone does not. A ``pyproject.toml`` or ``setup.cfg`` that only configures
    tools (``[tool.ruff]``, ``[flake8]``) does not either: such a directory is part of the project
    around it, whose code findings it must not take. A file with errors counts: what it says is unknown.
    """
    if manifest.kind is ManifestKind.PYTHON_VERSION:
        return False
    if manifest.kind not in (ManifestKind.PYPROJECT, ManifestKind.SETUP_CFG) or manifest.path in with_errors:
        return True
    return any(
        (
            manifest.requirements,
            manifest.locked,
            manifest.lock_projects,
            manifest.indexes,
            manifest.requires_python,
            manifest.includes,
            manifest.project_name,
            manifest.local_files,
        )
    )


def _local_references(manifests: list[Manifest]) -> set[str]:
    """Directories of the checkout these manifests install from (``-e ./libs/x``, path dependencies)."""
    return {
        d.reference
        for m in manifests
        for d in m.requirements
        if d.reference is not None and "://" not in d.reference
    }


def _skipped(pending: dict[str, list[tuple[str, Skip]]], scanned: set[str]) -> tuple[Skipped, ...]:
    """The skipped manifests that nothing read after all, by the directory their rule named."""
    grouped: dict[Skip, list[str]] = {}
    for files in pending.values():
        for relpath, why in files:
            if relpath not in scanned and posixpath.basename(relpath) != ".python-version":
                grouped.setdefault(why, []).append(relpath)
    return tuple(
        Skipped(why.path, why.pattern, tuple(sorted(files)))
        for why, files in sorted(grouped.items(), key=lambda item: item[0].path)
    )


def discover(checkout: Path, layout: Layout = DEFAULT_LAYOUT) -> Discovery:
    """Walk ``checkout`` (not following directory symlinks), parse every manifest, group them by root.

    A root is a directory with a manifest that describes a project (``_describes_project``): a
    ``.python-version``, a tool-only ``pyproject.toml``/``setup.cfg`` or a ``setup.py`` that calls no
    ``setup()`` makes none. ``*.txt`` and ``*.in`` files in a ``requirements/`` directory belong to
    its parent; a uv workspace member also gets the workspace's lock. Directories the ``layout``
    skips (test trees, fixtures, data, vendored code, ...) are walked but their manifests are not
    read: they are listed in ``skipped``, unless a project read here installs that directory
    (``-e ./vendor/x``), which then is read as a root. Every file is parsed once. Errors from
    every parser are collected, never raised.
    """
    root_real = checkout.resolve()
    by_root: dict[str, list[Manifest]] = {}
    scanned: set[str] = set()
    errors: list[ScanError] = []
    # Manifests under skipped directories, by the root they would belong to: (path, why skipped).
    pending: dict[str, list[tuple[str, Skip]]] = {}
    states: dict[str, Skip | None] = {".": None}

    def on_walk_error(e: OSError) -> None:
        try:
            where = Path(e.filename).relative_to(checkout).as_posix()
        except (TypeError, ValueError):
            where = "."
        errors.append(ScanError(where, f"cannot list directory: {e.strerror or e}"))

    def named_in_utf8(reldir: str, name: str) -> bool:
        """A name that is not UTF-8 (a lone surrogate here) could not be reported, posted or
        printed: it is an error, under its name with the odd bytes escaped, and is not read."""
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:
            shown = os.fsencode(_join(reldir, name)).decode("utf-8", "backslashreplace")
            errors.append(ScanError(shown, "the name is not valid UTF-8; not read"))
            return False
        return True

    def read(relpath: str, root: str, kind: ManifestKind, parser: Parser) -> None:
        full = os.path.join(checkout, relpath)
        if os.path.islink(full) and not Path(os.path.realpath(full)).is_relative_to(root_real):
            errors.append(ScanError(relpath, OUTSIDE_SYMLINK))
            return
        manifest, file_errors = _parse(parser, kind, checkout, relpath)
        errors.extend(file_errors)
        if manifest is None:
            return
        scanned.add(relpath)
        scanned.update(manifest.includes)
        by_root.setdefault(root, []).append(manifest)

    for dirpath, dirnames, filenames in os.walk(checkout, onerror=on_walk_error, followlinks=False):
        reldir = Path(dirpath).relative_to(checkout).as_posix()
        state = states.pop(reldir, None)
        dirnames[:] = sorted(d for d in dirnames if not is_pruned(dirpath, d) and named_in_utf8(reldir, d))
        if dirnames and reldir.count("/") + 1 >= MAX_DEPTH:
            errors.append(ScanError(reldir, TOO_DEEP))
            dirnames[:] = []
        for d in dirnames:
            states[_join(reldir, d)] = layout.decide(_join(reldir, d), True, state)
        for filename in sorted(filenames):
            if _classify(reldir, filename) is not None and not named_in_utf8(reldir, filename):
                continue
            found = _classify(reldir, filename)
            if found is None:
                continue
            root, kind, parser = found
            relpath = _join(reldir, filename)
            why = layout.decide(relpath, False, state)
            if why is not None:
                pending.setdefault(root, []).append((relpath, why))
            else:
                read(relpath, root, kind, parser)

    # A skipped directory that a project read here installs from is part of that project's answer.
    followed: set[str] = set()
    while wanted := (_local_references([m for ms in by_root.values() for m in ms]) & set(pending)) - followed:
        for root in sorted(wanted):
            followed.add(root)
            for relpath, _ in pending[root]:
                found = _classify(posixpath.dirname(relpath) or ".", posixpath.basename(relpath))
                assert found is not None
                read(relpath, root, found[1], found[2])

    _share_workspace_locks(by_root)
    with_errors = {e.file for e in errors}
    roots = tuple(
        ProjectRoot(path, tuple(sorted(manifests, key=lambda m: m.path)))
        for path, manifests in sorted(by_root.items())
        if any(_describes_project(m, with_errors) for m in manifests)
    )
    return Discovery(
        roots=roots,
        scanned=tuple(sorted(scanned)),
        errors=tuple(sorted(errors, key=lambda e: (e.file, e.line or 0, e.message))),
        skipped=_skipped({r: f for r, f in pending.items() if r not in followed}, scanned),
    )
