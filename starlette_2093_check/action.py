"""Action mode: scan the workspace (or load an earlier report), then tell GitHub.

``run_action`` receives its configuration and its GitHub client; ``cli`` builds both and turns
the outcome into the exit code. Posting is best effort: a read-only token (pull requests from
forks, Dependabot) or an API outage degrades to the job summary and annotations, and the exit
code still follows ``fail-on``.

Everything that arrives here is untrusted: the report (from the checkout or from a report file),
and every API answer. Markdown is rendered by ``report.markdown`` (which escapes report text);
suggestions are re-derived by ``github.derive``; comments are adopted only when the account
our token posts as wrote them (``starlette_2093_check.github.identity``).
"""

from __future__ import annotations

import functools
import json
import posixpath
import re
import threading
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from github import Github
from github.ContentFile import ContentFile
from github.File import File
from github.GithubException import GithubException
from github.PullRequest import PullRequest
from github.Repository import Repository

from starlette_2093_check.config import ActionConfig
from starlette_2093_check.errors import UsageError
from starlette_2093_check.github.client import unposted
from starlette_2093_check.github.derive import derive
from starlette_2093_check.github.identity import Author, viewer
from starlette_2093_check.github.review import (
    Key,
    diff_texts,
    suggestion_body,
    suggestion_line,
    upsert_suggestions,
)
from starlette_2093_check.github.sticky import (
    BODY_LIMIT,
    HEADER_ROOM,
    Action,
    IssuePlan,
    Posted,
    scope_shown,
    scoped_marker,
    upsert_comment,
    upsert_issue,
)
from starlette_2093_check.github.workflow import Commands, Held, append_summary, fit, write_outputs
from starlette_2093_check.manifests import MAX_BYTES
from starlette_2093_check.model import (
    Acceptance,
    Change,
    Edit,
    Fix,
    Location,
    Report,
    RuleState,
    Severity,
    TargetResult,
    VerdictStatus,
)
from starlette_2093_check.packs import load_card
from starlette_2093_check.policy.rules import accepted_count, step_failures, utc_today
from starlette_2093_check.policy.rules import apply as apply_policy
from starlette_2093_check.report import failing, md
from starlette_2093_check.report.common import overall_verdict, project, rebase, second_latency
from starlette_2093_check.report.json_report import render_json, target_dict
from starlette_2093_check.report.links import Links
from starlette_2093_check.report.load import editable_kind, load_report, read_json_file
from starlette_2093_check.report.markdown import (
    MARKER,
    fix_sentence,
    headline,
    read_state,
    render_markdown,
    resolved,
)
from starlette_2093_check.report.sarif import render_sarif
from starlette_2093_check.report.template import CommentTemplate, TemplateError, read_template

PUBLISHING = (
    "publish"  # the posting thread's name: starlette_2093_check.cli ends the process when it outlives us
)
SUGGESTION_MARKER = "<!-- starlette-2093-check:suggestion -->"
# GitHub shows at most 10 annotations of each level per step; the code places are notices.
CODE_NOTICES = 5
# The `targets` output: GitHub limits an output, and all of a job's together, to 1 MB; the others
# are small.
TARGETS_LIMIT = 768 * 1024
MAX_HELD_LISTED = 200  # annotations past GitHub's limit listed in the summary
# GitHub's limit on comment and issue bodies, counted in UTF-8 bytes to hold under every reading of
# it (github.sticky.BODY_LIMIT), less the room the scoped marker and the author line take.
COMMENT_LIMIT = BODY_LIMIT - HEADER_ROOM
CUT_NOTE = "_Cut to fit GitHub's comment size limit; the job summary and the JSON report have it all._"
PR_EVENTS = ("pull_request", "pull_request_target")
TRACKING_EVENTS = ("schedule", "workflow_dispatch")
FORK_HELP = (
    "Comments on pull requests from forks need a follow-up workflow: run this action with "
    "`comment: never` and `json-file:` in the pull-request workflow, upload the file as an artifact, "
    "and publish it from a `workflow_run` workflow with the `report:` input (docs/action.md, "
    '"Pull requests from forks").'
)

ScanFn = Callable[[Path], Report]


class ActionError(UsageError):
    """Action mode cannot go on (bad input, unreadable report); the message says what to change."""


@dataclass(frozen=True)
class Outcome:
    report: Report
    posted: Posted | None
    degraded: str | None  # why nothing was posted, when posting was wanted
    degraded_markdown: str | None = None  # the same for the job summary, API text escaped


