"""The sticky comment and the tracking issue hold up with the tokens and limits GitHub really has.

Each case runs the real action entry (a subprocess, PyGithub, HTTP) against the fake GitHub on
127.0.0.1. The runs publish a report file (the ``report`` input), so no scan is needed: what is
under test is what reaches GitHub.

- A token without push access: GitHub drops the labels named on a new issue, silently, and refuses
  to create labels. The tracking issue is still found (by its marker and its author).
- A token whose GraphQL ``viewer`` query fails: a personal access token is known from ``GET /user``;
  the workflow token from the author line its own comment carries, checked against the API's author.
- Two jobs with different ``path`` (or ``id``) inputs on one pull request keep a comment each.
- A body of multi-byte text is cut to GitHub's limit in bytes, so it fits in characters too.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from github import GithubException

from starlette_2093_check.github.client import connect
from starlette_2093_check.model import Location, Resolution, Target, TargetResult, Verdict, VerdictStatus
from tests.actionrun import REPOSITORY, TOKEN, ActionRun, Runner, annotations, run_local
from tests.conftest import HEADLINE, write_tree
from tests.fakegithub import BOT, HUMAN, OTHER_BOT, FakeGitHub
from tests.security.hostile import FAST, report_json, reproduced, starlette_fix

pytestmark = pytest.mark.integration

MARKER = "<!-- starlette-2093-check -->"
LABEL = "starlette-2093"
PAT = "github_pat_11ABCDEFG0123456789_personal"  # a person's token: GET /user answers for it
PR_EVENT = {"number": 7, "pull_request": {"number": 7, "head": {"repo": {"full_name": REPOSITORY}}}}
SCHEDULE = {"schedule": "0 6 * * 1"}
IDENTITY_WARNING = "could not find out which account the token posts as"
GRAPHQL_REFUSED = "Personal access tokens with fine grained access do not support the GraphQL API"

AFFECTED = report_json(reproduced("svc", starlette_fix("svc", ())))
FIXED = report_json(
    TargetResult(
        Target("svc", "starlette", "0.29.0", Location("svc/requirements.txt", 3), (), Resolution.PIN),
        Verdict(VerdictStatus.NOT_REPRODUCED, "passed", FAST),
    )
)


def publish(
    tmp_path: Path,
    fake: FakeGitHub,
    cache: Path,
    report: dict[str, Any],
    *,
    run_id: str,
    event_name: str = "pull_request",
    token: str = TOKEN,
    **inputs: str,
) -> ActionRun:
    base = write_tree(tmp_path / f"base-{run_id}", {"artifact/report.json": json.dumps(report)})
    return run_local(
        Runner(tmp_path / f"runner-{run_id}"),
        fake.url,
        base,
        event_name,
        PR_EVENT if event_name == "pull_request" else SCHEDULE,
        cache=cache,
        inputs={"report": "artifact/report.json", "github-token": token, **inputs},
        run_id=run_id,
        ref="refs/heads/main",
    )


def marked(fake: FakeGitHub, marker: str = MARKER, number: int = 7) -> list[dict[str, Any]]:
    return [c for c in fake.comments(REPOSITORY, number) if c["body"].split("\n", 1)[0] == marker]


def first_lines(fake: FakeGitHub, number: int = 7) -> list[str]:
    return [c["body"].split("\n", 1)[0] for c in fake.comments(REPOSITORY, number)]


def inside(line: str) -> str:
    """What is between ``<!--`` and ``-->``: a ``--`` there could close the comment early."""
    assert line.startswith("<!--") and line.endswith("-->")
    return line[4:-3]


def tracking(fake: FakeGitHub) -> list[dict[str, Any]]:
    return [i for i in fake.issues(REPOSITORY) if i["body"].startswith("<!-- starlette-2093-check")]


def by_line(body: str) -> dict[str, Any] | None:
    """The author the body's hidden state line records."""
    state = body.split("\n")[1]
    assert state.startswith("<!-- starlette-2093-check:state {") and state.endswith("} -->")
    by: dict[str, Any] | None = json.loads(state[len("<!-- starlette-2093-check:state ") : -4]).get("by")
    return by


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    with FakeGitHub(
        tokens={
            TOKEN: {"user": BOT, "readonly": False},
            PAT: {"user": HUMAN, "readonly": False},
            "ghs_no_push": {"user": BOT, "readonly": False, "push": False},
            "github_pat_no_push": {"user": HUMAN, "readonly": False, "push": False},
        }
    ) as gh:
        gh.add_repo(REPOSITORY)
        gh.add_pull(REPOSITORY, 7, head_sha="a" * 40)
        yield gh


