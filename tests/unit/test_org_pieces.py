"""The pure parts of organisation scans: shards, the merge, the rate gate, the report's JSON."""

from __future__ import annotations

import itertools
import json
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from starlette_2093_check.model import (
    ComboRun,
    OrgReport,
    RepoResult,
    Report,
    RepoStatus,
    ScanError,
    Verdict,
    VerdictStatus,
)
from starlette_2093_check.org.api import RateGate, RateLimitTooLong
from starlette_2093_check.org.merge import MergeError, in_shard, merge, parse_shard
from starlette_2093_check.report.load import ReportFormatError
from starlette_2093_check.report.org import load_org, render_org_json, render_org_markdown, unchecked
from tests.conftest import HEADLINE
from tests.githubmd import read
from tests.unit.test_reports import EVIDENCE, reproduced

AFFECTED = Report("acme/api", (reproduced(None),), ("svc/requirements.txt",), ())


def scanned(name: str, tree: str = "t1", report: Report = AFFECTED) -> RepoResult:
    return RepoResult(name, RepoStatus.SCANNED, None, "main", tree, report, api_calls=3)


def skipped(name: str, reason: str) -> RepoResult:
    return RepoResult(name, RepoStatus.SKIPPED, reason)


RUN = ComboRun("0.27.0", None, "cpython-3.11.7", VerdictStatus.REPRODUCED, cached=False)
COMMIT = "0123456789abcdef0123456789abcdef01234567"
SERVER = "https://github.example"


# -- shards ---------------------------------------------------------------------------------------


@given(
    st.lists(st.from_regex(r"[a-z]{1,8}/[a-z0-9_.-]{1,12}", fullmatch=True), max_size=40), st.integers(1, 9)
)
def test_every_repository_is_in_exactly_one_shard(names: list[str], n: int) -> None:
    for name in names:
        assert sum(in_shard(name, (k, n)) for k in range(1, n + 1)) == 1
        assert in_shard(name, None)


def test_a_shard_is_decided_by_the_name_alone_whatever_its_case() -> None:
    shard = next(k for k in range(1, 5) if in_shard("acme/api", (k, 4)))
    assert in_shard("Acme/API", (shard, 4))
    # Spread: 400 names over 4 shards, none of them empty or holding more than half.
    sizes = [sum(in_shard(f"acme/svc{i}", (k, 4)) for i in range(400)) for k in range(1, 5)]
    assert sum(sizes) == 400 and min(sizes) > 50 and max(sizes) < 200


@pytest.mark.parametrize(
    ("text", "message"), [("3", "must be K/N"), ("0/4", "between 1 and N"), ("5/4", "between")]
)
def test_a_bad_shard_says_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_shard(text)
    assert parse_shard(" 2 / 8 ") == (2, 8)


# -- merge ----------------------------------------------------------------------------------------


def test_the_merge_is_the_same_in_any_order_and_sorted() -> None:
    one = OrgReport("acme", "1/2", (scanned("acme/web"), skipped("acme/old", "archived")), (RUN,), 10)
    two = OrgReport("acme", "2/2", (scanned("acme/api"),), (RUN, replace(RUN, starlette="0.29.0")), 5)
    outputs = {render_org_json(merge(order)) for order in itertools.permutations([one, two])}
    assert len(outputs) == 1
    merged = merge([one, two])
    assert [r.repo for r in merged.repos] == ["acme/api", "acme/old", "acme/web"]
    assert [r.starlette for r in merged.runs] == ["0.27.0", "0.29.0"] and merged.api_calls == 15
    assert merged.shard is None and merged.org == "acme"


def test_a_repository_in_two_reports_keeps_the_scan_and_a_run_keeps_the_worse_verdict() -> None:
    a = OrgReport("acme", None, (skipped("acme/api", "GitHub answered HTTP 502: Bad Gateway"),), (RUN,))
    b = OrgReport(
        "acme", None, (scanned("acme/api"),), (replace(RUN, verdict=VerdictStatus.INCONCLUSIVE, cached=True),)
    )
    for order in ([a, b], [b, a]):
        merged = merge(order)
        assert merged.repos[0].status is RepoStatus.SCANNED
        assert merged.runs[0].verdict is VerdictStatus.REPRODUCED  # an inconclusive run is never a pass


