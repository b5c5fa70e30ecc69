"""``scan --fix=minimal`` (the default) and ``--fix=latest``, each verified by running (issue 18).

The minimal fix moves each package to its lowest release that carries the fix: fastapi 0.108.0
for a project on 0.95.1, not the newest FastAPI across its Pydantic v2 change. Its changed set is
resolved again and the reproduction runs on what it resolves to, like the recommendation's. The
edits keep the declaration's shape: an exact pin stays exact, ``~=`` stays ``~=``, and Poetry's
``^``, ``~`` and bare versions stay as they are written; everything else on the line and in the file
stays byte for byte. Everything is real: the CLI as a subprocess, uv against the package index, real
sandboxes, and the OSV-shaped server on 127.0.0.1 for the audit.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from packaging.version import Version

from starlette_2093_check.report.load import load_report
from starlette_2093_check.report.markdown import render_markdown
from starlette_2093_check.report.text import render_text
from tests.conftest import REPO, clean_env, flat, scan_cli, scan_json, write_tree
from tests.fakeosv import FakeOsv

pytestmark = pytest.mark.integration

TILDE = """[tool.poetry]
name = "reports"
version = "0.1.0"
description = "Reporting service"
authors = ["Ops <ops@example.com>"]

[tool.poetry.dependencies]
python = "^3.11"
fastapi = { version = "~0.100.1" }  # the team's own pin
"""
BARE = """[tool.poetry]
name = "legacy"
version = "0.9.2"
description = "Legacy dashboard"
authors = ["Ops <ops@example.com>"]

[tool.poetry.dependencies]
python = "^3.8"
fastapi = "0.100.1"
starlette = "0.27.0"
"""
TREE = {
    "admin/requirements.txt": "# back office\r\nfastapi==0.95.1  # pinned by ops\r\nuvicorn==0.22.0\r\n",
    "compat/requirements.txt": "fastapi ~=0.95.1\n",
    "tilde/pyproject.toml": TILDE,
    "bare/pyproject.toml": BARE,
}
# root -> (file, line, as written now, the minimal fix's line)
MINIMAL = {
    "admin": (
        "admin/requirements.txt",
        2,
        "fastapi==0.95.1  # pinned by ops",
        "fastapi==0.108.0  # pinned by ops",
    ),
    "compat": ("compat/requirements.txt", 1, "fastapi ~=0.95.1", "fastapi ~=0.108.0"),
    "tilde": (
        "tilde/pyproject.toml",
        9,
        'fastapi = { version = "~0.100.1" }  # the team\'s own pin',
        'fastapi = { version = "~0.108.0" }  # the team\'s own pin',
    ),
    "caret": ("caret/pyproject.toml", 10, 'fastapi = "^0.100.1"', 'fastapi = "^0.108.0"'),
}


@pytest.fixture(scope="module")
def osv() -> Iterator[FakeOsv]:
    with FakeOsv() as server:
        yield server


def make_tree(base: Path) -> Path:
    tree = write_tree(base, dict(TREE))
    shutil.copytree(REPO / "tests/fixtures/formats/poetry-new", tree / "caret")  # ^0.100.1 and a lock
    (tree / "caret/expected.json").unlink()
    return tree


def snapshot(tree: Path) -> dict[str, bytes]:
    return {str(p.relative_to(tree)): p.read_bytes() for p in sorted(tree.rglob("*")) if p.is_file()}


def changed_lines(before: bytes, after: bytes) -> list[tuple[int, bytes, bytes]]:
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    assert len(old) == len(new)
    return [(n + 1, a, b) for n, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]


@pytest.fixture(scope="module")
def minimal_run(
    tmp_path_factory: pytest.TempPathFactory, repro_cache: Path, osv: FakeOsv
) -> tuple[Path, dict[str, bytes], int, dict[str, Any], str]:
    tree = make_tree(tmp_path_factory.mktemp("minimal"))
    before = snapshot(tree)
    code, report, output = scan_json(tree, repro_cache, "--vulnerability-url", osv.url, "--fix")
    return tree, before, code, report, output


def by_root(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {t["root"]: t for t in report["targets"]}


def test_plain_fix_moves_fastapi_to_its_lowest_release_that_carries_the_fix_in_the_same_shape(
    minimal_run: tuple[Path, dict[str, bytes], int, dict[str, Any], str],
) -> None:
    tree, before, code, report, output = minimal_run
    assert code == 1, output  # the scan found the bug; every edit applied (else 2)
    targets = by_root(report)
    assert {r: t["verdict"] for r, t in targets.items()} == dict.fromkeys(
        ("admin", "compat", "tilde", "caret", "bare"), "reproduced"
    ), output
    after = snapshot(tree)
    for root, (file, line, old, new) in MINIMAL.items():
        ending = b"\r\n" if root == "admin" else b"\n"
        assert changed_lines(before[file], after[file]) == [
            (line, old.encode() + ending, new.encode() + ending)
        ], root
        assert f"--fix: changed: {file}:{line}: " in output
        assert targets[root]["fix"]["to"] == "0.108.0"
    # Poetry's bare versions (exact pins) stay bare; Starlette's own pin moves with FastAPI.
    assert changed_lines(before["bare/pyproject.toml"], after["bare/pyproject.toml"]) == [
        (9, b'fastapi = "0.100.1"\n', b'fastapi = "0.108.0"\n'),
        (10, b'starlette = "0.27.0"\n', b'starlette = "0.29.0"\n'),
    ]
    # Nothing else in the checkout changed; the lock is refreshed by its tool, not by us.
    assert {p for p in before if before[p] != after[p]} == {
        *(f for f, *_ in MINIMAL.values()),
        "bare/pyproject.toml",
    }
    assert "--fix: now run: poetry update fastapi starlette" in output


def test_the_minimal_fix_is_resolved_again_and_run(
    minimal_run: tuple[Path, dict[str, bytes], int, dict[str, Any], str],
) -> None:
    _, _, _, report, output = minimal_run
    for root, target in by_root(report).items():
        fix = target["fix"]
        low = fix["minimal_fix"]
        assert low["verified"] is True, (root, low)
        assert low["check"]["resolves"] and low["check"]["versions"]["fastapi"] == "0.108.0", root
        # The run was on what the changed set resolves to, not on the card's version.
        assert low["version"] == low["check"]["versions"]["starlette"], root
        assert low["verification"]["verdict"] == "not_reproduced", root
        assert low["verification"]["evidence"]["versions"]["starlette"] == low["version"], root
        assert low["verification"]["second_request_ms"] < 500, root
        assert low["parent"] == "0.108.0", root
        assert "0.108.0" in low["change"] and low["edits"], root
        # The recommendation (the newest set) is still there, for --fix=latest.
        assert Version(fix["recommended_parent"]) > Version("0.108.0"), root
        assert fix["edits"] != low["edits"], root
        # The audit says what each leaves: the minimal fix keeps advisories the newest set clears.
        assert low["remaining_advisories"] and not fix["remaining_advisories"], root
    assert "not verified" not in output


def test_the_reports_show_the_change_that_fix_applied(
    minimal_run: tuple[Path, dict[str, bytes], int, dict[str, Any], str],
) -> None:
    """The text report and the comment show as the fix the edit `scan --fix` made, and the newest
    set once per project, in the comment's collapsed section."""
    _, _, _, report, _ = minimal_run
    loaded = load_report(report)
    text, markdown = flat(render_text(loaded)), render_markdown(loaded)
    fix_section = markdown.split("<summary>The fix: how it was checked", 1)[1].split("</details>", 1)[0]
    for file, line, old, new in MINIMAL.values():
        assert flat(f"edit: {file}:{line}: {old} -> {new}") in text
        assert f"+{new}" in fix_section
    assert text.count("newest allowed: starlette ") == len(report["targets"])
    assert fix_section.count("Newest allowed: starlette ") == len(report["targets"])
    assert "Newest allowed" not in markdown.split("<details>", 1)[0]