def _inside(workspace: Path, relative: str, what: str) -> Path:
    path = (workspace / relative).resolve()
    if not path.is_relative_to(workspace.resolve()):
        raise ActionError(f"{what} {relative!r} leaves the workspace")
    return path


def obtain_report(config: ActionConfig, scan: ScanFn) -> Report:
    """The report to publish: the ``report`` input's file, or a fresh scan of ``path``."""
    if config.report_file:
        source = _inside(config.workspace, config.report_file, "input `report`")
        try:
            # Bounded: the size is checked before reading, the nesting before loading.
            return load_report(read_json_file(source), path=config.path)
        except (OSError, ValueError, RecursionError) as exc:
            if isinstance(exc, OSError):
                why = f"cannot read it ({exc.strerror or type(exc).__name__})"
            elif isinstance(exc, RecursionError):  # a guard of last resort: read_json_file checks depth
                why = "the JSON nests deeper than the report format allows"
            else:
                why = str(exc)
            raise ActionError(f"cannot use input `report` ({config.report_file}): {why}") from None
    if config.event_name == "workflow_run":
        raise ActionError(
            "on `workflow_run`, set the `report` input to the JSON report the pull-request run "
            "uploaded; the checkout here is not the pull request's code"
        )
    target = _inside(config.workspace, config.path, "input `path`")
    if not target.is_dir():
        raise ActionError(f"input `path`: {config.path} is not a directory in the workspace")
    return rebase(scan(target), config.path)


def annotate(report: Report, commands: Commands) -> None:
    """Errors on manifest lines where the bug reproduced, with a notice on the project's own
    middleware when it triggers the bug; warnings where something could not be checked."""
    for r in report.targets:
        t, v = r.target, r.verdict
        fix = f" Fix: {fix_sentence(r.fix, t, _plain, _quoted)}." if r.fix else ""
        if v.status is VerdictStatus.REPRODUCED:
            level, title = "error", f"Starlette #2093 reproduced ({t.package} {t.version})"
            message = (
                f"{project(t)}: the bug reproduced on {t.package} {t.version}; the second request on a "
                f"keep-alive connection waited {second_latency(v)}.{fix}"
            )
            covered = _covered(report, r)
            if covered is not None:  # still said where it is; an accepted finding does not fail
                level = "error" if covered.expired else "notice"
                title += " (acceptance expired)" if covered.expired else " (accepted)"
                message += f" {_plain(covered.shown())} ({covered.rule})."
        elif v.status is VerdictStatus.INCONCLUSIVE:
            level, title = "warning", "Starlette #2093 check inconclusive"
            message = (
                f"{project(t)}: {t.package} {t.version} could not be checked (not known to be safe): "
                f"{v.reason}"
            )
        else:
            continue
        commands.annotate(level, message, file=t.source.file, line=t.source.line, title=title)
        if level == "error" and r.severity is Severity.TRIGGERED and r.reachability is not None:
            # Where the project's own code takes part: the middleware is what to look at first.
            for f in r.reachability.middleware[:CODE_NOTICES]:
                commands.annotate(
                    "notice",
                    f"This BaseHTTPMiddleware ({f.kind} {f.name}) is in front of background tasks "
                    f"in {project(t)}, where starlette#2093 reproduced on {t.package} {t.version}.{fix}",
                    file=f.file,
                    line=f.line,
                    title="Starlette #2093 is triggered here",
                )
    for level, message, where, title in policy_annotations(report):
        commands.annotate(level, message, file=where.file, line=where.line, title=title)
    for e in report.errors:
        code = e.file.endswith(".py") and not e.file.endswith("setup.py")
        title = (
            "Code not read"
            if code
            else "Declared index not used"
            if e.message.startswith("index ")
            else "Manifest not checked"
        )
        commands.annotate("warning", e.message, file=e.file, line=e.line, title=title)


def annotate_failing(report: Report, fail_on: str, commands: Commands) -> None:
    """One error saying what fails the step and under which settings (``policy.rules.step_failures``,
    which the exit code follows), written whatever the number of annotations before it. Not when
    every reason is the headline bug reproducing: each of those has its error at its line already,
    which says all there is to say."""
    reasons = step_failures(report, fail_on)
    headline = f"({load_card().id}): reproduced"
    if any(not r.endswith(headline) for r in reasons):
        message = failing.sentence("Fails the step", report, fail_on, "fail-on", [_plain(r) for r in reasons])
        commands.annotate(
            "error", md.clean(message, 2000), title="Starlette #2093 check: fails the step", always=True
        )


