"""One name and one version: the distribution, the console script, the action, the CLI and the
reports all say ``starlette-2093-check`` and the package's ``__version__``;
the release files a user looks for exist."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from packaging.version import Version

import starlette_2093_check
from starlette_2093_check.model import Report
from starlette_2093_check.report import render_json
from starlette_2093_check.report.load import ReportFormatError, load_report
from tests.conftest import REPO, clean_env

PYPROJECT = REPO / "pyproject.toml"


def test_the_version_is_written_once_in_the_package() -> None:
    """pyproject takes it from ``__version__``, which setuptools reads without importing: a
    plain string literal (tests/integration/test_wheel.py builds the wheel and reads it back)."""
    pyproject = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    assert "version" not in pyproject["project"]
    assert pyproject["project"]["dynamic"] == ["version"]
    assert pyproject["tool"]["setuptools"]["dynamic"] == {
        "version": {"attr": "starlette_2093_check.__version__"}
    }
    tree = ast.parse((REPO / "starlette_2093_check" / "__init__.py").read_text(encoding="utf-8"))
    assignments = [node for node in tree.body if isinstance(node, ast.Assign)]
    [literal] = [a.value for a in assignments if [ast.unparse(t) for t in a.targets] == ["__version__"]]
    assert isinstance(literal, ast.Constant) and literal.value == starlette_2093_check.__version__
    assert str(Version(starlette_2093_check.__version__)) == starlette_2093_check.__version__


def test_one_name_for_the_distribution_the_script_and_the_action() -> None:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    assert starlette_2093_check.NAME == "starlette-2093-check"
    assert project["name"] == starlette_2093_check.NAME
    assert project["scripts"] == {starlette_2093_check.NAME: "starlette_2093_check.cli:main"}
    assert action["name"] == starlette_2093_check.NAME


def test_license_security_and_contributing_are_there() -> None:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    license_text = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert (project["license"], project["license-files"]) == ("MIT", ["LICENSE"])
    assert license_text.startswith("MIT License\n")
    assert "the starlette-2093-check authors" in license_text
    assert 'THE SOFTWARE IS PROVIDED "AS IS"' in license_text
    security = (REPO / "SECURITY.md").read_text(encoding="utf-8")
    assert "Report a vulnerability" in security and "Security model" in security
    contributing = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for command in ("python3 dev.py example", "python3 dev.py test", "python3 dev.py lint"):
        assert command in contributing
    for place in (
        "starlette_2093_check/manifests/",
        "card.yaml",
        "scenario.py",
        "verdict.py",
        "tests/fakegithub.py",
    ):
        assert place in contributing


@pytest.mark.parametrize(
    "argv",
    [["entrypoint.py", "--version"], ["-m", "starlette_2093_check", "--version"]],
    ids=["entrypoint", "module"],
)
def test_version_on_the_command_line(argv: list[str]) -> None:
    proc = subprocess.run(
        [sys.executable, *argv],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=clean_env(),
        timeout=60,
        check=False,
    )
    assert (proc.returncode, proc.stdout, proc.stderr) == (
        0,
        f"starlette-2093-check {starlette_2093_check.__version__}\n",
        "",
    )


def test_the_json_report_names_the_tool_and_its_version() -> None:
    data = json.loads(render_json(Report(".", (), (), ())))
    assert data["tool"] == {"name": "starlette-2093-check", "version": starlette_2093_check.__version__}
    assert list(data)[:2] == ["schema_version", "tool"]


def _report() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(render_json(Report(".", (), ("requirements.txt",), ())))
    return data


def test_reports_with_and_without_the_tool_are_read_back() -> None:
    expected = Report(".", (), ("requirements.txt",), ())
    assert load_report(_report()) == expected
    older = _report()
    del older["tool"]  # written before the field existed
    assert load_report(older) == expected
    newer = _report()
    newer["tool"] = {"name": "starlette-2093-check", "version": "7.1.0"}  # another release wrote it
    assert load_report(newer) == expected


@pytest.mark.parametrize(
    ("tool", "error"),
    [
        ("starlette-2093-check 0.1.0", r"report\.tool: expected an object"),
        ({"name": "starlette-2093-check", "version": "1 curl"}, r"report\.tool\.version: expected a PEP 440"),
        ({"name": "x\n::warning::y", "version": "0.1.0"}, r"report\.tool\.name: expected one line"),
        ({"version": "0.1.0"}, r"report\.tool\.name: expected a string"),
    ],
)
def test_a_malformed_tool_is_refused_naming_the_field(tool: object, error: str) -> None:
    data = _report()
    data["tool"] = tool
    with pytest.raises(ReportFormatError, match=error) as caught:
        load_report(data)
    assert "curl" not in str(caught.value) and "::warning::" not in str(caught.value)


def test_the_version_survives_a_scan_json_round_trip(tmp_path: Path) -> None:
    """``scan --format json`` as a user runs it, on a tree with no manifest (nothing to resolve)."""
    tree = tmp_path / "tree"
    tree.mkdir()
    proc = subprocess.run(
        [sys.executable, str(REPO / "entrypoint.py"), "scan", str(tree), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**clean_env(), "REPRO_CACHE_DIR": str(tmp_path / "cache")},
        timeout=120,
        check=False,
    )
    data = json.loads(proc.stdout)
    assert data["tool"] == {"name": "starlette-2093-check", "version": starlette_2093_check.__version__}
    assert (proc.returncode, load_report(data)) == (0, Report(".", (), (), ()))
