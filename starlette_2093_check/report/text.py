"""The terminal report, in 80 columns.

A one-line summary, a table of the projects (natural order: ``svc2`` before ``svc10``), the details
of each, then the notes several projects share (said once, with the projects they apply to), the
errors and a footer. Lines are wrapped at word boundaries (``textwrap``), continuations indented
under their label. Colour only when asked for (``color``: the caller knows whether it writes to a
terminal). Repository text (directory names, messages quoting files) has its control characters
shown escaped: a name cannot move the cursor or talk to the terminal.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import zip_longest

from starlette_2093_check.deployedfix import is_deployed
from starlette_2093_check.model import (
    Acceptance,
    Audit,
    Change,
    Comparison,
    Fix,
    PolicyOutcome,
    Report,
    RootChange,
    RuleState,
    TargetResult,
    VerdictStatus,
)
from starlette_2093_check.packs import Card, load_card, measure
from starlette_2093_check.policy.rules import accepted_count, entry_note, step_failures
from starlette_2093_check.report import failing, fixtext
from starlette_2093_check.report.change import ORDER, base_name, detail, not_compared, word
from starlette_2093_check.report.common import (
    LABELS,
    SEVERITY_TAGS,
    deployed_source,
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

WIDTH = 80
INDENT = 5  # a project's details, under its header
MARKS = {
    VerdictStatus.REPRODUCED: "[!!]",
    VerdictStatus.NOT_REPRODUCED: "[ok]",
    VerdictStatus.INCONCLUSIVE: "[??]",
}
_STYLE = {
    VerdictStatus.REPRODUCED: "red",
    VerdictStatus.NOT_REPRODUCED: "green",
    VerdictStatus.INCONCLUSIVE: "yellow",
}
_SGR = {"bold": "1", "red": "1;31", "green": "32", "yellow": "33"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_DIGITS = re.compile(r"(\d+)")
# The sentences ``audit`` and ``advise`` write when the advisory service did not answer
# (one reason for every package: the auditor says an outage the same way each time).
_AUDIT_FAILED = re.compile(
    r"could not audit (?P<count>\d+) of (?P<total>\d+) packages? \((?P<pairs>[^()]*)\): (?P<reason>.+)", re.S
)
_FIX_AUDIT_FAILED = re.compile(
    r"advisories for (?P<what>\S+ \S+) could not be checked: (?P<sentence>.+)", re.S
)


def natural_key(text: str) -> tuple[tuple[str | tuple[int, str], ...], str]:
    """Sort key putting ``svc2`` before ``svc10``: runs of digits compare as numbers (any length,
    any script's decimal digits), the rest without case; ties in the text itself."""
    parts: list[str | tuple[int, str]] = []
    for i, part in enumerate(_DIGITS.split(text.casefold())):
        if i % 2:  # a run of digits: by value, i.e. length without leading zeros, then the digits
            digits = "".join(str(unicodedata.digit(c)) for c in part).lstrip("0")
            parts.append((len(digits), digits))
        else:
            parts.append(part)
    return tuple(parts), text


def printable(text: str) -> str:
    """``text`` with control characters (line breaks, escape sequences) shown as ``\\xNN``."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}", text)


def render_text(
    report: Report, *, width: int = WIDTH, color: bool = False, fail_on: str | None = None
) -> str:
    """The report as terminal text, ``width`` columns wide, with ANSI colours when ``color``.
    ``fail_on`` (``--fail-on``, as ``cli.exit_code`` reads it): a last line says what makes the
    exit code 1, or why a reproduced finding does not."""
    out = _Out(width, color)
    card = load_card()
    results = sorted(
        report.targets, key=lambda r: (natural_key(r.target.root), natural_key(r.target.variant or ""))
    )
    notes = _Notes.of(results)
    policy = report.policy
    out.wrap(_summary(report), hang=2, spans=[(0, None, _summary_style(report))])
    _compared(out, report.comparison)
    out.wrap(f"{card.title} ({card.links['issue']})", hang=2)
    out.wrap(f"scanned {report.path}", hang=2)
    out.line()
    if not report.targets and report.errors:  # not "no project": some could not be read at all
        out.wrap(f"No project here could be checked: {len(report.errors)} problem(s) below.")
        out.line()
    elif not report.targets:
        out.wrap(f"No project here resolves {card.package}.")
        out.line()
    else:
        _table(out, results, card.package, policy)
        out.line()
    changes = {(c.root, c.variant): c for c in report.comparison.roots} if report.comparison else {}
    base = base_name(report.comparison, str) if report.comparison else ""
    for result in results:
        change = changes.get((result.target.root, result.target.variant))
        _details(out, result, card, notes, policy, change, base)
        out.line()
    if notes.shared:
        out.line("notes:", [(0, None, "bold")])
        for n, note in enumerate(notes.shared, 1):
            out.wrap(f"{n}. {note.text}", indent=2, hang=5)
            out.wrap(f"for: {', '.join(note.projects)}", indent=5, hang=10)
        out.line()
    _policy(out, report)
    if report.errors:
        out.line("errors:", [(0, None, "bold")])
        for e in report.errors:
            out.wrap(f"{error_place(e)}: {e.message}", indent=2, hang=4)
        out.line()
    for skipped in report.skipped:
        where = f"skipped {skipped.path} (rule {skipped.pattern!r})"
        out.wrap(f"{where}: {len(skipped.manifests)} not read ({skipped.shown()})", hang=2)
    if report.skipped:
        out.line()
    out.wrap(f"{len(report.scanned)} files read; {summary_counts(report.targets, len(report.errors))}")
    if fail_on is not None:
        _exit(out, report, fail_on)
    return out.text()


def _summary(report: Report) -> str:
    """``2 projects: 1 reproduced, 0 not reproduced, 1 inconclusive; 0 errors`` (and the findings the
    policy accepts: ``; 1 finding accepted``)."""
    n, errors = len(report.targets), len(report.errors)
    counts = ", ".join(f"{report.count(status)} {label}" for status, label in LABELS.items())
    text = f"{n} project{'s' if n != 1 else ''}: {counts}; {errors} error{'s' if errors != 1 else ''}"
    accepted = sum(1 for a in report.policy.findings if not a.expired) if report.policy else 0
    return text + (f"; {accepted} finding{'s' if accepted != 1 else ''} accepted" if accepted else "")


def _plain(value: str, _limit: int) -> str:
    """A report's value in the text report as it is (``_Out.wrap`` shows control characters escaped)."""
    return value


def _compared(out: _Out, comparison: Comparison | None) -> None:
    """Under the summary, with ``--base``: the projects each change names, in ``report.change``'s
    words (most important first); a project only on the base, with what happened to it."""
    if comparison is None:
        return
    base = base_name(comparison, str)
    if comparison.error is not None:
        out.wrap(not_compared(base, comparison.error, _plain, str), hang=2)
        return
    kinds = []
    for kind in ORDER:
        roots = sorted(
            (r for r in comparison.roots if r.change is kind),
            key=lambda r: (natural_key(r.root), natural_key(r.variant or "")),
        )
        # A project only on the base has no details below: what happened to it is said here.
        said = {id(r): detail(r, base, _plain) if r.head is None else "" for r in roots}
        names = [f"{_root(r)} ({said[id(r)]})" if said[id(r)] else _root(r) for r in roots]
        if names:
            kinds.append(f"{word(kind, base)}: {', '.join(names)}")
    out.wrap(f"Compared with {base}: {'; '.join(kinds) or 'no project on either side'}", hang=2)


def _root(r: RootChange) -> str:
    return f"{r.root} [{r.variant}]" if r.variant else r.root


def _exit(out: _Out, report: Report, fail_on: str) -> None:
    """What makes the exit code 1 (``policy.rules.step_failures``, which ``cli.exit_code`` follows),
    or, when something reproduced and nothing fails, why it is 0."""
    reasons = step_failures(report, fail_on)
    if reasons:
        text = failing.sentence("exit code 1", report, fail_on, "--fail-on", reasons)
        out.wrap(text, hang=2, spans=[(0, len("exit code 1"), "red")])
    elif report.count(VerdictStatus.REPRODUCED):
        accepted = accepted_count(report)
        why = f"; {accepted} finding{'s' if accepted != 1 else ''} accepted" if accepted else ""
        settings = failing.settings(report, fail_on, "--fail-on")
        out.wrap(f"exit code 0 ({settings}): nothing fails{why}", hang=2)


def _policy(out: _Out, report: Report) -> None:
    """The ignore entries that need a look: expired (their findings count again), stale (they match
    nothing that reproduced), unconfirmed (they match only results that were not checked)."""
    outcome = report.policy
    shown = [r for r in outcome.rules if r.state is not RuleState.ACCEPTED] if outcome else []
    if not outcome or not shown:
        return
    out.line(f"policy ({outcome.source or 'no file'}):", [(0, None, "bold")])
    for r in shown:
        what = "".join(entry_note(r, ", ".join(r.matched)))
        out.wrap(f"{r.rule}: {what} (reason: {r.reason})", indent=2, hang=4)
    out.line()


def _accepted(policy: PolicyOutcome | None, result: TargetResult, pack: str) -> Acceptance | None:
    t = result.target
    return policy.acceptance(t.root, t.variant, pack) if policy is not None else None


def _head(result: TargetResult) -> str:
    return next((p.pack for p in result.packs if p.headline), None) or load_card().id


def _summary_style(report: Report) -> str:
    if report.count(VerdictStatus.REPRODUCED):
        return "red"
    if report.count(VerdictStatus.INCONCLUSIVE) or report.errors:
        return "yellow"
    return "green"


# -- the table ---------------------------------------------------------------------------------------


def _shown(result: TargetResult) -> Fix | None:
    """The fix shown as the change to make: the minimal one, which ``scan --fix`` applies
    (``Fix.minimal_view``; a report written without it: its recommendation)."""
    return result.fix.minimal_view() if result.fix is not None else None


def _fix_cell(result: TargetResult) -> str:
    """The fix in a few words: ``fastapi 0.95.1 -> 0.108.0``; ``-`` when there is none."""
    fix, t = _shown(result), result.target
    if fix is None:
        return "-"
    if fix.package != t.package and fix.recommended_parent:
        text = f"{fix.package} {fix.from_version} -> {fix.recommended_parent}"
    elif fix.recommended:
        text = f"{t.package} {t.version} -> {fix.recommended}"
    else:
        text = f"{fix.package} >= {fix.to_version}"
    return text if fix.verified else f"{text} (not verified)"


def _table(
    out: _Out, results: Sequence[TargetResult], package: str, policy: PolicyOutcome | None = None
) -> None:
    """One row per project: project, version, verdict, fix; long cells wrap inside their column."""
    rows = [
        (
            printable(project(r.target)),
            printable(r.target.version),
            f"{MARKS[r.verdict.status]} {LABELS[r.verdict.status].upper()}{_tag(policy, r)}",
            printable(_fix_cell(r)),
        )
        for r in results
    ]
    head = ("project", package, "verdict", "fix")
    gap = 2
    version_w = min(max(len(c) for c in [head[1], *(r[1] for r in rows)]), 14)
    verdict_w = max(len(c) for c in [head[2], *(r[2] for r in rows)])
    room = out.width - version_w - verdict_w - 3 * gap
    want_project = max(len(c) for c in [head[0], *(r[0] for r in rows)])
    want_fix = max(len(c) for c in [head[3], *(r[3] for r in rows)])
    project_w = min(want_project, max(room // 2, room - want_fix))
    widths = (project_w, version_w, verdict_w, room - project_w)
    verdict_at = project_w + version_w + 2 * gap
    out.line(_row(head, widths, gap)[0], [(0, None, "bold")])
    for cells, r in zip(rows, results, strict=True):
        lines = _row(cells, widths, gap)
        out.line(lines[0], [(verdict_at, verdict_at + len(cells[2]), _STYLE[r.verdict.status])])
        for more in lines[1:]:
            out.line(more)


def _row(cells: Sequence[str], widths: Sequence[int], gap: int) -> list[str]:
    wrapped = [_cell_lines(cell, width) for cell, width in zip(cells, widths, strict=True)]
    lines = []
    for parts in zip_longest(*wrapped, fillvalue=""):
        padded = [part.ljust(width) for part, width in zip(parts[:-1], widths, strict=False)]
        lines.append((" " * gap).join([*padded, parts[-1]]).rstrip())
    return lines


def _tag(policy: PolicyOutcome | None, result: TargetResult) -> str:
    """`` (accepted)`` / `` (expired)`` after a reproduced headline the policy covers."""
    covered = _accepted(policy, result, _head(result))
    if covered is None or result.verdict.status is not VerdictStatus.REPRODUCED:
        return ""
    return " (expired)" if covered.expired else " (accepted)"


def _cell_lines(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, max(width, 1), break_on_hyphens=False) or [""]


# -- one project ---------------------------------------------------------------------------------------


def _details(
    out: _Out,
    result: TargetResult,
    card: Card,
    notes: _Notes,
    policy: PolicyOutcome | None = None,
    change: RootChange | None = None,
    base: str = "",
) -> None:
    t, v = result.target, result.verdict
    mark, label = MARKS[v.status], LABELS[v.status].upper()
    out.wrap(
        f"{mark} {label}  {project(t)}  {t.package} {t.version}",
        hang=INDENT,
        spans=[(0, len(mark) + 1 + len(label), _STYLE[v.status])],
    )
    say = out.item
    covered = _accepted(policy, result, _head(result))
    if covered is not None and v.status is VerdictStatus.REPRODUCED:
        say("policy", f"{covered.shown()} ({covered.rule})")
    if change is not None:  # with --base: what this checkout changes (the version is in the header)
        said = "" if change.change is Change.ALREADY else detail(change, base, _plain)
        say("change", f"{word(change.change, base)}{f' ({said})' if said else ''}")
    how = "" if deployed_source(t) else f" ({t.resolution.value})"  # deployed: provenance says it
    out.wrap(f"from {provenance(t)}{how}", indent=INDENT, hang=INDENT + 5)
    if v.status is VerdictStatus.INCONCLUSIVE:
        say("why", v.reason)
    else:
        say("measured", measured(v))
    if v.evidence.get("versions"):
        say("ran on", f"{ran_on(v)}{' [cached]' if v.cached else ''}")
    for note in t.notes:
        notes.say(out, note)
    for line in left_out_lines(t):
        out.wrap(line, indent=INDENT, hang=INDENT + 2)
    code = severity_text(result.severity, card.triggered_by, result.reachability)
    if code:
        say("code", code)
    elif result.reachability is not None and result.reachability.middleware:
        say("code", f"BaseHTTPMiddleware at {places(result.reachability.middleware)}")
    _other_packs(out, result, policy)
    shown = _shown(result)
    if shown is not None:
        _fix(out, result, shown, notes)
    if result.audit is not None:
        for a in result.audit.advisories:
            fixed = ", ".join(a.fix_versions) or "no fix yet"
            say("advisory", f"{a.id} in {a.package} {a.version} (fixed in {fixed})")
    notes.say_advisories(out, result)


def _other_packs(out: _Out, result: TargetResult, policy: PolicyOutcome | None = None) -> None:
    """The neighbouring bugs' runs, one line each (those not run for the headline's reason: once)."""
    t, v = result.target, result.verdict
    same = [
        p.pack
        for p in result.packs
        if not p.headline
        and p.verdict.status is v.status is VerdictStatus.INCONCLUSIVE
        and p.verdict.reason == v.reason
    ]
    if same:  # not run for the same reason as the headline (a fork, a vendored copy): said once
        out.wrap(f"also {MARKS[v.status]} {', '.join(same)}: not run either", indent=INDENT, hang=INDENT + 10)
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
        out.wrap(
            f"also {MARKS[p.verdict.status]} {p.pack} {shown} (fixed in {p.fixed_in}{tag}): {what}",
            indent=INDENT,
            hang=INDENT + len("also [!!] "),
            spans=[(len("also "), len("also [!!]"), _STYLE[p.verdict.status])],
        )
        covered = _accepted(policy, result, p.pack)
        if covered is not None and p.verdict.status is VerdictStatus.REPRODUCED:
            out.wrap(f"{covered.shown()} ({covered.rule})", indent=INDENT + 5, hang=INDENT + 7)
        if p.after_fix is not None:
            after = p.after_fix.verdict
            fixed = f"{t.package} {p.after_fix.version}"
            # It ran on the recommendation: the newest set, where the fix shown is the minimal one.
            which = (
                "the newest set allowed" if result.fix and result.fix.minimal_fix else "the recommended fix"
            )
            out.wrap(
                f"on {fixed} ({which}): {LABELS[after.status]}",
                indent=INDENT + 5,
                hang=INDENT + 7,
            )


def _fix(out: _Out, result: TargetResult, fix: Fix, notes: _Notes) -> None:
    t, v = result.target, result.verdict
    out.item("fix", fix.change)
    if fix.verification is not None:
        check = fix.verification
        parent = f" with {fix.package} {fix.recommended_parent}" if fix.recommended_parent else ""
        out.item(
            "re-run",
            f"second request {second_latency(v)} on {t.package} {t.version} now, "
            f"{second_latency(check)} on {t.package} {fix.recommended}{parent} ({LABELS[check.status]})",
        )
    if fix.minimal or fix.recommended:
        out.item("check", fixtext.checked(fix, t.package))
    # Why the newest set is not offered: the recommendation's (the fix shown has no ``fallback``).
    fell_back = fixtext.fell_back(result.fix, t.package) if result.fix is not None else None
    for sentence in (fell_back, fixtext.regenerate(fix)):
        if sentence:
            out.wrap(sentence, indent=INDENT, hang=INDENT + 2)
    for c in fix.tried:
        out.item("tried", f"{t.package} {c.version}: {c.verdict.reason}")
    if fix.command:
        out.item("command", fix.command)
    for e in fix.edits:
        out.item("edit", f"{e.file}:{e.line}: {e.old.strip()} -> {e.new.strip()}")
    if result.fix is not None:
        newest = _newest(result.fix, t.package, how="" if is_deployed(t) else ", scan --fix=latest")
        if newest:
            out.item("newest allowed", newest)
    for note in fix.notes:
        if not _advisory(note):
            notes.say(out, note)


def _newest(fix: Fix, package: str, how: str = ", scan --fix=latest") -> str | None:
    """The newest set the project allows, in one sentence, beside the minimal fix shown; ``how``
    applies it (nothing for what is deployed: it is rebuilt, not edited)."""
    newest = fixtext.newest(fix, package)
    if newest is None:
        return None
    parent = f" ({fix.package} {newest.parent})" if newest.parent else ""
    text = f"{package} {newest.version}{parent}, {'verified' if newest.verified else 'not verified'}{how}"
    if not newest.audited:
        return f"{text}; its advisories could not be checked"
    for what, advisories in (("clears", newest.clears), ("still has", newest.still)):
        if advisories:
            ids = ", ".join(
                f"{a.id} (fixed in {', '.join(a.fix_versions) or 'no release yet'})" for a in advisories
            )
            text += f"; {what} {ids}"
    return text


# -- notes said once ---------------------------------------------------------------------------------


@dataclass
class _Shared:
    text: str
    projects: list[str] = field(default_factory=list)


@dataclass
class _Notes:
    """The notes of a run: those several projects share go to one numbered list, said once.

    A note is a target's or its fix's, or an advisory lookup that failed (the project's own
    release and the fix's, folded into one line per reason: an outage is one reason).
    """

    shared: list[_Shared]
    number: dict[str, int]  # a shared note's text → its number in ``shared``
    advisories: dict[int, list[tuple[str, list[str]]]]  # id(result) → [(reason, what was not checked)]

    @classmethod
    def of(cls, results: Sequence[TargetResult]) -> _Notes:
        advisories = {id(r): _unchecked(r) for r in results}
        seen: dict[str, list[str]] = {}
        for r in results:
            name = printable(project(r.target))
            shown = _shown(r)
            texts = [*r.target.notes, *(n for n in (shown.notes if shown else ()) if not _advisory(n))]
            texts += [_advisory_text(reason) for reason, _ in advisories[id(r)]]
            for text in dict.fromkeys(texts):
                seen.setdefault(text, []).append(name)
        shared = [_Shared(text, names) for text, names in seen.items() if len(names) > 1]
        return cls(shared, {s.text: n for n, s in enumerate(shared, 1)}, advisories)

    def say(self, out: _Out, note: str) -> None:
        """A note where it belongs, or the number it has in the list of shared notes."""
        n = self.number.get(note)
        out.item("note", note if n is None else f"see note {n}")

    def say_advisories(self, out: _Out, result: TargetResult) -> None:
        """One line per reason the project's advisories (its own release's, its fix's) went unchecked."""
        for reason, what in self.advisories[id(result)]:
            n = self.number.get(_advisory_text(reason))
            if n is None:
                out.item("advisories not checked", ": ".join([", ".join(what), reason] if what else [reason]))
            else:
                out.item(
                    "advisories not checked",
                    f"{', '.join(what)} (see note {n})" if what else f"see note {n}",
                )


def _advisory_text(reason: str) -> str:
    return f"advisories not checked: {reason}"


def _advisory(note: str) -> bool:
    """A fix note saying the advisories of the recommended release could not be checked (in the
    form ``_unchecked`` folds; any other note is shown as it is)."""
    found = _FIX_AUDIT_FAILED.fullmatch(note)
    return found is not None and _AUDIT_FAILED.fullmatch(found["sentence"]) is not None


def _unchecked(result: TargetResult) -> list[tuple[str, list[str]]]:
    """The failed advisory lookups of a project, by reason: its own release, then the fix's."""
    by_reason: dict[str, list[str]] = {}
    audit: Audit | None = result.audit
    if audit is not None and audit.error:
        found = _AUDIT_FAILED.fullmatch(audit.error)
        if found is None:  # several reasons: the sentence as it is
            by_reason.setdefault(audit.error, [])
        else:
            count, total = found["count"], found["total"]
            what = found["pairs"] if count == total else f"{count} of {total} packages ({found['pairs']})"
            by_reason.setdefault(found["reason"], []).append(what)
    shown = _shown(result)
    for note in shown.notes if shown else ():
        outer = _FIX_AUDIT_FAILED.fullmatch(note)
        inner = _AUDIT_FAILED.fullmatch(outer["sentence"]) if outer else None
        if outer and inner:
            by_reason.setdefault(inner["reason"], []).append(f"{outer['what']} for the fix")
    return list(by_reason.items())


# -- output ------------------------------------------------------------------------------------------

Span = tuple[int, int | None, str]  # start, end (None: the line's end), style


@dataclass
class _Out:
    """Lines of at most ``width`` columns, with colour spans applied when ``color``."""

    width: int
    color: bool
    lines: list[str] = field(default_factory=list)

    def line(self, text: str = "", spans: Iterable[Span] = ()) -> None:
        if self.color:
            for start, end, style in sorted(spans, key=lambda s: s[0], reverse=True):
                stop = len(text) if end is None else min(end, len(text))
                code = _SGR[style]
                text = f"{text[:start]}\x1b[{code}m{text[start:stop]}\x1b[0m{text[stop:]}"
        self.lines.append(text)

    def wrap(self, text: str, indent: int = 0, hang: int = 0, spans: Iterable[Span] = ()) -> None:
        """``text`` (repository text made printable) wrapped at word boundaries; ``spans`` apply
        to the first line."""
        hang = min(hang, max(indent, self.width // 2))  # a long label still leaves room to read
        wrapped = textwrap.wrap(
            printable(text),
            self.width,
            initial_indent=" " * indent,
            subsequent_indent=" " * hang,
            break_on_hyphens=False,
        ) or [" " * indent]
        self.line(
            wrapped[0],
            [(start + indent, None if end is None else end + indent, s) for start, end, s in spans],
        )
        for more in wrapped[1:]:
            self.line(more)

    def item(self, label: str, value: str, spans: Iterable[Span] = ()) -> None:
        """``label: value`` under a project, continuations under the value."""
        self.wrap(
            f"{label}: {value}",
            indent=INDENT,
            hang=INDENT + len(label) + 2,
            spans=[(start - INDENT, None if end is None else end - INDENT, s) for start, end, s in spans],
        )

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"