def test_a_shard_that_did_not_report_is_said_and_never_read_as_clean() -> None:
    from starlette_2093_check.org.action import org_verdict

    one = OrgReport("acme", "1/3", (scanned("acme/api", report=Report("acme/api", (), (), ())),), ())
    three = OrgReport("acme", "3/3", (), ())
    merged = merge([three, one])
    assert merged.missing_shards == ("2/3",)
    assert org_verdict(merged) == "inconclusive"  # nothing reproduced, but a third was not looked at
    assert "> Shard 2/3 did not report" in render_org_markdown(merged)
    again = load_org(json.loads(render_org_json(merged)))
    assert again.missing_shards == ("2/3",) and merge([again]).missing_shards == ("2/3",)
    with pytest.raises(MergeError, match="cut 3 and 4 ways"):
        merge([one, OrgReport("acme", "2/4", (), ())])


def test_reports_of_different_organisations_do_not_merge() -> None:
    with pytest.raises(MergeError, match="different organisations"):
        merge([OrgReport("acme", None, (), ()), OrgReport("other", None, (), ())])


# -- the JSON, read back --------------------------------------------------------------------------


def test_the_json_reads_back_to_the_same_report() -> None:
    report = OrgReport("acme", "1/3", (scanned("acme/api"), skipped("acme/x", "empty repository")), (RUN,), 4)
    text = render_org_json(report)
    assert render_org_json(load_org(json.loads(text))) == text
    data = json.loads(text)
    assert data["summary"] == {
        "missing_shards": [],
        "repositories": 2,
        "scanned": 1,
        "skipped": 1,
        "unchecked": 0,
        "reproduced_repositories": 1,
        "projects": {"reproduced": 1, "not_reproduced": 0, "inconclusive": 0},
        "repro_runs": 1,
        "api_calls": 4,
    }


@pytest.mark.parametrize(
    ("mutate", "where"),
    [
        (lambda d: d.update(kind="repository"), "report.kind"),
        (lambda d: d["repos"][0].update(status="fine"), r"report.repos\[0\].status"),
        (lambda d: d["repos"][0]["targets"][0].update(verdict="safe"), r"report.repos\[0\]: report.targets"),
        (lambda d: d["runs"][0].update(verdict="maybe"), r"report.runs\[0\].verdict"),
        (lambda d: d["repos"][0].update(commit="../../evil.example"), r"report.repos\[0\].commit"),
        (lambda d: d["repos"][0].update(commit=COMMIT.upper()), r"report.repos\[0\].commit"),
    ],
)
def test_a_malformed_shard_is_refused_with_the_field(mutate: object, where: str) -> None:
    data = json.loads(render_org_json(OrgReport("acme", None, (scanned("acme/api"),), (RUN,))))
    mutate(data)  # type: ignore[operator]
    with pytest.raises(ReportFormatError, match=where):
        load_org(data)


def test_the_commit_scanned_reads_back_and_a_shard_written_without_it_still_merges() -> None:
    new = OrgReport("acme", "1/2", (replace(scanned("acme/api"), commit=COMMIT),), (RUN,), 3)
    data = json.loads(render_org_json(new))
    assert data["repos"][0]["commit"] == COMMIT and load_org(data).repos[0].commit == COMMIT
    old = json.loads(render_org_json(OrgReport("acme", "2/2", (scanned("acme/web"),), (RUN,), 3)))
    for repo in old["repos"]:  # written before the field existed
        repo.pop("commit", None)
    merged = merge([load_org(data), load_org(old)])
    assert {r.repo: r.commit for r in merged.repos} == {"acme/api": COMMIT, "acme/web": None}
    assert json.loads(render_org_json(merged))["repos"][1]["commit"] is None
    hrefs = read(render_org_markdown(merged, server_url=SERVER)).hrefs()
    assert f"{SERVER}/acme/api/blob/{COMMIT}/svc/requirements.txt#L4" in hrefs
    assert not [h for h in hrefs if "/acme/web/" in h]  # no commit known: plain text, no link


