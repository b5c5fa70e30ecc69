"""Organisation reports: JSON (the artifact, and what shards hand to the merge), Markdown (the job
summary) and text, and reading the JSON back.

Each scanned repository carries the single-repository report (the same ``targets``, ``scanned`` and
``errors`` as ``scan --format json``, paths relative to that repository); ``runs`` lists the distinct
versions that were reproduced once for all of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from packaging.version import InvalidVersion, Version

from starlette_2093_check.model import (
    ComboRun,
    OrgReport,
    RepoResult,
    RepoStatus,
    TargetResult,
    VerdictStatus,
)
from starlette_2093_check.packs import load_card
from starlette_2093_check.report import md
from starlette_2093_check.report.common import LABELS, project, provenance, second_latency
from starlette_2093_check.report.json_report import SCHEMA_VERSION, dumps, error_dict, target_dict, tool_dict
from starlette_2093_check.report.links import Links, place
from starlette_2093_check.report.load import (
    MAX_ITEMS,
    MAX_TEXT,
    ReportFormatError,
    check_tool,
    is_version,
    load_report,
    shown,
)
from starlette_2093_check.report.markdown import headline

KIND = "organisation"
MAX_REPOS = 100_000  # repositories one organisation report may list
_REPO = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9_-]{0,38})/[A-Za-z0-9._-]{1,100}")
# A git object id as GitHub writes it (SHA-1, or SHA-256 for repositories that use it): what an API
# answer or a shard calls an id goes into a URL or a cache path only when it has this shape.
OBJECT_ID = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
# Skips that are a repository's own state, not something this scan failed at.
ARCHIVED = "archived"
EMPTY = "empty repository"
BENIGN = (ARCHIVED, EMPTY)


def unchecked(result: RepoResult) -> bool:
    """A repository that should have been checked and could not be: never read as safe."""
    return result.status is RepoStatus.SKIPPED and result.reason not in BENIGN


def repo_dict(result: RepoResult) -> dict[str, Any]:
    out: dict[str, Any] = {
        "repo": result.repo,
        "status": result.status.value,
        "reason": result.reason,
        "branch": result.branch,
        "tree": result.tree,
        "commit": result.commit,
        "api_calls": result.api_calls,
        "reused": result.reused,
    }
    report = result.report
    out["targets"] = [target_dict(t) for t in report.targets] if report else []
    out["scanned"] = list(report.scanned) if report else []
    out["errors"] = [error_dict(e) for e in report.errors] if report else []
    return out


def _run_dict(run: ComboRun) -> dict[str, Any]:
    return {
        "starlette": run.starlette,
        "anyio": run.anyio,
        "python": run.python,
        "verdict": run.verdict.value,
        "cached": run.cached,
    }


def summary_dict(report: OrgReport) -> dict[str, Any]:
    scanned = [r for r in report.repos if r.status is RepoStatus.SCANNED]
    return {
        "missing_shards": list(report.missing_shards),
        "repositories": len(report.repos),
        "scanned": len(scanned),
        "skipped": len(report.repos) - len(scanned),
        "unchecked": sum(1 for r in report.repos if unchecked(r)),
        "reproduced_repositories": sum(
            1 for r in scanned if r.report and r.report.count(VerdictStatus.REPRODUCED)
        ),
        "projects": {s.value: report.count(s) for s in VerdictStatus},
        "repro_runs": len(report.runs),
        "api_calls": report.api_calls,
    }


def org_dict(report: OrgReport) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": tool_dict(),
        "kind": KIND,
        "org": report.org,
        "shard": report.shard,
        "summary": summary_dict(report),
        "repos": [repo_dict(r) for r in report.repos],
        "runs": [_run_dict(r) for r in report.runs],
    }


def render_org_json(report: OrgReport) -> str:
    return dumps(org_dict(report))


# -- reading back (the merge reads the shards' files) ---------------------------------------------


def _str_or_none(obj: dict[str, Any], key: str, where: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return value[:MAX_TEXT]
    raise ReportFormatError(f"{where}.{key}: expected a string or null")


def _repo(value: Any, where: str) -> RepoResult:
    if not isinstance(value, dict):
        raise ReportFormatError(f"{where}: expected an object")
    name = value.get("repo")
    if not isinstance(name, str) or not _REPO.fullmatch(name):
        raise ReportFormatError(f"{where}.repo: expected owner/name, got {shown(name)}")
    try:
        status = RepoStatus(str(value.get("status")))
    except ValueError:
        raise ReportFormatError(f"{where}.status: expected scanned or skipped") from None
    calls = value.get("api_calls", 0)
    if not isinstance(calls, int) or isinstance(calls, bool) or calls < 0:
        raise ReportFormatError(f"{where}.api_calls: expected a count")
    commit = value.get("commit")  # absent from reports written before it was recorded: no links
    if commit is not None and not (isinstance(commit, str) and OBJECT_ID.fullmatch(commit)):
        raise ReportFormatError(f"{where}.commit: expected a commit id (40 or 64 hex digits) or null")
    report = None
    if status is RepoStatus.SCANNED:
        part = {
            "schema_version": SCHEMA_VERSION,
            "targets": value.get("targets"),
            "scanned": value.get("scanned"),
            "errors": value.get("errors"),
        }
        try:
            report = load_report(part, path=name)
        except ReportFormatError as exc:
            raise ReportFormatError(f"{where}: {exc}") from None
    return RepoResult(
        repo=name,
        status=status,
        reason=_str_or_none(value, "reason", where),
        branch=_str_or_none(value, "branch", where),
        tree=_str_or_none(value, "tree", where),
        report=report,
        api_calls=calls,
        reused=bool(value.get("reused", False)),
        commit=commit,
    )


def _run(value: Any, where: str) -> ComboRun:
    if not isinstance(value, dict) or not isinstance(value.get("starlette"), str):
        raise ReportFormatError(f"{where}: expected a run with a starlette version")
    try:
        verdict = VerdictStatus(str(value.get("verdict")))
    except ValueError:
        raise ReportFormatError(f"{where}.verdict: unknown verdict") from None
    anyio, python = _str_or_none(value, "anyio", where), _str_or_none(value, "python", where)
    if not is_version(value["starlette"]) or (anyio is not None and not is_version(anyio)):
        raise ReportFormatError(f"{where}: expected PEP 440 versions of starlette and anyio")
    if python is not None and (len(python) > 200 or "\n" in python or "\r" in python):
        raise ReportFormatError(f"{where}.python: expected an interpreter's name")
    return ComboRun(
        value["starlette"],
        anyio,
        python,
        verdict,
        bool(value.get("cached", False)),
    )


def load_org(data: Any) -> OrgReport:
    """The ``OrgReport`` a ``render_org_json`` output describes; ``ReportFormatError`` if it is not one."""
    if not isinstance(data, dict) or data.get("kind") != KIND:
        raise ReportFormatError(f"report.kind: expected {KIND!r} (an organisation scan's JSON)")
    if data.get("schema_version") != SCHEMA_VERSION:
        raise ReportFormatError(f"report.schema_version: expected {SCHEMA_VERSION}")
    check_tool(data)
    repos, runs = data.get("repos"), data.get("runs")
    if not isinstance(repos, list) or not isinstance(runs, list):
        raise ReportFormatError("report.repos and report.runs: expected lists")
    if len(repos) > MAX_REPOS or len(runs) > MAX_ITEMS:
        raise ReportFormatError("report.repos or report.runs: more entries than an organisation scan makes")
    summary = data.get("summary") or {}
    calls = summary.get("api_calls", 0) if isinstance(summary, dict) else 0
    missing = summary.get("missing_shards") or [] if isinstance(summary, dict) else []
    if (
        not isinstance(missing, list)
        or len(missing) > MAX_ITEMS
        or not all(isinstance(m, str) and re.fullmatch(r"\d{1,6}/\d{1,6}", m) for m in missing)
    ):
        raise ReportFormatError("report.summary.missing_shards: expected a list of K/N")
    return OrgReport(
        org=_str_or_none(data, "org", "report"),
        shard=_str_or_none(data, "shard", "report"),
        repos=tuple(_repo(r, f"report.repos[{i}]") for i, r in enumerate(repos)),
        runs=tuple(_run(r, f"report.runs[{i}]") for i, r in enumerate(runs)),
        api_calls=calls if isinstance(calls, int) and not isinstance(calls, bool) else 0,
        missing_shards=tuple(missing),
    )


# -- Markdown and text ------------------------------------------------------------------------------

_ORDER = {VerdictStatus.REPRODUCED: 0, VerdictStatus.INCONCLUSIVE: 1, VerdictStatus.NOT_REPRODUCED: 2}


def _version_key(text: str) -> tuple[int, Version | str]:
    try:
        return 0, Version(text)
    except InvalidVersion:
        return 1, text


def _rows(report: OrgReport) -> list[tuple[RepoResult, TargetResult]]:
    rows = [(r, t) for r in report.repos if r.report for t in r.report.targets]
    return sorted(rows, key=lambda rt: (_ORDER[rt[1].verdict.status], rt[0].repo.lower(), rt[1].target.root))


def _also(t: TargetResult) -> str:
    return ", ".join(
        p.pack for p in t.packs if not p.headline and p.verdict.status is VerdictStatus.REPRODUCED
    )


def _plain(text: str) -> str:
    return md.clean(text, None)


def _cell(text: str, limit: int | None = 300) -> str:
    return md.text(text, limit)


def org_title(report: OrgReport, text: Callable[[str], str] = md.text, name: str | None = None) -> str:
    """The heading; ``text`` renders the organisation's name and the shard (Markdown by default),
    ``name`` the bug (by default a Markdown link to the upstream issue)."""
    s = summary_dict(report)
    bug = name or headline()
    who = f" ({text(report.org)})" if report.org else ""
    shard = f", shard {text(report.shard)}" if report.shard else ""
    if s["reproduced_repositories"]:
        return (
            f"## ❌ {bug} organisation scan{who}{shard}: reproduced in "
            f"{s['reproduced_repositories']} of {s['scanned']} repositories"
        )
    if s["projects"]["inconclusive"] or s["unchecked"] or report.missing_shards:
        return f"## ⚠️ {bug} organisation scan{who}{shard}: not reproduced, but not everything was checked"
    if any(_also(t) for _, t in _rows(report)):  # never green while a related bug reproduced
        return f"## ⚠️ {bug} organisation scan{who}{shard}: not reproduced; a related bug reproduced"
    return f"## ✅ {bug} organisation scan{who}{shard}: not reproduced in {s['scanned']} repositories"


def _source(links: Links | None, t: TargetResult) -> str:
    """Where the version comes from: its ``file:line`` linked when there is a context."""
    source, whole = t.target.source, provenance(t.target)
    if links is None or links.blob(source.file, source.line) is None:
        return md.code(whole)
    rest = whole.removeprefix(str(source)).strip()
    return place(links, source.file, source.line) + (f" {md.code(rest)}" if rest else "")


def render_org_markdown(report: OrgReport, run_url: str | None = None, server_url: str | None = None) -> str:
    """The job summary. With ``server_url`` (the configured GitHub server, never a report's) each
    repository's places link to the commit it was scanned at, where that commit is known."""
    card = load_card()
    s = summary_dict(report)
    lines = [org_title(report), "", f"> {card.title} ([{card.id}]({card.links['issue']}))", ""]
    if report.missing_shards:
        missing = md.text(", ".join(report.missing_shards))
        lines += [
            f"> [!WARNING]\n> Shard {missing} did not report: its repositories are not in this report "
            "and were not checked.",
            "",
        ]
    rows = _rows(report)
    shown = [(r, t) for r, t in rows if t.verdict.status is not VerdictStatus.NOT_REPRODUCED]
    passed = [(r, t) for r, t in rows if t.verdict.status is VerdictStatus.NOT_REPRODUCED]
    header = [
        "| Repository | Project | Starlette | Version comes from | Verdict | Second request "
        "| Also reproduced |",
        "|---|---|---|---|---|---|---|",
    ]

    def links(r: RepoResult) -> Links | None:
        return Links.of(server_url, r.repo, r.commit)

    def row(r: RepoResult, t: TargetResult) -> str:
        verdict = LABELS[t.verdict.status]
        if t.verdict.status is VerdictStatus.REPRODUCED:
            verdict = f"**{verdict}**"
        elif t.verdict.status is VerdictStatus.INCONCLUSIVE:
            verdict = f"{verdict}: {_cell(t.verdict.reason, 120)}"
        return (
            f"| {md.code(r.repo)} | {md.code(project(t.target))} | {md.text(t.target.version)} | "
            f"{_source(links(r), t)} | {verdict} | {md.text(second_latency(t.verdict))} | "
            f"{_cell(_also(t))} |"
        )

    if shown:
        lines += [*header, *(row(r, t) for r, t in shown), ""]
    if passed:
        lines += [f"<details><summary>Not reproduced: {len(passed)} project(s)</summary>", "", *header]
        lines += [*(row(r, t) for r, t in passed), "", "</details>", ""]
    empty = [r for r in report.repos if r.status is RepoStatus.SCANNED and r.report and not r.report.targets]
    if empty:
        names = ", ".join(md.code(r.repo) for r in empty)
        many = "repository" if len(empty) == 1 else "repositories"
        lines += [f"No project resolves {card.package} in {len(empty)} {many}: {names}.", ""]
    skipped = [r for r in report.repos if r.status is RepoStatus.SKIPPED]
    if skipped:
        noun = "repository" if len(skipped) == 1 else "repositories"
        lines += [f"<details><summary>Skipped: {len(skipped)} {noun}</summary>", ""]
        lines += [f"- {md.code(r.repo)}: {_cell(r.reason or '', 1000)}" for r in skipped]
        lines += ["", "</details>", ""]
    errors = [(r, e) for r in report.repos if r.report for e in r.report.errors]
    if errors:
        lines += [f"<details><summary>Files that could not be read: {len(errors)}</summary>", ""]
        lines += [
            f"- {md.code(r.repo)}: {place(links(r), e.file, e.line)}: {_cell(e.message, 1000)}"
            for r, e in errors
        ]
        lines += ["", "</details>", ""]
    if report.runs:
        lines += [
            "### Versions reproduced once for the organisation",
            "",
            "| Starlette | anyio | Python | Verdict | From cache |",
            "|---|---|---|---|---|",
        ]
        for run in sorted(
            report.runs, key=lambda r: (_version_key(r.starlette), r.anyio or "", r.python or "")
        ):
            lines.append(
                f"| {md.text(run.starlette)} | {md.text(run.anyio or 'newest')} | "
                f"{md.text(run.python or 'none found')} | "
                f"{LABELS[run.verdict]} | {'yes' if run.cached else 'no'} |"
            )
        lines.append("")
    projects = s["projects"]
    link = f" [Run log]({run_url})." if run_url else ""
    lines.append(
        f"<sub>{s['repositories']} repositories: {s['scanned']} scanned, {s['skipped']} skipped. "
        f"Projects: {projects['reproduced']} reproduced, {projects['not_reproduced']} not reproduced, "
        f"{projects['inconclusive']} inconclusive. {s['repro_runs']} distinct versions reproduced, "
        f"{s['api_calls']} API requests. Verdicts come from running the reproduction.{link}</sub>"
    )
    return "\n".join(lines) + "\n"


def render_org_text(report: OrgReport) -> str:
    s = summary_dict(report)
    lines = [org_title(report, _plain, "Starlette #2093").lstrip("# "), ""]
    for r, t in _rows(report):
        also = f"; also {_also(t)}" if _also(t) else ""
        lines.append(
            f"{LABELS[t.verdict.status].upper():<15} {r.repo}:{project(t.target)}  {t.target.package} "
            f"{t.target.version}  from {provenance(t.target)}{also}"
        )
    for r in report.repos:
        if r.status is RepoStatus.SKIPPED:
            lines.append(f"{'SKIPPED':<15} {r.repo}: {r.reason}")
    lines += [
        "",
        f"{s['repositories']} repositories, {s['scanned']} scanned, {s['skipped']} skipped; "
        f"{s['repro_runs']} reproductions; {s['api_calls']} API requests",
    ]
    return "\n".join(lines) + "\n"


ORG_RENDERERS = {"json": render_org_json, "markdown": render_org_markdown, "text": render_org_text}
