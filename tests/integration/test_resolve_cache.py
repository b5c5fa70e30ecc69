"""uv's resolutions kept for the day, and shared by concurrent askers: real uv, a real local index.

The index (tests/fakeindex.py) is real HTTP on 127.0.0.1 and the only one uv sees; it logs every
request, and uv asks it again on every resolution (it sends no cache headers), so its log counts
what reached the index. In-process, uv is a script that logs its arguments and runs the real uv
(``ResolverConfig.uv``), so its log counts ``uv pip compile`` calls. Each "run" is a fresh
``ResolverConfig`` on the same cache directory, as two scans are.
"""

from __future__ import annotations

import datetime
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from starlette_2093_check.budget import Budget, TimeBudgetSpent
from starlette_2093_check.repro.sandbox import find_uv, install_env
from starlette_2093_check.resolve import ResolutionError, ResolverConfig, compile_set, plan_indexes
from starlette_2093_check.resolvecache import ResolveCache, open_cache
from tests.conftest import clean_env, scan_json, write_tree
from tests.fakeindex import FakeIndex

pytestmark = pytest.mark.integration

PACKAGES = {
    ("starlette", "0.26.1"): ["anyio<5,>=3.4.0"],
    ("starlette", "0.27.0"): ["anyio<5,>=3.4.0"],
    ("starlette", "0.29.0"): ["anyio<5,>=3.4.0"],
    ("anyio", "3.7.1"): [],
    ("uvicorn", "0.32.1"): [],
    ("fastapi", "0.95.1"): ["starlette<0.27.0,>=0.26.1"],
    ("fastapi", "0.100.1"): ["starlette<0.28.0,>=0.27.0"],
}
DAY = datetime.date(2031, 5, 6)
NEWEST = {"starlette": "0.29.0", "anyio": "3.7.1"}


class Index(FakeIndex):
    """The fake index, which can fail (HTTP 500) and be slow when a test says so."""

    failing = False
    delay = 0.0

    def answer(self, path: str) -> tuple[int, bytes, str]:
        time.sleep(self.delay)
        if self.failing:
            return 500, b"down", "text/plain"
        return super().answer(path)

    def asked(self, since: int = 0) -> list[str]:
        return [r.path for r in self.log[since:]]


@pytest.fixture()
def index() -> Iterator[Index]:
    served = Index(PACKAGES)
    with served:
        yield served


@pytest.fixture()
def uv(tmp_path: Path) -> Path:
    """uv, counting: a script that logs each call's arguments, then runs the real uv."""
    shim = tmp_path / "bin" / "uv"
    shim.parent.mkdir()
    shim.write_text(
        f'#!/bin/sh\nprintf \'%s\\n\' "$*" >> {tmp_path / "uv-calls.log"}\nexec {find_uv()} "$@"\n'
    )
    shim.chmod(0o755)
    return shim


def compiles(uv: Path) -> int:
    log = uv.parent.parent / "uv-calls.log"
    return sum(line.startswith("pip compile") for line in log.read_text().splitlines()) if log.exists() else 0


def run(
    uv: Path, index: Index, store: ResolveCache | None, budget: Budget | None = None, **environ: str
) -> ResolverConfig:
    """A fresh resolver, as one scan has (uv retries nothing: a failing index fails at once)."""
    env = {**install_env(clean_env()), "UV_HTTP_RETRIES": "0", **environ}
    return ResolverConfig(uv=str(uv), index_url=index.url, environ=env, store=store, budget=budget)


def ask(config: ResolverConfig, *requirements: str) -> dict[str, str]:
    versions, _ = compile_set(list(requirements), [], "3.11", config, plan_indexes([], config))
    return versions


def entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("*/*.json"))


def test_a_second_run_asks_neither_uv_nor_the_index(tmp_path: Path, uv: Path, index: Index) -> None:
    cache = tmp_path / "resolve"
    first = ask(run(uv, index, open_cache(cache)), "fastapi==0.95.1")
    assert first == {"fastapi": "0.95.1", "starlette": "0.26.1", "anyio": "3.7.1"}
    assert (compiles(uv), len(entries(cache))) == (1, 1)
    seen = len(index.log)
    assert ask(run(uv, index, open_cache(cache)), "fastapi==0.95.1") == first
    assert (compiles(uv), index.asked(seen)) == (1, [])
    # Anything uv is given is in the key: another Python, another requirement, another variable.
    config = run(uv, index, open_cache(cache), UV_PRERELEASE="allow")
    ask(config, "fastapi==0.95.1")
    compile_set(["fastapi==0.95.1"], [], "3.12", config, plan_indexes([], config))
    ask(config, "fastapi==0.100.1")
    assert compiles(uv) == 4


