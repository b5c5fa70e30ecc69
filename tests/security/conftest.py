"""What the security tests share: a pull request on the fake GitHub for the action to run on."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.actionrun import REPOSITORY, TOKEN
from tests.fakegithub import BOT, FakeGitHub

PR_EVENT = {"number": 7, "pull_request": {"number": 7, "head": {"repo": {"full_name": REPOSITORY}}}}


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    """The repository with pull request 7 open, and a token that may write to it."""
    with FakeGitHub(tokens={TOKEN: {"user": BOT, "readonly": False}}) as gh:
        gh.add_repo(REPOSITORY)
        gh.add_pull(REPOSITORY, 7, head_sha="a" * 40)
        yield gh