def test_the_fixed_checkout_no_longer_reproduces(
    minimal_run: tuple[Path, dict[str, bytes], int, dict[str, Any], str], repro_cache: Path, osv: FakeOsv
) -> None:
    tree = minimal_run[0]
    _, report, output = scan_json(tree, repro_cache, "--vulnerability-url", osv.url, "-q")
    verdicts = {t["root"]: (t["verdict"], t["version"]) for t in report["targets"]}
    # The lock still pins the old versions until `poetry update` runs; every other root is fixed.
    assert verdicts.pop("caret") == ("reproduced", "0.27.0"), output
    assert {v for v, _ in verdicts.values()} == {"not_reproduced"}, output
    assert all(Version(version) < Version("0.33") for _, version in verdicts.values()), verdicts


def test_fix_latest_moves_to_the_newest_set_and_keeps_the_shape(
    tmp_path: Path, repro_cache: Path, osv: FakeOsv
) -> None:
    tree = make_tree(tmp_path / "latest")
    before = snapshot(tree)
    code, report, output = scan_json(tree, repro_cache, "--vulnerability-url", osv.url, "--fix=latest", "-q")
    assert code == 1, output
    targets = by_root(report)
    after = snapshot(tree)
    for root, (file, line, old, _) in MINIMAL.items():
        newest = targets[root]["fix"]["recommended_parent"]
        assert Version(newest) > Version("0.108.0"), root
        expected = old.replace("0.95.1", newest).replace("0.100.1", newest)
        ending = b"\r\n" if root == "admin" else b"\n"
        assert changed_lines(before[file], after[file]) == [
            (line, old.encode() + ending, expected.encode() + ending)
        ]
        assert targets[root]["fix"]["verified"] is True, root


def test_an_unknown_fix_mode_is_a_usage_error(tmp_path: Path, repro_cache: Path) -> None:
    proc = scan_cli(tmp_path, repro_cache, "--fix=newest")
    assert proc.returncode == 2
    assert "--fix takes minimal or latest, not 'newest'" in proc.stderr


def test_fix_before_the_path_reads_it_as_the_path(tmp_path: Path, repro_cache: Path) -> None:
    """`scan --fix PATH` (the order people type) scans PATH with the minimal fix."""
    tree = tmp_path / "fixed"
    tree.mkdir()
    (tree / "requirements.txt").write_text("starlette==0.29.0\n")
    proc = subprocess.run(
        [sys.executable, str(REPO / "entrypoint.py"), "scan", "--fix", str(tree), "--format", "json"],
        capture_output=True,
        text=True,
        env={**clean_env(), "REPRO_CACHE_DIR": str(repro_cache)},
        cwd=tmp_path,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    [target] = json.loads(proc.stdout)["targets"]
    assert (target["version"], target["verdict"]) == ("0.29.0", "not_reproduced")


def test_help_names_both_modes() -> None:
    proc = subprocess.run(
        [sys.executable, str(REPO / "entrypoint.py"), "scan", "--help"],
        capture_output=True,
        text=True,
        env=clean_env(),
        check=False,
    )
    assert proc.returncode == 0
    assert "--fix [minimal|latest]" in proc.stdout and "fastapi" in proc.stdout
