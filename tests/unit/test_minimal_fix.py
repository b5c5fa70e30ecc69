"""The minimal fix in the report (issue 18): the JSON contract's ``fix.minimal_fix``, read back,
moved by ``rebase``, and chosen by ``Fix.change_for`` / ``Fix.minimal_view`` (``scan --fix``'s
default). On the real report in tests/fixtures/sarif/report.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from starlette_2093_check.github.derive import derive
from starlette_2093_check.model import (
    Edit,
    Fix,
    Location,
    MinimalFix,
    Resolution,
    Target,
    TargetResult,
    Verdict,
    VerdictStatus,
)
from starlette_2093_check.report import render_json
from starlette_2093_check.report.common import rebase
from starlette_2093_check.report.load import load_report

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "sarif" / "report.json"
DATA: dict[str, Any] = json.loads(FIXTURE.read_text(encoding="utf-8"))
REPORT = load_report(DATA)


def admin_fix() -> Any:
    [admin] = [t for t in REPORT.targets if t.target.root == "admin"]
    assert admin.fix is not None
    return admin.fix


def test_the_minimal_fix_is_read_back_and_written_again_unchanged() -> None:
    low = admin_fix().minimal_fix
    assert low is not None
    assert [(e.line, e.old, e.new) for e in low.edits] == [(2, "fastapi==0.95.1", "fastapi==0.108.0")]
    assert (low.version, low.parent, low.verified) == ("0.32.0.post1", "0.108.0", True)
    assert low.check is not None and low.check.version("fastapi") == "0.108.0"
    assert {a.id for a in low.remaining} >= {"CVE-2024-47874"}
    again = json.loads(render_json(REPORT))
    [admin] = [t for t in again["targets"] if t["root"] == "admin"]
    [before] = [t for t in DATA["targets"] if t["root"] == "admin"]
    assert admin["fix"]["minimal_fix"] == before["fix"]["minimal_fix"]


def test_change_for_picks_the_minimal_change_by_default_and_the_newest_with_latest() -> None:
    fix = admin_fix()
    edits, command, verified = fix.change_for()
    assert [e.new for e in edits] == ["fastapi==0.108.0"] and command is None and verified
    edits, _, verified = fix.change_for("latest")
    assert [e.new for e in edits] == [f"fastapi=={fix.recommended_parent}"] and verified


def test_the_minimal_view_shows_the_minimal_change_its_run_and_its_advisories() -> None:
    fix = admin_fix()
    view = fix.minimal_view()
    assert view.change.endswith("change admin/requirements.txt:2 to `fastapi==0.108.0`")
    assert (view.recommended, view.recommended_parent) == ("0.32.0.post1", "0.108.0")
    assert (
        view.verification is not None
        and view.verification.evidence["versions"]["starlette"] == "0.32.0.post1"
    )
    assert view.remaining and not fix.remaining
    assert view.minimal_fix is None and view.fallback is None


def test_rebase_moves_the_minimal_fix_too() -> None:
    [admin] = [t for t in rebase(REPORT, "services").targets if t.target.root == "services/admin"]
    assert admin.fix is not None and admin.fix.minimal_fix is not None
    low = admin.fix.minimal_fix
    assert [e.file for e in low.edits] == ["services/admin/requirements.txt"]
    assert "change services/admin/requirements.txt:2 to `fastapi==0.108.0`" in low.change


def test_a_report_from_before_the_minimal_fix_has_none_and_nothing_to_apply_by_default() -> None:
    older = json.loads(json.dumps(DATA))
    for target in older["targets"]:
        if target["fix"]:
            del target["fix"]["minimal_fix"]
    fix = next(t.fix for t in load_report(older).targets if t.fix is not None)
    assert fix.minimal_fix is None and fix.minimal_view() is fix
    assert fix.change_for() == ((), None, False) and fix.change_for("latest")[0] == fix.edits


def test_the_one_click_suggestion_is_the_minimal_fix_in_the_carets_shape() -> None:
    """``github.derive`` re-derives a suggestion from the pull request's head by our own rules:
    for a Poetry caret, the minimal fix's ``^0.108.0``; the newest set's edit is not suggested."""
    head = (
        Path(__file__).resolve().parent.parent / "fixtures/formats/poetry-new/pyproject.toml"
    ).read_bytes()
    old = 'fastapi = "^0.100.1"'
    latest = Edit("pyproject.toml", 10, old, 'fastapi = "^0.165.0"')
    minimal = Edit("pyproject.toml", 10, old, 'fastapi = "^0.108.0"')
    fix = Fix(
        package="fastapi",
        from_version="0.100.1",
        to_version="0.108.0",
        location=Location("pyproject.toml", 10),
        change="upgrade fastapi to 0.108.0 or later",
        minimal="0.29.0",
        recommended="1.10.0",
        recommended_parent="0.165.0",
        edits=(latest,),
        verified=True,
        minimal_fix=MinimalFix(
            change="upgrade fastapi to 0.108.0 or later",
            edits=(minimal,),
            version="0.32.0.post1",
            parent="0.108.0",
        ),
    )
    target = Target(
        root=".",
        package="starlette",
        version="0.27.0",
        source=Location("poetry.lock", 5),
        via=("fastapi 0.100.1",),
        resolution=Resolution.LOCK,
    )
    result = TargetResult(target, Verdict(VerdictStatus.REPRODUCED, "blocked"), fix=fix)
    ours = derive(minimal, result, head, 10)
    assert isinstance(ours, Edit) and ours.new == 'fastapi = "^0.108.0"'
    assert (
        derive(latest, result, head, 10) == "the suggested text is not what this action derives for that line"
    )
