"""SARIF 2.1.0 for GitHub code scanning (``github/codeql-action/upload-sarif``).

One result per reproduced target (level ``error``) and per inconclusive one (level ``warning``:
not known to be safe). The location is the manifest line that fixes the version; the message
carries the measured evidence and the fix, and the places in the code that take part in the bug's
pattern are related locations. Each other pack that reproduced adds a result under its own rule
(level ``warning``: the headline bug is the one the check is about). A stable fingerprint per
(rule, root, package, and the extra or group when the target has one) lets code scanning close the
alert when a later run no longer reports it.
"""

from __future__ import annotations

import hashlib
from typing import Any

from bot import __version__
from bot.model import Finding, PackVerdict, Report, TargetResult, VerdictStatus
from bot.packs import builtin_card, load_card
from bot.report import fixtext
from bot.report.common import (
    SEVERITY_TAGS,
    measured,
    project,
    provenance,
    ran_on,
    second_latency,
    severity_text,
)
from bot.report.json_report import dumps

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
TOOL = "starlette-2093-check"


def _rules() -> list[dict[str, Any]]:
    card = load_card()
    return [
        {
            "id": card.id,
            "name": "StarletteKeepAliveBlockedByBackgroundTask",
            "shortDescription": {"text": card.title},
            "fullDescription": {"text": card.texts["what_broke"]},
            "helpUri": card.links["issue"],
            "help": {
                "text": f"{card.texts['mechanism']} Upgrade {card.package} to {card.fixed_in} or later.",
                "markdown": f"{card.texts['what_broke']}\n\n{card.texts['mechanism']}\n\n"
                f"**Fix:** upgrade {card.package} to {card.fixed_in} or later "
                f"([fix]({card.links['fix']})).\n\n"
                f"**When not to apply it:** {card.texts['when_not_to_apply']}",
            },
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
            "helpUri": card.links["issue"],
            "defaultConfiguration": {"level": "warning"},
            "properties": {"tags": ["reliability", "dependency", card.package]},
        },
    ]


def _pack_rule(p: PackVerdict) -> dict[str, Any]:
    """A neighbouring or custom pack's rule. Links come from our own cards only: a report file may
    have been written by a pull request's workflow."""
    card = builtin_card(p.pack)
    rule: dict[str, Any] = {
        "id": p.pack,
        "shortDescription": {"text": p.title},
        "defaultConfiguration": {"level": "warning"},
        "properties": {"tags": ["reliability", "dependency", "starlette"]},
    }
    if card is not None:
        rule["fullDescription"] = {"text": card.texts.get("what_broke", card.title)}
        rule["helpUri"] = card.links["issue"]
        rule["help"] = {"text": f"{card.texts.get('mechanism', '')} Fixed in {card.package} {card.fixed_in}."}
    return rule


def _location(file: str, line: int | None) -> dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": file, "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": line or 1},
        }
    }


def _related(findings: tuple[Finding, ...]) -> list[dict[str, Any]]:
    return [
        {**_location(f.file, f.line), "id": n, "message": {"text": f"{f.kind} {f.name}".strip()}}
        for n, f in enumerate(findings[:20])
    ]


def _message(result: TargetResult) -> str:
    t, v = result.target, result.verdict
    if v.status is VerdictStatus.INCONCLUSIVE:
        return f"{t.package} {t.version} in {project(t)} could not be checked: {v.reason}."
    text = (
        f"{t.package} {t.version} in {project(t)} ({provenance(t)}): the bug reproduced. "
        f"Measured: {measured(v)}. Ran on {ran_on(v)}."
    )
    fix = result.fix
    if fix is not None:
        text += f" Fix: {fix.change}."
        run = fix.verification
        if fix.verified and run is not None and run.status is VerdictStatus.NOT_REPRODUCED:
            text += (
                f" Verified: on {result.target.package} {fix.recommended} the second request took "
                f"{second_latency(run)}."
            )
        elif fix.minimal:
            text += f" {fixtext.checked(fix, result.target.package)}"
    code = severity_text(result.severity, load_card().triggered_by, result.reachability)
    return f"{text} {code}" if code else text


def _fingerprint(result: TargetResult, rule: str) -> str:
    t = result.target
    # The variant only when there is one: the fingerprints of default targets stay as they were.
    key = f"{rule}\0{t.root}\0{t.package}" + (f"\0{t.variant}" if t.variant else "")
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def sarif_dict(report: Report) -> dict[str, Any]:
    card = load_card()
    rules = _rules()
    results = []
    for r in report.targets:
        if r.verdict.status is not VerdictStatus.NOT_REPRODUCED:
            index = 0 if r.verdict.status is VerdictStatus.REPRODUCED else 1
            rule = rules[index]["id"]
            result: dict[str, Any] = {
                "ruleId": rule,
                "ruleIndex": index,
                "level": "error" if index == 0 else "warning",
                "message": {"text": _message(r)},
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
            results.append(result)
        for p in r.packs:
            if p.headline or p.verdict.status is not VerdictStatus.REPRODUCED:
                continue
            if p.pack not in {rule["id"] for rule in rules}:
                rules.append(_pack_rule(p))
            index = next(i for i, rule in enumerate(rules) if rule["id"] == p.pack)
            tag = f" ({SEVERITY_TAGS[p.severity]})" if p.severity else ""
            results.append(
                {
                    "ruleId": p.pack,
                    "ruleIndex": index,
                    "level": "warning",
                    "message": {
                        "text": f"{p.title}: reproduced on {r.target.package} {r.target.version} in "
                        f"{project(r.target)} ({provenance(r.target)}){tag}. {p.verdict.reason}. "
                        f"Fixed in {r.target.package} {p.fixed_in}."
                    },
                    "locations": [_location(r.target.source.file, r.target.source.line)],
                    "partialFingerprints": {f"{TOOL}/target/v1": _fingerprint(r, p.pack)},
                    "properties": {
                        "root": r.target.root,
                        "variant": r.target.variant,
                        "version": r.target.version,
                        "verdict": "reproduced",
                    },
                }
            )
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
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
        ],
    }


def render_sarif(report: Report) -> str:
    return dumps(sarif_dict(report))
