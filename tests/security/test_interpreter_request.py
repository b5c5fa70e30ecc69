"""What a repository says about its interpreter is a version request, never a program that runs.

uv's interpreter lookup accepts paths and program names and runs what it finds. The hostile checkout
ships an executable ``python`` that would leave a canary file, and points ``.python-version`` and
``requires-python`` at it in several ways.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from starlette_2093_check.manifests._python import request_problem
from tests.conftest import scan_json, write_tree

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(
    "value",
    [
        "3.12",
        "3",
        "3.13t",
        "cpython@3.12",
        "cpython3.11",
        "pypy@3.10",
        ">=3.9",
        ">=3.9,<4",
        "==3.11.*",
        "cpython-3.12.3-linux-x86_64-gnu",
        "3.14.0rc1",
    ],
)
def test_version_requests_are_accepted(value: str) -> None:
    assert request_problem(value) is None


@pytest.mark.parametrize(
    "value",
    [
        "./evil/python",
        "evil/python",
        "/usr/bin/python3",
        "~/python",
        "..\\python.exe",
        "evil",
        "python3-evil",
        "3.12; rm -rf /",
        "py3",
        "any3.11",
        "python-3.11",
        "python3.12",
        "3.12 ./x",
        "",
        "cpython@./x",
        "C:\\Python\\python.exe",
    ],
)
def test_paths_and_program_names_are_refused(value: str) -> None:
    assert request_problem(value) is not None


def test_a_repository_interpreter_never_runs(tmp_path: Path, repro_cache: Path) -> None:
    canary = tmp_path / "canary"
    script = f'#!/bin/sh\necho ran >> {canary}\nexec python3 "$@"\n'
    tree = write_tree(
        tmp_path / "repo",
        {
            "dotfile/.python-version": "# pinned by the attacker\n./evil/python\n",
            "dotfile/requirements.txt": "starlette==0.27.0\n",
            "dotfile/evil/python": script,
            "named/.python-version": "evil-python\n",
            "named/requirements.txt": "starlette==0.27.0\n",
            "project/pyproject.toml": (
                '[project]\nname = "p"\nversion = "1"\nrequires-python = "./evil/python"\n'
                'dependencies = ["starlette==0.27.0"]\n'
            ),
            "project/evil/python": script,
            "abs/.python-version": f"{tmp_path / 'repo' / 'dotfile' / 'evil' / 'python'}\n",
            "abs/requirements.txt": "starlette==0.27.0\n",
        },
    )
    for path in tree.rglob("python"):
        path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    bindir = tmp_path / "bin"  # and a program of that name on PATH: a name is never looked up either
    write_tree(bindir, {"evil-python": script})
    (bindir / "evil-python").chmod(0o755)
    code, report, output = scan_json(
        tree, repro_cache, "--audit", "off", env={"PATH": f"{bindir}:{os.environ['PATH']}"}
    )
    assert not canary.exists(), output[-3000:]
    errors = {(e["file"], e["line"]): e["message"] for e in report["errors"]}
    assert "paths and program names are not accepted" in errors[("dotfile/.python-version", 2)]
    assert "paths and program names are not accepted" in errors[("named/.python-version", 1)]
    assert "paths and program names are not accepted" in errors[("abs/.python-version", 1)]
    assert "is not a version specifier" in errors[("project/pyproject.toml", 4)]
    # each project is still checked, on the default interpreter
    verdicts = {t["root"]: t["verdict"] for t in report["targets"]}
    assert verdicts == dict.fromkeys(("abs", "dotfile", "named", "project"), "reproduced"), output[-3000:]
    assert code == 1


def test_uv_searches_only_absolute_directories() -> None:
    """uv runs every python* on PATH to ask its version; '' and '.' would be the checkout."""
    from starlette_2093_check.repro.sandbox import install_env

    assert install_env({"PATH": ":/usr/local/bin:.:venv/bin:/usr/bin:"})["PATH"] == "/usr/local/bin:/usr/bin"
