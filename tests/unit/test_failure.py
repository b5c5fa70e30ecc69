"""One exit path: errors of ours, the world's and our bugs, each told and each exit 2.

Also the API client's bounds, against real sockets on 127.0.0.1, and a checkout that nests
deeper than a recursive walk survives.
"""

from __future__ import annotations

import io
import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from github import Github

from starlette_2093_check.cli import EXIT_FATAL, guard, main
from starlette_2093_check.errors import (
    CheckError,
    FixError,
    GitHubError,
    ReportError,
    SandboxFailure,
    ScanFailure,
    UsageError,
)
from starlette_2093_check.failure import ERROR_OUTPUTS, INTERNAL, ActionReporter, Failure, failure_of
from starlette_2093_check.github.client import connect
from starlette_2093_check.github.workflow import Commands
from starlette_2093_check.layout import MAX_DEPTH, TOO_DEEP
from starlette_2093_check.manifests import discover
from starlette_2093_check.reach import scan_code
from tests.actionrun import parse_outputs
from tests.fakegithub import FakeGitHub

SECRET = "ghs_Secret0123456789abcdefXYZ"


def test_every_error_class_of_ours_is_a_check_error_of_its_stage() -> None:
    from starlette_2093_check.action import ActionError
    from starlette_2093_check.config import ConfigError
    from starlette_2093_check.edit import EditError, HashError
    from starlette_2093_check.github.identity import IdentityError
    from starlette_2093_check.indexes import IndexPolicyError
    from starlette_2093_check.layout import LayoutError
    from starlette_2093_check.org.action import OrgActionError
    from starlette_2093_check.org.merge import MergeError
    from starlette_2093_check.org.scan import OrgScanError
    from starlette_2093_check.packs import CardError
    from starlette_2093_check.report.load import ReportFormatError
    from starlette_2093_check.repro.contain import ContainmentError
    from starlette_2093_check.repro.sandbox import SandboxError
    from starlette_2093_check.stages import ResolutionError

    stages = {
        ConfigError: UsageError,
        IndexPolicyError: UsageError,
        LayoutError: UsageError,
        ActionError: UsageError,
        CardError: UsageError,
        ResolutionError: ScanFailure,
        OrgScanError: ScanFailure,
        SandboxError: SandboxFailure,
        ContainmentError: SandboxFailure,
        ReportFormatError: ReportError,
        MergeError: ReportError,
        OrgActionError: ReportError,
        EditError: FixError,
        HashError: FixError,
        IdentityError: GitHubError,
    }
    for cls, stage in stages.items():
        assert issubclass(cls, stage) and issubclass(cls, CheckError), cls
    # The ones callers catch as ValueError still are.
    assert all(issubclass(c, ValueError) for c in (ConfigError, IndexPolicyError, LayoutError, MergeError))


def test_failures_are_sorted_into_messages_and_internal_errors() -> None:
    ours = failure_of(UsageError("input `x`: bad"))
    assert (ours.stage, ours.message, ours.internal) == ("configuration", "input `x`: bad", False)
    try:
        open("/nonexistent/requirements.txt")  # noqa: SIM115
    except OSError as exc:
        world = failure_of(exc)
    assert world.message == "/nonexistent/requirements.txt: No such file or directory" and not world.internal
    try:
        {}["missing"]
    except KeyError as exc:
        bug = failure_of(exc)
    assert bug.internal and bug.message.startswith(f"{INTERNAL}: KeyError")
    assert bug.trace is not None and "Traceback" in bug.trace and "test_failure.py" in bug.trace


def test_an_api_error_is_told_by_its_status_and_message() -> None:
    # A real answer from a real client: a repository the token cannot see is 404 on GitHub.
    with FakeGitHub() as gh:
        repo = connect(gh.url, "ghs_workflow_token").get_repo("octo/missing")
        try:
            repo.description  # noqa: B018 (a lazy object: reading it asks the API)
        except Exception as exc:
            failure = failure_of(exc)
        else:
            raise AssertionError("the API found a repository that is not there")
    assert failure == Failure("GitHub", "the GitHub API answered HTTP 404: Not Found")


def _action_env(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "out").write_text("")
    (tmp_path / "summary").write_text("")
    return {
        "GITHUB_OUTPUT": str(tmp_path / "out"),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary"),
        "INPUT_GITHUB-TOKEN": SECRET,
    }


def test_an_internal_error_in_action_mode_is_exit_2_with_a_collapsed_traceback_and_outputs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    env = _action_env(tmp_path)
    raw = io.StringIO()

    def crash() -> int:
        raise TypeError(f"an answer carried {SECRET} and ```` fences")

    assert guard(crash, ActionReporter(env, Commands(raw))) == EXIT_FATAL
    outputs = parse_outputs((tmp_path / "out").read_text())
    assert outputs == ERROR_OUTPUTS
    assert outputs["verdict"] == "error" and outputs["reproduced"] == "unknown"
    summary = (tmp_path / "summary").read_text()
    assert "check failed" in summary and "<details><summary>Traceback" in summary
    assert "`````text" in summary, "the fence is longer than any run of backticks inside"
    assert "in crash" in summary and "please report" in summary
    [line] = raw.getvalue().splitlines()
    assert line.startswith("::error title=Starlette #2093 check%3A check failed::internal error")
    log = capsys.readouterr().err
    assert "Traceback" in log
    for text in (summary, raw.getvalue(), log):
        assert SECRET not in text and "***" in text


