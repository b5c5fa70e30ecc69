"""What a pull request changes, end to end: the real entrypoint on a ``pull_request`` event, the
head in the workspace, the base read through the git data API of the fake GitHub at the event's
base commit, both really scanned (real uv, real runs; 0.27.0 reproduces, 0.29.0 does not)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.actionrun import REPOSITORY, TOKEN, ActionRun, Runner, run_local
from tests.conftest import scan_json, write_tree
from tests.fakegithub import BOT, FakeGitHub
from tests.githubmd import read

pytestmark = pytest.mark.integration

MARKER = "<!-- starlette-2093-check -->"
BUG, SAFE = "starlette==0.27.0\n", "starlette==0.29.0\n"
BASE = {
    "introduced/requirements.txt": SAFE,
    "fixed/requirements.txt": BUG,
    "already/requirements.txt": BUG,
    "unchanged/requirements.txt": SAFE,
}
HEAD = {
    "introduced/requirements.txt": BUG,
    "fixed/requirements.txt": SAFE,
    "already/requirements.txt": BUG,
    "unchanged/requirements.txt": SAFE,
    "new/requirements.txt": BUG,  # only on the pull request's head
}


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    with FakeGitHub(tokens={TOKEN: {"user": BOT, "readonly": False}}) as gh:
        gh.add_repo(REPOSITORY, files=BASE)
        gh.add_pull(REPOSITORY, 7, head_sha="a" * 40)
        yield gh


def event(fake: FakeGitHub) -> dict[str, Any]:
    base = {"ref": "main", "sha": fake.repos[REPOSITORY].commit()}
    pull = {"number": 7, "head": {"repo": {"full_name": REPOSITORY}, "sha": "a" * 40}, "base": base}
    return {"number": 7, "pull_request": pull}


def pr_run(tmp_path: Path, fake: FakeGitHub, files: dict[str, str], cache: Path, **inputs: str) -> ActionRun:
    workspace = write_tree(tmp_path / "workspace", files)
    runner = Runner(tmp_path / "runner")
    run = run_local(runner, fake.url, workspace, "pull_request", event(fake), cache=cache, inputs=inputs)
    assert run.returncode in (0, 1), run.stdout + run.stderr
    return run


def our_comment(fake: FakeGitHub) -> str:
    [comment] = [c for c in fake.comments(REPOSITORY, 7) if c["body"].startswith(MARKER)]
    return str(comment["body"])


def lead(body: str) -> list[str]:
    """The comment's first lines as GitHub shows them (rendered by cmark-gfm)."""
    text = read(body).visible_text()
    return [line.strip() for line in text.strip().split("\n") if line.strip()][:6]


def test_each_state_against_the_base_branch_and_fail_on_introduced(
    tmp_path: Path, fake: FakeGitHub, repro_cache: Path
) -> None:
    run = pr_run(tmp_path, fake, HEAD, repro_cache, **{"fail-on": "introduced", "json-file": "report.json"})
    assert run.returncode == 1, run.stdout + run.stderr  # introduced in two roots
    # The base was read through the git data API at the event's base commit, never cloned.
    base_sha = fake.repos[REPOSITORY].commit()
    assert fake.calls("GET", rf"/repos/{REPOSITORY}/git/trees/{base_sha}$")
    assert len(fake.calls("GET", r"/git/blobs/")) == 2  # two distinct files: 0.27.0 and 0.29.0
    assert (run.outputs["introduced"], run.outputs["fixed"]) == ("2", "1")
    assert (run.outputs["already-on-base"], run.outputs["change-unknown"]) == ("1", "0")
    report = json.loads((tmp_path / "workspace" / "report.json").read_text())
    changes = {r["root"]: (r["change"], r["base"], r["head"]) for r in report["comparison"]["roots"]}
    assert changes == {
        "introduced": ("introduced", "not_reproduced", "reproduced"),
        "fixed": ("fixed", "reproduced", "not_reproduced"),
        "already": ("already_on_base", "reproduced", "reproduced"),
        "unchanged": ("unchanged", "not_reproduced", "not_reproduced"),
        "new": ("introduced", None, "reproduced"),
    }
    assert report["comparison"]["base"] == {"ref": "main", "sha": base_sha}
    first = lead(our_comment(fake))
    assert first[0] == "❌ Starlette #2093 check: reproduced in 3 of 5 project(s)"
    assert first[1] == (
        "This pull request introduces the bug in introduced (0.29.0 on main → 0.27.0) and new "
        "(starlette 0.27.0; not a project on main)."
    )
    assert first[2] == "This pull request fixes it in fixed (0.27.0 on main → 0.29.0)."
    assert first[3] == "Already on main: already (0.27.0); this pull request does not change that."
    assert first[4] == "Unchanged, not reproduced on either side: unchanged."
    # The base scan gave verdicts only: no fix advice was run for it (its progress says resolving,
    # and the head's fix advice ran once per reproduced root of the head).
    assert "Starlette #2093 check: the pull request's base branch" in run.stdout


