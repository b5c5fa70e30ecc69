"""The Markdown report: the body of the pull-request comment, the tracking issue and the job summary.

A body is two hidden lines, then the comment template filled with the report's sections
(``report.sections``; the template is ``report/templates/comment.md`` or the repository's
``comment-template``, ``report.template``). The first hidden line is the marker the sticky
comment is found by; under it, the state the body reports (which roots reproduced on which
version), so the next run can say "was 0.27.0, now 0.29.0". Both are written here, above whatever
the template says, in this format and this place only.

Every string that comes from the ``Report`` goes through ``report.md`` or ``report.links``
(in the sections); the templates, the built-in cards' texts and their links are written as they are.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping

from starlette_2093_check import __version__
from starlette_2093_check.model import Report, VerdictStatus
from starlette_2093_check.packs import load_card
from starlette_2093_check.report import sections
from starlette_2093_check.report.change import change
from starlette_2093_check.report.common import overall_verdict, project

# Re-exported: the action builds annotations and suggestions with them.
from starlette_2093_check.report.fixshape import (
    NO_COMMAND,
    NOT_SHOWN,
    fix_sentence,
    plausible_edit,
    shown_command,
)
from starlette_2093_check.report.links import Links
from starlette_2093_check.report.load import is_safe_path, is_version
from starlette_2093_check.report.template import CommentTemplate, builtin, fill

MARKER = "<!-- starlette-2093-check -->"
# The first line of a posted body: MARKER, or MARKER with the scope of one job among several on a
# pull request (``starlette_2093_check.github.sticky.scoped_marker``, which never writes "--" into it).
_MARKER_LINE = re.compile(r"<!-- starlette-2093-check(?: scope=[A-Za-z0-9._/~-]{1,80})? -->")
_STATE = re.compile(r"<!-- starlette-2093-check:state (\{[^\n]*\}) -->")
STATE_ROOTS = 200  # roots the state line records (and reads back); a bound on its size
STATE_CHARS = 64 * 1024


def _stateable(root: str, version: str) -> bool:
    return is_safe_path(root) and len(root) <= 300 and is_version(version)


def state_of(report: Report) -> dict[str, str]:
    """Root → Starlette version, for every root where the bug reproduced (roots that are safe
    relative paths and PEP 440 versions only: the state is read back by the next run). A target
    resolved with an extra or a group is keyed ``root [extra:name]``."""
    state = {
        project(r.target): r.target.version
        for r in report.targets
        if r.verdict.status is VerdictStatus.REPRODUCED and _stateable(project(r.target), r.target.version)
    }
    return dict(list(state.items())[:STATE_ROOTS])


def read_state(body: str | None) -> dict[str, str]:
    """Root → version where the bug last reproduced, as an earlier body recorded it.

    A body that already reported the fix keeps what was fixed (``was``), so a later run on the
    fixed code still shows "was 0.27.0, now 0.29.0". Empty when there is nothing, or no marker.

    The state is a hint, not a fact: it is read only from the line right under the marker, bounded
    in size, and only entries whose root is a safe relative path and whose version is a PEP 440
    version are kept (the renderer escapes them all the same).
    """
    lines = (body or "").split("\n", 2)
    if len(lines) < 2 or not _MARKER_LINE.fullmatch(lines[0].rstrip("\r")) or len(lines[1]) > STATE_CHARS:
        return {}
    match = _STATE.fullmatch(lines[1].rstrip("\r"))
    if not match:
        return {}
    try:
        data = json.loads(match.group(1))
    except (ValueError, RecursionError):
        return {}
    if not isinstance(data, dict):
        return {}
    for key in ("reproduced", "was"):
        value = data.get(key)
        if isinstance(value, dict) and value:
            kept = {
                k: v
                for k, v in value.items()
                if isinstance(k, str) and isinstance(v, str) and _stateable(k, v)
            }
            return dict(list(kept.items())[:STATE_ROOTS])
    return {}


def _state_line(report: Report, previous: Mapping[str, str] | None) -> str:
    now = state_of(report)
    was = {k: v for k, v in (previous or {}).items() if _stateable(k, v)}
    state = {"reproduced": now, "was": {} if now else dict(list(was.items())[:STATE_ROOTS])}
    payload = json.dumps(state, sort_keys=True).replace("--", "-\\u002d")  # "--" would end the comment
    return f"<!-- starlette-2093-check:state {payload} -->"


def resolved(report: Report) -> bool:
    """Nothing reproduced, and everything was checked: no inconclusive verdict, no error."""
    return (
        not report.count(VerdictStatus.REPRODUCED)
        and not report.count(VerdictStatus.INCONCLUSIVE)
        and not report.errors
    )


def headline() -> str:
    """ "Starlette #2093" as a link to the upstream issue. Written bare, GitHub would link "#2093"
    to the issue of that number in the repository the comment is posted in, and mark it
    "mentioned" there."""
    card = load_card()
    return f"[Starlette #2093]({card.links['issue']})"


def _related_projects(report: Report) -> int:
    return sum(1 for r in report.targets if sections.related_reproduced(r))


def _accepted_projects(report: Report) -> int:
    """Projects whose headline finding the policy accepts today."""
    policy = report.policy
    if policy is None:
        return 0
    return sum(
        1
        for r in report.targets
        for p in r.packs[:1]
        if p.headline
        and r.verdict.status is VerdictStatus.REPRODUCED
        and policy.accepted(r.target.root, r.target.variant, p.pack) is not None
    )


def title_of(report: Report, previous: Mapping[str, str] | None = None) -> str:
    """The heading's words: the headline bug's verdict for the whole repository (and a related bug
    that reproduced where the headline did not, which is never said to be all clear)."""
    card = load_card()
    reproduced = report.count(VerdictStatus.REPRODUCED)
    if reproduced:
        accepted = _accepted_projects(report)
        also = f" ({accepted} accepted by the policy)" if accepted else ""
        return f"reproduced in {reproduced} of {len(report.targets)} project(s){also}"
    related = _related_projects(report)
    also = f"; a related bug reproduced in {related} project(s)" if related else ""
    if previous:
        return ("resolved" if resolved(report) else "no longer reproduced") + also
    unchecked = report.count(VerdictStatus.INCONCLUSIVE)
    if unchecked:  # never "not reproduced" for something that was not checked
        return f"{unchecked} of {len(report.targets)} project(s) could not be checked{also}"
    if report.errors:
        return (
            "not reproduced; some files could not be read" if report.targets else "files could not be read"
        ) + also
    return ("not reproduced" if report.targets else f"no project resolves {card.package}") + also


def _icon(report: Report, previous: Mapping[str, str] | None) -> str:
    """❌ where it reproduced; ✅ only when everything was checked and nothing reproduced, not even
    a related bug; ⚠️ for the rest that has something to say."""
    if report.count(VerdictStatus.REPRODUCED):
        return "❌"
    related = _related_projects(report)
    if resolved(report) and report.targets and not related:
        return "✅"
    return "⚠️" if previous or related else ""


def render_markdown(
    report: Report,
    previous: Mapping[str, str] | None = None,
    run_url: str | None = None,
    suggested: Collection[tuple[str, int]] = (),
    *,
    links: Links | None = None,
    template: CommentTemplate | None = None,
) -> str:
    """The report as Markdown.

    ``previous`` is the state an earlier comment recorded (``read_state``); ``suggested`` are the
    (file, line) pairs that carry a review-comment suggestion, so the body points there instead
    of repeating the diff; ``links`` is where file:line places link to (none: plain text);
    ``template`` the comment's layout (the built-in one by default).
    """
    card = load_card()
    view = sections.View(report, links, suggested)
    title = title_of(report, previous)
    icon = _icon(report, previous)
    values = {
        "heading": f"## {icon + ' ' if icon else ''}{headline()} check: {title}",
        "change": change(report.comparison),
        "bug": f"> {card.title}",
        "since": sections.since(report, previous, resolved(report))
        if previous and not report.count(VerdictStatus.REPRODUCED)
        else "",
        "table": sections.table(view),
        "fix": sections.fix(view, card),
        "unchecked": sections.unchecked(view),
        "policy": sections.policy(view),
        "evidence": sections.evidence(view, card),
        "fix_details": sections.fix_details(view),
        "versions": sections.versions(view),
        "related": sections.related(view),
        "advisories": sections.advisories(view),
        "when_not_to_apply": sections.when_not_to_apply(view, card),
        "errors": sections.errors(view),
        "footer": sections.footer(report, run_url),
        "version": __version__,
        "verdict": overall_verdict(report),
    }
    body = fill(template or builtin(), values)
    return f"{MARKER}\n{_state_line(report, previous)}\n{body}"


__all__ = [
    "MARKER",
    "NOT_SHOWN",
    "NO_COMMAND",
    "fix_sentence",
    "headline",
    "plausible_edit",
    "read_state",
    "render_markdown",
    "resolved",
    "shown_command",
    "state_of",
    "title_of",
]
