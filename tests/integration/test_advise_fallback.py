"""The recommendation falls back when its run does not pass.

Every Starlette release from 0.29.0 on passes the real reproduction, so the failing runs here come
from a stand-in for the sandbox (the process boundary the advisor calls through). Everything else
is real: discovery, uv against the index for releases and resolution.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from packaging.version import Version

from starlette_2093_check.advise import AdviceInput, Advisor
from starlette_2093_check.manifests import discover
from starlette_2093_check.model import PythonRequest, Report, TargetResult, Verdict, VerdictStatus
from starlette_2093_check.report import md, render_json, render_markdown, render_text
from starlette_2093_check.repro.sandbox import find_uv, install_env
from starlette_2093_check.resolve import ResolverConfig, gather, plan_indexes, resolve_root
from tests.conftest import clean_env, flat, write_tree

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
    [edit] = fix.edits
    assert (edit.line, edit.old, edit.new) == (2, "starlette==0.27.0", "starlette==0.29.0")
    # Never silently the minimal fix: when and why it fell back is said, in JSON and in words.
    failed = ", ".join(f"starlette {v}" for v in runs[1:4])
    why = f"the newer sets the project allows did not pass the reproduction ({failed})"
    assert fix.fallback == why
    result = TargetResult(target, Verdict(VerdictStatus.REPRODUCED, "waited"), fix)
    report = Report(".", (result,), ("requirements.txt",), ())
    assert json.loads(render_json(report))["targets"][0]["fix"]["fallback"] == why
    head = "The recommendation is the minimal fix (starlette 0.29.0)"
    sentence = f"{head}, not the newest set the project allows: {why}."
    assert sentence in flat(render_text(report))
    assert md.text(sentence, 2000) in render_markdown(report)
    # The fallback set was resolved again and run with the anyio it resolves to: verified.
    assert fix.check is not None and fix.check.resolves and fix.check.version("starlette") == "0.29.0"
    assert runs[4:] == ["0.29.0"] and fix.verified


def test_a_set_that_resolves_to_a_release_that_does_not_pass_is_not_verified(tmp_path: Path) -> None:
    # A range: the edit raises its floor, and the edited set resolves to the newest release again.
    tree = write_tree(tmp_path / "t", {"requirements.txt": "starlette>=0.20,<0.28\n"})
    [root] = discover(tree).roots
    config = ResolverConfig(uv=find_uv(), environ=install_env(clean_env()))
    target, errors = resolve_root(root, "starlette", "3.11", config)
    assert target is not None and not errors

    def sandbox(version: str, anyio: str | None, python: PythonRequest | None) -> Verdict:
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
    [edit] = fix.edits
    assert edit.new == "starlette>=0.29.0"
    # The minimal fix passed, but the edited range resolves to the newest release, which did not.
    assert fix.check is not None and fix.check.resolves
    newest = fix.check.version("starlette")
    assert newest is not None and Version(newest) > Version("0.29.0")
    assert fix.tried[-1].version == newest
    assert fix.verified is False
    result = TargetResult(target, Verdict(VerdictStatus.REPRODUCED, "waited"), fix)
    text = flat(render_text(Report(".", (result,), ("requirements.txt",), ())))
    assert "but the reproduction did not pass on that set" in text
