"""The ``comment-template`` input end to end: the real entrypoint publishes a report file (the
``workflow_run`` follow-up, so nothing is scanned) to the fake GitHub on 127.0.0.1, with a template
from the workspace."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from starlette_2093_check.model import Edit
from starlette_2093_check.report.markdown import MARKER, read_state
from tests.actionrun import REPOSITORY, TOKEN, ActionRun, Runner, annotations, run_local
from tests.conftest import write_tree
from tests.fakegithub import BOT, FakeGitHub
from tests.githubmd import read
from tests.security.hostile import report_json, reproduced, starlette_fix

HEAD = "c" * 40
EVENT = {"workflow_run": {"event": "pull_request", "head_sha": HEAD, "pull_requests": []}}
TEMPLATE = ".github/starlette-comment.md"
BLOB = f"https://example.invalid/{REPOSITORY}/blob/{HEAD}/"


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    with FakeGitHub(tokens={TOKEN: {"user": BOT, "readonly": False}}) as gh:
        gh.add_repo(REPOSITORY)
        gh.add_pull(REPOSITORY, 9, head_sha=HEAD, head_repo="someone/shop")
        yield gh


def publish(tmp_path: Path, fake: FakeGitHub, template: str | None) -> ActionRun:
    edit = Edit("svc/requirements.txt", 3, "starlette==0.27.0", "starlette==0.29.0")
    report = report_json(reproduced("svc", starlette_fix("svc", (edit,))), scanned=("svc/requirements.txt",))
    files: dict[str, str | bytes] = {"artifact/report.json": json.dumps(report)}
    if template is not None:
        files[TEMPLATE] = template
    base = write_tree(tmp_path / "base", files)
    inputs = {"report": "artifact/report.json", "comment-template": TEMPLATE}
    return run_local(
        Runner(tmp_path / "runner"),
        fake.url,
        base,
        "workflow_run",
        EVENT,
        cache=tmp_path / "c",
        inputs=inputs,
    )


def test_the_repositorys_template_lays_out_the_comment(tmp_path: Path, fake: FakeGitHub) -> None:
    run = publish(tmp_path, fake, "$heading\n\nChecked by the platform team ($verdict).\n\n$table\n\n$fix\n")
    assert run.returncode == 1, run.stdout + run.stderr
    [comment] = fake.comments(REPOSITORY, 9)
    body = comment["body"]
    assert body.startswith(f"{MARKER}\n<!-- starlette-2093-check:state ") and read_state(body) == {
        "svc": "0.27.0"
    }
    page = read(body)
    assert "Checked by the platform team (reproduced)." in page.visible_text()
    assert page.summaries == [], "only what the template places"
    assert f"{BLOB}svc/requirements.txt#L3" in page.hrefs(), "places link to the pull request's head"
    assert not annotations(run.stdout, "warning")


def test_a_template_that_is_not_placeholders_only_falls_back_to_the_built_in_one(
    tmp_path: Path, fake: FakeGitHub
) -> None:
    run = publish(tmp_path, fake, "$heading\n\nCosts 5$ a month: ${heading.__class__}\n")
    assert run.returncode == 1, run.stdout + run.stderr
    [warning] = [w for w in annotations(run.stdout, "warning") if "comment-template" in w]
    assert warning.startswith(f"::warning file={TEMPLATE},line=3,title=")
    assert "a $ that is not a placeholder" in warning and "the built-in template was used" in warning
    [comment] = fake.comments(REPOSITORY, 9)
    page = read(comment["body"])
    assert "Costs" not in page.visible_text()
    assert "How the versions were found" in page.summaries, "the built-in layout"


def test_a_missing_template_is_said_and_the_report_still_posted(tmp_path: Path, fake: FakeGitHub) -> None:
    run = publish(tmp_path, fake, None)
    assert run.returncode == 1, run.stdout + run.stderr
    [warning] = [w for w in annotations(run.stdout, "warning") if "comment-template" in w]
    assert "not a file in the workspace" in warning
    assert len(fake.comments(REPOSITORY, 9)) == 1


def test_a_pull_request_that_changes_the_template_gets_the_built_in_layout(tmp_path: Path) -> None:
    """A pull request must not write what its own comment says about it: a template it edits is
    not used until it is merged."""
    forged = "✅ Checked: not reproduced, nothing to do.\n\n<!-- $heading -->\n"
    with FakeGitHub(tokens={TOKEN: {"user": BOT, "readonly": False}}) as gh:
        gh.add_repo(REPOSITORY)
        gh.add_pull(REPOSITORY, 9, head_sha=HEAD, head_repo="someone/shop", files={TEMPLATE: "@@ -0,0 +1 @@"})
        run = publish(tmp_path, gh, forged)
        [comment] = gh.comments(REPOSITORY, 9)
        # The template check and the review suggestions share one look at the pull request.
        assert len(gh.calls("GET", r"/pulls/9$")) == 1
        assert len(gh.calls("GET", r"/pulls/9/files")) == 1
    assert run.returncode == 1, run.stdout + run.stderr
    [warning] = [w for w in annotations(run.stdout, "warning") if "comment-template" in w]
    assert "this pull request changes it" in warning and "the built-in template was used" in warning
    page = read(comment["body"])
    assert "nothing to do" not in page.visible_text()
    assert "How the versions were found" in page.summaries, "the built-in layout"
