"""The Markdown report: the body of the pull-request comment, the tracking issue and the job summary.

Under the visible marker line each body carries a second hidden line with the state it reports
(which roots reproduced on which version), so the next run can say "was 0.27.0, now 0.29.0".

Every string that comes from the ``Report`` (paths, versions, reasons, notes, messages, custom
packs' titles: text from the scanned checkout or from a report file) goes through ``bot.report.md``;
only our templates, the built-in cards' texts and their links are written as they are. A fix's
``change`` sentence is not shown: the sentence is rebuilt here from the fix's fields, and a fix's
``command`` is shown only when it has the shape of a command our advice writes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import replace

from bot.edit import diff
from bot.model import Advisory, Edit, Fix, PackVerdict, Report, Severity, Target, TargetResult, VerdictStatus
from bot.packs import builtin_card, load_card, measure
from bot.report import fixtext, md
from bot.report.common import (
    CAVEAT,
    LABELS,
    SEVERITY_TAGS,
    left_out_lines,
    measured,
    pack_code_text,
    project,
    provenance,
    ran_on,
    second_latency,
    severity_text,
    summary_counts,
)
from bot.report.load import editable_kind, is_safe_path, is_version

MARKER = "<!-- starlette-2093-check -->"
# The first line of a posted body: MARKER, or MARKER with the scope of one job among several on a
# pull request (``bot.github.sticky.scoped_marker``, which never writes "--" into it).
_MARKER_LINE = re.compile(r"<!-- starlette-2093-check(?: scope=[A-Za-z0-9._/~-]{1,80})? -->")
_STATE = re.compile(r"<!-- starlette-2093-check:state (\{[^\n]*\}) -->")
STATE_ROOTS = 200  # roots the state line records (and reads back); a bound on its size
STATE_CHARS = 64 * 1024


def _stateable(root: str, version: str) -> bool:
    return is_safe_path(root) and len(root) <= 300 and is_version(version)


def state_of(report: Report) -> dict[str, str]:
    """Root → Starlette version, for every root where the bug reproduced (roots that are safe
    relative paths and PEP 440 versions only: the state is read back by the next run). A target
    resolved with an extra or a group is keyed ``root [extra:name]``."""
    state = {
        project(r.target): r.target.version
        for r in report.targets
        if r.verdict.status is VerdictStatus.REPRODUCED and _stateable(project(r.target), r.target.version)
    }
    return dict(list(state.items())[:STATE_ROOTS])


def read_state(body: str | None) -> dict[str, str]:
    """Root → version where the bug last reproduced, as an earlier body recorded it.

    A body that already reported the fix keeps what was fixed (``was``), so a later run on the
    fixed code still shows "was 0.27.0, now 0.29.0". Empty when there is nothing, or no marker.

    The state is a hint, not a fact: it is read only from the line right under the marker, bounded
    in size, and only entries whose root is a safe relative path and whose version is a PEP 440
    version are kept (the renderer escapes them all the same).
    """
    lines = (body or "").split("\n", 2)
    if len(lines) < 2 or not _MARKER_LINE.fullmatch(lines[0].rstrip("\r")) or len(lines[1]) > STATE_CHARS:
        return {}
    match = _STATE.fullmatch(lines[1].rstrip("\r"))
    if not match:
        return {}
    try:
        data = json.loads(match.group(1))
    except (ValueError, RecursionError):
        return {}
    if not isinstance(data, dict):
        return {}
    for key in ("reproduced", "was"):
        value = data.get(key)
        if isinstance(value, dict) and value:
            kept = {
                k: v
                for k, v in value.items()
                if isinstance(k, str) and isinstance(v, str) and _stateable(k, v)
            }
            return dict(list(kept.items())[:STATE_ROOTS])
    return {}


def _state_line(report: Report, previous: Mapping[str, str] | None) -> str:
    now = state_of(report)
    was = {k: v for k, v in (previous or {}).items() if _stateable(k, v)}
    state = {"reproduced": now, "was": {} if now else dict(list(was.items())[:STATE_ROOTS])}
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
        f"| {md.code(project(t))} | {md.text(t.version)} | {md.code(provenance(t))} | {verdict} | "
        f"{md.text(second_latency(v) if v.status is not VerdictStatus.INCONCLUSIVE else v.reason)} |"
    )


def _versions(fix: Fix, package: str, version: str | None, parent: str | None) -> str:
    text = f"{package} {version or '?'}"
    return md.text(f"{text} ({fix.package} {parent})" if fix.package != package and parent else text)


# The commands our advice writes (bot.advise: lock_command, compile_command). A report's command is
# shown only in one of these shapes: plain words, no shell syntax, no option that changes where
# packages come from, no path outside the project.
_PACKAGE = r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?"
_LOCK_COMMAND = re.compile(
    rf"uv lock(?: --upgrade-package {_PACKAGE})+|(?:poetry|pdm|pipenv) update(?: {_PACKAGE})+"
)
_COMPILE_COMMAND = re.compile(
    r"(?:pip-compile|uv pip compile)(?: (?:[A-Za-z0-9_./=:@+,%-]+|'[A-Za-z0-9_./=:@+,% -]*'))*"
)
_SOURCE_OPTIONS = (
    "--index-url",
    "--extra-index-url",
    "--index",
    "--default-index",
    "--find-links",
    "--trusted-host",
    "--pip-args",
    "--cert",
    "--client-cert",
    "--config-file",
    "--keyring-provider",
)
MAX_COMMAND = 500


def shown_command(command: str | None) -> str | None:
    """``command`` if it has the shape of a lock or compile command our advice writes, else None."""
    if not command or len(command) > MAX_COMMAND:
        return None
    if _LOCK_COMMAND.fullmatch(command):
        return command
    if not _COMPILE_COMMAND.fullmatch(command):
        return None
    for word in command.split(" "):
        value = word.strip("'").split("=", 1)[-1]
        if "://" in word or "@" in word or word.startswith(("-i", "-f")):
            return None
        if word.split("=", 1)[0] in _SOURCE_OPTIONS:
            return None
        if value.startswith(("/", "~")) or ".." in value.split("/"):
            return None
    return command


# What a version change may put into a manifest line where it differs from the old one: the
# specifier, and for TOML its quotes and a ``version =`` key. Never an option, a URL or a separator.
_SPEC_CHANGE = re.compile(r"""[A-Za-z0-9_.=<>!~,*^ "'+-]{0,200}""")
_BREAKS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def plausible_edit(edit: Edit) -> bool:
    """Whether ``edit`` looks like an edit our advice makes: one line of a manifest kind we edit,
    changed only in a version specifier. Others (a report's ``curl ... | bash`` into a workflow, an
    ``--index-url`` appended to a requirement) are never shown as something to apply."""
    old, new = edit.old, edit.new
    if editable_kind(edit.file) is None or old == new or any(c in old + new for c in _BREAKS):
        return False
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    changed = new[start : len(new) - end]
    return bool(_SPEC_CHANGE.fullmatch(changed)) and "--" not in changed and " -" not in changed


