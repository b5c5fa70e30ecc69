"""The JSON contract (DESIGN.md): ``schema_version``, ``tool``, ``targets``, ``scanned``, ``errors``."""

from __future__ import annotations

import json
from typing import Any

from starlette_2093_check import NAME, __version__
from starlette_2093_check.model import (
    Advisory,
    Audit,
    Comparison,
    Edit,
    Finding,
    Fix,
    Location,
    MinimalFix,
    PackVerdict,
    PolicyOutcome,
    Reachability,
    Report,
    ScanError,
    SetCheck,
    TargetResult,
    Verdict,
)
from starlette_2093_check.repro.verdict import second_request_ms

SCHEMA_VERSION = 1


def tool_dict() -> dict[str, str]:
    """What wrote the report: ``{"name": "starlette-2093-check", "version": "X.Y.Z"}``.

    Added within ``schema_version`` 1: reports written before it are still read (``report.load``)."""
    return {"name": NAME, "version": __version__}


def _location(loc: Location) -> dict[str, Any]:
    return {"file": loc.file, "line": loc.line}


def _verification(verdict: Verdict | None, version: str | None) -> dict[str, Any] | None:
    if verdict is None:
        return None
    return {
        "version": version,
        "verdict": verdict.status.value,
        "reason": verdict.reason,
        "second_request_ms": second_request_ms(verdict.evidence),
        "evidence": verdict.evidence,
    }


def advisory_dict(a: Advisory) -> dict[str, Any]:
    return {
        "id": a.id,
        "aliases": list(a.aliases),
        "package": a.package,
        "version": a.version,
        "fix_versions": list(a.fix_versions),
        "summary": a.summary,
    }


def _audit(audit: Audit | None) -> dict[str, Any] | None:
    if audit is None:
        return None
    return {
        "audited": [f"{name}=={version}" for name, version in audit.audited],
        "error": audit.error,
        "advisories": [advisory_dict(a) for a in audit.advisories],
    }


def _edit(edit: Edit) -> dict[str, Any]:
    return {"file": edit.file, "line": edit.line, "old": edit.old, "new": edit.new, "hashed": edit.hashed}


def _fix(fix: Fix | None) -> dict[str, Any] | None:
    if fix is None:
        return None
    return {
        "package": fix.package,
        "from": fix.from_version,
        "to": fix.to_version,
        "requirement": f"{fix.package}>={fix.to_version}",
        "file": fix.location.file,
        "line": fix.location.line,
        "change": fix.change,
        "minimal": fix.minimal,
        "recommended": fix.recommended,
        "recommended_parent": fix.recommended_parent,
        "verification": _verification(fix.verification, fix.recommended),
        "tried": [
            {"version": c.version, "verdict": c.verdict.status.value, "reason": c.verdict.reason}
            for c in fix.tried
        ],
        "edits": [_edit(e) for e in fix.edits],
        "command": fix.command,
        "remaining_advisories": [advisory_dict(a) for a in fix.remaining],
        "notes": list(fix.notes),
        "verified": fix.verified,
        "check": _set_check(fix.check),
        "fallback": fix.fallback,
        "regenerate": fix.regenerate,
        "minimal_fix": _minimal_fix(fix.minimal_fix),
    }


def _minimal_fix(low: MinimalFix | None) -> dict[str, Any] | None:
    """The minimal fix as a change of its own: ``scan --fix``'s default (``--fix=latest`` applies
    ``edits`` and ``command`` above)."""
    if low is None:
        return None
    return {
        "change": low.change,
        "edits": [_edit(e) for e in low.edits],
        "command": low.command,
        "version": low.version,
        "parent": low.parent,
        "verification": _verification(low.verification, low.version),
        "verified": low.verified,
        "check": _set_check(low.check),
        "remaining_advisories": [advisory_dict(a) for a in low.remaining],
        "notes": list(low.notes),
    }


def _set_check(check: SetCheck | None) -> dict[str, Any] | None:
    """The fix's changed declarations, resolved again (``starlette_2093_check.fixset``)."""
    if check is None:
        return None
    return {
        "resolves": check.resolves,
        "files": list(check.files),
        "versions": dict(check.versions),
        "error": check.error,
        "left_out": list(check.left_out),
    }


def _finding(f: Finding) -> dict[str, Any]:
    return {"file": f.file, "line": f.line, "kind": f.kind, "name": f.name}


def _reachability(reach: Reachability | None) -> dict[str, Any] | None:
    if reach is None:
        return None
    return {
        "reachable": reach.reachable,
        "middleware": [_finding(f) for f in reach.middleware],
        "background": [_finding(f) for f in reach.background],
        # files in syntax newer than the reading Python's: the findings are incomplete
        "complete": reach.complete,
        "unread": [_location(loc) for loc in reach.unread],
        "note": reach.note,
    }


