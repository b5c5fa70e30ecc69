"""Reports with the other packs and the code read: JSON contract, reload, Markdown, text and SARIF."""

from __future__ import annotations

import json
from dataclasses import replace

from starlette_2093_check.model import (
    Check,
    Finding,
    PackVerdict,
    Reachability,
    Report,
    Severity,
    TargetResult,
    Verdict,
    VerdictStatus,
)
from starlette_2093_check.report import render_json, render_markdown, render_text
from starlette_2093_check.report.common import rebase
from starlette_2093_check.report.load import load_report
from starlette_2093_check.report.sarif import sarif_dict
from tests.conftest import flat
from tests.unit.test_reports import reproduced

REACH = Reachability(
    reachable=True,
    middleware=(Finding("svc/app.py", 11, "subclass", "TimingMiddleware"),),
    background=(
        Finding("svc/app.py", 23, "BackgroundTasks", "BackgroundTasks"),
        Finding("svc/app.py", 25, "background=", "JSONResponse"),
    ),
)
LINKS = (("issue", "https://github.com/Kludex/starlette/issues/3458"),)


def pack(
    pack_id: str, status: VerdictStatus, reason: str, *, severity: Severity | None = None, **extra: object
) -> PackVerdict:
    return PackVerdict(
        pack=pack_id,
        title=f"title of {pack_id}",
        fixed_in="1.7.0",
        verdict=Verdict(status, reason, {"http": {"task_started_ms": 1.0, "final_send_returned_ms": 13.0}}),
        triggered_by=("middleware", "background"),
        severity=severity,
        **extra,  # type: ignore[arg-type]
    )


def result() -> TargetResult:
    base = reproduced(None)
    headline = PackVerdict(
        pack="starlette-2093",
        title="headline",
        fixed_in="0.29.0",
        verdict=base.verdict,
        headline=True,
        triggered_by=("middleware", "background"),
        severity=Severity.TRIGGERED,
    )
    others = (
        pack("starlette-1438", VerdictStatus.NOT_REPRODUCED, "both background tasks ran"),
        pack("starlette-2688", VerdictStatus.INCONCLUSIVE, "could not install starlette==0.27.0"),
        pack(
            "starlette-3458",
            VerdictStatus.REPRODUCED,
            "the background task started while the server was still sending",
            severity=Severity.TRIGGERED,
            links=LINKS,
            after_fix=Check(
                "1.10.0",
                Verdict(
                    VerdictStatus.NOT_REPRODUCED,
                    "started after",
                    {"http": {"task_started_ms": 40.0, "final_send_returned_ms": 39.5}},
                ),
            ),
        ),
        pack(
            "acme-stream",
            VerdictStatus.REPRODUCED,
            "the last chunk went missing",
            custom=True,
            source="checks/card.yaml",
            # A report file may come from a pull request's workflow: its links are never rendered.
            links=(("issue", "https://evil.example/phish"),),
        ),
    )
    return replace(base, packs=(headline, *others), reachability=REACH, severity=Severity.TRIGGERED)


REPORT = Report(".", (result(),), ("svc/requirements.txt",), ())


def test_json_has_reachability_packs_and_severity_per_target() -> None:
    [target] = json.loads(render_json(REPORT))["targets"]
    assert target["severity"] == "triggered_in_app"
    assert target["reachability"] == {
        "reachable": True,
        "middleware": [{"file": "svc/app.py", "line": 11, "kind": "subclass", "name": "TimingMiddleware"}],
        "background": [
            {"file": "svc/app.py", "line": 23, "kind": "BackgroundTasks", "name": "BackgroundTasks"},
            {"file": "svc/app.py", "line": 25, "kind": "background=", "name": "JSONResponse"},
        ],
        "complete": True,
        "unread": [],
        "note": None,
    }
    packs = target["packs"]
    assert [p["id"] for p in packs] == [
        "starlette-2093",
        "starlette-1438",
        "starlette-2688",
        "starlette-3458",
        "acme-stream",
    ]
    assert packs[0]["headline"] and not any(p["headline"] for p in packs[1:])
    assert [p["verdict"] for p in packs[1:]] == ["not_reproduced", "inconclusive", "reproduced", "reproduced"]
    assert packs[3]["severity"] == "triggered_in_app" and packs[1]["severity"] is None
    assert packs[4]["custom"] and packs[4]["source"] == "checks/card.yaml"
    assert (
        packs[3]["after_fix"]["version"] == "1.10.0" and packs[3]["after_fix"]["verdict"] == "not_reproduced"
    )
    assert packs[1]["after_fix"] is None


def test_a_report_without_code_analysis_says_null_not_unreachable() -> None:
    unread = replace(result(), reachability=None, severity=None)
    [target] = json.loads(render_json(Report(".", (unread,), (), ())))["targets"]
    assert target["reachability"] is None and target["severity"] is None


