"""Sticky PR comments and tracking issues, found by a hidden marker and kept unique.

A comment (or issue) is ours when its first line is the marker *and* its author is the account
our token posts as (``github.identity``: GraphQL ``viewer``, else ``GET /user``, since the
workflow token cannot call ``GET /user``). A marker typed by anyone else, or posted by another
workflow or app, is left alone, and its state line is never read. Posting is idempotent and
convergent: the thread is re-read before anything is created, and re-read after creating, so that
concurrent runs that each created a comment delete all but the oldest. Five runs racing on one
pull request end with one comment, whatever order their requests land in.

Every body posted starts with the marker line, then the report's hidden state line, into which
the author of the body is written (``"by": {"login", "id"}``). When neither GraphQL nor REST tells
who the token is, a bot account's earlier comment is still recognised by that line, checked
against the author the API gives (``starlette_2093_check.github.identity.claimed_by``).

The marker can carry a scope (``scoped_marker``): two jobs reporting on one pull request (a
monorepo with a job per directory) each keep their own comment and tracking issue.

The tracking issue is found by its label first. GitHub drops the labels named on a new issue,
silently, when the token has no push access (and creating the label is refused too), so when the
label finds none of ours, the open issues our account opened (``creator``) are read, a bounded
number of them, and recognised by their marker.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass
from enum import StrEnum
from itertools import islice
from typing import Any, TypeVar, cast
from urllib.parse import quote

from github.GithubException import GithubException, UnknownObjectException
from github.Issue import Issue
from github.IssueComment import IssueComment
from github.Repository import Repository

from starlette_2093_check.github.identity import Author, Identity, claimed_by
from starlette_2093_check.github.workflow import fit

LABEL_COLOR = "b60205"
# GitHub's limit on a comment or issue body. Its error says "maximum is 65536 characters"; what it
# measures has been reported differently (characters; 262,144 UTF-8 bytes for comments). A body of
# at most 65,536 UTF-8 bytes is within every reading: no text has more characters (or UTF-16 units)
# than UTF-8 bytes.
BODY_LIMIT = 65536
# What the marker's scope and the author in the state line may add to a rendered body: renderers
# cut their bodies to BODY_LIMIT - HEADER_ROOM.
HEADER_ROOM = 256
CUT_NOTE = "_Cut to fit GitHub's comment size limit._"
MAX_LISTED = 1000  # open issues read when the label finds none of ours (ten pages of 100)
_STATE = re.compile(r"(<!-- [A-Za-z0-9_.-]+:state )(\{[^\n]*\})( -->)")
_STATE_CHARS = 64 * 1024

T = TypeVar("T", IssueComment, Issue)


class Action(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    CLOSED = "closed"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class Posted:
    action: Action
    url: str | None = None


def scope_shown(scope: str) -> str:
    """The readable part of a scope (``path:services/api`` -> ``services/api``): letters, digits,
    ``.``, ``_`` and ``/``, every other run one ``-``, at most 40 characters. Safe in a marker and
    in a title (no mention, no reference, no markup)."""
    return re.sub(r"[^A-Za-z0-9._/]+", "-", scope.split(":", 1)[-1])[:40].strip("-")


def scoped_marker(marker: str, scope: str | None) -> str:
    """``marker`` (``<!-- NAME -->``) for one job among several on a pull request:
    ``<!-- NAME scope=READABLE~HASH -->``, or ``marker`` itself when there is no scope.

    ``scope`` is repository text (a path, an ``id`` input): only a cleaned, shortened form of what
    follows its ``kind:`` prefix is shown, and a hash of the whole tells scopes apart. Nothing in
    the result can end the HTML comment (no ``--``).
    """
    if not scope:
        return marker
    if not (marker.startswith("<!-- ") and marker.endswith(" -->")):
        raise ValueError(f"not a hidden marker: {marker!r}")
    shown = scope_shown(scope)
    digest = hashlib.sha256(scope.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{marker[:-4]} scope={shown + '~' if shown else ''}{digest} -->"


def _first_line(body: str | None) -> str:
    return (body or "").split("\n", 1)[0].rstrip("\r")


def is_marked(body: str | None, marker: str) -> bool:
    """Whether ``body``'s first line is ``marker`` (a scoped marker is another marker)."""
    return _first_line(body) == marker


