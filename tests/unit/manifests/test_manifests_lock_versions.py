"""A lock entry whose version is empty or not a version: an error at its line, never a target.

Each lock format is checked at its parser (the error names the file and the entry's line, the
entry is listed as not checked, the rest of the lock is read) and through the resolver (the root
that locks starlette this way gets an inconclusive target saying why, not "no starlette").
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from starlette_2093_check.manifests import (
    discover,
    parse_pdm_lock,
    parse_pipfile_lock,
    parse_poetry_lock,
    parse_pylock,
    parse_uv_lock,
)
from starlette_2093_check.model import Manifest, ScanError
from starlette_2093_check.resolve import ResolverConfig, resolve_root

Tree = Callable[[dict[str, str | bytes]], Path]
Parser = Callable[[Path, str], tuple[Manifest, list[ScanError]]]

NO_UV = ResolverConfig(uv="/nonexistent/uv")  # everything here is decided before uv would run

PYPROJECT = '[project]\nname = "svc"\nversion = "0.1.0"\ndependencies = ["starlette"]\n'


def _uv(version: str) -> str:
    return f"""\
version = 1
requires-python = ">=3.8"

[[package]]
name = "svc"
version = "0.1.0"
source = {{ editable = "." }}
dependencies = [{{ name = "starlette" }}]

[[package]]
name = "anyio"
version = "3.7.1"
source = {{ registry = "https://index.invalid/simple" }}

[[package]]
name = "starlette"
version = {version}
source = {{ registry = "https://index.invalid/simple" }}
dependencies = [{{ name = "anyio" }}]
"""


def _poetry(version: str) -> str:
    return f"""\
[[package]]
name = "anyio"
version = "3.7.1"
optional = false

[[package]]
name = "starlette"
version = {version}
optional = false

[package.dependencies]
anyio = ">=3.4.0,<5"

[metadata]
lock-version = "2.0"
"""


def _pdm(version: str) -> str:
    return f"""\
[metadata]
lock_version = "4.5.0"

[[package]]
name = "anyio"
version = "3.7.1"

[[package]]
name = "starlette"
version = {version}
dependencies = ["anyio<5,>=3.4.0"]
"""


def _pylock(version: str) -> str:
    return f"""\
lock-version = "1.0"
created-by = "hand"

[[packages]]
name = "anyio"
version = "3.7.1"