def _covered(report: Report, r: TargetResult) -> Acceptance | None:
    """The ignore entry covering the headline's finding in ``r`` (accepted or expired), if any."""
    if report.policy is None:
        return None
    head = next((p.pack for p in r.packs if p.headline), None) or load_card().id
    return report.policy.acceptance(r.target.root, r.target.variant, head)


def policy_annotations(report: Report) -> list[tuple[str, str, Location, str]]:
    """(level, message, where, title) for the ignore entries that need a look: a warning at each
    expired one (its findings count again), a notice at each stale one."""
    out: list[tuple[str, str, Location, str]] = []
    for rule in report.policy.rules if report.policy else ():
        found = ", ".join(rule.matched)
        if rule.state is RuleState.EXPIRED:
            out.append(
                (
                    "warning",
                    f"this ignore entry expired on {rule.until}: {found} count again "
                    f"(reason given: {_plain(rule.reason)}); renew or remove it",
                    rule.rule,
                    "Starlette #2093 check: ignore entry expired",
                )
            )
        elif rule.state is RuleState.STALE:
            out.append(
                (
                    "notice",
                    "this ignore entry matches no finding any more: remove it",
                    rule.rule,
                    "Starlette #2093 check: stale ignore entry",
                )
            )
    return out


def _body(
    report: Report,
    previous_body: str | None,
    run_url: str | None,
    suggested: Collection[Key] = (),
    links: Links | None = None,
    template: CommentTemplate | None = None,
) -> str:
    """The comment or issue body, carrying forward the state the previous body recorded."""
    previous = read_state(previous_body) or None
    body = render_markdown(report, previous, run_url, suggested, links=links, template=template)
    return fit(body, COMMENT_LIMIT, CUT_NOTE)


def comment_renderer(
    report: Report,
    mode: str,
    run_url: str | None,
    suggested: Collection[Key] = (),
    *,
    links: Links | None = None,
    template: CommentTemplate | None = None,
) -> Callable[[str | None], str | None]:
    """What the sticky comment should say, given the body it has now (None: there is none).

    ``suggested`` are the (file, line) pairs the report's edits were posted at as suggestions;
    ``links`` where its places link to; ``template`` the repository's layout (None: the built-in).
    """

    def render(previous_body: str | None) -> str | None:
        if mode == "never":
            return None
        if report.count(VerdictStatus.REPRODUCED) or previous_body is not None or mode == "always":
            return _body(report, previous_body, run_url, suggested, links, template)
        return None

    return render


def issue_planner(
    report: Report,
    run_url: str | None,
    scope: str | None = None,
    *,
    links: Links | None = None,
    template: CommentTemplate | None = None,
) -> Callable[[str | None], IssuePlan | None]:
    """What the tracking issue should become, given its body now (None: there is no open one).

    A ``scope`` (one job among several, ``ActionConfig.scope``) is named in the title."""
    card = load_card()
    shown = scope_shown(scope) if scope else ""
    where = f" ({shown})" if shown else ""

    def plan(previous_body: str | None) -> IssuePlan | None:
        body = _body(report, previous_body, run_url, (), links, template)
        reproduced = report.count(VerdictStatus.REPRODUCED)
        if reproduced:
            title = f"Starlette #2093 reproduces in {reproduced} project(s){where}"
            return IssuePlan(title=title, body=body, open=True)
        if previous_body is None:
            return None
        if resolved(report):
            run = f" ([run]({run_url}))" if run_url else ""
            closing = (
                f"Resolved: {card.id} no longer reproduces in any project of this repository{run}. "
                "The last measurements are in the issue body."
            )
            return IssuePlan(
                title=f"Starlette #2093: resolved{where}", body=body, open=False, closing=closing
            )
        return IssuePlan(
            title=f"Starlette #2093: no longer reproduced; some projects could not be checked{where}",
            body=body,
            open=False,
        )

    return plan


def _plain(value: str) -> str:
    """A report's value in an annotation (plain text; ``Commands`` escapes it for the runner)."""
    return md.clean(value)


def _quoted(value: str) -> str:
    return f"'{md.clean(value)}'"


HeadFile = Callable[[str], bytes | None]
MAX_SUGGESTIONS = 50  # edits re-derived for one run; a real report has one or two per project


