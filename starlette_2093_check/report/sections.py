"""The sections of the Markdown report, each a piece of Markdown the comment template places.

Every string that comes from the ``Report`` (paths, versions, reasons, notes, messages, custom
packs' ids and titles: text from the scanned checkout or from a report file) goes through
``report.md`` or ``report.links``; only the section templates, the built-in cards' texts
and their links are written as they are. What of a fix is shown as something to do is decided by
``starlette_2093_check.report.fixshape``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cached_property

from starlette_2093_check import NAME, __version__
from starlette_2093_check.deployedfix import is_deployed
from starlette_2093_check.edit import diff
from starlette_2093_check.model import (
    Advisory,
    Fix,
    PackVerdict,
    PolicyOutcome,
    Report,
    RuleState,
    Severity,
    TargetResult,
    VerdictStatus,
)
from starlette_2093_check.packs import Card, builtin_card, measure
from starlette_2093_check.policy.rules import entry_note
from starlette_2093_check.report import fixtext, md
from starlette_2093_check.report.common import (
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
from starlette_2093_check.report.fixshape import NOT_SHOWN, fix_sentence, plausible_edit, shown_command
from starlette_2093_check.report.links import Links, advisory, linked_text, place
from starlette_2093_check.report.template import section

Key = tuple[str, int]  # (file, line) of an edit


@dataclass(frozen=True)
class View:
    """What every section reads: the report, where its places link to, and the (file, line) of the
    edits posted as review suggestions."""

    report: Report
    links: Links | None = None
    suggested: Collection[Key] = ()

    @cached_property
    def files(self) -> frozenset[str]:
        """Every file the report names: a ``file:line`` in a sentence is linked only to one of these."""
        files = set(self.report.scanned) | {e.file for e in self.report.errors}
        for r in self.report.targets:
            files.add(r.target.source.file)
            files.update(item.location.file for item in r.target.left_out)
            if r.reachability is not None:
                files.update(f.file for f in r.reachability.middleware + r.reachability.background)
            if r.fix is not None:
                files.add(r.fix.location.file)
                files.update(e.file for e in r.fix.edits + r.fix.minimal_view().edits)
        return frozenset(files)

    def sentence(self, plain: str, limit: int | None = md.DEFAULT_LIMIT) -> str:
        """One of our sentences with report values in it, its places linked."""
        return linked_text(plain, self.links, self.files, limit)

    def reproduced(self) -> list[TargetResult]:
        return [r for r in self.report.targets if r.verdict.status is VerdictStatus.REPRODUCED]


# -- the table ------------------------------------------------------------------------------------


def related_reproduced(result: TargetResult) -> list[PackVerdict]:
    """The other packs that reproduced in this project."""
    return [p for p in result.packs if not p.headline and p.verdict.status is VerdictStatus.REPRODUCED]


def shown_fix(r: TargetResult) -> Fix | None:
    """The fix the comment shows as the change to make: the minimal one, which ``scan --fix`` and
    the one-click suggestion apply (``Fix.minimal_view``; a report without it: its recommendation)."""
    return r.fix.minimal_view() if r.fix is not None else None


def _now_to_fix(r: TargetResult) -> str:
    t, fix = r.target, shown_fix(r)
    now = md.text(t.version) + (" (approximate)" if t.left_out else "")
    if fix is None or r.verdict.status is not VerdictStatus.REPRODUCED:
        return now
    to = fix.recommended or fix.minimal
    if to is None:
        return f"{now} → no release passed"
    cell = f"{now} → {md.text(to)}"
    if fix.package != t.package:
        parent = fix.recommended_parent or f"{fix.to_version} or later"
        cell += f" ({md.text(fix.package)} {md.text(fix.from_version)} → {md.text(parent)})"
    return cell if fix.verified else f"{cell}, not verified"


def _acceptance_lines(r: TargetResult, policy: PolicyOutcome | None) -> str:
    """One line per finding in ``r`` that an ignore entry covers: ``accepted until 2027-03-01:
    reason`` (an expired one says so: it counts again)."""
    if policy is None:
        return ""
    lines = []
    for p in r.packs or ():
        covered = policy.acceptance(r.target.root, r.target.variant, p.pack)
        if covered is None or p.verdict.status is not VerdictStatus.REPRODUCED:
            continue
        who = "" if p.headline else f"{md.text(p.pack)}: "
        lines.append(f"<br>{'⏰ ' if covered.expired else ''}{who}{md.text(covered.shown(), 300)}")
    return "".join(lines)


def _verdict_cell(r: TargetResult, policy: PolicyOutcome | None = None) -> str:
    status = r.verdict.status
    related = related_reproduced(r)
    if status is VerdictStatus.REPRODUCED:
        cell = f"❌ **reproduced** (second request: {md.text(second_latency(r.verdict))})"
    elif status is VerdictStatus.INCONCLUSIVE:
        cell = "⚠️ inconclusive: not checked"
    else:  # green only when nothing else reproduced in the project either
        cell = f"{'⚠️' if related else '✅'} not reproduced"
    if related:
        also = ", ".join(
            md.text(p.pack)
            + (
                " (**triggered in your app**)"
                if p.severity is Severity.TRIGGERED
                else f" ({SEVERITY_TAGS[p.severity]})"
                if p.severity
                else ""
            )
            for p in related
        )
        cell += f"; also reproduced: {also}"
    return cell + _acceptance_lines(r, policy)


def _triggered_cell(r: TargetResult, links: Links | None) -> str:
    if r.verdict.status is not VerdictStatus.REPRODUCED:
        return "—"
    reach = r.reachability
    if reach is None:
        return "not read"
    if r.severity is Severity.TRIGGERED:
        findings = reach.middleware + reach.background
        more = f" and {len(findings) - 1} more" if len(findings) > 1 else ""
        return f"**yes**: {place(links, findings[0].file, findings[0].line)}{more}" if findings else "**yes**"
    if r.severity is Severity.DEPENDENCY:
        return "no: in a dependency" + (" (not every file could be read)" if reach.note else "")
    return "—"


def table(view: View) -> str:
    if not view.report.targets:
        return ""
    rows = [
        f"| {md.code(project(r.target))} | {_now_to_fix(r)} | {_verdict_cell(r, view.report.policy)} | "
        f"{_triggered_cell(r, view.links)} |"
        for r in view.report.targets
    ]
    return section("table", rows="\n".join(rows))


# -- what to do -----------------------------------------------------------------------------------


def fix(view: View, card: Card) -> str:
    """One line per reproduced project: the change and the command, and where a click applies it."""
    reproduced = view.reproduced()
    if not reproduced:
        return ""
    items = []
    for r in reproduced:
        t, f = r.target, shown_fix(r)
        if f is None:
            items.append(f"- {md.code(project(t))}: no change was computed for this project.")
            continue
        sentence = fix_sentence(f, t, where=lambda file, line: place(view.links, file, line, code=False))
        status = ""
        if f.minimal or f.recommended:
            status = " Verified." if f.verified else " **Not verified**: see how the fix was checked, below."
        clicks = [e for e in f.edits if (e.file, e.line) in view.suggested and plausible_edit(e)]
        click = "".join(
            f" One click: the review comment on {place(view.links, e.file, e.line)} carries this change "
            "as a suggestion."
            for e in clicks
        )
        items.append(f"- {md.code(project(t))}: {sentence}.{status}{click}")
    return section(
        "fix",
        package=card.package,
        fixed_in=card.fixed_in,
        fix_link=card.links["fix"],
        issue_link=card.links["issue"],
        projects="\n".join(items),
    )


def unchecked(view: View) -> str:
    rows = [r for r in view.report.targets if r.verdict.status is VerdictStatus.INCONCLUSIVE]
    if not rows:
        return ""
    items = [
        f"- {md.code(project(r.target))} ({md.text(r.target.package)} {md.text(r.target.version)}): "
        f"{view.sentence(r.verdict.reason, 1000)}"
        for r in rows
    ]
    return section("unchecked", projects="\n".join(items))


# -- collapsed sections ---------------------------------------------------------------------------


def evidence(view: View, card: Card) -> str:
    reproduced = view.reproduced()
    if not reproduced:
        return ""
    items = []
    for r in reproduced:
        items.append(
            f"- **{md.code(project(r.target))}**: {md.text(measured(r.verdict), 1000)}. The HTTP and "
            f"ASGI-level checks agree. Ran on {md.text(ran_on(r.verdict))}."
        )
        code = severity_text(r.severity, card.triggered_by, r.reachability)
        if code:
            items.append(f"  {view.sentence(code, 1000)}")
    return section(
        "evidence",
        what_broke=card.texts["what_broke"],
        mechanism=card.texts["mechanism"],
        projects="\n".join(items),
    )


def _versions(fix: Fix, package: str, version: str | None, parent: str | None) -> str:
    text = f"{package} {version or '?'}"
    return md.text(f"{text} ({fix.package} {parent})" if fix.package != package and parent else text)


def _advisory_ids(advisories: Iterable[Advisory]) -> str:
    return ", ".join(
        f"{advisory(a.id)} (fixed in {md.text(', '.join(a.fix_versions) or 'no release yet')})"
        for a in advisories
    )


def _newest_line(fix: Fix, package: str, how: str = ", `scan --fix=latest`") -> str | None:
    """One line for the newest set the project allows, beside the minimal fix shown; ``how``
    applies it (nothing for what is deployed: it is rebuilt, not edited)."""
    newest = fixtext.newest(fix, package)
    if newest is None:
        return None
    parent = f" ({md.text(fix.package)} {md.text(newest.parent)})" if newest.parent else ""
    line = (
        f"  Newest allowed: {md.text(package)} {md.text(newest.version)}{parent}, "
        f"{'verified' if newest.verified else 'not verified'}{how}"
    )
    if not newest.audited:
        return f"{line}; its advisories could not be checked."
    if newest.clears:
        line += f"; clears {_advisory_ids(newest.clears)}"
    if newest.still:
        line += f"; still has {_advisory_ids(newest.still)}"
    return f"{line}."


def _fix_lines(view: View, result: TargetResult) -> list[str]:
    fix, t = shown_fix(result), result.target
    if fix is None:
        return []
    how = "" if is_deployed(t) else ", `scan --fix=latest`"
    newest = _newest_line(result.fix, t.package, how) if result.fix is not None else None
    out = [f"- **{md.code(project(t))}**", ""]
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
        out.append(f"  {view.sentence(fixtext.checked(fix, t.package), 2000)}")
    # Why the newest set is not offered: the recommendation's (the fix shown has no ``fallback``).
    fell_back = fixtext.fell_back(result.fix, t.package) if result.fix is not None else None
    for sentence in (fell_back, fixtext.regenerate(fix)):
        if sentence:
            out.append(f"  {view.sentence(sentence, 2000)}")
    current = result.audit.of(t.package) if result.audit and fixtext.audited(fix, t.package) else ()
    cleared = [a for a in current if a.id not in {r.id for r in fix.remaining}]
    if cleared:
        which = "The change" if newest is not None else "The recommendation"
        out.append(f"  {which} also clears {_advisory_ids(cleared)}.")
    if fix.remaining and newest is not None:  # the minimal fix: the newest set's line says what it clears
        out.append(f"  It still has {_advisory_ids(fix.remaining)}.")
    elif fix.remaining:
        out.append(
            f"  It still has {_advisory_ids(fix.remaining)}: the project's other requirements keep "
            f"{md.text(t.package)} below the fixed release."
        )
    for edit in fix.edits:
        if not plausible_edit(edit):
            out += ["", f"  {NOT_SHOWN[0].upper()}{NOT_SHOWN[1:]}."]
            continue
        if (edit.file, edit.line) in view.suggested:
            out.append(
                f"  A review comment on {place(view.links, edit.file, edit.line)} carries this change as a "
                "suggestion."
            )
        else:
            out += ["", *md.fenced(diff(edit), "diff", "  ")]
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
    if newest is not None:
        out.append(newest)
    out += [f"  Note: {view.sentence(note, 1000)}" for note in fix.notes]
    return [*out, ""]


def fix_details(view: View) -> str:
    lines = [line for r in view.reproduced() for line in _fix_lines(view, r)]
    return section("fix-details", projects="\n".join(lines)) if lines else ""


def versions(view: View) -> str:
    targets = view.report.targets
    if not targets:
        return ""
    items = []
    for r in targets:
        t = r.target
        items.append(
            f"- {md.code(project(t))}: {md.text(t.package)} {md.text(t.version)} from "
            f"{view.sentence(provenance(t), 1000)}"
        )
        items += [f"  - {view.sentence(note, 1000)}" for note in t.notes]
        items += [f"  - {view.sentence(line, 1000)}" for line in left_out_lines(t)]
    approximate = section("approximate") if any(r.target.left_out for r in targets) else ""
    return section("versions", approximate=approximate, projects="\n".join(items))


def _bug(p: PackVerdict) -> str:
    """The bug's name, linked to upstream for built-in packs (links come from our cards, never
    from a report file, which may have been written by a pull request's workflow)."""
    card = builtin_card(p.pack)
    if card is not None and "issue" in card.links:
        return f"[{card.id}]({card.links['issue']}): {md.text(card.title, 90)}"
    origin = (
        f" (custom pack, {md.code(p.source)})"
        if p.custom and p.source
        else " (custom pack)"
        if p.custom
        else ""
    )
    return f"{md.code(p.pack)}: {md.text(p.title, 90)}{origin}"


