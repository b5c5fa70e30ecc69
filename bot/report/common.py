"""Small formatting helpers the text and Markdown renderers share."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from bot.model import Location, Report, Target, TargetResult, Verdict, VerdictStatus
from bot.repro.verdict import second_request_ms

LABELS = {
    VerdictStatus.REPRODUCED: "reproduced",
    VerdictStatus.NOT_REPRODUCED: "not reproduced",
    VerdictStatus.INCONCLUSIVE: "inconclusive",
}


def ms(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value / 1000:.2f} s" if value >= 1000 else f"{value:.0f} ms"


def provenance(target: Target) -> str:
    via = f" via {' → '.join(target.via)}" if target.via else ""
    return f"{target.source}{via}"


def second_latency(verdict: Verdict | None) -> str:
    return ms(second_request_ms(verdict.evidence)) if verdict else "n/a"


def measured(verdict: Verdict) -> str:
    """One sentence of what the run measured."""
    ev: dict[str, Any] = verdict.evidence
    requests = (ev.get("http") or {}).get("requests") or []
    if len(requests) < 2:
        return verdict.reason
    hold = ev.get("hold_s")
    return (
        f"second request on the same keep-alive connection took {ms(requests[1]['latency_ms'])} "
        f"(first: {ms(requests[0]['latency_ms'])}; background job held up to {hold:g} s)"
    )


def ran_on(verdict: Verdict) -> str:
    v = verdict.evidence.get("versions") or {}
    interp = verdict.evidence.get("interpreter") or {}
    parts = [f"Python {v.get('python') or interp.get('version', '?')}"]
    parts += [f"{name} {v[name]}" for name in ("starlette", "anyio", "uvicorn") if v.get(name)]
    parts.append(f"harness {verdict.evidence.get('harness_version', '?')}")
    text = ", ".join(parts)
    if interp.get("note"):
        text += f" ({interp['note']})"
    return text


def summary_counts(results: tuple[TargetResult, ...], errors: int) -> str:
    counts = [f"{sum(1 for r in results if r.verdict.status is s)} {label}" for s, label in LABELS.items()]
    return ", ".join(counts) + f", {errors} error{'s' if errors != 1 else ''}"


def _join(prefix: str, path: str) -> str:
    return path if prefix in ("", ".") else (prefix if path == "." else f"{prefix}/{path}")


def _moved(prefix: str, loc: Location) -> Location:
    return replace(loc, file=_join(prefix, loc.file))


def _rewrite(text: str, places: dict[str, str]) -> str:
    """``text`` with every whole occurrence of a key of ``places`` replaced, in one pass."""
    pattern = "|".join(re.escape(p) for p in sorted(places, key=len, reverse=True))
    return re.sub(rf"(?<![\w/.-])(?:{pattern})(?![\w/-]|\.\w|\d)", lambda m: places[m[0]], text)


def rebase(report: Report, prefix: str) -> Report:
    """The report with every path made relative to the scan path's parent ``prefix``.

    A scan of ``services/`` reports ``api/requirements.txt``; GitHub wants ``services/api/...``
    for annotations, SARIF and links.
    """
    if prefix in ("", "."):
        return report
    results = []
    for r in report.targets:
        t = r.target
        target = replace(
            t,
            root=_join(prefix, t.root),
            source=_moved(prefix, t.source),
            python=None if t.python is None else replace(t.python, source=_moved(prefix, t.python.source)),
        )
        fix = r.fix
        if fix is not None:
            moved = _moved(prefix, fix.location)
            # The sentence names the locations too; rewrite each once (one pass, longest first).
            places = {str(fix.location): str(moved)}
            places.update({f"{e.file}:{e.line}": f"{_join(prefix, e.file)}:{e.line}" for e in fix.edits})
            change = _rewrite(fix.change, places)
            edits = tuple(replace(e, file=_join(prefix, e.file)) for e in fix.edits)
            fix = replace(fix, location=moved, change=change, edits=edits)
        results.append(replace(r, target=target, fix=fix))
    return replace(
        report,
        targets=tuple(results),
        scanned=tuple(_join(prefix, s) for s in report.scanned),
        errors=tuple(replace(e, file=_join(prefix, e.file)) for e in report.errors),
    )
