"""Action mode end to end: the real entrypoint as a subprocess, PyGithub against the fake GitHub.

Every run really scans (real uv, real sandboxes, verdicts shared through the session cache) and
really talks HTTP to a server on 127.0.0.1 through ``GITHUB_API_URL``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.actionrun import REPOSITORY, TOKEN, ActionRun, Runner, annotations, finish, run_local, start_local
from tests.conftest import HEADLINE, write_tree
from tests.fakegithub import BOT, HUMAN, FakeGitHub
from tests.githubmd import read

pytestmark = pytest.mark.integration

MARKER = "<!-- starlette-2093-check -->"
PR_EVENT = {"number": 7, "pull_request": {"number": 7, "head": {"repo": {"full_name": REPOSITORY}}}}
AFFECTED = {"svc/requirements.txt": "# api\n\nstarlette==0.27.0\n"}
FIXED = {"svc/requirements.txt": "# api\n\nstarlette==0.29.0\n"}


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    with FakeGitHub(
        tokens={
            TOKEN: {"user": BOT, "readonly": False},
            "ghs_readonly_fork_token": {"user": BOT, "readonly": True},
        }
    ) as gh:
        gh.add_repo(REPOSITORY)
        gh.add_pull(REPOSITORY, 7, head_sha="a" * 40)
        yield gh


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "workspace", AFFECTED)


@pytest.fixture
def runner(tmp_path: Path) -> Runner:
    return Runner(tmp_path / "runner")


def ours(fake: FakeGitHub, number: int = 7) -> list[dict[str, Any]]:
    return [c for c in fake.comments(REPOSITORY, number) if c["body"].startswith(MARKER)]


def follow_up(runner: Runner, fake: FakeGitHub, base: Path, event: dict[str, Any], cache: Path) -> ActionRun:
    """The workflow_run job publishing the artifact downloaded to ``base/artifact/report.json``."""
    inputs = {"report": "artifact/report.json"}
    return run_local(runner, fake.url, base, "workflow_run", event, cache=cache, inputs=inputs)


def pr_run(runner: Runner, fake: FakeGitHub, workspace: Path, cache: Path, **kw: Any) -> ActionRun:
    return run_local(runner, fake.url, workspace, "pull_request", PR_EVENT, cache=cache, **kw)


def test_first_run_creates_the_comment_with_outputs_summary_and_annotations(
    fake: FakeGitHub, workspace: Path, runner: Runner, repro_cache: Path
) -> None:
    run = pr_run(runner, fake, workspace, repro_cache)
    assert run.returncode == 1, run.stdout + run.stderr  # fail-on: reproduced
    [comment] = ours(fake)
    assert comment["user"]["type"] == "Bot"
    assert "reproduced in 1 of 1 project(s)" in comment["body"]
    assert "- `svc`: starlette 0.27.0 from svc/requirements.txt:3" in comment["body"]  # where it comes from
    assert (
        "upgrade starlette to 0.29.0 or later (0.27.0 now): change svc/requirements.txt:3 to `starlette=="
        in (comment["body"])
    )
    # outputs, read the way the runner reads them
    assert run.outputs["verdict"] == "reproduced"
    assert run.outputs["reproduced"] == "true"
    [target] = json.loads(run.outputs["targets"])
    assert (target["root"], target["version"], target["verdict"]) == ("svc", "0.27.0", "reproduced")
    assert run.outputs["url"].endswith(f"#issuecomment-{comment['id']}")
    # summary and annotations
    assert f"{HEADLINE} check: reproduced" in run.summary
    assert f"Created: {run.outputs['url']}" in run.summary
    [error] = annotations(run.stdout, "error")
    assert error.startswith("::error file=svc/requirements.txt,line=3,title=Starlette #2093 reproduced")
    # the token is masked first and appears nowhere else
    assert run.stdout.startswith(f"::add-mask::{TOKEN}\n")
    assert run.stdout.count(TOKEN) == 1 and TOKEN not in run.summary and TOKEN not in run.stderr
    assert not fake.calls(path=r"^/user$"), "GET /user is forbidden to the workflow token"


def test_second_run_edits_the_same_comment(
    fake: FakeGitHub, workspace: Path, runner: Runner, repro_cache: Path
) -> None:
    pr_run(runner, fake, workspace, repro_cache, run_id="1")
    [first] = ours(fake)
    run = pr_run(runner, fake, workspace, repro_cache, run_id="2")
    [second] = ours(fake)
    assert second["id"] == first["id"]
    assert "actions/runs/2" in second["body"] and "actions/runs/1" not in second["body"]
    assert fake.calls("PATCH", rf"/issues/comments/{first['id']}$")
    assert len(fake.calls("POST", r"/comments$")) == 1
    assert f"Updated: {run.outputs['url']}" in run.summary


def test_a_fixed_push_turns_the_comment_resolved(
    fake: FakeGitHub, workspace: Path, runner: Runner, repro_cache: Path
) -> None:
    pr_run(runner, fake, workspace, repro_cache)
    write_tree(workspace, FIXED)
    run = pr_run(runner, fake, workspace, repro_cache, run_id="2")
    assert run.returncode == 0, run.stdout + run.stderr
    [comment] = ours(fake)
    body = comment["body"]
    assert f"{HEADLINE} check: resolved" in body
    # was → now, with the passing repro measured on the new version
    row = next(line for line in body.splitlines() if line.startswith("| `svc` | 0.27.0 | 0.29.0 |"))
    assert "not reproduced" in row and row.rstrip(" |").endswith(" ms")
    assert run.outputs["verdict"] == "not_reproduced" and run.outputs["reproduced"] == "false"
    # a third run on the fixed code keeps the resolved history instead of forgetting it
    pr_run(runner, fake, workspace, repro_cache, run_id="3")
    [again] = ours(fake)
    assert "resolved" in again["body"] and "| `svc` | 0.27.0 | 0.29.0 |" in again["body"]


def test_nothing_is_posted_when_not_reproduced_unless_always(
    fake: FakeGitHub, tmp_path: Path, runner: Runner, repro_cache: Path
) -> None:
    fixed = write_tree(tmp_path / "fixed", FIXED)
    run = pr_run(runner, fake, fixed, repro_cache)
    assert run.returncode == 0 and not ours(fake) and run.outputs["url"] == ""
    assert not fake.calls("POST") and not fake.calls("PATCH")
    run = pr_run(runner, fake, fixed, repro_cache, inputs={"comment": "always"})
    [comment] = ours(fake)
    assert f"{HEADLINE} check: not reproduced" in comment["body"]


def test_comment_never_posts_nothing(
    fake: FakeGitHub, workspace: Path, runner: Runner, repro_cache: Path
) -> None:
    run = pr_run(runner, fake, workspace, repro_cache, inputs={"comment": "never"})
    assert run.returncode == 1
    # Only the policy file was looked for (on the default branch: this is a pull request).
    assert [c.path for c in fake.log] == [
        f"/repos/{REPOSITORY}",
        f"/repos/{REPOSITORY}/contents/.github/starlette-check.yml",
        f"/repos/{REPOSITORY}/contents/pyproject.toml",
    ], "comment: never must not even read the thread"
    assert run.outputs["verdict"] == "reproduced"


def test_five_concurrent_runs_leave_one_comment(
    fake: FakeGitHub, workspace: Path, runner: Runner, repro_cache: Path
) -> None:
    pr_run(
        runner,
        fake,
        write_tree(workspace.parent / "warm", AFFECTED),
        repro_cache,
        inputs={"comment": "never"},
    )
    fake.write_delay = 0.3  # every write lands late: all five read an empty thread first
    runners = [Runner(runner.base / f"r{i}") for i in range(5)]
    started = [
        start_local(r, fake.url, workspace, "pull_request", PR_EVENT, cache=repro_cache, run_id=str(i))
        for i, r in enumerate(runners)
    ]
    runs = [finish(r, s) for r, s in zip(runners, started, strict=True)]
    assert [r.returncode for r in runs] == [1] * 5, [r.stdout for r in runs]
    assert len(ours(fake)) == 1
    assert len(fake.calls("POST", r"/issues/7/comments$")) > 1, (
        "the race did not happen; the test proves nothing"
    )
    assert len({r.outputs["url"] for r in runs}) == 1


@pytest.mark.parametrize(
    ("method", "path", "status", "headers", "message", "after"),
    [
        ("POST", r"/issues/7/comments$", 502, {}, "Bad Gateway", True),  # the write happened anyway
        ("GET", r"/issues/7/comments$", 429, {"Retry-After": "1"}, "Too Many Requests", False),
        (
            "POST",
            r"/issues/7/comments$",
            403,
            {"Retry-After": "1"},
            "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
            False,
        ),
        ("GET", r"/issues/7/comments$", 503, {}, "Service Unavailable", False),
    ],
    ids=["502-after-write", "429", "secondary-rate-limit", "503"],
)
def test_faults_are_retried_and_still_leave_one_comment(
    fake: FakeGitHub,
    workspace: Path,
    runner: Runner,
    repro_cache: Path,
    method: str,
    path: str,
    status: int,
    headers: dict[str, str],
    message: str,
    after: bool,
) -> None:
    fake.inject(method, path, status, times=2, headers=headers, message=message, after=after)
    run = pr_run(runner, fake, workspace, repro_cache)
    assert run.returncode == 1, run.stdout + run.stderr
    assert len([c for c in fake.calls(method, path) if c.status == status]) == 2, "the faults were not served"
    [comment] = ours(fake)
    assert run.outputs["url"].endswith(f"#issuecomment-{comment['id']}")
    assert not annotations(run.stdout, "warning")


def test_a_fork_token_degrades_to_summary_and_annotations(
    fake: FakeGitHub, workspace: Path, runner: Runner, repro_cache: Path
) -> None:
    event = {"number": 7, "pull_request": {"number": 7, "head": {"repo": {"full_name": "someone/shop"}}}}
    run = run_local(
        runner,
        fake.url,
        workspace,
        "pull_request",
        event,
        cache=repro_cache,
        inputs={"github-token": "ghs_readonly_fork_token"},
    )
    assert run.returncode == 1, "the exit code follows fail-on, not the 403"
    assert fake.calls("POST", r"/comments$")[0].status == 403
    assert not ours(fake)
    [warning] = annotations(run.stdout, "warning")
    assert "HTTP 403" in warning and "comes from a fork" in warning and "workflow_run" in warning
    assert annotations(run.stdout, "error"), "annotations still carry the finding"
    assert f"{HEADLINE} check: reproduced" in run.summary and "workflow_run" in run.summary
    assert run.outputs["verdict"] == "reproduced" and run.outputs["url"] == ""


def test_a_marker_quoted_by_a_human_or_paginated_away_is_handled(
    fake: FakeGitHub, workspace: Path, runner: Runner, repro_cache: Path
) -> None:
    fake.add_comment(REPOSITORY, 7, f"{MARKER}\nI copied the bot's marker", user=HUMAN)
    for i in range(150):  # push our comment past the first page (per_page=100)
        fake.add_comment(REPOSITORY, 7, f"review note {i}")
    pr_run(runner, fake, workspace, repro_cache, run_id="1")
    pr_run(runner, fake, workspace, repro_cache, run_id="2")
    [mine] = ours(fake)[1:]
    assert mine["user"]["type"] == "Bot" and "actions/runs/2" in mine["body"]
    assert ours(fake)[0]["body"].endswith("I copied the bot's marker"), "a human's comment is never edited"
    assert len(fake.calls("GET", r"/issues/7/comments$")) >= 4  # two pages per read


def test_schedule_opens_updates_and_closes_the_tracking_issue(
    fake: FakeGitHub, workspace: Path, runner: Runner, repro_cache: Path
) -> None:
    def scheduled(run_id: str) -> ActionRun:
        return run_local(
            runner,
            fake.url,
            workspace,
            "schedule",
            {"schedule": "0 6 * * 1"},
            cache=repro_cache,
            run_id=run_id,
        )

    run = scheduled("1")
    assert run.returncode == 1
    [issue] = fake.issues(REPOSITORY)
    assert issue["state"] == "open" and issue["labels"] == ["starlette-2093"]
    assert issue["title"] == "Starlette #2093 reproduces in 1 project(s)" and MARKER in issue["body"]
    assert run.outputs["url"].endswith(f"/issues/{issue['number']}")

    scheduled("2")
    [issue] = fake.issues(REPOSITORY)
    assert issue["state"] == "open" and "actions/runs/2" in issue["body"]

    write_tree(workspace, FIXED)
    run = scheduled("3")
    assert run.returncode == 0
    [issue] = fake.issues(REPOSITORY)
    assert issue["state"] == "closed" and issue["state_reason"] == "completed"
    assert issue["title"] == "Starlette #2093: resolved"
    [closing] = fake.comments(REPOSITORY, issue["number"])
    assert closing["body"].startswith("Resolved:")

    scheduled("4")  # fixed and closed: nothing new is opened
    assert len(fake.issues(REPOSITORY)) == 1
    assert not ours(fake), "a scheduled run never comments on pull requests"


def test_push_tracks_only_the_default_branch(
    fake: FakeGitHub, workspace: Path, runner: Runner, repro_cache: Path
) -> None:
    event = {"ref": "refs/heads/feature", "repository": {"default_branch": "main"}}
    run_local(runner, fake.url, workspace, "push", event, cache=repro_cache, ref="refs/heads/feature")
    assert not fake.issues(REPOSITORY) and not fake.log
    event["ref"] = "refs/heads/main"
    run_local(runner, fake.url, workspace, "push", event, cache=repro_cache, ref="refs/heads/main")
    assert len(fake.issues(REPOSITORY)) == 1


def test_workflow_run_publishes_a_fork_report_on_the_pull_request_with_that_head(
    fake: FakeGitHub, workspace: Path, runner: Runner, repro_cache: Path, tmp_path: Path
) -> None:
    # The unprivileged pull-request run writes the JSON report (it cannot post).
    first = run_local(
        runner,
        fake.url,
        workspace,
        "pull_request",
        PR_EVENT,
        cache=repro_cache,
        inputs={"comment": "never", "json-file": "out/report.json", "sarif-file": "out/report.sarif"},
    )
    assert first.returncode == 1
    fake.add_pull(REPOSITORY, 9, head_sha="f" * 40, head_repo="someone/shop")
    # The follow-up runs on the base repository's default branch with the artifact downloaded.
    base = tmp_path / "base-checkout"
    base.mkdir()
    (base / "artifact").mkdir()
    (base / "artifact" / "report.json").write_bytes((workspace / "out" / "report.json").read_bytes())
    event = {"workflow_run": {"event": "pull_request", "head_sha": "f" * 40, "pull_requests": []}}
    run = follow_up(runner, fake, base, event, repro_cache)
    assert run.returncode == 1, run.stdout + run.stderr
    [comment] = ours(fake, 9)
    assert "reproduced in 1 of 1 project(s)" in comment["body"] and not ours(fake, 7)


def test_workflow_run_without_a_report_or_with_a_broken_one_is_a_clear_error(
    fake: FakeGitHub, runner: Runner, repro_cache: Path, tmp_path: Path
) -> None:
    base = write_tree(
        tmp_path / "base", {"artifact/report.json": '{"schema_version": 1, "targets": [{"root": 3}]}'}
    )
    event = {"workflow_run": {"head_sha": "f" * 40, "pull_requests": []}}
    run = run_local(runner, fake.url, base, "workflow_run", event, cache=repro_cache)
    assert run.returncode == 2 and "set the `report` input" in annotations(run.stdout, "error")[0]
    run = follow_up(runner, fake, base, event, repro_cache)
    assert run.returncode == 2
    [error] = annotations(run.stdout, "error")
    assert "artifact/report.json" in error and "report.targets[0]" in error
    assert run.summary.startswith(f"## {HEADLINE} configuration failed")
    assert "report.targets\\[0\\]" in run.summary  # the message is Markdown-escaped there
    assert run.outputs["verdict"] == "error" and run.outputs["reproduced"] == "unknown"
    assert not fake.calls("POST")


def test_bad_inputs_exit_2_naming_the_input(
    fake: FakeGitHub, workspace: Path, runner: Runner, repro_cache: Path
) -> None:
    run = pr_run(runner, fake, workspace, repro_cache, inputs={"fail-on": "sometimes"})
    assert run.returncode == 2 and "input `fail-on` must be one of" in run.stdout
    run = pr_run(runner, fake, workspace, repro_cache, inputs={"path": "../elsewhere"})
    assert run.returncode == 2 and "input `path`" in run.stdout
    assert not fake.log


def test_sarif_file_points_code_scanning_at_the_manifest_line(
    fake: FakeGitHub, tmp_path: Path, runner: Runner, repro_cache: Path
) -> None:
    monorepo = write_tree(tmp_path / "mono", {f"services/{k}": v for k, v in AFFECTED.items()})
    run = pr_run(
        runner, fake, monorepo, repro_cache, inputs={"path": "services", "sarif-file": "results.sarif"}
    )
    assert run.returncode == 1
    sarif = json.loads((monorepo / "results.sarif").read_text())
    [result] = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "starlette-2093"]
    # starlette-3458 reproduces on this release too: a warning under its own rule, at the same line.
    [neighbour] = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "starlette-3458"]
    assert neighbour["level"] == "warning"
    assert neighbour["locations"] == result["locations"]
    location = result["locations"][0]["physicalLocation"]
    # paths are relative to the repository root, not to the scanned directory
    assert location["artifactLocation"]["uri"] == "services/svc/requirements.txt"
    assert location["region"]["startLine"] == 3
    assert result["level"] == "error" and "second request" in result["message"]["text"]
    [error] = annotations(run.stdout, "error")
    assert "file=services/svc/requirements.txt,line=3" in error


def test_a_rejected_token_is_reported_and_the_verdict_still_decides_the_exit(
    fake: FakeGitHub, workspace: Path, runner: Runner, repro_cache: Path
) -> None:
    # A push to the default branch (its tracking issue): on a pull request the policy file is read
    # from the default branch first, and a token that cannot read it fails the run (test_policy_action).
    event = {"repository": {"full_name": REPOSITORY, "default_branch": "main"}}
    run = run_local(
        runner,
        fake.url,
        workspace,
        "push",
        event,
        cache=repro_cache,
        ref="refs/heads/main",
        inputs={"github-token": "ghs_revoked"},
    )
    assert run.returncode == 1, run.stdout[-3000:] + run.stderr[-3000:]
    assert {c.status for c in fake.log} == {401}
    [warning] = annotations(run.stdout, "warning")
    assert "HTTP 401" in warning and "Bad credentials" in warning
    assert run.outputs["verdict"] == "reproduced" and not ours(fake)


def test_an_edit_that_meets_a_502_is_retried(
    fake: FakeGitHub, workspace: Path, runner: Runner, repro_cache: Path
) -> None:
    pr_run(runner, fake, workspace, repro_cache, run_id="1")
    fake.inject("PATCH", r"/issues/comments/\d+$", 502, times=2, message="Bad Gateway")
    run = pr_run(runner, fake, workspace, repro_cache, run_id="2")
    assert [c.status for c in fake.calls("PATCH")] == [502, 502, 200]
    [comment] = ours(fake)
    assert "actions/runs/2" in comment["body"] and not annotations(run.stdout, "warning")


def test_an_enterprise_api_url_with_a_path_prefix_is_used_as_given(
    workspace: Path, runner: Runner, repro_cache: Path
) -> None:
    with FakeGitHub(prefix="/api/v3") as ghes:
        ghes.add_repo(REPOSITORY)
        ghes.add_pull(REPOSITORY, 7, head_sha="a" * 40)
        for i in range(120):  # the Link header must keep the prefix too
            ghes.add_comment(REPOSITORY, 7, f"note {i}")
        assert ghes.url.endswith("/api/v3")
        pr_run(runner, ghes, workspace, repro_cache, run_id="1")
        run = pr_run(runner, ghes, workspace, repro_cache, run_id="2")
        assert run.returncode == 1
        assert len(ours(ghes)) == 1 and "actions/runs/2" in ours(ghes)[0]["body"]
        # the policy file was looked for on the default branch, under the prefix too (there is none)
        assert [c.status for c in ghes.calls("GET", "/contents/")] == [404, 404] * 2
        answered = [c for c in ghes.log if "/contents/" not in c.path]
        assert {c.status for c in answered} <= {200, 201}, [(c.method, c.path, c.status) for c in answered]


SUGGESTION = "<!-- starlette-2093-check:suggestion -->"
PATCH = "@@ -0,0 +1,3 @@\n+# api\n+\n+starlette==0.27.0"


def test_a_fix_on_a_line_of_the_diff_arrives_as_a_review_suggestion(
    workspace: Path, runner: Runner, repro_cache: Path
) -> None:
    with FakeGitHub(tokens={TOKEN: {"user": BOT, "readonly": False}}) as gh:
        gh.add_repo(REPOSITORY)
        gh.add_pull(REPOSITORY, 7, head_sha="b" * 40, files={"svc/requirements.txt": PATCH, "logo.png": None})
        event = {
            "number": 7,
            "pull_request": {"number": 7, "head": {"sha": "b" * 40, "repo": {"full_name": REPOSITORY}}},
        }
        run = run_local(runner, gh.url, workspace, "pull_request", event, cache=repro_cache)
        assert run.returncode == 1, run.stdout + run.stderr
        [review] = gh.review_comments(REPOSITORY, 7)
        assert (review["path"], review["line"], review["side"], review["commit_id"]) == (
            "svc/requirements.txt",
            3,
            "RIGHT",
            "b" * 40,
        )
        assert review["user"]["type"] == "Bot" and review["body"].startswith(SUGGESTION)
        suggested = review["body"].split("```suggestion\n", 1)[1].split("\n```", 1)[0]
        [target] = json.loads(run.outputs["targets"])
        # The minimal fix, as `scan --fix` applies it by default, resolved again and run.
        assert suggested == target["fix"]["minimal_fix"]["edits"][0]["new"] == "starlette==0.29.0"
        assert target["fix"]["minimal_fix"]["verified"] is True
        assert "upgrade starlette to 0.29.0 or later" in review["body"]
        [comment] = [c for c in gh.comments(REPOSITORY, 7) if c["body"].startswith(MARKER)]
        # Its places link to the pull request's head commit, on the server the runner names.
        blob = f"https://example.invalid/{REPOSITORY}/blob/{'b' * 40}"
        line = f"[`svc/requirements.txt:3`]({blob}/svc/requirements.txt#L3)"
        assert (
            f"One click: the review comment on {line} carries this change as a suggestion." in comment["body"]
        )
        assert "```diff" not in comment["body"]
        # The comment shows that same change as the fix (the table, the fix line), and the newest set
        # the project allows only as one line in its collapsed section.
        page = read(comment["body"])
        [table] = page.visible_tables
        assert table.rows[0][:2] == ["svc", "0.27.0 → 0.29.0"], table.rows
        assert "to starlette==0.29.0. Verified. One click" in page.visible_text()
        assert "Newest allowed" not in page.visible_text()
        assert page.all_text().count("Newest allowed: starlette ") == 1
        # Applying it by hand in the checkout, as "Commit suggestion" would, fixes the bug: the next
        # run resolves the comment and leaves the suggestion thread alone.
        req = workspace / "svc/requirements.txt"
        req.write_text(req.read_text().replace("starlette==0.27.0", suggested))
        again = run_local(runner, gh.url, workspace, "pull_request", event, cache=repro_cache)
        assert again.returncode == 0, again.stdout + again.stderr
        assert [c["id"] for c in gh.review_comments(REPOSITORY, 7)] == [review["id"]]
        assert "resolved" in gh.comments(REPOSITORY, 7)[0]["body"]


def test_two_jobs_on_one_pull_request_keep_each_others_suggestions(
    tmp_path: Path, runner: Runner, repro_cache: Path
) -> None:
    tree = {f"{svc}/requirements.txt": "# api\n\nstarlette==0.27.0\n" for svc in ("api", "web")}
    workspace = write_tree(tmp_path / "ws", tree)
    with FakeGitHub(tokens={TOKEN: {"user": BOT, "readonly": False}}) as gh:
        gh.add_repo(REPOSITORY)
        gh.add_pull(REPOSITORY, 7, head_sha="b" * 40, files={path: PATCH for path in tree})
        event = {
            "number": 7,
            "pull_request": {"number": 7, "head": {"sha": "b" * 40, "repo": {"full_name": REPOSITORY}}},
        }
        for svc in ("api", "web", "api"):
            run = run_local(
                runner, gh.url, workspace, "pull_request", event, cache=repro_cache, inputs={"path": svc}
            )
            assert run.returncode == 1, run.stdout + run.stderr
        reviews = gh.review_comments(REPOSITORY, 7)
        assert sorted(r["path"] for r in reviews) == ["api/requirements.txt", "web/requirements.txt"]
        assert not gh.calls("DELETE"), "neither job took the other's suggestion for a stale one of its own"
        assert len([c for c in gh.comments(REPOSITORY, 7) if c["body"].startswith("<!-- starlette")]) == 2


def test_a_fix_outside_the_diff_is_shown_as_a_diff_in_the_comment(
    fake: FakeGitHub, workspace: Path, runner: Runner, repro_cache: Path
) -> None:
    run = pr_run(runner, fake, workspace, repro_cache)
    assert run.returncode == 1
    assert fake.review_comments(REPOSITORY, 7) == []
    [comment] = ours(fake)
    assert "```diff" in comment["body"] and "-starlette==0.27.0" in comment["body"]


def test_custom_packs_outside_the_scanned_path_are_read_from_the_workspace(
    fake: FakeGitHub, tmp_path: Path, runner: Runner, repro_cache: Path
) -> None:
    from tests.conftest import REPO

    card = (REPO / "tests/fixtures/packs/dispatch-background/card.yaml").read_text()
    scenario = (REPO / "tests/fixtures/packs/dispatch-background/scenario.py").read_text()
    repo = write_tree(
        tmp_path / "mono",
        {
            **{f"services/{k}": v for k, v in AFFECTED.items()},
            ".github/packs/audit/card.yaml": card,
            ".github/packs/audit/scenario.py": scenario,
            ".github/packs/broken/card.yaml": card.replace('fixed_in: "0.38.5"', "fixed_in: [0.38"),
            ".github/packs/broken/scenario.py": scenario,
        },
    )
    inputs = {"path": "services", "packs": ".github/packs", "json-file": "report.json"}
    run = pr_run(runner, fake, repo, repro_cache, inputs=inputs)
    assert run.returncode == 1, run.stdout + run.stderr
    report = json.loads((repo / "report.json").read_text())
    [target] = report["targets"]
    custom = {p["id"]: p for p in target["packs"]}["acme-dispatch-background"]
    assert custom["source"] == ".github/packs/audit/card.yaml"
    interpreter = Path(custom["evidence"]["interpreter"]["path"]).resolve()
    private = any(
        not p.stat().st_mode & 0o001 for p in (*interpreter.parents, repro_cache, *repro_cache.parents)
    )
    if os.geteuid() == 0 and private:  # as root it must run as nobody, who cannot reach the sandbox
        assert custom["verdict"] == "inconclusive" and "is private" in custom["reason"]
    else:  # the audit task runs on 0.27.0: only 0.38.3 and 0.38.4 drop it
        assert custom["verdict"] == "not_reproduced", custom["reason"]
    # The broken card is reported where it is in the repository, not under the scanned path.
    [error] = [e for e in report["errors"] if e["file"].endswith("card.yaml")]
    assert error["file"] == ".github/packs/broken/card.yaml" and error["line"] == 6
    assert any("file=.github/packs/broken/card.yaml,line=6" in a for a in annotations(run.stdout, "warning"))