def wanted_suggestions(
    report: Report,
    texts: Mapping[str, Mapping[int, str]],
    head_file: HeadFile,
    marker: str = SUGGESTION_MARKER,
) -> tuple[dict[Key, tuple[Key, str]], list[tuple[Edit, str]]]:
    """Suggestions to post, (path, head line) -> ((file, line) of the edit, body), and the edits
    refused, each with why (our words).

    Only edits whose line the pull request's diff shows are considered. Each is re-derived by our
    own edit rules from the file as the pull request's head has it (``head_file``), and posted only
    when that gives exactly the report's edit; what is posted is our derivation
    (``github.derive``). An edit on a line with ``--hash`` options is left to the diff in the
    comment: applying it alone would leave hashes that no longer match.
    """
    wanted: dict[Key, tuple[Key, str]] = {}
    refused: list[tuple[Edit, str]] = []
    considered = 0
    for r in report.targets:
        # The minimal fix (what ``scan --fix`` applies by default): its edits, sentence and run.
        fix = r.fix.minimal_view() if r.fix is not None else None
        if fix is None or r.verdict.status is not VerdictStatus.REPRODUCED:
            continue
        for edit in fix.edits:
            considered += 1
            if considered > MAX_SUGGESTIONS:  # each costs a parse of the head file: bounded
                refused.append((edit, f"more than {MAX_SUGGESTIONS} edits: the rest are not looked at"))
                continue
            line = suggestion_line(texts.get(edit.file, {}), edit)
            if line is None or edit.hashed:
                continue
            if editable_kind(edit.file) is None:  # not even asked for: a workflow, a script, ...
                refused.append((edit, "the file is not a manifest this action edits"))
                continue
            head = head_file(edit.file)
            ours = (
                "the file could not be read at the pull request's head (does the token have contents: read?)"
                if head is None
                else derive(edit, r, head, line)
            )
            if isinstance(ours, str):
                refused.append((edit, ours))
                continue
            if ours.hashed:
                continue
            check = fix.verification
            runs = ""
            if check is not None and check.status is VerdictStatus.NOT_REPRODUCED:
                runs = (
                    f" The reproduction waited {md.text(second_latency(r.verdict))} on "
                    f"{md.text(r.target.package)} {md.text(r.target.version)}, and "
                    f"{md.text(second_latency(check))} on {md.text(fix.recommended or '?')}."
                )
            text = f"**{headline()}** ({md.code(project(r.target))}): {fix_sentence(fix, r.target)}.{runs}"
            wanted[(edit.file, line)] = (
                (edit.file, edit.line),
                suggestion_body(marker, ours, text),
            )
    return wanted, refused


def head_reader(repo: Repository, head_sha: str) -> HeadFile:
    """The content of a file at the pull request's head commit (read once per path), or None."""
    cache: dict[str, bytes | None] = {}

    def read(path: str) -> bytes | None:
        if path not in cache:
            cache[path] = None
            try:
                found = repo.get_contents(path, ref=head_sha)
                if (
                    isinstance(found, ContentFile)
                    and found.type == "file"
                    and found.encoding == "base64"
                    and isinstance(found.size, int)
                    and found.size <= MAX_BYTES
                ):
                    data = found.decoded_content
                    cache[path] = data if isinstance(data, bytes) and len(data) <= MAX_BYTES else None
            except GithubException as exc:
                # A rejected token is reported once, by the caller. A 403 here is most often a
                # token without `contents: read` (the workflow_run follow-up): that suggestion is
                # not derived, and the comment is still posted.
                if exc.status == 401:
                    raise
            except (AssertionError, ValueError, TypeError):  # an answer of the wrong shape
                pass
        return cache[path]

    return read


def _place(edit: Edit) -> str:
    """Where an edit points, for a message: a plain path (it was checked by the loader or comes
    from the scan) shown only when it has no surprising character."""
    return f"{edit.file}:{edit.line}" if re.fullmatch(r"[A-Za-z0-9._/+-]{1,200}", edit.file) else "a file"


