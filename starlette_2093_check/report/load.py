"""Read a JSON report (schema_version 1) back into a ``Report``.

Used to publish a report made by an earlier, unprivileged run (pull requests from forks: the
``workflow_run`` follow-up). That file came from a workflow the pull request could change, so it
is validated field by field and re-rendered by our templates; its text is never posted as is.

What can be checked is checked: the file's size (before it is read) and nesting depth, versions
(PEP 440), package names, paths (relative POSIX, no ``..``, no control characters), line numbers,
one-line edits, and how many entries each list may hold. Free text (reasons, notes, messages)
cannot be checked: the renderers escape it. Error messages name the field, and quote a value only
when it is a short plain token.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
from pathlib import Path
from typing import Any

from packaging.version import InvalidVersion, Version

from starlette_2093_check.errors import ReportError
from starlette_2093_check.manifests import parser_for
from starlette_2093_check.model import (
    Advisory,
    Audit,
    Change,
    Check,
    Comparison,
    Edit,
    Finding,
    Fix,
    LeftOut,
    Location,
    ManifestKind,
    MinimalFix,
    PackVerdict,
    PythonRequest,
    Reachability,
    Report,
    Resolution,
    RootChange,
    ScanError,
    SetCheck,
    Severity,
    Skipped,
    Target,
    TargetResult,
    Verdict,
    VerdictStatus,
)
from starlette_2093_check.report.json_report import SCHEMA_VERSION

MAX_TEXT = 2000  # no field of ours is longer; longer ones are cut
MAX_BYTES = 5 * 1024 * 1024  # a report file larger than this is refused before it is read
MAX_NODES = 200_000  # objects and arrays a report may hold (a target has a few dozen)
MAX_DEPTH = 48  # the contract nests about a dozen levels (evidence included); deeper is refused
MAX_TOKEN = 200  # versions, names, ids, requests: short one-line values
# How many entries a list may hold; a longer one is refused, not cut (a cut list would read as
# "nothing else was found").
MAX_TARGETS = 2000
MAX_ERRORS = 20000
MAX_SCANNED = 100000
MAX_ITEMS = 1000  # every other list: notes, packs, edits, findings, advisories, ...

_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?")
_TOKEN = re.compile(r"[A-Za-z0-9._+!~=-]{1,40}")  # no <, >, @, #, :, / or spaces
_OBJECT_ID = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")  # a git commit id (sha1 or sha256)
# Controls (C0, DEL, C1), zero-width and direction-changing characters: never in a path of ours.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]")


class ReportFormatError(ReportError, ValueError):
    """The file is not a report this version can read; the message says where."""


def shown(value: Any) -> str:
    """``value`` for an error message: quoted when it is a short plain token, else only its type.

    Messages reach the log, annotations and the job summary; a report's text must not."""
    if isinstance(value, str) and _TOKEN.fullmatch(value):
        return repr(value)
    return "a value that cannot be shown" if isinstance(value, str) else f"a {type(value).__name__}"


def is_safe_path(value: str) -> bool:
    """A relative POSIX path that stays inside the checkout: ``.``, or segments that are neither
    empty, ``.`` nor ``..``; no backslash, drive letter or control character."""
    if not value or len(value) > 1024 or _UNPRINTABLE.search(value) or "\\" in value:
        return False
    if value == ".":
        return True
    if value.startswith("/") or re.match(r"[A-Za-z]:", value):
        return False
    return all(part not in ("", ".", "..") for part in value.split("/"))


# The manifest kinds ``edit`` rewrites: the only files a suggestion (or a shown diff) may touch.
EDITABLE = frozenset(
    {
        ManifestKind.REQUIREMENTS,
        ManifestKind.REQUIREMENTS_IN,
        ManifestKind.PYPROJECT,
        ManifestKind.SETUP_CFG,
        ManifestKind.PIPFILE,
    }
)


