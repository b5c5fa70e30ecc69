"""The resolution cache's store and one run's memo, without uv (``starlette_2093_check.resolvecache``)."""

from __future__ import annotations

import datetime
import functools
import json
import os
import threading
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from starlette_2093_check.budget import TimeBudgetSpent
from starlette_2093_check.resolvecache import MAX_ENTRY, Answers, ResolveCache, open_cache, uv_identity
from starlette_2093_check.stages import ResolutionError

DAY = datetime.date(2031, 5, 6)
SECRET = "s3cret-token-value"
INPUTS = {
    "requirements": ["fastapi==0.95.1"],
    "indexes": [f"https://ci:{SECRET}@packages.example.test/simple"],
    "environment": [["UV_INDEX_URL", f"https://ci:{SECRET}@packages.example.test/simple"]],
}
NO_SOLUTION = ResolutionError(
    "error: No solution found when resolving dependencies cause: starlette>5 is unavailable",
    "error: No solution found when resolving dependencies\n  cause: starlette>5 is unavailable\n",
)


def cache(base: Path, day: datetime.date = DAY, *, refresh: bool = False) -> ResolveCache:
    return open_cache(base / "resolve", refresh=refresh, today=lambda: day)


def stored(store: ResolveCache, answer: str | ResolutionError, inputs: Mapping[str, object] = INPUTS) -> Path:
    slot = store.slot(inputs)
    assert slot is not None
    store.put(slot, answer)
    return slot


def test_answers_and_unsatisfiable_errors_come_back_from_another_instance(tmp_path: Path) -> None:
    slot = stored(cache(tmp_path), "anyio==3.7.1\n")
    again = cache(tmp_path)
    assert again.slot(INPUTS) == slot and again.get(slot) == "anyio==3.7.1\n"
    other = stored(cache(tmp_path), NO_SOLUTION, {**INPUTS, "requirements": ["starlette>5"]})
    error = cache(tmp_path).get(other)
    assert isinstance(error, ResolutionError) and error.unsatisfiable
    assert (str(error), error.detail) == (str(NO_SOLUTION), NO_SOLUTION.detail)


def test_credentials_in_the_inputs_are_never_written_and_the_salt_is_private(tmp_path: Path) -> None:
    slot = stored(cache(tmp_path), "anyio==3.7.1\n")
    for path in (tmp_path / "resolve").rglob("*"):
        assert SECRET not in path.name and "packages.example" not in path.name
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes()
    salt = tmp_path / "resolve" / "salt"
    assert len(salt.read_bytes()) == 32 and salt.stat().st_mode & 0o777 == 0o600
    # Another cache directory, another salt: the same inputs give another name.
    assert stored(cache(tmp_path / "other"), "anyio==3.7.1\n").name != slot.name


def test_every_input_and_the_day_are_in_the_key(tmp_path: Path) -> None:
    store = cache(tmp_path)
    names = {
        store.slot(INPUTS),
        store.slot({**INPUTS, "python": "3.12"}),
        store.slot({**INPUTS, "indexes": []}),
    }
    names.add(cache(tmp_path, DAY + datetime.timedelta(days=1)).slot(INPUTS))
    assert len(names) == 4


def test_opening_removes_other_days_and_keeps_the_rest(tmp_path: Path) -> None:
    stored(cache(tmp_path), "anyio==3.7.1\n")
    (tmp_path / "resolve" / "notes").mkdir()
    tomorrow = cache(tmp_path, DAY + datetime.timedelta(days=1))
    left = sorted(p.name for p in (tmp_path / "resolve").iterdir())
    assert left == ["notes", "salt"]
    slot = tomorrow.slot(INPUTS)
    assert slot is not None and tomorrow.get(slot) is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text.replace("3.7.1", "4.4.0"),  # an answer changed: its MAC no longer matches
        lambda text: text[: len(text) // 2],
        lambda text: "",
        lambda text: "[1, 2]",
        lambda text: json.dumps({**json.loads(text), "key": "0" * 64}),
    ],
)
def test_a_damaged_entry_is_a_miss_and_removed(tmp_path: Path, damage: Callable[[str], str]) -> None:
    slot = stored(cache(tmp_path), "anyio==3.7.1\n")
    slot.write_text(damage(slot.read_text()))
    assert cache(tmp_path).get(slot) is None
    assert not slot.exists()