# ---------------------------------------------------------------- the tracking issue's label


@pytest.mark.parametrize("token", ["ghs_no_push", "github_pat_no_push"])
def test_without_push_access_three_scheduled_runs_keep_one_tracking_issue(
    fake: FakeGitHub, tmp_path: Path, repro_cache: Path, token: str
) -> None:
    # Someone else's unlabelled issue with the marker: never adopted, whatever the label does.
    forged = fake.add_issue(REPOSITORY, "Starlette #2093 reproduces", f"{MARKER}\nforged", user=OTHER_BOT)
    urls = []
    for run_id in ("1", "2", "3"):
        run = publish(
            tmp_path, fake, repro_cache, AFFECTED, run_id=run_id, event_name="schedule", token=token
        )
        assert run.returncode == 1, run.stdout + run.stderr
        urls.append(run.outputs["url"])
    [issue] = [i for i in tracking(fake) if i["number"] != forged["number"]]
    assert issue["labels"] == [], "GitHub dropped the label: the issue is found without it"
    assert issue["state"] == "open" and "actions/runs/3" in issue["body"]
    assert urls == [issue_url(issue)] * 3
    assert len(fake.calls("POST", r"/issues$")) == 1
    # The label was asked for for real, and its creation refused (the token has no push access).
    assert [c.status for c in fake.calls("GET", rf"/labels/{LABEL}$")] == [404]
    assert [c.status for c in fake.calls("POST", r"/labels$")] in ([403], [404])
    assert not fake.calls("PATCH", rf"/issues/{forged['number']}$") and forged["state"] == "open"


def issue_url(issue: dict[str, Any]) -> str:
    return f"https://example.invalid/{REPOSITORY}/issues/{issue['number']}"


def test_a_token_with_push_access_creates_the_label_it_files_the_issue_under(
    fake: FakeGitHub, tmp_path: Path, repro_cache: Path
) -> None:
    run = publish(tmp_path, fake, repro_cache, AFFECTED, run_id="1", event_name="schedule")
    assert run.returncode == 1, run.stdout + run.stderr
    assert [c.status for c in fake.calls("GET", rf"/labels/{LABEL}$")] == [404]
    assert [c.status for c in fake.calls("POST", r"/labels$")] == [201]
    label = fake.repos[REPOSITORY].labels[LABEL]
    assert label["color"] == "b60205" and "starlette#2093" in label["description"]
    [issue] = tracking(fake)
    assert issue["labels"] == [LABEL]
    # The next run finds the label there, and the issue by it.
    publish(tmp_path, fake, repro_cache, AFFECTED, run_id="2", event_name="schedule")
    assert len(fake.calls("POST", r"/labels$")) == 1 and len(fake.calls("POST", r"/issues$")) == 1


# ---------------------------------------------------------------- who the token is


def test_a_personal_access_token_refused_by_graphql_keeps_its_one_comment(
    fake: FakeGitHub, tmp_path: Path, repro_cache: Path
) -> None:
    # GraphQL refuses the token (as it did fine-grained tokens); REST still serves it.
    fake.inject("POST", r"^/graphql$", 403, times=100, message=GRAPHQL_REFUSED)
    run = publish(tmp_path, fake, repro_cache, AFFECTED, run_id="1", token=PAT)
    assert run.returncode == 1, run.stdout + run.stderr
    [first] = marked(fake)
    assert first["user"] == HUMAN
    run = publish(tmp_path, fake, repro_cache, FIXED, run_id="2", token=PAT)
    assert run.returncode == 0, run.stdout + run.stderr
    [comment] = marked(fake)
    assert comment["id"] == first["id"] and f"{HEADLINE} check: resolved" in comment["body"]
    assert len(fake.calls("POST", r"/comments$")) == 1 and not fake.calls("DELETE")
    assert {c.status for c in fake.calls("GET", r"^/user$")} == {200}
    assert not [w for w in annotations(run.stdout, "warning") if IDENTITY_WARNING in w]


