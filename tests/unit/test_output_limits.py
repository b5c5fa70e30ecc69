"""Limits GitHub documents: 10 annotations per level and step, 1 MB per output."""

from __future__ import annotations

import io
import json
from dataclasses import replace

from starlette_2093_check.action import TARGETS_LIMIT, Outcome, capped_json, held_section, outputs
from starlette_2093_check.github.workflow import Commands
from starlette_2093_check.model import Report
from tests.unit.test_reports import reproduced


def test_annotations_past_githubs_ten_are_held_and_counted_once() -> None:
    out = io.StringIO()
    commands = Commands(out)
    for n in range(25):
        commands.annotate("warning", f"manifest {n} not checked", file=f"svc{n}/requirements.txt", line=n + 1)
    for n in range(3):
        commands.annotate("error", f"reproduced {n}")
    held = commands.close()
    lines = out.getvalue().splitlines()
    warnings = [line for line in lines if line.startswith("::warning")]
    assert len(warnings) == 10, "nine findings and one that says how many more"
    assert warnings[-1].endswith(
        "16 more warning annotation(s) of this step are not shown here (GitHub shows 10 per step): "
        "the job summary lists them"
    )
    assert len([line for line in lines if line.startswith("::error")]) == 3, "errors have their own ten"
    assert [h.message for h in held] == [f"manifest {n} not checked" for n in range(9, 25)]
    section = held_section(held)
    assert "16 more annotation(s)" in section and "`svc24/requirements.txt:25`" in section
    assert section.count("\n- **warning**") == 16


def test_held_annotations_are_escaped_in_the_summary() -> None:
    commands = Commands(io.StringIO(), limit=1)
    commands.annotate("warning", "<img src=x> @someone [link](javascript:x)", file="a|b.txt", line=2)
    section = held_section(commands.close())
    assert "<img" not in section and "&lt;img" in section
    assert "@\u200bsomeone" in section and "\\[link\\]" in section


def test_the_targets_output_is_cut_to_fit_and_says_so() -> None:
    one = reproduced(None)
    assert capped_json([{"x": 1}, {"y": 2}], limit=12) == ('[{"x": 1}]', False)
    report = Report(
        ".", tuple(replace(one, target=replace(one.target, root=f"svc{n}")) for n in range(10)), (), ()
    )
    values = outputs(Outcome(report, None, None))
    assert values["targets-complete"] == "true" and len(json.loads(values["targets"])) == 10
    per_target = len(json.dumps(json.loads(values["targets"])[0]).encode())
    many = TARGETS_LIMIT // per_target + 50
    report = replace(
        report, targets=tuple(replace(one, target=replace(one.target, root=f"svc{n}")) for n in range(many))
    )
    values = outputs(Outcome(report, None, None))
    kept = json.loads(values["targets"])
    assert values["targets-complete"] == "false"
    assert 0 < len(kept) < many and kept[-1]["root"] == f"svc{len(kept) - 1}", "the first ones, in order"
    assert len(values["targets"].encode()) <= TARGETS_LIMIT