def _state(body: str) -> tuple[list[str], re.Match[str], dict[str, Any]] | None:
    """The body's lines, its hidden state line (the second) and that line's JSON, if it has one."""
    lines = body.split("\n")
    if len(lines) < 2 or len(lines[1]) > _STATE_CHARS:
        return None
    match = _STATE.fullmatch(lines[1])
    if match is None:
        return None
    try:
        data = json.loads(match.group(2))
    except (ValueError, RecursionError):
        return None
    return (lines, match, data) if isinstance(data, dict) else None


def stamp_of(body: str | None) -> Identity | None:
    """The account a body says created it (see ``stamped``); a claim, to be checked."""
    found = _state(body or "")
    return Identity.from_stamp(found[2].get("by")) if found else None


def stamped(body: str, author: Identity | None) -> str:
    """``body`` with ``author`` recorded in its hidden state line (unchanged without either)."""
    found = _state(body)
    if author is None or author.id is None or found is None:
        return body
    lines, match, data = found
    data["by"] = author.stamp()
    payload = json.dumps(data, sort_keys=True).replace("--", "-\\u002d")  # "--" would end the comment
    lines[1] = f"{match.group(1)}{payload}{match.group(3)}"
    return "\n".join(lines)


def finished(body: str, marker: str, author: Identity | None) -> str:
    """What is posted: ``body`` under ``marker`` (its own first line, a marker, is replaced), its
    author recorded, within ``BODY_LIMIT`` UTF-8 bytes."""
    head, sep, rest = body.partition("\n")
    if head.startswith("<!--") and head.endswith("-->"):
        body = f"{marker}{sep}{rest}"
    elif head != marker:
        body = f"{marker}\n{body}"
    out = stamped(body, author)
    if len(out.encode("utf-8", "replace")) > BODY_LIMIT:  # the renderer left no room: the author goes first
        out = body
    return fit(out, BODY_LIMIT, CUT_NOTE)


def _ours(items: Iterable[T], marker: str, me: Author) -> list[T]:
    """Of ``items``, ours: marked, and written by ``me``. When ``me`` cannot be found out, one bot
    account that all marked items with a valid claim agree on is learnt (``claimed_by``)."""
    marked = [x for x in items if is_marked(x.body, marker)]
    if marked and me.identity is None:
        claimants = {}
        for x in marked:
            claim = stamp_of(x.body)
            if claim is not None and claimed_by(x.user, claim):
                claimants[claim.id] = x.user
        if len(claimants) == 1:  # two bots claiming: neither is known to be us
            me.learn(next(iter(claimants.values())))
    return [x for x in marked if me.owns(x.user)]


def find_comments(issue: Issue, marker: str, me: Author) -> list[IssueComment]:
    """Our comments on the issue or pull request, oldest first: the marker is the first line and
    ``me`` wrote it. (Who ``me`` is is asked only when some comment carries the marker.)"""
    return sorted(_ours(issue.get_comments(), marker, me), key=lambda c: c.id)


def _delete(comment: IssueComment) -> None:
    with suppress(UnknownObjectException):  # a concurrent run deleted it first
        comment.delete()


def upsert_comment(
    issue: Issue, marker: str, render: Callable[[str | None], str | None], me: Author | None = None
) -> Posted:
    """Create or edit the one sticky comment.

    ``render(previous_body)`` returns the body to post (its first line, a hidden marker, becomes
    ``marker``), or None to leave the thread alone. ``me`` is the run's identity (by default, the
    token of ``issue`` asked on first need).
    """
    me = me or Author.of_token(issue.requester)
    mine = find_comments(issue, marker, me)
    body = render(mine[0].body if mine else None)
    if body is None:
        return Posted(Action.SKIPPED, mine[0].html_url if mine else None)
    if mine:
        keep = mine[0]
        for extra in mine[1:]:
            _delete(extra)
        wanted = finished(body, marker, me.identity)
        if keep.body == wanted:
            return Posted(Action.UNCHANGED, keep.html_url)
        keep.edit(wanted)
        return Posted(Action.UPDATED, keep.html_url)
    created = issue.create_comment(finished(body, marker, me.identity))
    me.learn(created.user)
    # Converge: runs that raced past the read above each created one; the oldest stays.
    mine = find_comments(issue, marker, me) or [created]
    keep = mine[0]
    for extra in mine[1:]:
        _delete(extra)
    wanted = finished(body, marker, me.identity)  # with the author, when only the create told it
    if keep.body != wanted:
        keep.edit(wanted)
    return Posted(Action.UPDATED if keep.id != created.id else Action.CREATED, keep.html_url)