def test_an_error_of_ours_in_action_mode_is_told_without_a_traceback(tmp_path: Path) -> None:
    env = _action_env(tmp_path)
    raw = io.StringIO()

    def refuse() -> int:
        raise ScanFailure("requirements.txt:3: no solution")

    assert guard(refuse, ActionReporter(env, Commands(raw))) == EXIT_FATAL
    summary = (tmp_path / "summary").read_text()
    assert "scan failed" in summary and "requirements.txt:3: no solution" in summary
    assert "<details>" not in summary
    assert raw.getvalue().startswith("::error title=Starlette #2093 check%3A scan failed::requirements.txt")


def test_a_failure_after_many_annotations_is_still_annotated_and_lists_the_held_ones(
    tmp_path: Path,
) -> None:
    env = _action_env(tmp_path)
    raw = io.StringIO()
    commands = Commands(raw)

    def many_then_fail() -> int:
        for n in range(12):
            commands.annotate("error", f"reproduced in svc{n}", file=f"svc{n}/requirements.txt", line=1)
        raise ScanFailure("the summary could not be rendered")

    assert guard(many_then_fail, ActionReporter(env, commands)) == EXIT_FATAL
    errors = [line for line in raw.getvalue().splitlines() if line.startswith("::error")]
    assert len(errors) == 11, "nine findings, the count of the rest, and the failure itself"
    assert "3 more error annotation(s)" in errors[9] and "scan failed" in errors[10]
    summary = (tmp_path / "summary").read_text()
    assert "3 more annotation(s)" in summary and "`svc11/requirements.txt:1`" in summary


def test_an_exception_that_cannot_be_told_is_still_exit_2_with_outputs(tmp_path: Path) -> None:
    env = _action_env(tmp_path)

    class Unprintable(Exception):
        def __str__(self) -> str:
            raise RuntimeError("no")

    def stat_a_descriptor() -> int:
        os.stat(987654)  # OSError whose filename is an int
        return 0

    for work in (stat_a_descriptor, lambda: (_ for _ in ()).throw(Unprintable())):
        assert guard(work, ActionReporter(env, Commands(io.StringIO()))) == EXIT_FATAL
    outputs = (tmp_path / "out").read_text()
    assert outputs.count("\nerror\n") == 2


def test_a_failing_reporter_still_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    def report(failure: Failure) -> None:
        raise OSError("the summary file is gone")

    assert guard(lambda: 1 // 0, report) == EXIT_FATAL
    assert "the summary file is gone" in capsys.readouterr().err


def test_the_cli_prints_one_error_line_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["scan", str(tmp_path / "nowhere")], {"PATH": os.environ["PATH"]}) == EXIT_FATAL
    err = capsys.readouterr().err
    assert err == f"error: {tmp_path / 'nowhere'} is not a directory\n"
    assert main(["merge-org", str(tmp_path / "missing.json")], {}) == EXIT_FATAL
    assert "missing.json: No such file or directory" in capsys.readouterr().err


def test_a_checkout_nesting_a_thousand_levels_is_read_down_to_the_limit(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("starlette==0.27.0\n")
    deep = tmp_path
    for _ in range(1000):  # os.makedirs itself recurses: one level at a time
        deep = deep / "d"
        deep.mkdir()
    (deep / "requirements.txt").write_text("starlette==0.29.0\n")
    (deep / "app.py").write_text("from starlette.middleware.base import BaseHTTPMiddleware\n")
    try:
        found = discover(tmp_path)
        assert [r.path for r in found.roots] == ["."]
        [error] = found.errors
        assert error.file == "/".join(["d"] * MAX_DEPTH) and error.message == TOO_DEEP
        code = scan_code(tmp_path)
        assert not code.errors
    finally:  # pytest's own clean-up (shutil.rmtree) recurses too: take the tree down level by level
        for _ in range(1000):
            for child in deep.iterdir():
                child.unlink()
            deep.rmdir()
            deep = deep.parent


class Counting:
    """A TCP server on 127.0.0.1 that accepts connections and closes them unanswered, counting."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.accepted = 0
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            conn.close()


@pytest.fixture
def counting() -> Iterator[Counting]:
    server = Counting()
    yield server
    server.sock.close()


def test_an_api_that_never_answers_costs_one_call_budget_then_one_attempt_per_call(
    counting: Counting,
) -> None:
    github: Github = connect(counting.url, SECRET, attempts=50, call_budget=3.0)
    with pytest.raises(OSError):
        github.get_rate_limit()
    first = counting.accepted
    # Retried while the budget lasts (backoff 0, 2 s: two or three attempts), not 50 times.
    assert 2 <= first <= 4
    with pytest.raises(OSError):
        github.get_rate_limit()
    assert counting.accepted == first + 1, "the API is down: the next call is tried once"