def test_the_summary_links_each_place_to_the_commit_its_repository_was_scanned_at() -> None:
    broken = ScanError("svc/pyproject.toml", "invalid TOML", 3)
    api = Report("acme/api", (reproduced(None),), ("svc/requirements.txt",), (broken,))
    report = OrgReport("acme", None, (replace(scanned("acme/api", report=api), commit=COMMIT),), (RUN,))
    page = read(render_org_markdown(report, server_url=SERVER))
    blob = f"{SERVER}/acme/api/blob/{COMMIT}/"
    assert f"{blob}svc/requirements.txt#L4" in page.hrefs()  # where the version comes from
    assert f"{blob}svc/pyproject.toml#L3" in page.hrefs()  # a file that could not be read
    [table] = [t for t in page.visible_tables if t.header[0] == "Repository"]
    assert table.rows[0][table.header.index("Version comes from")] == "svc/requirements.txt:4"
    # No server (the CLI's --format markdown), or a server that is not a URL: places stay plain text.
    for server in (None, "javascript:alert(1)"):
        plain = render_org_markdown(report, server_url=server)
        assert not [h for h in read(plain).hrefs() if "/blob/" in h or "javascript" in h]
        assert "`svc/requirements.txt:4`" in plain and "`svc/pyproject.toml:3`" in plain


def test_what_counts_as_unchecked() -> None:
    assert not unchecked(skipped("a/b", "archived")) and not unchecked(skipped("a/b", "empty repository"))
    assert unchecked(skipped("a/b", "no access (HTTP 403: Resource not accessible by integration)"))
    assert not unchecked(scanned("a/b"))


def test_the_summary_leads_with_what_reproduced_and_lists_every_skip() -> None:
    passing = replace(
        reproduced(None), verdict=Verdict(VerdictStatus.NOT_REPRODUCED, "fine", EVIDENCE), fix=None
    )
    fixed = Report("acme/web", (passing,), (), ())
    report = OrgReport(
        "acme",
        None,
        (scanned("acme/api"), scanned("acme/web", report=fixed), skipped("acme/old", "archived")),
        (RUN,),
        9,
    )
    md = render_org_markdown(report, run_url="https://example.invalid/run/1")
    assert md.startswith(f"## ❌ {HEADLINE} organisation scan (acme): reproduced in 1 of 2 repositories")
    assert md.index("`acme/api`") < md.index("<details><summary>Not reproduced: 1 project(s)")
    assert "- `acme/old`: archived" in md and "[Run log](https://example.invalid/run/1)" in md
    assert "| 0.27.0 | newest | cpython-3.11.7 | reproduced | no |" in md


# -- the rate gate --------------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0
        self.slept: list[float] = []

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_the_gate_waits_for_the_reset_once_the_limit_is_spent() -> None:
    clock, said = Clock(), []
    gate = RateGate(say=said.append, sleep=clock.sleep, clock=clock.time)
    gate.before()  # nothing known yet: no wait
    gate.observe(3, 5000, 1_030.0)
    gate.before()
    assert clock.slept == []
    gate.observe(0, 5000, 1_030.0)
    gate.before()
    assert clock.slept == [31.0] and "waiting 31 s for the reset" in said[0]
    gate.before()  # after the wait nothing is known until the next response
    assert clock.slept == [31.0]


def test_the_gate_keeps_a_reserve_and_refuses_a_reset_too_far_away() -> None:
    clock = Clock()
    gate = RateGate(reserve=10, max_wait=60, sleep=clock.sleep, clock=clock.time)
    gate.observe(10, 5000, 1_020.0)
    gate.before()
    assert clock.slept == [21.0]
    gate.observe(5, 5000, 1_000.0 + 21 + 3600)
    with pytest.raises(RateLimitTooLong, match="more than the 60 s"):
        gate.before()
    gate.observe(5, -1, 0)  # a response without rate-limit headers changes nothing
    with pytest.raises(RateLimitTooLong):
        gate.before()