[[packages]]
name = "starlette"
version = {version}
"""


def _pipfile_lock(version: str) -> str:
    return f"""\
{{
    "_meta": {{"sources": []}},
    "default": {{
        "anyio": {{"version": "==3.7.1"}},
        "starlette": {{
            "version": {version}
        }}
    }},
    "develop": {{}}
}}
"""


# (lock file, its parser, the lock's text for a written version, the line of starlette's version)
FORMATS: list[tuple[str, Parser, Callable[[str], str], int]] = [
    ("uv.lock", parse_uv_lock, _uv, 17),
    ("poetry.lock", parse_poetry_lock, _poetry, 8),
    ("pdm.lock", parse_pdm_lock, _pdm, 10),
    ("pylock.toml", parse_pylock, _pylock, 10),
]
BAD = ['""', '"1.0 beta"', '"=="', '"  "']


@pytest.mark.parametrize("bad", BAD)
@pytest.mark.parametrize(("name", "parse", "text", "line"), FORMATS, ids=[f[0] for f in FORMATS])
def test_a_toml_lock_entry_whose_version_is_not_one_is_an_error_at_its_line(
    tree: Tree, name: str, parse: Parser, text: Callable[[str], str], line: int, bad: str
) -> None:
    checkout = tree({name: text(bad)})
    manifest, errors = parse(checkout, name)
    written = bad.strip('"')
    message = f"package 'starlette' has version {written!r}, which is not a PEP 440 version"
    assert ScanError(name, message, line) in errors
    by_name = {p.name: p for p in manifest.locked}
    assert by_name["anyio"].version == "3.7.1" and by_name["anyio"].problem is None  # the rest is read
    starlette = by_name["starlette"]
    assert starlette.version == "unknown"  # never "" or the odd text: it is not run
    assert starlette.problem == (
        f"the lock's version {written!r} for starlette is not a version, so it was not checked"
    )
    assert starlette.location.line == line


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ('"=="', "has version '==': '' is not a PEP 440 version"),
        ('"===="', "has version '====': '=' is not a PEP 440 version"),
        ('"==1.0 beta"', "has version '==1.0 beta': '1.0 beta' is not a PEP 440 version"),
        ('""', "has version '', not an exact '==' pin"),
    ],
)
def test_a_pipfile_lock_entry_whose_version_is_not_one_is_an_error_at_its_line(
    tree: Tree, bad: str, message: str
) -> None:
    checkout = tree({"Pipfile.lock": _pipfile_lock(bad)})
    manifest, errors = parse_pipfile_lock(checkout, "Pipfile.lock")
    assert errors == [ScanError("Pipfile.lock", f"package 'starlette' in 'default' {message}", 6)]
    by_name = {p.name: p for p in manifest.locked}
    assert by_name["anyio"].version == "3.7.1"
    assert by_name["starlette"].version == "unknown"
    assert by_name["starlette"].problem == (
        f"the lock's version {bad.strip(chr(34))!r} for starlette is not a version, so it was not checked"
    )


def test_a_version_with_spaces_around_it_is_read_as_the_version(tree: Tree) -> None:
    checkout = tree({"poetry.lock": _poetry('" 0.27.0 "'), "Pipfile.lock": _pipfile_lock('" == 0.27.0 "')})
    for name, parse in (("poetry.lock", parse_poetry_lock), ("Pipfile.lock", parse_pipfile_lock)):
        manifest, errors = parse(checkout, name)
        assert errors == []
        assert {p.name: p.version for p in manifest.locked}["starlette"] == "0.27.0"


ROOTS = [
    ({"pyproject.toml": PYPROJECT, "uv.lock": _uv('""')}, "uv.lock", 17),
    ({"pyproject.toml": PYPROJECT, "poetry.lock": _poetry('""')}, "poetry.lock", 8),
    ({"pyproject.toml": PYPROJECT, "pdm.lock": _pdm('""')}, "pdm.lock", 10),
    ({"pyproject.toml": PYPROJECT, "pylock.toml": _pylock('""')}, "pylock.toml", 10),
    ({"Pipfile": "[packages]\nstarlette = '*'\n", "Pipfile.lock": _pipfile_lock('"=="')}, "Pipfile.lock", 6),
    # no version at all, where the format needs one: the same
    (
        {"pyproject.toml": PYPROJECT, "poetry.lock": _poetry('"0"').replace('version = "0"\n', "")},
        "poetry.lock",
        7,
    ),
    (
        {
            "Pipfile": "[packages]\nstarlette = '*'\n",
            "Pipfile.lock": _pipfile_lock('"==0"').replace('"version": "==0"', '"hashes": []'),
        },
        "Pipfile.lock",
        5,
    ),
]


@pytest.mark.parametrize(("files", "lock", "line"), ROOTS, ids=[f"{r[1]}-{i}" for i, r in enumerate(ROOTS)])
def test_a_root_whose_lock_refused_starlettes_entry_is_not_checked_rather_than_without_it(
    tree: Tree, files: dict[str, str | bytes], lock: str, line: int
) -> None:
    """The lock covers the root: leaving starlette out would read as "this project has no starlette"
    (no target, exit 0). The root gets an inconclusive target naming the entry instead."""
    found = discover(tree(files))
    assert [e.file for e in found.errors] == [lock]
    assert found.errors[0].line == line
    (root,) = found.roots
    target, errors = resolve_root(root, "starlette", None, NO_UV)
    assert errors == []
    assert target is not None, "the root would be reported as having no starlette"
    assert target.version == "unknown"
    assert (target.source.file, target.source.line) == (lock, line)
    assert target.unrunnable is not None and "so it was not checked" in target.unrunnable
    assert ("starlette", "unknown") not in target.resolved and ("starlette", "") not in target.resolved


def test_a_refused_version_is_listed_whatever_its_uv_source(tree: Tree) -> None:
    """A virtual source with a bad version is not "not locked": left out, the lock would read as
    recording everything without starlette."""
    text = _uv('""').replace(
        'version = ""\nsource = { registry = "https://index.invalid/simple" }',
        'version = ""\nsource = { virtual = "vendor/starlette" }',
    )
    assert 'virtual = "vendor/starlette"' in text
    manifest, errors = parse_uv_lock(tree({"uv.lock": text}), "uv.lock")
    assert any("not a PEP 440 version" in e.message for e in errors)
    [starlette] = [p for p in manifest.locked if p.name == "starlette"]
    assert starlette.version == "unknown" and starlette.problem
