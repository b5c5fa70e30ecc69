"""Who our token posts as: the one test of "is this comment (issue, review comment) ours?".

A hidden marker alone proves nothing: anyone can type it, another workflow posting as
``github-actions[bot]`` can echo a pull request's text, another app is a Bot too. So a comment is
ours only when its body starts with our marker *and* its author is the account our token posts as.

That account is asked once per run with GraphQL ``query { viewer { login databaseId } }``, which
answers for the workflow ``GITHUB_TOKEN`` (``github-actions[bot]``), GitHub App installation tokens
(``<app>[bot]``) and personal access tokens alike. PyGithub sends it to the GraphQL endpoint that
belongs to ``GITHUB_API_URL`` (``/api/graphql`` on Enterprise Server). Some tokens are refused by
GraphQL while REST serves them: fine-grained personal access tokens were ("Personal access tokens
with fine grained access do not support the GraphQL API") until GitHub added that support, and a
server or proxy may still refuse them. So when the query fails, ``GET /user`` is asked: it answers
for personal access tokens and refuses the workflow and installation tokens.

When both fail, the run's author can still be learnt, never from a body alone:

- from the answer to our own create call (``Author.learn``);
- from a comment whose hidden state line names the bot account that created it (``Identity.stamp``,
  written by ``github.sticky``), when the API says that very account (login *and* id) wrote
  it (``claimed_by``). Only an app's bot account counts: a person can type any claim into a comment
  of their own, while a bot account posts only what its app or workflow posts. A personal access
  token is a person's account, and is known from ``GET /user`` instead.

Until then, nothing anybody else wrote is adopted, edited or deleted, and one warning says so.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from github.GithubException import BadCredentialsException, GithubException
from github.Requester import Requester

from starlette_2093_check.errors import GitHubError

VIEWER_QUERY = "query { viewer { login databaseId } }"
# GitHub logins (39 characters, letters, digits and single hyphens), "[bot]" for apps' bot accounts.
_LOGIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?")


class IdentityError(GitHubError):
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

    def stamp(self) -> dict[str, Any]:
        """What a body's hidden state line records about the account that created it."""
        return {"login": self.login, "id": self.id}

    @classmethod
    def from_stamp(cls, value: Any) -> Identity | None:
        """The account a body says created it (``stamp``), when the record has that shape."""
        if not isinstance(value, dict):
            return None
        login, uid = value.get("login"), value.get("id")
        if not isinstance(login, str) or not _LOGIN.fullmatch(login):
            return None
        if isinstance(uid, bool) or not isinstance(uid, int) or uid <= 0:
            return None
        return cls(login, uid)


def claimed_by(user: Any, claim: Identity | None) -> bool:
    """Whether ``user`` (a comment's author as the API answered) is an app's bot account and is
    exactly the account ``claim`` (read from the comment's body) names: same id and same login.

    A person's account never counts, whatever the body says: anyone can write any claim in a
    comment of their own. A bot account posts only what its app or workflow posts.
    """
    if claim is None or claim.id is None or user is None:
        return False
    try:
        kind, login, uid = user.type, user.login, user.id
    except (GithubException, AttributeError):
        return False
    return (
        kind == "Bot"
        and isinstance(login, str)
        and login.endswith("[bot]")
        and login.lower() == claim.login.lower()
        and isinstance(uid, int)
        and not isinstance(uid, bool)
        and uid == claim.id
    )


def _graphql_viewer(requester: Requester) -> Identity:
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


def _rest_user(requester: Requester) -> Identity:
    """``GET /user``: personal access tokens' account (the workflow and app tokens get 403)."""
    _, answer = requester.requestJsonAndCheck("GET", "/user")
    login = answer.get("login") if isinstance(answer, dict) else None
    uid = answer.get("id") if isinstance(answer, dict) else None
    if not isinstance(login, str) or not _LOGIN.fullmatch(login):
        raise IdentityError("GET /user: the answer's login is not a GitHub login")
    if isinstance(uid, bool) or not isinstance(uid, int) or uid <= 0:
        raise IdentityError("GET /user: the answer's id is not an id")
    return Identity(login, uid)


def _why(exc: Exception) -> str:
    status = getattr(exc, "status", None)
    if isinstance(status, int):
        return f"HTTP {status}"
    return str(exc) if isinstance(exc, IdentityError) else type(exc).__name__


def viewer(requester: Requester) -> Identity:
    """The account the token posts as: GraphQL ``viewer``, else ``GET /user``.

    ``BadCredentialsException`` (the token is refused) propagates from either; when both fail
    otherwise, ``IdentityError`` says why each did (no answer text).
    """
    try:
        return _graphql_viewer(requester)
    except BadCredentialsException:
        raise
    except (GithubException, IdentityError, OSError, ValueError) as exc:
        first = exc
    try:
        return _rest_user(requester)
    except BadCredentialsException:
        raise
    except (GithubException, IdentityError, OSError, ValueError) as exc:
        raise IdentityError(f"GraphQL viewer query: {_why(first)}; GET /user: {_why(exc)}") from first


class Author:
    """Our identity for one run: looked up on first need (a marked comment to judge, a body to
    record its author in before creating it), learnt from our own create call or a proven claim
    when the lookup failed, and asked whether a user is us.

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
        why = str(exc) if isinstance(exc, IdentityError) else f"GraphQL viewer query: {_why(exc)}"
        self._warn(
            f"could not find out which account the token posts as ({why}). Comments by any other "
            "account are never adopted, edited or deleted. This run's own earlier comment is "
            "recognised only when an app's bot account wrote it and its hidden line says so; "
            "otherwise a new comment may be added and the earlier one left as it is."
        )

    def owns(self, user: Any) -> bool:
        """Whether ``user`` is the account our token posts as (False while that is unknown)."""
        identity = self.identity
        return identity is not None and identity.matches(user)

    def learn(self, user: Any) -> None:
        """When the lookup gave nothing, our author is ``user``: the author the API returned for
        something this run created, or one a comment proved (``claimed_by``)."""
        with self._lock:
            if self._identity is None:
                self._identity = Identity.of(user)
                self._asked = True
