"""Review comments carrying a one-click ``suggestion`` on the exact manifest line of a pull request.

GitHub accepts a review comment only on a line inside the hunks of the pull request's diff (422
otherwise), so callers first ask ``diff_lines`` which lines qualify and suggest only there. Our
comments are found the way sticky comments are: the body starts with the hidden marker and the
author is the account our token posts as (``starlette_2093_check.github.identity``); nobody else's is touched.
``upsert_suggestions`` is idempotent and convergent under concurrent runs: after creating, it
re-reads the thread and keeps the oldest comment per line.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from contextlib import suppress

from github.File import File
from github.GithubException import UnknownObjectException
from github.PullRequest import PullRequest
from github.PullRequestComment import PullRequestComment

from starlette_2093_check.github.identity import Author
from starlette_2093_check.github.sticky import Action, Posted
from starlette_2093_check.model import Edit

_HUNK = re.compile(r"@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")

Key = tuple[str, int]


def _patch_lines(patch: str) -> dict[int, str]:
    lines: dict[int, str] = {}
    new = old_left = new_left = 0
    for text in patch.split("\n"):
        hunk = _HUNK.match(text)
        if hunk:
            old_count, start, new_count = hunk.groups()
            new = int(start)
            old_left = 1 if old_count is None else int(old_count)
            new_left = 1 if new_count is None else int(new_count)
            continue
        if old_left <= 0 and new_left <= 0:
            continue  # outside a hunk: a header before the first @@, or "\ No newline at end of file"
        kind = text[:1]
        if kind == "-":
            old_left -= 1
        elif kind == "+":
            lines[new] = text[1:]
            new += 1
            new_left -= 1
        elif kind in (" ", ""):  # an empty line is a context line whose leading space was stripped
            lines[new] = text[1:]
            new += 1
            old_left -= 1
            new_left -= 1
    return lines


def diff_lines(files: Iterable[File]) -> dict[str, set[int]]:
    """Right-side (new file) line numbers that a review comment may target, per file path.

    Every added or context line inside the hunks of each file's ``patch``. Files GitHub gives no
    patch for (binary, too large) map to an empty set.
    """
    return {path: set(lines) for path, lines in diff_texts(files).items()}


def diff_texts(files: Iterable[File]) -> dict[str, dict[int, str]]:
    """Like ``diff_lines``, with each line's text as the pull request's head has it."""
    return {f.filename: _patch_lines(f.patch) if f.patch else {} for f in files}


def suggestion_line(texts: Mapping[int, str], edit: Edit) -> int | None:
    """The head's line that ``edit`` changes, if the diff shows it: ``edit.line`` when it reads
    ``edit.old`` there, else the one diff line that does (the checkout may be the merge commit,
    whose lines can sit elsewhere). None when the diff does not show the line."""
    if texts.get(edit.line, "").rstrip("\r") == edit.old:
        return edit.line
    same = [n for n, text in texts.items() if text.rstrip("\r") == edit.old]
    return same[0] if len(same) == 1 else None


def _fence(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def suggestion_body(marker: str, edit: Edit, text: str) -> str:
    """The comment: the marker line, ``text`` (why), then a ``suggestion`` block holding ``edit.new``.

    The fence is longer than any backtick run in the new line, so the line cannot close it early.
    A new text of more than one line is refused (``ValueError``): a suggestion replaces one line.
    """
    if any(c in edit.new for c in "\r\n\x0b\x0c\x85\u2028\u2029"):
        raise ValueError(f"{edit.file}:{edit.line}: a suggestion must be one line")
    fence = _fence(edit.new)
    return f"{marker}\n{text.strip()}\n\n{fence}suggestion\n{edit.new}\n{fence}"


def _ours(comment: PullRequestComment, marker: str, me: Author) -> bool:
    return (comment.body or "").startswith(marker) and me.owns(comment.user)


def _key(comment: PullRequestComment) -> Key | None:
    """Where the comment sits now; None when it is outdated (GitHub nulls ``line``) or on the old side."""
    line: int | None = comment.line
    if line is None or comment.side == "LEFT":
        return None
    return comment.path, line


def find_suggestions(pull: PullRequest, marker: str, me: Author) -> list[PullRequestComment]:
    """Our review comments on the pull request (marker first, ``me`` the author), oldest first."""
    return sorted((c for c in pull.get_review_comments() if _ours(c, marker, me)), key=lambda c: c.id)


def _delete(comment: PullRequestComment) -> None:
    with suppress(UnknownObjectException):  # a concurrent run deleted it first
        comment.delete()


def _by_key(
    comments: list[PullRequestComment],
) -> tuple[dict[Key, list[PullRequestComment]], list[PullRequestComment]]:
    """Current comments grouped by (path, line), oldest first, and the outdated ones."""
    grouped: dict[Key, list[PullRequestComment]] = defaultdict(list)
    outdated: list[PullRequestComment] = []
    for comment in comments:
        key = _key(comment)
        if key is None:
            outdated.append(comment)
        else:
            grouped[key].append(comment)
    return grouped, outdated


def upsert_suggestions(
    pull: PullRequest, head_sha: str, marker: str, wanted: Mapping[Key, str], me: Author | None = None
) -> list[Posted]:
    """Make our review comments on the pull request exactly ``wanted`` ((path, line) → body).

    Identical ones are left alone, differing ones edited, ones no longer wanted (or outdated)
    deleted, missing ones created on ``head_sha``, right side, single line. Every line asked for
    must be in ``diff_lines`` of the pull's files, else GitHub answers 422. Returns one ``Posted`` per
    wanted key, in ``wanted``'s order. ``GithubException`` (403 for a read-only token) propagates.
    Only comments ``me`` wrote are edited or deleted (by default, the token of ``pull``).
    """
    me = me or Author.of_token(pull.requester)
    grouped, stale = _by_key(find_suggestions(pull, marker, me))
    for key, comments in grouped.items():
        stale.extend(comments if key not in wanted else comments[1:])
    for comment in stale:
        _delete(comment)

    posted: dict[Key, Posted] = {}
    created: dict[Key, PullRequestComment] = {}
    for key, body in wanted.items():
        if key in grouped:
            keep = grouped[key][0]
            if keep.body == body:
                posted[key] = Posted(Action.UNCHANGED, keep.html_url)
            else:
                keep.edit(body)
                posted[key] = Posted(Action.UPDATED, keep.html_url)
            continue
        path, line = key
        created[key] = pull.create_review_comment(body, head_sha, path, line=line, side="RIGHT")
        me.learn(created[key].user)

    if created:
        # Converge: runs that raced past the read above each created one per line; the oldest stays.
        grouped, _ = _by_key(find_suggestions(pull, marker, me))
        for key, mine in created.items():
            current = grouped.get(key) or [mine]
            keep = current[0]
            for extra in current[1:]:
                _delete(extra)
            if keep.id == mine.id:
                posted[key] = Posted(Action.CREATED, keep.html_url)
                continue
            if keep.body != wanted[key]:
                keep.edit(wanted[key])
            posted[key] = Posted(Action.UPDATED, keep.html_url)
    return [posted[key] for key in wanted]
