"""What has to move with a fix is found where the project does not show it (issue 15, causes 4 and 5).

Real repositories from 2019-2020 showed three ways the parent that caps Starlette was missed:
a Pipfile.lock records no graph and the parent's own pin needs a Starlette with no wheel, so it
looked like a package that "does not resolve here"; a pin beside the parent (typing-extensions,
email-validator) holds back the parent's new release rather than Starlette; and a declared mirror
that cannot be reached failed every resolution. Everything here is real: the CLI as a subprocess,
uv against the package index, real sandboxes (Starlette 0.12.9 is built from its sdist there).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from packaging.version import Version

from starlette_2093_check.repro.sandbox import find_uv, install_env
from tests.conftest import REPO, clean_env, scan_json, write_tree
from tests.fakeosv import FakeOsv

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def osv() -> Iterator[FakeOsv]:
    with FakeOsv() as server:
        yield server


def reproduced(tree: Path, cache: Path, osv: FakeOsv, version: str) -> dict[str, Any]:
    code, report, output = scan_json(tree, cache, "--vulnerability-url", osv.url, "-q")
    assert code == 1, output
    [target] = report["targets"]
    assert (target["version"], target["verdict"]) == (version, "reproduced"), output
    return dict(target)


def applied(text: str, edits: list[dict[str, Any]]) -> str:
    lines = text.split("\n")
    for e in edits:
        assert lines[e["line"] - 1] == e["old"]
        lines[e["line"] - 1] = e["new"]
    return "\n".join(lines)


def compiles(tree: Path, requirements: str, python: str = "3.11") -> subprocess.CompletedProcess[str]:
    """``uv pip compile`` (wheels only) on ``requirements``, as an installer would resolve them."""
    path = tree / "check.in"
    path.write_text(requirements, encoding="utf-8")
    cmd = [find_uv(), "pip", "compile", "--no-config", "--no-build", "--quiet", str(path)]
    env = install_env(clean_env())
    return subprocess.run(
        [*cmd, "--python-version", python], capture_output=True, text=True, env=env, timeout=300, check=False
    )


PIPFILE = '[packages]\nfastapi = "==0.45.0"\n\n[requires]\npython_version = "3.7"\n'
PIPFILE_LOCK = {
    "_meta": {"requires": {"python_version": "3.7"}, "sources": []},
    "default": {
        "fastapi": {"version": "==0.45.0"},
        "pydantic": {"version": "==1.4"},
        "starlette": {"version": "==0.12.9"},
    },
    "develop": {},
}


def test_a_parent_whose_pinned_starlette_has_no_wheel_is_moved_not_left_out(
    tmp_path: Path, repro_cache: Path, osv: FakeOsv
) -> None:
    # fastapi-users, December 2019: the lock has no graph, and fastapi==0.45.0 on its own does not
    # resolve here because starlette 0.12.9 is an sdist. That is fastapi holding Starlette back.
    tree = write_tree(
        tmp_path / "t", {"Pipfile": PIPFILE, "Pipfile.lock": json.dumps(PIPFILE_LOCK, indent=4) + "\n"}
    )
    target = reproduced(tree, repro_cache, osv, "0.12.9")
    assert target["via"] == []
    fix = target["fix"]
    assert (fix["package"], fix["from"], fix["to"]) == ("fastapi", "0.45.0", "0.108.0")
    # FastAPI 0.104 and later need Python 3.8, and the Pipfile asks for 3.7: that moves too.
    assert "and Python to 3.8 or later" in fix["change"]
    assert any("need Python 3.8 or later, and Pipfile asks for 3.7" in n for n in fix["notes"])
    parent = fix["recommended_parent"]
    assert Version(parent) >= Version("0.108.0")
    edits = [(e["file"], e["line"], e["new"]) for e in fix["edits"]]
    assert edits == [("Pipfile", 2, f'fastapi = "=={parent}"')]
    assert fix["command"] == "pipenv update fastapi starlette" and fix["regenerate"] == "Pipfile.lock"
    check = fix["check"]
    assert check["resolves"] is True and check["left_out"] == []
    assert check["versions"]["fastapi"] == parent
    assert fix["verified"] is True
    run = fix["verification"]
    assert run["verdict"] == "not_reproduced"
    assert run["evidence"]["versions"]["starlette"] == check["versions"]["starlette"] == fix["recommended"]
    assert Version(run["evidence"]["versions"]["python"]) >= Version("3.8")
    # The edited Pipfile's packages really resolve (for the Python the fix needs).
    proc = compiles(tree, f"fastapi=={parent}\n", python="3.8")
    assert proc.returncode == 0, proc.stderr


def test_pins_that_hold_back_the_parents_new_release_move_with_it(
    tmp_path: Path, repro_cache: Path, osv: FakeOsv
) -> None:
    # fastapi-admin, May 2020: an exported requirements.txt pins what fastapi's release (and its
    # [all] extra) needs newer: typing-extensions 4.8 and email-validator 2.0 for fastapi 0.108.0.
    requirements = "fastapi[all]==0.95.1\nemail-validator==1.3.1\ntyping-extensions==4.5.0\n"
    tree = write_tree(tmp_path / "t", {"requirements.txt": requirements})
    target = reproduced(tree, repro_cache, osv, "0.26.1")
    fix = target["fix"]
    assert (fix["package"], fix["from"], fix["to"]) == ("fastapi", "0.95.1", "0.108.0")
    edited = {e["line"]: e["new"] for e in fix["edits"]}
    assert sorted(edited) == [1, 2, 3]
    versions = fix["check"]["versions"]
    assert edited[1] == f"fastapi[all]=={versions['fastapi']}"
    assert edited[2] == f"email-validator=={versions['email-validator']}"
    assert edited[3] == f"typing-extensions=={versions['typing-extensions']}"
    assert Version(versions["email-validator"]) >= Version("2.0.0")
    assert Version(versions["typing-extensions"]) >= Version("4.8.0")
    assert fix["check"]["resolves"] is True and fix["check"]["left_out"] == []
    assert fix["verified"] is True and fix["verification"]["verdict"] == "not_reproduced"
    proc = compiles(tree, applied(requirements, fix["edits"]))
    assert proc.returncode == 0, proc.stderr


def test_a_declared_index_that_cannot_be_reached_is_left_out_of_the_check_and_said(
    tmp_path: Path, repro_cache: Path, osv: FakeOsv
) -> None:
    # A 2019 Poetry project that declares a regional mirror: from here it cannot be reached.
    tree = tmp_path / "t"
    shutil.copytree(REPO / "tests/fixtures/locked/poetryproj", tree)
    pyproject = tree / "pyproject.toml"
    mirror = "http://127.0.0.1:9/simple"
    source = f'\n[[tool.poetry.source]]\nname = "mirror"\nurl = "{mirror}"\n'
    text = pyproject.read_text(encoding="utf-8") + source
    pyproject.write_text(text, encoding="utf-8")
    line = text.split("\n").index(f'url = "{mirror}"') + 1
    target = reproduced(tree, repro_cache, osv, "0.27.0")
    assert target["via"] == ["fastapi 0.100.1"]
    fix = target["fix"]
    # Computed without the mirror: the same fix as the project gets without it.
    assert (fix["package"], fix["from"], fix["to"]) == ("fastapi", "0.100.1", "0.108.0")
    assert [(e["file"], e["line"]) for e in fix["edits"]] == [("pyproject.toml", 6)]
    assert '"fastapi (>=0.108.0)' in fix["edits"][0]["new"]
    assert fix["command"] == "poetry update fastapi starlette"
    shown = f"{mirror} (pyproject.toml:{line})"
    assert (
        f"the index {shown} could not be reached, so the fix was computed and checked without it"
        in (fix["notes"])
    )
    # ... and a check made against other indexes than the project's is never called verified.
    check = fix["check"]
    assert check["resolves"] is True
    assert check["left_out"] == [f"the index {shown}: could not be reached"]
    assert fix["verification"]["verdict"] == "not_reproduced"
    assert fix["verified"] is False
