"""The Markdown report: the body of the pull-request comment, the tracking issue and the job summary.

Under the visible marker line each body carries a second hidden line with the state it reports
(which roots reproduced on which version), so the next run can say "was 0.27.0, now 0.29.0".
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from bot.model import Report, TargetResult, VerdictStatus
from bot.packs import load_card
from bot.report.common import LABELS, measured, ms, provenance, ran_on, second_latency, summary_counts
from bot.repro.verdict import second_request_ms

MARKER = "<!-- starlette-2093-check -->"
_STATE = re.compile(r"^<!-- starlette-2093-check:state (\{.*\}) -->$", re.MULTILINE)


def state_of(report: Report) -> dict[str, str]:
    """Root → Starlette version, for every root where the bug reproduced."""
    return {
        r.target.root: r.target.version
        for r in report.targets
        if r.verdict.status is VerdictStatus.REPRODUCED
    }


def read_state(body: str | None) -> dict[str, str]:
    """Root → version where the bug last reproduced, as an earlier body recorded it.

    A body that already reported the fix keeps what was fixed (``was``), so a later run on the
    fixed code still shows "was 0.27.0, now 0.29.0". Empty when there is nothing, or no marker.
    """
    match = _STATE.search(body or "")
    if not match:
        return {}
    try:
        data = json.loads(match.group(1))
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    for key in ("reproduced", "was"):
        value = data.get(key)
        if isinstance(value, dict) and value:
            return {str(k): str(v) for k, v in value.items()}
    return {}


def _state_line(report: Report, previous: Mapping[str, str] | None) -> str:
    now = state_of(report)
    state = {"reproduced": now, "was": {} if now else dict(previous or {})}
    payload = json.dumps(state, sort_keys=True).replace("--", "-\\u002d")  # "--" would end the comment
    return f"<!-- starlette-2093-check:state {payload} -->"


def resolved(report: Report) -> bool:
    """Nothing reproduced, and everything was checked: no inconclusive verdict, no error."""
    return (
        not report.count(VerdictStatus.REPRODUCED)
        and not report.count(VerdictStatus.INCONCLUSIVE)
        and not report.errors
    )


def _row(result: TargetResult) -> str:
    t, v = result.target, result.verdict
    verdict = LABELS[v.status]
    if v.status is VerdictStatus.REPRODUCED:
        verdict = f"**{verdict}**"
    return (
        f"| `{t.root}` | {t.version} | `{provenance(t)}` | {verdict} | "
        f"{second_latency(v) if v.status is not VerdictStatus.INCONCLUSIVE else v.reason} |"
    )


def _fix_lines(result: TargetResult) -> list[str]:
    fix = result.fix
    if fix is None:
        return []
    out = [f"- **`{result.target.root}`**: {fix.change}."]
    check = fix.verification
    if check is None:
        return out
    before = second_request_ms(result.verdict.evidence)
    after = second_request_ms(check.evidence)
    if check.status is VerdictStatus.NOT_REPRODUCED:
        out.append(
            f"  Verified by running the reproduction again on {fix.package} {fix.to_version}: "
            f"the second request took {ms(after)} instead of {ms(before)}."
        )
    else:
        out.append(
            f"  The re-run on {fix.package} {fix.to_version} was {LABELS[check.status]} "
            f"({check.reason}); check the upgrade by hand."
        )
    return out


def title_of(report: Report, previous: Mapping[str, str] | None = None) -> str:
    card = load_card()
    reproduced = report.count(VerdictStatus.REPRODUCED)
    if reproduced:
        return f"reproduced in {reproduced} of {len(report.targets)} project(s)"
    if previous:
        return "resolved" if resolved(report) else "no longer reproduced"
    return "not reproduced" if report.targets else f"no project resolves {card.package}"


def _transitions(report: Report, previous: Mapping[str, str]) -> list[str]:
    """The "was → now" table for roots that reproduced before and no longer do."""
    now = {r.target.root: r for r in report.targets}
    lines = [
        "### Since the last run",
        "",
        "| Project | Was | Now | Verdict now | Second request now |",
        "|---|---|---|---|---|",
    ]
    for root, was in sorted(previous.items()):
        r = now.get(root)
        if r is None:
            lines.append(f"| `{root}` | {was} | no longer resolves starlette | | |")
            continue
        verdict, latency = LABELS[r.verdict.status], second_latency(r.verdict)
        lines.append(f"| `{root}` | {was} | {r.target.version} | {verdict} | {latency} |")
    return [*lines, ""]


def render_markdown(
    report: Report, previous: Mapping[str, str] | None = None, run_url: str | None = None
) -> str:
    """The report as Markdown. ``previous`` is the state an earlier comment recorded (``read_state``)."""
    card = load_card()
    reproduced = [r for r in report.targets if r.verdict.status is VerdictStatus.REPRODUCED]
    title = title_of(report, previous)
    icon = "❌" if reproduced else "✅" if resolved(report) and report.targets else "⚠️" if previous else ""
    heading = f"## {icon + ' ' if icon else ''}Starlette #2093 check: {title}"
    lines = [MARKER, _state_line(report, previous), heading, "", f"> {card.title}", ""]
    if previous and not reproduced:
        if resolved(report):
            lines += ["The bug no longer reproduces anywhere it did before. Re-checked by running it:", ""]
        else:
            lines += [
                "The bug no longer reproduces where it did before, but some projects could not be "
                "checked (below): they are **not** known to be safe.",
                "",
            ]
        lines += _transitions(report, previous)
    if report.targets:
        lines += [
            "| Project | Starlette | Version comes from | Verdict | Second request |",
            "|---|---|---|---|---|",
        ]
        lines += [_row(r) for r in report.targets]
        lines.append("")
    noted = [r for r in report.targets if r.target.notes]
    if noted:
        lines += ["<details><summary>How the versions were found</summary>", ""]
        lines += [f"- `{r.target.root}`: {note}" for r in noted for note in r.target.notes]
        lines += ["", "</details>", ""]
    if reproduced:
        lines += [
            "### What breaks",
            "",
            card.texts["what_broke"],
            "",
            card.texts["mechanism"],
            "",
            "### Evidence",
            "",
        ]
        for r in reproduced:
            lines.append(
                f"- **`{r.target.root}`**: {measured(r.verdict)}. The HTTP and ASGI-level "
                f"checks agree. Ran on {ran_on(r.verdict)}."
            )
        lines += [
            "",
            "### Fix",
            "",
            f"Upgrade {card.package} to {card.fixed_in} or later "
            f"([fix]({card.links['fix']}), [issue]({card.links['issue']})).",
            "",
        ]
        for r in reproduced:
            lines += _fix_lines(r)
        lines += [
            "",
            "### When not to apply it",
            "",
            card.texts["when_not_to_apply"],
            "",
            "### What to watch in production",
            "",
            card.texts["watch_in_production"],
            "",
        ]
    inconclusive = [r for r in report.targets if r.verdict.status is VerdictStatus.INCONCLUSIVE]
    if inconclusive:
        lines += [
            "### Inconclusive",
            "",
            "These could not be checked; they are **not** known to be safe:",
            "",
        ]
        lines += [
            f"- `{r.target.root}` ({r.target.package} {r.target.version}): {r.verdict.reason}"
            for r in inconclusive
        ]
        lines.append("")
    if report.errors:
        lines += [
            f"<details><summary>Files that could not be read or resolved ({len(report.errors)})</summary>",
            "",
        ]
        for e in report.errors:
            where = e.file if e.line is None else f"{e.file}:{e.line}"
            lines.append(f"- `{where}`: {e.message}")
        lines += ["", "</details>", ""]
    counts = summary_counts(report.targets, len(report.errors))
    run = f" [Run log]({run_url})." if run_url else ""
    lines.append(
        f"<sub>{len(report.scanned)} files read; {counts}. "
        f"Verdicts come from running the reproduction, not from version ranges.{run}</sub>"
    )
    return "\n".join(lines) + "\n"
