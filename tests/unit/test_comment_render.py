"""The comment, the step summary and the organisation summary as GitHub shows them.

Each body is rendered by cmark-gfm (GitHub's renderer) and read back as HTML (``tests.githubmd``):
the assertions are on what a reader sees (one heading, one table before anything is opened, the
collapsed sections, the links), not on the Markdown source.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from starlette_2093_check import __version__
from starlette_2093_check.action import Outcome, summary
from starlette_2093_check.advise import with_sentence
from starlette_2093_check.github.sticky import Action, Posted
from starlette_2093_check.model import (
    Advisory,
    Audit,
    Check,
    Edit,
    Finding,
    Fix,
    Location,
    MinimalFix,
    OrgReport,
    PackVerdict,
    Reachability,
    RepoResult,
    Report,
    RepoStatus,
    Resolution,
    ScanError,
    SetCheck,
    Severity,
    Target,
    TargetResult,
    Verdict,
    VerdictStatus,
)
from starlette_2093_check.report.links import Links, advisory_url
from starlette_2093_check.report.markdown import MARKER, read_state, render_markdown
from starlette_2093_check.report.org import render_org_markdown
from starlette_2093_check.report.template import (
    MAX_BYTES,
    PLACEHOLDERS,
    TemplateError,
    builtin,
    parse,
    read_template,
)
from tests.githubmd import read

SHA = "0123456789abcdef0123456789abcdef01234567"
LINKS = Links.of("https://github.example", "acme/shop", SHA)
BLOB = f"https://github.example/acme/shop/blob/{SHA}/"
SLOW = {
    "hold_s": 1.0,
    "harness_version": "4",
    "versions": {"python": "3.11.7", "starlette": "0.27.0", "anyio": "4.16.0", "uvicorn": "0.32.1"},
    "http": {"requests": [{"latency_ms": 14.0}, {"latency_ms": 1003.0}]},
}
FAST = {**SLOW, "http": {"requests": [{"latency_ms": 3.0}, {"latency_ms": 2.0}]}}
TABLE_HEADER = ["Project", "Starlette now → fix", "Verdict", "Triggered in your code?"]
REACH = Reachability(
    reachable=True,
    middleware=(Finding("api/app.py", 11, "subclass", "RequestIdMiddleware"),),
    background=(Finding("api/app.py", 23, "BackgroundTasks", "BackgroundTasks"),),
)
ADVISORY = Advisory("GHSA-f96h-pmfr-66vw", "starlette", "0.27.0", ("0.40.0",), ("CVE-2024-47874",), "DoS")


def neighbour(status: VerdictStatus, severity: Severity | None = None) -> PackVerdict:
    return PackVerdict(
        pack="starlette-3458",
        title="a background task starts before the response has reached the client",
        fixed_in="1.7.0",
        verdict=Verdict(status, "task before the last send", {"http": {"task_started_ms": 1.0}}),
        triggered_by=("middleware", "background"),
        severity=severity,
    )


def target(root: str, version: str = "0.27.0", via: tuple[str, ...] = ()) -> Target:
    return Target(root, "starlette", version, Location(f"{root}/requirements.txt", 2), via, Resolution.PIN)


def api(**kw: object) -> TargetResult:
    edit = Edit("api/requirements.txt", 2, "starlette==0.27.0", "starlette==1.10.0")
    fix = Fix(
        "starlette",
        "0.27.0",
        "0.29.0",
        Location("api/requirements.txt", 2),
        "",
        minimal="0.29.0",
        recommended="1.10.0",
        verification=Verdict(VerdictStatus.NOT_REPRODUCED, "passed", FAST),
        edits=(edit,),
        check=SetCheck(True, ("api/requirements.txt",), (("starlette", "1.10.0"),)),
        verified=True,
    )
    result = TargetResult(
        target("api"),
        Verdict(VerdictStatus.REPRODUCED, "waited", SLOW),
        fix,
        Audit((ADVISORY,), (("starlette", "0.27.0"),)),
        packs=(neighbour(VerdictStatus.REPRODUCED, Severity.TRIGGERED),),
        reachability=REACH,
        severity=Severity.TRIGGERED,
    )
    return replace(result, **kw)  # type: ignore[arg-type]


def admin() -> TargetResult:
    fix = Fix(
        "fastapi",
        "0.95.1",
        "0.108.0",
        Location("admin/requirements.txt", 2),
        "",
        minimal="0.29.0",
        recommended="1.10.0",
        recommended_parent="0.165.0",
        verification=Verdict(VerdictStatus.NOT_REPRODUCED, "passed", FAST),
        edits=(Edit("admin/requirements.txt", 2, "fastapi==0.95.1", "fastapi==0.165.0"),),
        command="uv lock --upgrade-package fastapi",
        verified=True,
    )
    return TargetResult(
        target("admin", "0.26.1", ("fastapi 0.95.1",)),
        Verdict(VerdictStatus.REPRODUCED, "waited", SLOW),
        fix,
        packs=(neighbour(VerdictStatus.NOT_REPRODUCED),),
        reachability=Reachability(reachable=False),
        severity=Severity.DEPENDENCY,
    )


def passed(result: TargetResult) -> TargetResult:
    """``result`` where the headline bug did not reproduce (its other packs as they are)."""
    verdict = Verdict(VerdictStatus.NOT_REPRODUCED, "passed", FAST)
    return replace(result, verdict=verdict, fix=None, severity=None)


REPORT = Report(".", (admin(), api()), ("admin/requirements.txt", "api/requirements.txt"), ())
RUN = "https://github.example/acme/shop/actions/runs/7"


def with_minimal(result: TargetResult, low: MinimalFix) -> TargetResult:
    """``result`` as a report of today has it: the fix (the newest set the project allows) with its
    minimal change beside it, each with the sentence the advice writes."""
    assert result.fix is not None
    return replace(result, fix=with_sentence(replace(result.fix, minimal_fix=low), result.target))


def rerun_on_newest(result: TargetResult) -> TargetResult:
    """``result`` with its related bug run again on the recommendation (the newest set)."""
    after = Check("1.10.0", Verdict(VerdictStatus.NOT_REPRODUCED, "task after the last send"))
    return replace(result, packs=tuple(replace(p, after_fix=after) for p in result.packs))


def _run(starlette: str) -> Verdict:
    return Verdict(VerdictStatus.NOT_REPRODUCED, "passed", {**FAST, "versions": {"starlette": starlette}})


# The minimal changes, as advise computes them: fastapi at its first release that allows the fix
# (which resolves to a starlette 0.32), starlette at 0.29.0; each still has the advisory the newest
# set clears.
ADMIN_LOW = MinimalFix(
    change="",
    edits=(Edit("admin/requirements.txt", 2, "fastapi==0.95.1", "fastapi==0.108.0"),),
    command="uv lock --upgrade-package fastapi",
    version="0.32.0.post1",
    parent="0.108.0",
    verification=_run("0.32.0.post1"),
    check=SetCheck(
        True, ("admin/requirements.txt",), (("fastapi", "0.108.0"), ("starlette", "0.32.0.post1"))
    ),
    verified=True,
    remaining=(replace(ADVISORY, version="0.32.0.post1"),),
)
API_LOW = MinimalFix(
    change="",
    edits=(Edit("api/requirements.txt", 2, "starlette==0.27.0", "starlette==0.29.0"),),
    version="0.29.0",
    verification=_run("0.29.0"),
    check=SetCheck(True, ("api/requirements.txt",), (("starlette", "0.29.0"),)),
    verified=True,
    remaining=(replace(ADVISORY, version="0.29.0"),),
)
MINIMAL_REPORT = Report(
    ".", (with_minimal(admin(), ADMIN_LOW), with_minimal(rerun_on_newest(api()), API_LOW)), REPORT.scanned, ()
)
NEWEST_ADMIN = (
    "Newest allowed: starlette 1.10.0 (fastapi 0.165.0), verified, scan --fix=latest; "
    "clears GHSA-f96h-pmfr-66vw (fixed in 0.40.0)."
)


def test_the_comment_reads_in_one_screen_with_one_table_and_collapsed_sections() -> None:
    page = read(render_markdown(REPORT, run_url=RUN, links=LINKS))
    assert page.open_details == 0
    [(level, heading, hidden)] = page.headings
    assert (level, hidden) == (2, False) and heading.startswith(
        "❌ Starlette #2093 check: reproduced in 2 of 2"
    )
    [table] = page.visible_tables
    assert table.header == TABLE_HEADER
    assert [row[0] for row in table.rows] == ["admin", "api"]
    assert table.rows[0][1] == "0.26.1 → 1.10.0 (fastapi 0.95.1 → 0.165.0)"
    assert table.rows[1][1] == "0.27.0 → 1.10.0"
    assert table.rows[1][2].startswith("❌ reproduced (second request: 1.00 s)")
    assert table.rows[0][3] == "no: in a dependency" and table.rows[1][3] == "yes: api/app.py:11 and 1 more"
    assert page.summaries == [
        "Evidence: what breaks, and what the reproduction measured",
        "The fix: how it was checked, and the change to make",
        "How the versions were found",
        "Related bugs: 1 reproduced (starlette-3458)",
        "Known advisories (1)",
        "When not to apply the fix, and what to watch in production",
    ]
    assert page.visible_lines <= 20, page.visible_text()
    visible = page.visible_text()
    # The one-click fix or the command, before anything is opened.
    assert (
        "change admin/requirements.txt:2 to fastapi==0.165.0, then run uv lock --upgrade-package fastapi"
        in visible
    )
    assert "change api/requirements.txt:2 to starlette==1.10.0" in visible
    assert f"{__version__}" in visible.rsplit("Verdicts come from running", 1)[1]


def _fix_section(html: str) -> str:
    """The HTML of the collapsed "The fix" section."""
    start = html.index("<summary>The fix: how it was checked")
    return html[start : html.index("</details>", start)]


def test_the_fix_shown_is_the_minimal_change_that_scan_fix_and_the_suggestion_apply() -> None:
    page = read(render_markdown(MINIMAL_REPORT, links=LINKS))
    [table] = page.visible_tables
    assert table.rows[0][1] == "0.26.1 → 0.32.0.post1 (fastapi 0.95.1 → 0.108.0)"
    assert table.rows[1][1] == "0.27.0 → 0.29.0"
    visible = page.visible_text()
    assert (
        "change admin/requirements.txt:2 to fastapi==0.108.0, then run uv lock --upgrade-package fastapi. "
        "Verified." in visible
    )
    assert "change api/requirements.txt:2 to starlette==0.29.0. Verified." in visible
    # The newest set is one line per project, in the collapsed section only.
    assert "Newest allowed" not in visible and "0.165.0" not in visible and "1.10.0" not in visible
    fix_html = _fix_section(page.html)
    assert fix_html.count("Newest allowed: ") == 2
    assert page.all_text().count("Newest allowed: ") == 2
    assert NEWEST_ADMIN in page.all_text()
    assert "Newest allowed: starlette 1.10.0, verified, scan --fix=latest; clears GHSA-f96h-pmfr-66vw" in (
        page.all_text()
    )
    assert "https://github.com/advisories/GHSA-f96h-pmfr-66vw" in fix_html
    # How it was checked: the minimal change's own resolution and run, and its diff.
    runs = [t for t in page.tables if t.header == ["", "Versions", "Second request", "Reproduction"]]
    assert [t.rows[1] for t in runs] == [
        ["Recommended", "starlette 0.32.0.post1 (fastapi 0.108.0)", "2 ms", "passes"],
        ["Recommended", "starlette 0.29.0", "2 ms", "passes"],
    ]
    assert (
        "Verified: with the change, the requirements in admin/requirements.txt resolve (compile only, "
        "wheels only) to fastapi 0.108.0, starlette 0.32.0.post1, and the reproduction passes on "
        "starlette 0.32.0.post1." in page.all_text()
    )
    assert "It still has GHSA-f96h-pmfr-66vw (fixed in 0.40.0)." in page.all_text()
    assert "+fastapi==0.108.0" in fix_html and "+starlette==0.29.0" in fix_html
    assert "==0.165.0" not in page.html and "==1.10.0" not in page.html
    # The related bug's re-run was on the newest set, and says so.
    assert "On starlette 1.10.0, the newest set allowed: not reproduced" in page.all_text()


def test_the_one_click_suggestion_is_the_change_the_comment_shows() -> None:
    page = read(render_markdown(MINIMAL_REPORT, suggested={("admin/requirements.txt", 2)}, links=LINKS))
    assert (
        "change admin/requirements.txt:2 to fastapi==0.108.0, then run uv lock --upgrade-package fastapi. "
        "Verified. One click: the review comment on admin/requirements.txt:2 carries this change as a "
        "suggestion." in page.visible_text()
    )
    assert "-fastapi==0.95.1" not in page.html and "+starlette==0.29.0" in page.html


def test_a_fallback_is_said_once_and_nothing_unaudited_is_called_cleared() -> None:
    fell_back = "the newer sets the project allows did not pass the reproduction (1.10.0: reproduced)"
    same = replace(API_LOW, remaining=())
    result = with_minimal(api(), same)
    assert result.fix is not None
    result = replace(result, fix=replace(result.fix, recommended="0.29.0", fallback=fell_back))
    text = read(render_markdown(Report(".", (result,), (), ()))).all_text()
    said = "The recommendation is the minimal fix (starlette 0.29.0), not the newest set the project allows"
    assert text.count(f"{said}: {fell_back}.") == 1
    assert "Newest allowed" not in text
    # The newest set's advisories could not be checked: nothing is said to be cleared.
    unaudited = with_minimal(api(), API_LOW)
    assert unaudited.fix is not None
    note = "advisories for starlette 1.10.0 could not be checked: the service did not answer"
    unaudited = replace(unaudited, fix=replace(unaudited.fix, notes=(note,)))
    text = read(render_markdown(Report(".", (unaudited,), (), ()))).all_text()
    assert (
        "Newest allowed: starlette 1.10.0, verified, scan --fix=latest; its advisories could not be" in text
    )
    assert "clears" not in text.split("Newest allowed:", 1)[1].split("\n", 1)[0]


def test_a_report_without_a_minimal_fix_shows_its_recommendation_as_before() -> None:
    """Reports written before the minimal fix existed (the ``report`` input) keep their fix."""
    old = replace(REPORT, targets=(admin(), rerun_on_newest(api())))
    page = read(render_markdown(old, links=LINKS))
    [table] = page.visible_tables
    assert [row[1] for row in table.rows] == ["0.26.1 → 1.10.0 (fastapi 0.95.1 → 0.165.0)", "0.27.0 → 1.10.0"]
    assert "change api/requirements.txt:2 to starlette==1.10.0" in page.visible_text()
    assert "+fastapi==0.165.0" in _fix_section(page.html)
    assert "Newest allowed" not in page.all_text()
    assert "On starlette 1.10.0, the recommended fix: not reproduced" in page.all_text()


def test_places_link_to_the_head_commit_and_advisories_to_their_pages() -> None:
    page = read(render_markdown(REPORT, links=LINKS))
    hrefs = page.hrefs()
    assert f"{BLOB}api/app.py#L11" in hrefs and f"{BLOB}api/app.py#L23" in hrefs  # the code read
    assert f"{BLOB}api/requirements.txt#L2" in hrefs  # the line to change, and where the version comes from
    assert f"{BLOB}admin/requirements.txt#L2" in hrefs
    assert "https://github.com/advisories/GHSA-f96h-pmfr-66vw" in hrefs
    [row] = next(t for t in page.tables if t.header[:3] == ["Project", "Package", "Advisory"]).rows
    assert row[2] == "GHSA-f96h-pmfr-66vw"
    # Without the context (the CLI's --format markdown) places are plain text, never a link.
    plain = read(render_markdown(REPORT))
    assert not [h for h in plain.hrefs() if "/blob/" in h]
    assert "https://github.com/advisories/GHSA-f96h-pmfr-66vw" in plain.hrefs()


def test_a_suggestion_on_the_line_is_the_one_click_fix() -> None:
    page = read(render_markdown(REPORT, suggested={("api/requirements.txt", 2)}, links=LINKS))
    visible = page.visible_text()
    assert (
        "One click: the review comment on api/requirements.txt:2 carries this change as a suggestion."
        in visible
    )
    assert "-starlette==0.27.0" not in page.html  # the diff is not repeated
    assert "-fastapi==0.95.1" in page.html  # the other project's is, in its collapsed section


def test_related_bug_rows_only_where_it_reproduced_and_never_a_green_mark_there() -> None:
    # The headline bug did not reproduce; a related one did, in the app's own code.
    fixed, clean = passed(api()), passed(admin())
    page = read(render_markdown(Report(".", (clean, fixed), (), ()), links=LINKS))
    [(_, heading, _)] = page.headings
    assert not heading.startswith("✅") and "a related bug reproduced in 1 project(s)" in heading
    [table] = page.visible_tables
    by_project = {row[0]: row for row in table.rows}
    assert by_project["admin"][2] == "✅ not reproduced"
    assert "✅" not in by_project["api"][2]
    assert "also reproduced: starlette-3458 (triggered in your app)" in by_project["api"][2]
    [related] = [t for t in page.tables if t.header[0] == "Bug"]
    assert [row[2] for row in related.rows] == ["api (starlette 0.27.0)"], "no row for admin, where it passed"
    assert "starlette-3458 (fixed in 1.7.0): not reproduced in admin" in page.all_text()
    # Everything clean: then, and only then, green.
    all_clean = Report(".", (clean,), (), ())
    assert read(render_markdown(all_clean)).headings[0][1].startswith("✅")


def test_every_fact_of_the_comment_is_in_a_section() -> None:
    unchecked = TargetResult(target("web"), Verdict(VerdictStatus.INCONCLUSIVE, "the harness did not finish"))
    report = Report(
        ".",
        (admin(), api(), unchecked),
        ("admin/requirements.txt",),
        (ScanError("broken/pyproject.toml", "invalid TOML at line 3", 3),),
    )
    page = read(render_markdown(report, links=LINKS))
    visible = page.visible_text()
    assert "Could not be checked: these projects are not known to be safe." in visible
    assert "web (starlette 0.27.0): the harness did not finish" in visible
    assert "Files that could not be read or resolved (1)" in page.summaries
    assert f"{BLOB}broken/pyproject.toml#L3" in page.hrefs()
    text = page.all_text()
    for fact in (
        "second request on the same keep-alive connection took 1.00 s",  # the measured evidence
        "Ran on Python 3.11.7",
        "Verified: with the change, the requirements in api/requirements.txt resolve",  # the fix's check
        "Minimal fix: starlette 0.29.0",
        "Skip or stage the upgrade",  # when not to apply
        "Watch p95/p99 latency",
        "invalid TOML at line 3",  # errors
    ):
        assert fact in text, fact


def test_the_step_summary_is_the_report_plus_where_it_was_posted() -> None:
    outcome = Outcome(
        REPORT, Posted(Action.CREATED, "https://github.example/acme/shop/pull/7#issuecomment-1"), None
    )
    page = read(summary(outcome, RUN, links=LINKS))
    [table] = page.visible_tables
    assert table.header == TABLE_HEADER
    assert "Known advisories (1)" in page.summaries
    assert "https://github.example/acme/shop/pull/7#issuecomment-1" in page.hrefs()
    assert RUN in page.hrefs() and f"{BLOB}api/app.py#L11" in page.hrefs()


def test_the_organisation_summary_renders_as_tables_and_sections() -> None:
    org = OrgReport(
        "acme",
        None,
        (
            RepoResult("acme/shop", RepoStatus.SCANNED, report=REPORT),
            RepoResult("acme/old", RepoStatus.SKIPPED, reason="archived"),
        ),
        (),
    )
    page = read(render_org_markdown(org, run_url=RUN))
    assert page.open_details == 0
    [(level, heading, _)] = page.headings
    assert level == 2 and heading.startswith(
        "❌ Starlette #2093 organisation scan (acme): reproduced in 1 of 1"
    )
    [table] = page.visible_tables
    assert table.header[:3] == ["Repository", "Project", "Starlette"]
    assert {row[1] for row in table.rows} == {"admin", "api"}
    assert "Skipped: 1 repository" in page.summaries


def test_the_organisation_heading_is_not_green_when_a_related_bug_reproduced() -> None:
    fixed = passed(api())
    org = OrgReport(
        "acme", None, (RepoResult("acme/shop", RepoStatus.SCANNED, report=Report(".", (fixed,), (), ())),), ()
    )
    [(_, heading, _)] = read(render_org_markdown(org)).headings
    assert not heading.startswith("✅"), heading


# -- templates -------------------------------------------------------------------------------------


def test_the_built_in_template_uses_the_documented_placeholders() -> None:
    template = builtin()
    import string

    used = set(string.Template(template.text).get_identifiers())
    assert used <= set(PLACEHOLDERS) and "heading" in used
    assert set(PLACEHOLDERS) - used == {"version", "verdict"}, "every section is placed by default"


def test_a_custom_template_lays_out_the_comment_and_the_hidden_lines_stay_first(tmp_path: Path) -> None:
    text = (
        '<!-- starlette-2093-check:state {"reproduced": {"forged": "9.9"}} -->\n'
        "$heading\n\nOur platform team's check ($verdict, v$version, 100 $$).\n\n$table\n\n$fix\n"
    )
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github/comment.md").write_text(text)
    template = read_template(tmp_path, ".github/comment.md")
    body = render_markdown(REPORT, links=LINKS, template=template)
    lines = body.split("\n")
    assert lines[0] == MARKER and lines[1].startswith("<!-- starlette-2093-check:state ")
    assert read_state(body) == {"admin": "0.26.1", "api": "0.27.0"}, "the template's forged state is not read"
    page = read(body)
    assert f"Our platform team's check (reproduced, v{__version__}, 100 $)." in page.visible_text()
    assert page.summaries == [] and [t.header for t in page.visible_tables] == [TABLE_HEADER]


def test_values_in_a_custom_template_are_still_escaped() -> None:
    attack = "@acme/team <img src=x> [x](https://evil.example) #12"
    hostile = TargetResult(target("api"), Verdict(VerdictStatus.INCONCLUSIVE, attack))
    template = parse("$heading\n\n$unchecked\n", "comment.md")
    page = read(render_markdown(Report(".", (hostile,), (), ()), template=template))
    assert "<img" not in page.html and not page.hrefs()[1:], page.hrefs()  # only the heading's link
    assert "@\u200bacme/team" in page.visible_text() and "#\u200b12" in page.visible_text()


@pytest.mark.parametrize(
    ("text", "where", "why"),
    [
        ("$heading\n\n$tabel\n", "comment.md:3", "unknown placeholder $tabel"),
        ("$heading\ncosts 5$ a month\n", "comment.md:2", "a $ that is not a placeholder"),
        ("$heading\n${heading.__class__}\n", "comment.md:2", "a $ that is not a placeholder"),
        ("$table\n", "comment.md", "must contain $heading"),
        ("$heading\n\x1b[31m\n", "comment.md:2", "a control character"),
        ("$heading\n" + "x" * MAX_BYTES, "comment.md", f"at most {MAX_BYTES}"),
    ],
)
def test_a_template_that_is_not_placeholders_only_is_refused_with_its_line(
    text: str, where: str, why: str
) -> None:
    with pytest.raises(TemplateError) as caught:
        parse(text, "comment.md")
    assert str(caught.value).startswith(f"{where}: ") and why in str(caught.value)


def test_a_template_file_is_read_only_from_inside_the_workspace(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    workspace.mkdir()
    (tmp_path / "secret.md").write_text("$heading\nsecret\n")
    os.symlink(tmp_path / "secret.md", workspace / "template.md")
    with pytest.raises(TemplateError, match=r"^template\.md: leaves the workspace"):
        read_template(workspace, "template.md")
    (workspace / "dir.md").mkdir()
    with pytest.raises(TemplateError, match="not a file"):
        read_template(workspace, "dir.md")
    (workspace / "latin1.md").write_bytes(b"$heading\n\xe9t\xe9\n")
    with pytest.raises(TemplateError, match=r"^latin1\.md:2: not UTF-8"):
        read_template(workspace, "latin1.md")


# -- links -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("server", "repository", "sha"),
    [
        ("javascript:alert(1)", "acme/shop", SHA),
        ("https://github.example)", "acme/shop", SHA),
        ("https://github.example", "acme/shop/../x", SHA),
        ("https://github.example", "acme/shop", "main"),
        ("", "acme/shop", SHA),
        ("https://github.example", "acme/shop", None),
    ],
)
def test_no_link_context_from_values_that_are_not_githubs(
    server: str, repository: str, sha: str | None
) -> None:
    assert Links.of(server, repository, sha) is None


def test_a_path_cannot_leave_its_link() -> None:
    assert LINKS is not None
    assert LINKS.blob("a b/(x)[y].py", 3) == f"{BLOB}a%20b/%28x%29%5By%5D.py#L3"
    assert LINKS.blob("../etc/passwd", 1) is None and LINKS.blob("/etc/passwd", 1) is None
    assert LINKS.blob("app.py", 0) is None


@pytest.mark.parametrize(
    ("advisory", "url"),
    [
        ("GHSA-f96h-pmfr-66vw", "https://github.com/advisories/GHSA-f96h-pmfr-66vw"),
        ("CVE-2024-47874", "https://osv.dev/vulnerability/CVE-2024-47874"),
        ("PYSEC-2023-83", "https://osv.dev/vulnerability/PYSEC-2023-83"),
        ("GHSA-x", None),
        ("CVE-2024-1](https://evil.example)", None),
    ],
)
def test_advisory_pages(advisory: str, url: str | None) -> None:
    assert advisory_url(advisory) == url


def test_a_hostile_path_stays_inside_its_link_text() -> None:
    from starlette_2093_check.report.links import place

    page = read(f"see {place(LINKS, 'x](javascript:alert(1)) [y]/a.toml', 2)} here")
    [(href, text, _)] = page.links
    assert href == f"{BLOB}x%5D%28javascript%3Aalert%281%29%29%20%5By%5D/a.toml#L2"
    assert text == "x](javascript:alert(1)) [y]/a.toml:2"


@pytest.mark.parametrize(
    ("event_name", "event", "sha"),
    [
        ("pull_request", {"pull_request": {"number": 7, "head": {"sha": "b" * 40}}}, "b" * 40),
        ("workflow_run", {"workflow_run": {"head_sha": "c" * 40}}, "c" * 40),
        ("push", {}, "d" * 40),  # the commit the runner checked out
        ("pull_request", {"pull_request": {"number": 7, "head": {"sha": ["not", "a", "sha"]}}}, None),
    ],
)
def test_places_link_to_the_commit_the_event_is_about(
    tmp_path: Path, event_name: str, event: dict[str, object], sha: str | None
) -> None:
    import json

    from starlette_2093_check.action import links_of
    from starlette_2093_check.config import ActionConfig

    path = tmp_path / "event.json"
    path.write_text(json.dumps(event))
    env = {
        "GITHUB_WORKSPACE": str(tmp_path),
        "GITHUB_EVENT_NAME": event_name,
        "GITHUB_EVENT_PATH": str(path),
        "GITHUB_REPOSITORY": "acme/shop",
        "GITHUB_SERVER_URL": "https://github.example",
        "GITHUB_SHA": "d" * 40,
        "INPUT_COMMENT-TEMPLATE": ".github/comment.md",
    }
    config = ActionConfig.from_environ(env)
    assert config.comment_template == ".github/comment.md"
    links = links_of(config)
    assert (links.sha if links else None) == sha
    assert links_of(ActionConfig.from_environ({**env, "GITHUB_SERVER_URL": ""})) is None