def editable_kind(path: str) -> ManifestKind | None:
    """The manifest kind of ``path`` when it is one we rewrite, by discovery's naming
    (``requirements*.txt``/``.in``, ``requirements/*.txt``, ``pyproject.toml``, ``setup.cfg``,
    ``Pipfile``); else None."""
    if not is_safe_path(path) or path == ".":
        return None
    found = parser_for(path)
    return found[0] if found is not None and found[0] in EDITABLE else None


def is_version(value: str) -> bool:
    """A PEP 440 version (as written: ``Version`` also accepts surrounding whitespace)."""
    if len(value) > MAX_TOKEN or value != value.strip():
        return False
    try:
        Version(value)
    except InvalidVersion:
        return False
    return True


def is_name(value: str) -> bool:
    """A valid Python package name (PEP 508)."""
    return len(value) <= MAX_TOKEN and _NAME.fullmatch(value) is not None


def _too_deep(data: Any, limit: int) -> bool:
    """Whether ``data`` nests lists and objects deeper than ``limit`` (walked without recursion)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else None
        if children is None:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def parse_json(data: bytes) -> Any:
    """The JSON value in ``data`` (UTF-8), refused when it nests deeper than ``MAX_DEPTH``."""
    if data.count(b"{") + data.count(b"[") > MAX_NODES:
        # Each JSON object costs a few hundred bytes of memory: 5 MiB of "{}," would take ~300 MB.
        raise ReportFormatError(f"the JSON holds more objects and arrays than a report can ({MAX_NODES})")
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except RecursionError:
        raise ReportFormatError(
            f"the JSON nests deeper than the report format allows ({MAX_DEPTH} levels)"
        ) from None
    except UnicodeDecodeError as exc:
        raise ReportFormatError(f"not UTF-8 text (byte {exc.start})") from None
    except ValueError as exc:
        raise ReportFormatError(f"not valid JSON ({exc})") from None
    if _too_deep(value, MAX_DEPTH):
        raise ReportFormatError(f"the JSON nests deeper than the report format allows ({MAX_DEPTH} levels)")
    try:  # "\udcff" escapes decode to lone surrogates, which no comment or file can hold
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise ReportFormatError("the JSON holds text that is not valid Unicode (a lone surrogate)") from None
    return value


def read_json_file(path: Path, limit: int = MAX_BYTES) -> Any:
    """The JSON value of the file at ``path``: its size is checked before anything is read, and at
    most ``limit`` bytes are ever read. ``ReportFormatError`` or ``OSError`` otherwise."""
    size = path.stat().st_size
    if size > limit:
        raise ReportFormatError(f"the file is larger than {limit // (1024 * 1024)} MiB ({size} bytes)")
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise ReportFormatError("not a regular file")
        if st.st_size > limit:
            raise ReportFormatError(
                f"the file is larger than {limit // (1024 * 1024)} MiB ({st.st_size} bytes)"
            )
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise ReportFormatError(f"the file is larger than {limit // (1024 * 1024)} MiB")
    return parse_json(data)


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


def _req_token(obj: dict[str, Any], key: str, where: str) -> str:
    value = _token(obj, key, where)
    assert value is not None
    return value


def _line(value: Any, where: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10_000_000:
        raise ReportFormatError(f"{where}: expected a positive line number, got {shown(value)}")
    return value


def _one_line(value: str, where: str, limit: int = MAX_TEXT) -> str:
    if "\n" in value or "\r" in value:
        raise ReportFormatError(f"{where}: expected one line")
    if len(value) > limit:
        raise ReportFormatError(f"{where}: longer than {limit} characters")
    return value


def _path(obj: dict[str, Any], key: str, where: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str):
        raise ReportFormatError(f"{where}.{key}: expected a path, got {shown(value)}")
    if not is_safe_path(value):
        raise ReportFormatError(
            f"{where}.{key}: expected a relative POSIX path inside the checkout (no '..', no absolute "
            "path, no control characters)"
        )
    return value


def _version(obj: dict[str, Any], key: str, where: str, *, optional: bool = False) -> str | None:
    value = obj.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str) or not is_version(value):
        raise ReportFormatError(f"{where}.{key}: expected a PEP 440 version, got {shown(value)}")
    return value


def _req_version(obj: dict[str, Any], key: str, where: str) -> str:
    value = _version(obj, key, where)
    assert value is not None
    return value


def _name(obj: dict[str, Any], key: str, where: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not is_name(value):
        raise ReportFormatError(f"{where}.{key}: expected a package name, got {shown(value)}")
    return value


def _token(obj: dict[str, Any], key: str, where: str, *, optional: bool = False) -> str | None:
    """A short one-line value (an id, an interpreter request, a version that may not be PEP 440)."""
    value = _str(obj, key, where, optional=optional)
    return None if value is None else _one_line(value, f"{where}.{key}", MAX_TOKEN)


def _dict(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ReportFormatError(f"{where}: expected an object, got {type(value).__name__}")
    return value


def _list(value: Any, where: str, limit: int = MAX_ITEMS) -> list[Any]:
    if not isinstance(value, list):
        raise ReportFormatError(f"{where}: expected a list, got {type(value).__name__}")
    if len(value) > limit:
        raise ReportFormatError(f"{where}: more than {limit} entries ({len(value)})")
    return value


def _strings(value: Any, where: str, limit: int = MAX_ITEMS) -> tuple[str, ...]:
    items = _list(value, where, limit)
    if not all(isinstance(i, str) for i in items):
        raise ReportFormatError(f"{where}: expected a list of strings")
    return tuple(i[:MAX_TEXT] for i in items)


def _status(value: Any, where: str) -> VerdictStatus:
    try:
        return VerdictStatus(value)
    except ValueError:
        raise ReportFormatError(f"{where}: unknown verdict {shown(value)}") from None


# Measurements are milliseconds and counts: anything beyond this is not one (10**400 is valid JSON,
# and overflows every float conversion that reads it).
MAX_NUMBER = 1e12


def _finite(value: Any) -> Any:
    """``value`` with every number that is not a plausible measurement replaced by None."""
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    try:
        ok = math.isfinite(float(value)) and abs(value) <= MAX_NUMBER
    except OverflowError:
        ok = False
    return value if ok else None


def _verdict(obj: dict[str, Any], status_key: str, where: str) -> Verdict:
    return Verdict(
        status=_status(obj.get(status_key), f"{where}.{status_key}"),
        reason=_req(obj, "reason", where),
        evidence=_finite(_dict(obj.get("evidence") or {}, f"{where}.evidence")),
        cached=bool(obj.get("cached", False)),
    )


def _advisory(value: Any, where: str) -> Advisory:
    obj = _dict(value, where)
    fixed = _strings(obj.get("fix_versions") or [], f"{where}.fix_versions")
    if not all(len(v) <= MAX_TOKEN for v in fixed):
        raise ReportFormatError(f"{where}.fix_versions: expected versions")
    return Advisory(
        id=_req_token(obj, "id", where),
        package=_name(obj, "package", where),
        version=_req_token(obj, "version", where),
        fix_versions=fixed,
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
        if not sep or not is_name(name) or not version or len(version) > MAX_TOKEN:
            raise ReportFormatError(f"{where}.audited: expected name==version, got {shown(entry)}")
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
        file=_path(obj, "file", where),
        line=line,
        old=_one_line(_req(obj, "old", where), f"{where}.old"),
        new=_one_line(_req(obj, "new", where), f"{where}.new"),
        hashed=bool(obj.get("hashed", False)),
    )


def _check(value: Any, where: str) -> Check:
    obj = _dict(value, where)
    return Check(version=_req_version(obj, "version", where), verdict=_verdict(obj, "verdict", where))


def _fix(value: Any, where: str) -> Fix | None:
    if value is None:
        return None
    obj = _dict(value, where)
    check = obj.get("verification")
    before = obj.get("from")
    return Fix(
        package=_name(obj, "package", where),
        # "?" when the parent's current version is not known
        from_version="?" if before == "?" else _req_version(obj, "from", where),
        to_version=_req_version(obj, "to", where),
        location=Location(_path(obj, "file", where), _line(obj.get("line"), f"{where}.line")),
        change=_req(obj, "change", where),
        minimal=_version(obj, "minimal", where, optional=True),
        recommended=_version(obj, "recommended", where, optional=True),
        recommended_parent=_version(obj, "recommended_parent", where, optional=True),
        verification=None
        if check is None
        else _verdict(_dict(check, f"{where}.verification"), "verdict", f"{where}.verification"),
        tried=tuple(
            _check(c, f"{where}.tried[{i}]") for i, c in enumerate(_list(obj.get("tried") or [], where))
        ),
        edits=_edits(obj, where),
        command=_command(obj, where),
        remaining=_advisories(obj.get("remaining_advisories"), f"{where}.remaining_advisories"),
        notes=_strings(obj.get("notes") or [], f"{where}.notes"),
        # Reports written before these fields existed never checked the changed set: not verified.
        check=_set_check(obj.get("check"), f"{where}.check"),
        verified=obj.get("verified") is True,
        fallback=_str(obj, "fallback", where, optional=True),
        regenerate=None if obj.get("regenerate") is None else _path(obj, "regenerate", where),
        minimal_fix=_minimal_fix(obj.get("minimal_fix"), f"{where}.minimal_fix"),
    )


def _edits(obj: dict[str, Any], where: str) -> tuple[Edit, ...]:
    """A fix's ``edits`` (at most 50)."""
    items = _list(obj.get("edits") or [], f"{where}.edits", 50)
    return tuple(_edit(e, f"{where}.edits[{i}]") for i, e in enumerate(items))


