"""The image, run exactly as GitHub runs a Docker action, against the fake GitHub on the host network.

Needs a Docker engine. Where none answers, the stand-in script (``../shared/ci/docker-standin.sh``,
which installs and starts one) is tried; only if no engine can be started at all is this skipped,
loudly. ``ACTION_BASE_IMAGE`` overrides the base image (the stand-in's, on machines without a
registry).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.actionrun import REPOSITORY, TOKEN, Runner, annotations, run_container
from tests.conftest import HEADLINE, REPO
from tests.fakegithub import FakeGitHub

pytestmark = pytest.mark.container

MARKER = "<!-- starlette-2093-check -->"


def test_the_image_runs_as_a_github_docker_action(image: str, fake: FakeGitHub, tmp_path: Path) -> None:
    workspace = tmp_path / "workspace"
    shutil.copytree(REPO / "examples" / "shop", workspace)
    runner = Runner(tmp_path / "runner")
    event = {"number": 7, "pull_request": {"number": 7, "head": {"repo": {"full_name": REPOSITORY}}}}

    run = run_container(
        runner, image, fake.url, workspace, "pull_request", event, inputs={"sarif-file": "x.sarif"}
    )

    assert run.returncode == 1, run.stdout[-3000:] + run.stderr[-3000:]
    [comment] = fake.comments(REPOSITORY, 7)
    assert comment["body"].startswith(MARKER)
    assert "reproduced in 2 of 2 project(s)" in comment["body"]
    assert run.outputs["verdict"] == "reproduced" and run.outputs["reproduced"] == "true"
    assert {t["root"]: t["version"] for t in json.loads(run.outputs["targets"])} == {
        "admin": "0.26.1",
        "api": "0.27.0",
    }
    assert run.outputs["url"].endswith(f"#issuecomment-{comment['id']}")
    assert f"## ❌ {HEADLINE} check: reproduced in 2 of 2 project(s)" in run.summary
    assert {a.split("::")[1] for a in annotations(run.stdout, "error")} == {
        "error file=admin/requirements.txt,line=2,title=Starlette #2093 reproduced (starlette 0.26.1)",
        "error file=api/requirements.txt,line=2,title=Starlette #2093 reproduced (starlette 0.27.0)",
    }
    assert run.stdout.startswith(f"::add-mask::{TOKEN}\n") and run.stdout.count(TOKEN) == 1
    sarif = json.loads((workspace / "x.sarif").read_text())
    headline = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "starlette-2093"]
    assert len(headline) == 2
    # api's own code has the middleware and the background task: a notice points at the middleware.
    assert "notice file=api/app.py,line=11,title=Starlette #2093 is triggered here" in {
        a.split("::")[1] for a in annotations(run.stdout, "notice")
    }

    # A second run (warm: the runner's home keeps the verdict cache) edits the same comment.
    again = run_container(runner, image, fake.url, workspace, "pull_request", event, run_id="2")
    assert again.returncode == 1
    [edited] = fake.comments(REPOSITORY, 7)
    assert edited["id"] == comment["id"] and "actions/runs/2" in edited["body"]


def test_the_image_is_the_local_cli_too(image: str, tmp_path: Path) -> None:
    workspace = tmp_path / "src"
    shutil.copytree(REPO / "examples" / "shop", workspace)
    command = ["docker", "run", "--rm", "--network", "host", "-v", f"{workspace}:/src", image]
    proc = subprocess.run(
        [*command, "scan", "/src", "--format", "json", "-q"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr[-3000:]
    report = json.loads(proc.stdout)
    assert sorted(t["verdict"] for t in report["targets"]) == ["reproduced", "reproduced"]
    assert all(t["fix"]["verification"]["verdict"] == "not_reproduced" for t in report["targets"])


def test_a_custom_pack_runs_as_a_uid_of_its_own_and_sees_no_secret(
    image: str, fake: FakeGitHub, tmp_path: Path
) -> None:
    workspace = tmp_path / "workspace"
    shutil.copytree(REPO / "examples" / "shop", workspace)
    shutil.copytree(REPO / "tests/fixtures/packs/envprobe", workspace / "checks/envprobe")
    runner = Runner(tmp_path / "runner")
    run = run_container(
        runner,
        image,
        fake.url,
        workspace,
        "schedule",
        {},
        inputs={"packs": "checks", "json-file": "report.json", "comment": "never", "fail-on": "never"},
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert run.stdout.count(TOKEN) == 1  # the ::add-mask:: line, nothing else
    report = json.loads((workspace / "report.json").read_text())
    for target in report["targets"]:
        probe = {p["id"]: p for p in target["packs"]}["acme-envprobe"]
        assert probe["verdict"] == "not_reproduced", probe["reason"]
        seen = probe["evidence"]["look"]
        # the container runs as root; the scenario as a uid of its own, that nothing else uses
        assert seen["uid"] in range(60_200, 60_300) and seen["uid"] == probe["evidence"]["sandbox_user"]
        assert seen["leaked"] == []
        assert seen["parent_environ"].startswith("refused")
        assert not any(k.startswith(("GITHUB_", "INPUT_", "ACTIONS_")) for k in seen["env_keys"])


def test_the_image_scans_an_organisation_through_the_api(image: str, tmp_path: Path) -> None:
    with FakeGitHub() as gh:
        token = next(iter(gh.tokens))
        gh.add_repo("acme/api", files={"requirements.txt": "starlette==0.27.0\n"})
        gh.add_repo(
            "acme/web",
            files={
                "pyproject.toml": '[project]\nname = "web"\nversion = "1"\n'
                'dependencies = ["starlette==0.29.0"]\n'
            },
        )
        gh.add_repo("acme/old", files={"requirements.txt": "starlette==0.27.0\n"}, archived=True)
        workspace = tmp_path / "workspace"
        workspace.mkdir()
        runner = Runner(tmp_path / "runner")
        run = run_container(
            runner,
            image,
            gh.url,
            workspace,
            "schedule",
            {},
            inputs={"github-token": token, "org": "acme", "json-file": "org.json", "fail-on": "reproduced"},
        )
    assert run.returncode == 1, run.stdout[-3000:] + run.stderr[-3000:]
    report = json.loads((workspace / "org.json").read_text())
    assert {r["repo"]: r["status"] for r in report["repos"]} == {
        "acme/api": "scanned",
        "acme/old": "skipped",
        "acme/web": "scanned",
    }
    assert run.outputs["verdict"] == "reproduced"
    assert run.summary.startswith(
        f"## ❌ {HEADLINE} organisation scan (acme): reproduced in 1 of 2 repositories"
    )
