"""``.python-version``: the interpreter a project asks for (pyenv / uv convention)."""

from __future__ import annotations

from pathlib import Path

from bot.manifests._files import read_text, split_lines
from bot.model import Manifest, ManifestKind, ScanError


def parse_python_version(checkout: Path, relpath: str) -> tuple[Manifest, list[ScanError]]:
    """Take the first line that is neither blank nor a ``#`` comment as the requested version."""
    text = read_text(checkout, relpath)
    if isinstance(text, ScanError):
        return Manifest(path=relpath, kind=ManifestKind.PYTHON_VERSION), [text]
    version = next((s for s in (line.strip() for line in split_lines(text)) if s and s[0] != "#"), None)
    return Manifest(path=relpath, kind=ManifestKind.PYTHON_VERSION, python_version=version), []
