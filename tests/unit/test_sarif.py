"""SARIF on a real report (tests/fixtures/sarif/report.json): valid against the SARIF 2.1.0 schema
(vendored, draft-04) and against the ingestion rules of GitHub code scanning that apply to it
(docs: "SARIF support for code scanning"): rules with descriptions and help, ids and names of at
most 255 characters, one relative, percent-encoded location per result with ``startLine`` >= 1,
string fingerprints, at most 25,000 results per run."""

from __future__ import annotations

import hashlib
import json
import re
import urllib.parse
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator

import starlette_2093_check
from starlette_2093_check.model import PackVerdict, Report, ScanError, Verdict, VerdictStatus
from starlette_2093_check.report.common import rebase
from starlette_2093_check.report.load import load_report
from starlette_2093_check.report.sarif import MAX_RESULTS, SARIF_SCHEMA, render_sarif, sarif_dict

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "sarif"
SCHEMA = json.loads((FIXTURES / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"
REPORT = load_report(json.loads((FIXTURES / "report.json").read_text(encoding="utf-8")))


def schema_errors(doc: dict[str, Any]) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in Draft4Validator(SCHEMA).iter_errors(doc)]


def _relative_uri(uri: str) -> bool:
    """A relative reference to a path inside the repository, percent-encoded (no spaces, no
    scheme, no leading slash), as code scanning matches it against the files committed."""
    parsed = urllib.parse.urlsplit(uri)
    return (
        bool(uri)
        and not parsed.scheme
        and not parsed.netloc
        and not uri.startswith("/")
        and re.fullmatch(r"[A-Za-z0-9._~/%!$&'()*+,;=:@-]+", uri) is not None
        and ".." not in urllib.parse.unquote(uri).split("/")
    )


def github_violations(doc: dict[str, Any]) -> list[str]:
    """Where ``doc`` breaks a rule of GitHub's SARIF ingestion that our output is subject to."""
    out: list[str] = []
    if doc.get("$schema") != SARIF_SCHEMA or doc.get("version") != "2.1.0":
        out.append("$schema / version")
    runs = doc["runs"]
    if not 1 <= len(runs) <= 20:
        out.append("runs per file")
    for run in runs:
        driver = run["tool"]["driver"]
        if not driver.get("name"):
            out.append("tool.driver.name")
        rules = driver["rules"]
        ids = [r["id"] for r in rules]
        if len(ids) != len(set(ids)) or len(rules) > 25_000:
            out.append("rule ids unique, at most 25,000 rules")
        for rule in rules:
            where = f"rule {rule.get('id')!r}"
            if not rule.get("id") or len(rule["id"]) > 255 or len(rule.get("name", "")) > 255:
                out.append(f"{where}: id / name (1..255 characters)")
            for key in ("shortDescription", "fullDescription"):
                text = rule.get(key, {}).get("text", "")
                if not text or len(text) > 1024:
                    out.append(f"{where}: {key}.text (1..1024 characters)")
            if not rule.get("help", {}).get("text") or not rule["help"].get("markdown"):
                out.append(f"{where}: help.text and help.markdown")
            if len(rule.get("properties", {}).get("tags", [])) > 20:
                out.append(f"{where}: at most 20 tags")
        results = run["results"]
        if len(results) > MAX_RESULTS:
            out.append("results per run")
        for n, result in enumerate(results):
            where = f"result {n}"
            if result["ruleId"] not in ids or ids[result["ruleIndex"]] != result["ruleId"]:
                out.append(f"{where}: ruleId / ruleIndex")
            if result.get("level") not in ("error", "warning", "note"):
                out.append(f"{where}: level")
            if not result["message"].get("text"):
                out.append(f"{where}: message.text")
            locations = result.get("locations", [])
            if not 1 <= len(locations) <= 10:
                out.append(f"{where}: 1..10 locations")
            for location in [*locations, *result.get("relatedLocations", [])]:
                physical = location["physicalLocation"]
                if not _relative_uri(physical["artifactLocation"]["uri"]):
                    out.append(f"{where}: artifactLocation.uri {physical['artifactLocation']['uri']!r}")
                line = physical["region"].get("startLine")
                if not isinstance(line, int) or line < 1:
                    out.append(f"{where}: region.startLine")
            prints = result.get("partialFingerprints", {})
            if not prints or not all(isinstance(v, str) and v for v in prints.values()):
                out.append(f"{where}: partialFingerprints")
            if "primaryLocationLineHash" in prints:  # upload-sarif computes it from the line itself
                out.append(f"{where}: primaryLocationLineHash is set")
    return out


def test_the_vendored_schema_is_the_recorded_file() -> None:
    data = (FIXTURES / "sarif-schema-2.1.0.json").read_bytes()
    assert hashlib.sha256(data).hexdigest() == SCHEMA_SHA256
    assert SCHEMA_SHA256 in (FIXTURES / "README.md").read_text(encoding="utf-8")
    Draft4Validator.check_schema(SCHEMA)
    assert SCHEMA["id"] == SARIF_SCHEMA


def test_the_checks_catch_what_github_refuses() -> None:
    """The validators themselves: a broken document is reported, field by field."""
    doc = sarif_dict(REPORT)
    run = doc["runs"][0]
    del run["tool"]["driver"]["rules"][1]["help"]
    run["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] = "/abs/my app"
    assert {"rule 'starlette-2093/inconclusive': help.text and help.markdown"} <= set(github_violations(doc))
    assert any("startLine" in v for v in github_violations(doc))
    assert any("artifactLocation.uri" in v for v in github_violations(doc))
    assert schema_errors(doc)  # startLine 0 is below the schema's minimum too


REPORTS = {
    "real": REPORT,
    "rebased": rebase(REPORT, "services/shop"),
    "empty": Report(".", (), (), ()),
    "errors only": Report(
        ".", (), ("a.txt",), (ScanError("a.txt", "bad", None), ScanError("b/c d.toml", "x", 3))
    ),
}


@pytest.mark.parametrize("name", REPORTS)
def test_sarif_is_valid_for_the_schema_and_for_code_scanning(name: str) -> None:
    doc = json.loads(render_sarif(REPORTS[name]))
    assert schema_errors(doc) == []
    assert github_violations(doc) == []


def test_every_rule_says_what_the_bug_is_how_to_fix_it_and_links_it() -> None:
    custom = PackVerdict(
        pack="acme-stream",
        title="A streaming response stalls",
        fixed_in="1.0",
        verdict=Verdict(VerdictStatus.REPRODUCED, "stalled"),
        custom=True,
        source=".github/starlette-packs/streaming/card.yaml",
    )
    first = REPORT.targets[0]
    report = replace(REPORT, targets=(replace(first, packs=(*first.packs, custom)), *REPORT.targets[1:]))
    doc = sarif_dict(report)
    rules = {r["id"]: r for r in doc["runs"][0]["tool"]["driver"]["rules"]}
    assert set(rules) == {
        "starlette-2093",
        "starlette-2093/inconclusive",
        "starlette-3458",
        "acme-stream",
        "starlette-2093/unread",
    }
    headline = rules["starlette-2093"]["help"]
    assert "keep-alive" in headline["text"] and "0.29.0 or later" in headline["text"]
    assert "https://github.com/Kludex/starlette/issues/2093" in headline["text"]
    assert "**How to fix:**" in headline["markdown"]
    assert "(https://github.com/Kludex/starlette/pull/2194)" in headline["markdown"]
    assert "https://github.com/Kludex/starlette/issues/3458" in rules["starlette-3458"]["help"]["markdown"]
    # A custom card is the repository's text: its rule gets our words, and no link of the card's.
    assert "custom pack" in rules["acme-stream"]["help"]["text"] and "helpUri" not in rules["acme-stream"]
    assert schema_errors(doc) == [] and github_violations(doc) == []


def test_manifest_errors_are_notes_at_their_file_and_line() -> None:
    run = sarif_dict(REPORT)["runs"][0]
    [note] = [r for r in run["results"] if r["level"] == "note"]
    assert note["ruleId"] == "starlette-2093/unread"
    location = note["locations"][0]["physicalLocation"]
    assert (location["artifactLocation"]["uri"], location["region"]["startLine"]) == (
        "broken/pyproject.toml",
        5,
    )
    assert note["message"]["text"].startswith(
        "broken/pyproject.toml:5: invalid TOML at line 5: Unclosed array."
    )
    assert "not known to be safe" in note["message"]["text"]
    # A file with no line is located at its first line.
    [no_line] = sarif_dict(REPORTS["errors only"])["runs"][0]["results"][:1]
    assert no_line["locations"][0]["physicalLocation"]["region"]["startLine"] == 1


def test_the_tool_is_named_with_its_version() -> None:
    driver = sarif_dict(REPORT)["runs"][0]["tool"]["driver"]
    assert (
        driver["name"] == starlette_2093_check.NAME and driver["version"] == starlette_2093_check.__version__
    )
    assert driver["informationUri"].startswith("https://")


def test_paths_are_relative_percent_encoded_uris() -> None:
    results = sarif_dict(rebase(REPORT, "services/shop"))["runs"][0]["results"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert "services/shop/my%20app/requirements.txt" in uris
    assert (
        urllib.parse.unquote("services/shop/my%20app/requirements.txt")
        == "services/shop/my app/requirements.txt"
    )
    odd = Report(".", (), (), (ScanError("dé#p/100%.txt", "bad", 2),))
    [result] = sarif_dict(odd)["runs"][0]["results"]
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "d%C3%A9%23p/100%25.txt" and urllib.parse.unquote(uri) == "dé#p/100%.txt"


def test_the_message_gives_the_minimal_fix_first_and_what_latest_would_do() -> None:
    results = sarif_dict(REPORT)["runs"][0]["results"]
    [admin] = [r for r in results if r["ruleId"] == "starlette-2093" and r["properties"]["root"] == "admin"]
    text = admin["message"]["text"]
    assert "change admin/requirements.txt:2 to `fastapi==0.108.0`" in text
    assert "Verified: on starlette 0.32.0.post1" in text
    assert "still has known advisories: CVE-2024-47874" in text
    assert "`scan --fix=latest` applies it" in text and "and clears them" in text


def test_no_more_results_than_code_scanning_accepts_the_most_severe_kept() -> None:
    many = tuple(ScanError(f"pkgs/p{n}/requirements.txt", "bad line", 1) for n in range(MAX_RESULTS + 5))
    report = replace(REPORT, errors=many)
    run = sarif_dict(report)["runs"][0]
    assert len(run["results"]) == MAX_RESULTS
    levels = [r["level"] for r in run["results"]]
    assert levels.count("error") == 2 and levels.count("warning") == 3  # every target result kept
    assert run["properties"]["results_left_out"] == len(many) + 5 - MAX_RESULTS  # notes only


def test_repository_text_cannot_make_a_link_in_a_message() -> None:
    report = Report(
        ".", (), (), (ScanError("a/requirements.txt", "see [the docs](https://evil.invalid) now", 1),)
    )
    [result] = sarif_dict(report)["runs"][0]["results"]
    assert (
        "](" not in result["message"]["text"]
        and "[the docs] (https://evil.invalid)" in result["message"]["text"]
    )


def test_fingerprints_are_stable_and_distinct() -> None:
    first, again = sarif_dict(REPORT)["runs"][0]["results"], sarif_dict(REPORT)["runs"][0]["results"]
    prints = [json.dumps(r["partialFingerprints"], sort_keys=True) for r in first]
    assert prints == [json.dumps(r["partialFingerprints"], sort_keys=True) for r in again]
    assert len(set(prints)) == len(prints)
