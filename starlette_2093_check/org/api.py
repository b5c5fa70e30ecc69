"""GitHub I/O for organisation scans: the repository list, the default branch's head commit, git
trees and blobs, and the rate limit.

Everything goes through PyGithub. A client's connection is not safe to share between threads (a
request is staged on it and then sent), so each worker thread gets its own client; they share one
``RateGate``, which reads the ``X-RateLimit-*`` headers PyGithub records after every response and
holds every thread back once the primary limit is spent, until it resets. The retry policy
(``starlette_2093_check.github.client``) waits out what still gets through: a rate-limited 403 until
``X-RateLimit-Reset``, a ``Retry-After``, a 5xx.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from github import Auth, Github, GithubException, UnknownObjectException
from github.Requester import Requester

from starlette_2093_check.github.client import ATTEMPT_TIMEOUT, make_retry
from starlette_2093_check.report.org import OBJECT_ID

T = TypeVar("T")


class _Waits(logging.Handler):
    """PyGithub's retry policy says at INFO when it backs off (a rate-limited 403 that got past the
    gate, a ``Retry-After``): those lines go to the scan's progress, the rest of its chatter nowhere."""

    def __init__(self, say: Callable[[str], None]) -> None:
        super().__init__(logging.INFO)
        self.say = say

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if "backoff" in message or "Retrying after" in message:
            self.say(f"GitHub: {message}")


def report_waits(say: Callable[[str], None]) -> None:
    """Route PyGithub's retry messages to ``say`` (once per process: the last caller's ``say`` wins)."""
    logger = logging.getLogger("github.GithubRetry")
    logger.handlers = [_Waits(say)]
    logger.setLevel(logging.INFO)
    logger.propagate = False


class RateLimitTooLong(Exception):
    """The rate limit resets later than the scan is allowed to wait."""