def post_suggestions(
    config: ActionConfig,
    report: Report,
    pull: PullRequest,
    files: Iterable[File],
    repo: Repository,
    me: Author,
    commands: Commands,
) -> set[Key]:
    """Put each edit the diff shows as a review suggestion on its line; the edits' (file, line).

    While the bug reproduces, our suggestions are exactly the wanted ones (stale ones go). Once
    nothing reproduces, they are left as they are: the thread that applied the fix stays readable.
    Edits that are not what our rules derive are not posted, and one warning says which.
    """
    if not report.count(VerdictStatus.REPRODUCED):
        return set()
    head = (config.event.get("pull_request") or {}).get("head") or {}
    head_sha = str(head.get("sha") or pull.head.sha)
    # Scoped like the comment: another job's suggestions are not ours to call stale.
    marker = scoped_marker(SUGGESTION_MARKER, config.scope)
    wanted, refused = wanted_suggestions(report, diff_texts(files), head_reader(repo, head_sha), marker)
    if refused:
        places = "; ".join(f"{_place(e)}: {why}" for e, why in refused[:5])
        more = f" (and {len(refused) - 5} more)" if len(refused) > 5 else ""
        commands.annotate(
            "warning",
            f"{len(refused)} suggested edit(s) of the report were not posted as review suggestions, "
            f"because they are not what this action derives from the pull request's head: {places}{more}.",
            title="Starlette #2093 check: suggestion not posted",
        )
    upsert_suggestions(pull, head_sha, marker, {k: body for k, (_, body) in wanted.items()}, me)
    return {edit_key for edit_key, _ in wanted.values()}


def _pull_request_number(config: ActionConfig, github: Github) -> int | None:
    """The pull request this run reports on, from the event (or, for workflow_run, its head SHA)."""
    if config.event_name in PR_EVENTS:
        number = (config.event.get("pull_request") or {}).get("number") or config.event.get("number")
        return int(number) if number else None
    run: Mapping[str, Any] = config.event.get("workflow_run") or {}
    head_sha = run.get("head_sha")
    if not head_sha:
        return None
    for pr in run.get("pull_requests") or []:  # filled for same-repository pull requests only
        if (pr.get("head") or {}).get("sha") == head_sha and pr.get("number"):
            return int(pr["number"])
    # From a fork the list is empty: find the open pull request whose head is the run's commit.
    # The number is never taken from the artifact, which the pull request could have written.
    repo = github.get_repo(config.repository)
    for pull in repo.get_pulls(state="open", sort="updated", direction="desc"):
        if pull.head.sha == head_sha:
            return pull.number
    return None


def destination(config: ActionConfig) -> str:
    """``pr``, ``issue`` or ``none``: where this event's result belongs."""
    if config.event_name in PR_EVENTS or config.event_name == "workflow_run":
        return "pr"
    if config.event_name in TRACKING_EVENTS:
        return "issue"
    if config.event_name == "push":
        default = (config.event.get("repository") or {}).get("default_branch")
        return "issue" if default and config.ref == f"refs/heads/{default}" else "none"
    return "none"


def links_of(config: ActionConfig) -> Links | None:
    """Where the report's places link to: the repository on its server, at the pull request's head
    commit on pull-request events and their ``workflow_run`` follow-up, else at ``GITHUB_SHA``."""
    event = config.event
    sha: Any = config.sha
    if config.event_name in PR_EVENTS:
        sha = ((event.get("pull_request") or {}).get("head") or {}).get("sha")
    elif config.event_name == "workflow_run":
        sha = (event.get("workflow_run") or {}).get("head_sha")
    return Links.of(config.server_url, config.repository, sha if isinstance(sha, str) else None)


def comment_template(config: ActionConfig, commands: Commands) -> CommentTemplate | None:
    """The ``comment-template`` input's file, checked (``starlette_2093_check.report.template``); None for the
    built-in one. A template that cannot be used is a warning naming its file and line, and the
    built-in one is used: the report is still posted."""
    if not config.comment_template:
        return None
    try:
        return read_template(config.workspace, config.comment_template)
    except TemplateError as exc:
        commands.annotate(
            "warning",
            f"input `comment-template`: {exc}; the built-in template was used",
            file=config.comment_template,
            line=exc.line,
            title="Starlette #2093 check: comment template not used",
        )
        return None


