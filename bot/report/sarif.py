"""SARIF 2.1.0 for GitHub code scanning (``github/codeql-action/upload-sarif``).

One result per reproduced target (level ``error``) and per inconclusive one (level ``warning``:
not known to be safe). The location is the manifest line that fixes the version; the message
carries the measured evidence and the fix. A stable fingerprint per (root, package) lets code
scanning close the alert when a later run no longer reports it.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from bot import __version__
from bot.model import Report, TargetResult, VerdictStatus
from bot.packs import load_card
from bot.report.common import measured, provenance, ran_on, second_latency

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


def _message(result: TargetResult) -> str:
    t, v = result.target, result.verdict
    if v.status is VerdictStatus.INCONCLUSIVE:
        return f"{t.package} {t.version} in {t.root} could not be checked: {v.reason}."
    text = (
        f"{t.package} {t.version} in {t.root} ({provenance(t)}): the bug reproduced. "
        f"Measured: {measured(v)}. Ran on {ran_on(v)}."
    )
    fix = result.fix
    if fix is not None:
        text += f" Fix: {fix.change}."
        if fix.verification is not None and fix.verification.status is VerdictStatus.NOT_REPRODUCED:
            text += (
                f" Verified: on {result.target.package} {fix.recommended} the second request took "
                f"{second_latency(fix.verification)}."
            )
    return text


def _fingerprint(result: TargetResult, rule: str) -> str:
    key = f"{rule}\0{result.target.root}\0{result.target.package}".encode()
    return hashlib.sha256(key).hexdigest()[:32]


def sarif_dict(report: Report) -> dict[str, Any]:
    card = load_card()
    rules = _rules()
    results = []
    for r in report.targets:
        if r.verdict.status is VerdictStatus.NOT_REPRODUCED:
            continue
        index = 0 if r.verdict.status is VerdictStatus.REPRODUCED else 1
        rule = rules[index]["id"]
        results.append(
            {
                "ruleId": rule,
                "ruleIndex": index,
                "level": "error" if index == 0 else "warning",
                "message": {"text": _message(r)},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": r.target.source.file, "uriBaseId": "%SRCROOT%"},
                            "region": {"startLine": r.target.source.line or 1},
                        }
                    }
                ],
                "partialFingerprints": {f"{TOOL}/target/v1": _fingerprint(r, rule)},
                "properties": {
                    "root": r.target.root,
                    "version": r.target.version,
                    "verdict": r.verdict.status.value,
                    "second_request": second_latency(r.verdict),
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
    return json.dumps(sarif_dict(report), indent=2) + "\n"
