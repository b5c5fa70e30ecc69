"""Find and parse the dependency manifests of a checkout. Parse only: nothing from it is executed."""

from __future__ import annotations

import fnmatch
import os
import posixpath
from collections.abc import Callable
from pathlib import Path

from bot.manifests._files import MAX_BYTES, OUTSIDE_SYMLINK
from bot.manifests.poetrylock import parse_poetry_lock
from bot.manifests.pyproject import parse_pyproject
from bot.manifests.pythonversion import parse_python_version
from bot.manifests.requirements import parse_requirements
from bot.manifests.uvlock import parse_uv_lock
from bot.model import Discovery, Manifest, ManifestKind, ProjectRoot, ScanError

__all__ = [
    "MAX_BYTES",
    "discover",
    "parse_poetry_lock",
    "parse_pyproject",
    "parse_python_version",
    "parse_requirements",
    "parse_uv_lock",
]

Parser = Callable[[Path, str], tuple[Manifest, list[ScanError]]]

SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        "node_modules",
        "site-packages",
        "__pycache__",
        ".tox",
        ".nox",
        ".venv",
        "venv",
        ".mypy_cache",
        ".pytest_cache",
    }
)

_BY_NAME: dict[str, tuple[ManifestKind, Parser]] = {
    "pyproject.toml": (ManifestKind.PYPROJECT, parse_pyproject),
    "uv.lock": (ManifestKind.UV_LOCK, parse_uv_lock),
    "poetry.lock": (ManifestKind.POETRY_LOCK, parse_poetry_lock),
    ".python-version": (ManifestKind.PYTHON_VERSION, parse_python_version),
}
_REQUIREMENTS = (ManifestKind.REQUIREMENTS, parse_requirements)


def _classify(reldir: str, filename: str) -> tuple[str, ManifestKind, Parser] | None:
    """The root directory a file belongs to and how to parse it, or None if it is no manifest."""
    if reldir != "." and posixpath.basename(reldir) == "requirements" and filename.endswith(".txt"):
        return (posixpath.dirname(reldir) or "."), *_REQUIREMENTS
    if fnmatch.fnmatchcase(filename, "requirements*.txt"):
        return reldir, *_REQUIREMENTS
    if filename in _BY_NAME:
        return reldir, *_BY_NAME[filename]
    return None


def _join(reldir: str, name: str) -> str:
    return name if reldir == "." else f"{reldir}/{name}"


def _parse(
    parser: Parser, kind: ManifestKind, checkout: Path, relpath: str
) -> tuple[Manifest, list[ScanError]]:
    try:
        return parser(checkout, relpath)
    except Exception as e:  # last-resort net: one odd file must not end the scan
        error = ScanError(relpath, f"internal error while parsing: {type(e).__name__}: {e}")
        return Manifest(path=relpath, kind=kind), [error]


def discover(checkout: Path) -> Discovery:
    """Walk ``checkout`` (not following directory symlinks), parse every manifest, group them by root.

    A root is a directory with at least one manifest other than ``.python-version``; ``*.txt`` files
    in a ``requirements/`` directory belong to its parent. Errors from every parser are collected,
    never raised.
    """
    root_real = checkout.resolve()
    by_root: dict[str, list[Manifest]] = {}
    scanned: set[str] = set()
    errors: list[ScanError] = []

    def on_walk_error(e: OSError) -> None:
        try:
            where = Path(e.filename).relative_to(checkout).as_posix()
        except (TypeError, ValueError):
            where = "."
        errors.append(ScanError(where, f"cannot list directory: {e.strerror or e}"))

    for dirpath, dirnames, filenames in os.walk(checkout, onerror=on_walk_error, followlinks=False):
        dirnames[:] = sorted(
            d
            for d in dirnames
            if d not in SKIP_DIRS and not os.path.lexists(os.path.join(dirpath, d, "pyvenv.cfg"))
        )
        reldir = Path(dirpath).relative_to(checkout).as_posix()
        for filename in sorted(filenames):
            found = _classify(reldir, filename)
            if found is None:
                continue
            root, kind, parser = found
            relpath = _join(reldir, filename)
            full = os.path.join(dirpath, filename)
            if os.path.islink(full) and not Path(os.path.realpath(full)).is_relative_to(root_real):
                errors.append(ScanError(relpath, OUTSIDE_SYMLINK))
                continue
            manifest, file_errors = _parse(parser, kind, checkout, relpath)
            errors += file_errors
            scanned.add(relpath)
            scanned.update(manifest.includes)
            by_root.setdefault(root, []).append(manifest)

    roots = tuple(
        ProjectRoot(path, tuple(sorted(manifests, key=lambda m: m.path)))
        for path, manifests in sorted(by_root.items())
        if any(m.kind is not ManifestKind.PYTHON_VERSION for m in manifests)
    )
    return Discovery(
        roots=roots,
        scanned=tuple(sorted(scanned)),
        errors=tuple(sorted(errors, key=lambda e: (e.file, e.line or 0, e.message))),
    )