def unchanged_template(
    config: ActionConfig,
    template: CommentTemplate | None,
    files: Callable[[], Iterable[File]],
    commands: Commands,
) -> CommentTemplate | None:
    """``template``, unless the pull request changes its file: a pull request must not be able to
    write what its own comment says about it (a template is trusted once it is merged). Then, or
    when the pull request's files cannot be listed, the built-in layout, with a warning."""
    if template is None or config.comment_template is None:
        return template
    wanted = posixpath.normpath(config.comment_template.replace("\\", "/"))
    try:
        changed = any(posixpath.normpath(f.filename) == wanted for f in files())
    except GithubException as exc:
        why = f"the pull request's files could not be listed (HTTP {exc.status})"
    else:
        if not changed:
            return template
        why = "this pull request changes it; a template takes effect once it is merged"
    commands.annotate(
        "warning",
        f"input `comment-template`: {why}; the built-in template was used",
        file=config.comment_template,
        title="Starlette #2093 check: comment template not used",
    )
    return None


def _from_fork(config: ActionConfig) -> bool:
    pr = config.event.get("pull_request") or {}
    head = ((pr.get("head") or {}).get("repo") or {}).get("full_name")
    return bool(head) and head != config.repository


def publish(config: ActionConfig, report: Report, github: Github | None, commands: Commands) -> Outcome:
    # What is shown: a report file's edits only where our rules derived them again (below).
    rendered = only_edits(report, ()) if config.report_file else report
    where = destination(config)
    if where == "none" or config.comment == "never":
        return Outcome(rendered, None, None)
    if github is None or not config.token:
        reason = "no token was given (input `github-token`), so nothing was posted"
        commands.annotate("warning", reason)
        return Outcome(rendered, None, reason, reason)

    def warn_identity(message: str) -> None:
        commands.annotate("warning", message, title="Starlette #2093 check: own comments not recognised")

    # Who our token posts as, asked once for the whole run (and only when a marked comment exists).
    me = Author(lambda: viewer(github.requester), warn_identity)
    links, template = links_of(config), comment_template(config, commands)
    try:
        if where == "pr":
            number = _pull_request_number(config, github)
            if number is None:
                reason = f"no pull request found for this {config.event_name} event, so no comment was posted"
                commands.annotate("warning", reason)
                return Outcome(rendered, None, reason, md.text(reason))
            repo = github.get_repo(config.repository)
            pull = repo.get_pull(number) if config.suggest or template is not None else None
            # The pull request's changed files, listed once for the template check and the suggestions.
            files = functools.cache(lambda: list(pull.get_files()) if pull is not None else [])
            template = unchanged_template(config, template, files, commands)
            suggested: set[Key] = set()
            if config.suggest and pull is not None:
                try:
                    suggested = post_suggestions(config, report, pull, files(), repo, me, commands)
                except GithubException as exc:
                    if exc.status in (401, 403):
                        raise  # a rejected or read-only token: reported once, below
                    commands.annotate(
                        "warning",
                        f"could not post the review suggestion (HTTP {exc.status}); "
                        "the comment shows the diff instead",
                        title="Starlette #2093 check: suggestion not posted",
                    )
            issue = repo.get_issue(number)
            if config.report_file:
                rendered = only_edits(report, suggested)
            posted = upsert_comment(
                issue,
                scoped_marker(MARKER, config.scope),
                comment_renderer(
                    rendered, config.comment, config.run_url, suggested, links=links, template=template
                ),
                me,
            )
        else:
            repo = github.get_repo(config.repository)
            posted = upsert_issue(
                repo,
                config.issue_label,
                scoped_marker(MARKER, config.scope),
                issue_planner(rendered, config.run_url, config.scope, links=links, template=template),
                label_description="Tracks Kludex/starlette#2093 (found by running its reproduction)",
                me=me,
            )
    except GithubException as exc:
        # The API's message is its text, not ours: plain in the annotation, escaped in the summary.
        message = exc.data.get("message") if isinstance(exc.data, dict) else None
        said = str(message) if isinstance(message, str) and message else ""
        status = exc.status
        forbidden = status == 403 and "rate limit" not in said.lower()

        def why(api: str) -> str:
            if forbidden:
                fork = (
                    " This pull request comes from a fork, whose token is read-only."
                    if _from_fork(config)
                    else ""
                )
                return (
                    f"GitHub refused to post (HTTP 403: {api or 'forbidden'}): the token is read-only."
                    f"{fork} The results are in the job summary and the annotations. {FORK_HELP}"
                )
            return (
                f"could not post to GitHub (HTTP {status}: {api or 'no message'}); "
                "the results are in the job summary"
            )

        reason = why(md.clean(said))
        commands.annotate("warning", reason, title="Starlette #2093 check: not posted")
        return Outcome(rendered, None, reason, why(md.text(said)))
    return Outcome(rendered, posted, None)