def _open_issues(listed: Iterable[Issue]) -> Iterable[Issue]:
    return (i for i in islice(listed, MAX_LISTED) if i.pull_request is None)


def find_issues(repo: Repository, label: str, marker: str, me: Author) -> list[Issue]:
    """Our open tracking issues, oldest first (pull requests excluded): the marker is the first
    line and ``me`` opened it. Anyone can open an issue with the marker.

    Issues with the label are read first; when none of them is ours, the open issues our account
    opened (the marked ones, when who we are is unknown), at most ``MAX_LISTED``: the label is
    missing from issues that a token without push access opened.
    """
    found = _ours(_open_issues(repo.get_issues(state="open", labels=[label])), marker, me)
    if not found:
        identity = me.identity
        listed = (
            # PyGithub sends a login as it is; its annotation names NamedUser only.
            repo.get_issues(state="open", creator=cast(Any, identity.login))
            if identity is not None
            else repo.get_issues(state="open")
        )
        found = _ours(_open_issues(listed), marker, me)
    return sorted(found, key=lambda i: i.number)


def ensure_label(repo: Repository, label: str, description: str) -> bool:
    """Make sure the label exists; False when the token may not create it (no push access).

    The label is read for real: the client is lazy, and ``repo.get_label`` sends no request.
    """
    try:
        repo.requester.requestJsonAndCheck("GET", f"{repo.url}/labels/{quote(label, safe='')}")
        return True
    except UnknownObjectException:
        pass
    try:
        repo.create_label(label, LABEL_COLOR, description)
    except GithubException as exc:
        if exc.status == 422:  # a concurrent run created it
            return True
        if exc.status in (403, 404):  # no push access: the issue is found by its marker instead
            return False
        raise
    return True


@dataclass(frozen=True)
class IssuePlan:
    """What the tracking issue should become. ``open`` False with ``closing`` set closes it."""

    title: str
    body: str
    open: bool  # reproduced: the issue must exist and be open
    closing: str | None = None  # fixed: close an existing issue with this comment


def upsert_issue(
    repo: Repository,
    label: str,
    marker: str,
    plan: Callable[[str | None], IssuePlan | None],
    label_description: str = "",
    me: Author | None = None,
) -> Posted:
    """Open, update or close the repository's one tracking issue.

    ``plan(previous_body)`` decides; None leaves everything as it is (the body's first line, a
    hidden marker, becomes ``marker``). ``me`` is the run's identity (by default, the token of
    ``repo`` asked on first need).
    """
    me = me or Author.of_token(repo.requester)
    existing = find_issues(repo, label, marker, me)
    wanted = plan(existing[0].body if existing else None)
    if wanted is None:
        return Posted(Action.SKIPPED, existing[0].html_url if existing else None)
    if existing:
        issue = existing[0]
        for extra in existing[1:]:
            _close_duplicate(extra, issue)
        body = finished(wanted.body, marker, me.identity)
        if wanted.closing is not None and not wanted.open:
            issue.edit(title=wanted.title, body=body)
            issue.create_comment(wanted.closing)
            issue.edit(state="closed", state_reason="completed")
            return Posted(Action.CLOSED, issue.html_url)
        if issue.body == body and issue.title == wanted.title:
            return Posted(Action.UNCHANGED, issue.html_url)
        issue.edit(title=wanted.title, body=body)
        return Posted(Action.UPDATED, issue.html_url)
    if not wanted.open:
        return Posted(Action.SKIPPED)
    labelled = ensure_label(repo, label, label_description)
    created = repo.create_issue(
        title=wanted.title,
        body=finished(wanted.body, marker, me.identity),
        labels=[label] if labelled else [],
    )
    me.learn(created.user)
    existing = find_issues(repo, label, marker, me) or [created]
    keep = existing[0]
    for extra in existing[1:]:
        _close_duplicate(extra, keep)
    body = finished(wanted.body, marker, me.identity)
    if keep.body != body:
        keep.edit(title=wanted.title, body=body)
    return Posted(Action.UPDATED if keep.number != created.number else Action.CREATED, keep.html_url)


def _close_duplicate(issue: Issue, keep: Issue) -> None:
    try:
        issue.create_comment(f"Duplicate of #{keep.number}, which tracks this from now on.")
        issue.edit(state="closed", state_reason="not_planned")
    except UnknownObjectException:
        pass