def test_the_workflow_token_without_graphql_knows_its_comment_by_the_author_line(
    fake: FakeGitHub, tmp_path: Path, repro_cache: Path
) -> None:
    fake.inject("POST", r"^/graphql$", 403, times=100, message="Forbidden")
    run = publish(tmp_path, fake, repro_cache, AFFECTED, run_id="1")
    assert run.returncode == 1, run.stdout + run.stderr
    [first] = marked(fake)
    # What the create call answered is recorded under the marker.
    assert by_line(first["body"]) == {"login": BOT["login"], "id": BOT["id"]}
    run = publish(tmp_path, fake, repro_cache, FIXED, run_id="2")
    assert run.returncode == 0, run.stdout + run.stderr
    [comment] = marked(fake)
    assert comment["id"] == first["id"] and f"{HEADLINE} check: resolved" in comment["body"]
    assert "| `svc` | 0.27.0 | 0.29.0 | not reproduced |" in comment["body"], "the state was read back"
    assert len(fake.calls("POST", r"/comments$")) == 1 and not fake.calls("DELETE")
    [warning] = [w for w in annotations(run.stdout, "warning") if IDENTITY_WARNING in w]
    assert "GET /user: HTTP 403" in warning


def claim(user: dict[str, Any]) -> str:
    state = {"by": {"id": user["id"], "login": user["login"]}, "reproduced": {"svc": "0.27.0"}, "was": {}}
    return f"{MARKER}\n<!-- starlette-2093-check:state {json.dumps(state, sort_keys=True)} -->\n## ours\n"


def test_an_author_line_proves_nothing_that_the_api_does_not_confirm(
    fake: FakeGitHub, tmp_path: Path, repro_cache: Path
) -> None:
    fake.inject("POST", r"^/graphql$", 403, times=100, message="Forbidden")
    hostile = [
        fake.add_comment(REPOSITORY, 7, claim(HUMAN), user=HUMAN),  # a person claiming themselves
        fake.add_comment(REPOSITORY, 7, claim(BOT), user=HUMAN),  # a person claiming our bot
        fake.add_comment(REPOSITORY, 7, claim(BOT), user=OTHER_BOT),  # another bot claiming ours
    ]
    run = publish(tmp_path, fake, repro_cache, FIXED, run_id="1")
    assert run.returncode == 0, run.stdout + run.stderr
    assert not fake.calls("PATCH") and not fake.calls("DELETE") and not fake.calls("POST", r"/comments$")
    run = publish(tmp_path, fake, repro_cache, AFFECTED, run_id="2")
    assert run.returncode == 1, run.stdout + run.stderr
    *others, mine = marked(fake)
    assert [c["id"] for c in others] == [c["id"] for c in hostile] and mine["user"] == BOT
    assert all(c["body"] in (claim(HUMAN), claim(BOT)) for c in others)
    assert by_line(mine["body"]) == {"login": BOT["login"], "id": BOT["id"]}
    assert not [
        c
        for c in fake.calls()
        if c.method in ("PATCH", "DELETE") and c.path.endswith(tuple(f"/comments/{h['id']}" for h in hostile))
    ]


# ---------------------------------------------------------------- one comment per job


def test_two_jobs_with_different_paths_keep_a_comment_each(
    fake: FakeGitHub, tmp_path: Path, repro_cache: Path
) -> None:
    publish(tmp_path, fake, repro_cache, AFFECTED, run_id="a1", path="services/a")
    publish(tmp_path, fake, repro_cache, AFFECTED, run_id="b1", path="services/b/")
    a, b = fake.comments(REPOSITORY, 7)
    heads = first_lines(fake)
    assert heads[0] != heads[1] and all(h.startswith("<!-- starlette-2093-check scope=") for h in heads)
    assert not [h for h in heads if "--" in inside(h)], "nothing in the scope ends the comment"
    assert "services/a~" in heads[0] and "services/b~" in heads[1]
    # Each job's rerun edits its own comment, and only that one.
    fake.log.clear()
    publish(tmp_path, fake, repro_cache, FIXED, run_id="b2", path="services/b")
    publish(tmp_path, fake, repro_cache, AFFECTED, run_id="a2", path="./services/a")
    assert [c.path for c in fake.calls("PATCH")] == [
        f"/repos/{REPOSITORY}/issues/comments/{b['id']}",
        f"/repos/{REPOSITORY}/issues/comments/{a['id']}",
    ]
    a2, b2 = fake.comments(REPOSITORY, 7)
    assert "actions/runs/a2" in a2["body"] and "reproduced in 1 of 1" in a2["body"]
    assert "actions/runs/b2" in b2["body"] and "resolved" in b2["body"]
    assert not fake.calls("POST", r"/comments$")


