"""An approximate version (requirements left out) and errors naming their roots, in every format."""

from __future__ import annotations

import json

from starlette_2093_check.model import (
    LeftOut,
    Location,
    Report,
    Resolution,
    ScanError,
    Target,
    TargetResult,
    Verdict,
    VerdictStatus,
)
from starlette_2093_check.report import render_json, render_markdown, render_sarif, render_text
from starlette_2093_check.report.common import rebase
from starlette_2093_check.report.load import load_report
from tests.conftest import flat

LEFT = LeftOut(
    "sentry-asgi",
    Location("pyproject.toml", 79),
    "cannot be resolved on its own: Because all versions of sentry-asgi have no usable wheels ...",
)
TARGET = Target(
    root=".",
    package="starlette",
    version="0.46.2",
    source=Location("pyproject.toml", 48),
    via=("fastapi 0.115.12",),
    resolution=Resolution.RESOLVER,
    left_out=(LEFT,),
)
ERROR = ScanError("shared/base.txt", "could not resolve: x", 2, ("a", "b"))
REPORT = Report(
    ".",
    (TargetResult(TARGET, Verdict(VerdictStatus.INCONCLUSIVE, "the harness did not finish")),),
    ("pyproject.toml",),
    (ERROR,),
)


def test_json_carries_what_was_left_out_and_the_roots_of_an_error() -> None:
    data = json.loads(render_json(REPORT))
    (target,) = data["targets"]
    assert target["left_out"] == [
        {"requirement": "sentry-asgi", "file": "pyproject.toml", "line": 79, "reason": LEFT.reason}
    ]
    assert data["errors"] == [
        {"file": "shared/base.txt", "line": 2, "message": "could not resolve: x", "roots": ["a", "b"]}
    ]
    again = load_report(data)
    assert again.targets[0].target.left_out == (LEFT,)
    assert again.errors == (ERROR,)


def test_text_and_markdown_say_the_version_is_approximate_and_what_was_left_out() -> None:
    text = flat(render_text(REPORT))
    assert "from pyproject.toml:48 via fastapi 0.115.12 (approximate: 1 requirement left out)" in text
    assert f"left out sentry-asgi (pyproject.toml:79): {LEFT.reason}" in text
    assert "shared/base.txt:2 (a, b): could not resolve: x" in text
    md = render_markdown(REPORT)
    assert "**Approximate versions.**" in md
    assert "(approximate: 1 requirement left out)" in md
    assert "left out sentry-asgi (pyproject.toml:79)" in md
    assert "- `shared/base.txt:2` (a, b): could not resolve: x" in md
    reproduced = TargetResult(TARGET, Verdict(VerdictStatus.REPRODUCED, "the second response waited"))
    sarif = render_sarif(Report(".", (reproduced,), (), ()))
    assert "(pyproject.toml:48 via fastapi 0.115.12 (approximate: 1 requirement left out))" in sarif


def test_rebasing_moves_the_left_out_lines_and_the_roots() -> None:
    moved = rebase(REPORT, "services")
    assert moved.targets[0].target.left_out[0].location == Location("services/pyproject.toml", 79)
    assert moved.errors[0].roots == ("services/a", "services/b")
