"""Every error this tool raises on purpose derives from ``CheckError``, through one class per stage.

Modules raise their own subclass (``ConfigError``, ``ResolutionError``, ``SandboxError``, ...), each
deriving from the class of its stage here, so that ``cli`` (the one place that turns errors into
exit codes) can tell "the run cannot go on, and the message says why" from "a bug of ours". The
first ends the run with exit 2 and its message; anything else is an internal error, also exit 2
(never 1, which means "reproduced"), reported with its traceback.

``stage`` names the part of the run that failed, for the annotation's title and the summary.
"""

from __future__ import annotations


class CheckError(Exception):
    """An error raised on purpose: its message says what failed and, where it can, what to change."""

    stage = "check"


class UsageError(CheckError):
    """Options, inputs or the environment they name are not usable."""

    stage = "configuration"


class ScanFailure(CheckError):
    """The checkout (or a repository through the API) could not be read or resolved."""

    stage = "scan"


class SandboxFailure(CheckError):
    """The reproduction could not be set up or run."""

    stage = "reproduction"


class ReportError(CheckError):
    """A report file (the ``report`` input, a shard's report) is not one this tool can use."""

    stage = "report"


class FixError(CheckError):
    """A computed fix could not be applied to the files."""

    stage = "fix"


class GitHubError(CheckError):
    """The GitHub API answered in a way the action cannot use."""

    stage = "GitHub"
