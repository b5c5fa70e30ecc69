"""The policy file in action mode (issue 19 §1): the real entrypoint in a subprocess, the fake GitHub.

On `push` the checkout's file counts; on a pull request (from a fork or not) only the default
branch's, read through the contents API: a file in the pull request's checkout is never read, and
when the default branch cannot be read the run fails and says why. The workspaces here hold no
project, so nothing is installed or run: what the file set shows in the files the action writes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from starlette_2093_check.failure import ERROR_OUTPUTS
from tests.actionrun import REPOSITORY, TOKEN, Runner, annotations, run_local
from tests.conftest import write_tree
from tests.fakegithub import BOT, FakeGitHub

pytestmark = pytest.mark.integration

YML = ".github/starlette-check.yml"
FORK_PR = {
    "number": 7,
    "pull_request": {"number": 7, "head": {"sha": "c" * 40, "repo": {"full_name": "mallory/shop"}}},
    "repository": {"full_name": REPOSITORY, "default_branch": "main"},
}
PUSH = {"repository": {"full_name": REPOSITORY, "default_branch": "main"}}
# What a fork could put in its checkout: an alias bomb (fatal if it were ever read) and inputs that
# would write elsewhere and never fail.
HOSTILE = (
    'a: &a ["x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a]\n'
    "inputs:\n  json-file: hostile.json\n  fail-on: never\n  index-url: http://127.0.0.1:9/steal\n"
)


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    with FakeGitHub(tokens={TOKEN: {"user": BOT, "readonly": True}}) as gh:  # a fork's read-only token
        gh.add_repo(REPOSITORY, files={YML: "inputs:\n  json-file: from-main.json\n", "README.md": "shop\n"})
        gh.add_pull(REPOSITORY, 7, head_sha="c" * 40, head_repo="mallory/shop", head_files={YML: HOSTILE})
        yield gh


@pytest.fixture
def runner(tmp_path: Path) -> Runner:
    return Runner(tmp_path / "runner")


def test_a_pull_request_uses_the_default_branchs_file_never_the_checkouts(
    fake: FakeGitHub, tmp_path: Path, runner: Runner, repro_cache: Path
) -> None:
    workspace = write_tree(tmp_path / "ws", {"README.md": "shop\n", YML: HOSTILE})
    run = run_local(runner, fake.url, workspace, "pull_request", FORK_PR, cache=repro_cache)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert (workspace / "from-main.json").is_file(), "the default branch's input applies"
    assert not (workspace / "hostile.json").exists()
    reads = [(c.path, c.status) for c in fake.calls("GET", "/contents/")]
    assert reads == [
        (f"/repos/{REPOSITORY}/contents/{YML}", 200),
        (f"/repos/{REPOSITORY}/contents/pyproject.toml", 404),
    ]


def test_a_default_branch_that_cannot_be_read_fails_the_run(
    fake: FakeGitHub, tmp_path: Path, runner: Runner, repro_cache: Path
) -> None:
    fake.inject("GET", r"/contents/", 403, times=10, message="Resource not accessible by integration")
    workspace = write_tree(tmp_path / "ws", {"README.md": "shop\n", YML: "inputs:\n  fail-on: never\n"})
    run = run_local(runner, fake.url, workspace, "pull_request", FORK_PR, cache=repro_cache)
    assert run.returncode == 2, run.stdout[-3000:] + run.stderr[-3000:]
    assert run.outputs == ERROR_OUTPUTS
    [error] = annotations(run.stdout, "error")
    assert "configuration failed" in error
    assert f"cannot read {YML} on the default branch (main) through the GitHub API (HTTP 403" in error
    assert "never from the pull request's checkout" in error
    # no token at all: said as plainly
    run = run_local(
        runner, fake.url, workspace, "pull_request", FORK_PR, cache=repro_cache, inputs={"github-token": ""}
    )
    assert run.returncode == 2
    assert "read from the default branch through the GitHub API" in run.stdout
    assert "input `github-token` is empty" in run.stdout


def test_a_bad_default_branch_file_is_an_error_annotation_on_its_line(
    fake: FakeGitHub, tmp_path: Path, runner: Runner, repro_cache: Path
) -> None:
    fake.set_files(REPOSITORY, {YML: "inputs:\n  comment: always\n  fail-on: sometimes\n"})
    workspace = write_tree(tmp_path / "ws", {"README.md": "shop\n"})
    run = run_local(runner, fake.url, workspace, "pull_request", FORK_PR, cache=repro_cache)
    assert run.returncode == 2
    [error] = annotations(run.stdout, "error")
    assert error.startswith(
        f"::error file={YML},line=3,title=Starlette #2093 check%3A configuration failed::"
    )
    assert "`inputs.fail-on` must be one of" in error and "the copy on the default branch, main" in error
    assert "sometimes" in run.summary


def test_on_push_the_checkouts_file_applies_and_a_step_input_wins(
    fake: FakeGitHub, tmp_path: Path, runner: Runner, repro_cache: Path
) -> None:
    policy = "inputs:\n  json-file: from-file.json\n  comment: never\n"
    workspace = write_tree(tmp_path / "ws", {"README.md": "shop\n", YML: policy})
    run = run_local(runner, fake.url, workspace, "push", PUSH, cache=repro_cache, ref="refs/heads/main")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert (workspace / "from-file.json").is_file()
    assert not fake.calls("GET", "/contents/"), "a trusted checkout's own file is read"
    (workspace / "from-file.json").unlink()
    run = run_local(
        runner,
        fake.url,
        workspace,
        "push",
        PUSH,
        cache=repro_cache,
        ref="refs/heads/main",
        inputs={"json-file": "from-step.json"},
    )
    assert run.returncode == 0
    assert (workspace / "from-step.json").is_file() and not (workspace / "from-file.json").exists()