def test_the_json_reloads_to_the_same_report() -> None:
    text = render_json(REPORT)
    assert render_json(load_report(json.loads(text))) == text


def test_markdown_keeps_the_headline_first_and_groups_the_other_packs() -> None:
    md = render_markdown(REPORT)
    assert md.index("The fix: how it was checked") < md.index("<summary>Related bugs: 2 reproduced")
    assert "Triggered in your app: BaseHTTPMiddleware at svc/app.py:11 (subclass TimingMiddleware)" in md
    row = next(line for line in md.splitlines() if line.startswith("| [starlette-3458]"))
    assert "https://github.com/Kludex/starlette/issues/3458" in row  # from our card, not the report
    assert "| `svc` (starlette 0.27.0) | triggered in your app | not reproduced on starlette 1.10.0 |" in row
    # Rows only where a related bug reproduced; the others in one line each, never dropped.
    assert not any(line.startswith(("| [starlette-1438]", "| [starlette-2688]")) for line in md.splitlines())
    assert "(fixed in 1.7.0): not reproduced in `svc`" in md
    assert "inconclusive in `svc` (not known to be safe): could not install starlette==0.27.0" in md
    assert "`acme-stream`: title of acme-stream (custom pack, `checks/card.yaml`)" in md
    assert "evil.example" not in md
    assert "also reproduced: starlette-3458 (**triggered in your app**), acme-stream" in md  # the table
    assert "- `svc` (starlette 0.27.0): task 12 ms before the last send." in md
    assert "On starlette 1.10.0, the recommended fix: not reproduced (task after the last send)." in md


def test_text_lists_each_other_pack_with_what_it_measured() -> None:
    text = flat(render_text(REPORT))
    assert (
        "also [!!] starlette-3458 REPRODUCED (fixed in 1.7.0; triggered in your app): "
        "task 12 ms before the last send" in text
    )
    # Nothing this pack measures is in the evidence: the verdict's own reason is shown instead.
    assert "also [ok] starlette-1438 not reproduced (fixed in 1.7.0): both background tasks ran" in text
    assert "also [??] starlette-2688 inconclusive (fixed in 1.7.0): could not install" in text
    assert "also [!!] acme-stream REPRODUCED (fixed in 1.7.0): the last chunk went missing" in text
    assert "on starlette 1.10.0 (the recommended fix): not reproduced" in text


def test_sarif_adds_a_rule_per_other_reproduced_pack_and_points_at_the_code() -> None:
    run = sarif_dict(rebase(REPORT, "services"))["runs"][0]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert rules == ["starlette-2093", "starlette-2093/inconclusive", "starlette-3458", "acme-stream"]
    custom_rule = run["tool"]["driver"]["rules"][3]
    assert "helpUri" not in custom_rule  # links only from our own cards
    headline, neighbour, custom = run["results"]
    assert headline["level"] == "error" and neighbour["level"] == custom["level"] == "warning"
    related = [
        (r["physicalLocation"]["artifactLocation"]["uri"], r["physicalLocation"]["region"]["startLine"])
        for r in headline["relatedLocations"]
    ]
    assert related == [("services/svc/app.py", 11), ("services/svc/app.py", 23), ("services/svc/app.py", 25)]
    assert "Triggered in your app" in headline["message"]["text"]
    assert neighbour["ruleIndex"] == 2 and "(triggered in your app)" in neighbour["message"]["text"]
    assert len({r["partialFingerprints"]["starlette-2093-check/target/v1"] for r in run["results"]}) == 3


def test_rebase_moves_the_code_findings_too() -> None:
    moved = rebase(REPORT, "services").targets[0].reachability
    assert moved is not None
    assert [f.file for f in moved.middleware + moved.background] == ["services/svc/app.py"] * 3


def test_dependency_severity_carries_the_caveat() -> None:
    only_middleware = Reachability(reachable=False, middleware=REACH.middleware)
    r = replace(result(), reachability=only_middleware, severity=Severity.DEPENDENCY)
    text = flat(render_text(Report(".", (r,), (), ())))
    assert "Present in a dependency, not triggered by your code: no background task" in text
    assert "Middleware from an installed package can still wrap your app" in text


def test_evidence_from_a_report_file_that_is_not_shaped_like_a_run_renders_as_n_a() -> None:
    from starlette_2093_check.packs import measure

    odd = {"http": {"task_started_ms": "soon", "final_send_returned_ms": 13.0, "job": "?"}}
    assert measure("starlette-3458", odd) == "n/a"
    assert measure("starlette-1438", {"http": []}) == "n/a"
    broken = replace(
        result(),
        packs=tuple(
            replace(p, verdict=Verdict(p.verdict.status, p.verdict.reason, odd)) for p in result().packs
        ),
    )
    md = render_markdown(Report(".", (broken,), (), ()))
    assert "the background task started while the server was still sending" in md  # the reason instead
