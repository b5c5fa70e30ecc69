"""The policy's ``variants``: extras and groups checked as targets of their own even when they give
the default set's version. Read from real manifests and a real lock (no resolver runs here)."""

from __future__ import annotations

from pathlib import Path

from starlette_2093_check.manifests import discover
from starlette_2093_check.model import ProjectRoot
from starlette_2093_check.repro.sandbox import find_uv
from starlette_2093_check.resolve import ResolverConfig
from starlette_2093_check.variants import resolve_variants, wanted_labels
from tests.conftest import write_tree

PYPROJECT = """\
[tool.poetry]
name = "svc"
version = "1.0"

[tool.poetry.dependencies]
python = "^3.11"
fastapi = "*"
click = {version = "*", optional = true}

[tool.poetry.extras]
CLI = ["click"]

[tool.poetry.group.docs]
optional = true

[tool.poetry.group.docs.dependencies]
mkdocs = "*"
"""


def _package(name: str, version: str, optional: bool, deps: str = "") -> str:
    text = (
        f'[[package]]\nname = "{name}"\nversion = "{version}"\noptional = {str(optional).lower()}\n'
        'python-versions = ">=3.8"\nfiles = []\n'
    )
    return text + (f"\n[package.dependencies]\n{deps}\n" if deps else "") + "\n"


LOCK = (
    _package("click", "8.1.6", True)
    + _package("fastapi", "0.100.1", False, 'starlette = ">=0.27.0,<0.28.0"')
    + _package("mkdocs", "1.5.3", False)
    + _package("starlette", "0.27.0", False)
    + '[metadata]\nlock-version = "2.0"\npython-versions = "^3.11"\ncontent-hash = "0"\n'
)


def root_of(tmp_path: Path) -> ProjectRoot:
    found = discover(write_tree(tmp_path, {"pyproject.toml": PYPROJECT, "poetry.lock": LOCK}))
    return next(r for r in found.roots if r.path == ".")


def test_named_variants_of_a_locked_root_are_targets_of_their_own(tmp_path: Path) -> None:
    root = root_of(tmp_path)
    config = ResolverConfig(uv=find_uv())
    # Without the policy: the lock pins every extra and group, so the default target is the only one.
    targets, errors = resolve_variants(root, "starlette", "3.11", config, {".": root})
    assert errors == [] and [t.variant for t in targets] == [None]

    wanted = wanted_labels(["cli"], ["Docs"])  # names as the policy writes them: compared canonically
    targets, errors = resolve_variants(root, "starlette", "3.11", config, {".": root}, wanted)
    assert errors == []
    assert [(t.variant, t.version) for t in targets] == [
        (None, "0.27.0"),
        ("extra:cli", "0.27.0"),
        ("group:docs", "0.27.0"),
    ]
    assert targets[1].notes[0] == (
        "with the extra `cli` installed (pyproject.toml:8); poetry.lock pins the same starlette "
        "version (checked on its own: the policy's variants name it)"
    )
    # A name no extra or group has is not a target (nothing to install).
    targets, _ = resolve_variants(root, "starlette", "3.11", config, {".": root}, wanted_labels(["gpu"], []))
    assert [t.variant for t in targets] == [None]
