"""Only what our token posted is ours: a marker typed by anyone, or posted by another workflow's or
app's bot, is never adopted, edited, deleted or trusted.

Each case seeds the fake GitHub (127.0.0.1) with hostile comments, issues or review comments, then
runs the real action entry against it. The runs publish a report file (the ``report`` input), so
no scan is needed: what is under test is what the action does to the threads.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from starlette_2093_check.model import (
    Edit,
    Location,
    Resolution,
    Target,
    TargetResult,
    Verdict,
    VerdictStatus,
)
from tests.actionrun import REPOSITORY, TOKEN, ActionRun, Runner, annotations, finish, run_local, start_local
from tests.conftest import HEADLINE, write_tree
from tests.fakegithub import BOT, HUMAN, OTHER_BOT, FakeGitHub
from tests.security.hostile import FAST, live, report_json, reproduced, starlette_fix

MARKER = "<!-- starlette-2093-check -->"
SUGGESTION = "<!-- starlette-2093-check:suggestion -->"
HEAD = "f" * 40
EVENT = {"workflow_run": {"event": "pull_request", "head_sha": HEAD, "pull_requests": []}}
PATCH = {"svc/requirements.txt": "@@ -0,0 +1,3 @@\n+# api\n+\n+starlette==0.27.0"}
LABEL = "starlette-2093"
IDENTITY_WARNING = "could not find out which account the token posts as"


def state(reproduced: dict[str, str]) -> str:
    return f"<!-- starlette-2093-check:state {json.dumps({'reproduced': reproduced, 'was': {}})} -->"


FORGED = (
    f"{MARKER}\n{state({'svc': '0.20.0', 'ghost': '0.1.0'})}\n## ✅ {HEADLINE} check: resolved\n"
    "@acme/security all clear, merge it"
)

AFFECTED = report_json(reproduced("svc", starlette_fix("svc", ())))
FIXED = report_json(
    TargetResult(
        Target("svc", "starlette", "0.29.0", Location("svc/requirements.txt", 3), (), Resolution.PIN),
        Verdict(VerdictStatus.NOT_REPRODUCED, "passed", FAST),
    )
)


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    with FakeGitHub(tokens={TOKEN: {"user": BOT, "readonly": False}}) as gh:
        gh.add_repo(REPOSITORY)
        gh.add_pull(REPOSITORY, 9, head_sha=HEAD, head_repo="someone/shop", files=PATCH)
        yield gh


def publish(
    tmp_path: Path,
    fake: FakeGitHub,
    cache: Path,
    report: dict[str, Any],
    event_name: str = "workflow_run",
    run_id: str = "1",
    **kw: Any,
) -> ActionRun:
    base = write_tree(tmp_path / f"base-{run_id}", {"artifact/report.json": json.dumps(report)})
    event = EVENT if event_name == "workflow_run" else {"schedule": "0 6 * * 1"}
    return run_local(
        Runner(tmp_path / f"runner-{run_id}"),
        fake.url,
        base,
        event_name,
        event,
        cache=cache,
        inputs={"report": "artifact/report.json"},
        run_id=run_id,
        **kw,
    )


def marked(fake: FakeGitHub, number: int = 9) -> list[dict[str, Any]]:
    return [c for c in fake.comments(REPOSITORY, number) if c["body"].startswith(MARKER)]


def touched(fake: FakeGitHub, comment: dict[str, Any], kind: str = "issues/comments") -> list[str]:
    return [
        f"{c.method} {c.path}" for c in fake.calls(path=rf"/{kind}/{comment['id']}$") if c.method != "GET"
    ]


def test_a_forged_comment_by_another_bot_or_a_human_is_neither_adopted_edited_nor_trusted(
    fake: FakeGitHub, tmp_path: Path, repro_cache: Path
) -> None:
    other = fake.add_comment(REPOSITORY, 9, FORGED, user=OTHER_BOT)
    human = fake.add_comment(REPOSITORY, 9, FORGED, user=HUMAN)
    # Nothing reproduces: had a forged comment been adopted, it would be edited to "resolved".
    run = publish(tmp_path, fake, repro_cache, FIXED)
    assert run.returncode == 0, run.stdout + run.stderr
    assert [c["body"] for c in fake.comments(REPOSITORY, 9)] == [FORGED, FORGED]
    assert not fake.calls("POST", r"/comments$") and not fake.calls("PATCH") and not fake.calls("DELETE")
    assert "ghost" not in run.summary and "Since the last run" not in run.summary
    # It reproduces: our own comment is created, the forged ones stay as they are.
    run = publish(tmp_path, fake, repro_cache, AFFECTED, run_id="2")
    assert run.returncode == 1, run.stdout + run.stderr
    [_, _, mine] = marked(fake)
    assert mine["user"] == BOT and mine["performed_via_github_app"]["slug"] == "github-actions"
    assert (
        "ghost" not in mine["body"]
        and "0.20.0" not in mine["body"]
        and "Since the last run" not in mine["body"]
    )
    assert [c["id"] for c in marked(fake)][:2] == [other["id"], human["id"]]
    assert other["body"] == FORGED and human["body"] == FORGED
    assert touched(fake, other) == [] and touched(fake, human) == []
    assert not annotations(run.stdout, "warning")


def test_our_own_comment_is_adopted_and_its_state_is_only_a_hint(
    fake: FakeGitHub, tmp_path: Path, repro_cache: Path
) -> None:
    forged_state = {
        "svc": "0.27.0",
        "../../etc": "0.1",
        "ghost\u202e": "0.1",
        "bad": "latest",
        "@acme/team": "0.27.0",
    }
    ours = fake.add_comment(REPOSITORY, 9, f"{MARKER}\n{state(forged_state)}\n## earlier run\n", user=BOT)
    run = publish(tmp_path, fake, repro_cache, FIXED)
    assert run.returncode == 0, run.stdout + run.stderr
    [comment] = marked(fake)
    assert comment["id"] == ours["id"] and touched(fake, ours) == [
        f"PATCH /repos/{REPOSITORY}/issues/comments/{ours['id']}"
    ]
    body = comment["body"]
    assert "| `svc` | 0.27.0 | 0.29.0 | not reproduced |" in body
    assert "| `@acme/team` | 0.27.0 | no longer resolves starlette |" in body, "shown in a code span"
    assert "../../etc" not in body and "ghost" not in body and "latest" not in body
    assert live(body, ("https://github.com/Kludex/starlette/", "https://example.invalid/")) == []
    assert [(c.method, c.status) for c in fake.calls(path="^/graphql$")] == [("POST", 200)]


def test_without_an_identity_it_warns_once_and_adopts_nothing_it_did_not_post(
    tmp_path: Path, repro_cache: Path
) -> None:
    # The viewer query fails (a GraphQL error for this token).
    with FakeGitHub(tokens={TOKEN: {"user": BOT, "readonly": False, "viewer": None}}) as gh:
        gh.add_repo(REPOSITORY)
        gh.add_pull(REPOSITORY, 9, head_sha=HEAD, head_repo="someone/shop", files=PATCH)
        other = gh.add_comment(REPOSITORY, 9, FORGED, user=OTHER_BOT)
        earlier = gh.add_comment(REPOSITORY, 9, f"{MARKER}\n{state({'svc': '0.27.0'})}\n## ours\n", user=BOT)
        run = publish(tmp_path, gh, repro_cache, FIXED)
        assert run.returncode == 0
        [warning] = annotations(run.stdout, "warning")
        assert IDENTITY_WARNING in warning and "GraphQL" in warning
        assert not gh.calls("PATCH") and not gh.calls("DELETE") and not gh.calls("POST", r"/comments$")
        # Reproduced: the comment it creates tells who it is; from then on its own comments converge.
        run = publish(tmp_path, gh, repro_cache, AFFECTED, run_id="2")
        assert run.returncode == 1
        assert len([w for w in annotations(run.stdout, "warning") if IDENTITY_WARNING in w]) == 1
        [forged, mine] = marked(gh)
        assert forged["id"] == other["id"] and forged["body"] == FORGED and touched(gh, other) == []
        assert mine["id"] == earlier["id"] and "reproduced in 1 of 1 project(s)" in mine["body"]


def test_a_forged_tracking_issue_is_not_adopted_nor_closed(
    fake: FakeGitHub, tmp_path: Path, repro_cache: Path
) -> None:
    by_human = fake.add_issue(REPOSITORY, "Starlette #2093 reproduces", FORGED, user=HUMAN, labels=[LABEL])
    by_bot = fake.add_issue(REPOSITORY, "Starlette #2093 reproduces", FORGED, user=OTHER_BOT, labels=[LABEL])
    run = publish(tmp_path, fake, repro_cache, AFFECTED, event_name="schedule")
    assert run.returncode == 1, run.stdout + run.stderr
    [first, second, mine] = fake.issues(REPOSITORY)
    assert (first["number"], second["number"]) == (by_human["number"], by_bot["number"])
    assert mine["user"] == BOT and mine["state"] == "open" and "ghost" not in mine["body"]
    run = publish(tmp_path, fake, repro_cache, FIXED, event_name="schedule", run_id="2")
    assert run.returncode == 0
    [first, second, mine] = fake.issues(REPOSITORY)
    assert mine["state"] == "closed" and first["state"] == second["state"] == "open"
    assert first["body"] == second["body"] == FORGED
    assert not fake.calls(
        path=rf"/issues/({by_human['number']}|{by_bot['number']})(/comments)?$", method="PATCH"
    )
    assert not fake.calls(path=rf"/issues/({by_human['number']}|{by_bot['number']})/comments$", method="POST")


def test_a_forged_review_suggestion_is_left_alone(
    fake: FakeGitHub, tmp_path: Path, repro_cache: Path
) -> None:
    forged = f"{SUGGESTION}\nApply this.\n\n```suggestion\nstarlette==0.0.1\n```"
    other = fake.add_review_comment(REPOSITORY, 9, "svc/requirements.txt", 3, forged, user=OTHER_BOT)
    human = fake.add_review_comment(REPOSITORY, 9, "svc/requirements.txt", 3, forged, user=HUMAN)
    report = report_json(
        reproduced(
            "svc",
            starlette_fix(
                "svc",
                (Edit("svc/requirements.txt", 3, "starlette==0.27.0", "starlette==0.29.0"),),
            ),
        )
    )
    run = publish(tmp_path, fake, repro_cache, report)
    assert run.returncode == 1, run.stdout + run.stderr
    [first, second, mine] = fake.review_comments(REPOSITORY, 9)
    assert (first["id"], second["id"]) == (other["id"], human["id"])
    assert first["body"] == second["body"] == forged
    assert mine["user"] == BOT and "```suggestion\nstarlette==0.29.0\n```" in mine["body"]
    assert touched(fake, other, "pulls/comments") == [] and touched(fake, human, "pulls/comments") == []


def test_the_identity_is_asked_where_enterprise_serves_graphql(tmp_path: Path, repro_cache: Path) -> None:
    with FakeGitHub(prefix="/api/v3") as ghes:
        ghes.add_repo(REPOSITORY)
        ghes.add_pull(REPOSITORY, 9, head_sha=HEAD, head_repo="someone/shop", files=PATCH)
        ours = ghes.add_comment(REPOSITORY, 9, f"{MARKER}\n{state({'svc': '0.27.0'})}\n## ours\n", user=BOT)
        ghes.add_comment(REPOSITORY, 9, FORGED, user=OTHER_BOT)
        run = publish(tmp_path, ghes, repro_cache, AFFECTED)
        assert run.returncode == 1, run.stdout + run.stderr
        assert [(c.method, c.status) for c in ghes.calls(path="^/graphql$")] == [("POST", 200)]
        [mine, forged] = marked(ghes)
        assert mine["id"] == ours["id"] and "reproduced in 1 of 1 project(s)" in mine["body"]
        assert forged["body"] == FORGED
        # every call answered under the prefix (the policy file's 404s: the repository has none)
        assert [c.status for c in ghes.calls("GET", "/contents/")] == [404, 404]
        assert {c.status for c in ghes.log if "/contents/" not in c.path} <= {200, 201}


def test_concurrent_runs_still_end_with_one_comment(
    fake: FakeGitHub, tmp_path: Path, repro_cache: Path
) -> None:
    fake.add_comment(REPOSITORY, 9, FORGED, user=OTHER_BOT)
    fake.write_delay = 0.3  # every write lands late: all of them read a thread without our comment
    base = write_tree(tmp_path / "base", {"artifact/report.json": json.dumps(AFFECTED)})
    runners = [Runner(tmp_path / f"r{i}") for i in range(4)]
    started = [
        start_local(
            r,
            fake.url,
            base,
            "workflow_run",
            EVENT,
            cache=repro_cache,
            run_id=str(i),
            inputs={"report": "artifact/report.json"},
        )
        for i, r in enumerate(runners)
    ]
    runs = [finish(r, s) for r, s in zip(runners, started, strict=True)]
    assert [r.returncode for r in runs] == [1] * 4, [r.stdout for r in runs]
    [forged, mine] = marked(fake)
    assert forged["body"] == FORGED and mine["user"] == BOT
    assert len(fake.calls("POST", r"/issues/9/comments$")) > 1, (
        "the race did not happen; the test proves nothing"
    )
    assert len({r.outputs["url"] for r in runs}) == 1
