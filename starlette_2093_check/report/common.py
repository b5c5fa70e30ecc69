"""Small formatting helpers the text and Markdown renderers share.

They return plain text. A verdict's evidence may come from a report file (the ``report`` input), so
nothing here trusts its shapes: a value that is not what a run writes reads as "n/a" (or the
verdict's reason), never as an exception. The Markdown renderer escapes what these return.
"""

from __future__ import annotations

import math
import posixpath
import re
from dataclasses import replace
from typing import Any

from starlette_2093_check.model import (
    Finding,
    Location,
    PackVerdict,
    Reachability,
    Report,
    Resolution,
    ScanError,
    Severity,
    Target,
    TargetResult,
    Verdict,
    VerdictStatus,
)
from starlette_2093_check.repro.verdict import second_request_ms

LABELS = {
    VerdictStatus.REPRODUCED: "reproduced",
    VerdictStatus.NOT_REPRODUCED: "not reproduced",
    VerdictStatus.INCONCLUSIVE: "inconclusive",
}


def number(value: Any) -> float | None:
    """``value`` as a finite float, if it is a JSON number (not a boolean)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        result = float(value)
    except OverflowError:
        return None
    return result if math.isfinite(result) else None


def ms(value: Any) -> str:
    milliseconds = number(value)
    if milliseconds is None:
        return "n/a"
    return f"{milliseconds / 1000:.2f} s" if milliseconds >= 1000 else f"{milliseconds:.0f} ms"


def provenance(target: Target) -> str:
    via = f" via {' → '.join(target.via)}" if target.via else ""
    deployed = f" ({deployed_source(target)})" if deployed_source(target) else ""
    return f"{target.source}{via}{approximate(target)}{deployed}"


def deployed_source(target: Target) -> str | None:
    """What recorded a deployed version, in words ("from the SBOM", "installed in site-packages");
    None for a version a lock, a pin or the resolver fixed."""
    if target.resolution is Resolution.SBOM:
        return "from the SBOM"
    if target.resolution is Resolution.INSTALLED:
        file = target.source.file
        in_site = file.endswith(("/METADATA", "/PKG-INFO", ".egg-info"))
        return "installed in site-packages" if in_site else "installed, as the freeze output lists"
    return None


def approximate(target: Target) -> str:
    """`` (approximate: 2 requirements left out)`` for a version resolved without some declarations."""
    n = len(target.left_out)
    return f" (approximate: {n} requirement{'s' if n != 1 else ''} left out)" if n else ""


def left_out_lines(target: Target, limit: int = 10) -> list[str]:
    """One line per declaration the version was resolved without, the first ``limit`` of them."""
    shown = target.left_out[:limit]
    lines = [f"left out {item.requirement} ({item.location}): {item.reason}" for item in shown]
    rest = len(target.left_out) - limit
    if rest > 0:
        lines.append(f"and {rest} more requirement(s) left out (all of them are in the JSON report)")
    return lines


def error_place(error: ScanError) -> str:
    """``file:line``, and the roots whose resolution reported it (``api, worker``)."""
    where = error.file if error.line is None else f"{error.file}:{error.line}"
    return f"{where} ({', '.join(error.roots)})" if error.roots else where


def project(target: Target) -> str:
    """The target's root, with the extra or group its version needs: ``api [extra:train]``."""
    return f"{target.root} [{target.variant}]" if target.variant else target.root


def second_latency(verdict: Verdict | None) -> str:
    if verdict is None:
        return "n/a"
    try:
        return ms(second_request_ms(verdict.evidence))
    except (AttributeError, TypeError, ValueError, KeyError, IndexError):
        return "n/a"


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def measured(verdict: Verdict) -> str:
    """One sentence of what the run measured."""
    ev: dict[str, Any] = _mapping(verdict.evidence)
    requests = _mapping(ev.get("http")).get("requests")
    if not isinstance(requests, list) or len(requests) < 2:
        return verdict.reason
    first, second = (number(_mapping(r).get("latency_ms")) for r in requests[:2])
    if first is None or second is None:
        return verdict.reason
    hold = number(ev.get("hold_s"))
    held = "" if hold is None else f"; background job held up to {hold:g} s"
    return f"second request on the same keep-alive connection took {ms(second)} (first: {ms(first)}{held})"


def ran_on(verdict: Verdict) -> str:
    v = _mapping(verdict.evidence.get("versions"))
    interp = _mapping(verdict.evidence.get("interpreter"))
    parts = [f"Python {v.get('python') or interp.get('version', '?')}"]
    built = _mapping(verdict.evidence.get("install")).get("from_sdist")
    built_names = {str(n) for n in built} if isinstance(built, list) else set()
    parts += [
        f"{name} {v[name]}" + (" (built from its sdist in the sandbox)" if name in built_names else "")
        for name in ("starlette", "anyio", "uvicorn")
        if v.get(name)
    ]
    parts.append(f"harness {verdict.evidence.get('harness_version', '?')}")
    text = ", ".join(parts)
    if interp.get("note"):
        text += f" ({interp['note']})"
    return text


