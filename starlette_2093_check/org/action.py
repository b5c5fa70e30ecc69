"""Action mode for organisation scans: scan (or merge the shards' reports), then the step summary,
the JSON artifact, the outputs and, if asked, one tracking issue per repository.

``run_org_action`` receives what it needs (the report's source, the issue publisher) so that tests
can drive it; ``starlette_2093_check.cli.action_main`` wires the real ones.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from github import Github, GithubException

from starlette_2093_check.action import capped_json, held_section, issue_planner
from starlette_2093_check.config import ActionConfig
from starlette_2093_check.errors import ReportError
from starlette_2093_check.github.client import unposted
from starlette_2093_check.github.identity import Author, Identity, viewer
from starlette_2093_check.github.sticky import Posted, upsert_issue
from starlette_2093_check.github.workflow import Commands, append_summary, write_outputs
from starlette_2093_check.model import OrgReport, Report, RepoStatus, VerdictStatus
from starlette_2093_check.org.api import OrgApi, why_unreadable
from starlette_2093_check.org.merge import merge
from starlette_2093_check.report import md
from starlette_2093_check.report.links import Links
from starlette_2093_check.report.load import ReportFormatError, read_json_file
from starlette_2093_check.report.markdown import MARKER
from starlette_2093_check.report.org import load_org, render_org_json, render_org_markdown, unchecked

# A shard's report holds every repository's evidence: larger than one repository's (5 MiB), and
# still read within a bound.
SHARD_MAX_BYTES = 256 * 1024 * 1024


class OrgActionError(ReportError):
    """The organisation scan cannot go on (no shard reports to merge, a malformed one)."""


def load_shards(workspace: Path, pattern: str) -> OrgReport:
    """The ``merge`` input: every shard report the glob finds under the workspace, merged."""
    paths = sorted(p for p in workspace.glob(pattern) if p.is_file())
    if not paths:
        raise OrgActionError(f"input `merge`: no file matches {pattern!r} in the workspace")
    reports = []
    for path in paths:
        try:  # bounded like the `report` input: size before reading, nesting before loading
            reports.append(load_org(read_json_file(path, SHARD_MAX_BYTES)))
        except OSError as exc:
            raise OrgActionError(
                f"{path.relative_to(workspace)}: cannot read it ({exc.strerror or exc})"
            ) from None
        except (ValueError, ReportFormatError, RecursionError) as exc:
            why = "the JSON nests too deep" if isinstance(exc, RecursionError) else str(exc)
            raise OrgActionError(f"{path.relative_to(workspace)}: {why}") from None
    return merge(reports)


def org_verdict(report: OrgReport) -> str:
    if report.count(VerdictStatus.REPRODUCED):
        return "reproduced"
    if (
        report.count(VerdictStatus.INCONCLUSIVE)
        or any(unchecked(r) for r in report.repos)
        or report.missing_shards
    ):
        return "inconclusive"
    if not any(r.report and r.report.targets for r in report.repos):
        return "none"
    return "not_reproduced"


def org_outputs(report: OrgReport) -> dict[str, str]:
    # Compact, and capped: an output is limited to 1 MB, and thousands of repositories' targets would
    # not fit. The whole report is the json-file.
    targets = [
        {
            "repo": r.repo,
            "root": t.target.root,
            "variant": t.target.variant,
            "version": t.target.version,
            "source": {"file": t.target.source.file, "line": t.target.source.line},
            "verdict": t.verdict.status.value,
        }
        for r in report.repos
        if r.report is not None
        for t in r.report.targets
    ]
    shown, complete = capped_json(targets)
    return {
        "verdict": org_verdict(report),
        "reproduced": "true" if report.count(VerdictStatus.REPRODUCED) else "false",
        "targets": shown,
        "targets-complete": "true" if complete else "false",
        "url": "",
    }


Say = Callable[[str], None]
# (report, progress, warning) -> for each repository, what became of its issue (or why not)
IssuePublisher = Callable[[OrgReport, Say, Say], list[tuple[str, Posted | str]]]


def issue_publisher(
    api: OrgApi, label: str, run_url: str | None, server_url: str | None = None
) -> IssuePublisher:
    """One tracking issue per scanned repository, kept by the same rules as a single repository's
    (opened when the bug reproduces, updated, closed once it is fixed everywhere). Only issues the
    account our token posts as opened are adopted; it is asked once for the whole run.

    With ``server_url`` (the workflow's ``GITHUB_SERVER_URL``) the body's places link to the commit
    the repository was scanned at, when that commit is known; advisory IDs always link to their pages."""

    def publish(report: OrgReport, say: Say, warn: Say) -> list[tuple[str, Posted | str]]:
        def lookup() -> Identity:
            return api.call(lambda gh: viewer(gh.requester))

        me = Author(lookup, warn)
        done: list[tuple[str, Posted | str]] = []
        for result in report.repos:
            if result.status is not RepoStatus.SCANNED or result.report is None:
                continue

            here = Links.of(server_url, result.repo, result.commit)  # None: plain text, no links

            def post(
                gh: Github,
                name: str = result.repo,
                single: Report = result.report,
                links: Links | None = here,
            ) -> Posted:
                repo = gh.get_repo(name, lazy=True)
                return upsert_issue(
                    repo,
                    label,
                    MARKER,
                    issue_planner(single, run_url, links=links),
                    label_description="Tracks Kludex/starlette#2093 (found by running its reproduction)",
                    me=me,
                )

            try:
                posted = api.call(post)
            except GithubException as exc:
                done.append((result.repo, f"not posted: {why_unreadable(exc)}"))
                continue
            except Exception as exc:  # unreachable, an unexpected answer, a bug of ours: the scan stands
                done.append((result.repo, f"not posted: {unposted(exc)}"))
                continue
            if posted.url:
                say(f"{result.repo}: tracking issue {posted.action.value}: {posted.url}")
            done.append((result.repo, posted))
        return done

    return publish


def run_org_action(
    config: ActionConfig,
    obtain: Callable[[], OrgReport],
    publisher: IssuePublisher | None,
    commands: Commands,
    say: Callable[[str], None],
) -> OrgReport:
    """Scan or merge, then the JSON file, the issues, the outputs and the summary."""
    commands.mask(config.token)
    report = obtain()
    if config.json_file:
        path = config.workspace / config.json_file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_org_json(report), encoding="utf-8")
    notes: list[str] = []
    if config.org_issues and publisher is not None:
        with commands.group("Tracking issues"):

            def warn(message: str) -> None:
                commands.annotate("warning", message, title="Tracking issues: own issues not recognised")

            for repo, posted in publisher(report, say, warn):
                if isinstance(posted, str):
                    commands.annotate("warning", f"{repo}: {posted}", title="Tracking issue not posted")
                    notes.append(f"{md.code(repo)}: {md.text(posted, 500)}")
    values = org_outputs(report)
    if values["targets-complete"] == "false":
        commands.annotate(
            "warning",
            "the `targets` output holds only the first projects (GitHub limits an output to 1 MB); "
            "the `json-file` input writes them all",
            title="Starlette #2093 organisation scan: targets output cut",
        )
    held = commands.close()
    if config.output_file:
        write_outputs(config.output_file, values)
    if config.summary_file:
        body = render_org_markdown(report, run_url=config.run_url, server_url=config.server_url)
        if notes:
            body += "\n> [!WARNING]\n> Tracking issues not posted:\n" + "".join(f"> - {n}\n" for n in notes)
        append_summary(config.summary_file, body + held_section(held))
    return report
