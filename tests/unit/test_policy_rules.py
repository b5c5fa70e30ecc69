"""The policy's ignore entries, pack choice and per-pack fail-on, applied to a real report.

The report is ``tests/fixtures/sarif/report.json`` (a real scan): ``admin`` (starlette 0.26.1) and
``my app`` (0.27.0) reproduce the headline bug and starlette-3458; ``ref`` is inconclusive; one file
could not be read. The date is injected: nothing here depends on the day the tests run.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from starlette_2093_check.cli import EXIT_FOUND, EXIT_OK, exit_code
from starlette_2093_check.model import Location, Report, RuleState
from starlette_2093_check.packs import builtin_packs
from starlette_2093_check.policy.model import IgnoreRule, PackRules, Policy
from starlette_2093_check.policy.rules import (
    apply,
    failures,
    root_matches,
    select_packs,
    version_matches,
)
from starlette_2093_check.report.json_report import render_json
from starlette_2093_check.report.load import load_report

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "sarif"
TODAY = date(2026, 12, 5)
SOURCE = ".github/starlette-check.yml"


def real_report() -> Report:
    report = load_report(json.loads((FIXTURES / "report.json").read_text(encoding="utf-8")))
    return replace(report, errors=())  # the unreadable file is tested on its own below


def rule(line: int, reason: str = "tolerated", **fields: object) -> IgnoreRule:
    return IgnoreRule(reason=reason, location=Location(SOURCE, line), **fields)  # type: ignore[arg-type]


def policy(*rules: IgnoreRule, packs: PackRules | None = None) -> Policy:
    return Policy(source=SOURCE, ignore=rules, packs=packs or PackRules())


def states(report: Report) -> list[RuleState]:
    assert report.policy is not None
    return [r.state for r in report.policy.rules]


def test_without_a_policy_the_exit_code_is_what_it_was() -> None:
    report = real_report()
    assert apply(report, Policy(), TODAY).policy is None
    assert exit_code(report, "reproduced") == EXIT_FOUND
    assert exit_code(report, "never") == EXIT_OK


@pytest.mark.parametrize(
    ("until", "state", "code"),
    [
        (TODAY - timedelta(days=1), RuleState.EXPIRED, EXIT_FOUND),  # yesterday: it counts again
        (TODAY, RuleState.ACCEPTED, EXIT_OK),  # `until` is the last day it holds
        (TODAY + timedelta(days=1), RuleState.ACCEPTED, EXIT_OK),
        (None, RuleState.ACCEPTED, EXIT_OK),
    ],
)
def test_an_entry_holds_until_its_last_day(until: date | None, state: RuleState, code: int) -> None:
    report = apply(
        real_report(), policy(rule(3, "waiting for fastapi", pack="starlette-2093", until=until)), TODAY
    )
    assert states(report) == [state]
    assert exit_code(report, "reproduced") == code
    assert report.policy is not None
    [admin, app] = [a for a in report.policy.findings]
    assert (admin.root, admin.pack, admin.expired) == ("admin", "starlette-2093", state is RuleState.EXPIRED)
    assert app.root == "my app"
    # The verdict itself is untouched: the finding is still "reproduced" everywhere.
    assert [t.verdict.status.value for t in report.targets] == ["reproduced", "reproduced", "inconclusive"]
    shown = admin.shown()
    if until is None:
        assert shown == "accepted: waiting for fastapi"
    elif state is RuleState.ACCEPTED:
        assert shown == f"accepted until {until.isoformat()}: waiting for fastapi"
    else:
        assert shown == f"acceptance expired on {until.isoformat()}: waiting for fastapi"


def test_one_root_accepted_the_other_still_fails() -> None:
    report = apply(real_report(), policy(rule(3, root="admin")), TODAY)
    assert states(report) == [RuleState.ACCEPTED]
    assert failures(report, "reproduced") == ["my app (starlette-2093): reproduced"]


def test_an_entry_that_matches_nothing_is_stale_and_fails_nothing() -> None:
    accepted = rule(3, pack="starlette-2093")
    stale = [
        rule(7, pack="starlette-2688", root="admin"),  # ran there, did not reproduce
        rule(9, root="services/*"),  # no such root
        rule(11, version=">=0.29"),  # both reproduce below the fixed release
    ]
    report = apply(real_report(), policy(accepted, *stale), TODAY)
    assert states(report) == [RuleState.ACCEPTED, RuleState.STALE, RuleState.STALE, RuleState.STALE]
    assert report.policy is not None and [str(r.rule) for r in report.policy.rules[1:]] == [
        f"{SOURCE}:7",
        f"{SOURCE}:9",
        f"{SOURCE}:11",
    ]
    assert exit_code(report, "reproduced") == EXIT_OK


def test_an_inconclusive_result_is_never_accepted() -> None:
    report = apply(real_report(), policy(rule(3, root="ref")), TODAY)
    assert states(report) == [RuleState.UNCONFIRMED]  # not stale: the finding may be there
    assert report.policy is not None and report.policy.findings == ()
    assert report.policy.rules[0].matched[0] == "ref (starlette-2093)"
    assert "ref (starlette-2093): inconclusive" in failures(report, "inconclusive")


@pytest.mark.parametrize(
    ("wanted", "version", "matches"),
    [
        ("0.27.0", "0.27.0", True),
        ("0.27", "0.27.0", True),  # an exact version, compared as versions
        ("0.27.1", "0.27.0", False),
        ("<0.29", "0.27.0", True),
        ("<0.29", "0.28.0rc1", True),  # pre-releases are versions like the others here
        (">=0.26,<0.27", "0.26.1", True),
        ("~=0.27.0", "0.27.5", True),
        ("~=0.27.0", "0.28.0", False),
        ("==0.27.*", "0.27.2", True),
        ("not a version", "0.27.0", False),
        ("<0.29", "unknown", False),  # a target whose version could not be read
    ],
)
def test_versions_exact_or_pep440_specifiers(wanted: str, version: str, matches: bool) -> None:
    assert version_matches(wanted, version) is matches


def test_version_entries_on_the_real_report() -> None:
    report = apply(real_report(), policy(rule(3, version="0.26.1"), rule(5, version="<0.27")), TODAY)
    assert states(report) == [RuleState.ACCEPTED, RuleState.ACCEPTED]
    assert report.policy is not None
    assert {(a.root, a.pack) for a in report.policy.findings} == {
        ("admin", "starlette-2093"),
        ("admin", "starlette-3458"),
    }


@pytest.mark.parametrize(
    ("pattern", "root", "matches"),
    [
        ("services/*", "services/api", True),
        ("services/*", "services", False),
        ("services/*", "services/api/v2", True),  # fnmatch: * crosses /
        (".", ".", True),
        (".", "api", False),
        ("*", ".", True),
        ("./services/api/", "services/api", True),  # written with ./ and a trailing /
        ("my app", "my app", True),
        ("services/[ab]*", "services/api", True),
        ("Services/*", "services/api", False),  # case matters, as in the paths
    ],
)
def test_root_globs(pattern: str, root: str, matches: bool) -> None:
    assert root_matches(pattern, root) is matches


def test_pack_ids_choose_the_finding_and_per_pack_fail_on_can_fail_the_step() -> None:
    report = real_report()
    # starlette-3458 reproduced in both roots, but a neighbour never fails the step by default.
    assert exit_code(report, "never") == EXIT_OK
    strict = PackRules(fail_on={"starlette-3458": "reproduced"})
    failing = apply(report, policy(packs=strict), TODAY)
    assert exit_code(failing, "never") == EXIT_FOUND  # the headline's input says never: the neighbour fails
    assert failures(failing, "never") == [
        "admin (starlette-3458): reproduced",
        "my app (starlette-3458): reproduced",
    ]
    accepted = apply(report, policy(rule(4, pack="starlette-3458"), packs=strict), TODAY)
    assert exit_code(accepted, "never") == EXIT_OK
    assert exit_code(accepted, "reproduced") == EXIT_FOUND  # the headline itself is not accepted
    # The headline's fail-on is the input's: an entry for it in packs.fail-on is not used, so an
    # input given to the step always wins (select_packs reports the entry at its line).
    quiet = apply(report, policy(packs=PackRules(fail_on={"starlette-2093": "never"})), TODAY)
    assert exit_code(quiet, "reproduced") == EXIT_FOUND


def test_unreadable_files_fail_only_under_inconclusive() -> None:
    with_errors = load_report(json.loads((FIXTURES / "report.json").read_text(encoding="utf-8")))
    everything = apply(with_errors, policy(rule(3)), TODAY)  # every finding accepted
    assert exit_code(everything, "reproduced") == EXIT_OK
    assert "1 file(s) could not be read or resolved" in failures(everything, "inconclusive")


def test_a_report_file_cannot_bring_its_own_acceptances() -> None:
    accepted = apply(real_report(), policy(rule(3)), TODAY)
    written = json.loads(render_json(accepted))
    assert written["policy"]["findings"][0]["state"] == "accepted"  # written for scripts to read
    assert written["policy"]["entries"][0] == {
        "file": SOURCE,
        "line": 3,
        "state": "accepted",
        "reason": "tolerated",
        "until": None,
        "matched": [
            "admin (starlette-2093)",
            "admin (starlette-3458)",
            "my app (starlette-2093)",
            "my app (starlette-3458)",
        ],
    }
    # ... but never read back: the publisher's own policy (here: none) decides.
    loaded = load_report(written)
    assert loaded.policy is None
    assert exit_code(loaded, "reproduced") == EXIT_FOUND
    assert exit_code(apply(loaded, Policy(), TODAY), "reproduced") == EXIT_FOUND
    # Old reports (no "policy" key) load as before.
    del written["policy"]
    assert load_report(written).targets == loaded.targets


def test_packs_run_keeps_the_named_ones_and_always_the_headline() -> None:
    packs = list(builtin_packs())
    where = {("run", ""): Location(SOURCE, 4), ("run", "starlette-9999"): Location(SOURCE, 6)}
    chosen, errors = select_packs(packs, PackRules(run=("starlette-1438",), locations=where), SOURCE)
    assert [p.id for p in chosen] == ["starlette-2093", "starlette-1438"]
    assert [(e.file, e.line) for e in errors] == [(SOURCE, 4)]
    assert "starlette-2093 always runs" in errors[0].message

    chosen, errors = select_packs(
        packs, PackRules(run=("starlette-2093", "starlette-9999"), locations=where), SOURCE
    )
    assert [p.id for p in chosen] == ["starlette-2093"]
    [unknown] = errors
    assert (unknown.file, unknown.line) == (SOURCE, 6)
    assert "no pack has the id 'starlette-9999'" in unknown.message
    assert "starlette-1438" in unknown.message  # the ids that exist are named

    chosen, errors = select_packs(packs, PackRules(fail_on={"nope": "reproduced"}), SOURCE)
    assert len(chosen) == 4 and errors[0].message.startswith("packs.fail-on: no pack has the id 'nope'")
    assert errors[0].line is None  # no location recorded: the file alone is named

    headline = {("fail-on", "starlette-2093"): Location(SOURCE, 9)}
    _, errors = select_packs(
        packs, PackRules(fail_on={"starlette-2093": "never"}, locations=headline), SOURCE
    )
    [entry] = errors
    assert (entry.file, entry.line) == (SOURCE, 9)
    assert "is the `fail-on` input" in entry.message and "not used" in entry.message
