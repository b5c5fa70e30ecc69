"""The image, built once per test session, and the fake GitHub the container tests talk to.

Needs a Docker engine. Where none answers, the stand-in script (``../shared/ci/docker-standin.sh``,
which installs and starts one) is tried; only if no engine can be started at all are the container
tests skipped, loudly. ``ACTION_BASE_IMAGE`` overrides the base image (the stand-in's, on machines
without a registry).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.actionrun import REPOSITORY
from tests.conftest import REPO
from tests.fakegithub import FakeGitHub

IMAGE = "starlette-2093-check:test"
# Where the stand-in script lives on the machines this project is built on (first one found).
STANDINS = [
    *([Path(os.environ["DOCKER_STANDIN"])] if os.environ.get("DOCKER_STANDIN") else []),
    REPO.parent / "shared" / "ci" / "docker-standin.sh",
    Path("/work/shared/ci/docker-standin.sh"),
]


def _docker_ok() -> bool:
    if shutil.which("docker") is None:
        return False
    return subprocess.run(["docker", "info"], capture_output=True, check=False).returncode == 0


def _loud_skip(reason: str) -> None:
    sys.__stderr__.write(f"\n\n*** CONTAINER TESTS SKIPPED: {reason} ***\n\n")
    pytest.skip(f"CONTAINER TESTS SKIPPED: {reason}")


def base_image() -> str | None:
    """The base image to build on: $ACTION_BASE_IMAGE, else the stand-in's, else the Dockerfile's."""
    if os.environ.get("ACTION_BASE_IMAGE"):
        return os.environ["ACTION_BASE_IMAGE"]
    standin = next((s for s in STANDINS if s.is_file()), None)
    if standin is not None:
        proc = subprocess.run(
            ["bash", str(standin)], capture_output=True, text=True, check=False, timeout=900
        )
        lines = proc.stdout.strip().splitlines()
        if proc.returncode == 0 and lines and lines[-1].startswith("BASE_IMAGE="):
            return lines[-1].split("=", 1)[1]
        sys.__stderr__.write(f"docker-standin failed:\n{proc.stderr[-2000:]}\n")
    return None


@pytest.fixture(scope="session")
def image() -> str:
    base = base_image()  # also starts an engine where the stand-in can
    if not _docker_ok():
        _loud_skip("no Docker engine answers `docker info`, and none could be started")
    cmd = ["docker", "build", "--network", "host", "-t", IMAGE]
    if base:
        cmd += ["--build-arg", f"BASE_IMAGE={base}"]
    proc = subprocess.run([*cmd, str(REPO)], capture_output=True, text=True, check=False, timeout=1800)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return IMAGE


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    with FakeGitHub() as gh:
        gh.add_repo(REPOSITORY)
        gh.add_pull(REPOSITORY, 7, head_sha="a" * 40)
        yield gh
