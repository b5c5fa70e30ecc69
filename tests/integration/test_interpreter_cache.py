"""The interpreter lookup, remembered across runs: real uv, real interpreters, uv's calls counted.

Each run is a new process, as a scan is. It runs on a throwaway venv of this interpreter whose
``bin/uv`` logs its arguments and then runs the real uv (the bot takes uv from the scripts
directory of the interpreter it runs on). uv searches a ``PATH`` of temporary directories only,
holding copies of this interpreter, so what it can find is what the test put there.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

import pytest

from starlette_2093_check.repro.pythons import FILE_NAME
from starlette_2093_check.repro.sandbox import find_uv
from tests.conftest import REPO

pytestmark = pytest.mark.integration

VERSION = platform.python_version()
# One process, one Sandbox: ``interpreter()`` asked from THREADS threads at once, each for a
# request declared in a file of its own, then prints what each got (or the error).
RUNNER = """
import json, sys, threading
from pathlib import Path
from starlette_2093_check.model import Location, PythonRequest
from starlette_2093_check.repro.sandbox import Sandbox, SandboxConfig

cache, request, threads, downloads = sys.argv[1], sys.argv[2] or None, int(sys.argv[3]), sys.argv[4] == "1"
sandbox = Sandbox(SandboxConfig(cache_dir=Path(cache), python_downloads=downloads))
start = threading.Barrier(threads)
got = [None] * threads

def ask(n):
    python = PythonRequest(request, Location(f"root{n}/.python-version", 1)) if request else None
    start.wait()
    try:
        interp = sandbox.interpreter(python)
        got[n] = {"path": interp.path, "version": interp.version, "note": interp.note}
    except Exception as exc:
        got[n] = {"error": str(exc)}

workers = [threading.Thread(target=ask, args=(n,)) for n in range(threads)]
for w in workers:
    w.start()
for w in workers:
    w.join()
print(json.dumps(got))
"""
# Logs each call, then runs the real uv. ``python install`` is the one call faked: a download
# is not what is tested, and the "installed" Python is a copy of this one put on PATH.
SHIM = """#!/bin/sh
printf '%s\\n' "$*" >> "$UV_CALL_LOG"
pwd >> "$UV_CALL_LOG.cwd"
if [ "$1 $2" = "python install" ] && [ -n "$UV_FAKE_INSTALL_TO" ]; then
  exec /bin/cp "$UV_FAKE_INSTALL_FROM" "$UV_FAKE_INSTALL_TO"
fi
exec {uv} "$@"
"""


class Machine:
    """A counting uv, a cache directory, and two PATH directories (``first`` before ``second``)."""

    def __init__(self, base: Path, python: Path) -> None:
        self.base = base
        self.python = python  # the venv whose bin/uv counts
        self.cache = base / "cache"
        self.first = base / "first"
        self.second = base / "second"
        self.home = base / "home"
        self.log = base / "uv-calls.log"
        for d in (self.first, self.second, self.home):
            d.mkdir()

    def install(self, directory: Path) -> Path:
        """Put a copy of this interpreter in ``directory`` as ``python3``."""
        copy = directory / "python3"
        shutil.copy2(real_interpreter(), copy)
        return copy

    def run(
        self, request: str | None = None, threads: int = 1, downloads: bool = False
    ) -> tuple[list[dict[str, Any]], list[str]]:
        """One run: what each thread got, and uv's calls."""
        self.log.write_text("")
        env = {
            "PATH": f"{self.first}{os.pathsep}{self.second}",
            "HOME": str(self.home),
            "UV_CALL_LOG": str(self.log),
        }
        if downloads:
            env["UV_FAKE_INSTALL_FROM"] = str(real_interpreter())
            env["UV_FAKE_INSTALL_TO"] = str(self.first / "python3")
        argv = [str(self.cache), request or "", str(threads), str(int(downloads))]
        proc = subprocess.run(
            [str(self.python), "-c", RUNNER, *argv],
            capture_output=True,
            text=True,
            env=env,
            cwd=self.base,
            timeout=300,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout), self.log.read_text().splitlines()


