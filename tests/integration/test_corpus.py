"""Every repository of the real-world corpus gets the answer worked out by hand for it.

Each case is a public repository at a fixed commit, cut down to its manifests and the code the
reader needs (``tests/corpus/README.md``). The scan runs as a user runs it, with resolutions as of
the corpus date; every expected root must have its version, verdict and fix, and nothing else may
show up (no unexpected target, error, or fixture tree read as a project).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.corpuslib import Case, cases, check_case, scan, score

pytestmark = pytest.mark.integration

CASES = cases()


def test_the_corpus_is_large_enough_and_well_formed() -> None:
    assert len(CASES) >= 40, f"only {len(CASES)} corpus cases"
    problems = [p for case in CASES for p in check_case(case)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Case, repro_cache: Path) -> None:
    code, report, stderr = scan(case, repro_cache)
    assert report, f"exit {code}: {stderr[-3000:]}"
    result = score(case, report)
    assert not result.misses, "\n".join(result.misses)
    reproduced = any(t["verdict"] == "reproduced" for t in report["targets"])
    assert code == (1 if reproduced else 0), stderr[-3000:]