def _command(obj: dict[str, Any], where: str) -> str | None:
    """A fix's ``command``: one line, or null."""
    if obj.get("command") is None:
        return None
    return _one_line(_req(obj, "command", where), f"{where}.command", 1000)


def _minimal_fix(value: Any, where: str) -> MinimalFix | None:
    """``fix.minimal_fix``; reports written before it existed have none."""
    if value is None:
        return None
    obj = _dict(value, where)
    run = obj.get("verification")
    return MinimalFix(
        change=_req(obj, "change", where),
        edits=_edits(obj, where),
        command=_command(obj, where),
        version=_version(obj, "version", where, optional=True),
        parent=_version(obj, "parent", where, optional=True),
        verification=None
        if run is None
        else _verdict(_dict(run, f"{where}.verification"), "verdict", f"{where}.verification"),
        check=_set_check(obj.get("check"), f"{where}.check"),
        verified=obj.get("verified") is True,
        notes=_strings(obj.get("notes") or [], f"{where}.notes"),
        remaining=_advisories(obj.get("remaining_advisories"), f"{where}.remaining_advisories"),
    )


def _set_check(value: Any, where: str) -> SetCheck | None:
    if value is None:
        return None
    obj = _dict(value, where)
    versions = _dict(obj.get("versions") or {}, f"{where}.versions")
    if len(versions) > MAX_ITEMS or not all(
        is_name(k) and isinstance(v, str) and is_version(v) for k, v in versions.items()
    ):
        raise ReportFormatError(f"{where}.versions: expected package names and PEP 440 versions")
    files = _strings(obj.get("files") or [], f"{where}.files")
    if not all(is_safe_path(f) for f in files):
        raise ReportFormatError(f"{where}.files: expected relative POSIX paths inside the checkout")
    return SetCheck(
        resolves=obj.get("resolves") is True,
        files=files,
        versions=tuple(sorted(versions.items())),
        error=_str(obj, "error", where, optional=True),
        left_out=_strings(obj.get("left_out") or [], f"{where}.left_out"),
    )