def _bug_name(p: PackVerdict) -> str:
    """The bug's id, linked to upstream for built-in packs."""
    card = builtin_card(p.pack)
    if card is not None and "issue" in card.links:
        return f"[{card.id}]({card.links['issue']})"
    return md.code(p.pack)


def _pack_evidence(p: PackVerdict) -> str:
    """What a pack's run measured, in a few words (its verdict module's ``measure``), else its reason."""
    shown = measure(p.pack, p.verdict.evidence)
    return md.text(shown, 300) if shown != "n/a" else md.text(p.verdict.reason, 300)


def _bug_block(view: View, runs: list[tuple[TargetResult, PackVerdict]]) -> list[str]:
    """A reproduced bug: what breaks (built-in cards), and each project's evidence."""
    first = runs[0][1]
    card = builtin_card(first.pack)
    texts = card.texts if card is not None else {}
    package = runs[0][0].target.package
    fixed = (
        f"its card says it is fixed in {md.text(package)} {md.text(first.fixed_in)}"
        if first.custom
        else f"fixed upstream in {md.text(package)} {md.text(first.fixed_in)}"
    )
    lines = [f"**{_bug(first)}**: {fixed}.", ""]
    for key in ("what_broke", "mechanism"):
        if key in texts:
            lines += [texts[key], ""]
    for r, p in runs:
        lines.append(
            f"- {md.code(project(r.target))} ({md.text(r.target.package)} "
            f"{md.text(r.target.version)}): {_pack_evidence(p)}."
        )
        code = pack_code_text(p, r.reachability)
        if code:
            lines.append(f"  {view.sentence(code, 1000)}")
        if p.after_fix is not None:
            after = p.after_fix.verdict
            # It ran on the recommendation: the newest set, where the fix shown is the minimal one.
            which = "the newest set allowed" if r.fix and r.fix.minimal_fix else "the recommended fix"
            lines.append(
                f"  On {md.text(r.target.package)} {md.text(p.after_fix.version)}, {which}: "
                f"{LABELS[after.status]} ({_pack_evidence(replace(p, verdict=after))})."
            )
    if any(p.severity is Severity.DEPENDENCY for _, p in runs):
        lines += ["", CAVEAT]
    return [*lines, ""]


