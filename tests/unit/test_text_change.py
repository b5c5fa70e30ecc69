"""The text report's comparison lines (``scan --base``) and its last line, what makes the exit code
1, on reports built by hand; the same on real scans: tests/integration/test_text_reasons.py."""

from __future__ import annotations

from dataclasses import replace

import pytest

from starlette_2093_check.cli import exit_code
from starlette_2093_check.compare import compare, unreadable
from starlette_2093_check.model import Report
from starlette_2093_check.report.markdown import render_markdown
from starlette_2093_check.report.text import render_text
from tests.conftest import flat
from tests.unit.test_pr_change import SHA, N, R, report, result

HEAD = report(
    result("introduced", R),
    result("fixed", N, "0.29.0"),
    result("already", R),
    result("unchanged", N, "0.29.0"),
    result("new", R),
)
BASE = report(
    result("introduced", N, "0.29.0"),
    result("fixed", R),
    result("already", R),
    result("unchanged", N, "0.29.0"),
    result("removed", R),
)


def compared(head: Report, base: Report, ref: str = "main") -> Report:
    return replace(head, comparison=compare(head, base, ref, SHA))


def test_the_line_under_the_summary_and_each_projects_change() -> None:
    text = render_text(compared(HEAD, BASE))
    lines = text.splitlines()
    assert lines[0].startswith("5 projects: 3 reproduced")
    assert flat(text).startswith(
        "5 projects: 3 reproduced, 2 not reproduced, 0 inconclusive; 0 errors "
        "Compared with main: introduced: introduced, new; fixed: fixed, removed (0.27.0 on main; no "
        "longer a project here); already on main: already; unchanged: unchanged BaseHTTPMiddleware"
    )
    assert max(len(line) for line in lines) <= 80
    said = flat(text)
    assert "REPRODUCED introduced starlette 0.27.0 change: introduced (0.29.0 on main → 0.27.0) from" in said
    assert (
        "REPRODUCED new starlette 0.27.0 change: introduced (starlette 0.27.0; not a project on main)" in said
    )
    assert "NOT REPRODUCED fixed starlette 0.29.0 change: fixed (0.27.0 on main → 0.29.0)" in said
    assert "REPRODUCED already starlette 0.27.0 change: already on main from" in said
    assert "NOT REPRODUCED unchanged starlette 0.29.0 change: unchanged from" in said
    # The same words as the Markdown lead (one source): its details, without the Markdown.
    assert "(0.29.0 on `main` → 0.27.0)" in render_markdown(compared(HEAD, BASE))
    # Without --base: none of it.
    assert "Compared with" not in render_text(HEAD) and "change:" not in render_text(HEAD)


def test_a_base_that_could_not_be_read_is_said_and_every_project_unknown() -> None:
    head = report(result("svc", R))
    text = flat(render_text(replace(head, comparison=unreadable(head, "main", SHA, "HTTP 502"))))
    assert (
        "Compared with" not in text
        and "Not compared with main: HTTP 502. What this pull request changes is unknown (not known "
        "to be unchanged)."
        in text
    )
    assert "change: unknown (the base branch could not be checked: HTTP 502)" in text


def test_names_from_the_checkouts_cannot_talk_to_the_terminal() -> None:
    hostile = "x\x1b]52;c;cGF5bG9hZA==\x07\ny"
    text = render_text(compared(report(result("svc", R)), report(result(hostile, R)), ref="ma\x1b[2Jin"))
    assert "\x1b" not in text and "\x07" not in text
    assert "Compared with ma\\x1b[2Jin: introduced: svc; fixed: x\\x1b]52;c;cGF5bG9hZA==\\x07\\x0ay" in flat(
        text
    )


@pytest.mark.parametrize("fail_on", ["reproduced", "introduced", "inconclusive", "never"])
def test_the_last_line_says_what_the_exit_code_says(fail_on: str) -> None:
    # svc is already on the base: only `introduced` lets it pass; `never` passes and says so.
    head = compared(report(result("svc", R), result("web", N, "0.29.0")), report(result("svc", R)))
    text = flat(render_text(head, fail_on=fail_on))
    code = exit_code(head, fail_on)
    assert ("exit code 1" in text, "exit code 0" in text) == (code == 1, code == 0)
    if code:
        assert text.endswith(f"exit code 1 (--fail-on {fail_on}): svc (starlette-2093): reproduced")
    else:
        assert text.endswith(f"exit code 0 (--fail-on {fail_on}): nothing fails")
    assert "exit code" not in render_text(head)  # not asked (a renderer of the registry)


def test_nothing_reproduced_and_nothing_failing_adds_no_line() -> None:
    clean = report(result("web", N, "0.29.0"))
    assert "exit code" not in render_text(clean, fail_on="reproduced")