def _python(value: Any, where: str) -> PythonRequest | None:
    if value is None:
        return None
    obj = _dict(value, where)
    source = _req(obj, "source", where)
    file, _, line = source.rpartition(":")
    location = Location(file, int(line)) if file and line.isdigit() and len(line) < 9 else Location(source)
    if not is_safe_path(location.file) or location.line == 0:
        raise ReportFormatError(f"{where}.source: expected a path inside the checkout, with its line")
    return PythonRequest(request=_req_token(obj, "request", where), source=location)


def _optional_string(value: Any, where: str) -> str | None:
    if value is None or isinstance(value, str):
        return None if value is None else value[:MAX_TEXT]
    raise ReportFormatError(f"{where}: expected a string or null, got {type(value).__name__}")


def _severity(value: Any, where: str) -> Severity | None:
    if value is None:
        return None
    try:
        return Severity(value)
    except ValueError:
        raise ReportFormatError(f"{where}: unknown severity {shown(value)}") from None


def _finding(value: Any, where: str) -> Finding:
    obj = _dict(value, where)
    line = _line(obj.get("line"), f"{where}.line")
    if line is None:
        raise ReportFormatError(f"{where}.line: expected a positive line number")
    return Finding(
        file=_path(obj, "file", where),
        line=line,
        kind=_req_token(obj, "kind", where),
        name=_token(obj, "name", where, optional=True) or "",
    )