SEVERITY_TAGS = {
    Severity.TRIGGERED: "triggered in your app",
    Severity.DEPENDENCY: "not triggered by your code",
}
_PARTS = {"middleware": "BaseHTTPMiddleware", "background": "background task"}
_KINDS = {
    "subclass": "subclass",
    "decorator": '@middleware("http")',
    "add_middleware": "add_middleware",
    "Middleware": "Middleware(...)",
}
CAVEAT = (
    "Middleware from an installed package can still wrap your app in a BaseHTTPMiddleware, "
    "so the upgrade is still worth making."
)


def places(findings: tuple[Finding, ...], limit: int = 3) -> str:
    """``app.py:12 (subclass TimingMiddleware), app.py:30`` and a count of the rest."""

    def one(f: Finding) -> str:
        what = " ".join(p for p in (_KINDS.get(f.kind, ""), f.name) if p)
        return f"{f.file}:{f.line}" + (f" ({what})" if what else "")

    shown = ", ".join(one(f) for f in findings[:limit])
    rest = len(findings) - limit
    return shown + (f" and {rest} more" if rest > 0 else "")


def severity_text(
    severity: Severity | None, triggered_by: tuple[str, ...], reach: Reachability | None, caveat: bool = True
) -> str:
    """What the code scan says about a reproduced bug, as one or two sentences (empty: no claim).

    ``caveat=False`` leaves out the sentence about installed middleware (said once elsewhere)."""
    if severity is None or reach is None:
        return ""
    if severity is Severity.TRIGGERED:
        found = "; ".join(
            f"{_PARTS[part]} at {places(reach.middleware if part == 'middleware' else reach.background)}"
            for part in triggered_by
            if part in _PARTS
        )
        return f"Triggered in your app: {found}."
    missing = " or ".join(_PARTS[p] for p in triggered_by if p in _PARTS and not reach.has(p))
    text = (
        "Present in a dependency, not triggered by your code: no "
        f"{missing} in this project's own code (tests, virtualenvs and vendored code are not read)."
    )
    if reach.note:  # files in newer syntax than the reader's could not be looked at
        text += f" Incomplete: {reach.note}."
    return f"{text} {CAVEAT}" if caveat else text


def pack_code_text(p: PackVerdict, reach: Reachability | None) -> str:
    """``severity_text`` for a pack, without the caveat (said once under its bug)."""
    return severity_text(p.severity, p.triggered_by, reach, caveat=False)


def summary_counts(results: tuple[TargetResult, ...], errors: int) -> str:
    counts = [f"{sum(1 for r in results if r.verdict.status is s)} {label}" for s, label in LABELS.items()]
    return ", ".join(counts) + f", {errors} error{'s' if errors != 1 else ''}"


def _join(prefix: str, path: str) -> str:
    # normpath: a custom pack's card outside the scanned directory is "../.github/packs/card.yaml".
    return (
        path if prefix in ("", ".") else (prefix if path == "." else posixpath.normpath(f"{prefix}/{path}"))
    )


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
            left_out=tuple(replace(item, location=_moved(prefix, item.location)) for item in t.left_out),
        )
        fix = r.fix
        if fix is not None:
            moved = _moved(prefix, fix.location)
            # The sentence names the locations too; rewrite each once (one pass, longest first).
            places = {str(fix.location): str(moved)}
            low = fix.minimal_fix
            every = (*fix.edits, *(low.edits if low else ()))
            places.update({f"{e.file}:{e.line}": f"{_join(prefix, e.file)}:{e.line}" for e in every})
            change = _rewrite(fix.change, places)
            edits = tuple(replace(e, file=_join(prefix, e.file)) for e in fix.edits)
            if low is not None:
                low = replace(
                    low,
                    change=_rewrite(low.change, places),
                    edits=tuple(replace(e, file=_join(prefix, e.file)) for e in low.edits),
                )
            fix = replace(fix, location=moved, change=change, edits=edits, minimal_fix=low)
        reach = r.reachability
        if reach is not None:
            reach = replace(
                reach,
                middleware=tuple(replace(f, file=_join(prefix, f.file)) for f in reach.middleware),
                background=tuple(replace(f, file=_join(prefix, f.file)) for f in reach.background),
            )
        results.append(replace(r, target=target, fix=fix, reachability=reach))
    return replace(
        report,
        targets=tuple(results),
        scanned=tuple(_join(prefix, s) for s in report.scanned),
        errors=tuple(
            replace(e, file=_join(prefix, e.file), roots=tuple(_join(prefix, r) for r in e.roots))
            for e in report.errors
        ),
    )


def overall_verdict(report: Report) -> str:
    """One word for the whole run: reproduced, inconclusive, not_reproduced or none."""
    if report.count(VerdictStatus.REPRODUCED):
        return "reproduced"
    if report.count(VerdictStatus.INCONCLUSIVE) or report.errors:
        return "inconclusive"
    return "not_reproduced" if report.targets else "none"
