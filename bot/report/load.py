"""Read a JSON report (schema_version 1) back into a ``Report``.

Used to publish a report made by an earlier, unprivileged run (pull requests from forks: the
``workflow_run`` follow-up). That file came from a workflow the pull request could change, so it
is validated field by field and re-rendered by our templates; its text is never posted as is.
"""

from __future__ import annotations

from typing import Any

from bot.model import (
    Advisory,
    Audit,
    Check,
    Edit,
    Finding,
    Fix,
    Location,
    PackVerdict,
    PythonRequest,
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
from bot.report.json_report import SCHEMA_VERSION

MAX_TEXT = 2000  # no field of ours is longer; longer ones are cut


class ReportFormatError(ValueError):
    """The file is not a report this version can read; the message says where."""


def _str(obj: dict[str, Any], key: str, where: str, *, optional: bool = False) -> str | None:
    value = obj.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise ReportFormatError(f"{where}.{key}: expected a string, got {type(value).__name__}")
    return value[:MAX_TEXT]


def _req(obj: dict[str, Any], key: str, where: str) -> str:
    value = _str(obj, key, where)
    assert value is not None
    return value


def _line(value: Any, where: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ReportFormatError(f"{where}: expected a positive line number, got {value!r}")
    return value


def _dict(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ReportFormatError(f"{where}: expected an object, got {type(value).__name__}")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise ReportFormatError(f"{where}: expected a list, got {type(value).__name__}")
    return value


def _strings(value: Any, where: str) -> tuple[str, ...]:
    items = _list(value, where)
    if not all(isinstance(i, str) for i in items):
        raise ReportFormatError(f"{where}: expected a list of strings")
    return tuple(i[:MAX_TEXT] for i in items)


def _status(value: Any, where: str) -> VerdictStatus:
    try:
        return VerdictStatus(value)
    except ValueError:
        raise ReportFormatError(f"{where}: unknown verdict {value!r}") from None


def _verdict(obj: dict[str, Any], status_key: str, where: str) -> Verdict:
    return Verdict(
        status=_status(obj.get(status_key), f"{where}.{status_key}"),
        reason=_req(obj, "reason", where),
        evidence=_dict(obj.get("evidence") or {}, f"{where}.evidence"),
        cached=bool(obj.get("cached", False)),
    )


def _advisory(value: Any, where: str) -> Advisory:
    obj = _dict(value, where)
    return Advisory(
        id=_req(obj, "id", where),
        package=_req(obj, "package", where),
        version=_req(obj, "version", where),
        fix_versions=_strings(obj.get("fix_versions") or [], f"{where}.fix_versions"),
        aliases=_strings(obj.get("aliases") or [], f"{where}.aliases"),
        summary=_str(obj, "summary", where, optional=True) or "",
    )


def _advisories(value: Any, where: str) -> tuple[Advisory, ...]:
    return tuple(_advisory(a, f"{where}[{i}]") for i, a in enumerate(_list(value or [], where)))


def _audit(value: Any, where: str) -> Audit | None:
    if value is None:
        return None
    obj = _dict(value, where)
    audited = []
    for entry in _strings(obj.get("audited") or [], f"{where}.audited"):
        name, sep, version = entry.partition("==")
        if not sep or not name or not version:
            raise ReportFormatError(f"{where}.audited: expected name==version, got {entry!r}")
        audited.append((name, version))
    return Audit(
        advisories=_advisories(obj.get("advisories"), f"{where}.advisories"),
        audited=tuple(audited),
        error=_optional_string(obj.get("error"), f"{where}.error"),
    )


def _edit(value: Any, where: str) -> Edit:
    obj = _dict(value, where)
    line = _line(obj.get("line"), f"{where}.line")
    if line is None:
        raise ReportFormatError(f"{where}.line: expected a positive line number")
    return Edit(
        file=_req(obj, "file", where),
        line=line,
        old=_req(obj, "old", where),
        new=_req(obj, "new", where),
        hashed=bool(obj.get("hashed", False)),
    )


def _check(value: Any, where: str) -> Check:
    obj = _dict(value, where)
    return Check(version=_req(obj, "version", where), verdict=_verdict(obj, "verdict", where))


def _fix(value: Any, where: str) -> Fix | None:
    if value is None:
        return None
    obj = _dict(value, where)
    check = obj.get("verification")
    return Fix(
        package=_req(obj, "package", where),
        from_version=_req(obj, "from", where),
        to_version=_req(obj, "to", where),
        location=Location(_req(obj, "file", where), _line(obj.get("line"), f"{where}.line")),
        change=_req(obj, "change", where),
        minimal=_optional_string(obj.get("minimal"), f"{where}.minimal"),
        recommended=_optional_string(obj.get("recommended"), f"{where}.recommended"),
        recommended_parent=_optional_string(obj.get("recommended_parent"), f"{where}.recommended_parent"),
        verification=None
        if check is None
        else _verdict(_dict(check, f"{where}.verification"), "verdict", f"{where}.verification"),
        tried=tuple(
            _check(c, f"{where}.tried[{i}]") for i, c in enumerate(_list(obj.get("tried") or [], where))
        ),
        edits=tuple(
            _edit(e, f"{where}.edits[{i}]") for i, e in enumerate(_list(obj.get("edits") or [], where))
        ),
        command=_optional_string(obj.get("command"), f"{where}.command"),
        remaining=_advisories(obj.get("remaining_advisories"), f"{where}.remaining_advisories"),
        notes=_strings(obj.get("notes") or [], f"{where}.notes"),
    )


def _python(value: Any, where: str) -> PythonRequest | None:
    if value is None:
        return None
    obj = _dict(value, where)
    source = _req(obj, "source", where)
    file, _, line = source.rpartition(":")
    location = Location(file, int(line)) if file and line.isdigit() else Location(source)
    return PythonRequest(request=_req(obj, "request", where), source=location)


def _optional_string(value: Any, where: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise ReportFormatError(f"{where}: expected a string or null, got {type(value).__name__}")


def _severity(value: Any, where: str) -> Severity | None:
    if value is None:
        return None
    try:
        return Severity(value)
    except ValueError:
        raise ReportFormatError(f"{where}: unknown severity {value!r}") from None


def _finding(value: Any, where: str) -> Finding:
    obj = _dict(value, where)
    line = _line(obj.get("line"), f"{where}.line")
    if line is None:
        raise ReportFormatError(f"{where}.line: expected a positive line number")
    return Finding(
        file=_req(obj, "file", where),
        line=line,
        kind=_req(obj, "kind", where),
        name=_str(obj, "name", where, optional=True) or "",
    )


def _findings(value: Any, where: str) -> tuple[Finding, ...]:
    return tuple(_finding(f, f"{where}[{i}]") for i, f in enumerate(_list(value or [], where)))


def _reachability(value: Any, where: str) -> Reachability | None:
    if value is None:
        return None
    obj = _dict(value, where)
    reachable = obj.get("reachable")
    if not isinstance(reachable, bool):
        raise ReportFormatError(f"{where}.reachable: expected true or false")
    return Reachability(
        reachable=reachable,
        middleware=_findings(obj.get("middleware"), f"{where}.middleware"),
        background=_findings(obj.get("background"), f"{where}.background"),
    )


def _pack(value: Any, where: str) -> PackVerdict:
    obj = _dict(value, where)
    links = _dict(obj.get("links") or {}, f"{where}.links")
    triggered = _strings(obj.get("triggered_by") or [], f"{where}.triggered_by")
    return PackVerdict(
        pack=_req(obj, "id", where),
        title=_req(obj, "title", where),
        fixed_in=_req(obj, "fixed_in", where),
        verdict=_verdict(obj, "verdict", where),
        headline=bool(obj.get("headline", False)),
        custom=bool(obj.get("custom", False)),
        source=_optional_string(obj.get("source"), f"{where}.source"),
        links=tuple((str(k), _req(links, k, f"{where}.links")) for k in links),
        triggered_by=triggered,
        severity=_severity(obj.get("severity"), f"{where}.severity"),
        after_fix=_after_fix(obj.get("after_fix"), f"{where}.after_fix"),
    )


def _after_fix(value: Any, where: str) -> Check | None:
    if value is None:
        return None
    obj = _dict(value, where)
    return Check(version=_req(obj, "version", where), verdict=_verdict(obj, "verdict", where))


def _target(value: Any, where: str) -> TargetResult:
    obj = _dict(value, where)
    source = _dict(obj.get("source"), f"{where}.source")
    companions = _dict(obj.get("companions") or {}, f"{where}.companions")
    try:
        resolution = Resolution(str(obj.get("resolution")))
    except ValueError:
        raise ReportFormatError(f"{where}.resolution: unknown value {obj.get('resolution')!r}") from None
    target = Target(
        root=_req(obj, "root", where),
        package=_req(obj, "package", where),
        version=_req(obj, "version", where),
        source=Location(
            _req(source, "file", f"{where}.source"), _line(source.get("line"), f"{where}.source.line")
        ),
        via=_strings(obj.get("via") or [], f"{where}.via"),
        resolution=resolution,
        companions=tuple(sorted((str(k), str(v)) for k, v in companions.items())),
        python=_python(obj.get("python"), f"{where}.python"),
        notes=_strings(obj.get("notes") or [], f"{where}.notes"),
        resolved_on=_optional_string(obj.get("resolved_on"), f"{where}.resolved_on"),
    )
    return TargetResult(
        target=target,
        verdict=_verdict(obj, "verdict", where),
        fix=_fix(obj.get("fix"), f"{where}.fix"),
        audit=_audit(obj.get("advisories"), f"{where}.advisories"),
        packs=tuple(
            _pack(p, f"{where}.packs[{i}]") for i, p in enumerate(_list(obj.get("packs") or [], where))
        ),
        reachability=_reachability(obj.get("reachability"), f"{where}.reachability"),
        severity=_severity(obj.get("severity"), f"{where}.severity"),
    )


def _error(value: Any, where: str) -> ScanError:
    obj = _dict(value, where)
    return ScanError(
        file=_req(obj, "file", where), message=_req(obj, "message", where), line=_line(obj.get("line"), where)
    )


def load_report(data: Any, path: str = ".") -> Report:
    """The ``Report`` a ``render_json`` output describes; ``ReportFormatError`` if it is not one."""
    obj = _dict(data, "report")
    if obj.get("schema_version") != SCHEMA_VERSION:
        raise ReportFormatError(
            f"report.schema_version: expected {SCHEMA_VERSION}, got {obj.get('schema_version')!r}"
        )
    targets = _list(obj.get("targets"), "report.targets")
    errors = _list(obj.get("errors") or [], "report.errors")
    return Report(
        path=path,
        targets=tuple(_target(t, f"report.targets[{i}]") for i, t in enumerate(targets)),
        scanned=_strings(obj.get("scanned") or [], "report.scanned"),
        errors=tuple(_error(e, f"report.errors[{i}]") for i, e in enumerate(errors)),
    )
