"""Old releases: a release without a wheel is built from its own sdist, contained; nothing else is
ever built; a release that cannot run on the default Python runs on an older one, and says so.

The sdists come from a real package index on 127.0.0.1 (``tests/fakeindex.py``, serving sdists
here too), given to uv as an extra index in front of the configured one, the way a workflow's
``UV_EXTRA_INDEX_URL`` is; every other package comes from the configured index. Each fake sdist's
``setup.py`` writes down that it ran, and what it saw, to a file of the test.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from packaging.utils import canonicalize_name

from starlette_2093_check.model import Location, PythonRequest, VerdictStatus
from starlette_2093_check.packs import load_custom
from starlette_2093_check.repro.sandbox import Limits, Sandbox, SandboxConfig
from tests.conftest import REPO
from tests.fakeindex import FakeIndex

pytestmark = pytest.mark.integration

HOLD = 1.0
CANARY = "canary-never-in-a-build"


def build_sdist(name: str, version: str, files: Mapping[str, str]) -> tuple[str, bytes]:
    """A source distribution: ``PKG-INFO`` (metadata 2.1, so a resolver must build it to read its
    dependencies) and ``files`` under ``name-version/``."""
    base = f"{name}-{version}"
    members = {"PKG-INFO": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", **files}
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for rel, text in members.items():
            data = text.encode()
            info = tarfile.TarInfo(f"{base}/{rel}")
            info.size, info.mode = len(data), 0o644
            tar.addfile(info, io.BytesIO(data))
    return f"{base}.tar.gz", buffer.getvalue()


def setup_py(name: str, version: str, report: Path, requires: list[str] | None = None) -> str:
    """A ``setup.py`` that appends what its process sees to ``report``, then builds a package."""
    return (
        "import json, os, resource\n"
        "from setuptools import setup\n"
        f"with open({str(report)!r}, 'a') as fh:\n"
        "    fh.write(json.dumps({'env': dict(os.environ), 'cwd': os.getcwd(), 'sid': os.getsid(0),\n"
        "        'as': resource.getrlimit(resource.RLIMIT_AS)[0]}) + '\\n')\n"
        f"setup(name={name!r}, version={version!r}, packages=[{name!r}],\n"
        f"      install_requires={requires or []!r})\n"
    )


@dataclass
class SdistIndex(FakeIndex):
    """The fake index, serving these sdists (``(name, version)`` → files) besides its wheels."""

    sdists: Mapping[tuple[str, str], Mapping[str, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__post_init__()
        for (name, version), files in self.sdists.items():
            self._wheels.setdefault(canonicalize_name(name), []).append(build_sdist(name, version, files))


def sandbox_with(index: FakeIndex, cache: Path, progress: list[str], **environ: str) -> Sandbox:
    env = {**os.environ, "UV_EXTRA_INDEX_URL": index.url, **environ}
    config = SandboxConfig(cache_dir=cache, hold_seconds=HOLD, use_cache=False, environ=env)
    return Sandbox(config, progress.append)


def runs(report: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in report.read_text().splitlines()] if report.exists() else []


def test_the_sdist_build_runs_contained_with_a_scrubbed_environment(tmp_path: Path) -> None:
    report = tmp_path / "starlette-build.jsonl"
    sdists = {
        ("starlette", "99.0"): {
            "setup.py": setup_py("starlette", "99.0", report),
            "starlette/__init__.py": "",
        }
    }
    progress: list[str] = []
    with SdistIndex({}, sdists=sdists) as index:
        secrets = {"GITHUB_TOKEN": CANARY, "INPUT_GITHUB-TOKEN": CANARY, "AWS_SECRET_ACCESS_KEY": CANARY}
        sandbox = sandbox_with(index, tmp_path / "cache", progress, NETRC="/etc/netrc-canary", **secrets)
        verdict = sandbox.verdict("99.0", None, None)
    seen = runs(report)
    assert seen, f"the target was not built: {verdict.reason}"
    assert any("building its sdist in the sandbox" in line for line in progress)
    for run in seen:
        env = run["env"]
        assert CANARY not in json.dumps(env)
        assert not any(k.startswith(("GITHUB_", "INPUT_", "AWS_")) or k == "NETRC" for k in env)
        assert env["HOME"] != os.environ.get("HOME") and env["HOME"] == env["TMPDIR"]
        assert run["cwd"].startswith(env["HOME"])  # the build tree is in the private directory
        assert env["UV_EXTRA_INDEX_URL"] == index.url  # the index it was given, to fetch build dependencies
        assert run["sid"] != os.getsid(0)  # a session of its own, under the supervisor
        assert run["as"] == Limits().memory_bytes
    # The fake release has no app to run: inconclusive, and built from its sdist as the evidence says.
    assert verdict.status is VerdictStatus.INCONCLUSIVE
    assert verdict.evidence["install"]["from_sdist"] == ["starlette"]


def test_a_dependency_without_a_wheel_is_never_built(tmp_path: Path) -> None:
    report, marker = tmp_path / "starlette-build.jsonl", tmp_path / "helper-ran.jsonl"
    sdists = {
        ("starlette", "99.0"): {
            "setup.py": setup_py("starlette", "99.0", report, ["helperlib==1.0"]),
            "starlette/__init__.py": "",
        },
        ("helperlib", "1.0"): {"setup.py": setup_py("helperlib", "1.0", marker), "helperlib/__init__.py": ""},
    }
    progress: list[str] = []
    with SdistIndex({}, sdists=sdists) as index:
        verdict = sandbox_with(index, tmp_path / "cache", progress).verdict("99.0", None, None)
    assert runs(report), "the target's own sdist is built (its metadata names the dependency)"
    assert not marker.exists(), "the dependency's setup.py ran"
    assert verdict.status is VerdictStatus.INCONCLUSIVE
    assert "has no wheel, and building it from its sdist (every other package from wheels)" in verdict.reason
    assert "helperlib" in verdict.reason


def test_a_build_dependency_without_a_wheel_is_never_built(tmp_path: Path) -> None:
    report, marker = tmp_path / "starlette-build.jsonl", tmp_path / "backend-ran.jsonl"
    pyproject = (
        '[build-system]\nrequires = ["setuptools", "buildhelper==1.0"]\n'
        'build-backend = "setuptools.build_meta"\n'
    )
    sdists = {
        ("starlette", "99.0"): {
            "pyproject.toml": pyproject,
            "setup.py": setup_py("starlette", "99.0", report),
            "starlette/__init__.py": "",
        },
        ("buildhelper", "1.0"): {
            "setup.py": setup_py("buildhelper", "1.0", marker),
            "buildhelper/__init__.py": "",
        },
    }
    progress: list[str] = []
    with SdistIndex({}, sdists=sdists) as index:
        verdict = sandbox_with(index, tmp_path / "cache", progress).verdict("99.0", None, None)
    assert not marker.exists(), "the build dependency's setup.py ran"
    assert not report.exists(), "the target was built without its build dependencies"
    assert verdict.status is VerdictStatus.INCONCLUSIVE
    assert "buildhelper" in verdict.reason


def test_another_package_without_a_wheel_is_refused_beside_a_release_with_one(tmp_path: Path) -> None:
    marker = tmp_path / "anyio-ran.jsonl"
    sdists = {("anyio", "99.0"): {"setup.py": setup_py("anyio", "99.0", marker), "anyio/__init__.py": ""}}
    progress: list[str] = []
    with SdistIndex({}, sdists=sdists) as index:
        verdict = sandbox_with(index, tmp_path / "cache", progress).verdict("0.27.0", "99.0", None)
    assert not marker.exists(), "anyio's setup.py ran"
    assert verdict.status is VerdictStatus.INCONCLUSIVE
    assert "from wheels" in verdict.reason and "anyio" in verdict.reason
    assert not any("sdist" in line for line in progress)


# -- a release that fails on the default Python ---------------------------------------------------


def older_python_dir() -> Path | None:
    """A directory holding a CPython 3.8-3.10 ``python3.X`` that runs, or None."""
    roots = [Path(p) for p in os.environ.get("PATH", "").split(os.pathsep) if p]
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    roots += sorted(pyenv.glob("3.*/bin"), reverse=True)
    for minor in (10, 9, 8):
        for root in roots:
            exe = root / f"python3.{minor}"
            if exe.is_file() and "shims" not in root.parts:
                probe = subprocess.run([str(exe), "-c", "pass"], capture_output=True, check=False)
                if probe.returncode == 0:
                    return root
    return None


@pytest.fixture
def older(tmp_path: Path) -> dict[str, str]:
    """An environment whose PATH has an older Python after everything else."""
    found = older_python_dir()
    if found is None:
        pytest.skip("no Python 3.8-3.10 on this machine")
    return {**os.environ, "PATH": os.environ["PATH"] + os.pathsep + str(found)}


def test_a_release_that_fails_on_the_default_python_runs_on_the_newest_older_one(
    repro_cache: Path, older: dict[str, str]
) -> None:
    sandbox = Sandbox(SandboxConfig(cache_dir=repro_cache, hold_seconds=HOLD, use_cache=False, environ=older))
    default = sandbox.interpreter(None)
    if int(default.version.split(".")[1]) < 11:
        pytest.skip("the default interpreter runs 0.13.8")
    verdict = sandbox.verdict("0.13.8", None, None)  # asyncio.wait() on bare coroutines: not on 3.11+
    assert verdict.status is VerdictStatus.REPRODUCED, verdict.reason
    ran = verdict.evidence["versions"]["python"]
    assert int(ran.split(".")[1]) < int(default.version.split(".")[1])
    note = verdict.evidence["interpreter"]["note"]
    assert note.startswith(
        "the project declares no Python; starlette 0.13.8 failed on Python " + default.version
    )
    assert "Passing coroutines is forbidden" in note and f"so it ran on {ran}" in note


def test_a_declared_python_that_is_here_is_never_swapped(repro_cache: Path, older: dict[str, str]) -> None:
    sandbox = Sandbox(SandboxConfig(cache_dir=repro_cache, hold_seconds=HOLD, use_cache=False, environ=older))
    default = sandbox.interpreter(None)
    declared = ".".join(default.version.split(".")[:2])
    if int(declared.split(".")[1]) < 11:
        pytest.skip("the default interpreter runs 0.13.8")
    verdict = sandbox.verdict("0.13.8", None, PythonRequest(declared, Location(".python-version", 1)))
    assert verdict.status is VerdictStatus.INCONCLUSIVE
    assert "Passing coroutines is forbidden" in verdict.reason
    assert verdict.evidence["interpreter"]["version"] == default.version
    assert verdict.evidence["interpreter"]["note"] == ""


# -- a repository's scenario on a release built from its sdist --------------------------------------

PUBLIC_PYTHON_PATH = "/usr/bin:/bin"  # an interpreter every user may run (not a pyenv one under /root)


@pytest.fixture
def open_cache() -> Iterator[Path]:
    """A cache an unprivileged user can traverse (pytest's own tmp dirs are private to root)."""
    base = Path(tempfile.mkdtemp(prefix="sdist-cache-"))
    base.chmod(0o755)
    yield base
    shutil.rmtree(base, ignore_errors=True)


def test_a_custom_scenario_reads_a_release_built_from_its_sdist(tmp_path: Path, open_cache: Path) -> None:
    """As root, a repository's scenario runs as a uid of its own: the files the build installed
    must be readable by it, as those of a wheel are."""
    found = shutil.which("python3", path=PUBLIC_PYTHON_PATH)
    if found is None or not all(p.stat().st_mode & 0o001 for p in Path(found).resolve().parents):
        pytest.skip(f"no interpreter that every user may run on {PUBLIC_PYTHON_PATH}")
    shutil.copytree(REPO / "tests/fixtures/packs/dispatch-background", tmp_path / "checks")
    [pack], errors = load_custom(tmp_path, "checks")
    assert not errors
    environ = {**os.environ, "PATH": PUBLIC_PYTHON_PATH}
    sandbox = Sandbox(SandboxConfig(cache_dir=open_cache, use_cache=False, environ=environ))
    verdict = sandbox.verdict("0.13.0", None, None, pack)  # sdist only
    assert verdict.evidence["install"]["from_sdist"] == ["starlette"]
    assert verdict.status is VerdictStatus.NOT_REPRODUCED, verdict.reason  # the audit task ran
    if os.geteuid() == 0:
        assert verdict.evidence["sandbox_user"] != 0
