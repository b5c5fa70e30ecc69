"""The terminal report's layout on hand-built reports: order, folding, colour, hostile names."""

from __future__ import annotations

from dataclasses import replace

from starlette_2093_check.model import Audit, Report, TargetResult, Verdict, VerdictStatus
from starlette_2093_check.report.text import natural_key, render_text
from tests.conftest import flat
from tests.unit.test_reports import EVIDENCE, TARGET, reproduced

OUTAGE = "the vulnerability service at http://127.0.0.1:9/v1/query could not be reached (connection refused)"


def ok(root: str, **changes: object) -> TargetResult:
    return TargetResult(
        replace(TARGET, root=root, **changes),  # type: ignore[arg-type]
        Verdict(VerdictStatus.NOT_REPRODUCED, "ok", EVIDENCE),
    )


def test_natural_order_compares_numbers_by_value() -> None:
    names = ["svc10", "svc2", "Svc1", "svc02x", "api", "svc1b", "svc" + "9" * 5000]
    assert sorted(names, key=natural_key) == ["api", "Svc1", "svc1b", "svc2", "svc02x", "svc10", names[-1]]
    assert sorted(["a\u0663", "a10"], key=natural_key) == ["a\u0663", "a10"]  # Arabic-Indic three


def test_one_outage_is_one_note_for_the_projects_own_release_and_the_fixs() -> None:
    failed = Audit((), (), f"could not audit 1 of 1 package (starlette 0.27.0): {OUTAGE}")
    fix_note = (
        "advisories for starlette 0.29.0 could not be checked: "
        f"could not audit 1 of 1 package (starlette 0.29.0): {OUTAGE}"
    )
    first = reproduced(None)
    first = replace(first, audit=failed, fix=replace(first.fix, notes=(fix_note,)))  # type: ignore[arg-type]
    second = replace(first, target=replace(first.target, root="web"))
    text = flat(render_text(Report(".", (second, first), (), ())))
    assert text.count(OUTAGE) == 1
    assert (
        text.count("advisories not checked: starlette 0.27.0, starlette 0.29.0 for the fix (see note 1)") == 2
    )
    assert "for: svc, web" in text
    # alone, a project says it where it belongs, once
    alone = flat(render_text(Report(".", (first,), (), ())))
    assert alone.count(OUTAGE) == 1 and "notes:" not in alone
    assert f"advisories not checked: starlette 0.27.0, starlette 0.29.0 for the fix: {OUTAGE}" in alone


def test_colour_codes_only_when_asked_and_outside_the_80_columns() -> None:
    report = Report(".", (reproduced(None), ok("svc2")), (), ())
    plain, coloured = render_text(report), render_text(report, color=True)
    assert "\x1b[" not in plain
    assert "\x1b[1;31m[!!] REPRODUCED\x1b[0m" in coloured and "\x1b[32m[ok] NOT REPRODUCED\x1b[0m" in coloured
    assert (
        coloured.replace("\x1b[1;31m", "")
        .replace("\x1b[32m", "")
        .replace("\x1b[0m", "")
        .replace("\x1b[1m", "")
        .replace("\x1b[33m", "")
        == plain
    )


def test_a_directory_name_cannot_talk_to_the_terminal() -> None:
    hostile = "x\x1b]52;c;cGF5bG9hZA==\x07\ny"
    text = render_text(Report(".", (ok(hostile),), (), ()), color=True)
    assert "\x07" not in text and "\x1b]" not in text
    assert "x\\x1b]52;c;cGF5bG9hZA==\\x07\\x0ay" in text


def test_every_line_fits_the_width_asked_for() -> None:
    long = ok("services/" + "a-rather-long-name " * 8, notes=("a note " * 40,))
    for width in (80, 60):
        assert (
            max(len(line) for line in render_text(Report(".", (long,), (), ()), width=width).splitlines())
            <= width
        )


def test_the_fix_is_the_minimal_change_and_the_newest_set_one_line_after_it() -> None:
    from tests.unit.test_comment_render import MINIMAL_REPORT, NEWEST_ADMIN, admin

    lines = render_text(MINIMAL_REPORT).splitlines()
    assert max(len(line) for line in lines) <= 80
    text = flat("\n".join(lines))
    assert "fastapi 0.95.1 -> 0.108.0" in text and "starlette 0.27.0 -> 0.29.0" in text  # the table
    assert "0.165.0 (not verified)" not in text
    assert "edit: admin/requirements.txt:2: fastapi==0.95.1 -> fastapi==0.108.0" in text
    assert "edit: api/requirements.txt:2: starlette==0.27.0 -> starlette==0.29.0" in text
    assert "command: uv lock --upgrade-package fastapi" in text
    assert (
        "fix: upgrade fastapi to 0.108.0 or later (0.95.1 now; 0.108.0 is its first release that allows "
        "starlette 0.29.0): change admin/requirements.txt:2 to `fastapi==0.108.0`" in text
    )
    assert "2 ms on starlette 0.32.0.post1 with fastapi 0.108.0 (not reproduced)" in text
    assert (
        "check: Verified: with the change, the requirements in admin/requirements.txt resolve (compile "
        "only, wheels only) to fastapi 0.108.0, starlette 0.32.0.post1" in text
    )
    # One wrapped line for the newest set, right after the fix's edit; the only place 0.165.0 is.
    newest = "newest allowed: " + NEWEST_ADMIN.removeprefix("Newest allowed: ").removesuffix(".")
    assert newest in text and text.count("newest allowed: ") == 2
    assert text.count("0.165.0") == 1 and "fastapi==1.10.0" not in text
    at = next(n for n, line in enumerate(lines) if line.strip().startswith("edit: admin/"))
    assert lines[at + 1].strip().startswith("newest allowed: starlette 1.10.0")
    assert lines[at + 2].startswith(" " * 21)  # its continuation, under the value
    # A report without the minimal fix (written before it existed) shows its fix as it did.
    old = flat(render_text(Report(".", (admin(),), (), ())))
    assert (
        "fastapi 0.95.1 -> 0.165.0" in old
        and "edit: admin/requirements.txt:2: fastapi==0.95.1 -> fastapi==0.165.0" in old
    )
    assert "newest allowed" not in old
