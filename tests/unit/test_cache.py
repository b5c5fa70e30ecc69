from __future__ import annotations

from pathlib import Path

from starlette_2093_check.model import SandboxSpec, Verdict, VerdictStatus
from starlette_2093_check.repro.cache import VerdictCache, spec_key

SPEC = SandboxSpec(
    starlette="0.27.0", anyio=None, uvicorn="0.32.1", python="cpython-3.11.7", harness_version="1"
)


def test_definite_verdicts_round_trip(tmp_path: Path) -> None:
    cache = VerdictCache(tmp_path)
    cache.put(SPEC, Verdict(VerdictStatus.REPRODUCED, "waited", {"http": {"requests": []}}))
    hit = cache.get(SPEC)
    assert hit is not None
    assert (hit.status, hit.reason, hit.evidence, hit.cached) == (
        VerdictStatus.REPRODUCED,
        "waited",
        {"http": {"requests": []}},
        True,
    )


def test_inconclusive_verdicts_are_not_stored(tmp_path: Path) -> None:
    cache = VerdictCache(tmp_path)
    cache.put(SPEC, Verdict(VerdictStatus.INCONCLUSIVE, "index down"))
    assert cache.get(SPEC) is None


def test_every_field_is_part_of_the_key(tmp_path: Path) -> None:
    cache = VerdictCache(tmp_path)
    cache.put(SPEC, Verdict(VerdictStatus.NOT_REPRODUCED, "ok"))
    for change in (
        {"starlette": "0.28.0"},
        {"anyio": "3.7.1"},
        {"uvicorn": "0.30.0"},
        {"python": "cpython-3.12.1"},
        {"harness_version": "2"},
    ):
        other = SandboxSpec(**{**SPEC.__dict__, **change})
        assert spec_key(other) != spec_key(SPEC)
        assert cache.get(other) is None


def test_a_corrupt_entry_is_a_miss(tmp_path: Path) -> None:
    cache = VerdictCache(tmp_path)
    cache.put(SPEC, Verdict(VerdictStatus.NOT_REPRODUCED, "ok"))
    entry = next((tmp_path / "verdicts").iterdir())
    entry.write_text("{not json")
    assert cache.get(SPEC) is None