def test_an_entry_copied_under_another_key_is_a_miss(tmp_path: Path) -> None:
    store = cache(tmp_path)
    first = stored(store, "anyio==3.7.1\n")
    second = store.slot({**INPUTS, "requirements": ["anyio"]})
    assert second is not None
    second.write_bytes(first.read_bytes())
    assert store.get(second) is None


def test_oversized_answers_are_not_kept_nor_read(tmp_path: Path) -> None:
    store = cache(tmp_path)
    slot = stored(store, "x" * (MAX_ENTRY + 1))
    assert not slot.exists()
    slot.parent.mkdir(parents=True, exist_ok=True)
    slot.write_bytes(b" " * (MAX_ENTRY + 2))
    assert store.get(slot) is None and not slot.exists()


def test_refresh_reads_nothing_but_writes(tmp_path: Path) -> None:
    slot = stored(cache(tmp_path), "anyio==3.7.1\n")
    refreshing = cache(tmp_path, refresh=True)
    assert refreshing.get(slot) is None
    refreshing.put(slot, "anyio==4.4.0\n")
    assert cache(tmp_path).get(slot) == "anyio==4.4.0\n"


def test_a_malformed_salt_is_replaced(tmp_path: Path) -> None:
    (tmp_path / "resolve").mkdir()
    (tmp_path / "resolve" / "salt").write_bytes(b"short")
    stored(cache(tmp_path), "anyio==3.7.1\n")
    assert len((tmp_path / "resolve" / "salt").read_bytes()) == 32


def test_a_cache_that_cannot_be_written_misses_without_raising(tmp_path: Path) -> None:
    (tmp_path / "resolve").write_text("a file where the directory should be")
    store = cache(tmp_path)
    assert store.slot(INPUTS) is None


def test_uv_identity_is_its_stat(tmp_path: Path) -> None:
    binary = tmp_path / "uv"
    binary.write_text("one")
    before = uv_identity(str(binary))
    os.utime(binary, ns=(1, 1))
    assert before is not None and uv_identity(str(binary)) not in (None, before)
    assert uv_identity(str(tmp_path / "missing")) is None


def _no_solution(exc: BaseException) -> bool:
    return isinstance(exc, ResolutionError) and exc.unsatisfiable


def test_one_computation_for_concurrent_askers() -> None:
    answers = Answers()
    started, release = threading.Event(), threading.Event()
    calls: list[int] = []

    def compute() -> str:
        calls.append(1)
        started.set()
        release.wait(10)
        return "anyio==3.7.1\n"

    got: list[str] = []
    first = threading.Thread(target=lambda: got.append(answers.get("k", compute, _no_solution)))
    first.start()
    started.wait(10)
    others = [
        threading.Thread(target=lambda: got.append(answers.get("k", compute, _no_solution))) for _ in range(3)
    ]
    for t in others:
        t.start()
    release.set()
    for t in (first, *others):
        t.join()
    assert got == ["anyio==3.7.1\n"] * 4 and calls == [1]


def test_kept_errors_stay_other_errors_are_asked_again() -> None:
    answers = Answers()
    calls: list[str] = []

    def fails(exc: Exception) -> str:
        calls.append(str(exc))
        raise exc

    for _ in range(2):
        with pytest.raises(ResolutionError):
            answers.get("unsat", lambda: fails(NO_SOLUTION), _no_solution)
        with pytest.raises(ResolutionError):
            answers.get("down", lambda: fails(ResolutionError("error: Request failed")), _no_solution)
        with pytest.raises(TimeBudgetSpent):
            answers.get("late", lambda: fails(TimeBudgetSpent("spent")), _no_solution)
    assert calls.count(str(NO_SOLUTION)) == 1
    assert calls.count("error: Request failed") == 2 and calls.count("spent") == 2


def test_the_memo_starts_afresh_past_its_limit() -> None:
    answers = Answers(limit=2)
    calls: list[str] = []

    def compute(key: str) -> str:
        calls.append(key)
        return key

    for key in ("a", "b", "c", "a"):
        assert answers.get(key, functools.partial(compute, key), _no_solution) == key
    assert calls == ["a", "b", "c", "a"]
