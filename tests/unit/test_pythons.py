"""The interpreter answers kept across runs (``starlette_2093_check.repro.pythons``): real files, real stats.

What uv says is not needed here: an answer is given to ``remember`` as uv's lookup would, and what
comes back from ``recall`` after the machine changed is the point.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from starlette_2093_check.repro.pythons import FILE_NAME, MAX_ENTRIES, Answer, Found, Pythons


@pytest.fixture
def machine(tmp_path: Path) -> tuple[Pythons, Path, Path]:
    """A cache, a uv binary, and an "interpreter" (an executable file) on a PATH of one directory."""
    (tmp_path / "bin").mkdir()
    python = tmp_path / "bin" / "python3"
    python.write_bytes(b"#!/bin/sh\n")
    python.chmod(0o755)
    uv = tmp_path / "uv"
    uv.write_bytes(b"uv")
    env = {"PATH": str(tmp_path / "bin"), "HOME": str(tmp_path / "home")}
    return Pythons(tmp_path / "cache", str(uv), env), python, uv


def _later(path: Path) -> None:
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))


def test_an_answer_is_recalled_by_a_later_run(machine: tuple[Pythons, Path, Path]) -> None:
    pythons, python, _ = machine
    found = Found(str(python), "cpython", "3.11.7")
    assert pythons.recall("3.11") is None
    pythons.remember("3.11", found, pythons.places())
    again = Pythons(pythons.path.parent, pythons.uv, pythons.env)
    assert again.recall("3.11") == Answer(found)
    assert again.recall("3.12") is None  # another request is another key
    assert again.recall(None) is None


def test_not_found_is_recalled_until_a_searched_directory_changes(
    machine: tuple[Pythons, Path, Path],
) -> None:
    pythons, python, _ = machine
    pythons.remember("3.13", None, pythons.places())
    assert pythons.recall("3.13") == Answer(None)
    (python.parent / "python3.13").write_bytes(b"")  # a Python installed since: looked up again
    _later(python.parent)
    assert pythons.recall("3.13") is None


def test_uvs_managed_pythons_directory_is_a_searched_place(machine: tuple[Pythons, Path, Path]) -> None:
    pythons, _, _ = machine
    pythons.remember("3.13", None, pythons.places())
    (Path(pythons.env["HOME"]) / ".local" / "share" / "uv" / "python").mkdir(parents=True)
    assert pythons.recall("3.13") is None


@pytest.mark.parametrize("change", ["touched", "rewritten", "removed", "writable by others", "relinked"])
def test_an_interpreter_that_changed_is_looked_up_again(
    machine: tuple[Pythons, Path, Path], change: str
) -> None:
    pythons, python, _ = machine
    link = python.parent.parent / "python"  # uv may print a symlink: its target is what is checked
    link.symlink_to(python)
    pythons.remember(None, Found(str(link), "cpython", "3.11.7"), pythons.places())
    if change == "touched":
        _later(python)
    elif change == "rewritten":
        info = python.stat()
        python.write_bytes(b"#!/bin/sh\nexit 0\n")
        os.utime(python, ns=(info.st_atime_ns, info.st_mtime_ns))
    elif change == "removed":
        python.unlink()
    elif change == "writable by others":
        python.chmod(0o757)
    else:
        other = python.with_name("python3.99")
        other.write_bytes(b"#!/bin/sh\n")
        other.chmod(0o755)
        link.unlink()
        link.symlink_to(other)
    assert pythons.recall(None) is None


def test_an_interpreter_others_may_change_is_never_kept(machine: tuple[Pythons, Path, Path]) -> None:
    pythons, python, _ = machine
    python.chmod(0o777)
    pythons.remember(None, Found(str(python), "cpython", "3.11.7"), pythons.places())
    python.chmod(0o755)
    assert pythons.recall(None) is None


def test_what_decides_the_lookup_is_in_the_key(machine: tuple[Pythons, Path, Path]) -> None:
    pythons, python, uv = machine
    pythons.remember(None, Found(str(python), "cpython", "3.11.7"), pythons.places())
    for env in (
        {**pythons.env, "UV_PYTHON_PREFERENCE": "only-system"},
        {**pythons.env, "UV_NO_MANAGED_PYTHON": "1"},
        {**pythons.env, "PATH": f"{python.parent}:/usr/bin"},
    ):
        assert Pythons(pythons.path.parent, pythons.uv, env).recall(None) is None
    # A variable uv's lookup does not read is not in the key.
    assert Pythons(pythons.path.parent, pythons.uv, {**pythons.env, "UV_HTTP_TIMEOUT": "5"}).recall(None)
    _later(uv)  # another uv binary
    assert pythons.recall(None) is None


@pytest.mark.parametrize(
    "content", [b"{not json", b"[]", b'{"schema": 1, "day": "2000-01-01", "entries": {}}', b"\xff\xfe"]
)
def test_an_unreadable_or_old_file_is_a_miss_and_is_replaced(
    machine: tuple[Pythons, Path, Path], content: bytes
) -> None:
    pythons, python, _ = machine
    pythons.path.parent.mkdir(parents=True)
    pythons.path.write_bytes(content)
    assert pythons.recall(None) is None
    pythons.remember(None, Found(str(python), "cpython", "3.11.7"), pythons.places())
    assert pythons.recall(None) == Answer(Found(str(python), "cpython", "3.11.7"))
    assert [p.name for p in pythons.path.parent.iterdir()] == [FILE_NAME]  # no temporary file left


def test_a_cache_that_cannot_be_written_is_only_a_miss(machine: tuple[Pythons, Path, Path]) -> None:
    pythons, python, _ = machine
    pythons.path.parent.write_bytes(b"a file where the cache directory should be")
    pythons.remember(None, Found(str(python), "cpython", "3.11.7"), pythons.places())
    assert pythons.recall(None) is None


def test_a_days_answers_are_capped(machine: tuple[Pythons, Path, Path]) -> None:
    """A checkout with thousands of distinct requests must not make each write rewrite them all."""
    pythons, python, _ = machine
    found = Found(str(python), "cpython", "3.11.7")
    for minor in range(MAX_ENTRIES + 5):
        pythons.remember(f">=3.{minor}", found, pythons.places())
    kept = [minor for minor in range(MAX_ENTRIES + 5) if pythons.recall(f">=3.{minor}") is not None]
    assert kept == list(range(MAX_ENTRIES))
