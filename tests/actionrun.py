"""Run the action the way GitHub runs a Docker action: env, event file, file commands, no arguments.

``run_local`` starts ``entrypoint.py`` as a subprocess; ``run_container`` starts the image with the
mounts and variables the runner passes (``--workdir /github/workspace``, the workspace,
``/github/file_commands``, ``/github/workflow``, ``/github/home``). Both return what a workflow sees:
exit code, log, parsed outputs and the step summary.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import REPO, clean_env

TOKEN = "ghs_workflow_token"
REPOSITORY = "acme/shop"


@dataclass
class ActionRun:
    returncode: int
    stdout: str
    stderr: str
    outputs: dict[str, str]
    summary: str


def parse_outputs(text: str) -> dict[str, str]:
    """Read a GITHUB_OUTPUT file as the runner does (``name=value`` and ``name<<DELIM`` heredocs)."""
    outputs: dict[str, str] = {}
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            end = lines.index(delimiter, i + 1)
            outputs[name] = "\n".join(lines[i + 1 : end])
            i = end + 1
        elif "=" in line:
            name, value = line.split("=", 1)
            outputs[name] = value
            i += 1
        else:
            i += 1
    return outputs


@dataclass
class Runner:
    """The runner-side directories of one job: file commands, workflow (event), home."""

    base: Path

    def __post_init__(self) -> None:
        for sub in ("file_commands", "workflow", "home"):
            (self.base / sub).mkdir(parents=True, exist_ok=True)

    def prepare(self, event: dict[str, Any]) -> tuple[str, str]:
        """Write the event, and fresh output/summary files; return their names."""
        (self.base / "workflow" / "event.json").write_text(json.dumps(event))
        step = uuid.uuid4().hex[:8]
        output, summary = f"set_output_{step}", f"step_summary_{step}"
        (self.base / "file_commands" / output).write_text("")
        (self.base / "file_commands" / summary).write_text("")
        return output, summary

    def result(self, proc: subprocess.CompletedProcess[str], output: str, summary: str) -> ActionRun:
        return ActionRun(
            returncode=proc.returncode,
            stdout=proc.stdout,
            stderr=proc.stderr,
            outputs=parse_outputs((self.base / "file_commands" / output).read_text()),
            summary=(self.base / "file_commands" / summary).read_text(),
        )


def action_defaults() -> dict[str, str]:
    """Each input of action.yml and its ``default:`` (what the runner passes when a step gives none)."""
    declared = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))["inputs"]
    return {name: str(spec.get("default", "")) for name, spec in declared.items()}


def github_env(
    api_url: str,
    event_name: str,
    *,
    workspace: str,
    event_path: str,
    output: str,
    summary: str,
    inputs: dict[str, str],
    ref: str = "refs/pull/7/merge",
    run_id: str = "1001",
) -> dict[str, str]:
    env = {
        "GITHUB_ACTIONS": "true",
        "CI": "true",
        "GITHUB_EVENT_NAME": event_name,
        "GITHUB_EVENT_PATH": event_path,
        "GITHUB_WORKSPACE": workspace,
        "GITHUB_REPOSITORY": REPOSITORY,
        "GITHUB_API_URL": api_url,
        "GITHUB_SERVER_URL": "https://example.invalid",
        "GITHUB_RUN_ID": run_id,
        "GITHUB_REF": ref,
        "GITHUB_OUTPUT": output,
        "GITHUB_STEP_SUMMARY": summary,
    }
    # GitHub passes every input action.yml declares, with its default when the step gives none.
    defaults = {**action_defaults(), "github-token": TOKEN}
    # Docker actions get INPUT_<NAME> upper-cased with hyphens kept, exactly like this.
    env.update({f"INPUT_{k.upper()}": v for k, v in {**defaults, **inputs}.items()})
    return env


def start_local(
    runner: Runner,
    api_url: str,
    workspace: Path,
    event_name: str,
    event: dict[str, Any],
    *,
    cache: Path,
    inputs: dict[str, str] | None = None,
    **kw: str,
) -> tuple[subprocess.Popen[str], str, str]:
    output, summary = runner.prepare(event)
    fc = runner.base / "file_commands"
    env = {
        **clean_env(),
        "HOME": str(runner.base / "home"),
        "REPRO_CACHE_DIR": str(cache),
        **github_env(
            api_url,
            event_name,
            workspace=str(workspace),
            event_path=str(runner.base / "workflow" / "event.json"),
            output=str(fc / output),
            summary=str(fc / summary),
            inputs=inputs or {},
            **kw,
        ),
    }
    proc = subprocess.Popen(
        [sys.executable, str(REPO / "entrypoint.py")],
        cwd=workspace,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    return proc, output, summary


def finish(
    runner: Runner, started: tuple[subprocess.Popen[str], str, str], timeout: float = 300
) -> ActionRun:
    proc, output, summary = started
    stdout, stderr = proc.communicate(timeout=timeout)
    done = subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)
    return runner.result(done, output, summary)


def run_local(runner: Runner, *args: Any, **kwargs: Any) -> ActionRun:
    return finish(runner, start_local(runner, *args, **kwargs))


def run_container(
    runner: Runner,
    image: str,
    api_url: str,
    workspace: Path,
    event_name: str,
    event: dict[str, Any],
    *,
    inputs: dict[str, str] | None = None,
    extra_env: dict[str, str] | None = None,
    **kw: str,
) -> ActionRun:
    """``extra_env``: what else the runner or the workflow's ``env:`` puts into the container
    (``ACTIONS_RUNTIME_TOKEN``, a ``GITHUB_TOKEN`` the workflow sets)."""
    output, summary = runner.prepare(event)
    env = github_env(
        api_url,
        event_name,
        workspace="/github/workspace",
        event_path="/github/workflow/event.json",
        output=f"/github/file_commands/{output}",
        summary=f"/github/file_commands/{summary}",
        inputs=inputs or {},
        **kw,
    )
    env["HOME"] = "/github/home"
    env.update(extra_env or {})
    cmd = ["docker", "run", "--rm", "--network", "host", "--workdir", "/github/workspace"]
    cmd += ["-v", f"{workspace}:/github/workspace"]
    for sub in ("file_commands", "workflow", "home"):
        cmd += ["-v", f"{runner.base / sub}:/github/{sub}"]
    for key, value in env.items():
        cmd += ["-e", f"{key}={value}"]
    proc = subprocess.run([*cmd, image], capture_output=True, text=True, timeout=600, check=False)
    return runner.result(proc, output, summary)


def annotations(stdout: str, level: str) -> list[str]:
    return re.findall(rf"^::{level}(?: [^:]*)?::.*$", stdout, re.MULTILINE)