def _pack(p: PackVerdict) -> dict[str, Any]:
    return {
        "id": p.pack,
        "title": p.title,
        "fixed_in": p.fixed_in,
        "headline": p.headline,
        "custom": p.custom,
        "source": p.source,
        "links": dict(p.links),
        "triggered_by": list(p.triggered_by),
        "verdict": p.verdict.status.value,
        "reason": p.verdict.reason,
        "cached": p.verdict.cached,
        "severity": p.severity.value if p.severity else None,
        "evidence": p.verdict.evidence,
        "after_fix": None
        if p.after_fix is None
        else {
            "version": p.after_fix.version,
            "verdict": p.after_fix.verdict.status.value,
            "reason": p.after_fix.verdict.reason,
            "evidence": p.after_fix.verdict.evidence,
        },
    }


def target_dict(result: TargetResult) -> dict[str, Any]:
    t = result.target
    return {
        "root": t.root,
        "package": t.package,
        "version": t.version,
        "source": _location(t.source),
        "via": list(t.via),
        "resolution": t.resolution.value,
        "resolved_on": t.resolved_on,
        "companions": dict(t.companions),
        "python": None if t.python is None else {"request": t.python.request, "source": str(t.python.source)},
        "notes": list(t.notes),
        "unrunnable": t.unrunnable,
        "left_out": [
            {"requirement": i.requirement, **_location(i.location), "reason": i.reason} for i in t.left_out
        ],
        "variant": t.variant,
        "verdict": result.verdict.status.value,
        "reason": result.verdict.reason,
        "cached": result.verdict.cached,
        "evidence": result.verdict.evidence,
        "severity": result.severity.value if result.severity else None,
        "reachability": _reachability(result.reachability),
        "packs": [_pack(p) for p in result.packs],
        "fix": _fix(result.fix),
        "advisories": _audit(result.audit),
    }


def error_dict(error: ScanError) -> dict[str, Any]:
    out: dict[str, Any] = {"file": error.file, "line": error.line, "message": error.message}
    if error.roots:  # found while resolving these project roots (a file they share: once for all)
        out["roots"] = list(error.roots)
    return out


def report_dict(report: Report) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": tool_dict(),
        "targets": [target_dict(t) for t in report.targets],
        "scanned": list(report.scanned),
        "errors": [error_dict(e) for e in report.errors],
        # Directories a skip rule left unread that hold manifests: never silently dropped.
        "skipped": [
            {"path": s.path, "pattern": s.pattern, "manifests": list(s.manifests)} for s in report.skipped
        ],
        # Only on pull requests (added within schema_version 1: older reports have none).
        **({"comparison": comparison_dict(report.comparison)} if report.comparison is not None else {}),
        # When a policy was applied (added within schema_version 1). Never read back
        # (``report.load``): whoever publishes a report applies its own policy to it.
        **({"policy": policy_dict(report.policy)} if report.policy is not None else {}),
    }


def policy_dict(outcome: PolicyOutcome) -> dict[str, Any]:
    """The ignore entries as applied: each finding they cover, and what each entry did."""
    return {
        "source": outcome.source,
        "today": outcome.today.isoformat(),
        "fail_on": dict(outcome.fail_on),
        "findings": [
            {
                "root": a.root,
                "variant": a.variant,
                "pack": a.pack,
                "state": "expired" if a.expired else "accepted",
                "reason": a.reason,
                "until": a.until.isoformat() if a.until else None,
                "rule": _location(a.rule),
            }
            for a in outcome.findings
        ],
        "entries": [
            {
                **_location(r.rule),
                "state": r.state.value,
                "reason": r.reason,
                "until": r.until.isoformat() if r.until else None,
                "matched": list(r.matched),
            }
            for r in outcome.rules
        ],
    }


def comparison_dict(c: Comparison) -> dict[str, Any]:
    """A pull request's comparison with its base: each root's change, and both sides' verdicts
    (null: the root does not resolve starlette on that side, or that side was not read)."""
    roots = [
        {
            "root": r.root,
            "variant": r.variant,
            "change": r.change.value,
            "head": r.head.value if r.head else None,
            "base": r.base.value if r.base else None,
            "head_version": r.head_version,
            "base_version": r.base_version,
            "reason": r.reason,
        }
        for r in c.roots
    ]
    return {"base": {"ref": c.base_ref, "sha": c.base_sha}, "error": c.error, "roots": roots}


def dumps(data: object) -> str:
    """``data`` as indented JSON that a CI log never reads as a workflow command.

    Strings carry repository text; JSON escapes their line breaks, so no line starts with ``::``,
    but ``##[`` (the runner's older command syntax, read anywhere in a line) could appear inside
    one. It is written ``#\\u0023[``: the same string to every JSON reader.
    """
    return json.dumps(data, indent=2).replace("##[", "#\\u0023[") + "\n"


def render_json(report: Report) -> str:
    return dumps(report_dict(report))
