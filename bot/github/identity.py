"""Who our token posts as: the one test of "is this comment (issue, review comment) ours?".

A hidden marker alone proves nothing: anyone can type it, another workflow posting as
``github-actions[bot]`` can echo a pull request's text, another app is a Bot too. So a comment is
ours only when its body starts with our marker *and* its author is the account our token posts as.

That account is asked once per run with GraphQL ``query { viewer { login databaseId } }``, which
answers for the workflow ``GITHUB_TOKEN`` (``github-actions[bot]``), GitHub App installation tokens
(``<app>[bot]``) and personal access tokens alike (``GET /user`` refuses the first two). PyGithub
sends it to the GraphQL endpoint that belongs to ``GITHUB_API_URL`` (``/api/graphql`` on Enterprise
Server). When the query fails, the author of the first comment this run creates is taken instead;
until then, nothing anybody else wrote is adopted, edited or deleted, and one warning says so.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from github.GithubException import BadCredentialsException, GithubException
from github.Requester import Requester

VIEWER_QUERY = "query { viewer { login databaseId } }"
# GitHub logins (39 characters, letters, digits and single hyphens), "[bot]" for apps' bot accounts.
_LOGIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?")


class IdentityError(Exception):
    """The identity could not be read from the answer; the message says why (no answer text)."""


@dataclass(frozen=True)
class Identity:
    """An account: its login and, when known, its id (GraphQL ``databaseId`` is REST's ``user.id``)."""

    login: str
    id: int | None = None

    def matches(self, user: Any) -> bool:
        """Whether ``user`` (a comment's or issue's author) is this account: by id when it is known
        (ids are never reused; logins can be renamed), else by login."""
        if user is None:
            return False
        try:
            if self.id is not None:
                uid = user.id
                return isinstance(uid, int) and not isinstance(uid, bool) and uid == self.id
            login = user.login
        except (GithubException, AttributeError):
            return False
        return isinstance(login, str) and login.lower() == self.login.lower()

    @classmethod
    def of(cls, user: Any) -> Identity | None:
        """The author of something this run created, as the API returned it."""
        if user is None:
            return None
        try:
            login, uid = user.login, user.id
        except (GithubException, AttributeError):
            return None
        if not isinstance(login, str) or not _LOGIN.fullmatch(login):
            return None
        return cls(login, uid if isinstance(uid, int) and not isinstance(uid, bool) and uid > 0 else None)


def viewer(requester: Requester) -> Identity:
    """The account the token posts as, from GraphQL. ``IdentityError`` or ``GithubException``."""
    _, answer = requester.graphql_query(VIEWER_QUERY, {})
    data = answer.get("data") if isinstance(answer, dict) else None
    found = data.get("viewer") if isinstance(data, dict) else None
    if not isinstance(found, dict):
        raise IdentityError("the answer has no viewer")
    login, uid = found.get("login"), found.get("databaseId")
    if not isinstance(login, str) or not _LOGIN.fullmatch(login):
        raise IdentityError("the answer's login is not a GitHub login")
    if uid is not None and (isinstance(uid, bool) or not isinstance(uid, int) or uid <= 0):
        raise IdentityError("the answer's databaseId is not an id")
    return Identity(login, uid)


class Author:
    """Our identity for one run: looked up on first need (never when no comment carries our marker),
    learnt from our own create call when the lookup failed, and asked whether a user is us.

    ``lookup`` raising ``BadCredentialsException`` (HTTP 401) propagates: the token is refused, and
    posting reports that once. Any other failure is warned about once through ``warn``.
    """

    def __init__(
        self,
        lookup: Callable[[], Identity] | None,
        warn: Callable[[str], None] | None = None,
        *,
        known: Identity | None = None,
    ) -> None:
        self._lookup = lookup
        self._warn = warn
        self._identity = known
        self._asked = known is not None or lookup is None
        self._lock = threading.Lock()

    @classmethod
    def of_token(cls, requester: Requester, warn: Callable[[str], None] | None = None) -> Author:
        """The author for the token of ``requester`` (any PyGithub object's ``.requester``)."""
        return cls(lambda: viewer(requester), warn)

    @property
    def identity(self) -> Identity | None:
        with self._lock:
            if not self._asked:
                self._asked = True
                try:
                    assert self._lookup is not None
                    self._identity = self._lookup()
                except BadCredentialsException:
                    self._asked = False
                    raise
                except (GithubException, IdentityError, OSError, ValueError) as exc:
                    self._say(exc)
            return self._identity

    def _say(self, exc: Exception) -> None:
        if self._warn is None:
            return
        status = getattr(exc, "status", None)
        if isinstance(status, int):
            why = f"HTTP {status}"
        else:
            why = str(exc) if isinstance(exc, IdentityError) else type(exc).__name__
        self._warn(
            f"could not find out which account the token posts as (GraphQL viewer query: {why}). "
            "Comments by any other account are never adopted, edited or deleted; until this run has "
            "posted, its own earlier comments are not recognised either, so a new one may be added."
        )

    def owns(self, user: Any) -> bool:
        """Whether ``user`` is the account our token posts as (False while that is unknown)."""
        identity = self.identity
        return identity is not None and identity.matches(user)

    def learn(self, user: Any) -> None:
        """After creating: when the lookup gave nothing, our author is the one the API returned."""
        with self._lock:
            if self._identity is None:
                self._identity = Identity.of(user)
                self._asked = True