def test_refresh_asks_again_and_keeps_the_new_answer(tmp_path: Path, uv: Path, index: Index) -> None:
    cache = tmp_path / "resolve"
    ask(run(uv, index, open_cache(cache)), "starlette")
    ask(run(uv, index, open_cache(cache, refresh=True)), "starlette")
    assert compiles(uv) == 2
    [entry] = entries(cache)
    entry.unlink()
    ask(run(uv, index, open_cache(cache, refresh=True)), "starlette")  # refreshed: written again
    seen = len(index.log)
    assert ask(run(uv, index, open_cache(cache)), "starlette") == NEWEST
    assert (compiles(uv), index.asked(seen)) == (3, [])


def test_another_day_asks_again_and_removes_the_days_before(tmp_path: Path, uv: Path, index: Index) -> None:
    cache = tmp_path / "resolve"
    ask(run(uv, index, open_cache(cache, today=lambda: DAY)), "starlette")
    assert [p.name for p in cache.iterdir() if p.is_dir()] == ["2031-05-06"]
    next_day = open_cache(cache, today=lambda: DAY + datetime.timedelta(days=1))
    assert not (cache / "2031-05-06").exists()
    ask(run(uv, index, next_day), "starlette")
    assert compiles(uv) == 2
    assert [p.parent.name for p in entries(cache)] == ["2031-05-07"]


