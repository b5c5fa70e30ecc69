"""What a pull request changes (``compare``): the states, the lead of the comment, the JSON contract
and ``fail-on: introduced``, on reports built by hand. The same on real scans against the fake
GitHub: tests/integration/test_pr_change.py."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from starlette_2093_check.cli import exit_code
from starlette_2093_check.compare import compare, unreadable, worse_roots
from starlette_2093_check.model import (
    Change,
    Location,
    Report,
    Resolution,
    RootChange,
    ScanError,
    Target,
    TargetResult,
    Verdict,
    VerdictStatus,
)
from starlette_2093_check.prbase import BaseUnreadable, base_commit
from starlette_2093_check.report.change import change
from starlette_2093_check.report.json_report import render_json
from starlette_2093_check.report.load import ReportFormatError, load_report
from starlette_2093_check.report.markdown import render_markdown
from tests.githubmd import read

R, N, UNSURE = VerdictStatus.REPRODUCED, VerdictStatus.NOT_REPRODUCED, VerdictStatus.INCONCLUSIVE
SHA = "0123456789abcdef0123456789abcdef01234567"


def result(
    root: str, status: VerdictStatus, version: str = "0.27.0", variant: str | None = None
) -> TargetResult:
    target = Target(root, "starlette", version, Location(f"{root}/requirements.txt", 1), (), Resolution.PIN)
    return TargetResult(replace(target, variant=variant), Verdict(status, f"{status.value} because"))


def report(*results: TargetResult, errors: tuple[ScanError, ...] = ()) -> Report:
    return Report(".", tuple(results), (), errors)


def states(head: Report, base: Report) -> dict[str, tuple[Change, str | None]]:
    return {r.root: (r.change, r.reason) for r in compare(head, base, "main", SHA).roots}


def test_the_four_states_and_a_root_that_only_exists_on_head() -> None:
    head = report(
        result("introduced", R),
        result("fixed", N, "0.29.0"),
        result("already", R),
        result("unchanged", N, "0.29.0"),
        result("new", R),
        result("new-safe", N, "0.29.0"),
    )
    base = report(
        result("introduced", N, "0.29.0"),
        result("fixed", R),
        result("already", R),
        result("unchanged", N, "0.29.0"),
        result("removed", R),
    )
    assert {k: c for k, (c, _) in states(head, base).items()} == {
        "introduced": Change.INTRODUCED,
        "fixed": Change.FIXED,
        "already": Change.ALREADY,
        "unchanged": Change.UNCHANGED,
        "new": Change.INTRODUCED,  # absent on the base, reproduced on head
        "new-safe": Change.UNCHANGED,
        "removed": Change.FIXED,  # the pull request removes the project that had the bug
    }


def test_inconclusive_on_either_side_is_unknown_never_unchanged() -> None:
    head = report(result("a", UNSURE), result("b", N, "0.29.0"), result("c", R))
    base = report(result("a", N, "0.29.0"), result("b", UNSURE), result("c", UNSURE))
    got = states(head, base)
    assert got["a"] == (Change.UNKNOWN, "could not be checked on this pull request: inconclusive because")
    assert got["b"] == (Change.UNKNOWN, "could not be checked on the base branch: inconclusive because")
    assert got["c"][0] is Change.UNKNOWN


def test_a_root_missing_where_its_manifest_could_not_be_read_is_unknown() -> None:
    unread = (ScanError("svc/requirements.txt", "invalid requirement", 3),)
    got = states(report(result("svc", R)), report(errors=unread))
    assert got["svc"] == (
        Change.UNKNOWN,
        "not found on the base branch, where a manifest of it could not be read",
    )
    got = states(report(errors=unread), report(result("svc", R)))
    assert got["svc"][0] is Change.UNKNOWN  # not "fixed": the head's manifest was not read


def test_variants_are_compared_separately() -> None:
    head = report(result("api", N, "0.29.0"), result("api", R, variant="extra:web"))
    base = report(result("api", N, "0.29.0"), result("api", N, "0.29.0", variant="extra:web"))
    roots = compare(head, base, "main", SHA).roots
    assert [(r.root, r.variant, r.change) for r in roots] == [
        ("api", None, Change.UNCHANGED),
        ("api", "extra:web", Change.INTRODUCED),
    ]


def test_an_unreadable_base_makes_every_root_unknown_with_the_reason() -> None:
    head = report(result("a", R), result("b", N, "0.29.0"))
    c = unreadable(head, "main", SHA, "GitHub answered HTTP 502")
    assert c.error == "GitHub answered HTTP 502"
    assert {r.change for r in c.roots} == {Change.UNKNOWN}
    assert all(r.reason == "the base branch could not be checked: GitHub answered HTTP 502" for r in c.roots)


@pytest.mark.parametrize(
    "event",
    [
        {},
        {"pull_request": {"base": {"ref": "main"}}},
        {"pull_request": {"base": {"sha": "main", "ref": "main"}}},
        {"pull_request": {"base": {"sha": "../../etc", "ref": "main"}}},
        {"pull_request": {"base": {"sha": SHA.upper(), "ref": "main"}}},
    ],
)
def test_the_base_commit_must_be_a_git_object_id(event: dict[str, object]) -> None:
    with pytest.raises(BaseUnreadable, match="names no base commit"):
        base_commit(event)


def test_the_base_commit_and_branch_from_the_event() -> None:
    assert base_commit({"pull_request": {"base": {"sha": SHA, "ref": "main"}}}) == ("main", SHA)
    assert base_commit({"pull_request": {"base": {"sha": SHA, "ref": "a\nb"}}}) == ("", SHA)


def with_change(head: Report, base: Report) -> Report:
    return replace(head, comparison=compare(head, base, "main", SHA))


def test_fail_on_introduced_fails_only_when_the_pull_request_makes_it_worse() -> None:
    introduced = with_change(report(result("a", R)), report(result("a", N, "0.29.0")))
    already = with_change(report(result("a", R)), report(result("a", R)))
    fixed = with_change(report(result("a", N, "0.29.0")), report(result("a", R)))
    new_inconclusive = with_change(report(result("a", UNSURE)), report(result("a", N, "0.29.0")))
    base_unknown = replace(already, comparison=unreadable(already, "main", SHA, "HTTP 502"))
    assert exit_code(introduced, "introduced") == 1
    assert exit_code(already, "introduced") == 0
    assert exit_code(already, "reproduced") == 1  # the same report under the default
    assert exit_code(fixed, "introduced") == 0
    assert exit_code(new_inconclusive, "introduced") == 0  # documented: inconclusive is not "worse"
    assert exit_code(new_inconclusive, "inconclusive") == 1
    # The base could not be checked: what reproduces on head may be new, so it fails.
    assert exit_code(base_unknown, "introduced") == 1
    assert worse_roots(base_unknown) == {("a", None)}
    # No comparison (not a pull request): introduced is reproduced.
    assert worse_roots(report(result("a", R))) is None
    assert exit_code(report(result("a", R)), "introduced") == 1


def test_the_comparison_round_trips_through_the_json_contract() -> None:
    rep = with_change(
        report(result("a", R), result("b", UNSURE), result("c", R, variant="group:dev")),
        report(result("a", N, "0.29.0"), result("b", R)),
    )
    data = json.loads(render_json(rep))
    assert data["comparison"]["base"] == {"ref": "main", "sha": SHA}
    assert data["comparison"]["roots"][0] == {
        "root": "a",
        "variant": None,
        "change": "introduced",
        "head": "reproduced",
        "base": "not_reproduced",
        "head_version": "0.27.0",
        "base_version": "0.29.0",
        "reason": None,
    }
    assert load_report(data).comparison == rep.comparison
    # Reports without it (older ones, other events) still load, with none.
    del data["comparison"]
    assert load_report(data).comparison is None
    assert "comparison" not in json.loads(render_json(report(result("a", R))))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("change", "fine", "report.comparison.roots[0].change: unknown value"),
        ("root", "../etc", "report.comparison.roots[0].root: expected a relative POSIX path"),
        ("head", "safe", "report.comparison.roots[0].head: unknown verdict"),
        ("reason", "two\nlines", "report.comparison.roots[0].reason: expected one line"),
    ],
)
def test_a_forged_comparison_in_a_report_file_is_refused(field: str, value: str, message: str) -> None:
    rep = with_change(report(result("a", R)), report())
    data = json.loads(render_json(rep))
    data["comparison"]["roots"][0][field] = value
    with pytest.raises(ReportFormatError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_report(data)


def test_the_comment_leads_with_the_change() -> None:
    head = report(
        result("svc", R), result("web", R), result("admin", N, "0.29.0"), result("ops", N, "0.29.0")
    )
    base = report(
        result("svc", N, "0.29.0"), result("web", R), result("admin", R), result("ops", N, "0.29.0")
    )
    page = read(render_markdown(with_change(head, base)))
    lines = [line.strip() for line in page.visible_text().strip().split("\n") if line.strip()]
    assert lines[0] == "❌ Starlette #2093 check: reproduced in 2 of 4 project(s)"
    assert lines[1] == "This pull request introduces the bug in svc (0.29.0 on main → 0.27.0)."
    assert lines[2] == "This pull request fixes it in admin (0.27.0 on main → 0.29.0)."
    assert lines[3] == "Already on main: web (0.27.0); this pull request does not change that."
    assert lines[4] == "Unchanged, not reproduced on either side: ops."


def test_the_lead_says_when_the_base_could_not_be_compared() -> None:
    head = report(result("svc", R))
    page = read(
        render_markdown(replace(head, comparison=unreadable(head, "main", SHA, "GitHub answered HTTP 502")))
    )
    text = page.visible_text()
    assert (
        "Not compared with main: GitHub answered HTTP 502. What this pull request changes is unknown" in text
    )
    assert "Unchanged" not in text
    unknown = with_change(report(result("svc", UNSURE)), report(result("svc", R)))
    text = read(render_markdown(unknown)).visible_text()
    assert "Could not compare with main (not known to be unchanged):" in text
    assert "svc: could not be checked on this pull request: inconclusive because" in text


def test_the_lead_stays_short_with_many_roots_and_escapes_report_text() -> None:
    roots = [RootChange(f"r{i}", Change.INTRODUCED, R, None, "0.27.0") for i in range(40)]
    from starlette_2093_check.model import Comparison

    lead = change(Comparison("main", SHA, tuple(roots)))
    assert lead.count("\n") == 0 and "35 more" in lead
    forged = Comparison("*evil* @team", SHA, (RootChange("svc", Change.INTRODUCED, R, None, "0.27.0"),))
    assert "`*evil* @team`" in change(forged)
    assert change(None) == ""
