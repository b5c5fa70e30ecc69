"""The policy's rules on real scans: ``entrypoint.py scan`` of the bundled example (both services
reproduce) with a policy file, and the action publishing a report file that claims acceptances.

The same checkout is scanned more than once with different policies: verdicts and the day's
resolutions come from the session's cache after the first scan.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.actionrun import REPOSITORY, TOKEN, Runner, annotations, run_local
from tests.conftest import REPO, scan_cli, scan_json, write_tree
from tests.fakegithub import BOT, FakeGitHub
from tests.fakeindex import FakeIndex

pytestmark = pytest.mark.integration

POLICY = ".github/starlette-check.yml"
FIXTURE = REPO / "tests" / "fixtures" / "sarif" / "report.json"


def _shop(tmp_path: Path, policy: str) -> Path:
    tree = tmp_path / "shop"
    shutil.copytree(REPO / "examples" / "shop", tree)
    (tree / ".github").mkdir()
    (tree / POLICY).write_text(policy, encoding="utf-8")
    return tree


def _policy(tree: Path, text: str) -> None:
    (tree / POLICY).write_text(text, encoding="utf-8")


def test_ignore_entries_packs_and_fail_on_decide_the_exit_code(tmp_path: Path, repro_cache: Path) -> None:
    today = datetime.now(UTC).date()
    tree = _shop(
        tmp_path,
        "packs:\n"
        "  run: [starlette-2093, starlette-3458]\n"
        "  fail-on:\n"
        "    starlette-3458: reproduced\n"
        "ignore:\n"
        "  - root: api\n"
        "    pack: starlette-2093\n"
        "    reason: the api is retired in January\n"
        f"    until: {(today + timedelta(days=1)).isoformat()}\n"
        "  - root: admin\n"
        "    reason: waiting for fastapi\n"
        f"    until: {(today - timedelta(days=1)).isoformat()}\n"
        "  - pack: starlette-1438\n"
        "    reason: not run any more\n",
    )
    code, report, output = scan_json(tree, repro_cache, "--audit", "off")
    assert code == 1, output[-3000:]
    targets = {t["root"]: t for t in report["targets"]}
    assert set(targets) == {"api", "admin"}
    for t in targets.values():  # only the packs named run; both services reproduce both
        assert [(p["id"], p["verdict"]) for p in t["packs"]] == [
            ("starlette-2093", "reproduced"),
            ("starlette-3458", "reproduced"),
        ]
        assert t["verdict"] == "reproduced"  # accepted or not, the verdict is what was measured
    entries = report["policy"]["entries"]
    assert [(e["line"], e["state"]) for e in entries] == [(6, "accepted"), (10, "expired"), (13, "stale")]
    assert entries[0]["matched"] == ["api (starlette-2093)"]
    assert report["policy"]["source"] == POLICY

    # Everything accepted, until tomorrow: nothing fails, the verdict is still "reproduced".
    _policy(
        tree,
        "packs:\n  run: [starlette-2093, starlette-3458]\n  fail-on: {starlette-3458: reproduced}\n"
        f"ignore:\n  - root: '*'\n    reason: accepted for the release\n"
        f"    until: {(today + timedelta(days=1)).isoformat()}\n",
    )
    proc = scan_cli(tree, repro_cache, "--audit", "off")
    text = proc.stdout
    assert proc.returncode == 0, (text + proc.stderr)[-3000:]
    assert "[!!] REPRODUCED (accepted)" in text
    assert f"accepted until {(today + timedelta(days=1)).isoformat()}: accepted for the release" in text

    # Only the neighbour accepted: the headline fails under the default fail-on, and with
    # --fail-on never nothing fails (the neighbour is accepted, the headline told never).
    _policy(
        tree,
        "packs:\n  run: [starlette-2093, starlette-3458]\n  fail-on: {starlette-3458: reproduced}\n"
        "ignore:\n  - pack: starlette-3458\n    reason: no slow clients\n",
    )
    assert scan_cli(tree, repro_cache, "--audit", "off").returncode == 1
    assert scan_cli(tree, repro_cache, "--audit", "off", "--fail-on", "never").returncode == 0
    # ... and without that entry, the neighbour's own fail-on fails the step under --fail-on never.
    _policy(
        tree, "packs:\n  run: [starlette-2093, starlette-3458]\n  fail-on: {starlette-3458: reproduced}\n"
    )
    assert scan_cli(tree, repro_cache, "--audit", "off", "--fail-on", "never").returncode == 1


def test_an_unknown_pack_id_is_an_error_at_its_line_and_the_scan_goes_on(
    tmp_path: Path, repro_cache: Path
) -> None:
    tree = _shop(tmp_path, "packs:\n  run:\n    - starlette-2093\n    - starlette-9999\n")
    code, report, output = scan_json(tree, repro_cache, "--audit", "off", "--fail-on", "never")
    assert code == 0, output[-3000:]
    [error] = [e for e in report["errors"] if e["file"] == POLICY]
    assert "no pack has the id 'starlette-9999'" in error["message"]
    assert error["line"] == 4  # the list item's line
    assert {t["root"] for t in report["targets"]} == {"api", "admin"}
    assert all([p["id"] for p in t["packs"]] == ["starlette-2093"] for t in report["targets"])


def test_named_variants_are_targets_even_when_they_keep_the_version(
    tmp_path: Path, repro_cache: Path
) -> None:
    # A local index of metadata-only wheels: every verdict is inconclusive; the targets are the point.
    packages = {
        ("starlette", "0.29.0"): ["anyio<5,>=3.4.0"],
        ("anyio", "3.7.1"): [],
        ("pytest", "8.0.0"): [],
        ("mkdocs", "1.5.3"): [],
    }
    tree = write_tree(
        tmp_path / "svc",
        {
            "pyproject.toml": (
                "[project]\n"
                'name = "svc"\n'
                'dependencies = ["starlette>=0.26"]\n'
                "\n"
                "[project.optional-dependencies]\n"
                'test = ["pytest"]\n'
                "\n"
                "[dependency-groups]\n"
                'docs = ["mkdocs"]\n'
            ),
        },
    )
    extra = ("--audit", "off", "--no-reachability", "--hold", "0.2")
    with FakeIndex(packages) as index:
        _, before, output = scan_json(tree, repro_cache, "--index-url", index.url, *extra)
        assert [t["variant"] for t in before["targets"]] == [None], output[-2000:]
        write_tree(tree, {POLICY: "variants:\n  extras: [test]\n  groups: [docs]\n"})
        _, after, output = scan_json(tree, repro_cache, "--index-url", index.url, *extra)
    found = [(t["variant"], t["version"]) for t in after["targets"]]
    assert found == [(None, "0.29.0"), ("extra:test", "0.29.0"), ("group:docs", "0.29.0")], output[-2000:]
    assert after["targets"][1]["notes"][0] == (
        "with the extra `test` installed (pyproject.toml:6); the default install set gets starlette "
        "0.29.0 too (checked on its own: the policy's variants name it)"
    )


# -- a report file cannot accept a finding ----------------------------------------------------------


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    with FakeGitHub(tokens={TOKEN: {"user": BOT, "readonly": False}}) as gh:
        gh.add_repo(REPOSITORY)
        gh.add_pull(REPOSITORY, 9, head_sha="f" * 40, head_repo="someone/shop")
        yield gh


def test_a_report_file_claiming_acceptances_still_fails(
    fake: FakeGitHub, tmp_path: Path, repro_cache: Path
) -> None:
    forged = json.loads(FIXTURE.read_text(encoding="utf-8"))
    forged["policy"] = {
        "source": POLICY,
        "today": "2026-01-01",
        "fail_on": {"starlette-2093": "never"},
        "findings": [
            {
                "root": t["root"],
                "variant": None,
                "pack": "starlette-2093",
                "state": "accepted",
                "reason": "trust me",
                "until": None,
                "rule": {"file": POLICY, "line": 1},
            }
            for t in forged["targets"]
        ],
        "entries": [],
    }
    base = write_tree(tmp_path / "base", {"artifact/report.json": json.dumps(forged)})
    event = {"workflow_run": {"event": "pull_request", "head_sha": "f" * 40, "pull_requests": []}}
    run = run_local(
        Runner(tmp_path / "runner"),
        fake.url,
        base,
        "workflow_run",
        event,
        cache=repro_cache,
        inputs={"report": "artifact/report.json"},
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert run.outputs["accepted"] == "0" and run.outputs["reproduced"] == "true"
    assert "trust me" not in run.stdout + run.summary
    assert not [a for a in annotations(run.stdout, "notice") if "accepted" in a]


def test_the_action_applies_the_workspace_policy(fake: FakeGitHub, tmp_path: Path, repro_cache: Path) -> None:
    workspace = write_tree(
        tmp_path / "workspace",
        {
            "svc/requirements.txt": "starlette==0.27.0\n",
            POLICY: "ignore:\n  - root: svc\n    pack: starlette-2093\n    reason: retired next month\n"
            "  - root: gone\n    reason: removed service\n",
        },
    )
    event = {"push": True, "ref": "refs/heads/feature", "repository": {"default_branch": "main"}}
    run = run_local(
        Runner(tmp_path / "runner"),
        fake.url,
        workspace,
        "push",
        event,
        cache=repro_cache,
        ref="refs/heads/feature",
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert (run.outputs["verdict"], run.outputs["reproduced"], run.outputs["accepted"]) == (
        "reproduced",
        "true",
        "1",
    )
    [notice] = [a for a in annotations(run.stdout, "notice") if "svc: the bug reproduced" in a]
    assert "accepted: retired next month" in notice and f"({POLICY}:2)" in notice
    assert any(a.startswith(f"::notice file={POLICY},line=5,") for a in annotations(run.stdout, "notice"))
    assert "accepted: retired next month" in run.summary
