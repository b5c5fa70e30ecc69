"""edit keeps a Poetry constraint's shape (issue 18): ``^0.95.1`` becomes ``^0.108.0``, not
``>=0.108.0``; ``~`` and bare versions likewise. Planned on real files, located by the real parser,
applied byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from starlette_2093_check.edit import (
    EditError,
    apply_edits,
    plan_edit,
    poetry_shaped,
    poetry_specifier,
    written_constraint,
)
from starlette_2093_check.manifests import parse_pipfile, parse_pyproject
from starlette_2093_check.model import Declared, ManifestKind
from tests.conftest import write_tree

PYPROJECT = (
    "[tool.poetry]\r\n"
    'name = "orders"\r\n'
    "\r\n"
    "[tool.poetry.dependencies]\r\n"
    'python = "^3.11"\r\n'
    'fastapi = "^0.95.1"  # the web framework\r\n'
    "uvicorn = { version = '~0.22.0', extras = [\"standard\"] }\r\n"
    'jinja2 = "3.1.2"\r\n'
    "\r\n"
    "[tool.poetry.group.dev.dependencies.httpx]\r\n"
    'version = "^0.24.1"\r\n'
    "optional = false\r\n"
    "\r\n"
    "[project]\r\n"
    'name = "orders"\r\n'
    'dependencies = ["starlette>=0.27,<0.28"]\r\n'
)


def found(checkout: Path, name: str) -> Declared:
    manifest, errors = parse_pyproject(checkout, "pyproject.toml")
    assert errors == []
    [declared] = [d for d in manifest.requirements if d.name == name]
    return declared


@pytest.mark.parametrize(
    ("constraint", "version", "shaped", "means"),
    [
        ("^0.95.1", "0.108.0", "^0.108.0", ">=0.108.0,<0.109.0"),
        ("^ 1.2", "1.4.0", "^1.4.0", ">=1.4.0,<2.0.0"),
        ("~0.100.1", "0.108.0", "~0.108.0", ">=0.108.0,<0.109.0"),
        ("0.100.1", "0.108.0", "0.108.0", "==0.108.0"),
        ("^0.32.0", "0.32.0.post1", "^0.32.0.post1", ">=0.32.0.post1,<0.33.0"),
        (">=0.95", "0.108.0", None, None),  # other shapes are PEP 440 already: the caller's
        ("~=0.95", "0.108.0", None, None),
        ("*", "0.108.0", None, None),
        ("^0.95 || ^1.0", "0.108.0", None, None),
    ],
)
def test_a_poetry_constraint_moves_in_its_own_shape(
    constraint: str, version: str, shaped: str | None, means: str | None
) -> None:
    assert poetry_shaped(constraint, version) == shaped
    if shaped is not None:
        assert poetry_specifier(shaped) == SpecifierSet(means or "")


def test_the_constraint_as_written_is_read_from_the_line_the_parser_recorded(tmp_path: Path) -> None:
    write_tree(tmp_path, {"pyproject.toml": PYPROJECT, "Pipfile": '[packages]\nfastapi = "==0.95.1"\n'})
    kind = ManifestKind.PYPROJECT
    expected = {
        "fastapi": "^0.95.1",
        "uvicorn": "~0.22.0",
        "jinja2": "3.1.2",
        "httpx": "^0.24.1",
        "starlette": None,
    }
    for name, written in expected.items():
        assert written_constraint(tmp_path, kind, found(tmp_path, name).location, name) == written, name
    pipfile, _ = parse_pipfile(tmp_path, "Pipfile")
    [fastapi] = pipfile.requirements
    assert written_constraint(tmp_path, ManifestKind.PIPFILE, fastapi.location, "fastapi") is None


@pytest.mark.parametrize(
    ("name", "written", "spec", "line", "new"),
    [
        ("fastapi", "^0.108.0", ">=0.108.0,<0.109.0", 6, 'fastapi = "^0.108.0"  # the web framework'),
        (
            "uvicorn",
            "~0.30.0",
            ">=0.30.0,<0.31.0",
            7,
            "uvicorn = { version = '~0.30.0', extras = [\"standard\"] }",
        ),
        ("jinja2", "3.1.4", "==3.1.4", 8, 'jinja2 = "3.1.4"'),
        ("httpx", "^0.27.0", "<0.28.0,>=0.27.0", 11, 'version = "^0.27.0"'),
    ],
)
def test_a_poetry_entry_is_edited_in_its_shape_and_nothing_else_changes(
    tmp_path: Path, name: str, written: str, spec: str, line: int, new: str
) -> None:
    write_tree(tmp_path, {"pyproject.toml": PYPROJECT})
    before = (tmp_path / "pyproject.toml").read_bytes()
    edit = plan_edit(
        tmp_path, ManifestKind.PYPROJECT, found(tmp_path, name).location, name, spec, written=written
    )
    assert (edit.line, edit.new) == (line, new)
    [applied] = apply_edits(tmp_path, [edit])
    assert applied.ok, applied.message
    after = (tmp_path / "pyproject.toml").read_bytes()
    old_lines, new_lines = before.split(b"\r\n"), after.split(b"\r\n")
    assert [n + 1 for n, (a, b) in enumerate(zip(old_lines, new_lines, strict=True)) if a != b] == [line]
    assert new_lines[line - 1] == new.encode()
    # The parser reads the edited file as the specifier the check resolved.
    assert Requirement(found(tmp_path, name).requirement).specifier == SpecifierSet(spec)


def test_a_poetry_constraint_is_never_written_where_it_would_not_mean_the_specifier(tmp_path: Path) -> None:
    write_tree(tmp_path, {"pyproject.toml": PYPROJECT, "Pipfile": '[packages]\nfastapi = "==0.95.1"\n'})
    kind = ManifestKind.PYPROJECT
    fastapi = found(tmp_path, "fastapi").location
    with pytest.raises(EditError, match="cannot be written here"):  # ^0.108.0 is not >=0.108.0
        plan_edit(tmp_path, kind, fastapi, "fastapi", ">=0.108.0", written="^0.108.0")
    with pytest.raises(EditError, match="not PEP 508"):  # a PEP 621 string takes PEP 508 only
        starlette = found(tmp_path, "starlette").location
        plan_edit(tmp_path, kind, starlette, "starlette", ">=0.29.0,<0.30.0", written="^0.29.0")
    pipfile, _ = parse_pipfile(tmp_path, "Pipfile")
    with pytest.raises(EditError, match="cannot be written here"):  # pipenv has no caret
        plan_edit(
            tmp_path,
            ManifestKind.PIPFILE,
            pipfile.requirements[0].location,
            "fastapi",
            ">=0.108.0,<0.109.0",
            written="^0.108.0",
        )
