"""Every repository of the real-world corpus gets the answer worked out by hand for it.

Each case is a public repository at a fixed commit, cut down to its manifests and the code the
reader needs (``tests/corpus/README.md``). The scan runs as a user runs it, with resolutions as of
the corpus date; every expected root must have its version, verdict and fix, and nothing else may
show up (no unexpected target, error, or fixture tree read as a project).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.corpuslib import Case, cases, check_case, scan, score

pytestmark = pytest.mark.integration

CASES = cases()


def test_the_corpus_is_large_enough_and_well_formed() -> None:
    assert len(CASES) >= 40, f"only {len(CASES)} corpus cases"
    problems = [p for case in CASES for p in check_case(case)]
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def scans(repro_cache: Path) -> dict[str, tuple[int, dict[str, Any], str]]:
    """Every case scanned once, two at a time (each scan is a process of its own, as a user runs
    it; the reproductions mostly wait, so two overlap well on a small machine)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        done = pool.map(lambda case: (case.name, scan(case, repro_cache)), CASES)
        return dict(done)


# The first case's setup scans the whole corpus (about a quarter of an hour with an empty sandbox
# cache on two cores): more than the suite's per-test limit, which is meant for a single scan.
@pytest.mark.timeout(3600)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Case, scans: dict[str, tuple[int, dict[str, Any], str]]) -> None:
    code, report, stderr = scans[case.name]
    assert report, f"exit {code}: {stderr[-3000:]}"
    result = score(case, report)
    assert not result.misses, "\n".join(result.misses)
    reproduced = any(t["verdict"] == "reproduced" for t in report["targets"])
    assert code == (1 if reproduced else 0), stderr[-3000:]