def test_the_default_job_still_adopts_the_comment_earlier_versions_posted(
    fake: FakeGitHub, tmp_path: Path, repro_cache: Path
) -> None:
    state = json.dumps({"reproduced": {"svc": "0.27.0"}})  # no author line: an earlier version's
    legacy = f"{MARKER}\n<!-- starlette-2093-check:state {state} -->\n"
    earlier = fake.add_comment(REPOSITORY, 7, legacy + "## an earlier version's comment\n", user=BOT)
    scoped = publish(tmp_path, fake, repro_cache, AFFECTED, run_id="x", id="api tests --> <b>")
    assert scoped.returncode == 1, scoped.stdout + scoped.stderr
    run = publish(tmp_path, fake, repro_cache, FIXED, run_id="1")
    assert run.returncode == 0, run.stdout + run.stderr
    old, job = fake.comments(REPOSITORY, 7)
    assert old["id"] == earlier["id"] and old["body"].startswith(f"{MARKER}\n")
    assert "| `svc` | 0.27.0 | 0.29.0 | not reproduced |" in old["body"]
    head = job["body"].split("\n", 1)[0]
    assert head.startswith("<!-- starlette-2093-check scope=api-tests-b~") and head.endswith(" -->")
    assert "--" not in inside(head) and "<b>" not in head


def test_two_scheduled_jobs_with_different_ids_keep_an_issue_each(
    fake: FakeGitHub, tmp_path: Path, repro_cache: Path
) -> None:
    for run_id in ("1", "2"):
        for job in ("backend", "frontend"):
            run = publish(
                tmp_path, fake, repro_cache, AFFECTED, run_id=f"{job}{run_id}", event_name="schedule", id=job
            )
            assert run.returncode == 1, run.stdout + run.stderr
    backend, frontend = tracking(fake)
    assert "scope=backend~" in backend["body"].split("\n", 1)[0]
    assert "scope=frontend~" in frontend["body"].split("\n", 1)[0]
    assert "actions/runs/backend2" in backend["body"] and "actions/runs/frontend2" in frontend["body"]
    assert len(fake.calls("POST", r"/issues$")) == 2
    assert backend["title"].endswith("project(s) (backend)") and frontend["title"].endswith("(frontend)")


# ---------------------------------------------------------------- GitHub's size limit


def many_projects(name: str, count: int) -> dict[str, Any]:
    return report_json(
        *(reproduced(f"{name}{i:03}", starlette_fix(f"{name}{i:03}", ())) for i in range(count))
    )


@pytest.mark.parametrize(
    "name",
    ["服务/支付网关/后端项目/", "🚀🚀🚀/🐍🐍🐍/🎉🎉🎉/", "services/payments/backend/"],
    ids=["cjk", "emoji", "ascii"],
)
def test_a_long_body_is_cut_to_the_limit_in_bytes_and_characters(
    fake: FakeGitHub, tmp_path: Path, repro_cache: Path, name: str
) -> None:
    # A scoped marker and the author line come on top of what the renderer cut.
    run = publish(tmp_path, fake, repro_cache, many_projects(name, 150), run_id="1", id="支付 🚀")
    assert run.returncode == 1, run.stdout + run.stderr
    [comment] = fake.comments(REPOSITORY, 7)
    body = comment["body"]
    assert len(body.encode("utf-8")) <= 65536 and len(body) <= 65536
    assert len(body.encode("utf-8")) > 60000, "the report was long enough to be cut"
    assert "Cut to fit GitHub's comment size limit" in body
    assert by_line(body) == {"login": BOT["login"], "id": BOT["id"]}
    # The fake refuses what GitHub refuses: a body over 65,536 characters.
    assert [c.status for c in fake.calls("POST", r"/comments$")] == [201]


def test_the_fake_refuses_what_github_refuses(fake: FakeGitHub) -> None:
    issue = connect(fake.url, TOKEN, attempts=0).get_repo(REPOSITORY).get_issue(7)
    with pytest.raises(GithubException) as refused:
        issue.create_comment("x" * 65537)
    assert refused.value.status == 422 and "maximum is 65536 characters" in str(refused.value.data)
    posted = issue.create_comment("服" * 65536)  # 65,536 characters, 196,608 bytes
    with pytest.raises(GithubException):
        posted.edit("服" * 65537)
    assert [c["body"] for c in fake.comments(REPOSITORY, 7)] == ["服" * 65536]