def related(view: View) -> str:
    """The other packs: a row per project where one reproduced, what it is, and one line for the
    rest (not reproduced; not checked, with why)."""
    by_pack: dict[str, list[tuple[TargetResult, PackVerdict]]] = {}
    for r in view.report.targets:
        for p in r.packs:
            if not p.headline:
                by_pack.setdefault(p.pack, []).append((r, p))
    if not by_pack:
        return ""
    rows: list[str] = []
    bugs: list[str] = []
    others: list[str] = []
    for runs in by_pack.values():
        hits = [(r, p) for r, p in runs if p.verdict.status is VerdictStatus.REPRODUCED]
        for n, (r, p) in enumerate(hits):
            after = p.after_fix
            on_fix = (
                f"{LABELS[after.verdict.status]} on {md.text(r.target.package)} {md.text(after.version)}"
                if after is not None
                else ""
            )
            rows.append(
                f"| {_bug(p) if n == 0 else ''} | {md.text(p.fixed_in) if n == 0 else ''} | "
                f"{md.code(project(r.target))} ({md.text(r.target.package)} {md.text(r.target.version)}) | "
                f"{SEVERITY_TAGS[p.severity] if p.severity else ''} | {on_fix} |"
            )
        if hits:
            bugs += _bug_block(view, hits)
        name = f"{_bug_name(runs[0][1])} (fixed in {md.text(runs[0][1].fixed_in)})"
        passed = [
            md.code(project(r.target)) for r, p in runs if p.verdict.status is VerdictStatus.NOT_REPRODUCED
        ]
        if passed:
            others.append(f"- {name}: not reproduced in {', '.join(passed)}")
        for r, p in runs:
            if p.verdict.status is VerdictStatus.INCONCLUSIVE:
                others.append(
                    f"- {name}: inconclusive in {md.code(project(r.target))} (not known to be safe): "
                    f"{md.text(p.verdict.reason, 300)}"
                )
    reproduced = [
        pack
        for pack, runs in by_pack.items()
        if any(p.verdict.status is VerdictStatus.REPRODUCED for _, p in runs)
    ]
    summary = (
        f"Related bugs: {len(reproduced)} reproduced ({md.html(', '.join(reproduced))})"
        if reproduced
        else f"Related bugs: none reproduced ({len(by_pack)} checked)"
    )
    return section(
        "related",
        summary=summary,
        table=section("related-table", rows="\n".join(rows)) if rows else "",
        bugs="\n".join(bugs),
        others="\n".join(["Also checked:", "", *others]) if others else "",
    )