NOT_SHOWN = "an edit the report names is not shown: it is not a version change this action makes"
NO_COMMAND = (
    "update the lock or compiled file with the tool that manages it (the command the report names "
    "is not shown: it is not one this action writes)"
)


def fix_sentence(
    fix: Fix,
    target: Target,
    text: Callable[[str], str] = md.text,
    code: Callable[[str], str] = md.code,
) -> str:
    """What to do, as one sentence built from the fix's fields: first the minimum, then how.

    It says what ``bot.advise.with_sentence`` says, but every value goes through ``text`` or
    ``code`` (Markdown by default) and the command only when ``shown_command`` accepts it. The
    fix's own ``change`` text is never used: it may come from a report file.
    """
    package = target.package
    if fix.minimal is None and fix.recommended is None:  # no release passed
        tried = ", ".join(f"{c.version} ({c.verdict.status.value})" for c in fix.tried) or "none"
        return (
            f"no release of {text(package)} from {text(fix.to_version)} on passed the reproduction "
            f"here (tried: {text(tried)}); check the upgrade by hand"
        )
    if fix.package != package:
        head = (
            f"upgrade {text(fix.package)} to {text(fix.to_version)} or later ({text(fix.from_version)} "
            f"now; {text(fix.to_version)} is its first release that allows {text(package)} "
            f"{text(fix.minimal or '?')})"
        )
    else:
        head = f"upgrade {text(package)} to {text(fix.to_version)} or later ({text(fix.from_version)} now)"
    if fix.check is not None and not fix.check.resolves:
        files = ", ".join(text(f) for f in fix.check.files)
        why = f"no change is suggested, because with it the requirements in {files} do not resolve"
        return f"{head}: {why} (see the notes)"
    steps = [
        f"change {text(e.file)}:{e.line} to {code(e.new.strip())}" for e in fix.edits if plausible_edit(e)
    ]
    if any(not plausible_edit(e) for e in fix.edits):
        steps.append(f"edit by hand ({NOT_SHOWN})")
    command = shown_command(fix.command)
    if command:
        steps.append(f"run {code(command)}")
    elif fix.command:
        steps.append(NO_COMMAND)
    elif fix.regenerate:
        steps.append(f"regenerate {text(fix.regenerate)} with the tool that wrote it")
    if not steps and not fix.notes:
        steps.append(f"update the requirement at {text(str(fix.location))}")
    return f"{head}: {', then '.join(steps)}" if steps else head


