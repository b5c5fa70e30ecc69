"""Renderers on hand-built reports: the paths the example scan does not take."""

from __future__ import annotations

import json
from dataclasses import replace

from starlette_2093_check import __version__
from starlette_2093_check.model import (
    Advisory,
    Audit,
    Check,
    Edit,
    Fix,
    Location,
    Report,
    Resolution,
    ScanError,
    Skipped,
    Target,
    TargetResult,
    Verdict,
    VerdictStatus,
)
from starlette_2093_check.report import render_json, render_markdown, render_text
from starlette_2093_check.report.load import load_report
from tests.conftest import flat

EVIDENCE = {
    "hold_s": 1.0,
    "harness_version": "1",
    "versions": {"python": "3.11.7", "starlette": "0.27.0", "anyio": "4.16.0", "uvicorn": "0.32.1"},
    "http": {"requests": [{"latency_ms": 4.0}, {"latency_ms": 1003.0}]},
}
TARGET = Target(
    root="svc",
    package="starlette",
    version="0.27.0",
    source=Location("svc/requirements.txt", 4),
    via=(),
    resolution=Resolution.PIN,
)


ADVISORY = Advisory(
    id="CVE-2024-47874",
    package="starlette",
    version="0.27.0",
    fix_versions=("0.40.0",),
    aliases=("GHSA-f96h-pmfr-66vw",),
    summary="multipart/form-data without a filename | buffered in memory",
)


def reproduced(verification: Verdict | None, *, edits: tuple[Edit, ...] = ()) -> TargetResult:
    fix = Fix(
        "starlette",
        "0.27.0",
        "0.29.0",
        TARGET.source,
        "upgrade starlette to 0.29.0 or later (0.27.0 now): "
        "change svc/requirements.txt:4 to `starlette==0.29.0`",
        minimal="0.29.0",
        recommended="0.29.0",
        verification=verification,
        tried=(Check("0.28.0", Verdict(VerdictStatus.REPRODUCED, "waited", EVIDENCE)),),
        edits=edits,
        remaining=(ADVISORY,),
        notes=("a note",),
    )
    audit = Audit((ADVISORY,), (("starlette", "0.27.0"),))
    return TargetResult(TARGET, Verdict(VerdictStatus.REPRODUCED, "waited", EVIDENCE), fix, audit)


def test_a_fix_that_did_not_verify_is_flagged_not_claimed() -> None:
    failed = Verdict(VerdictStatus.INCONCLUSIVE, "could not install starlette==0.29.0")
    md = render_markdown(Report(".", (reproduced(failed),), (), ()))
    assert "The re-run did not pass (could not install starlette==0.29.0); check the upgrade by hand" in md
    assert "| Recommended | starlette 0.29.0 | n/a | inconclusive |" in md
    text = flat(render_text(Report(".", (reproduced(failed),), (), ())))
    assert "n/a on starlette 0.29.0 (inconclusive)" in text


def test_the_fix_shows_both_runs_side_by_side_and_the_advisories() -> None:
    passed = Verdict(
        VerdictStatus.NOT_REPRODUCED, "passed", {**EVIDENCE, "http": {"requests": [{"latency_ms": 3.0}] * 2}}
    )
    edit = Edit("svc/requirements.txt", 4, "starlette==0.27.0", "starlette==0.29.0")
    md = render_markdown(Report(".", (reproduced(passed, edits=(edit,)),), (), ()))
    assert "| Now | starlette 0.27.0 | 1.00 s | reproduced |" in md
    assert "| Recommended | starlette 0.29.0 | 3 ms | passes |" in md
    assert "| Tried | starlette 0.28.0 | 1.00 s | reproduced: waited |" in md
    assert "-starlette==0.27.0\n  +starlette==0.29.0" in md  # the diff to apply, no suggestion posted
    cve = "[CVE-2024-47874](https://osv.dev/vulnerability/CVE-2024-47874)"  # its page, not only its id
    assert f"It still has {cve} (fixed in 0.40.0)" in md
    assert (
        f"| `svc` | starlette 0.27.0 | {cve} | 0.40.0 | multipart/form-data without a filename \\| buffered"
        in md
    )
    suggested = render_markdown(
        Report(".", (reproduced(passed, edits=(edit,)),), (), ()), suggested={(edit.file, 4)}
    )
    assert "carries this change as a suggestion" in suggested and "```diff" not in suggested


def test_inconclusive_targets_are_listed_as_not_known_safe() -> None:
    result = TargetResult(
        TARGET, Verdict(VerdictStatus.INCONCLUSIVE, "the harness did not finish within 60 s")
    )
    md = render_markdown(Report(".", (result,), (), ()))
    assert "these projects are **not** known to be safe" in md
    assert "- `svc` (starlette 0.27.0): the harness did not finish within 60 s" in md
    assert "why: the harness did not finish within 60 s" in flat(render_text(Report(".", (result,), (), ())))


