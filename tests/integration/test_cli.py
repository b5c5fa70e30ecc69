"""The CLI as users run it: a real subprocess over a checkout with good and bad roots."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, clean_env, write_tree

pytestmark = pytest.mark.integration

MIXED = {
    "good/requirements.txt": "# service that is affected\nstarlette==0.27.0\n",
    "fixed/requirements.txt": "starlette==0.29.0\n",
    "broken/pyproject.toml": "[project]\nname = 'broken'\ndependencies = [\n",
    "binary/requirements.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00",
    "escape/requirements.txt": "starlette==0.27.0\n-r ../../../outside.txt\n",
    "loop/requirements.txt": "-r requirements-dev.txt\nstarlette==0.29.0\n",
    "loop/requirements-dev.txt": "pytest\n-r requirements.txt\n",
    "unresolvable/requirements.txt": "starlette>=0.20\nno-such-package-for-this-test-zz==1.0\n",
}


def run_cli(*args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**clean_env(), "REPRO_CACHE_DIR": str(cache), "GITHUB_TOKEN": "ghs_must_not_leak"}
    return subprocess.run(
        [sys.executable, str(REPO / "entrypoint.py"), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="module")
def mixed_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tree(tmp_path_factory.mktemp("mixed"), MIXED)


@pytest.fixture(scope="module")
def mixed_json(mixed_tree: Path, repro_cache: Path) -> tuple[int, dict[str, Any]]:
    proc = run_cli("scan", str(mixed_tree), "--format", "json", cache=repro_cache)
    assert proc.stdout, proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def test_json_follows_the_contract(mixed_json: tuple[int, dict[str, Any]]) -> None:
    _, report = mixed_json
    assert report["schema_version"] == 1
    assert set(report) >= {"targets", "scanned", "errors"}
    for target in report["targets"]:
        assert set(target) >= {"root", "package", "version", "source", "via", "verdict", "evidence", "fix"}
        assert set(target["source"]) == {"file", "line"}
    by_root = {t["root"]: t for t in report["targets"]}
    good = by_root["good"]
    assert (good["version"], good["verdict"], good["source"]) == (
        "0.27.0",
        "reproduced",
        {"file": "good/requirements.txt", "line": 2},
    )
    assert good["fix"]["to"] == "0.29.0" and good["fix"]["file"] == "good/requirements.txt"
    assert good["fix"]["verification"]["verdict"] == "not_reproduced"
    assert by_root["fixed"]["verdict"] == "not_reproduced" and by_root["fixed"]["fix"] is None
    assert "good/requirements.txt" in report["scanned"]


def test_every_bad_input_is_an_error_naming_its_file(mixed_json: tuple[int, dict[str, Any]]) -> None:
    _, report = mixed_json
    errors = {(e["file"], e["line"]): e["message"] for e in report["errors"]}
    files = {file for file, _ in errors}
    assert "broken/pyproject.toml" in files
    assert "binary/requirements.txt" in files
    assert ("escape/requirements.txt", 2) in errors
    assert any(f.startswith("loop/") for f in files)
    # a requirement uv cannot resolve is left out of the answer, which names it at its line
    assert not any(f.startswith("unresolvable/") for f in files)
    (left,) = {t["root"]: t for t in report["targets"]}["unresolvable"]["left_out"]
    assert (left["file"], left["line"]) == ("unresolvable/requirements.txt", 2)
    assert "invalid TOML" in next(m for (f, _), m in errors.items() if f == "broken/pyproject.toml")


def test_other_roots_still_decide_the_exit_code(mixed_json: tuple[int, dict[str, Any]]) -> None:
    code, report = mixed_json
    assert any(t["verdict"] == "reproduced" for t in report["targets"])
    assert code == 1


def test_no_token_in_the_output(mixed_json: tuple[int, dict[str, Any]]) -> None:
    assert "ghs_must_not_leak" not in json.dumps(mixed_json[1])


def test_fail_on_controls_the_exit_code(tmp_path: Path, repro_cache: Path) -> None:
    tree = write_tree(
        tmp_path, {"ok/requirements.txt": "starlette==0.29.0\n", "bad/pyproject.toml": "[project\n"}
    )
    assert run_cli("scan", str(tree), "-q", cache=repro_cache).returncode == 0
    assert run_cli("scan", str(tree), "-q", "--fail-on", "inconclusive", cache=repro_cache).returncode == 1
    affected = write_tree(tmp_path / "affected", {"requirements.txt": "starlette==0.27.0\n"})
    assert run_cli("scan", str(affected), "-q", "--fail-on", "never", cache=repro_cache).returncode == 0


def test_text_and_markdown_reports(mixed_tree: Path, repro_cache: Path) -> None:
    text = run_cli("scan", str(mixed_tree), cache=repro_cache)
    assert "REPRODUCED" in text.stdout and "good/requirements.txt:2" in text.stdout
    assert "==> " in text.stderr  # progress goes to stderr, never into the report
    md = run_cli("scan", str(mixed_tree), "--format", "markdown", "-q", cache=repro_cache).stdout
    for heading in (
        "### What breaks",
        "### Evidence",
        "### Fix",
        "### When not to apply it",
        "### What to watch in production",
        "Files that could not be read or resolved (5)",
    ):
        assert heading in md
    assert (
        "upgrade starlette to 0.29.0 or later (0.27.0 now): change good/requirements.txt:2 to `starlette=="
        in md
    )


def test_usage_errors_exit_2(tmp_path: Path, repro_cache: Path) -> None:
    assert run_cli("scan", str(tmp_path / "missing"), cache=repro_cache).returncode == 2
    assert run_cli("scan", "--format", "yaml", cache=repro_cache).returncode == 2
    assert run_cli(cache=repro_cache).returncode == 2


def test_module_entry_point_works(repro_cache: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "scan", "--help"], capture_output=True, text=True, cwd=REPO, check=False
    )
    assert proc.returncode == 0 and "--fail-on" in proc.stdout


def test_locked_projects_run_on_the_locked_versions(repro_cache: Path) -> None:
    proc = run_cli("scan", str(REPO / "tests/fixtures/locked"), "--format", "json", "-q", cache=repro_cache)
    report = json.loads(proc.stdout)
    assert report["errors"] == []
    by_root = {t["root"]: t for t in report["targets"]}
    expected_source = {
        "uvproj": {"file": "uvproj/uv.lock", "line": 431},
        "poetryproj": {"file": "poetryproj/poetry.lock", "line": 67},
    }
    for root, source in expected_source.items():
        target = by_root[root]
        assert (target["version"], target["resolution"], target["source"]) == ("0.27.0", "lock", source)
        assert target["via"] == ["fastapi 0.100.1"]
        assert target["companions"] == {"anyio": "3.7.1"}
        assert target["evidence"]["versions"]["anyio"] == "3.7.1"  # the lock's anyio, not the newest
        assert target["python"]["request"] == ">=3.9"
        assert target["verdict"] == "reproduced"
    assert by_root["uvproj"]["fix"]["change"].endswith(
        "then run `uv lock --upgrade-package fastapi --upgrade-package starlette`"
    )
    assert proc.returncode == 1


def test_index_url_reaches_uv_and_failures_are_never_safe(tmp_path: Path) -> None:
    tree = write_tree(
        tmp_path / "tree",
        {"pinned/requirements.txt": "starlette==0.29.0\n", "ranged/requirements.txt": "fastapi>=0.100\n"},
    )
    dead_index = "http://127.0.0.1:9/simple"  # nothing listens on the discard port
    proc = run_cli(
        "scan", str(tree), "--format", "json", "-q", "--index-url", dead_index, cache=tmp_path / "empty-cache"
    )
    report = json.loads(proc.stdout)
    by_root = {t["root"]: t for t in report["targets"]}
    pinned = by_root["pinned"]
    # the root the dead index could not resolve is there too: inconclusive, never left out
    assert (by_root["ranged"]["version"], by_root["ranged"]["verdict"]) == ("unknown", "inconclusive")
    assert pinned["verdict"] == "inconclusive"  # could not install: not "not_reproduced"
    assert "could not install" in pinned["reason"] and "127.0.0.1:9" in pinned["reason"]
    (error,) = report["errors"]
    assert (error["file"], error["line"]) == ("ranged/requirements.txt", 1)
    assert error["message"].startswith("could not resolve")
    assert proc.returncode == 0
    strict = run_cli(
        "scan",
        str(tree),
        "-q",
        "--index-url",
        dead_index,
        "--fail-on",
        "inconclusive",
        cache=tmp_path / "empty-cache",
    )
    assert strict.returncode == 1
