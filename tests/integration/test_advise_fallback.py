"""The recommendation falls back when its run does not pass.

Every Starlette release from 0.29.0 on passes the real reproduction, so the failing runs here come
from a stand-in for the sandbox (the process boundary the advisor calls through). Everything else
is real: discovery, uv against the index for releases and resolution.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from packaging.version import Version

from bot.advise import AdviceInput, Advisor
from bot.manifests import discover
from bot.model import PythonRequest, Verdict, VerdictStatus
from bot.repro.sandbox import find_uv, install_env
from bot.resolve import ResolverConfig, gather, plan_indexes, resolve_root
from tests.conftest import clean_env, write_tree

pytestmark = pytest.mark.integration


def test_a_recommendation_that_does_not_verify_falls_back_to_the_minimal_fix(tmp_path: Path) -> None:
    tree = write_tree(tmp_path / "t", {"requirements.txt": "# api\nstarlette==0.27.0\n"})
    found = discover(tree)
    [root] = found.roots
    config = ResolverConfig(uv=find_uv(), environ=install_env(clean_env()))
    target, errors = resolve_root(root, "starlette", "3.11", config)
    assert target is not None and not errors
    runs: list[str] = []

    def sandbox(version: str, anyio: str | None, python: PythonRequest | None) -> Verdict:
        runs.append(version)
        if version == "0.29.0":
            return Verdict(VerdictStatus.NOT_REPRODUCED, "passed")
        return Verdict(VerdictStatus.INCONCLUSIVE, f"could not install starlette=={version}")

    advisor = Advisor(package="starlette", fixed_in="0.29.0", checkout=tree, resolver=config, verdict=sandbox)
    gathered = gather(root, "starlette", {root.path: root}, ())
    item = AdviceInput(
        target=target,
        found=gathered,
        python="3.11",
        indexes=plan_indexes(gathered.indexes, config),
        kinds={m.path: m.kind for m in root.manifests},
    )
    fix = advisor.advise(item)
    # Three candidates, newest first, each excluded after it failed; then the minimal fix.
    assert [c.version for c in fix.tried] == runs[1:4]
    assert Version(runs[1]) > Version(runs[2]) > Version(runs[3]) > Version("0.29.0")
    assert {c.verdict.status for c in fix.tried} == {VerdictStatus.INCONCLUSIVE}
    assert (fix.recommended, fix.minimal) == ("0.29.0", "0.29.0")
    assert fix.verification is not None and fix.verification.status is VerdictStatus.NOT_REPRODUCED
    assert "the recommendation fell back to the minimal fix, starlette 0.29.0" in fix.notes
    [edit] = fix.edits
    assert (edit.line, edit.old, edit.new) == (2, "starlette==0.27.0", "starlette==0.29.0")