def _findings(value: Any, where: str) -> tuple[Finding, ...]:
    return tuple(_finding(f, f"{where}[{i}]") for i, f in enumerate(_list(value or [], where)))


def _unread(value: Any, where: str) -> tuple[Location, ...]:
    out = []
    for i, item in enumerate(_list(value or [], where)):
        obj = _dict(item, f"{where}[{i}]")
        out.append(
            Location(_path(obj, "file", f"{where}[{i}]"), _line(obj.get("line"), f"{where}[{i}].line"))
        )
    return tuple(out)


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
        unread=_unread(obj.get("unread"), f"{where}.unread"),  # absent in older reports
        note=_optional_string(obj.get("note"), f"{where}.note"),
    )


def _pack(value: Any, where: str) -> PackVerdict:
    obj = _dict(value, where)
    links = _dict(obj.get("links") or {}, f"{where}.links")
    if len(links) > 20 or not all(isinstance(v, str) for v in links.values()):
        raise ReportFormatError(f"{where}.links: expected a few names and addresses")
    triggered = _strings(obj.get("triggered_by") or [], f"{where}.triggered_by", 10)
    return PackVerdict(
        pack=_req_token(obj, "id", where),
        title=_req(obj, "title", where),
        fixed_in=_req_token(obj, "fixed_in", where),
        verdict=_verdict(obj, "verdict", where),
        headline=bool(obj.get("headline", False)),
        custom=bool(obj.get("custom", False)),
        source=None if obj.get("source") is None else _path(obj, "source", where),
        # Kept for the JSON; the Markdown links only built-in cards, from the cards themselves.
        links=tuple((str(k)[:MAX_TOKEN], str(v)[:MAX_TEXT]) for k, v in links.items()),
        triggered_by=triggered,
        severity=_severity(obj.get("severity"), f"{where}.severity"),
        after_fix=_after_fix(obj.get("after_fix"), f"{where}.after_fix"),
    )


def _after_fix(value: Any, where: str) -> Check | None:
    if value is None:
        return None
    obj = _dict(value, where)
    return Check(version=_req_version(obj, "version", where), verdict=_verdict(obj, "verdict", where))


def _variant(obj: dict[str, Any], where: str) -> str | None:
    """The extra or group a target was resolved with (absent in reports written before it existed)."""
    value = _token(obj, "variant", where, optional=True)
    if value is not None and not value.startswith(("extra:", "group:")):
        raise ReportFormatError(f"{where}.variant: expected 'extra:<name>' or 'group:<name>'")
    return value