class RateGate:
    """Shared by all threads: once the primary rate limit is spent (or down to ``reserve``), every
    request waits for the reset rather than failing. ``max_wait`` bounds one wait."""

    def __init__(
        self,
        reserve: int = 0,
        max_wait: float = 3600.0,
        say: Callable[[str], None] = lambda _m: None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.reserve = reserve
        self.max_wait = max_wait
        self.say = say
        self.sleep = sleep
        self.clock = clock
        self.remaining: int | None = None  # as of the latest response; None: not known
        self.reset: float = 0.0  # epoch seconds
        self.waits: list[float] = []  # every wait, for the report
        self._lock = threading.Lock()

    def observe(self, remaining: int, limit: int, reset: float) -> None:
        """What a response's headers said (``limit`` < 0: nothing was said)."""
        if limit < 0:
            return
        with self._lock:
            if reset > self.reset or self.remaining is None or remaining < self.remaining:
                self.remaining, self.reset = remaining, reset

    def before(self) -> None:
        """Called before each request: waits while the limit is spent. Holding the lock while waiting
        is the point: no other thread sends a request that would only be refused."""
        with self._lock:
            if self.remaining is None or self.remaining > self.reserve:
                return
            wait = self.reset - self.clock() + 1.0  # +1: the reset second is not exact
            if wait <= 0:
                self.remaining = None
                return
            if wait > self.max_wait:
                raise RateLimitTooLong(
                    f"the GitHub API rate limit is spent and resets in {wait:.0f} s, "
                    f"more than the {self.max_wait:g} s this scan may wait"
                )
            self.say(f"rate limit: {self.remaining} requests left; waiting {wait:.0f} s for the reset")
            self.waits.append(wait)
            self.sleep(wait)
            self.remaining = None  # the next response says how many the new window has


@dataclass(frozen=True)
class RepoRef:
    """A repository to scan, as the listing (or ``GET /repos/x/y``) described it."""

    full_name: str
    default_branch: str
    archived: bool = False


@dataclass(frozen=True)
class TreeEntry:
    path: str
    sha: str
    size: int
    mode: str


@dataclass(frozen=True)
class Snapshot:
    """One read of a default branch: the commit, its tree's id and files, whether GitHub cut them."""

    commit: str | None  # None: GitHub's answer was not a commit id (no links; the tree is the branch's)
    tree: str
    entries: list[TreeEntry]
    truncated: bool


class OrgApi:
    """PyGithub clients, one per thread, with the shared rate gate and a count of requests."""

    def __init__(
        self,
        api_url: str | None,
        token: str,
        gate: RateGate,
        *,
        attempts: int = 5,
        max_wait: float = 3600.0,
    ) -> None:
        self.api_url = api_url
        self.token = token
        self.gate = gate
        self.attempts = attempts
        self.max_wait = max_wait
        self.calls = 0
        self._count = threading.Lock()
        self._local = threading.local()

    def calls_here(self) -> int:
        """Requests made by this thread so far (a repository is read by one thread)."""
        return int(getattr(self._local, "calls", 0))

    def client(self) -> Github:
        client: Github | None = getattr(self._local, "client", None)
        if client is None:
            extra: dict[str, Any] = {"base_url": self.api_url.rstrip("/")} if self.api_url else {}
            client = Github(
                auth=Auth.Token(self.token) if self.token else None,
                retry=make_retry(self.attempts, self.max_wait),
                per_page=100,
                timeout=ATTEMPT_TIMEOUT,
                user_agent="starlette-2093-check",
                lazy=True,
                # Pacing is the rate gate's job; PyGithub's default spaces requests by 0.25 s.
                seconds_between_requests=None,
                seconds_between_writes=None,
                **extra,
            )
            self._local.client = client
        return client

    def call(self, fn: Callable[[Github], T]) -> T:
        """One request (with its retries) through this thread's client, after the rate gate."""
        self.gate.before()
        client = self.client()
        try:
            return fn(client)
        finally:
            with self._count:
                self.calls += 1
            self._local.calls = self.calls_here() + 1
            requester: Requester = client.requester
            remaining, limit = requester.rate_limiting
            self.gate.observe(remaining, limit, float(requester.rate_limiting_resettime))

    # -- what a scan asks for ---------------------------------------------------------------------

    def org_repos(self, org: str) -> list[RepoRef]:
        """Every repository of ``org`` the token can see, page by page (100 a page)."""
        pages = self.client().get_organization(org).get_repos(type="all", sort="full_name")
        found: list[RepoRef] = []
        for page in range(10_000):

            def fetch(_gh: Github, n: int = page) -> list[Any]:
                return list(pages.get_page(n))

            items = self.call(fetch)
            found += [RepoRef(r.full_name, r.default_branch, bool(r.archived)) for r in items]
            if len(items) < 100:
                break
        return found

    def repo(self, full_name: str) -> RepoRef:
        r = self.call(lambda gh: gh.get_repo(full_name, lazy=False))
        return RepoRef(r.full_name, r.default_branch, bool(r.archived))

    def head(self, ref: RepoRef) -> str | None:
        """The default branch's head commit (one small request: ``git/ref/heads/{branch}``), or None
        when GitHub's answer is not a commit's id."""

        def fetch(gh: Github) -> Any:
            return gh.get_repo(ref.full_name, lazy=True).get_git_ref(f"heads/{ref.default_branch}").raw_data

        data = self.call(fetch)
        target = data.get("object") if isinstance(data, dict) else None
        if not isinstance(target, dict) or target.get("type") != "commit":
            return None
        sha = target.get("sha")
        return sha if isinstance(sha, str) and OBJECT_ID.fullmatch(sha) else None

    def tree(self, ref: RepoRef) -> Snapshot:
        """The default branch's head commit and that commit's recursive tree (two requests): reading
        the tree by the commit, not by the branch, keeps the two in agreement when a push moves the
        branch in between. ``ValueError`` if the tree's id is not one."""
        commit = self.head(ref)

        def fetch(gh: Github) -> Any:
            repo = gh.get_repo(ref.full_name, lazy=True)
            return repo.get_git_tree(commit or ref.default_branch, recursive=True)

        return _snapshot(commit, self.call(fetch))

    def tree_at(self, full_name: str, commit: str) -> Snapshot:
        """The recursive tree of ``commit`` (a git object id the caller checked; one request): a pull
        request's base. ``ValueError`` if the tree's id is not one."""

        def fetch(gh: Github) -> Any:
            return gh.get_repo(full_name, lazy=True).get_git_tree(commit, recursive=True)

        return _snapshot(commit, self.call(fetch))

    def blob(self, full_name: str, sha: str) -> bytes:
        """A blob's bytes, checked against its git object id."""

        def fetch(gh: Github) -> Any:
            return gh.get_repo(full_name, lazy=True).get_git_blob(sha)

        blob = self.call(fetch)
        if blob.encoding != "base64":
            raise ValueError(f"blob {sha} came as {blob.encoding!r}, expected base64")
        data = base64.b64decode(blob.content)
        if hashlib.sha1(f"blob {len(data)}\0".encode() + data).hexdigest() != sha:
            raise ValueError(f"blob {sha} does not match its id")
        return data


def _snapshot(commit: str | None, tree: Any) -> Snapshot:
    sha = tree.raw_data.get("sha")
    if not isinstance(sha, str) or not OBJECT_ID.fullmatch(sha):
        raise ValueError("GitHub's answer for its tree has no git object id")  # it names a cache path
    listed = tree.raw_data.get("tree")
    if not isinstance(listed, list) or not all(isinstance(e, dict) for e in listed):
        raise ValueError("GitHub's answer for its tree lists no entries")
    entries = []
    for e in listed:
        if e.get("type") != "blob":
            continue
        path, blob, size, mode = e.get("path"), e.get("sha"), e.get("size") or 0, e.get("mode")
        if not (isinstance(path, str) and isinstance(blob, str) and isinstance(mode, str)):
            raise ValueError("GitHub's answer for its tree has an entry without a path, id or mode")
        if not isinstance(size, int) or isinstance(size, bool):
            raise ValueError(f"GitHub's answer for its tree gives {path!r} no size")
        entries.append(TreeEntry(path, blob, size, mode))
    return Snapshot(commit, sha, entries, bool(tree.raw_data.get("truncated")))


def why_unreadable(exc: GithubException) -> str:
    """A skip reason from a refused request: what GitHub said, in a few words."""
    message = exc.data.get("message") if isinstance(exc.data, dict) else None
    if isinstance(exc, UnknownObjectException) or exc.status == 404:
        return "not found, or the token cannot see it (HTTP 404)"
    if exc.status == 409 and "empty" in str(message or "").lower():
        return "empty repository"
    if Requester.isRateLimitError(str(message or "")):
        return f"GitHub's rate limit is spent and did not reset in time (HTTP {exc.status}: {message})"
    if exc.status in (401, 403):
        return f"no access (HTTP {exc.status}: {message or 'forbidden'})"
    return f"GitHub answered HTTP {exc.status}: {message or exc}"
