"""``.python-version``: the interpreter a project asks for (pyenv / uv convention)."""

from __future__ import annotations

from pathlib import Path

from starlette_2093_check.manifests._files import read_text, split_lines
from starlette_2093_check.manifests._python import request_problem
from starlette_2093_check.model import Manifest, ManifestKind, ScanError


def parse_python_version(checkout: Path, relpath: str) -> tuple[Manifest, list[ScanError]]:
    """Take the first line that is neither blank nor a ``#`` comment as the requested version.

    It must be a version request (``3.12``, ``cpython@3.12``, ``>=3.9``): a path or a program name
    is an error at its line, and the project's interpreter then comes from its other manifests.
    """
    empty = Manifest(path=relpath, kind=ManifestKind.PYTHON_VERSION)
    text = read_text(checkout, relpath)
    if isinstance(text, ScanError):
        return empty, [text]
    found = next(
        ((n, s) for n, s in enumerate((line.strip() for line in split_lines(text)), 1) if s and s[0] != "#"),
        None,
    )
    if found is None:
        return empty, []
    line, version = found
    problem = request_problem(version)
    if problem is not None:
        return empty, [ScanError(relpath, f"{version[:80]!r} {problem}", line)]
    return Manifest(path=relpath, kind=ManifestKind.PYTHON_VERSION, python_version=version), []
