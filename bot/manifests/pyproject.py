"""``pyproject.toml``: the PEP 621 ``[project]`` table's dependencies and ``requires-python``."""

from __future__ import annotations

from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from bot.manifests._toml import TomlPositions, read_toml
from bot.model import Declared, Location, Manifest, ManifestKind, ScanError


def parse_pyproject(checkout: Path, relpath: str) -> tuple[Manifest, list[ScanError]]:
    """Parse ``[project].dependencies`` (each with the line of its string) and ``requires-python``.

    A pyproject without a ``[project]`` table (tool configuration only) is a valid, empty manifest.
    """
    empty = Manifest(path=relpath, kind=ManifestKind.PYPROJECT)
    loaded = read_toml(checkout, relpath)
    if isinstance(loaded, ScanError):
        return empty, [loaded]
    text, data = loaded
    project = data.get("project")
    if project is None:
        return empty, []
    positions = TomlPositions(text)
    if not isinstance(project, dict):
        return empty, [ScanError(relpath, "[project] is not a table")]

    errors: list[ScanError] = []
    requires_python = project.get("requires-python")
    if requires_python is not None and not isinstance(requires_python, str):
        line = positions.key_line(("project",), "requires-python")
        errors.append(ScanError(relpath, "[project].requires-python is not a string", line))
        requires_python = None

    dependencies = project.get("dependencies", [])
    if not isinstance(dependencies, list):
        line = positions.key_line(("project",), "dependencies")
        errors.append(ScanError(relpath, "[project].dependencies is not an array", line))
        dependencies = []

    declared: list[Declared] = []
    lines = positions.string_array_lines(("project",), "dependencies", dependencies)
    for value, line in zip(dependencies, lines, strict=True):
        if not isinstance(value, str):
            errors.append(ScanError(relpath, f"dependency {value!r} is not a string", line))
            continue
        try:
            req = Requirement(value)
        except InvalidRequirement as e:
            reason = str(e).splitlines()[0] if str(e) else "invalid"
            errors.append(ScanError(relpath, f"invalid requirement {value!r}: {reason}", line))
            continue
        declared.append(Declared(canonicalize_name(req.name), str(req), Location(relpath, line)))

    manifest = Manifest(
        path=relpath,
        kind=ManifestKind.PYPROJECT,
        requirements=tuple(declared),
        requires_python=requires_python,
    )
    return manifest, errors