def _target(value: Any, where: str) -> TargetResult:
    obj = _dict(value, where)
    source = _dict(obj.get("source"), f"{where}.source")
    companions = _dict(obj.get("companions") or {}, f"{where}.companions")
    if len(companions) > 20 or not all(
        is_name(k) and isinstance(v, str) and is_version(v) for k, v in companions.items()
    ):
        raise ReportFormatError(f"{where}.companions: expected package names and their versions")
    try:
        resolution = Resolution(str(obj.get("resolution")))
    except ValueError:
        raise ReportFormatError(f"{where}.resolution: unknown value {shown(obj.get('resolution'))}") from None
    verdict = _verdict(obj, "verdict", where)
    # A run was made on a release: its version is a version. A target that could not be run (a
    # direct reference, a lock entry whose version is not one) may say "unknown" or the odd text.
    version = (
        _req_token(obj, "version", where)
        if verdict.status is VerdictStatus.INCONCLUSIVE
        else _req_version(obj, "version", where)
    )
    via = _strings(obj.get("via") or [], f"{where}.via", 50)
    if not all(len(v) <= MAX_TOKEN and "\n" not in v and "\r" not in v for v in via):
        raise ReportFormatError(f"{where}.via: expected short 'name version' entries")
    target = Target(
        root=_path(obj, "root", where),
        package=_name(obj, "package", where),
        version=version,
        source=Location(
            _path(source, "file", f"{where}.source"), _line(source.get("line"), f"{where}.source.line")
        ),
        via=via,
        resolution=resolution,
        companions=tuple(sorted(companions.items())),
        python=_python(obj.get("python"), f"{where}.python"),
        notes=_strings(obj.get("notes") or [], f"{where}.notes"),
        resolved_on=_token(obj, "resolved_on", where, optional=True),
        unrunnable=_str(obj, "unrunnable", where, optional=True),
        left_out=_left_out(obj.get("left_out"), f"{where}.left_out"),
        variant=_variant(obj, where),
    )
    if target.unrunnable is not None and verdict.status is not VerdictStatus.INCONCLUSIVE:
        raise ReportFormatError(f"{where}.verdict: a target that was not run is inconclusive")
    return TargetResult(
        target=target,
        verdict=verdict,
        fix=_fix(obj.get("fix"), f"{where}.fix"),
        audit=_audit(obj.get("advisories"), f"{where}.advisories"),
        packs=tuple(
            _pack(p, f"{where}.packs[{i}]")
            for i, p in enumerate(_list(obj.get("packs") or [], f"{where}.packs", 100))
        ),
        reachability=_reachability(obj.get("reachability"), f"{where}.reachability"),
        severity=_severity(obj.get("severity"), f"{where}.severity"),
    )


def _left_out(value: Any, where: str) -> tuple[LeftOut, ...]:
    """The declarations a target's version was resolved without (absent in older reports)."""
    out = []
    for i, item in enumerate(_list(value or [], where)):
        at = f"{where}[{i}]"
        obj = _dict(item, at)
        location = Location(_path(obj, "file", at), _line(obj.get("line"), f"{at}.line"))
        out.append(LeftOut(_req(obj, "requirement", at), location, _req(obj, "reason", at)))
    return tuple(out)


def _error(value: Any, where: str) -> ScanError:
    obj = _dict(value, where)
    roots = _strings(obj.get("roots") or [], f"{where}.roots")
    if not all(is_safe_path(r) for r in roots):
        raise ReportFormatError(f"{where}.roots: expected relative POSIX paths inside the checkout")
    return ScanError(
        file=_path(obj, "file", where),
        message=_req(obj, "message", where),
        line=_line(obj.get("line"), where),
        roots=roots,
    )


