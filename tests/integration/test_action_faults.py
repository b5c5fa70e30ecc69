"""Faults around a run: GitHub's API down, hanging or answering nonsense, and runs that fail.

The action runs as GitHub runs it (the real entrypoint in a subprocess, real uv and sandboxes),
against the fake GitHub on 127.0.0.1 or against a port where nothing listens. Whatever goes wrong
while posting, the scan's verdict decides the exit code, and the summary, the annotations and the
outputs are written; a run that fails ends with exit 2 and the outputs say ``error``.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from starlette_2093_check.failure import ERROR_OUTPUTS
from tests.actionrun import REPOSITORY, TOKEN, Runner, annotations, run_local
from tests.conftest import HEADLINE, write_tree
from tests.fakegithub import BOT, FakeGitHub

pytestmark = pytest.mark.integration

PR_EVENT = {"number": 7, "pull_request": {"number": 7, "head": {"repo": {"full_name": REPOSITORY}}}}
AFFECTED = {"svc/requirements.txt": "starlette==0.27.0\n"}


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    with FakeGitHub(tokens={TOKEN: {"user": BOT, "readonly": False}}) as gh:
        gh.add_repo(REPOSITORY)
        gh.add_pull(REPOSITORY, 7, head_sha="a" * 40)
        yield gh


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "workspace", AFFECTED)


@pytest.fixture
def runner(tmp_path: Path) -> Runner:
    return Runner(tmp_path / "runner")


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def assert_results_kept(run: Any, why: str) -> None:
    """The scan's result stands: exit code by fail-on, outputs, summary, annotations, one warning."""
    assert run.returncode == 1, run.stdout + run.stderr  # fail-on: reproduced
    assert run.outputs["verdict"] == "reproduced" and run.outputs["reproduced"] == "true"
    assert json.loads(run.outputs["targets"])[0]["version"] == "0.27.0"
    assert run.outputs["url"] == ""
    assert f"{HEADLINE} check: reproduced" in run.summary
    assert annotations(run.stdout, "error"), "the finding is still annotated"
    warnings = [w for w in annotations(run.stdout, "warning") if "not posted" in w]
    assert len(warnings) == 1 and why in warnings[0], run.stdout
    assert why in run.summary


def test_an_unreachable_api_keeps_the_results_and_the_exit_code(
    workspace: Path, runner: Runner, repro_cache: Path
) -> None:
    api = f"http://127.0.0.1:{closed_port()}"
    # A push to the default branch (its tracking issue): on a pull request the policy file is read
    # from the default branch through the API first, and a run that cannot read it fails.
    push = {"repository": {"full_name": REPOSITORY, "default_branch": "main"}}
    run = run_local(runner, api, workspace, "push", push, cache=repro_cache, ref="refs/heads/main")
    assert_results_kept(run, "could not reach GitHub")


def test_a_hanging_api_is_given_up_on_after_api_timeout(
    fake: FakeGitHub, workspace: Path, runner: Runner, repro_cache: Path
) -> None:
    fake.inject("GET", r"/issues/7/comments$", 200, times=10, delay=60)  # answers after a minute
    run = run_local(
        runner, fake.url, workspace, "pull_request", PR_EVENT, cache=repro_cache, inputs={"api-timeout": "3"}
    )
    assert_results_kept(run, "did not finish within 3 s")
    assert not fake.calls("POST", r"/comments$"), "nothing was posted after the give-up"


def test_an_answer_of_an_unexpected_shape_is_a_warning_not_a_crash(
    fake: FakeGitHub, workspace: Path, runner: Runner, repro_cache: Path
) -> None:
    # A 200 whose comment list is an object: PyGithub cannot read it.
    fake.inject("GET", r"/issues/7/comments$", 200, times=10, payload={"comments": "not a list"})
    run = run_local(runner, fake.url, workspace, "pull_request", PR_EVENT, cache=repro_cache)
    assert_results_kept(run, "unexpected error")
    assert "Traceback" in run.stdout + run.stderr, "the log has the traceback to report"


def test_a_report_input_nested_too_deep_is_exit_2_with_outputs_even_with_fail_on_never(
    fake: FakeGitHub, tmp_path: Path, runner: Runner, repro_cache: Path
) -> None:
    base = write_tree(tmp_path / "base", {"artifact/report.json": "[" * 100_000 + "]" * 100_000})
    run = run_local(
        runner,
        fake.url,
        base,
        "pull_request",
        PR_EVENT,
        cache=repro_cache,
        inputs={"report": "artifact/report.json", "fail-on": "never"},
    )
    assert run.returncode == 2, run.stdout + run.stderr
    assert run.outputs == ERROR_OUTPUTS
    [error] = annotations(run.stdout, "error")
    assert "input `report`" in error and "nests deeper" in error
    assert f"{HEADLINE} configuration failed" in run.summary
    assert "Traceback" not in run.stderr, "an error of ours is told by its message"


def test_a_bad_input_is_exit_2_with_summary_and_outputs(
    fake: FakeGitHub, workspace: Path, runner: Runner, repro_cache: Path
) -> None:
    inputs = {"api-timeout": "soon"}
    run = run_local(runner, fake.url, workspace, "pull_request", PR_EVENT, cache=repro_cache, inputs=inputs)
    assert run.returncode == 2
    assert run.outputs["verdict"] == "error"
    [error] = annotations(run.stdout, "error")
    assert "configuration failed" in error and "api-timeout" in error
    assert "api-timeout" in run.summary
