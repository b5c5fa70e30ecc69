"""The PyGithub client, configured for a workflow: the API URL GitHub gives us, bounded retries.

Retrying is PyGithub's ``GithubRetry`` (urllib3's ``Retry`` plus GitHub's rate-limit rules): 5xx,
429 and rate-limited 403s are retried with exponential backoff, and ``Retry-After`` is honoured.
Two bounds are added here: a cap on any single wait, so a long ``Retry-After`` cannot hang a job,
and a cap on the number of attempts.
"""

from __future__ import annotations

from typing import Any

from github import Auth, Github, GithubRetry
from urllib3 import Retry
from urllib3.response import BaseHTTPResponse

RETRY_STATUSES = [429, *range(500, 600)]  # GithubRetry adds 403, retried only when rate limited
# urllib3 retries only idempotent methods by default; GithubRetry adds GET and POST. Edits (PATCH of a
# body to a fixed text) are idempotent too. A retried POST may create twice: sticky.py converges.
RETRY_METHODS = Retry.DEFAULT_ALLOWED_METHODS | {"GET", "POST", "PATCH"}


class BoundedRetry(GithubRetry):
    """``GithubRetry`` whose every wait is at most ``max_wait`` seconds."""

    def __init__(self, *, max_wait: float = 60.0, **kwargs: Any) -> None:
        self.max_wait = max_wait
        super().__init__(**kwargs)

    def new(self, **kw: Any) -> BoundedRetry:
        retry = super().new(**kw)
        retry.max_wait = self.max_wait
        return retry

    def get_retry_after(self, response: BaseHTTPResponse) -> float | None:
        after = super().get_retry_after(response)
        return None if after is None else min(after, self.max_wait)

    def get_backoff_time(self) -> float:
        return min(super().get_backoff_time(), self.max_wait)


def make_retry(attempts: int = 5, max_wait: float = 60.0) -> BoundedRetry:
    return BoundedRetry(
        total=attempts,
        backoff_factor=1.0,
        backoff_max=max_wait,
        max_wait=max_wait,
        secondary_rate_wait=min(60.0, max_wait),
        max_rate_limit_wait=max_wait,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=RETRY_METHODS,
        raise_on_status=False,  # the last response reaches PyGithub, which raises GithubException
    )


def connect(api_url: str, token: str, *, attempts: int = 5, max_wait: float = 60.0) -> Github:
    """A client for ``api_url`` (github.com's API or an Enterprise server's), authenticated by token."""
    return Github(
        auth=Auth.Token(token),
        base_url=api_url.rstrip("/"),
        retry=make_retry(attempts, max_wait),
        per_page=100,
        timeout=30,
        user_agent="starlette-2093-check",
        lazy=True,
    )