def _advisory_ids(advisories: Iterable[Advisory]) -> str:
    return ", ".join(
        f"{md.text(a.id)} (fixed in {md.text(', '.join(a.fix_versions) or 'no release yet')})"
        for a in advisories
    )


def _diff_block(edit_text: str, indent: str) -> list[str]:
    """A fenced ``diff`` block; no line of it can close the fence or start another line."""
    return md.fenced(edit_text, "diff", indent)


def _fix_lines(result: TargetResult, suggested: Collection[tuple[str, int]]) -> list[str]:
    fix, t = result.fix, result.target
    if fix is None:
        return []
    out = [f"- **{md.code(project(t))}**: {fix_sentence(fix, t)}.", ""]
    check = fix.verification
    if check is not None:
        after = LABELS[check.status] if check.status is not VerdictStatus.NOT_REPRODUCED else "passes"
        out += [
            "  | | Versions | Second request | Reproduction |",
            "  |---|---|---|---|",
            f"  | Now | {_versions(fix, t.package, t.version, fix.from_version)} | "
            f"{md.text(second_latency(result.verdict))} | reproduced |",
            f"  | Recommended | {_versions(fix, t.package, fix.recommended, fix.recommended_parent)} | "
            f"{md.text(second_latency(check))} | {after} |",
        ]
        for tried in fix.tried:
            out.append(
                f"  | Tried | {md.text(t.package)} {md.text(tried.version)} | "
                f"{md.text(second_latency(tried.verdict))} | "
                f"{LABELS[tried.verdict.status]}: {md.text(tried.verdict.reason)} |"
            )
        out.append("")
        if check.status is not VerdictStatus.NOT_REPRODUCED:
            out += [f"  The re-run did not pass ({md.text(check.reason)}); check the upgrade by hand.", ""]
    if fix.minimal:
        out.append(
            f"  Minimal fix: {md.text(t.package)} {md.text(fix.minimal)}, the lowest release on which "
            "the reproduction passes."
        )
    if fix.minimal or fix.recommended:
        out.append(f"  {md.text(fixtext.checked(fix, t.package), 2000)}")
    for sentence in (fixtext.fell_back(fix, t.package), fixtext.regenerate(fix)):
        if sentence:
            out.append(f"  {md.text(sentence, 2000)}")
    current = result.audit.of(t.package) if result.audit else ()
    cleared = [a for a in current if a.id not in {r.id for r in fix.remaining}]
    if cleared:
        out.append(f"  The recommendation also clears {_advisory_ids(cleared)}.")
    if fix.remaining:
        out.append(
            f"  It still has {_advisory_ids(fix.remaining)}: the project's other requirements keep "
            f"{md.text(t.package)} below the fixed release."
        )
    for edit in fix.edits:
        if not plausible_edit(edit):
            out += ["", f"  {NOT_SHOWN[0].upper()}{NOT_SHOWN[1:]}."]
            continue
        if (edit.file, edit.line) in suggested:
            out.append(
                f"  A review comment on {md.code(f'{edit.file}:{edit.line}')} carries this change as a "
                "suggestion."
            )
        else:
            out += ["", *_diff_block(diff(edit), "  ")]
        if edit.hashed:
            out.append(
                f"  {md.code(edit.file)} pins hashes: regenerate them after the change "
                "(`scan --fix` does it)."
            )
    command = shown_command(fix.command)
    if command:
        out.append(f"  Then run {md.code(command)}." if fix.edits else f"  Run {md.code(command)}.")
    elif fix.command:
        out.append(
            "  Then update the lock or compiled file with the tool that manages it: the command in the "
            "report is not shown, because it is not one this action writes."
        )
    out += [f"  Note: {md.text(note, 1000)}" for note in fix.notes]
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
                f"| {md.code(project(r.target))} | {md.text(a.package)} {md.text(a.version)} | "
                f"{md.text(a.id)} | {md.text(fixed)} | {_cell(a.summary)} |"
            )
        if r.audit.error:
            problems.append(f"- {md.code(project(r.target))}: {md.text(r.audit.error, 1000)}")
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
        f" (custom pack, {md.code(p.source)})"
        if p.custom and p.source
        else " (custom pack)"
        if p.custom
        else ""
    )
    return f"{md.code(p.pack)}: {_cell(p.title, 90)}{origin}"


