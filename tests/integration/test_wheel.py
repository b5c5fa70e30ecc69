"""What a build of the project says about it: the wheel's name, version, licence and console script.

Built as a user's ``pip wheel`` builds it (an isolated build environment with the setuptools that
pyproject.toml asks for, from the package index), from a copy of the files the build reads, so
nothing is written into the checkout.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

import starlette_2093_check
from tests.conftest import REPO, clean_env

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(REPO / name, source / name)
    shutil.copytree(
        REPO / "starlette_2093_check",
        source / "starlette_2093_check",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(out), str(source)],
        capture_output=True,
        text=True,
        env=clean_env(),
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "deprecated" not in proc.stderr, proc.stderr  # e.g. setuptools' licence-table warning
    [built] = out.glob("*.whl")
    return zipfile.ZipFile(built)


def test_the_wheel_is_starlette_2093_check_at_bot_version(wheel: zipfile.ZipFile) -> None:
    assert (
        Path(wheel.filename or "").name
        == f"starlette_2093_check-{starlette_2093_check.__version__}-py3-none-any.whl"
    )
    [metadata] = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
    fields = Parser().parsestr(wheel.read(metadata).decode("utf-8"), headersonly=True)
    assert (fields["Name"], fields["Version"]) == ("starlette-2093-check", starlette_2093_check.__version__)
    assert fields["License-Expression"] == "MIT"
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in wheel.namelist())


def test_the_console_script_is_the_one_name(wheel: zipfile.ZipFile) -> None:
    [entry_points] = [n for n in wheel.namelist() if n.endswith(".dist-info/entry_points.txt")]
    assert wheel.read(entry_points).decode("utf-8").split() == [
        "[console_scripts]",
        "starlette-2093-check",
        "=",
        "starlette_2093_check.cli:main",
    ]