def advisories(view: View) -> str:
    """Known advisories per project, from pip-audit; an audit that failed says so."""
    audited = [r for r in view.report.targets if r.audit is not None]
    if not audited:
        return ""
    rows = []
    problems = []
    for r in audited:
        assert r.audit is not None
        for a in r.audit.advisories:
            fixed = ", ".join(a.fix_versions) or "none yet"
            rows.append(
                f"| {md.code(project(r.target))} | {md.text(a.package)} {md.text(a.version)} | "
                f"{advisory(a.id)} | {md.text(fixed)} | {md.text(a.summary, 120)} |"
            )
        if r.audit.error:
            problems.append(f"- {md.code(project(r.target))}: {md.text(r.audit.error, 1000)}")
    if not rows and not problems:
        checked = sum(len(r.audit.audited) for r in audited if r.audit)
        return section(
            "advisories",
            summary="Known advisories: none",
            body=f"No known advisories for the {checked} package version(s) audited (pip-audit).",
        )
    body = []
    if rows:
        body += ["| Project | Package | Advisory | Fixed in | Summary |", "|---|---|---|---|---|", *rows, ""]
    if problems:
        body += ["Advisories could not be checked for (not known to be clear):", "", *problems]
    unknown = f"; not checked for {len(problems)} project(s)" if problems else ""
    return section("advisories", summary=f"Known advisories ({len(rows)}{unknown})", body="\n".join(body))