def _pack_evidence(p: PackVerdict) -> str:
    """What a pack's run measured, in a few words (its verdict module's ``measure``), else its reason."""
    shown = measure(p.pack, p.verdict.evidence)
    return _cell(shown, 300) if shown != "n/a" else _cell(p.verdict.reason, 300)


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
                f"| {_bug(p) if n == 0 else ''} | {md.text(p.fixed_in) if n == 0 else ''} | "
                f"{md.code(project(r.target))} ({md.text(r.target.package)} {md.text(r.target.version)}) | "
                f"{verdict} | "
                f"{SEVERITY_TAGS[p.severity] if p.severity else ''} |"
            )
        reproduced = [(r, p) for r, p in rows if p.verdict.status is VerdictStatus.REPRODUCED]
        if reproduced:
            first = reproduced[0][1]
            card = builtin_card(first.pack)
            texts = card.texts if card is not None else {}
            details += [
                f"<details><summary>{md.html(first.pack)}: what breaks, and the evidence</summary>",
                "",
            ]
            for key in ("what_broke", "mechanism"):
                if key in texts:
                    details += [texts[key], ""]
            for r, p in reproduced:
                details.append(
                    f"- {md.code(project(r.target))} ({md.text(r.target.package)} "
                    f"{md.text(r.target.version)}): {_pack_evidence(p)}."
                )
                code = pack_code_text(p, r.reachability)
                if code:
                    details.append(f"  {md.text(code, 1000)}")
                if p.after_fix is not None:
                    after = p.after_fix.verdict
                    details.append(
                        f"  On {md.text(r.target.package)} {md.text(p.after_fix.version)}, the recommended "
                        f"fix above: {LABELS[after.status]} ({_pack_evidence(replace(p, verdict=after))})."
                    )
            if any(p.severity is Severity.DEPENDENCY for _, p in reproduced):
                details += ["", CAVEAT]
            package = reproduced[0][0].target.package
            fixed = (
                f"Its card says it is fixed in {md.text(package)} {md.text(first.fixed_in)}."
                if first.custom
                else f"Fixed upstream in {md.text(package)} {md.text(first.fixed_in)}."
            )
            details += ["", fixed, ""]
            details += ["</details>", ""]
    return [*lines, "", *details]


def _cell(text: str, limit: int = 120) -> str:
    return md.text(text, limit)