def real_interpreter() -> Path:
    return Path(os.path.realpath(getattr(sys, "_base_executable", sys.executable)))


def finds(calls: list[str]) -> int:
    return sum(1 for call in calls if call.startswith("python find"))


@pytest.fixture(scope="module")
def counting_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv of this interpreter with our code and dependencies on its path, and a counting uv."""
    probe = tmp_path_factory.mktemp("copy") / "python3"
    shutil.copy2(real_interpreter(), probe)
    if subprocess.run([str(probe), "-c", "pass"], capture_output=True, check=False).returncode != 0:
        pytest.skip(f"{real_interpreter()} does not run from a copy")
    venv = tmp_path_factory.mktemp("counting") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = next((venv / "lib").glob("python*/site-packages"))
    (site / "project.pth").write_text(f"{REPO}\n{sysconfig.get_path('purelib')}\n", encoding="utf-8")
    uv = venv / "bin" / "uv"
    uv.write_text(SHIM.format(uv=find_uv()), encoding="utf-8")
    uv.chmod(0o755)
    return venv / "bin" / "python"


@pytest.fixture
def machine(tmp_path: Path, counting_python: Path) -> Machine:
    return Machine(tmp_path, counting_python)


def test_a_second_run_asks_uv_nothing(machine: Machine) -> None:
    python = machine.install(machine.second)
    first, calls = machine.run()
    assert first == [{"path": str(python), "version": VERSION, "note": ""}]
    assert finds(calls) == 1
    assert (machine.cache / FILE_NAME).is_file()
    second, calls = machine.run()
    assert second == first
    assert calls == []


def test_an_interpreter_that_changed_or_went_away_is_looked_up_again(machine: Machine) -> None:
    kept = machine.install(machine.second)
    earlier = machine.install(machine.first)
    assert machine.run()[0][0]["path"] == str(earlier)
    info = earlier.stat()
    os.utime(earlier, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))  # rebuilt in place
    got, calls = machine.run()
    assert got[0]["path"] == str(earlier) and finds(calls) == 1
    assert machine.run()[1] == []
    earlier.unlink()
    got, calls = machine.run()
    assert got[0]["path"] == str(kept) and finds(calls) == 1
    assert machine.run()[1] == []


def test_no_python_is_remembered_until_one_is_installed(machine: Machine) -> None:
    got, calls = machine.run(VERSION)
    assert got == [{"error": "no Python interpreter found for the sandbox"}]
    assert finds(calls) == 2  # the project's request, then the default
    assert machine.run(VERSION)[1] == []
    python = machine.install(machine.first)
    got, calls = machine.run(VERSION)
    assert got[0]["path"] == str(python) and got[0]["note"] == ""
    assert finds(calls) == 1


def test_a_python_uv_installs_is_remembered(machine: Machine) -> None:
    got, calls = machine.run(VERSION, downloads=True)
    assert got[0]["path"] == str(machine.first / "python3") and got[0]["note"] == ""
    assert [c.split()[:2] for c in calls] == [["python", "find"], ["python", "install"], ["python", "find"]]
    again, calls = machine.run(VERSION, downloads=True)
    assert again == got
    assert calls == []


def test_threads_asking_at_once_share_one_lookup(machine: Machine) -> None:
    python = machine.install(machine.second)
    got, calls = machine.run(VERSION, threads=8)
    assert [g["path"] for g in got] == [str(python)] * 8
    assert finds(calls) == 1


def test_uv_looks_up_from_an_empty_directory_not_where_the_scan_started(machine: Machine) -> None:
    """A .python-version where the scan runs (a checkout's, read by pyenv's shims) must not choose
    the interpreter, let alone be remembered for the day."""
    (machine.base / ".python-version").write_text("3.10.13\n")
    cwd_log = Path(f"{machine.log}.cwd")
    cwd_log.write_text("")
    _, calls = machine.run("3.11")
    places = cwd_log.read_text().split()
    assert finds(calls) >= 1 and len(places) == len(calls)
    assert all(Path(p) != machine.base and Path(p).name.startswith("python-find-") for p in places)
