"""The reusable workflow (.github/workflows/org-scan.yml), checked as far as a machine without GitHub can:

- its shape: a plan job, a matrix of shards, a merge job that runs whatever the shards sent;
- its plan step's own shell script, run with bash;
- every input it gives the action is one action.yml declares;
- its data flow, replayed through the real action: each shard step's ``with:`` (expressions filled
  in as the runner would) run in action mode against the fake GitHub, their JSON files laid out the
  way ``download-artifact`` lays them out, then the merge step's ``with:``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.actionrun import REPOSITORY, Runner, annotations, run_local
from tests.conftest import HEADLINE, REPO
from tests.fakegithub import BOT, FakeGitHub
from tests.githubmd import read

WORKFLOW = yaml.safe_load((REPO / ".github" / "workflows" / "org-scan.yml").read_text())
ACTION = yaml.safe_load((REPO / "action.yml").read_text())
OURS = "your-org/starlette-2093-check@v1"
TOKEN = "ghs_org_workflow_token"


def steps(job: str) -> list[dict[str, Any]]:
    return list(WORKFLOW["jobs"][job]["steps"])


def our_step(job: str) -> dict[str, Any]:
    [step] = [s for s in steps(job) if s.get("uses") == OURS]
    return step


def fill(value: str, context: dict[str, str]) -> str:
    """Expand ``${{ a.b }}`` the way the runner does, for the plain references this workflow uses."""

    def one(m: re.Match[str]) -> str:
        return context[m.group(1)]

    return re.sub(r"\$\{\{\s*([\w.-]+)\s*\}\}", one, str(value))


def test_the_workflow_is_callable_with_the_inputs_and_secret_it_documents() -> None:
    call = WORKFLOW[True]["workflow_call"]  # YAML 1.1 (PyYAML) reads the key `on` as true
    assert set(call["inputs"]) == {
        "org",
        "repositories",
        "shards",
        "issues",
        "issue-label",
        "index-url",
        "fail-on",
    }
    assert call["secrets"]["token"]["required"] is True
    assert set(call["outputs"]) == {"verdict", "reproduced"}
    assert WORKFLOW["jobs"]["scan"]["needs"] == "plan"
    assert WORKFLOW["jobs"]["scan"]["strategy"]["fail-fast"] is False
    assert WORKFLOW["jobs"]["merge"]["needs"] == "scan" and "cancelled()" in WORKFLOW["jobs"]["merge"]["if"]


def test_every_input_given_to_the_action_is_one_it_declares() -> None:
    for job in ("scan", "merge"):
        assert set(our_step(job)["with"]) <= set(ACTION["inputs"]), job


@pytest.mark.parametrize(
    ("shards", "expected"),
    [("1", "shards=[1]"), ("4", "shards=[1,2,3,4]"), ("0", None), ("300", None), ("two", None)],
)
def test_the_plan_step_lists_the_shards_or_refuses(tmp_path: Path, shards: str, expected: str | None) -> None:
    [plan] = steps("plan")
    output = tmp_path / "out"
    output.write_text("")
    proc = subprocess.run(
        ["bash", "-e", "-c", plan["run"]],
        env={"PATH": os.environ["PATH"], "SHARDS": shards, "GITHUB_OUTPUT": str(output)},
        capture_output=True,
        text=True,
        check=False,
    )
    if expected is None:
        assert proc.returncode == 1 and "::error::shards must be a whole number" in proc.stdout
    else:
        assert proc.returncode == 0 and output.read_text().strip() == expected
        assert json.loads(expected.split("=", 1)[1]) == list(range(1, int(shards) + 1))


def test_what_the_shards_upload_is_what_the_merge_reads() -> None:
    scan_with = our_step("scan")["with"]
    [upload] = [s for s in steps("scan") if s.get("uses", "").startswith("actions/upload-artifact")]
    [download] = [s for s in steps("merge") if s.get("uses", "").startswith("actions/download-artifact")]
    for k in ("1", "7"):
        context = {"matrix.shard": k}
        assert fill(upload["with"]["path"], context) == fill(scan_with["json-file"], context)
        name = fill(upload["with"]["name"], context)
        assert re.fullmatch(download["with"]["pattern"].replace("*", ".*"), name)
        # merge-multiple lays every shard's file out in `path`, where the merge glob finds it
        laid_out = Path(download["with"]["path"]) / fill(scan_with["json-file"], context)
        assert laid_out.match(our_step("merge")["with"]["merge"])
    assert download["with"]["merge-multiple"] is True


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    with FakeGitHub(tokens={TOKEN: {"user": BOT, "readonly": False}}) as gh:
        gh.add_repo(REPOSITORY)  # the repository the workflow runs in
        for n in range(9):
            version = "0.27.0" if n % 3 == 0 else "0.29.0"
            gh.add_repo(f"acme/svc{n}", files={"requirements.txt": f"starlette=={version}\n"})
        gh.add_repo("acme/old", files={"requirements.txt": "starlette==0.27.0\n"}, archived=True)
        yield gh


@pytest.mark.integration
def test_the_workflow_replayed_shards_then_merge_through_the_real_action(
    fake: FakeGitHub, tmp_path: Path, repro_cache: Path
) -> None:
    inputs = {"inputs.org": "acme", "inputs.repositories": "", "inputs.shards": "3", "inputs.index-url": ""}
    inputs |= {
        "inputs.issues": "true",
        "inputs.issue-label": "starlette-2093",
        "inputs.fail-on": "reproduced",
    }
    secrets = {"secrets.token": TOKEN}
    runner = Runner(tmp_path / "runner")
    shards = tmp_path / "merge-job" / "shards"
    shards.mkdir(parents=True)
    # GitHub's answer for one repository's head is not a commit id: scanned all the same, no links.
    bad_head = {"ref": "refs/heads/main", "object": {"sha": "javascript:alert(1)", "type": "commit"}}
    fake.inject("GET", r"^/repos/acme/svc6/git/ref/heads/main$", 200, payload=bad_head)
    for k in ("1", "2", "3"):
        workspace = tmp_path / f"shard-{k}"  # the cache is the default one: the session's
        workspace.mkdir(parents=True)
        given = {
            key: fill(v, {**inputs, **secrets, "matrix.shard": k})
            for key, v in our_step("scan")["with"].items()
        }
        run = run_local(runner, fake.url, workspace, "schedule", {}, cache=repro_cache, inputs=given)
        assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
        assert f"{HEADLINE} organisation scan (acme), shard {k}/3: " in run.summary.splitlines()[0]
        # Progress in log groups, with counts and an estimate.
        assert "::group::Reading the manifests of " in run.stdout and "::endgroup::" in run.stdout
        assert re.search(r"==> repositories: \d+/\d+ \(100%\), \d+s elapsed, done", run.stdout)
        shutil.copy(workspace / given["json-file"], shards / given["json-file"])  # upload, download
    merge_with = {key: fill(v, {**inputs, **secrets}) for key, v in our_step("merge")["with"].items()}
    merged = run_local(
        runner, fake.url, tmp_path / "merge-job", "schedule", {}, cache=repro_cache, inputs=merge_with
    )
    assert merged.returncode == 1  # fail-on: reproduced
    assert merged.outputs["verdict"] == "reproduced" and merged.outputs["reproduced"] == "true"
    report = json.loads((tmp_path / "merge-job" / merge_with["json-file"]).read_text())
    # Every repository of the organisation once, the workflow's own (empty) one included.
    assert [r["repo"] for r in report["repos"]] == [
        "acme/old",
        "acme/shop",
        *(f"acme/svc{n}" for n in range(9)),
    ]
    assert report["summary"]["missing_shards"] == [] and report["shard"] is None
    assert merged.summary.startswith(f"## ❌ {HEADLINE} organisation scan (acme): reproduced in 3 of 9")
    # Each place links to the commit its repository was scanned at, on the workflow's server.
    blob = "https://example.invalid/acme/svc{n}/blob/{commit}/requirements.txt#L1"
    summary_links = read(merged.summary).hrefs()
    for n in (0, 3):
        assert blob.format(n=n, commit=fake.repos[f"acme/svc{n}"].commit()) in summary_links
    assert not [h for h in summary_links if "/acme/svc6/" in h or "javascript" in h]
    targets = json.loads(merged.outputs["targets"])
    assert {t["repo"] for t in targets if t["verdict"] == "reproduced"} == {
        "acme/svc0",
        "acme/svc3",
        "acme/svc6",
    }
    # One tracking issue in each repository where it reproduced, none where it did not.
    for n in range(9):
        issues = fake.issues(f"acme/svc{n}")
        if n % 3 == 0:
            [issue] = issues
            assert (
                issue["title"] == "Starlette #2093 reproduces in 1 project(s)"
                and "starlette-2093" in issue["labels"]
            )
            links = read(issue["body"]).hrefs()
            place = blob.format(n=n, commit=fake.repos[f"acme/svc{n}"].commit())
            assert (place in links) is (n != 6), (n, links)
            assert not [h for h in links if "/blob/" in h and h != place]
        else:
            assert issues == []
    # Run again (the next schedule): the issues are kept up to date, not duplicated.
    again = run_local(
        runner, fake.url, tmp_path / "merge-job", "schedule", {}, cache=repro_cache, inputs=merge_with
    )
    assert again.returncode == 1 and all(len(fake.issues(f"acme/svc{n}")) == (n % 3 == 0) for n in range(9))
    # One repository's API answers nonsense (a 200 with an object for a list): that issue is not
    # posted and says why; the others are, and the verdict, outputs and exit code stand.
    fake.inject("GET", r"^/repos/acme/svc3/issues$", 200, times=20, payload={"issues": "not a list"})
    third = run_local(
        runner, fake.url, tmp_path / "merge-job", "schedule", {}, cache=repro_cache, inputs=merge_with
    )
    assert third.returncode == 1 and third.outputs["verdict"] == "reproduced"
    [warning] = [w for w in annotations(third.stdout, "warning") if "Tracking issue not posted" in w]
    assert "acme/svc3: not posted: unexpected error" in warning


@pytest.mark.integration
def test_a_shard_that_never_reported_makes_the_merge_say_so(
    fake: FakeGitHub, tmp_path: Path, repro_cache: Path
) -> None:
    runner = Runner(tmp_path / "runner")
    workspace = tmp_path / "ws"
    (workspace / "shards").mkdir(parents=True)
    given = {
        "org": "acme",
        "shard": "1/2",
        "json-file": "shards/shard-1.json",
        "fail-on": "never",
        "github-token": TOKEN,
    }
    run = run_local(runner, fake.url, workspace, "schedule", {}, cache=repro_cache, inputs=given)
    assert run.returncode == 0, run.stdout[-3000:]
    merged = run_local(
        runner,
        fake.url,
        workspace,
        "schedule",
        {},
        cache=repro_cache,
        inputs={"merge": "shards/*.json", "fail-on": "inconclusive", "github-token": TOKEN},
    )
    assert merged.returncode == 1 and merged.outputs["verdict"] in ("reproduced", "inconclusive")
    assert "> Shard 2/2 did not report" in merged.summary
