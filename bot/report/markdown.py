"""The Markdown report: the body of the pull-request comment and of the job summary."""

from __future__ import annotations

from bot.model import Report, TargetResult, VerdictStatus
from bot.packs import load_card
from bot.report.common import LABELS, measured, ms, provenance, ran_on, second_latency, summary_counts
from bot.repro.verdict import second_request_ms

MARKER = "<!-- starlette-2093-check -->"


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


def render_markdown(report: Report) -> str:
    card = load_card()
    reproduced = [r for r in report.targets if r.verdict.status is VerdictStatus.REPRODUCED]
    title = (
        f"reproduced in {len(reproduced)} of {len(report.targets)} project(s)"
        if reproduced
        else "not reproduced"
        if report.targets
        else f"no project resolves {card.package}"
    )
    lines = [MARKER, f"## Starlette #2093 check: {title}", "", f"> {card.title}", ""]
    if report.targets:
        lines += [
            "| Project | Starlette | Version comes from | Verdict | Second request |",
            "|---|---|---|---|---|",
        ]
        lines += [_row(r) for r in report.targets]
        lines.append("")
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
    lines.append(
        f"<sub>{len(report.scanned)} files read; {counts}. "
        "Verdicts come from running the reproduction, not from version ranges.</sub>"
    )
    return "\n".join(lines) + "\n"
