"""Repository text never becomes a workflow command, in action mode or from the CLI in a workflow.

The hostile checkout names directories after commands (with line breaks in the names) and writes a
command into a lock file's version. The whole output of the run, stdout and stderr, is read the way
GitHub's runner reads it (tests/security/runner.py): the only commands in it are the ones the action
itself writes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from starlette_2093_check.github.workflow import CommandFilter, neutralise
from tests.actionrun import TOKEN, Runner, run_local
from tests.conftest import scan_cli, write_tree
from tests.fakegithub import FakeGitHub
from tests.security.conftest import PR_EVENT
from tests.security.runner import commands

pytestmark = pytest.mark.integration

POETRY_LOCK = """\
[[package]]
name = "starlette"
version = "0.27.0\\n::add-mask::reproduced"
description = ""
optional = false
python-versions = ">=3.7"
files = []

[metadata]
lock-version = "2.0"
python-versions = "^3.8"
content-hash = "0"
"""
HOSTILE = {
    "app/requirements.txt": "starlette==0.27.0\n",
    "x\n::stop-commands::pwned\n/requirements.txt": "starlette==0.27.0\n",
    "y\r::error file=app/requirements.txt,line=1::forged/requirements.txt": "starlette==0.27.0\n",
    "##[add-mask]reproduced/requirements.txt": "starlette==0.27.0\n",
    "::warning::fake/requirements.txt": "starlette==0.27.0\n",
    "locked/pyproject.toml": '[tool.poetry]\nname = "locked"\n[tool.poetry.dependencies]\nstarlette = "*"\n',
    "locked/poetry.lock": POETRY_LOCK,
}
OURS = {"error", "warning", "notice", "group", "endgroup", "add-mask"}


def test_the_filter_neutralises_both_command_syntaxes_and_holds_partial_lines() -> None:
    assert commands(neutralise("::error::x"), neutralise("  ::error::x"), neutralise("a ##[error]b")) == []
    assert neutralise("a\nb\r::c") == "a\\nb\\r::c"

    class Sink:
        def __init__(self) -> None:
            self.text = ""

        def write(self, text: str) -> int:
            self.text += text
            return len(text)

        def flush(self) -> None:
            pass

    sink = Sink()
    stream = CommandFilter(sink)  # type: ignore[arg-type]
    stream.write("::")
    stream.flush()  # a partial line is not written out: the next write could complete a command
    assert sink.text == ""
    stream.write("error::forged\nplain ##[add-mask]x\n")
    stream.write("tail ::warning::y")
    stream.close_line()
    assert commands(sink.text) == []
    assert sink.text.count("\n") == 3


def test_action_mode_prints_no_command_the_checkout_wrote(
    fake: FakeGitHub, tmp_path: Path, repro_cache: Path
) -> None:
    workspace = write_tree(tmp_path / "workspace", HOSTILE)
    run = run_local(
        Runner(tmp_path / "runner"), fake.url, workspace, "pull_request", PR_EVENT, cache=repro_cache
    )
    found = commands(run.stdout, run.stderr)
    assert {c.name for c in found} <= OURS, [c.line for c in found if c.name not in OURS]
    # every command is one of ours, in the new syntax, at the start of its line
    assert all(c.line.startswith(f"::{c.name}") for c in found), found
    assert [c.line for c in found if c.name == "add-mask"] == [f"::add-mask::{TOKEN}"]
    # the forged error is not an annotation of its own: the real ones carry our title
    errors = [c.line for c in found if c.name == "error"]
    assert errors and all("title=Starlette #2093" in line for line in errors), errors
    # the directories were scanned (their names are escaped, not dropped), and the lock's version
    # was refused: that project was not checked, and says why
    assert run.outputs["verdict"] == "reproduced"
    targets = {t["root"]: t for t in json.loads(run.outputs["targets"])}
    assert "x\n::stop-commands::pwned\n" in targets
    assert targets["locked"]["verdict"] == "inconclusive"
    assert targets["locked"]["version"] == "unknown"
    assert "is not a version" in targets["locked"]["reason"]


def test_the_cli_in_a_workflow_step_prints_no_command_either(tmp_path: Path, repro_cache: Path) -> None:
    tree = write_tree(tmp_path / "repo", HOSTILE)
    for fmt in ("text", "json", "markdown", "sarif"):
        proc = scan_cli(tree, repro_cache, "--format", fmt, "--audit", "off", env={"GITHUB_ACTIONS": "true"})
        assert proc.returncode == 1, proc.stderr[-2000:]
        assert commands(proc.stdout, proc.stderr) == [], fmt
        if fmt in ("json", "sarif"):
            json.loads(proc.stdout)  # still the same data