def test_fail_on_introduced_passes_when_the_bug_is_already_on_the_base(
    tmp_path: Path, fake: FakeGitHub, repro_cache: Path
) -> None:
    fake.set_files(REPOSITORY, {"svc/requirements.txt": BUG})
    run = pr_run(tmp_path, fake, {"svc/requirements.txt": BUG}, repro_cache, **{"fail-on": "introduced"})
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.outputs["reproduced"] == "true" and run.outputs["already-on-base"] == "1"
    assert run.outputs["introduced"] == "0"
    assert lead(our_comment(fake))[1] == (
        "Already on main: svc (0.27.0); this pull request does not change that."
    )
    # The same pull request under the default fails: the bug is there.
    again = pr_run(tmp_path, fake, {"svc/requirements.txt": BUG}, repro_cache)
    assert again.returncode == 1


def test_a_base_that_cannot_be_read_is_unknown_never_unchanged(
    tmp_path: Path, fake: FakeGitHub, repro_cache: Path
) -> None:
    fake.inject("GET", r"/git/trees/", 502, times=20, message="Server Error")
    run = pr_run(tmp_path, fake, {"svc/requirements.txt": BUG}, repro_cache, **{"fail-on": "introduced"})
    # What reproduces on the head may be new: unknown fails `introduced`, as `reproduced` would.
    assert run.returncode == 1, run.stdout + run.stderr
    assert run.outputs["change-unknown"] == "1" and run.outputs["introduced"] == "0"
    first = lead(our_comment(fake))
    assert first[1].startswith(
        "Not compared with main: its manifests could not be read through the API: GitHub answered HTTP 502"
    )
    assert first[1].endswith("What this pull request changes is unknown (not known to be unchanged).")
    assert "Unchanged" not in our_comment(fake)


def test_the_cli_compares_two_directories(tmp_path: Path, repro_cache: Path) -> None:
    base = write_tree(tmp_path / "main", {"svc/requirements.txt": SAFE, "ops/requirements.txt": BUG})
    head = write_tree(tmp_path / "head", {"svc/requirements.txt": BUG, "ops/requirements.txt": BUG})
    code, report, log = scan_json(head, repro_cache, "--base", str(base), "--fail-on", "introduced")
    assert code == 1, log
    changes = {r["root"]: r["change"] for r in report["comparison"]["roots"]}
    assert changes == {"svc": "introduced", "ops": "already_on_base"}
    assert report["comparison"]["base"] == {"ref": "main", "sha": ""}
    # Only what is already on the base: `introduced` passes, `reproduced` does not.
    write_tree(head, {"svc/requirements.txt": SAFE})
    code, report, log = scan_json(head, repro_cache, "--base", str(base), "--fail-on", "introduced")
    assert code == 0, log
    assert {r["root"]: r["change"] for r in report["comparison"]["roots"]} == {
        "svc": "unchanged",
        "ops": "already_on_base",
    }
    assert scan_json(head, repro_cache, "--base", str(base))[0] == 1
