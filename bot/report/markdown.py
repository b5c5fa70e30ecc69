"""The Markdown report: the body of the pull-request comment, the tracking issue and the job summary.

Under the visible marker line each body carries a second hidden line with the state it reports
(which roots reproduced on which version), so the next run can say "was 0.27.0, now 0.29.0".
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import replace

from bot.edit import diff
from bot.model import Advisory, Fix, PackVerdict, Report, Severity, TargetResult, VerdictStatus
from bot.packs import builtin_card, load_card, measure
from bot.report.common import (
    CAVEAT,
    LABELS,
    SEVERITY_TAGS,
    measured,
    pack_code_text,
    provenance,
    ran_on,
    second_latency,
    severity_text,
    summary_counts,
)

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


def _versions(fix: Fix, package: str, version: str | None, parent: str | None) -> str:
    text = f"{package} {version or '?'}"
    return f"{text} ({fix.package} {parent})" if fix.package != package and parent else text


def _advisory_ids(advisories: Iterable[Advisory]) -> str:
    return ", ".join(f"{a.id} (fixed in {', '.join(a.fix_versions) or 'no release yet'})" for a in advisories)


def _fix_lines(result: TargetResult, suggested: Collection[tuple[str, int]]) -> list[str]:
    fix, t = result.fix, result.target
    if fix is None:
        return []
    out = [f"- **`{t.root}`**: {fix.change}.", ""]
    check = fix.verification
    if check is not None:
        after = LABELS[check.status] if check.status is not VerdictStatus.NOT_REPRODUCED else "passes"
        out += [
            "  | | Versions | Second request | Reproduction |",
            "  |---|---|---|---|",
            f"  | Now | {_versions(fix, t.package, t.version, fix.from_version)} | "
            f"{second_latency(result.verdict)} | reproduced |",
            f"  | Recommended | {_versions(fix, t.package, fix.recommended, fix.recommended_parent)} | "
            f"{second_latency(check)} | {after} |",
        ]
        for tried in fix.tried:
            out.append(
                f"  | Tried | {t.package} {tried.version} | {second_latency(tried.verdict)} | "
                f"{LABELS[tried.verdict.status]}: {tried.verdict.reason} |"
            )
        out.append("")
        if check.status is not VerdictStatus.NOT_REPRODUCED:
            out += [f"  The re-run did not pass ({check.reason}); check the upgrade by hand.", ""]
    if fix.minimal:
        out.append(
            f"  Minimal fix: {t.package} {fix.minimal}, the lowest release on which the reproduction passes."
        )
    current = result.audit.of(t.package) if result.audit else ()
    cleared = [a for a in current if a.id not in {r.id for r in fix.remaining}]
    if cleared:
        out.append(f"  The recommendation also clears {_advisory_ids(cleared)}.")
    if fix.remaining:
        out.append(
            f"  It still has {_advisory_ids(fix.remaining)}: the project's other requirements keep "
            f"{t.package} below the fixed release."
        )
    for edit in fix.edits:
        if (edit.file, edit.line) in suggested:
            out.append(
                f"  A review comment on `{edit.file}:{edit.line}` carries this change as a suggestion."
            )
        else:
            out += ["", "  ```diff", *(f"  {line}" for line in diff(edit).splitlines()), "  ```"]
        if edit.hashed:
            out.append(
                f"  `{edit.file}` pins hashes: regenerate them after the change (`scan --fix` does it)."
            )
    if fix.command:
        out.append(f"  Then run `{fix.command}`." if fix.edits else f"  Run `{fix.command}`.")
    out += [f"  Note: {note}" for note in fix.notes]
    return [*out, ""]


def _advisory_lines(report: Report) -> list[str]:
    """Known advisories per project, from pip-audit; an audit that failed says so."""
    audited = [r for r in report.targets if r.audit is not None]
    if not audited:
        return []
    rows = []
    problems = []
    for r in audited:
        assert r.audit is not None
        for a in r.audit.advisories:
            fixed = ", ".join(a.fix_versions) or "none yet"
            rows.append(
                f"| `{r.target.root}` | {a.package} {a.version} | {a.id} | {fixed} | {_cell(a.summary)} |"
            )
        if r.audit.error:
            problems.append(f"- `{r.target.root}`: {r.audit.error}")
    if not rows and not problems:
        checked = sum(len(r.audit.audited) for r in audited if r.audit)
        return [f"No known advisories for the {checked} package version(s) audited (pip-audit).", ""]
    lines = ["### Known advisories", ""]
    if rows:
        lines += ["| Project | Package | Advisory | Fixed in | Summary |", "|---|---|---|---|---|", *rows, ""]
    if problems:
        lines += ["Advisories could not be checked for (not known to be clear):", "", *problems, ""]
    return lines


def _bug(p: PackVerdict) -> str:
    """The bug's name, linked to upstream for built-in packs (links come from our cards, never
    from a report file, which may have been written by a pull request's workflow)."""
    card = builtin_card(p.pack)
    if card is not None and "issue" in card.links:
        return f"[{card.id}]({card.links['issue']}): {_cell(card.title, 90)}"
    origin = (
        f" (custom pack, `{p.source}`)" if p.custom and p.source else " (custom pack)" if p.custom else ""
    )
    return f"`{p.pack}`: {_cell(p.title, 90)}{origin}"


