"""A run killed while it builds (``kill -9``) leaves its ``.build-*`` directory; the next run removes it.

Real processes throughout: the sandbox build and the organisation scan run as subprocesses, are
stopped part way (an index that never answers, an API that hangs) and killed with SIGKILL; a new
run then starts on the same cache. A build that a live process is still doing is left alone.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from starlette_2093_check.builddirs import build_dir, remove_stale_builds
from starlette_2093_check.repro.sandbox import Sandbox, SandboxConfig
from tests.conftest import REPO, clean_env
from tests.fakegithub import BOT, FakeGitHub

pytestmark = pytest.mark.integration

# A sandbox build as a scan does it, for starlette 0.27.0 from the index given.
BUILD = """\
import sys
from pathlib import Path
from starlette_2093_check.repro.sandbox import Sandbox, SandboxConfig
sandbox = Sandbox(SandboxConfig(cache_dir=Path(sys.argv[1]), index_url=sys.argv[2], use_cache=False))
print(sandbox.verdict("0.27.0", None, None))
"""


@pytest.fixture
def silent_index() -> Iterator[str]:
    """An index that accepts connections and never answers: an install waits on it."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(16)
        yield f"http://127.0.0.1:{server.getsockname()[1]}/simple"


def _wait_for(
    found: Callable[[], Path | None], what: str, proc: subprocess.Popen[bytes], timeout: float = 120
) -> Path:
    """What ``found`` finds once it does, while ``proc`` still runs."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        hit = found()
        if hit is not None:
            return hit
        assert proc.poll() is None, (
            f"the run ended before {what}: {proc.stderr.read() if proc.stderr else ''!r}"
        )
        time.sleep(0.05)
    raise AssertionError(f"no {what} within {timeout}s")


def _start_build(cache: Path, index: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", BUILD, str(cache), index],
        cwd=REPO,
        env={**clean_env(), "UV_HTTP_TIMEOUT": "300"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its uv children too, so the test can end them all
    )


def _building_venv(cache: Path) -> Path | None:
    """The build directory once the venv is made and the install is waiting on the index."""
    return next((p for p in (cache / "venvs").glob(".build-*") if (p / "bin" / "python").exists()), None)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def test_a_sandbox_build_killed_part_way_is_removed_by_the_next_run(
    tmp_path: Path, silent_index: str
) -> None:
    cache = tmp_path / "cache"
    proc = _start_build(cache, silent_index)
    try:
        building = _wait_for(lambda: _building_venv(cache), "sandbox build", proc)
        os.kill(proc.pid, signal.SIGKILL)  # the bot only: its uv child is orphaned, still running
        proc.wait()
        assert building.is_dir()  # what the killed run left
        said: list[str] = []
        Sandbox(SandboxConfig(cache_dir=cache), progress=said.append)  # a new run starts
        assert not building.exists()
        assert list((cache / "venvs").glob(".build-*")) == []
        assert said == ["removed 1 unfinished sandbox build(s) left by a run that was killed"]
    finally:
        _stop(proc)


def test_a_build_another_live_process_is_doing_is_left_alone(tmp_path: Path, silent_index: str) -> None:
    cache = tmp_path / "cache"
    proc = _start_build(cache, silent_index)
    try:
        building = _wait_for(lambda: _building_venv(cache), "sandbox build", proc)
        said: list[str] = []
        Sandbox(SandboxConfig(cache_dir=cache), progress=said.append)  # a second job on the same cache
        assert building.is_dir() and (building / "bin" / "python").exists()
        assert proc.poll() is None and said == []
        _stop(proc)
        Sandbox(SandboxConfig(cache_dir=cache))
        assert not building.exists()
    finally:
        _stop(proc)


def test_a_build_held_by_another_thread_of_this_process_is_left_alone(tmp_path: Path) -> None:
    # flock holds belong to an open file, not to a process: one run's threads keep apart too
    with build_dir(tmp_path) as building:
        (building / "half-made").write_text("x")
        assert remove_stale_builds(tmp_path) == []
        assert (building / "half-made").exists()
    assert list(tmp_path.iterdir()) == []  # removed when its block ended


def test_only_build_directories_are_removed(tmp_path: Path) -> None:
    (tmp_path / ".build-stale").mkdir()
    (tmp_path / ".build-stale" / "bin").mkdir()
    (tmp_path / ".build-file").write_text("not a directory")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / ".build-link").symlink_to(tmp_path / "elsewhere")
    (tmp_path / "starlette-0.27.0-abc").mkdir()
    assert remove_stale_builds(tmp_path) == [".build-stale"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".build-file",
        ".build-link",
        "elsewhere",
        "starlette-0.27.0-abc",
    ]
    assert remove_stale_builds(tmp_path / "missing") == []


TOKEN = "ghs_org_scan_token"
PYPROJECT = '[project]\nname = "app"\nversion = "1.0"\ndependencies = ["idna"]\n'
POETRY_LOCK = '[[package]]\nname = "idna"\nversion = "3.4"\n\n[metadata]\nlock-version = "2.0"\n'


def test_an_organisation_scan_killed_while_laying_out_a_repository_leaves_nothing_behind(
    tmp_path: Path,
) -> None:
    cache = tmp_path / "cache"
    with FakeGitHub(tokens={TOKEN: {"user": BOT, "readonly": True}}) as fake:
        fake.add_repo("acme/app", files={"pyproject.toml": PYPROJECT, "poetry.lock": POETRY_LOCK})
        fake.inject("GET", r"/git/blobs/", 500, delay=60)  # the first blob hangs: the layout is part way
        cmd = [sys.executable, str(REPO / "entrypoint.py"), "scan-org", "--repos", "acme/app"]
        cmd += ["--cache-dir", str(cache), "--audit", "off", "--format", "json"]
        env = {**clean_env(), "GITHUB_TOKEN": TOKEN, "GITHUB_API_URL": fake.url}
        trees = cache / "org" / "trees" / "acme" / "app"
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            building = _wait_for(lambda: next(trees.glob(".build-*"), None), "layout", proc)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            assert building.is_dir()
            fake.faults.clear()
            again = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300, check=False)
        finally:
            proc.kill()
            proc.wait()
    assert again.returncode == 0, again.stderr[-3000:]
    assert not building.exists()
    assert [p.name for p in trees.iterdir() if p.name.startswith(".")] == []
    assert len(list(trees.iterdir())) == 1  # the tree laid out by the second run
