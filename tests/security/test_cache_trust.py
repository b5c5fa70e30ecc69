"""Cached verdicts and sandboxes cannot be forged by the scanned repository.

A cache inside the checkout (the README once suggested one) is refused, whether the pull request
committed one or not. A cached venv runs as the bot's user, so it is used only when it is exactly
what the bot recorded when it built it; a venv whose interpreter or files were swapped afterwards
(a poisoned cache restore) is thrown away and built again, and the swapped program never runs.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from tests.actionrun import REPOSITORY, Runner, run_local
from tests.conftest import scan_json, write_tree
from tests.fakegithub import FakeGitHub
from tests.security.conftest import PR_EVENT

pytestmark = pytest.mark.integration

FORGED = {
    "spec": {},
    "status": "not_reproduced",
    "reason": "second request answered at once",
    "evidence": {},
}


def test_a_cache_inside_the_workspace_is_refused(fake: FakeGitHub, tmp_path: Path, repro_cache: Path) -> None:
    """The old README setup, with a verdict committed by the pull request: refused, exit 2."""
    workspace = write_tree(
        tmp_path / "workspace",
        {
            "requirements.txt": "starlette==0.27.0\n",
            ".starlette-2093-cache/verdicts/forged.json": json.dumps(FORGED),
        },
    )
    for cache_dir in (".starlette-2093-cache", "sub/../.cache-not-yet-there", str(workspace / "abs")):
        run = run_local(
            Runner(tmp_path / "runner"),
            fake.url,
            workspace,
            "pull_request",
            PR_EVENT,
            cache=repro_cache,
            inputs={"cache-dir": cache_dir},
        )
        assert run.returncode == 2, (cache_dir, run.stdout[-2000:])
        assert "input `cache-dir`" in run.stdout and "inside the checkout" in run.stdout
        assert run.outputs == {} or run.outputs.get("verdict") != "not_reproduced"
    assert fake.comments(REPOSITORY, 7) == []


def test_the_cli_refuses_a_cache_inside_the_scanned_checkout(tmp_path: Path) -> None:
    tree = write_tree(tmp_path / "repo", {"requirements.txt": "starlette==0.27.0\n"})
    code, _, output = _scan_raw(tree, tree / ".cache")
    assert code == 2 and "inside the checkout" in output


def _scan_raw(tree: Path, cache: Path) -> tuple[int, str, str]:
    import subprocess
    import sys

    from tests.conftest import REPO, clean_env

    proc = subprocess.run(
        [sys.executable, str(REPO / "entrypoint.py"), "scan", str(tree), "--cache-dir", str(cache)],
        capture_output=True,
        text=True,
        env=clean_env(),
        timeout=300,
        check=False,
    )
    return proc.returncode, proc.stdout, proc.stderr


def test_a_swapped_venv_is_rebuilt_and_its_program_never_runs(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    tree = write_tree(tmp_path / "repo", {"requirements.txt": "starlette==0.27.0\n"})
    code, report, _ = scan_json(tree, cache, "--audit", "off", "--no-reachability")
    assert code == 1 and report["targets"][0]["verdict"] == "reproduced"
    canary = tmp_path / "canary"
    [venv] = [p for p in (cache / "venvs").glob("starlette-0.27.0-*") if p.is_dir()]
    # what a poisoned cache restore could hold: the interpreter swapped for a program, and
    # starlette's middleware patched to pass
    python = venv / "bin" / "python"
    python.unlink()
    python.write_text(f"#!/bin/sh\necho ran >> {canary}\nexit 1\n")
    python.chmod(0o755)
    base = next(venv.glob("lib/python*/site-packages/starlette/middleware/base.py"))
    base.write_text(base.read_text() + "\n# patched\n")
    code, report, output = scan_json(tree, cache, "--audit", "off", "--no-reachability", "--no-cache")
    assert not canary.exists(), output[-3000:]
    assert "discarding the cached sandbox" in output and "bin/python" in output
    assert report["targets"][0]["verdict"] == "reproduced"
    assert os.path.islink(python)  # built again: the interpreter is a link to the real one
    # a file the bot did not write is noticed the same way
    extra = base.parents[2] / "sitecustomize.py"  # site-packages: it would run at every start
    extra.write_text(f"open({str(canary)!r}, 'a').write('ran')\n")
    extra.chmod(extra.stat().st_mode | stat.S_IROTH)
    code, report, output = scan_json(tree, cache, "--audit", "off", "--no-reachability", "--no-cache")
    assert not canary.exists() and "its files changed since it was built (lib/python" in output
    assert "site-packages/sitecustomize.py)" in output
    assert report["targets"][0]["verdict"] == "reproduced"
