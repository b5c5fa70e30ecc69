"""Fix advice computed from the index and verified by running the repro again (issue 5).

Everything here is real: the CLI as a subprocess, uv against the package index for release lists,
parent metadata and resolution, real sandboxes for every verification run, and a real OSV-shaped
HTTP server on 127.0.0.1 for the advisory audit.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from packaging.version import Version

from tests.conftest import REPO, scan_json, write_tree
from tests.fakeindex import FakeIndex
from tests.fakeosv import FakeOsv

pytestmark = pytest.mark.integration


def by_root(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {t["root"]: t for t in report["targets"]}


@pytest.fixture(scope="module")
def osv() -> Any:
    with FakeOsv() as server:
        yield server


TREE = {
    # FastAPI pins Starlette: the parent is what has to move.
    "admin/requirements.txt": "# back office\nfastapi==0.95.1\nuvicorn==0.22.0  # server\n",
    # Starlette pinned directly: its own line changes.
    "api/requirements.txt": "# API service\nstarlette==0.27.0\nuvicorn==0.22.0  # production server\n",
    # pip-compile output beside its input: the compile command, and the .in line that caps fastapi.
    "compiled/requirements.in": "fastapi<0.101\nuvicorn\n",
}


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = write_tree(tmp_path_factory.mktemp("fixes"), TREE)
    shutil.copy(REPO / "tests/fixtures/formats/requirements-compiled/requirements.txt", base / "compiled")
    for lock in ("uvproj", "poetryproj"):
        shutil.copytree(REPO / "tests/fixtures/locked" / lock, base / lock)
    return base


@pytest.fixture(scope="module")
def scanned(tree: Path, repro_cache: Path, osv: Any) -> tuple[int, dict[str, Any], str]:
    return scan_json(tree, repro_cache, "--vulnerability-url", osv.url)


def test_a_fastapi_pin_gets_the_lowest_fastapi_that_admits_the_fix(
    scanned: tuple[int, dict[str, Any], str],
) -> None:
    code, report, output = scanned
    assert code == 1, output
    target = by_root(report)["admin"]
    assert (target["version"], target["verdict"]) == ("0.26.1", "reproduced")
    fix = target["fix"]
    # Computed from the index: fastapi 0.108.0 is its first release whose requirement admits 0.29.0.
    assert (fix["package"], fix["from"], fix["to"]) == ("fastapi", "0.95.1", "0.108.0")
    assert "upgrade fastapi to 0.108.0 or later" in fix["change"]
    assert (fix["file"], fix["line"]) == ("admin/requirements.txt", 2)
    assert fix["minimal"] == "0.29.0"
    # The recommendation is the newest the project allows, and it was run: it passes.
    assert Version(fix["recommended_parent"]) >= Version("0.108.0")
    assert Version(fix["recommended"]) >= Version("0.29.0")
    assert fix["verification"]["verdict"] == "not_reproduced"
    assert fix["verification"]["version"] == fix["recommended"]
    assert fix["verification"]["evidence"]["versions"]["starlette"] == fix["recommended"]
    assert (
        fix["verification"]["second_request_ms"]
        < 500
        < target["evidence"]["http"]["requests"][1]["latency_ms"]
    )
    [edit] = fix["edits"]
    assert edit == {
        "file": "admin/requirements.txt",
        "line": 2,
        "old": "fastapi==0.95.1",
        "new": f"fastapi=={fix['recommended_parent']}",
        "hashed": False,
    }
    assert fix["command"] is None


def test_a_direct_pin_changes_the_starlette_line(scanned: tuple[int, dict[str, Any], str]) -> None:
    _, report, _ = scanned
    fix = by_root(report)["api"]["fix"]
    assert (fix["package"], fix["from"], fix["to"]) == ("starlette", "0.27.0", "0.29.0")
    [edit] = fix["edits"]
    assert (edit["file"], edit["line"], edit["old"]) == ("api/requirements.txt", 2, "starlette==0.27.0")
    assert edit["new"] == f"starlette=={fix['recommended']}"
    assert fix["verification"]["verdict"] == "not_reproduced"
    assert "upgrade starlette to 0.29.0 or later" in fix["change"]


def test_locks_get_their_tools_update_command(scanned: tuple[int, dict[str, Any], str]) -> None:
    _, report, _ = scanned
    targets = by_root(report)
    expected = {
        "uvproj": "uv lock --upgrade-package fastapi --upgrade-package starlette",
        "poetryproj": "poetry update fastapi starlette",
        "compiled": "pip-compile requirements.in --upgrade-package fastapi --upgrade-package starlette",
    }
    for root, command in expected.items():
        fix = targets[root]["fix"]
        assert fix["command"] == command, root
        assert (fix["package"], fix["to"]) == ("fastapi", "0.108.0"), root
        assert fix["verification"]["verdict"] == "not_reproduced", root
        assert command in fix["change"]
    # The declared cap excludes the fix, so the declaration changes as well as the lock.
    [uv_edit] = targets["uvproj"]["fix"]["edits"]
    assert (uv_edit["file"], uv_edit["old"].strip()) == ("uvproj/pyproject.toml", '"fastapi>=0.100,<0.101",')
    assert uv_edit["new"].strip() == '"fastapi>=0.108.0",'
    [in_edit] = targets["compiled"]["fix"]["edits"]
    assert (in_edit["file"], in_edit["line"], in_edit["new"]) == (
        "compiled/requirements.in",
        1,
        "fastapi>=0.108.0",
    )


def test_advisories_come_from_the_audit_and_the_recommendation_clears_them(
    scanned: tuple[int, dict[str, Any], str], osv: Any
) -> None:
    _, report, _ = scanned
    api = by_root(report)["api"]
    audit = api["advisories"]
    assert audit["error"] is None
    assert audit["audited"] == ["starlette==0.27.0"]
    ids = {a["id"] for a in audit["advisories"]}
    aliases = {alias for a in audit["advisories"] for alias in a["aliases"]} | ids
    assert "CVE-2024-47874" in aliases  # fixed in 0.40.0, after 0.27.0
    assert "CVE-2023-29159" not in aliases  # fixed in 0.27.0 itself
    assert api["fix"]["remaining_advisories"] == []
    assert any(q["package"]["name"] == "starlette" for q in osv.queries)


def test_the_rest_of_the_set_is_audited_behind_a_switch(tmp_path: Path, repro_cache: Path, osv: Any) -> None:
    tree = write_tree(tmp_path / "t", {"requirements.txt": "starlette==0.27.0\ndemo-widgets==1.0\n"})
    _, report, _ = scan_json(tree, repro_cache, "--vulnerability-url", osv.url, "--audit", "all", "-q")
    [target] = report["targets"]
    assert {"starlette==0.27.0", "demo-widgets==1.0"} <= set(target["advisories"]["audited"])
    assert {a["package"] for a in target["advisories"]["advisories"]} == {"starlette", "demo-widgets"}


def test_an_unreachable_vulnerability_service_is_never_called_clear(
    tmp_path: Path, repro_cache: Path
) -> None:
    tree = write_tree(tmp_path / "t", {"requirements.txt": "starlette==0.29.0\n"})
    _, report, _ = scan_json(tree, repro_cache, "--vulnerability-url", "http://127.0.0.1:9/v1/query", "-q")
    [target] = report["targets"]
    assert target["verdict"] == "not_reproduced"
    assert target["advisories"]["advisories"] == []
    assert "127.0.0.1:9" in target["advisories"]["error"]


def test_scan_fix_round_trips_real_files(tmp_path: Path, repro_cache: Path, osv: Any) -> None:
    requirements = (  # CRLF, odd spacing, a marker and a comment: all kept
        "# API service\r\n"
        "STARLETTE == 0.27.0 ; python_version >= '3.8'  # pinned after the outage\r\n"
        "uvicorn==0.22.0\r\n"
    )
    pyproject = (
        "[project]\n"
        'name = "admin"  # the back office\n'
        'version = "1.0"\n'
        "dependencies = [\n"
        '    "fastapi[all]==0.95.1",  # see ADR-7\n'
        '    "uvicorn>=0.22",\n'
        "]\n"
        "\n"
        "[tool.ruff]\n"
        "line-length = 100\n"
    )
    tree = write_tree(
        tmp_path / "t", {"api/requirements.txt": requirements, "admin/pyproject.toml": pyproject}
    )
    before = {p: (tree / p).read_bytes() for p in ("api/requirements.txt", "admin/pyproject.toml")}
    code, report, output = scan_json(tree, repro_cache, "--vulnerability-url", osv.url, "--fix=latest", "-q")
    assert code == 1 and "--fix: changed" in output, output
    fixes = {t["root"]: t["fix"] for t in report["targets"]}
    for path, root in (("api/requirements.txt", "api"), ("admin/pyproject.toml", "admin")):
        [edit] = fixes[root]["edits"]
        after = (tree / path).read_bytes()
        old_lines, new_lines = before[path].splitlines(keepends=True), after.splitlines(keepends=True)
        assert len(old_lines) == len(new_lines)
        changed = [i + 1 for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=True)) if a != b]
        assert changed == [edit["line"]], path
        ending = b"\r\n" if path.endswith(".txt") else b"\n"
        assert new_lines[edit["line"] - 1] == edit["new"].encode() + ending
    text = (tree / "api/requirements.txt").read_text(encoding="utf-8")
    assert f"STARLETTE =={fixes['api']['recommended']} ; python_version >= '3.8'  # pinned after" in text
    assert f'"fastapi[all]=={fixes["admin"]["recommended_parent"]}",  # see ADR-7' in (
        tree / "admin/pyproject.toml"
    ).read_text(encoding="utf-8")
    # Scanning the fixed checkout again: the bug no longer reproduces anywhere.
    code, report, output = scan_json(tree, repro_cache, "--vulnerability-url", osv.url, "-q")
    assert code == 0, output
    assert {t["verdict"] for t in report["targets"]} == {"not_reproduced"}


def test_any_parent_that_caps_starlette_is_moved_to_its_lowest_admitting_release(
    tmp_path: Path, repro_cache: Path, osv: Any
) -> None:
    # A made-up framework on a second index: its releases cap Starlette the way FastAPI does.
    releases = {
        ("acme-web", "1.0"): ["starlette>=0.27,<0.28"],
        ("acme-web", "1.1"): ["starlette>=0.28,<0.29"],
        ("acme-web", "1.2"): ["starlette>=0.29,<0.30"],
        ("acme-web", "2.0"): ["starlette>=0.30,<0.31"],
    }
    with FakeIndex(releases) as index:
        tree = write_tree(
            tmp_path / "t",
            {"requirements.txt": f"--extra-index-url {index.url}\nacme-web==1.0  # our framework\n"},
        )
        code, report, output = scan_json(tree, repro_cache, "--vulnerability-url", osv.url, "-q")
    assert code == 1, output
    [target] = report["targets"]
    assert (target["version"], target["via"], target["verdict"]) == ("0.27.0", ["acme-web 1.0"], "reproduced")
    fix = target["fix"]
    assert (fix["package"], fix["from"], fix["to"]) == ("acme-web", "1.0", "1.2")
    assert "upgrade acme-web to 1.2 or later" in fix["change"]
    assert (fix["recommended_parent"], fix["recommended"]) == ("2.0", "0.30.0")
    assert fix["verification"]["verdict"] == "not_reproduced"
    [edit] = fix["edits"]
    assert (edit["line"], edit["old"], edit["new"]) == (
        2,
        "acme-web==1.0  # our framework",
        "acme-web==2.0  # our framework",
    )