def load_report(data: Any, path: str = ".") -> Report:
    """The ``Report`` a ``render_json`` output describes; ``ReportFormatError`` if it is not one."""
    obj = _dict(data, "report")
    if obj.get("schema_version") != SCHEMA_VERSION:
        raise ReportFormatError(
            f"report.schema_version: expected {SCHEMA_VERSION}, got {shown(obj.get('schema_version'))}"
        )
    targets = _list(obj.get("targets"), "report.targets", MAX_TARGETS)
    errors = _list(obj.get("errors") or [], "report.errors", MAX_ERRORS)
    scanned = _strings(obj.get("scanned") or [], "report.scanned", MAX_SCANNED)
    if not all(is_safe_path(s) for s in scanned):
        raise ReportFormatError("report.scanned: expected relative POSIX paths inside the checkout")
    if _too_deep(obj, MAX_DEPTH):  # a caller that parsed the JSON itself (load_org) is covered too
        raise ReportFormatError(f"report: nests deeper than the report format allows ({MAX_DEPTH} levels)")
    check_tool(obj)
    skipped = _list(obj.get("skipped") or [], "report.skipped", MAX_SCANNED)
    # "policy" (what the writer's policy accepted) is never read: a file cannot accept a finding
    # for us. The publisher applies its own policy to what the file reports (``policy.rules``).
    return Report(
        path=path,
        targets=tuple(_target(t, f"report.targets[{i}]") for i, t in enumerate(targets)),
        scanned=scanned,
        errors=tuple(_error(e, f"report.errors[{i}]") for i, e in enumerate(errors)),
        skipped=tuple(_skipped(s, f"report.skipped[{i}]") for i, s in enumerate(skipped)),
        comparison=_comparison(obj.get("comparison"), "report.comparison"),
    )


def check_tool(obj: dict[str, Any]) -> None:
    """Refuse a malformed ``tool`` (what wrote the report); reports from before it have none.

    Only checked: nothing is taken from it, the renderers name the running release."""
    if obj.get("tool") is None:
        return
    tool = _dict(obj["tool"], "report.tool")
    _token(tool, "name", "report.tool")
    _version(tool, "version", "report.tool")


def _skipped(value: Any, where: str) -> Skipped:
    obj = _dict(value, where)
    manifests = _strings(obj.get("manifests") or [], f"{where}.manifests", MAX_SCANNED)
    if not all(is_safe_path(m) for m in manifests):
        raise ReportFormatError(f"{where}.manifests: expected relative POSIX paths inside the checkout")
    return Skipped(path=_path(obj, "path", where), pattern=_req(obj, "pattern", where), manifests=manifests)


def _side(value: Any, where: str) -> VerdictStatus | None:
    return None if value is None else _status(value, where)


def _root_change(value: Any, where: str) -> RootChange:
    obj = _dict(value, where)
    try:
        change = Change(str(obj.get("change")))
    except ValueError:
        raise ReportFormatError(f"{where}.change: unknown value {shown(obj.get('change'))}") from None
    reason = _str(obj, "reason", where, optional=True)
    return RootChange(
        root=_path(obj, "root", where),
        change=change,
        head=_side(obj.get("head"), f"{where}.head"),
        base=_side(obj.get("base"), f"{where}.base"),
        head_version=_token(obj, "head_version", where, optional=True),
        base_version=_token(obj, "base_version", where, optional=True),
        variant=_variant(obj, where),
        reason=None if reason is None else _one_line(reason, f"{where}.reason"),
    )


def _comparison(value: Any, where: str) -> Comparison | None:
    """A pull request's comparison with its base (absent in reports without one, or older)."""
    if value is None:
        return None
    obj = _dict(value, where)
    base = _dict(obj.get("base"), f"{where}.base")
    sha = _str(base, "sha", f"{where}.base")
    if sha and not _OBJECT_ID.fullmatch(sha):
        raise ReportFormatError(f"{where}.base.sha: expected a git object id")
    ref = _str(base, "ref", f"{where}.base")
    error = _str(obj, "error", where, optional=True)
    roots = _list(obj.get("roots"), f"{where}.roots", MAX_TARGETS)
    return Comparison(
        base_ref=_one_line(ref or "", f"{where}.base.ref", 255),
        base_sha=sha or "",
        roots=tuple(_root_change(r, f"{where}.roots[{i}]") for i, r in enumerate(roots)),
        error=None if error is None else _one_line(error, f"{where}.error"),
    )
