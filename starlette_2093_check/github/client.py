"""The PyGithub client, configured for a workflow: the API URL GitHub gives us, bounded retries.

Retrying is PyGithub's ``GithubRetry`` (urllib3's ``Retry`` plus GitHub's rate-limit rules): 5xx,
429 and rate-limited 403s are retried with exponential backoff, and ``Retry-After`` is honoured.
Bounds are added here, so that an API that is down or hangs costs a bounded time:

- any single wait is capped, so a long ``Retry-After`` cannot hang a job;
- the number of attempts is capped, and so is each attempt (``ATTEMPT_TIMEOUT``, connect and read);
- a call stops retrying ``call_budget`` seconds after its first failure;
- once a call has failed for want of an answer (refused, reset, timed out), the API is taken to be
  down for the rest of the run: later calls are not retried.

The posting as a whole is bounded by the caller (``action.publish_within``), which no socket
option can do for a server that answers one byte at a time.
"""

from __future__ import annotations

import sys
import time
import traceback
from types import TracebackType
from typing import Any

from github import Auth, Github, GithubRetry
from urllib3 import Retry
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError, ProtocolError, ReadTimeoutError
from urllib3.response import BaseHTTPResponse

RETRY_STATUSES = [429, *range(500, 600)]  # GithubRetry adds 403, retried only when rate limited
# urllib3 retries only idempotent methods by default; GithubRetry adds GET and POST. Edits (PATCH of a
# body to a fixed text) are idempotent too. A retried POST may create twice: sticky.py converges.
RETRY_METHODS = Retry.DEFAULT_ALLOWED_METHODS | {"GET", "POST", "PATCH"}


ATTEMPT_TIMEOUT = 20  # seconds to connect, and between two reads of an answer
CALL_BUDGET = 30.0  # seconds a call keeps retrying after its first failure
# Failures that mean no answer came: after one call ends on these, the API is taken to be down.
NO_ANSWER = (ConnectTimeoutError, NewConnectionError, ProtocolError, ReadTimeoutError, ConnectionError)


class Health:
    """Whether the API answered, shared by every call of one client."""

    def __init__(self) -> None:
        self.down = False


class BoundedRetry(GithubRetry):
    """``GithubRetry`` whose every wait is at most ``max_wait`` seconds, which gives up on a call
    ``call_budget`` seconds after its first failure, and which does not retry once ``health`` says
    the API is down."""

    def __init__(
        self,
        *,
        max_wait: float = 60.0,
        call_budget: float = CALL_BUDGET,
        health: Health | None = None,
        **kwargs: Any,
    ) -> None:
        self.max_wait = max_wait
        self.call_budget = call_budget
        self.health = health or Health()
        self.first_failure: float | None = None
        super().__init__(**kwargs)

    def new(self, **kw: Any) -> BoundedRetry:
        retry = super().new(**kw)
        retry.max_wait, retry.call_budget, retry.health = self.max_wait, self.call_budget, self.health
        # ``new`` makes the next state after a failure: the first one of a call starts its clock.
        retry.first_failure = self.first_failure if self.first_failure is not None else time.monotonic()
        return retry

    def _left(self) -> float:
        if self.first_failure is None:
            return self.call_budget
        return self.call_budget - (time.monotonic() - self.first_failure)

    def is_exhausted(self) -> bool:
        if self.health.down or self._left() <= 0:
            return True
        return bool(super().is_exhausted())

    def increment(  # type: ignore[override]
        self,
        method: str | None = None,
        url: str | None = None,
        response: Any = None,
        error: Exception | None = None,
        _pool: Any = None,
        _stacktrace: TracebackType | None = None,
    ) -> Retry:
        try:
            retry = super().increment(method, url, response, error, _pool, _stacktrace)
        except Exception:
            if isinstance(error, NO_ANSWER):
                self.health.down = True  # the call gave up without an answer: so will the next ones
            raise
        # GithubRetry sets a rate limit's wait on the new state itself, past our own method: bound it too.
        own = retry.__dict__.get("get_backoff_time")
        if own is not None and isinstance(retry, BoundedRetry):
            bounded = retry

            def backoff() -> float:
                return max(0.0, min(float(own()), bounded.max_wait, bounded._left()))

            retry.get_backoff_time = backoff  # type: ignore[method-assign]
        return retry

    def get_retry_after(self, response: BaseHTTPResponse) -> float | None:
        after = super().get_retry_after(response)
        return None if after is None else max(0.0, min(after, self.max_wait, self._left()))

    def get_backoff_time(self) -> float:
        return max(0.0, min(super().get_backoff_time(), self.max_wait, self._left()))


def make_retry(attempts: int = 5, max_wait: float = 60.0, call_budget: float = CALL_BUDGET) -> BoundedRetry:
    return BoundedRetry(
        total=attempts,
        backoff_factor=1.0,
        backoff_max=max_wait,
        max_wait=max_wait,
        call_budget=call_budget,
        secondary_rate_wait=min(60.0, max_wait),
        max_rate_limit_wait=max_wait,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=RETRY_METHODS,
        raise_on_status=False,  # the last response reaches PyGithub, which raises GithubException
    )


def connect(
    api_url: str, token: str, *, attempts: int = 5, max_wait: float = 60.0, call_budget: float = CALL_BUDGET
) -> Github:
    """A client for ``api_url`` (github.com's API or an Enterprise server's), authenticated by token."""
    return Github(
        auth=Auth.Token(token),
        base_url=api_url.rstrip("/"),
        retry=make_retry(attempts, max_wait, call_budget),
        per_page=100,
        timeout=ATTEMPT_TIMEOUT,
        user_agent="starlette-2093-check",
        lazy=True,
    )


def unposted(exc: Exception) -> str:
    """Why posting stopped, in a few words, for a failure that is not GitHub refusing a request
    (that one has its own words): an API that could not be reached (requests' errors: refused,
    reset, timed out, TLS), else an answer of a shape nobody expected or a bug of ours, whose
    traceback goes to the log."""
    if isinstance(exc, OSError):
        return f"could not reach GitHub's API ({type(exc).__name__})"
    traceback.print_exception(exc, file=sys.stderr)
    return f"unexpected error ({type(exc).__name__}; the traceback is in the log, please report it)"
