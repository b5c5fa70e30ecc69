"""Sticky PR comments and tracking issues, found by a hidden marker and kept unique.

A comment (or issue) is ours when its body starts with the marker *and* its author is the account
our token posts as (``bot.github.identity``: GraphQL ``viewer``, since the workflow token cannot
call ``GET /user``). A marker typed by anyone else, or posted by another workflow or app, is left
alone, and its state line is never read. Posting is idempotent and convergent: the thread is
re-read before anything is created, and re-read after creating, so that concurrent runs that each
created a comment delete all but the oldest. Five runs racing on one pull request end with one
comment, whatever order their requests land in.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from enum import StrEnum

from github.GithubException import GithubException, UnknownObjectException
from github.Issue import Issue
from github.IssueComment import IssueComment
from github.Repository import Repository

from bot.github.identity import Author

LABEL_COLOR = "b60205"


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


def find_comments(issue: Issue, marker: str, me: Author) -> list[IssueComment]:
    """Our comments on the issue or pull request, oldest first: the marker starts the body and
    ``me`` wrote it. (Who ``me`` is is asked only when some comment carries the marker.)"""
    marked = [c for c in issue.get_comments() if (c.body or "").startswith(marker)]
    return sorted((c for c in marked if me.owns(c.user)), key=lambda c: c.id)


def _delete(comment: IssueComment) -> None:
    with suppress(UnknownObjectException):  # a concurrent run deleted it first
        comment.delete()


def upsert_comment(
    issue: Issue, marker: str, render: Callable[[str | None], str | None], me: Author | None = None
) -> Posted:
    """Create or edit the one sticky comment.

    ``render(previous_body)`` returns the body to post, or None to leave the thread alone. ``me`` is
    the run's identity (by default, the token of ``issue`` asked on first need).
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
        if keep.body == body:
            return Posted(Action.UNCHANGED, keep.html_url)
        keep.edit(body)
        return Posted(Action.UPDATED, keep.html_url)
    created = issue.create_comment(body)
    me.learn(created.user)
    # Converge: runs that raced past the read above each created one; the oldest stays.
    mine = find_comments(issue, marker, me) or [created]
    keep = mine[0]
    for extra in mine[1:]:
        _delete(extra)
    if keep.id != created.id:
        if keep.body != body:
            keep.edit(body)
        return Posted(Action.UPDATED, keep.html_url)
    return Posted(Action.CREATED, keep.html_url)


def find_issues(repo: Repository, label: str, marker: str, me: Author) -> list[Issue]:
    """Our open tracking issues: the label, a body that starts with the marker, and ``me`` as the
    author; oldest first (pull requests excluded). Anyone can open an issue with the marker."""
    marked = [
        i
        for i in repo.get_issues(state="open", labels=[label])
        if i.pull_request is None and (i.body or "").startswith(marker)
    ]
    return sorted((i for i in marked if me.owns(i.user)), key=lambda i: i.number)


def ensure_label(repo: Repository, label: str, description: str) -> None:
    try:
        repo.get_label(label)
    except UnknownObjectException:
        try:
            repo.create_label(label, LABEL_COLOR, description)
        except GithubException as exc:
            if exc.status != 422:  # 422: a concurrent run created it
                raise


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

    ``plan(previous_body)`` decides; None leaves everything as it is. ``me`` is the run's identity
    (by default, the token of ``repo`` asked on first need).
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
        if wanted.closing is not None and not wanted.open:
            issue.edit(title=wanted.title, body=wanted.body)
            issue.create_comment(wanted.closing)
            issue.edit(state="closed", state_reason="completed")
            return Posted(Action.CLOSED, issue.html_url)
        if issue.body == wanted.body and issue.title == wanted.title:
            return Posted(Action.UNCHANGED, issue.html_url)
        issue.edit(title=wanted.title, body=wanted.body)
        return Posted(Action.UPDATED, issue.html_url)
    if not wanted.open:
        return Posted(Action.SKIPPED)
    ensure_label(repo, label, label_description)
    created = repo.create_issue(title=wanted.title, body=wanted.body, labels=[label])
    me.learn(created.user)
    existing = find_issues(repo, label, marker, me) or [created]
    keep = existing[0]
    for extra in existing[1:]:
        _close_duplicate(extra, keep)
    if keep.number != created.number:
        return Posted(Action.UPDATED, keep.html_url)
    return Posted(Action.CREATED, keep.html_url)


def _close_duplicate(issue: Issue, keep: Issue) -> None:
    try:
        issue.create_comment(f"Duplicate of #{keep.number}, which tracks this from now on.")
        issue.edit(state="closed", state_reason="not_planned")
    except UnknownObjectException:
        pass
