"""The policy file through ``entrypoint.py scan`` (issue 19 §1): found at the top of PATH, or named
with ``--config``, or left out with ``--no-config``; its errors stop the scan with file:line.

Starlette comes from a git branch here, so each target is ``inconclusive`` at once (nothing is
installed or run): the exit code tells which ``fail-on`` applied, with no index and no sandbox.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import scan_cli, scan_json, write_tree

pytestmark = pytest.mark.integration

FORK = "starlette @ git+https://example.invalid/fork/starlette@main\n"
YML = ".github/starlette-check.yml"
TREE = {
    "services/api/requirements.txt": FORK,
    "services/legacy/requirements.txt": FORK,
    "tests/app/requirements.txt": FORK,
}


def test_an_unknown_key_stops_the_scan_with_the_file_and_line(tmp_path: Path, repro_cache: Path) -> None:
    yml = write_tree(
        tmp_path / "a", {**TREE, YML: "inputs:\n  fail-on: inconclusive\npath:\n  exclude: [x]\n"}
    )
    run = scan_cli(yml, repro_cache, "--audit", "off")
    assert run.returncode == 2 and run.stdout == "", run.stderr
    assert f"error: {YML}:3: unknown key `path`" in run.stderr
    toml = write_tree(
        tmp_path / "b",
        {**TREE, "pyproject.toml": '[project]\nname = "x"\n\n[tool.starlette-check.paths]\nexcluded = []\n'},
    )
    run = scan_cli(toml, repro_cache, "--audit", "off")
    assert run.returncode == 2 and "error: pyproject.toml:5: unknown key `excluded` in `paths`" in run.stderr


def test_both_files_stop_the_scan(tmp_path: Path, repro_cache: Path) -> None:
    tree = write_tree(
        tmp_path, {**TREE, YML: "ignore: []\n", "pyproject.toml": "[tool.starlette-check]\npaths = {}\n"}
    )
    run = scan_cli(tree, repro_cache, "--audit", "off")
    assert run.returncode == 2
    assert (
        "error: pyproject.toml:1: the policy is written both here and in .github/starlette-check.yml"
        in run.stderr
    )


def test_the_files_fail_on_applies_and_the_command_line_wins(tmp_path: Path, repro_cache: Path) -> None:
    tree = write_tree(tmp_path, {**TREE, YML: "inputs:\n  fail-on: inconclusive\n"})
    code, report, output = scan_json(tree, repro_cache, "--audit", "off")
    assert code == 1, output[-3000:]  # the file's fail-on: an inconclusive project fails
    assert {t["verdict"] for t in report["targets"]} == {"inconclusive"}
    assert scan_json(tree, repro_cache, "--audit", "off", "--fail-on", "reproduced")[0] == 0
    assert scan_json(tree, repro_cache, "--audit", "off", "--no-config")[0] == 0


def test_paths_change_what_discovery_finds(tmp_path: Path, repro_cache: Path) -> None:
    policy = "paths:\n  exclude: [services/legacy]\n  default-excludes: false\n"
    tree = write_tree(tmp_path, {**TREE, YML: policy})
    _, without, _ = scan_json(tree, repro_cache, "--audit", "off", "--no-config")
    assert sorted(without["scanned"]) == ["services/api/requirements.txt", "services/legacy/requirements.txt"]
    _, report, output = scan_json(tree, repro_cache, "--audit", "off")
    assert sorted(report["scanned"]) == ["services/api/requirements.txt", "tests/app/requirements.txt"], (
        output
    )
    assert sorted(t["root"] for t in report["targets"]) == ["services/api", "tests/app"]
    # --skip and --include add to the file's patterns
    _, both, _ = scan_json(tree, repro_cache, "--audit", "off", "--skip", "tests")
    assert both["scanned"] == ["services/api/requirements.txt"]


def test_config_names_another_file_and_untrusted_reads_only_that_one(
    tmp_path: Path, repro_cache: Path
) -> None:
    # Someone else's checkout whose file would switch off failing; the team's copy is elsewhere.
    tree = write_tree(tmp_path / "pr", {**TREE, YML: "inputs:\n  fail-on: never\n"})
    team = write_tree(tmp_path / "team", {"policy.yml": "inputs:\n  fail-on: inconclusive\n"})
    assert scan_json(tree, repro_cache, "--audit", "off", "--config", str(team / "policy.yml"))[0] == 1
    code, _, output = scan_json(
        tree, repro_cache, "--audit", "off", "--untrusted", "--fail-on", "inconclusive"
    )
    assert code == 1, "the checkout's fail-on: never was not read"
    assert "is not read (--untrusted)" in output
    code, _, _ = scan_json(
        tree, repro_cache, "--audit", "off", "--untrusted", "--config", str(team / "policy.yml")
    )
    assert code == 1
    run = scan_cli(tree, repro_cache, "--config", str(tmp_path / "nowhere.yml"))
    assert run.returncode == 2 and "nowhere.yml: cannot read it" in run.stderr
    run = scan_cli(tree, repro_cache, "--config", str(team / "policy.yml"), "--no-config")
    assert run.returncode == 2 and "not allowed with argument" in run.stderr


def test_a_file_cannot_set_the_index_or_run_packs(tmp_path: Path, repro_cache: Path) -> None:
    tree = write_tree(
        tmp_path,
        {**TREE, YML: "inputs:\n  index-url: http://127.0.0.1:9/simple\n  packs: .github/packs\n"},
    )
    run = scan_cli(tree, repro_cache, "--audit", "off")
    assert run.returncode == 2, run.stderr
    assert f"{YML}:2: input `index-url` can only be given to the step" in run.stderr
    assert f"{YML}:3: input `packs` can only be given to the step" in run.stderr
