"""SARIF 2.1.0 for GitHub code scanning (``github/codeql-action/upload-sarif``).

One result per reproduced target (level ``error``) and per inconclusive one (level ``warning``:
not known to be safe). The location is the manifest line that fixes the version; the message
carries the measured evidence and the fix (the minimal one, which ``scan --fix`` applies), and the
places in the code that take part in the bug's pattern are related locations. Each other pack that
reproduced adds a result under its own rule (level ``warning``: the headline bug is the one the
check is about). Each file that could not be read or resolved is a ``note`` at its line: what it
declares was not checked. A stable fingerprint per (rule, root, package, and the extra or group
when the target has one) identifies a target's result across runs.

What GitHub's ingestion needs is met by construction (and tested against the schema and those
rules): every rule has ``shortDescription``, ``fullDescription`` (at most 1,024 characters each)
and ``help``; ids and names are at most 255 characters; every result has a message, one location
whose URI is relative and percent-encoded and whose ``startLine`` is at least 1; a run holds at most
25,000 results (errors first, then warnings, then notes, when there are more).
"""

from __future__ import annotations

import hashlib
import urllib.parse
from typing import Any

from starlette_2093_check import NAME, __version__
from starlette_2093_check.model import Finding, PackVerdict, Report, ScanError, TargetResult, VerdictStatus
from starlette_2093_check.packs import Card, builtin_card, load_card
from starlette_2093_check.report import fixtext
from starlette_2093_check.report.common import (
    SEVERITY_TAGS,
    measured,
    project,
    provenance,
    ran_on,
    second_latency,
    severity_text,
)
from starlette_2093_check.report.json_report import dumps

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
TOOL = NAME
# GitHub's limits (docs: "SARIF support for code scanning"): beyond MAX_RESULTS the file is refused.
MAX_RESULTS = 25_000
MAX_DESCRIPTION = 1024  # shortDescription.text and fullDescription.text
MAX_NAME = 255  # reportingDescriptor.name (and, to be safe, rule ids)
MAX_RELATED = 20
_LEVELS = {"error": 0, "warning": 1, "note": 2}


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _plain(text: str) -> str:
    """Message text with no embedded link: in a SARIF plain-text message ``[text](destination)``
    is a link, and the text here carries repository content (a reason, a file's error)."""
    return text.replace("](", "] (")


def _rule_help(card: Card) -> dict[str, str]:
    """What the bug is, how to fix it, and where to read more, for a built-in card."""
    what = card.texts.get("what_broke", card.title)
    mechanism = card.texts.get("mechanism", "")
    issue, fix = card.links.get("issue"), card.links.get("fix")
    how = (
        f"Upgrade {card.package} to {card.fixed_in} or later. When a framework pins {card.package} "
        f"(FastAPI does), upgrade the framework to its first release that allows {card.package} "
        f"{card.fixed_in}: the result's message names it and the change, which was resolved again "
        "and checked by running the reproduction (`scan --fix` applies it)."
    )
    text = f"{what} {mechanism} {how}".replace("  ", " ").strip()
    markdown = "\n\n".join(part for part in (what, mechanism, f"**How to fix:** {how}") if part)
    if issue:
        text += f" Upstream: {issue}"
        markdown += f"\n\n**Upstream:** [the issue]({issue})"
        if fix and fix != issue:
            markdown += f", [the fix]({fix})"
    when_not = card.texts.get("when_not_to_apply")
    if when_not:
        markdown += f"\n\n**When not to apply it:** {when_not}"
    return {"text": text, "markdown": markdown}


def _rules() -> list[dict[str, Any]]:
    card = load_card()
    issue = card.links["issue"]
    inconclusive_help = (
        "The reproduction could not be run for this project, so it is not known whether the bug "
        "affects it: the resolver could not settle the versions, the release did not install, the "
        "harness crashed or timed out, or no interpreter could run the release. The result's "
        "message gives the reason. Fix what it names (a broken manifest, an index that cannot be "
        "reached, a Python the release needs) and scan again; a run that did not finish is never "
        "reported as safe."
    )
    return [
        {
            "id": card.id,
            "name": "StarletteKeepAliveBlockedByBackgroundTask",
            "shortDescription": {"text": _cut(card.title, MAX_DESCRIPTION)},
            "fullDescription": {"text": _cut(card.texts["what_broke"], MAX_DESCRIPTION)},
            "helpUri": issue,
            "help": _rule_help(card),
            "defaultConfiguration": {"level": "error"},
            "properties": {"tags": ["reliability", "dependency", card.package], "precision": "very-high"},
        },
        {
            "id": f"{card.id}/inconclusive",
            "name": "StarletteReproductionInconclusive",
            "shortDescription": {"text": f"The {card.id} reproduction could not be run for this project"},
            "fullDescription": {
                "text": "The reproduction did not complete (install failure, crash, timeout, or an "
                "interpreter that cannot run the release). The project is not known to be safe."
            },
            "helpUri": issue,
            "help": {"text": inconclusive_help, "markdown": f"{inconclusive_help}\n\n[{card.id}]({issue})"},
            "defaultConfiguration": {"level": "warning"},
            "properties": {"tags": ["reliability", "dependency", card.package]},
        },
    ]