def test_a_damaged_entry_is_asked_again_and_replaced(tmp_path: Path, uv: Path, index: Index) -> None:
    cache = tmp_path / "resolve"
    ask(run(uv, index, open_cache(cache)), "starlette")
    [entry] = entries(cache)
    good = entry.read_text()
    for damaged in (good.replace("0.29.0", "0.26.1"), good[: len(good) // 2], "", "[]"):
        entry.write_text(damaged)
        assert ask(run(uv, index, open_cache(cache)), "starlette") == NEWEST
        assert entry.read_text() != damaged  # answered by uv and stored again
    assert compiles(uv) == 5


def test_no_solution_is_kept_an_index_that_failed_is_not(tmp_path: Path, uv: Path, index: Index) -> None:
    cache = tmp_path / "resolve"
    with pytest.raises(ResolutionError) as first:
        ask(run(uv, index, open_cache(cache)), "starlette>5")
    assert first.value.unsatisfiable
    seen = len(index.log)
    with pytest.raises(ResolutionError) as again:
        ask(run(uv, index, open_cache(cache)), "starlette>5")
    assert (str(again.value), again.value.detail) == (str(first.value), first.value.detail)
    assert (compiles(uv), index.asked(seen)) == (1, [])
    index.failing = True
    with pytest.raises(ResolutionError) as down:
        ask(run(uv, index, open_cache(cache)), "anyio")
    assert not down.value.unsatisfiable and "500" in str(down.value)
    index.failing = False
    assert ask(run(uv, index, open_cache(cache)), "anyio") == {"anyio": "3.7.1"}
    assert compiles(uv) == 3


def test_an_index_that_refuses_is_not_kept_for_the_day(tmp_path: Path, uv: Path) -> None:
    """uv calls a 401 "no solution" (with a hint): new credentials must not wait for tomorrow."""
    cache = tmp_path / "resolve"
    private = Index(PACKAGES, user="ci", password="right")
    with private:
        for _ in range(2):
            with pytest.raises(ResolutionError) as refused:
                ask(run(uv, private, open_cache(cache)), "starlette")
            assert refused.value.unsatisfiable and "401" in refused.value.detail
    assert (compiles(uv), entries(cache)) == (2, [])


def test_a_kept_answer_spends_no_time_budget_and_a_spent_one_is_not_kept(
    tmp_path: Path, uv: Path, index: Index
) -> None:
    cache = tmp_path / "resolve"
    spent = Budget(0.001, "for the root api", running=True)
    time.sleep(0.01)
    with pytest.raises(TimeBudgetSpent):
        ask(run(uv, index, open_cache(cache), budget=spent), "starlette")
    assert (compiles(uv), entries(cache)) == (0, [])
    ask(run(uv, index, open_cache(cache)), "starlette")
    seen = len(index.log)
    assert ask(run(uv, index, open_cache(cache), budget=spent), "starlette") == NEWEST
    assert (compiles(uv), index.asked(seen)) == (1, [])


def test_askers_of_one_question_at_once_share_one_uv_call(tmp_path: Path, uv: Path, index: Index) -> None:
    index.delay = 0.2  # each request: the first call is still running when the others ask
    config = run(uv, index, None)
    start = threading.Barrier(4)
    got: list[dict[str, str] | None] = [None] * 4

    def asker(n: int) -> None:
        start.wait()
        got[n] = ask(config, "fastapi==0.95.1")

    threads = [threading.Thread(target=asker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got == [{"fastapi": "0.95.1", "starlette": "0.26.1", "anyio": "3.7.1"}] * 4
    assert compiles(uv) == 1


def test_a_waiter_whose_asker_ran_out_of_time_asks_itself(tmp_path: Path, uv: Path, index: Index) -> None:
    """The first asker's budget (its root's) ends during the call; the other root has time."""
    index.delay = 0.3
    short = Budget(0.5, "for the root a", running=True)
    base = run(uv, index, None)  # one scan's resolver: each root's budget on a copy (same memo)
    configs = [replace(base, budget=short), base]
    outcome: list[Any] = [None, None]

    def asker(n: int) -> None:
        if n:
            time.sleep(0.1)  # after the first has started uv
        try:
            outcome[n] = ask(configs[n], "fastapi==0.95.1")
        except TimeBudgetSpent as exc:
            outcome[n] = exc

    threads = [threading.Thread(target=asker, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert isinstance(outcome[0], TimeBudgetSpent) and "for the root a" in str(outcome[0])
    assert outcome[1] == {"fastapi": "0.95.1", "starlette": "0.26.1", "anyio": "3.7.1"}
    assert compiles(uv) == 2


def _steady(report: dict[str, Any]) -> dict[str, Any]:
    """The report without what a reproduction measures afresh on each run (times, temp paths)."""

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k != "evidence"}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return dict(strip(report))


def test_a_warm_rescan_sends_nothing_to_the_index_and_reports_the_same(tmp_path: Path, index: Index) -> None:
    """Two scans as a user runs them, same manifests, same day; then ``--refresh``."""
    tree = write_tree(
        tmp_path / "repo",
        {
            "requirements.txt": "fastapi==0.95.1\n",
            "services/api/requirements.txt": "fastapi==0.95.1\n",
            "services/web/requirements.txt": "starlette>=0.27\n",
        },
    )
    cache = tmp_path / "cache"
    flags = ("--index-url", index.url, "--audit", "off", "--no-reachability", "--hold", "0.2")
    env = {"UV_HTTP_RETRIES": "0"}
    _, cold, _ = scan_json(tree, cache, *flags, env=env)
    assert {t["root"]: (t["version"], t["resolution"]) for t in cold["targets"]} == {
        ".": ("0.26.1", "resolver"),
        "services/api": ("0.26.1", "resolver"),
        "services/web": ("0.29.0", "resolver"),
    }
    seen = len(index.log)
    _, warm, output = scan_json(tree, cache, *flags, env=env)
    assert index.asked(seen) == [], output
    assert _steady(warm) == _steady(cold)
    seen = len(index.log)
    _, refreshed, _ = scan_json(tree, cache, *flags, "--refresh", env=env)
    assert "/simple/fastapi/" in index.asked(seen)
    assert _steady(refreshed) == _steady(cold)
    assert os.stat(cache / "resolve" / "salt").st_mode & 0o777 == 0o600


class PatchyIndex(Index):
    """An index that answers 404 for the packages in ``missing`` (a proxy whose upstream is down),
    and serves under a token path when ``token`` is set (``https://host/<token>/simple``)."""

    missing: frozenset[str] = frozenset()
    token = ""

    def answer(self, path: str) -> tuple[int, bytes, str]:
        if self.token and not path.startswith("/files/"):  # the pages are under the token
            if not path.startswith(f"/{self.token}/"):
                return 404, b"not found", "text/plain"
            path = path[len(self.token) + 1 :]
        if any(path.rstrip("/").endswith(f"/simple/{name}") for name in self.missing):
            return 404, b"not found", "text/plain"
        return super().answer(path)

    @property
    def url(self) -> str:
        base = super().url
        return base.replace("/simple", f"/{self.token}/simple") if self.token else base


def test_a_package_the_index_did_not_find_is_not_kept_for_the_day(tmp_path: Path, uv: Path) -> None:
    """uv words a 404 as "no solution"; one bad answer of a proxy must not stand all day."""
    cache = tmp_path / "resolve"
    with PatchyIndex(PACKAGES) as patchy:
        patchy.missing = frozenset({"fastapi"})
        with pytest.raises(ResolutionError) as missing:
            ask(run(uv, patchy, open_cache(cache)), "fastapi==0.95.1")
        assert "not found in the package registry" in missing.value.detail
        assert entries(cache) == []
        patchy.missing = frozenset()
        assert ask(run(uv, patchy, open_cache(cache)), "fastapi==0.95.1")["fastapi"] == "0.95.1"
    assert compiles(uv) == 2


def test_a_token_in_an_index_path_is_neither_stored_nor_shown(tmp_path: Path, uv: Path, index: Index) -> None:
    """The workflow's extra index carries its token in the path, where uv does not hide it."""
    cache = tmp_path / "resolve"
    secret = "tok-3f9a1c77e2d54b08"
    with PatchyIndex(PACKAGES) as private:
        private.token = secret
        extra = {"UV_EXTRA_INDEX_URL": private.url}
        assert ask(run(uv, index, open_cache(cache), **extra), "starlette==0.27.0")["starlette"] == "0.27.0"
        with pytest.raises(ResolutionError) as absent:  # a version neither index has
            ask(run(uv, index, open_cache(cache), **extra), "starlette==9.9")
        url = private.url
    shown = str(absent.value) + absent.value.detail
    assert secret not in shown
    assert url.split(secret)[0] + "…" in shown, shown  # the host is still named
    stored = [p.read_bytes() for p in cache.rglob("*") if p.is_file()]
    assert stored and not any(secret.encode() in data for data in stored)
