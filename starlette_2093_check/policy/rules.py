"""The policy's ``ignore`` entries and per-pack ``fail-on``, applied to a report.

A finding is a pack that reproduced in a project (a root, with its extra or group). An ``ignore``
entry covers a finding when its ``pack`` (a card id), ``root`` (an ``fnmatch`` glob over the root's
path, ``.`` for the checkout's top; ``*`` crosses ``/``) and ``version`` (a PEP 440 specifier, or an
exact version, of the pack's package in that root) all match; a field left out matches everything.

- **accepted**: the entry covers a finding and ``until`` (its last day) is today or later, or absent.
  The finding is still shown, as "accepted until 2027-03-01: reason", and does not fail the step.
- **expired**: ``until`` has passed. The finding counts again, and the entry is named with a warning.
- **stale**: the entry covers nothing that reproduced: a note names it, nothing fails.
- An inconclusive result is never accepted: it is a check that did not finish, not a finding, and
  nothing that was not checked is ever passed as accepted (or safe). An entry that covers only
  inconclusive results is **unconfirmed** (not stale: the finding may still be there).

Nothing here reads the clock: the caller passes ``today`` (``utc_today`` is for the CLI and the
action). A report file's own idea of what was accepted is never read (``report.load``): whoever
publishes a report applies its own policy to it.

``failures`` is the one place that decides what fails the step (``cli.exit_code`` reads it).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from starlette_2093_check.model import (
    Acceptance,
    PolicyOutcome,
    Report,
    RuleResult,
    RuleState,
    ScanError,
    TargetResult,
    VerdictStatus,
)
from starlette_2093_check.packs import Pack, load_card
from starlette_2093_check.policy.model import IgnoreRule, PackRules, Policy

FAIL_ON = ("reproduced", "inconclusive", "never")


def utc_today() -> date:
    """Today in UTC: the date the CLI and the action compare ``until`` with."""
    return datetime.now(UTC).date()


def _path(text: str) -> str:
    """A root path or glob as roots are written: no ``./`` in front, no ``/`` behind; ``.`` for the top."""
    text = text.strip()
    while text.startswith("./"):
        text = text[2:]
    return text.rstrip("/") or "."


def root_matches(pattern: str, root: str) -> bool:
    """Whether ``root`` (a project root's path, ``.`` for the top) matches the glob ``pattern``."""
    return fnmatch.fnmatchcase(_path(root), _path(pattern))


def version_matches(wanted: str, version: str) -> bool:
    """Whether ``version`` is the exact version ``wanted`` (``0.27`` is ``0.27.0``) or satisfies it as
    a PEP 440 specifier (``<0.29``, ``>=0.27,<0.29``; pre-releases included). A version or a
    specifier that does not parse matches nothing (the policy loader reports a bad one)."""
    try:
        have = Version(version)
    except InvalidVersion:
        return False
    try:
        return have == Version(wanted)
    except InvalidVersion:
        pass
    try:
        return SpecifierSet(wanted).contains(have, prereleases=True)
    except InvalidSpecifier:
        return False


def covers(rule: IgnoreRule, root: str, version: str, pack: str) -> bool:
    """Whether ``rule`` names this pack, root and version (whatever the verdict)."""
    return (
        (rule.pack is None or rule.pack == pack)
        and (rule.root is None or root_matches(rule.root, root))
        and (rule.version is None or version_matches(rule.version, version))
    )


def runs(result: TargetResult) -> Iterator[tuple[str, VerdictStatus, bool]]:
    """Each pack's (card id, verdict, headline?) in one project, the headline first. A report from
    before packs were listed has the headline's verdict alone."""
    head = next((p.pack for p in result.packs if p.headline), None) or load_card().id
    yield head, result.verdict.status, True
    for p in result.packs:
        if not p.headline:
            yield p.pack, p.verdict.status, False


def _name(result: TargetResult, pack: str) -> str:
    t = result.target
    project = f"{t.root} [{t.variant}]" if t.variant else t.root
    return f"{project} ({pack})"


def expired(rule: IgnoreRule, today: date) -> bool:
    """Whether the entry's last day has passed (``until`` today still holds)."""
    return rule.until is not None and rule.until < today


def apply(report: Report, policy: Policy, today: date) -> Report:
    """``report`` with ``policy`` applied (``Report.policy``), on ``today``. Whatever the report said
    about a policy before is replaced: a report file never decides what is accepted."""
    if policy.source is None and not policy.ignore and not policy.packs.fail_on:
        return replace(report, policy=None)
    covered: dict[tuple[str, str | None, str], Acceptance] = {}
    results: list[RuleResult] = []
    for rule in policy.ignore:
        lapsed = expired(rule, today)
        found: list[str] = []
        unchecked: list[str] = []
        for r in report.targets:
            t = r.target
            for pack, status, _ in runs(r):
                if not covers(rule, t.root, t.version, pack):
                    continue
                if status is VerdictStatus.INCONCLUSIVE:
                    unchecked.append(_name(r, pack))
                if status is not VerdictStatus.REPRODUCED:
                    continue
                found.append(_name(r, pack))
                key = (t.root, t.variant, pack)
                held = covered.get(key)
                if held is None or (held.expired and not lapsed):  # an entry that holds wins
                    covered[key] = Acceptance(
                        t.root, t.variant, pack, rule.reason, rule.location, rule.until, lapsed
                    )
        if found:
            state = RuleState.EXPIRED if lapsed else RuleState.ACCEPTED
        else:
            state = RuleState.UNCONFIRMED if unchecked else RuleState.STALE
        results.append(RuleResult(rule.location, state, rule.reason, rule.until, tuple(found or unchecked)))
    outcome = PolicyOutcome(
        source=policy.source,
        today=today,
        findings=tuple(covered.values()),
        rules=tuple(results),
        # the headline's fail-on is the input's (``select_packs`` says so at the entry's line)
        fail_on=tuple(sorted((k, v) for k, v in policy.packs.fail_on.items() if k != load_card().id)),
    )
    return replace(report, policy=outcome)


def entry_note(result: RuleResult, matched: str) -> tuple[str, str]:
    """What an ignore entry to look at says, for every renderer: its state (a word the renderer may
    set in bold) and the rest of the sentence; ``matched`` is the findings it names, as the
    renderer writes them."""
    if result.state is RuleState.EXPIRED:
        return "expired", f" on {result.until}: {matched} count again"
    if result.state is RuleState.STALE:
        return "stale", ": it matches no finding; remove it"
    return "not applied", f": {matched} could not be checked (a result not checked is never accepted)"


def pack_fail_on(report: Report, pack: str, headline: bool, fail_on: str) -> str:
    """What makes ``pack`` fail the step: ``fail_on`` (the input) for the headline; for the others,
    the policy's ``packs.fail-on`` for it, else ``never``."""
    chosen = dict(report.policy.fail_on) if report.policy is not None else {}
    return chosen.get(pack, fail_on if headline else "never")


def failures(report: Report, fail_on: str) -> list[str]:
    """What fails the step, one line each (empty: nothing). ``fail_on`` is the input's value, for the
    headline pack: a reproduced finding fails under ``reproduced`` and ``inconclusive`` unless an
    entry accepts it today; an inconclusive result fails under ``inconclusive`` (never accepted);
    so does a file that could not be read, when any pack fails on ``inconclusive``."""
    outcome = report.policy
    out: list[str] = []
    levels: set[str] = {pack_fail_on(report, load_card().id, True, fail_on)}
    for r in report.targets:
        t = r.target
        for pack, status, headline in runs(r):
            level = pack_fail_on(report, pack, headline, fail_on)
            levels.add(level)
            if status is VerdictStatus.REPRODUCED and level != "never":
                if outcome is not None and outcome.accepted(t.root, t.variant, pack) is not None:
                    continue
                out.append(f"{_name(r, pack)}: reproduced")
            elif status is VerdictStatus.INCONCLUSIVE and level == "inconclusive":
                out.append(f"{_name(r, pack)}: inconclusive")
    if report.errors and "inconclusive" in levels:
        out.append(f"{len(report.errors)} file(s) could not be read or resolved")
    return out


def step_failures(report: Report, fail_on: str) -> list[str]:
    """``failures`` for any value of the ``fail-on`` input, ``introduced`` included: then the
    headline fails only in the projects the pull request made worse (``compare.only_worse``), the
    other packs as their own fail-on says, everywhere. The step fails (``cli.exit_code`` is 1)
    exactly when this is not empty; the text report and the action print these lines."""
    if fail_on != "introduced":
        return failures(report, fail_on)
    from starlette_2093_check.compare import only_worse

    return list(dict.fromkeys([*failures(only_worse(report), "reproduced"), *failures(report, "never")]))


def accepted_count(report: Report) -> int:
    """Findings an entry accepts today (the ``accepted`` output)."""
    outcome = report.policy
    return 0 if outcome is None else sum(1 for a in outcome.findings if not a.expired)


def select_packs(
    packs: Sequence[Pack], rules: PackRules, source: str | None
) -> tuple[list[Pack], list[ScanError]]:
    """The packs to run: the built-in ones ``rules.run`` names (all when it is absent) and every
    custom pack (the ``packs`` input names those). The headline pack always runs: leaving it out
    is an error that says so. An id in ``run`` or ``fail-on`` that no pack has is an error at its
    line (``source``: the policy file, relative to the scanned directory); the rest goes on."""
    errors: list[ScanError] = []
    known = [p.id for p in packs]
    builtin = [p.id for p in packs if not p.custom]

    def error(key: tuple[str, str], message: str) -> None:
        where = rules.locations.get(key) or rules.locations.get((key[0], ""))
        errors.append(ScanError(source or "policy", message, where.line if where is not None else None))

    for kind, ids in (("run", rules.run or ()), ("fail-on", tuple(rules.fail_on))):
        for ident in ids:
            if ident not in known:
                error(
                    (kind, ident),
                    f"packs.{kind}: no pack has the id {ident!r}; the built-in packs are "
                    f"{', '.join(builtin)} (custom ones come from the packs input)",
                )
    head = packs[0]
    for ident, value in rules.fail_on.items():
        if ident == head.id:
            error(
                ("fail-on", ident),
                f"packs.fail-on.{ident}: {ident} is the headline pack; what fails the step for it is the "
                "`fail-on` input (or `inputs.fail-on` in this file), so an input given to the step wins; "
                "this entry is not used",
            )
        elif value not in FAIL_ON:
            error(("fail-on", ident), f"packs.fail-on.{ident}: {value!r} is not one of {', '.join(FAIL_ON)}")
    if rules.run is None:
        return list(packs), errors
    if head.id not in rules.run:
        error(
            ("run", ""),
            f"packs.run: {head.id} always runs (it is the bug this check is about); it was run anyway",
        )
    wanted = set(rules.run)
    return [p for i, p in enumerate(packs) if i == 0 or p.custom or p.id in wanted], errors