def _unread_rule(card: Card) -> dict[str, Any]:
    """The rule of the files that could not be read or resolved (listed when there are some)."""
    error_help = (
        "A manifest, lock or pack card could not be read or resolved at the line shown. What it "
        "declares was not checked, so the projects that read it are not known to be safe. Correct "
        "the file (the message says what is wrong) and scan again."
    )
    return {
        "id": f"{card.id}/unread",
        "name": "ManifestNotChecked",
        "shortDescription": {
            "text": "A manifest could not be read or resolved: what it declares was not checked"
        },
        "fullDescription": {
            "text": "A dependency manifest, lock or pack card could not be parsed or resolved. The "
            "projects that read it were not checked against the reproduction from it."
        },
        "helpUri": card.links["issue"],
        "help": {"text": error_help, "markdown": error_help},
        "defaultConfiguration": {"level": "note"},
        "properties": {"tags": ["dependency", "configuration"]},
    }


def _pack_rule(p: PackVerdict) -> dict[str, Any]:
    """A neighbouring or custom pack's rule. Links and texts come from our own cards only: a report
    file may have been written by a pull request's workflow, and a custom card is the repository's."""
    card = builtin_card(p.pack)
    rule: dict[str, Any] = {
        "id": _cut(p.pack, MAX_NAME),
        "shortDescription": {"text": _cut(_plain(p.title), MAX_DESCRIPTION) or p.pack},
        "defaultConfiguration": {"level": "warning"},
        "properties": {"tags": ["reliability", "dependency", "starlette"]},
    }
    if card is not None:
        rule["fullDescription"] = {"text": _cut(card.texts.get("what_broke", card.title), MAX_DESCRIPTION)}
        rule["helpUri"] = card.links["issue"]
        rule["help"] = _rule_help(card)
        return rule
    custom = (
        "A custom pack from this repository: its scenario reproduced the bug its card describes on "
        "the version this project resolves to. Upgrade to the release its card names as fixed (the "
        "result's message says which) and scan again."
    )
    described = f"A custom pack's reproduction: {rule['shortDescription']['text']}"
    rule["fullDescription"] = {"text": _cut(described, MAX_DESCRIPTION)}
    rule["help"] = {"text": custom, "markdown": custom}
    return rule


def _uri(path: str) -> str:
    """A checkout-relative path as a relative URI reference: percent-encoded, ``/`` kept."""
    return urllib.parse.quote(path or ".", safe="/")


def _location(file: str, line: int | None) -> dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": _uri(file), "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": max(line or 1, 1)},
        }
    }


def _related(findings: tuple[Finding, ...]) -> list[dict[str, Any]]:
    return [
        {**_location(f.file, f.line), "id": n, "message": {"text": _plain(f"{f.kind} {f.name}".strip())}}
        for n, f in enumerate(findings[:MAX_RELATED])
    ]


def _fix_text(result: TargetResult) -> str:
    """The fix the message gives: the minimal change (``scan --fix``), whether it was verified, and
    what the newest set the project allows would do instead (``scan --fix=latest``)."""
    fix, package = result.fix, result.target.package
    if fix is None:
        return ""
    shown = fix.minimal_view()
    text = f" Fix: {shown.change}."
    run = shown.verification
    if shown.verified and run is not None and run.status is VerdictStatus.NOT_REPRODUCED:
        text += f" Verified: on {package} {shown.recommended} the second request took {second_latency(run)}."
    elif shown.minimal:
        text += f" {fixtext.checked(shown, package)}"
    if shown.remaining:
        ids = ", ".join(a.id for a in shown.remaining)
        text += f" {package} {shown.recommended} still has known advisories: {ids}."
    if fix.minimal_fix is not None and fix.recommended and fix.recommended != shown.recommended:
        parent = f" with {fix.package} {fix.recommended_parent}" if fix.recommended_parent else ""
        clears = " and clears them" if shown.remaining and not fix.remaining else ""
        text += (
            f" The newest set the project allows installs {package} {fix.recommended}{parent}{clears}: "
            "`scan --fix=latest` applies it."
        )
    return text


def _message(result: TargetResult) -> str:
    t, v = result.target, result.verdict
    if v.status is VerdictStatus.INCONCLUSIVE:
        return f"{t.package} {t.version} in {project(t)} could not be checked: {v.reason}."
    text = (
        f"{t.package} {t.version} in {project(t)} ({provenance(t)}): the bug reproduced. "
        f"Measured: {measured(v)}. Ran on {ran_on(v)}."
    ) + _fix_text(result)
    code = severity_text(result.severity, load_card().triggered_by, result.reachability)
    return f"{text} {code}" if code else text