def publish_within(
    config: ActionConfig, report: Report, github: Github | None, commands: Commands
) -> Outcome:
    """``publish``, bounded: in time (input ``api-timeout`` for all of it), and in what can go wrong.

    Posting is best effort. Whatever stops it (an API that hangs or cannot be reached, an answer of
    a shape we do not expect, a bug of ours) leaves the report, the annotations, the summary and the
    outputs to the caller, and the exit code to ``fail-on``: one warning says what happened. The
    posting runs in a thread of its own so that even a server that trickles its answer cannot hold
    the step; when time is up, that thread is left behind (it ends with the process).
    """
    box: list[Outcome | Exception] = []

    def work() -> None:
        try:
            box.append(publish(config, report, github, commands))
        except Exception as exc:  # reported below, from the main thread
            box.append(exc)

    thread = threading.Thread(target=work, name=PUBLISHING, daemon=True)
    thread.start()
    thread.join(config.api_timeout)
    rendered = only_edits(report, ()) if config.report_file else report
    if not box:
        reason = (
            f"GitHub's API did not finish within {config.api_timeout:g} s (input `api-timeout`), so "
            "the comment or issue may not be up to date; the results are in the job summary, the "
            "annotations and the outputs"
        )
    elif isinstance(box[0], Outcome):
        return box[0]
    else:
        reason = (
            f"posting to GitHub stopped: {unposted(box[0])}, so the comment or issue may not be up "
            "to date; the results are in the job summary, the annotations and the outputs"
        )
    commands.annotate("warning", reason, title="Starlette #2093 check: not posted")
    return Outcome(rendered, None, reason, md.text(reason, 2000))


def write_files(config: ActionConfig, report: Report) -> None:
    """The ``json-file`` and ``sarif-file`` inputs: reports for artifacts and code scanning."""
    for relative, render in ((config.json_file, render_json), (config.sarif_file, render_sarif)):
        if relative:
            path = _inside(config.workspace, relative, "output file")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(render(report), encoding="utf-8")


def capped_json(items: Iterable[object], limit: int = TARGETS_LIMIT) -> tuple[str, bool]:
    """A JSON array of as many of ``items`` (in order) as fit in ``limit`` UTF-8 bytes; whether all did."""
    kept: list[str] = []
    used = 2  # the brackets
    complete = True
    for item in items:
        text = json.dumps(item)
        size = len(text.encode("utf-8")) + (2 if kept else 0)  # ", " between items
        if used + size > limit:
            complete = False
            break
        kept.append(text)
        used += size
    return "[" + ", ".join(kept) + "]", complete


def outputs(outcome: Outcome) -> dict[str, str]:
    report = outcome.report
    targets, complete = capped_json(target_dict(t) for t in report.targets)
    return {
        "verdict": overall_verdict(report),
        "reproduced": "true" if report.count(VerdictStatus.REPRODUCED) else "false",
        # Findings (a pack that reproduced in a project) that the policy accepts: still reproduced.
        "accepted": str(accepted_count(report)),
        "targets": targets,
        "targets-complete": "true" if complete else "false",
        "url": (outcome.posted.url or "") if outcome.posted else "",
        **change_outputs(report),
    }


def change_outputs(report: Report) -> dict[str, str]:
    """What a pull request changes, counted in project roots (``compare``); empty strings when no
    comparison was made (not a pull request)."""
    c = report.comparison
    counts = {
        "introduced": Change.INTRODUCED,
        "fixed": Change.FIXED,
        "already-on-base": Change.ALREADY,
        "change-unknown": Change.UNKNOWN,
    }
    return {name: str(c.count(change)) if c is not None else "" for name, change in counts.items()}


def held_section(held: Sequence[Held]) -> str:
    """The annotations GitHub would not have shown, for the step summary (their text escaped)."""
    if not held:
        return ""
    lines = [f"\n<details><summary>{len(held)} more annotation(s) (GitHub shows 10 per level)</summary>\n"]
    for h in held[:MAX_HELD_LISTED]:
        where = f" {md.code(f'{h.file}:{h.line}' if h.line else h.file)}" if h.file else ""
        title = f" {md.text(h.title, 200)}:" if h.title else ""
        lines.append(f"- **{h.level}**{where}{title} {md.text(h.message, 1000)}")
    if len(held) > MAX_HELD_LISTED:
        lines.append(
            f"- … and {len(held) - MAX_HELD_LISTED} more: the JSON report (`json-file`) has them all"
        )
    return "\n".join(lines) + "\n\n</details>\n"


