"""How an applied policy shows: text, the comment and the step summary (as GitHub renders them),
SARIF (valid, with GitHub's suppressions), annotations and the action's outputs.

The report is a real scan (``tests/fixtures/sarif/report.json``): ``admin`` and ``my app`` reproduce
the headline bug and starlette-3458; ``ref`` is inconclusive.
"""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

from starlette_2093_check.action import Outcome, annotate, outputs, summary
from starlette_2093_check.github.workflow import Commands
from starlette_2093_check.model import Location, Report
from starlette_2093_check.policy.model import IgnoreRule, Policy
from starlette_2093_check.policy.rules import apply
from starlette_2093_check.report.links import Links
from starlette_2093_check.report.load import load_report
from starlette_2093_check.report.markdown import render_markdown
from starlette_2093_check.report.sarif import sarif_dict
from starlette_2093_check.report.text import render_text
from tests.conftest import flat
from tests.githubmd import read
from tests.unit.test_sarif import github_violations, schema_errors

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "sarif"
TODAY = date(2026, 12, 5)
SOURCE = ".github/starlette-check.yml"
SHA = "0123456789abcdef0123456789abcdef01234567"
LINKS = Links.of("https://github.example", "acme/shop", SHA)


def applied() -> Report:
    """``admin`` accepted until 2027-03-01, ``my app``'s starlette-3458 accepted without an end, an
    expired entry for ``my app``, a stale one, and one that covers only ``ref`` (inconclusive)."""
    report = load_report(json.loads((FIXTURES / "report.json").read_text(encoding="utf-8")))
    report = replace(report, errors=())
    rules = (
        IgnoreRule(
            "fastapi 0.96 upgrade planned | see *PLAT-12*",
            Location(SOURCE, 3),
            root="admin",
            until=date(2027, 3, 1),
        ),
        IgnoreRule("no slow clients here", Location(SOURCE, 7), pack="starlette-3458", root="my app"),
        IgnoreRule(
            "was waiting for a release",
            Location(SOURCE, 10),
            pack="starlette-2093",
            root="my app",
            until=date(2026, 11, 30),
        ),
        IgnoreRule("old service, removed", Location(SOURCE, 14), root="legacy/*"),
        IgnoreRule("vendored fork", Location(SOURCE, 17), root="ref"),
    )
    return apply(report, Policy(source=SOURCE, ignore=rules), TODAY)


def test_text_says_what_is_accepted_and_which_entries_to_look_at() -> None:
    text = flat(render_text(applied()))
    assert "2 projects" not in text and "3 projects: 2 reproduced" in text
    assert "; 3 findings accepted" in text  # admin's two, and my app's starlette-3458
    assert "[!!] REPRODUCED (accepted)" in text  # admin's row
    assert "[!!] REPRODUCED (expired)" in text  # my app's row: it counts again
    assert "policy: accepted until 2027-03-01: fastapi 0.96 upgrade planned | see *PLAT-12* " in text
    assert f"({SOURCE}:3)" in text
    assert "policy: acceptance expired on 2026-11-30: was waiting for a release" in text
    assert f"accepted: no slow clients here ({SOURCE}:7)" in text  # under my app's starlette-3458 line
    assert f"policy ({SOURCE}):" in text
    assert f"{SOURCE}:10: expired on 2026-11-30: my app (starlette-2093) count again" in text
    assert f"{SOURCE}:14: stale: it matches no finding; remove it" in text
    assert f"{SOURCE}:17: not applied: ref (starlette-2093)" in text


def test_the_comment_shows_each_acceptance_in_the_verdict_cell_and_collapses_the_entries() -> None:
    report = applied()
    page = read(render_markdown(report, links=LINKS))
    [table] = page.visible_tables
    cells = {row[0]: row[2] for row in table.rows}
    assert cells["admin"].startswith("❌ reproduced")
    assert "accepted until 2027-03-01: fastapi 0.96 upgrade planned | see *PLAT-12*" in cells["admin"]
    assert "starlette-3458: accepted: no slow clients here" in cells["my app"]
    assert "⏰ acceptance expired on 2026-11-30: was waiting for a release" in cells["my app"]
    assert "ref" in cells and "accepted" not in cells["ref"]  # inconclusive: never accepted
    # one line per finding: the cell breaks before each
    assert page.html.count("<br />") + page.html.count("<br>") >= 4
    summary_line = "Ignore entries to look at: 1 expired, 1 stale, 1 unconfirmed"
    assert summary_line in page.summaries
    assert "count again" not in page.visible_text()  # the entries are collapsed
    text = page.all_text()
    assert "stale: it matches no finding; remove it" in text
    # the entries link to their lines in the policy file
    assert (f"https://github.example/acme/shop/blob/{SHA}/{SOURCE}#L14", f"{SOURCE}:14", True) in page.links
    heading = page.headings[0][1]
    assert heading.endswith("reproduced in 2 of 3 project(s) (1 accepted by the policy)")
    assert page.open_details == 0


def test_the_step_summary_carries_the_same() -> None:
    page = read(summary(Outcome(applied(), None, None), None))
    assert "Ignore entries to look at: 1 expired, 1 stale, 1 unconfirmed" in page.summaries
    assert any("accepted until 2027-03-01" in row[2] for row in page.visible_tables[0].rows)


def test_sarif_suppresses_accepted_findings_for_code_scanning() -> None:
    doc = sarif_dict(applied())
    assert schema_errors(doc) == [] and github_violations(doc) == []
    results = doc["runs"][0]["results"]
    by = {(r["ruleId"], r["properties"]["root"]): r for r in results}
    admin = by[("starlette-2093", "admin")]
    assert admin["suppressions"] == [
        {
            "kind": "external",
            "status": "accepted",
            "justification": "fastapi 0.96 upgrade planned | see *PLAT-12*",
            "location": {
                "physicalLocation": {
                    "artifactLocation": {"uri": ".github/starlette-check.yml", "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": 3},
                }
            },
            "properties": {"until": "2027-03-01"},
        }
    ]
    assert by[("starlette-3458", "my app")]["suppressions"][0]["justification"] == "no slow clients here"
    expired = by[("starlette-2093", "my app")]
    assert "suppressions" not in expired  # the alert stands
    assert f"The ignore entry at {SOURCE}:10 expired on 2026-11-30." in expired["message"]["text"]
    assert "suppressions" not in by[("starlette-2093/inconclusive", "ref")]


def test_annotations_and_outputs() -> None:
    out = io.StringIO()
    report = applied()
    annotate(report, Commands(out))
    lines = out.getvalue().splitlines()
    admin = [line for line in lines if "admin: the bug reproduced" in line]
    assert admin and admin[0].startswith("::notice ") and "accepted until 2027-03-01" in admin[0]
    app = [line for line in lines if "my app: the bug reproduced" in line]
    assert app[0].startswith("::error ") and "acceptance expired" in app[0]
    assert any(
        line.startswith(f"::warning file={SOURCE},line=10,") and "expired on 2026-11-30" in line
        for line in lines
    )
    assert any(line.startswith(f"::notice file={SOURCE},line=14,") for line in lines)
    values = outputs(Outcome(report, None, None))
    # still truthful: the bug reproduced; three findings are accepted today (a fourth expired)
    assert (values["verdict"], values["reproduced"], values["accepted"]) == ("reproduced", "true", "3")
    assert outputs(Outcome(replace(report, policy=None), None, None))["accepted"] == "0"