def _fingerprint(result: TargetResult, rule: str) -> str:
    t = result.target
    # The variant only when there is one: the fingerprints of default targets stay as they were.
    key = f"{rule}\0{t.root}\0{t.package}" + (f"\0{t.variant}" if t.variant else "")
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _error_result(error: ScanError, rule: str, index: int) -> dict[str, Any]:
    where = f"{error.file}:{error.line}" if error.line else error.file
    plural = "s" if len(error.roots) > 1 else ""
    roots = f" (the project{plural} at {', '.join(error.roots)})" if error.roots else ""
    key = f"{rule}\0{error.file}\0{error.message}"
    return {
        "ruleId": rule,
        "ruleIndex": index,
        "level": "note",
        "message": {
            "text": _plain(
                f"{where}: {error.message}. What it declares was not checked{roots}; not known to be safe."
            )
        },
        "locations": [_location(error.file, error.line)],
        "partialFingerprints": {f"{TOOL}/error/v1": hashlib.sha256(key.encode()).hexdigest()[:32]},
        "properties": {"roots": list(error.roots)},
    }


def _target_result(r: TargetResult, rules: list[dict[str, Any]]) -> dict[str, Any]:
    index = 0 if r.verdict.status is VerdictStatus.REPRODUCED else 1
    rule = rules[index]["id"]
    result: dict[str, Any] = {
        "ruleId": rule,
        "ruleIndex": index,
        "level": "error" if index == 0 else "warning",
        "message": {"text": _plain(_message(r))},
        "locations": [_location(r.target.source.file, r.target.source.line)],
        "partialFingerprints": {f"{TOOL}/target/v1": _fingerprint(r, rule)},
        "properties": {
            "root": r.target.root,
            "variant": r.target.variant,
            "version": r.target.version,
            "verdict": r.verdict.status.value,
            "second_request": second_latency(r.verdict),
        },
    }
    if index == 0 and r.reachability is not None:
        related = _related(r.reachability.middleware + r.reachability.background)
        if related:
            result["relatedLocations"] = related
    return result


def _pack_result(r: TargetResult, p: PackVerdict, index: int) -> dict[str, Any]:
    tag = f" ({SEVERITY_TAGS[p.severity]})" if p.severity else ""
    text = (
        f"{p.title}: reproduced on {r.target.package} {r.target.version} in {project(r.target)} "
        f"({provenance(r.target)}){tag}. {p.verdict.reason}. Fixed in {r.target.package} {p.fixed_in}."
    )
    return {
        "ruleId": _cut(p.pack, MAX_NAME),
        "ruleIndex": index,
        "level": "warning",
        "message": {"text": _plain(text)},
        "locations": [_location(r.target.source.file, r.target.source.line)],
        "partialFingerprints": {f"{TOOL}/target/v1": _fingerprint(r, p.pack)},
        "properties": {
            "root": r.target.root,
            "variant": r.target.variant,
            "version": r.target.version,
            "verdict": "reproduced",
        },
    }


def _policy(result: dict[str, Any], report: Report, r: TargetResult, pack: str) -> dict[str, Any]:
    """``result`` with what the repository's policy says of it: an accepted finding is suppressed
    (kind ``external``: the policy file, with its reason as the justification; code scanning
    shows it as dismissed); an expired acceptance is said in the message, and the alert stands."""
    covered = report.policy.acceptance(r.target.root, r.target.variant, pack) if report.policy else None
    if covered is None or result["properties"].get("verdict") != "reproduced":
        return result
    if covered.expired:
        text = f"{result['message']['text']} The ignore entry at {covered.rule} expired on {covered.until}."
        result["message"] = {"text": _plain(text)}
        return result
    suppression: dict[str, Any] = {
        "kind": "external",
        "status": "accepted",
        "justification": covered.reason,
        "location": _location(covered.rule.file, covered.rule.line),
    }
    if covered.until is not None:
        suppression["properties"] = {"until": covered.until.isoformat()}
    result["suppressions"] = [suppression]
    return result


def sarif_dict(report: Report) -> dict[str, Any]:
    card = load_card()
    rules = _rules()
    results: list[dict[str, Any]] = []
    for r in report.targets:
        if r.verdict.status is not VerdictStatus.NOT_REPRODUCED:
            head = next((p.pack for p in r.packs if p.headline), card.id)
            results.append(_policy(_target_result(r, rules), report, r, head))
        for p in r.packs:
            if p.headline or p.verdict.status is not VerdictStatus.REPRODUCED:
                continue
            rule_id = _cut(p.pack, MAX_NAME)
            if rule_id not in {rule["id"] for rule in rules}:
                rules.append(_pack_rule(p))
            index = next(i for i, rule in enumerate(rules) if rule["id"] == rule_id)
            results.append(_policy(_pack_result(r, p, index), report, r, p.pack))
    if report.errors:
        rules.append(_unread_rule(card))
        results += [_error_result(e, rules[-1]["id"], len(rules) - 1) for e in report.errors]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": TOOL,
                "version": __version__,
                "informationUri": card.links["issue"],
                "rules": rules,
            }
        },
        "automationDetails": {"id": f"{TOOL}/"},
        "results": results,
    }
    if len(results) > MAX_RESULTS:  # keep the most severe; say how many were left out
        kept = sorted(results, key=lambda res: _LEVELS[res["level"]])[:MAX_RESULTS]
        run["results"] = kept
        run["properties"] = {"results_left_out": len(results) - len(kept)}
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def render_sarif(report: Report) -> str:
    return dumps(sarif_dict(report))
