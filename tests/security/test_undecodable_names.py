"""Names that are not UTF-8, and report text that is not Unicode, are data errors, not crashes.

A directory named with a byte that is not UTF-8 arrives in Python as a lone surrogate, which no
comment, summary or output file can hold: it once crashed action mode with exit 1 ("reproduced")
and nothing posted. A report file can carry the same thing as a ``\\udcff`` escape.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.actionrun import REPOSITORY, Runner, run_local
from tests.conftest import write_tree
from tests.fakegithub import FakeGitHub
from tests.security.conftest import PR_EVENT
from tests.security.runner import commands

pytestmark = pytest.mark.integration


def test_a_name_that_is_not_utf8_is_an_error_and_the_rest_is_posted(
    fake: FakeGitHub, tmp_path: Path, repro_cache: Path
) -> None:
    workspace = write_tree(tmp_path / "workspace", {"api/requirements.txt": "starlette==0.27.0\n"})
    odd = os.path.join(os.fsencode(workspace), b"bad\xff")
    os.mkdir(odd)
    with open(os.path.join(odd, b"requirements.txt"), "w") as fh:
        fh.write("starlette==0.27.0\n")
    run = run_local(
        Runner(tmp_path / "runner"), fake.url, workspace, "pull_request", PR_EVENT, cache=repro_cache
    )
    assert run.returncode == 1, run.stdout[-3000:] + run.stderr[-3000:]  # api reproduced: fail-on
    assert "Traceback" not in run.stdout + run.stderr
    [comment] = fake.comments(REPOSITORY, 7)
    assert "reproduced in 1 of 1 project(s)" in comment["body"]
    assert "the name is not valid UTF-8" in comment["body"] and "`bad\\xff`" in comment["body"]
    assert run.outputs["verdict"] == "reproduced"
    assert {c.name for c in commands(run.stdout, run.stderr)} <= {
        "error",
        "warning",
        "group",
        "endgroup",
        "add-mask",
    }


def test_report_text_that_is_not_unicode_is_refused(
    fake: FakeGitHub, tmp_path: Path, repro_cache: Path
) -> None:
    base = tmp_path / "base"
    report = {
        "schema_version": 1,
        "targets": [],
        "scanned": [],
        "errors": [{"file": "x\udcff", "message": "m"}],
    }
    write_tree(base, {"artifact/report.json": json.dumps(report)})
    event = {
        "workflow_run": {"head_sha": "a" * 40, "pull_requests": [{"number": 7, "head": {"sha": "a" * 40}}]}
    }
    run = run_local(
        Runner(tmp_path / "runner"),
        fake.url,
        base,
        "workflow_run",
        event,
        cache=repro_cache,
        inputs={"report": "artifact/report.json"},
    )
    assert run.returncode == 2, run.stdout[-3000:] + run.stderr[-3000:]
    assert "not valid Unicode" in run.stdout and "Traceback" not in run.stdout + run.stderr
    assert fake.comments(REPOSITORY, 7) == []