def test_no_targets_and_errors() -> None:
    report = Report(".", (), ("pyproject.toml",), (ScanError("pyproject.toml", "invalid TOML at line 2", 2),))
    # an unreadable file is not "no project here": nothing is called safe that was not checked
    assert "No project here could be checked: 1 problem(s) below." in flat(render_text(report))
    assert "resolves starlette" not in flat(render_text(report))
    assert "pyproject.toml:2: invalid TOML at line 2" in flat(render_text(report))
    md = render_markdown(report)
    assert "check: files could not be read" in md and "no project resolves" not in md
    assert "- `pyproject.toml:2`: invalid TOML at line 2" in md
    data = json.loads(render_json(report))
    assert data == {
        "schema_version": 1,
        "tool": {"name": "starlette-2093-check", "version": __version__},
        "targets": [],
        "scanned": ["pyproject.toml"],
        "errors": [{"file": "pyproject.toml", "line": 2, "message": "invalid TOML at line 2"}],
        "skipped": [],
    }
    # manifests a skip rule left unread are in every format, and read back from JSON
    skipped = Skipped("tests", "tests/", ("tests/fixtures/app/requirements.txt",))
    with_skipped = replace(report, skipped=(skipped,))
    assert "skipped tests (rule 'tests/'): 1 not read (tests/fixtures/app/requirements.txt)" in flat(
        render_text(with_skipped)
    )
    assert load_report(json.loads(render_json(with_skipped))).skipped == (skipped,)


def test_json_fix_names_package_versions_line_and_verification() -> None:
    ok = Verdict(
        VerdictStatus.NOT_REPRODUCED, "fine", {"http": {"requests": [{"latency_ms": 2}, {"latency_ms": 3}]}}
    )
    (target,) = json.loads(render_json(Report(".", (reproduced(ok),), (), ())))["targets"]
    fix = target["fix"]
    assert (fix["package"], fix["from"], fix["to"], fix["file"], fix["line"]) == (
        "starlette",
        "0.27.0",
        "0.29.0",
        "svc/requirements.txt",
        4,
    )
    assert fix["verification"]["verdict"] == "not_reproduced"
    assert target["evidence"]["http"]["requests"][1]["latency_ms"] == 1003.0


def test_disagreements_and_resolution_dates_are_shown_in_every_format() -> None:
    note = "svc/requirements.txt:1 declares starlette==0.13.2, but 0.27.0 is what gets installed"
    target = replace(
        TARGET,
        source=Location("svc/uv.lock", 24),
        via=("fastapi 0.100.1",),
        resolution=Resolution.LOCK,
        notes=(note,),
    )
    result = TargetResult(target, Verdict(VerdictStatus.NOT_REPRODUCED, "ok", EVIDENCE))
    report = Report(".", (result,), (), ())
    assert (
        f"- `svc`: starlette 0.27.0 from svc/uv.lock:24 via fastapi 0.100.1\n  - {note}"
        in render_markdown(report)
    )
    assert f"note: {note}" in flat(render_text(report))
    assert json.loads(render_json(report))["targets"][0]["notes"] == [note]
    resolver = replace(target, resolution=Resolution.RESOLVER, resolved_on="2026-11-25", notes=())
    data = json.loads(render_json(Report(".", (replace(result, target=resolver),), (), ())))
    assert (data["targets"][0]["resolution"], data["targets"][0]["resolved_on"]) == ("resolver", "2026-11-25")
    shown = render_markdown(Report(".", (replace(result, target=resolver),), (), ()))
    assert "- `svc`: starlette 0.27.0 from svc/uv.lock:24 via fastapi 0.100.1\n\n</details>" in shown


def test_a_release_built_from_its_sdist_says_so_where_it_ran() -> None:
    from starlette_2093_check.report.common import ran_on

    evidence = {
        "versions": {"python": "3.11.7", "starlette": "0.12.9", "uvicorn": "0.32.1"},
        "install": {"from_sdist": ["starlette"]},
        "harness_version": "4",
    }
    verdict = Verdict(VerdictStatus.REPRODUCED, "held", evidence)
    assert "starlette 0.12.9 (built from its sdist in the sandbox), uvicorn 0.32.1" in ran_on(verdict)
    wheel = Verdict(VerdictStatus.REPRODUCED, "held", {**evidence, "install": {"from_sdist": []}})
    assert "sdist" not in ran_on(wheel)
