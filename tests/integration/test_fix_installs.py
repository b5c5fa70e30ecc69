"""A fix is resolved again with its edits applied before it is called verified (issue 15, cause 5).

Everything here is real: the CLI as a subprocess, uv against the package index (public releases for
FastAPI and Starlette, made-up packages on a local fake index that cap Starlette through FastAPI the
way real frameworks do), real sandboxes for every verification run, and ``uv lock`` for the lock.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from packaging.version import Version

from starlette_2093_check.action import wanted_suggestions
from starlette_2093_check.report import render_markdown
from starlette_2093_check.report.load import load_report
from starlette_2093_check.repro.sandbox import find_uv, install_env
from tests.conftest import clean_env, scan_json, write_tree
from tests.fakeindex import FakeIndex
from tests.fakeosv import FakeOsv

pytestmark = pytest.mark.integration

RELEASES = {
    # A platform package that pins FastAPI, which caps Starlette: the project's file shows no parent.
    ("acme-app", "1.0"): ["fastapi==0.103.0"],
    ("acme-app", "1.1"): ["fastapi>=0.108.0"],
    # Its only release pins the capping FastAPI: there is nothing to move it to.
    ("acme-legacy", "1.0"): ["fastapi==0.103.0"],
    # Cannot be resolved here at all: what it needs is on no index.
    ("acme-tools", "1.0"): ["acme-native>=9"],
    ("acme-native", "1.0"): [],
}


@pytest.fixture(scope="module")
def index() -> Iterator[FakeIndex]:
    with FakeIndex(RELEASES) as served:
        yield served


@pytest.fixture(scope="module")
def osv() -> Iterator[FakeOsv]:
    with FakeOsv() as server:
        yield server


def scan(tree: Path, cache: Path, osv: FakeOsv) -> tuple[dict[str, Any], dict[str, Any]]:
    """The reproduced target and its report."""
    code, report, output = scan_json(tree, cache, "--vulnerability-url", osv.url, "-q")
    assert code == 1, output
    [target] = report["targets"]
    assert (target["version"], target["verdict"]) == ("0.27.0", "reproduced"), output
    return target, report


def applied(text: str, edits: list[dict[str, Any]]) -> str:
    lines = text.split("\n")
    for e in edits:
        assert lines[e["line"] - 1] == e["old"]
        lines[e["line"] - 1] = e["new"]
    return "\n".join(lines)


def compiles(tree: Path, requirements: str, index_url: str) -> subprocess.CompletedProcess[str]:
    """``uv pip compile`` (wheels only) on ``requirements``, as an installer would resolve them."""
    path = tree / "check.in"
    path.write_text(requirements.replace(f"--extra-index-url {index_url}\n", ""), encoding="utf-8")
    env = {**install_env(clean_env()), "UV_EXTRA_INDEX_URL": index_url}
    cmd = [find_uv(), "pip", "compile", "--no-config", "--no-build", "--quiet", str(path)]
    return subprocess.run(
        [*cmd, "--python-version", "3.11"], capture_output=True, text=True, env=env, timeout=300, check=False
    )


def test_a_cap_behind_another_package_moves_that_package_and_the_result_installs(
    tmp_path: Path, repro_cache: Path, index: FakeIndex, osv: FakeOsv
) -> None:
    requirements = f"--extra-index-url {index.url}\nacme-app==1.0  # our platform\nstarlette==0.27.0\n"
    tree = write_tree(tmp_path / "t", {"requirements.txt": requirements})
    target, _ = scan(tree, repro_cache, osv)
    fix = target["fix"]
    # Editing only the starlette line would leave acme-app 1.0 (fastapi 0.103.0) uninstallable.
    assert (fix["package"], fix["from"], fix["to"], fix["recommended_parent"]) == (
        "acme-app",
        "1.0",
        "1.1",
        "1.1",
    )
    recommended = fix["recommended"]
    assert Version(recommended) >= Version("0.29.0")
    assert [(e["line"], e["new"]) for e in fix["edits"]] == [
        (2, "acme-app==1.1  # our platform"),
        (3, f"starlette=={recommended}"),
    ]
    check = fix["check"]
    assert check["resolves"] and check["files"] == ["requirements.txt"] and check["left_out"] == []
    assert (check["versions"]["starlette"], check["versions"]["acme-app"]) == (recommended, "1.1")
    # Verified: the set resolves, and the run was made on what it resolves to (anyio included).
    assert fix["verified"] is True and fix["fallback"] is None
    run = fix["verification"]
    assert run["verdict"] == "not_reproduced"
    assert run["evidence"]["versions"]["starlette"] == recommended
    assert run["evidence"]["versions"]["anyio"] == check["versions"]["anyio"]
    # The edited file really resolves.
    proc = compiles(tree, applied(requirements, fix["edits"]), index.url)
    assert proc.returncode == 0, proc.stderr
    assert f"starlette=={recommended}" in proc.stdout


def test_when_nothing_can_move_the_cap_no_edit_is_offered_and_what_was_tried_is_said(
    tmp_path: Path, repro_cache: Path, index: FakeIndex, osv: FakeOsv
) -> None:
    requirements = f"--extra-index-url {index.url}\nacme-legacy==1.0\nstarlette==0.27.0\n"
    tree = write_tree(tmp_path / "t", {"requirements.txt": requirements})
    target, report = scan(tree, repro_cache, osv)
    fix = target["fix"]
    assert fix["edits"] == [] and fix["command"] is None
    assert fix["verified"] is False and fix["recommended"] is None and fix["verification"] is None
    assert fix["check"]["resolves"] is False and "acme-legacy" in fix["check"]["error"]
    assert fix["minimal"] == "0.29.0"
    assert "no change is suggested" in fix["change"]
    notes = " ".join(fix["notes"])
    assert "acme-legacy holds starlette below 0.29.0" in notes
    assert "no release of acme-legacy above 1.0 on the index allows starlette>=0.29.0" in notes
    assert "requirements.txt:3 to starlette==0.29.0" in notes  # the change that was tried
    # No ready-to-apply diff in the comment, and no one-click suggestion on the line.
    loaded = load_report(report)
    body = render_markdown(loaded)
    assert "```diff" not in body
    assert "Not verified: with the change, the requirements in requirements.txt do not resolve" in body
    lines = {"requirements.txt": {3: "starlette==0.27.0", 2: "acme-legacy==1.0"}}
    assert wanted_suggestions(loaded, lines, lambda _f: requirements.encode()) == ({}, [])


def test_a_requirement_that_cannot_resolve_here_is_left_out_and_the_fix_is_not_called_verified(
    tmp_path: Path, repro_cache: Path, index: FakeIndex, osv: FakeOsv
) -> None:
    requirements = f"--extra-index-url {index.url}\nfastapi==0.103.0\nstarlette==0.27.0\nacme-tools==1.0\n"
    tree = write_tree(tmp_path / "t", {"requirements.txt": requirements})
    target, report = scan(tree, repro_cache, osv)
    fix = target["fix"]
    # fastapi caps starlette: found although the whole set never resolves here.
    assert (fix["package"], fix["from"], fix["to"]) == ("fastapi", "0.103.0", "0.108.0")
    assert [e["line"] for e in fix["edits"]] == [2, 3]
    assert fix["edits"][0]["new"] == f"fastapi=={fix['recommended_parent']}"
    check = fix["check"]
    assert check["resolves"] is True
    assert check["left_out"] == ["acme-tools: does not resolve here even on its own"]
    left = "acme-tools was left out of the check: on its own, uv says:"
    assert any(n.startswith(left) for n in fix["notes"])
    # The recommendation is still the newest set the rest allows, and it is not called verified.
    assert fix["fallback"] is None and Version(fix["recommended_parent"]) > Version("0.108.0")
    assert check["versions"]["starlette"] == fix["recommended"]
    assert fix["verification"]["verdict"] == "not_reproduced"
    assert fix["verified"] is False
    body = render_markdown(load_report(report))
    assert "Not verified: with the change, the requirements in requirements.txt resolve" in body
    assert "only without acme-tools" in body


def test_a_lock_is_fixed_in_its_manifest_which_is_resolved_again(
    tmp_path: Path, repro_cache: Path, osv: FakeOsv
) -> None:
    # Locked a while ago; Starlette is a direct dependency, so the lock shows no parent above it.
    pyproject = (
        '[project]\nname = "orders"\nversion = "1.0.0"\nrequires-python = ">=3.9"\n'
        'dependencies = [\n    "fastapi>=0.100",\n    "starlette",\n]\n'
    )
    tree = write_tree(tmp_path / "t", {"pyproject.toml": pyproject})
    lock = subprocess.run(
        [find_uv(), "lock", "--no-config", "--quiet", "--resolution", "lowest-direct"],
        cwd=tree,
        env=install_env(clean_env()),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert lock.returncode == 0, lock.stderr
    target, report = scan(tree, repro_cache, osv)
    assert (target["resolution"], target["via"]) == ("lock", [])
    fix = target["fix"]
    # The lock's fastapi caps starlette: both declarations stop allowing what the lock has now.
    assert (fix["package"], fix["from"], fix["to"]) == ("fastapi", "0.100.0", "0.108.0")
    assert [(e["file"], e["line"], e["new"].strip()) for e in fix["edits"]] == [
        ("pyproject.toml", 6, '"fastapi>=0.108.0",'),
        ("pyproject.toml", 7, '"starlette>=0.29.0",'),
    ]
    assert fix["regenerate"] == "uv.lock"
    assert fix["command"] == "uv lock --upgrade-package fastapi --upgrade-package starlette"
    assert fix["change"].endswith("then run `uv lock --upgrade-package fastapi --upgrade-package starlette`")
    # Verified on the manifest with the edits, resolved again.
    assert fix["check"]["files"] == ["pyproject.toml"] and fix["check"]["resolves"] is True
    assert fix["verified"] is True
    assert fix["verification"]["evidence"]["versions"]["starlette"] == fix["check"]["versions"]["starlette"]
    body = render_markdown(load_report(report))
    assert "uv.lock still pins the old versions: after the edit, regenerate it from its manifest." in body
