"""Review suggestions on the manifest line: PyGithub over real HTTP against the fake GitHub."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from github.GithubException import GithubException
from github.PullRequest import PullRequest

from starlette_2093_check.github.client import connect
from starlette_2093_check.github.review import diff_lines, suggestion_body, upsert_suggestions
from starlette_2093_check.github.sticky import Action, Posted
from starlette_2093_check.model import Edit
from tests.fakegithub import BOT, HUMAN, FakeGitHub

REPO = "acme/shop"
TOKEN = "ghs_workflow_token"
READONLY = "ghs_readonly_fork_token"
MARKER = "<!-- starlette-2093-suggestion -->"
HEAD = "b" * 40
REQS = "svc/requirements.txt"

# The pull bumps fastapi and a few others but leaves the starlette pin (line 4, context) alone.
REQS_PATCH = """\
@@ -1,5 +1,5 @@
 # api
-fastapi==0.95.1
+fastapi==0.100.1
 httpx==0.24.0
 starlette==0.27.0
 uvicorn==0.22.0
@@ -20,4 +20,5 @@ uvicorn==0.22.0
 pydantic==1.10.9
-sqlalchemy==2.0.15
+sqlalchemy==2.0.19
 alembic==1.11.1
-structlog==23.1.0
\\ No newline at end of file
+structlog==23.1.0
+rich==13.4.2
\\ No newline at end of file"""
FILES: dict[str, str | None] = {
    REQS: REQS_PATCH,
    "web/pyproject.toml": '@@ -0,0 +1,3 @@\n+[project]\n+name = "web"\n+dependencies = ["starlette==0.27.0"]',
    "old/requirements.txt": "@@ -1,2 +0,0 @@\n-starlette==0.26.1\n-anyio==3.7.0",
    "docs/logo.png": None,  # binary: GitHub sends no patch
}
EDIT = Edit(REQS, 4, "starlette==0.27.0", "starlette>=0.29.0")
WHY = "Starlette 0.27.0 reproduces #2093 here; 0.29.0 passed the same run."


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    tokens = {TOKEN: {"user": BOT, "readonly": False}, READONLY: {"user": BOT, "readonly": True}}
    with FakeGitHub(tokens=tokens) as gh:
        gh.add_repo(REPO)
        gh.add_pull(REPO, 7, head_sha=HEAD, files=FILES)
        yield gh


def pull_of(fake: FakeGitHub, token: str = TOKEN, number: int = 7) -> PullRequest:
    return connect(fake.url, token, max_wait=1).get_repo(REPO).get_pull(number)


def body(edit: Edit = EDIT, why: str = WHY) -> str:
    return suggestion_body(MARKER, edit, why)


def ours(fake: FakeGitHub) -> list[dict[str, Any]]:
    return [c for c in fake.review_comments(REPO, 7) if c["body"].startswith(MARKER) and c["user"] == BOT]


def test_diff_lines_are_the_added_and_context_lines_of_every_hunk(fake: FakeGitHub) -> None:
    lines = diff_lines(pull_of(fake).get_files())
    assert lines == {
        REQS: {1, 2, 3, 4, 5, 20, 21, 22, 23, 24},
        "web/pyproject.toml": {1, 2, 3},
        "old/requirements.txt": set(),
        "docs/logo.png": set(),
    }


def test_diff_lines_reads_every_page_of_files(fake: FakeGitHub) -> None:
    many: dict[str, str | None] = {f"pkg{i:03}/requirements.txt": "@@ -0,0 +1 @@\n+anyio" for i in range(150)}
    fake.add_pull(REPO, 8, head_sha=HEAD, files=many)
    lines = diff_lines(pull_of(fake, number=8).get_files())
    assert len(lines) == 150 and lines["pkg149/requirements.txt"] == {1}
    assert len(fake.calls("GET", r"/pulls/8/files$")) == 2


def test_a_suggestion_is_created_on_the_exact_line_of_the_head_commit(fake: FakeGitHub) -> None:
    [posted] = upsert_suggestions(pull_of(fake), HEAD, MARKER, {(EDIT.file, EDIT.line): body()})
    [comment] = fake.review_comments(REPO, 7)
    assert posted == Posted(
        Action.CREATED, f"https://example.invalid/{REPO}/pull/7#discussion_r{comment['id']}"
    )
    assert (comment["path"], comment["line"], comment["side"]) == (REQS, 4, "RIGHT")
    assert comment["commit_id"] == HEAD and comment["user"]["type"] == "Bot"
    assert comment["diff_hunk"].endswith("\n starlette==0.27.0"), "GitHub anchored it on the starlette pin"
    assert comment["body"] == f"{MARKER}\n{WHY}\n\n```suggestion\nstarlette>=0.29.0\n```"


def test_a_second_run_with_the_same_suggestions_changes_nothing(fake: FakeGitHub) -> None:
    wanted = {(REQS, 4): body(), ("web/pyproject.toml", 3): body(Edit("web/pyproject.toml", 3, "", "x"))}
    first = upsert_suggestions(pull_of(fake), HEAD, MARKER, wanted)
    assert [p.action for p in first] == [Action.CREATED, Action.CREATED]
    fake.log.clear()
    second = upsert_suggestions(pull_of(fake), HEAD, MARKER, wanted)
    assert [p.action for p in second] == [Action.UNCHANGED, Action.UNCHANGED]
    assert [p.url for p in second] == [p.url for p in first]
    # one read of the thread and one question (who does this token post as?), no writes
    assert [(c.method, c.path) for c in fake.log] == [
        ("GET", "/repos/acme/shop/pulls/7/comments"),
        ("POST", "/graphql"),
    ]


def test_a_changed_body_is_edited_in_place(fake: FakeGitHub) -> None:
    upsert_suggestions(pull_of(fake), HEAD, MARKER, {(REQS, 4): body()})
    [before] = ours(fake)
    newer = body(Edit(REQS, 4, "starlette==0.27.0", "starlette>=0.29.0,<0.30"), "Now capped.")
    [posted] = upsert_suggestions(pull_of(fake), HEAD, MARKER, {(REQS, 4): newer})
    [after] = ours(fake)
    assert posted.action is Action.UPDATED and after["id"] == before["id"] and after["body"] == newer
    assert fake.calls("PATCH", rf"^/repos/{REPO}/pulls/comments/{before['id']}$")
    assert len(fake.calls("POST", r"/comments$")) == 1


def test_a_suggestion_no_longer_wanted_is_deleted(fake: FakeGitHub) -> None:
    other = body(Edit(REQS, 2, "fastapi==0.100.1", "fastapi>=0.100.1"))
    upsert_suggestions(pull_of(fake), HEAD, MARKER, {(REQS, 4): body(), (REQS, 2): other})
    kept, dropped = sorted(ours(fake), key=lambda c: -c["line"])
    [posted] = upsert_suggestions(pull_of(fake), HEAD, MARKER, {(REQS, 4): body()})
    assert posted.action is Action.UNCHANGED
    assert [c["id"] for c in ours(fake)] == [kept["id"]]
    assert fake.calls("DELETE", rf"/pulls/comments/{dropped['id']}$")
    assert upsert_suggestions(pull_of(fake), HEAD, MARKER, {}) == []
    assert not ours(fake)


def test_an_outdated_suggestion_is_replaced_on_the_new_head(fake: FakeGitHub) -> None:
    upsert_suggestions(pull_of(fake), HEAD, MARKER, {(REQS, 4): body()})
    [old] = ours(fake)
    moved = REQS_PATCH.replace("@@ -1,5 +1,5 @@\n # api\n", "@@ -1,5 +1,6 @@\n # api\n+# pinned by ops\n")
    fake.push(REPO, 7, "c" * 40, {**FILES, REQS: moved})
    assert ours(fake)[0]["line"] is None, "the fake marks it outdated, as GitHub does"
    [posted] = upsert_suggestions(pull_of(fake), "c" * 40, MARKER, {(REQS, 5): body(Edit(REQS, 5, "", "x"))})
    [new] = ours(fake)
    assert posted.action is Action.CREATED and new["id"] != old["id"]
    assert (new["line"], new["commit_id"]) == (5, "c" * 40)


def test_a_human_review_comment_quoting_the_marker_is_left_alone(fake: FakeGitHub) -> None:
    quoted = f"{MARKER}\nI copied the bot's suggestion here"
    human = fake.add_review_comment(REPO, 7, REQS, 4, quoted, user=HUMAN)
    [posted] = upsert_suggestions(pull_of(fake), HEAD, MARKER, {(REQS, 4): body()})
    assert posted.action is Action.CREATED
    upsert_suggestions(pull_of(fake), HEAD, MARKER, {})
    [left] = fake.review_comments(REPO, 7)
    assert left["id"] == human["id"] and left["body"] == quoted
    assert not fake.calls("PATCH") and not fake.calls("DELETE", rf"/{human['id']}$")


def test_a_line_outside_the_diff_is_refused_and_diff_lines_excludes_it(fake: FakeGitHub) -> None:
    pull = pull_of(fake)
    assert 10 not in diff_lines(pull.get_files())[REQS]
    with pytest.raises(GithubException) as raised:
        upsert_suggestions(pull, HEAD, MARKER, {(REQS, 10): body(Edit(REQS, 10, "", "x"))})
    assert raised.value.status == 422
    assert "pull_request_review_thread.line must be part of the diff" in str(raised.value.data)
    assert not fake.review_comments(REPO, 7)


def test_three_concurrent_runs_end_with_one_comment_per_line(fake: FakeGitHub) -> None:
    wanted = {(REQS, 4): body(), (REQS, 21): body(Edit(REQS, 21, "", "sqlalchemy==2.0.19"))}
    fake.write_delay = 0.3  # every write lands late: all three read an empty thread first
    pulls = [pull_of(fake) for _ in range(3)]
    start = threading.Barrier(3)
    results: list[list[Posted]] = [[] for _ in pulls]
    errors: list[BaseException] = []

    def run(i: int) -> None:
        start.wait()
        try:
            results[i] = upsert_suggestions(pulls[i], HEAD, MARKER, wanted)
        except BaseException as exc:  # reported below, with the thread's traceback
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    comments = ours(fake)
    assert sorted((c["path"], c["line"]) for c in comments) == [(REQS, 4), (REQS, 21)]
    assert len(fake.calls("POST", r"/pulls/7/comments$")) > 2, (
        "the race did not happen; the test proves nothing"
    )
    by_line = {c["line"]: c["id"] for c in comments}
    for posted in results:
        assert [p.url.rsplit("_r", 1)[1] for p in posted if p.url] == [str(by_line[4]), str(by_line[21])]


def test_a_retried_create_that_had_landed_leaves_one_comment(fake: FakeGitHub) -> None:
    fake.inject("POST", r"/pulls/7/comments$", 502, message="Bad Gateway", after=True)
    [posted] = upsert_suggestions(pull_of(fake), HEAD, MARKER, {(REQS, 4): body()})
    assert [c.status for c in fake.calls("POST")] == [502, 201], "the write happened twice"
    [comment] = ours(fake)
    assert posted.url is not None and posted.url.endswith(f"#discussion_r{comment['id']}")


def test_a_read_only_token_gets_403(fake: FakeGitHub) -> None:
    with pytest.raises(GithubException) as raised:
        upsert_suggestions(pull_of(fake, READONLY), HEAD, MARKER, {(REQS, 4): body()})
    assert raised.value.status == 403
    assert not fake.review_comments(REPO, 7)


def test_a_long_thread_behind_an_enterprise_prefix() -> None:
    with FakeGitHub(prefix="/api/v3") as ghes:
        ghes.add_repo(REPO)
        ghes.add_pull(REPO, 7, head_sha=HEAD, files=FILES)
        for i in range(150):  # pushes ours past the first page (per_page=100)
            ghes.add_review_comment(REPO, 7, REQS, 1 + i % 5, f"note {i}")
        upsert_suggestions(pull_of(ghes), HEAD, MARKER, {(REQS, 4): body()})
        [posted] = upsert_suggestions(pull_of(ghes), HEAD, MARKER, {(REQS, 4): body()})
        assert posted.action is Action.UNCHANGED and len(ours(ghes)) == 1
        assert len(ghes.calls("GET", r"/pulls/7/comments$")) >= 4, "two pages per read"
        assert {c.status for c in ghes.log} <= {200, 201}