def when_not_to_apply(view: View, card: Card) -> str:
    if not view.reproduced():
        return ""
    return section(
        "when-not-to-apply",
        when_not_to_apply=card.texts["when_not_to_apply"],
        watch_in_production=card.texts["watch_in_production"],
    )


def policy(view: View) -> str:
    """Collapsed: the ignore entries that need a look (expired, stale, unconfirmed), each at its line."""
    outcome = view.report.policy
    if outcome is None:
        return ""
    shown = [r for r in outcome.rules if r.state is not RuleState.ACCEPTED]
    if not shown:
        return ""
    items = []
    for r in shown:
        word, rest = entry_note(r, ", ".join(md.code(m) for m in r.matched[:20]))
        what = f"**{word}**{rest}" if r.state is not RuleState.UNCONFIRMED else f"{word}{rest}"
        items.append(
            f"- {place(view.links, r.rule.file, r.rule.line)}: {what} (reason: {md.text(r.reason, 300)})"
        )
    counts = ", ".join(
        f"{n} {state.value}"
        for state in (RuleState.EXPIRED, RuleState.STALE, RuleState.UNCONFIRMED)
        if (n := outcome.count(state))
    )
    return section("policy", summary=f"Ignore entries to look at: {counts}", entries="\n".join(items))


def errors(view: View) -> str:
    found = view.report.errors
    if not found:
        return ""
    items = []
    for e in found:
        roots = f" ({md.text(', '.join(e.roots))})" if e.roots else ""
        items.append(f"- {place(view.links, e.file, e.line)}{roots}: {md.text(e.message, 1000)}")
    return section("errors", count=str(len(found)), files="\n".join(items))


def since(report: Report, previous: Mapping[str, str], resolved: bool) -> str:
    """The "was → now" table for roots that reproduced before and no longer do."""
    now = {project(r.target): r for r in report.targets}
    rows = []
    for root, was in sorted(previous.items()):
        r = now.get(root)
        if r is None:
            rows.append(f"| {md.code(root)} | {md.text(was)} | no longer resolves starlette | | |")
            continue
        verdict, latency = LABELS[r.verdict.status], md.text(second_latency(r.verdict))
        rows.append(
            f"| {md.code(root)} | {md.text(was)} | {md.text(r.target.version)} | {verdict} | {latency} |"
        )
    lead = (
        "The bug no longer reproduces anywhere it did before. Re-checked by running it:"
        if resolved
        else "The bug no longer reproduces where it did before, but some projects could not be checked "
        "(below): they are **not** known to be safe."
    )
    return section("since", lead=lead, rows="\n".join(rows))


def footer(report: Report, run_url: str | None) -> str:
    return section(
        "footer",
        files=str(len(report.scanned)),
        counts=summary_counts(report.targets, len(report.errors)),
        run=f" [Run log]({run_url})." if run_url else "",
        name=NAME,
        version=__version__,
    )
