from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bot.manifests import parse_pyproject
from bot.model import ManifestKind, ScanError

Tree = Callable[[dict[str, str | bytes]], Path]

PYPROJECT = '''\
[build-system]
requires = ["hatchling"]

[project]
name = "svc"
description = """A service.
[tool.fake]
dependencies = ["not-this==1"]
"""
requires-python = ">=3.10"
dependencies = [
    # the web stack
    "fastapi>=0.100,<0.101",
    'uvicorn[standard]>=0.20',

    "anyio; python_version >= \\"3.11\\"",
]

[project.optional-dependencies]
test = ["pytest"]

[tool.ruff]
line-length = 100
'''


def test_dependencies_with_their_lines_and_requires_python(tree: Tree) -> None:
    checkout = tree({"pyproject.toml": PYPROJECT})
    manifest, errors = parse_pyproject(checkout, "pyproject.toml")
    assert errors == []
    assert manifest.kind is ManifestKind.PYPROJECT
    assert manifest.requires_python == ">=3.10"
    assert [(d.name, d.requirement, str(d.location), d.constraint) for d in manifest.requirements] == [
        ("fastapi", "fastapi<0.101,>=0.100", "pyproject.toml:13", False),
        ("uvicorn", "uvicorn[standard]>=0.20", "pyproject.toml:14", False),
        ("anyio", 'anyio; python_version >= "3.11"', "pyproject.toml:16", False),
    ]


def test_inline_array_on_the_key_line(tree: Tree) -> None:
    checkout = tree(
        {"pyproject.toml": '[project]\nname = "x"\ndependencies = ["starlette==0.27.0", "anyio"]\n'}
    )
    manifest, errors = parse_pyproject(checkout, "pyproject.toml")
    assert errors == []
    assert [(d.name, d.location.line) for d in manifest.requirements] == [("starlette", 3), ("anyio", 3)]


def test_quoted_keys_and_headers_with_spaces(tree: Tree) -> None:
    checkout = tree({"pyproject.toml": '[ project ]\n"dependencies" = [\n  "starlette",\n]\n'})
    manifest, errors = parse_pyproject(checkout, "pyproject.toml")
    assert errors == []
    assert [(d.name, d.location.line) for d in manifest.requirements] == [("starlette", 3)]


def test_no_project_table_is_an_empty_valid_manifest(tree: Tree) -> None:
    checkout = tree({"pyproject.toml": "[tool.black]\nline-length = 100\n"})
    manifest, errors = parse_pyproject(checkout, "pyproject.toml")
    assert errors == []
    assert manifest.requirements == ()
    assert manifest.requires_python is None


def test_project_without_dependencies(tree: Tree) -> None:
    checkout = tree({"pyproject.toml": '[project]\nname = "x"\nrequires-python = "~=3.12"\n'})
    manifest, errors = parse_pyproject(checkout, "pyproject.toml")
    assert errors == []
    assert manifest.requirements == ()
    assert manifest.requires_python == "~=3.12"


def test_invalid_toml_reports_the_line(tree: Tree) -> None:
    checkout = tree({"pyproject.toml": '[project]\nname = "x"\ndependencies = [\n  "a" "b",\n]\n'})
    manifest, errors = parse_pyproject(checkout, "pyproject.toml")
    assert manifest.requirements == ()
    assert errors == [
        ScanError(
            "pyproject.toml",
            "invalid TOML at line 4: Unclosed array",
            4,
        )
    ]


def test_invalid_toml_on_the_first_line(tree: Tree) -> None:
    checkout = tree({"pyproject.toml": "this is not toml\n"})
    _, errors = parse_pyproject(checkout, "pyproject.toml")
    assert len(errors) == 1
    assert errors[0].file == "pyproject.toml" and errors[0].line == 1
    assert errors[0].message.startswith("invalid TOML at line 1: ")


def test_invalid_toml_at_end_of_document_points_at_the_last_line(tree: Tree) -> None:
    checkout = tree({"pyproject.toml": '[project]\ndependencies = [\n  "a",\n'})
    _, errors = parse_pyproject(checkout, "pyproject.toml")
    assert len(errors) == 1
    assert errors[0].line == 3
    assert errors[0].message.startswith("invalid TOML at line 3: ")


def test_invalid_dependency_strings_are_errors_at_their_lines(tree: Tree) -> None:
    text = '[project]\ndependencies = [\n  "starlette",\n  "not valid !!",\n  3,\n  "anyio",\n]\n'
    checkout = tree({"pyproject.toml": text})
    manifest, errors = parse_pyproject(checkout, "pyproject.toml")
    assert [(d.name, d.location.line) for d in manifest.requirements] == [("starlette", 3), ("anyio", 2)]
    assert [(e.file, e.line) for e in errors] == [("pyproject.toml", 4), ("pyproject.toml", 2)]
    assert errors[0].message.startswith("invalid requirement 'not valid !!': ")
    assert errors[1].message == "dependency 3 is not a string"


def test_wrongly_typed_fields(tree: Tree) -> None:
    checkout = tree({"pyproject.toml": '[project]\nrequires-python = 3.12\ndependencies = "starlette"\n'})
    manifest, errors = parse_pyproject(checkout, "pyproject.toml")
    assert manifest.requirements == () and manifest.requires_python is None
    assert errors == [
        ScanError("pyproject.toml", "[project].requires-python is not a string", 2),
        ScanError("pyproject.toml", "[project].dependencies is not an array", 3),
    ]


def test_project_that_is_not_a_table(tree: Tree) -> None:
    checkout = tree({"pyproject.toml": 'project = "x"\n'})
    _, errors = parse_pyproject(checkout, "pyproject.toml")
    assert errors == [ScanError("pyproject.toml", "[project] is not a table")]


def test_binary_pyproject(tree: Tree) -> None:
    checkout = tree({"pyproject.toml": b"\x00\x01"})
    manifest, errors = parse_pyproject(checkout, "pyproject.toml")
    assert manifest.requirements == ()
    assert errors == [ScanError("pyproject.toml", "not a text file (contains NUL bytes)")]