def headline() -> str:
    """ "Starlette #2093" as a link to the upstream issue. Written bare, GitHub would link "#2093"
    to the issue of that number in the repository the comment is posted in, and mark it
    "mentioned" there."""
    card = load_card()
    return f"[Starlette #2093]({card.links['issue']})"


def title_of(report: Report, previous: Mapping[str, str] | None = None) -> str:
    card = load_card()
    reproduced = report.count(VerdictStatus.REPRODUCED)
    if reproduced:
        return f"reproduced in {reproduced} of {len(report.targets)} project(s)"
    if previous:
        return "resolved" if resolved(report) else "no longer reproduced"
    unchecked = report.count(VerdictStatus.INCONCLUSIVE)
    if unchecked:  # never "not reproduced" for something that was not checked
        return f"{unchecked} of {len(report.targets)} project(s) could not be checked"
    if report.errors:
        return "not reproduced; some files could not be read" if report.targets else "files could not be read"
    return "not reproduced" if report.targets else f"no project resolves {card.package}"


def _transitions(report: Report, previous: Mapping[str, str]) -> list[str]:
    """The "was → now" table for roots that reproduced before and no longer do."""
    now = {project(r.target): r for r in report.targets}
    lines = [
        "### Since the last run",
        "",
        "| Project | Was | Now | Verdict now | Second request now |",
        "|---|---|---|---|---|",
    ]
    for root, was in sorted(previous.items()):
        r = now.get(root)
        if r is None:
            lines.append(f"| {md.code(root)} | {md.text(was)} | no longer resolves starlette | | |")
            continue
        verdict, latency = LABELS[r.verdict.status], md.text(second_latency(r.verdict))
        lines.append(
            f"| {md.code(root)} | {md.text(was)} | {md.text(r.target.version)} | {verdict} | {latency} |"
        )
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
    heading = f"## {icon + ' ' if icon else ''}{headline()} check: {title}"
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
    approximate = [r for r in report.targets if r.target.left_out]
    if approximate:
        lines += [
            "**Approximate versions.** The whole set of requirements could not be resolved here, so "
            "the version was resolved without the requirements below; a full install may differ:",
            "",
        ]
        lines += [
            f"- {md.code(project(r.target))}: {md.text(line, 1000)}"
            for r in approximate
            for line in left_out_lines(r.target)
        ]
        lines.append("")
    noted = [r for r in report.targets if r.target.notes]
    if noted:
        lines += ["<details><summary>How the versions were found</summary>", ""]
        lines += [
            f"- {md.code(project(r.target))}: {md.text(note, 1000)}" for r in noted for note in r.target.notes
        ]
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
                f"- **{md.code(project(r.target))}**: {md.text(measured(r.verdict), 1000)}. The HTTP and "
                f"ASGI-level checks agree. Ran on {md.text(ran_on(r.verdict))}."
            )
            code = severity_text(r.severity, card.triggered_by, r.reachability)
            if code:
                lines.append(f"  {md.text(code, 1000)}")
        lines += [
            "",
            "### Fix",
            "",
            f"Upstream fixed it in {card.package} {card.fixed_in} "
            f"([fix]({card.links['fix']}), [issue]({card.links['issue']})). For each project, the change "
            "below was computed from the index. It is verified when the changed requirements resolve again "
            "and the reproduction passes on what they resolve to; each one says whether it is:",
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
            f"- {md.code(project(r.target))} ({md.text(r.target.package)} {md.text(r.target.version)}): "
            f"{md.text(r.verdict.reason, 1000)}"
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
            roots = f" ({md.text(', '.join(e.roots))})" if e.roots else ""
            lines.append(f"- {md.code(where)}{roots}: {md.text(e.message, 1000)}")
        lines += ["", "</details>", ""]
    counts = summary_counts(report.targets, len(report.errors))
    run = f" [Run log]({run_url})." if run_url else ""
    lines.append(
        f"<sub>{len(report.scanned)} files read; {counts}. "
        f"Verdicts come from running the reproduction, not from version ranges.{run}</sub>"
    )
    return "\n".join(lines) + "\n"
