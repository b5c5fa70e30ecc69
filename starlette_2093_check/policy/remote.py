"""Action mode: which copy of the policy file counts.

On the events that check out the repository's own branches (``config.TRUSTED_EVENTS``) it is the
checkout's. On every other event (a pull request, from a fork or not) the checkout is the pull
request's, and a file in it could accept its own findings or switch the check off: the policy is
read from the repository's default branch through the API (the contents endpoint at that branch),
never from the checkout. A read that fails ends the run with the reason; it never falls back on the
checkout's file, nor on no policy.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from starlette_2093_check.errors import UsageError
from starlette_2093_check.model import Location
from starlette_2093_check.policy.load import (
    MAX_BYTES,
    YAML_FILE,
    Problem,
    load_checkout,
    read_policy,
)
from starlette_2093_check.policy.model import Policy

if TYPE_CHECKING:
    from github import Github

    from starlette_2093_check.config import ActionConfig

__all__ = ["PolicyReadError", "action_policy", "read_default_branch"]

MAX_API_BYTES = 1024 * 1024  # the contents endpoint gives a file's text up to 1 MB


class PolicyReadError(UsageError):
    """The default branch's policy could not be read through the API; the message says why."""


def _why(exc: Exception) -> str:
    status = getattr(exc, "status", None)
    data = getattr(exc, "data", None)
    said = data.get("message") if isinstance(data, dict) else None
    if status is not None:
        return f"HTTP {status}" + (f" {said}" if isinstance(said, str) and said else "")
    return type(exc).__name__


def _failed(what: str, exc: Exception) -> PolicyReadError:
    refused = getattr(exc, "status", None) in (401, 403, 404)
    hint = "; the token needs `contents: read`" if refused else ""
    return PolicyReadError(
        f"cannot read {what} through the GitHub API ({_why(exc)}). On pull requests the policy file "
        f"({YAML_FILE} or [tool.starlette-check] in pyproject.toml) is read from the default branch, "
        f"never from the pull request's checkout{hint} (docs/config.md)"
    )


def read_default_branch(github: Github, repository: str) -> Policy:
    """The policy on ``repository``'s default branch; ``Policy()`` when that branch has no file."""
    from github.GithubException import GithubException, UnknownObjectException
    from requests import RequestException

    failures = (GithubException, RequestException, OSError)
    try:
        repo = github.get_repo(repository)
        branch = repo.default_branch
    except failures as exc:
        raise _failed(f"the repository {repository}", exc) from None
    note = f" (the copy on the default branch, {branch}: pull requests use that one)"

    def read(path: str) -> bytes | Problem | None:
        try:
            found = repo.get_contents(path, ref=branch)
        except UnknownObjectException:
            return None
        except failures as exc:
            raise _failed(f"{path} on the default branch ({branch})", exc) from None
        if isinstance(found, list):
            return Problem(Location(path, None), "a directory, not a file")
        if found.type != "file":
            return Problem(Location(path, None), f"a {found.type}, not a file")
        limit = MAX_BYTES if path == YAML_FILE else MAX_API_BYTES
        size = found.raw_data.get("size") if isinstance(found.raw_data, dict) else None
        if not isinstance(size, int) or size > limit or found.encoding != "base64":
            return Problem(Location(path, None), f"larger than {limit // 1024} KiB; it was not read")
        data: bytes = found.decoded_content
        return data

    return read_policy(read, note)


def action_policy(config: ActionConfig, say: Callable[[str], None] | None = None) -> Policy:
    """The policy that applies to this run (the checkout's or the default branch's, see above);
    organisation scans read none (each repository is scanned as it is). ``say`` is told where it
    was read from (nothing is printed before the token is masked)."""
    if config.org_mode:
        return Policy()
    if not config.untrusted_checkout:
        policy = load_checkout(config.workspace)
        where = "the checkout"
    else:
        if not config.token:
            raise PolicyReadError(
                f"on `{config.event_name}` the policy file is read from the default branch through the "
                "GitHub API, never from the checkout, and input `github-token` is empty"
            )
        from starlette_2093_check.github.client import connect

        policy = read_default_branch(connect(config.api_url, config.token), config.repository)
        where = "the default branch"
    if say is not None:
        say(f"Policy: {policy.source} from {where}" if policy.source else f"Policy: none on {where}")
    return policy
