"""Time budgets (``--time-budget``, ``--root-budget``) against a package index that hangs.

The index is a real socket server that accepts connections and never answers (``tests.hangindex``):
uv, left alone, spends about two minutes on each call to it. With a budget, the scan finishes,
and what the budget did not allow is inconclusive with the reason, never safe and never absent.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.actionrun import REPOSITORY, TOKEN, Runner, run_local
from tests.conftest import scan_json, write_tree
from tests.fakegithub import BOT, FakeGitHub
from tests.hangindex import HangingIndex

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def hanging() -> Iterator[HangingIndex]:
    with HangingIndex() as index:
        yield index


def _by_root(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {t["root"]: t for t in report["targets"]}


def test_a_hanging_index_costs_the_run_budget_and_the_root_is_inconclusive(
    tmp_path: Path, hanging: HangingIndex
) -> None:
    tree = write_tree(tmp_path / "repo", {"requirements.txt": "starlette==0.27.0\n"})
    # Without a budget this scan takes over four minutes (two sandbox installs of about 127 s
    # each, one after the other): the subprocess's timeout is the bound.
    code, report, log = scan_json(
        tree,
        tmp_path / "cache",
        "--index-url",
        hanging.url,
        "--no-cache",
        "--audit",
        "off",
        "--time-budget",
        "8",
        "--fail-on",
        "inconclusive",
        timeout=120,
    )
    assert hanging.connections > 0  # uv did ask the index
    [target] = report["targets"]
    assert (target["version"], target["verdict"]) == ("0.27.0", "inconclusive"), log
    assert "time budget of 8 s for the run spent before" in target["reason"]
    assert "--time-budget" in target["reason"]
    for pack in target["packs"]:  # the neighbouring packs were not run either: none is "safe"
        assert pack["verdict"] == "inconclusive"
        assert "time budget of 8 s" in pack["reason"]
    assert target["fix"] is None
    assert code == 1  # --fail-on inconclusive
    assert "what it did not allow is reported inconclusive" in log


@pytest.fixture(scope="module")
def two_roots(
    tmp_path_factory: pytest.TempPathFactory, hanging: HangingIndex, repro_cache: Path
) -> tuple[int, dict[str, Any], str]:
    """Root ``a`` resolves through the hanging index; root ``b`` pins its version (no resolution),
    runs from the default index, and only its fix advice asks the hanging one (an extra index)."""
    tree = write_tree(
        tmp_path_factory.mktemp("roots"),
        {
            "a/requirements.txt": f"--index-url {hanging.url}\nstarlette>=0.20,<0.28\n",
            "b/requirements.txt": f"--extra-index-url {hanging.url}\nstarlette==0.27.0\n",
        },
    )
    return scan_json(tree, repro_cache, "--audit", "off", "--root-budget", "5", timeout=600)


def test_a_root_that_spends_its_budget_is_inconclusive_and_the_other_is_answered(
    two_roots: tuple[int, dict[str, Any], str],
) -> None:
    code, report, log = two_roots
    targets = _by_root(report)
    assert set(targets) == {"a", "b"}, log
    a, b = targets["a"], targets["b"]
    assert (a["version"], a["verdict"]) == ("unknown", "inconclusive")
    assert "time budget of 5 s for the root a spent before uv had resolved the requirements" in a["reason"]
    assert "--root-budget" in a["reason"]
    assert (b["version"], b["verdict"]) == ("0.27.0", "reproduced"), log
    assert code == 1  # reproduced in b (--fail-on reproduced)


def test_fix_advice_cut_by_the_root_budget_says_so_and_keeps_the_verdict(
    two_roots: tuple[int, dict[str, Any], str],
) -> None:
    _, report, log = two_roots
    b = _by_root(report)["b"]
    assert b["verdict"] == "reproduced"  # measured: the budget does not make it inconclusive
    fix = b["fix"]
    assert fix is not None, log
    assert fix["to"] == "0.29.0"
    assert any("time budget of 5 s for the root b" in note for note in fix["notes"]), fix
    assert not fix["verified"]


def test_the_action_reports_what_the_budget_cut_and_exits_as_fail_on_says(
    tmp_path: Path, hanging: HangingIndex
) -> None:
    workspace = write_tree(tmp_path / "workspace", {"svc/requirements.txt": "starlette==0.27.0\n"})
    event = {"number": 7, "pull_request": {"number": 7, "head": {"repo": {"full_name": REPOSITORY}}}}
    with FakeGitHub(tokens={TOKEN: {"user": BOT, "readonly": False}}) as gh:
        gh.add_repo(REPOSITORY)
        gh.add_pull(REPOSITORY, 7, head_sha="a" * 40)
        run = run_local(
            Runner(tmp_path / "runner"),
            gh.url,
            workspace,
            "pull_request",
            event,
            cache=tmp_path / "cache",  # nothing cached: every reproduction needs the index
            inputs={
                "index-url": hanging.url,
                "time-budget": "8",
                "fail-on": "inconclusive",
                "comment": "always",
                "audit": "off",
            },
        )
    log = run.stdout + run.stderr
    assert run.returncode == 1, log  # fail-on: inconclusive
    assert run.outputs["verdict"] == "inconclusive"
    [target] = json.loads(run.outputs["targets"])
    assert target["verdict"] == "inconclusive"
    assert "time budget of 8 s for the run" in target["reason"]
    assert "time budget of 8 s for the run" in run.summary
    [comment] = gh.comments(REPOSITORY, 7)
    assert "time budget of 8 s for the run" in comment["body"]


def test_a_time_budget_input_that_is_not_seconds_is_a_configuration_error(tmp_path: Path) -> None:
    workspace = write_tree(tmp_path / "workspace", {"svc/requirements.txt": "starlette==0.27.0\n"})
    run = run_local(
        Runner(tmp_path / "runner"),
        "http://127.0.0.1:9",
        workspace,
        "push",
        {},
        cache=tmp_path / "cache",
        inputs={"time-budget": "ten minutes"},
    )
    assert run.returncode == 2
    assert "time-budget" in run.stdout and "number of seconds" in run.stdout, run.stdout + run.stderr
