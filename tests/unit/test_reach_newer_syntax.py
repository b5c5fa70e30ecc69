"""Code in a newer Python's syntax than the one reading it: unread (the findings are incomplete), not
the project's error, when the project targets that newer Python; an error otherwise."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from starlette_2093_check.model import Location, Reachability, Report, Severity
from starlette_2093_check.reach import for_root, newer_python, scan_code
from starlette_2093_check.report import render_json, render_text
from starlette_2093_check.report.load import load_report
from tests.conftest import flat, write_tree
from tests.unit.test_reports import reproduced

# Python 3.14 (PEP 758) takes several exception types without parentheses; older ones cannot parse it.
NEWER = """\
from starlette.middleware.base import BaseHTTPMiddleware


def guarded():
    try:
        return 1
    except ValueError, TypeError:
        return 0
"""
BACKGROUND = "from fastapi import BackgroundTasks\n\ntasks = BackgroundTasks()\n"

older = pytest.mark.skipif(sys.version_info >= (3, 14), reason="this Python reads 3.14 syntax")


@older
@pytest.mark.parametrize("request_", ["3.14", "3.14.0", "cpython@3.14", ">=3.14", "==3.14.*", "~=3.14.0"])
def test_a_project_targeting_a_newer_python_has_those_files_unread_not_errors(
    tmp_path: Path, request_: str
) -> None:
    checkout = write_tree(tmp_path, {"server/app.py": NEWER, "server/tasks.py": BACKGROUND})
    code = scan_code(checkout, pythons={"server": request_})
    assert code.errors == ()
    reach = for_root(code, "server", ["server"])
    assert reach.unread == (Location("server/app.py", 7),)
    assert not reach.complete and not reach.reachable
    assert reach.note is not None
    assert reach.note.startswith("1 file that may hold the pattern could not be read")
    assert "the project targets Python 3.14" in reach.note and "server/app.py:7" in reach.note
    assert "incomplete" in reach.note
    assert [f.file for f in reach.background] == ["server/tasks.py"]  # the rest is still read


@older
@pytest.mark.parametrize("request_", [None, "3.11", ">=3.10", "~=3.9"])
def test_a_project_whose_python_is_not_newer_gets_the_syntax_error(
    tmp_path: Path, request_: str | None
) -> None:
    checkout = write_tree(tmp_path, {"server/app.py": NEWER})
    code = scan_code(checkout, pythons={"server": request_})
    assert [(e.file, e.line) for e in code.errors] == [("server/app.py", 7)]
    assert code.errors[0].message.startswith("cannot parse Python: ")
    reach = for_root(code, "server", ["server"])
    assert reach.complete and reach.unread == () and reach.note is None


@older
def test_the_deepest_root_decides_whose_python_a_file_is_for(tmp_path: Path) -> None:
    checkout = write_tree(tmp_path, {"app.py": NEWER, "legacy/app.py": NEWER})
    code = scan_code(checkout, pythons={".": "3.14", "legacy": ">=3.8"})
    assert [(u.file, u.python) for u in code.unread] == [("app.py", "3.14")]
    assert [e.file for e in code.errors] == ["legacy/app.py"]
    assert for_root(code, "legacy", [".", "legacy"]).complete
    assert for_root(code, ".", [".", "legacy"]).unread == (Location("app.py", 7),)


@older
def test_without_project_pythons_every_unparsable_file_is_an_error(tmp_path: Path) -> None:
    checkout = write_tree(tmp_path, {"app.py": NEWER})
    assert [e.file for e in scan_code(checkout).errors] == ["app.py"]


@pytest.mark.parametrize(
    ("request_", "newer"),
    [
        ("3.14", "3.14"),
        ("3.12.1", "3.12"),
        ("pypy3.13", "3.13"),
        ("cpython-3.14.0-linux-x86_64-gnu", "3.14"),
        (">=3.12", "3.12"),
        (">=3.12.2,<4", "3.12"),
        ("3.11", None),
        ("3.10", None),
        ("3", None),
        (">=3.9", None),
        ("<3.12", None),
        (None, None),
        ("", None),
    ],
)
def test_newer_python_compares_with_the_running_one(request_: str | None, newer: str | None) -> None:
    assert newer_python(request_, running=(3, 11)) == newer


def test_reports_say_the_code_findings_are_incomplete_and_reload_it() -> None:
    note = "1 file that may hold the pattern could not be read: ... (svc/app.py:7); findings incomplete"
    reach = Reachability(reachable=False, unread=(Location("svc/app.py", 7),), note=note)
    report = Report(
        ".", (replace(reproduced(None), reachability=reach, severity=Severity.DEPENDENCY),), (), ()
    )
    text = render_json(report)
    [target] = json.loads(text)["targets"]
    assert target["reachability"]["complete"] is False
    assert target["reachability"]["unread"] == [{"file": "svc/app.py", "line": 7}]
    assert target["reachability"]["note"] == note
    assert load_report(json.loads(text)).targets[0].reachability == reach
    assert f"Incomplete: {note}." in flat(render_text(report))