def _pack_evidence(p: PackVerdict) -> str:
    """What a pack's run measured, in a few words (its verdict module's ``measure``), else its reason."""
    shown = measure(p.pack, p.verdict.evidence)
    return shown if shown != "n/a" else _cell(p.verdict.reason, 300)


def _pack_lines(report: Report) -> list[str]:
    """The other packs, grouped by bug: one row per project, each verdict from its own run."""
    order: dict[str, list[tuple[TargetResult, PackVerdict]]] = {}
    for r in report.targets:
        for p in r.packs:
            if not p.headline:
                order.setdefault(p.pack, []).append((r, p))
    if not order:
        return []
    lines = [
        "### Related bugs in the same machinery",
        "",
        "Each one is checked by running its own reproduction against the same versions. They are "
        "reported here; the verdict above (and the exit code) follows the headline bug.",
        "",
        "| Bug | Fixed in | Project | Verdict | Your code |",
        "|---|---|---|---|---|",
    ]
    details: list[str] = []
    for rows in order.values():
        for n, (r, p) in enumerate(rows):
            v = p.verdict
            verdict = LABELS[v.status]
            if v.status is VerdictStatus.REPRODUCED:
                verdict = f"**{verdict}**"
            elif v.status is VerdictStatus.INCONCLUSIVE:
                verdict = f"{verdict}: {_cell(v.reason, 100)}"
            lines.append(
                f"| {_bug(p) if n == 0 else ''} | {p.fixed_in if n == 0 else ''} | `{r.target.root}` "
                f"({r.target.package} {r.target.version}) | {verdict} | "
                f"{SEVERITY_TAGS[p.severity] if p.severity else ''} |"
            )
        reproduced = [(r, p) for r, p in rows if p.verdict.status is VerdictStatus.REPRODUCED]
        if reproduced:
            first = reproduced[0][1]
            card = builtin_card(first.pack)
            texts = card.texts if card is not None else {}
            details += [f"<details><summary>{first.pack}: what breaks, and the evidence</summary>", ""]
            for key in ("what_broke", "mechanism"):
                if key in texts:
                    details += [texts[key], ""]
            for r, p in reproduced:
                details.append(
                    f"- `{r.target.root}` ({r.target.package} {r.target.version}): {_pack_evidence(p)}."
                )
                code = pack_code_text(p, r.reachability)
                if code:
                    details.append(f"  {code}")
                if p.after_fix is not None:
                    after = p.after_fix.verdict
                    details.append(
                        f"  On {r.target.package} {p.after_fix.version}, the recommended fix above: "
                        f"{LABELS[after.status]} ({_pack_evidence(replace(p, verdict=after))})."
                    )
            if any(p.severity is Severity.DEPENDENCY for _, p in reproduced):
                details += ["", CAVEAT]
            package = reproduced[0][0].target.package
            fixed = (
                f"Its card says it is fixed in {package} {first.fixed_in}."
                if first.custom
                else f"Fixed upstream in {package} {first.fixed_in}."
            )
            details += ["", fixed, ""]
            details += ["</details>", ""]
    return [*lines, "", *details]


def _cell(text: str, limit: int = 120) -> str:
    text = " ".join(text.split()).replace("|", "\\|")
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
    report: Report,
    previous: Mapping[str, str] | None = None,
    run_url: str | None = None,
    suggested: Collection[tuple[str, int]] = (),
) -> str:
    """The report as Markdown.

    ``previous`` is the state an earlier comment recorded (``read_state``); ``suggested`` are the
    (file, line) pairs that carry a review-comment suggestion, so the body points there instead
    of repeating the diff.
    """
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
            code = severity_text(r.severity, card.triggered_by, r.reachability)
            if code:
                lines.append(f"  {code}")
        lines += [
            "",
            "### Fix",
            "",
            f"Upstream fixed it in {card.package} {card.fixed_in} "
            f"([fix]({card.links['fix']}), [issue]({card.links['issue']})). For each project, the change "
            "below was computed from the index and checked by running the reproduction again:",
            "",
        ]
        for r in reproduced:
            lines += _fix_lines(r, suggested)
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
    lines += _pack_lines(report)
    lines += _advisory_lines(report)
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