# An address from an API answer is linked only when it is a plain http(s) URL.
_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::\d+)?(?:/[A-Za-z0-9._~/%:@!$&+,;=?#-]*)?")


def summary(
    outcome: Outcome, run_url: str | None, held: Sequence[Held] = (), links: Links | None = None
) -> str:
    """The job summary: the report (with the built-in template), where it was posted, what went wrong."""
    body = render_markdown(outcome.report, run_url=run_url, links=links)
    posted = outcome.posted
    if posted and posted.url and posted.action is not Action.SKIPPED:
        where = posted.url if _URL.fullmatch(posted.url) else md.code(posted.url)
        body += f"\n{posted.action.value.capitalize()}: {where}\n"
    if outcome.degraded:
        body += f"\n> [!WARNING]\n> {outcome.degraded_markdown or md.text(outcome.degraded, 2000)}\n"
    return body + held_section(held)


def only_edits(report: Report, keep: Collection[Key]) -> Report:
    """``report`` with every fix's edits reduced to those at ``keep`` ((file, line) pairs).

    A report file's edits are its writer's: the comment shows only the ones our own rules derived
    from the pull request's head (posted as suggestions), never a diff the file merely names.
    """
    targets = tuple(
        replace(r, fix=_kept_edits(r.fix, keep)) if r.fix is not None else r for r in report.targets
    )
    return replace(report, targets=targets)


def _kept_edits(fix: Fix, keep: Collection[Key]) -> Fix:
    """``fix`` with the edits of the recommendation and of the minimal fix reduced to ``keep``."""
    low = fix.minimal_fix
    if low is not None:
        low = replace(low, edits=tuple(e for e in low.edits if (e.file, e.line) in keep))
    return replace(fix, edits=tuple(e for e in fix.edits if (e.file, e.line) in keep), minimal_fix=low)


def with_comparison(config: ActionConfig, report: Report, base_scan: ScanFn | None) -> Report:
    """On a ``pull_request`` scan, ``report`` with each root compared with the pull request's base
    (``starlette_2093_check.prbase``; ``base_scan`` gives the base's verdicts). A report file keeps
    the comparison it carries. Not on ``pull_request_target``, whose checkout is the base branch
    unless the workflow checks out the head (which this action never recommends)."""
    if base_scan is None or config.report_file or config.event_name != "pull_request":
        return report
    from starlette_2093_check.prbase import api_for, compare_with_base

    api = api_for(config.api_url, config.token, config.api_timeout)
    comparison = compare_with_base(report, config.event, api, config.repository, config.path, base_scan)
    return replace(report, comparison=comparison)


def run_action(
    config: ActionConfig,
    scan: ScanFn,
    github: Github | None,
    commands: Commands,
    today: date | None = None,
    base_scan: ScanFn | None = None,
) -> Outcome:
    """Scan or load (on a pull request, compare with its base: ``with_comparison``), apply the
    policy (on ``today``, UTC; the CLI passes it), annotate, publish, and write outputs and the
    summary."""
    commands.mask(config.token)
    with commands.group("Starlette #2093 check: scanning"):
        report = obtain_report(config, scan)
    if base_scan is not None and config.event_name == "pull_request" and not config.report_file:
        with commands.group("Starlette #2093 check: the pull request's base branch"):
            report = with_comparison(config, report, base_scan)
    # Our policy, whatever report we got: a report file cannot bring acceptances of its own.
    report = apply_policy(report, config.policy, today or utc_today())
    # A report file's edits are shown only where publishing derived them again (review suggestions).
    annotate(only_edits(report, ()) if config.report_file else report, commands)
    annotate_failing(report, config.fail_on, commands)
    write_files(config, report)
    outcome = publish_within(config, report, github, commands)
    values = outputs(outcome)
    if values["targets-complete"] == "false":
        commands.annotate(
            "warning",
            f"the `targets` output holds only the first projects (GitHub limits an output to 1 MB); "
            f"the `json-file` input writes all {len(report.targets)}",
            title="Starlette #2093 check: targets output cut",
        )
    held = commands.close()
    if config.output_file:
        write_outputs(config.output_file, values)
    if config.summary_file:
        append_summary(config.summary_file, summary(outcome, config.run_url, held, links_of(config)))
    return outcome
