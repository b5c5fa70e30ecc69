"""A readable terminal report."""

from __future__ import annotations

from bot.model import Report, VerdictStatus
from bot.packs import load_card, measure
from bot.report import fixtext
from bot.report.common import (
    LABELS,
    SEVERITY_TAGS,
    error_place,
    left_out_lines,
    measured,
    places,
    project,
    provenance,
    ran_on,
    second_latency,
    severity_text,
    summary_counts,
)

MARKS = {
    VerdictStatus.REPRODUCED: "[!!]",
    VerdictStatus.NOT_REPRODUCED: "[ok]",
    VerdictStatus.INCONCLUSIVE: "[??]",
}


def render_text(report: Report) -> str:
    card = load_card()
    lines = [f"{card.title} ({card.links['issue']})", f"scanned {report.path}", ""]
    if not report.targets and report.errors:  # not "no project": some could not be read at all
        lines.append(f"No project here could be checked: {len(report.errors)} problem(s) below.")
    elif not report.targets:
        lines.append(f"No project here resolves {card.package}.")
    for result in report.targets:
        t, v = result.target, result.verdict
        lines.append(
            f"{MARKS[v.status]} {LABELS[v.status].upper():<15} {project(t):<24} {t.package} {t.version}"
        )
        lines.append(f"     from {provenance(t)} ({t.resolution.value})")
        if v.status is VerdictStatus.INCONCLUSIVE:
            lines.append(f"     why: {v.reason}")
        else:
            lines.append(f"     measured: {measured(v)}")
        if v.evidence.get("versions"):
            lines.append(f"     ran on: {ran_on(v)}{' [cached]' if v.cached else ''}")
        lines.extend(f"     note: {note}" for note in t.notes)
        lines.extend(f"     {line}" for line in left_out_lines(t))
        code = severity_text(result.severity, card.triggered_by, result.reachability)
        if code:
            lines.append(f"     code: {code}")
        elif result.reachability is not None and result.reachability.middleware:
            lines.append(f"     code: BaseHTTPMiddleware at {places(result.reachability.middleware)}")
        same = [
            p.pack
            for p in result.packs
            if not p.headline
            and p.verdict.status is v.status is VerdictStatus.INCONCLUSIVE
            and p.verdict.reason == v.reason
        ]
        if same:  # not run for the same reason as the headline (a fork, a vendored copy): said once
            lines.append(f"     also {MARKS[v.status]} {', '.join(same)}: not run either")
        for p in result.packs:
            if p.headline or p.pack in same:
                continue
            shown = LABELS[p.verdict.status]
            what = p.verdict.reason
            if p.verdict.status is not VerdictStatus.INCONCLUSIVE:
                what = measure(p.pack, p.verdict.evidence)
                if what == "n/a":
                    what = p.verdict.reason
            if p.verdict.status is VerdictStatus.REPRODUCED:
                shown = shown.upper()
            tag = f"; {SEVERITY_TAGS[p.severity]}" if p.severity else ""
            lines.append(
                f"     also {MARKS[p.verdict.status]} {p.pack} {shown} (fixed in {p.fixed_in}{tag}): {what}"
            )
            if p.after_fix is not None:
                after = p.after_fix.verdict
                fixed = f"{t.package} {p.after_fix.version}"
                lines.append(f"          on {fixed} (the recommended fix): {LABELS[after.status]}")
        if result.fix is not None:
            fix = result.fix
            lines.append(f"     fix: {fix.change}")
            if fix.verification is not None:
                check = fix.verification
                parent = f" with {fix.package} {fix.recommended_parent}" if fix.recommended_parent else ""
                lines.append(
                    f"     re-run: second request {second_latency(v)} on {t.package} {t.version} now, "
                    f"{second_latency(check)} on {t.package} {fix.recommended}{parent} "
                    f"({LABELS[check.status]})"
                )
            if fix.minimal or fix.recommended:
                lines.append(f"     check: {fixtext.checked(fix, t.package)}")
            for sentence in (fixtext.fell_back(fix, t.package), fixtext.regenerate(fix)):
                if sentence:
                    lines.append(f"     {sentence}")
            lines.extend(f"     tried: {t.package} {c.version}: {c.verdict.reason}" for c in fix.tried)
            if fix.command:
                lines.append(f"     command: {fix.command}")
            lines.extend(
                f"     edit: {e.file}:{e.line}: {e.old.strip()} -> {e.new.strip()}" for e in fix.edits
            )
            lines.extend(f"     note: {note}" for note in fix.notes)
        if result.audit is not None:
            for a in result.audit.advisories:
                fixed = ", ".join(a.fix_versions) or "no fix yet"
                lines.append(f"     advisory: {a.id} in {a.package} {a.version} (fixed in {fixed})")
            if result.audit.error:
                lines.append(f"     advisories not checked: {result.audit.error}")
        lines.append("")
    if report.errors:
        lines.append("errors:")
        for e in report.errors:
            lines.append(f"  {error_place(e)}: {e.message}")
        lines.append("")
    for skipped in report.skipped:
        where = f"skipped {skipped.path} (rule {skipped.pattern!r})"
        lines.append(f"{where}: {len(skipped.manifests)} not read ({skipped.shown()})")
    if report.skipped:
        lines.append("")
    lines.append(f"{len(report.scanned)} files read; {summary_counts(report.targets, len(report.errors))}")
    return "\n".join(lines) + "\n"
