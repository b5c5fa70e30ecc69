"""What the user is told when a run fails: the reporting half of ``starlette_2093_check.cli.guard``.

``failure_of`` sorts an exception: one of ours (``errors.CheckError``) or one the world throws
at us (a file that cannot be read, an API that answered with an error) is told by its message; any
other is an internal error, told with its traceback and a request to report it. The CLI prints it
(``print_failure``); action mode (``ActionReporter``) writes an error annotation, the step summary
(the traceback collapsed) and the outputs, with ``verdict`` set to ``error``, so that a workflow's
later steps never read a failed run as a clean one.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from starlette_2093_check.errors import CheckError

if TYPE_CHECKING:
    from github import GithubException

    from starlette_2093_check.github.workflow import Commands

INTERNAL = "internal error, please report it with the log"
# The outputs of a run that ended in an error: nothing about the projects is known.
ERROR_OUTPUTS = {
    "verdict": "error",
    "reproduced": "unknown",
    "targets": "[]",
    "targets-complete": "false",
    "url": "",
    "accepted": "",
}
# Variables whose values never appear in what we write, whatever an exception's message quotes.
SECRET_VARIABLES = (
    "INPUT_GITHUB-TOKEN",
    "INPUT_GITHUB_TOKEN",
    "GITHUB_TOKEN",
    "GH_TOKEN",
    "ACTIONS_RUNTIME_TOKEN",
    "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
)


@dataclass(frozen=True)
class Failure:
    """Why the run ended: the stage that failed, the message, and (internal errors) the traceback."""

    stage: str
    message: str
    trace: str | None = None
    # Where in the repository the cause is written (a policy file's line), for the error annotation.
    file: str | None = None
    line: int | None = None

    @property
    def internal(self) -> bool:
        return self.trace is not None


def failure_of(exc: BaseException) -> Failure:
    """The failure ``exc`` stands for (call it in the ``except`` block: the traceback is read there)."""
    if isinstance(exc, CheckError):
        file, line = getattr(exc, "file", None), getattr(exc, "line", None)
        return Failure(
            exc.stage,
            str(exc) or type(exc).__name__,
            file=file if isinstance(file, str) else None,
            line=line if isinstance(line, int) and isinstance(file, str) else None,
        )
    if (api := _github_exception(exc)) is not None:
        said = api.data.get("message") if isinstance(api.data, dict) else None
        detail = f": {said}" if isinstance(said, str) and said else ""
        return Failure("GitHub", f"the GitHub API answered HTTP {api.status}{detail}")
    if isinstance(exc, OSError) and exc.strerror:  # a file: the error number's text and the name
        name = exc.filename
        where = f"{os.fsdecode(name)}: " if isinstance(name, (str, bytes, os.PathLike)) else ""
        return Failure("check", f"{where}{exc.strerror}")
    try:
        said = str(exc)
    except Exception:  # an exception whose message cannot be formatted
        said = "(no message)"
    return Failure(
        "check", f"{INTERNAL}: {type(exc).__name__}: {said}", "".join(traceback.format_exception(exc))
    )


def _github_exception(exc: BaseException) -> GithubException | None:
    """``exc`` as the API client's error, if it is one. PyGithub is not imported for the question
    (it costs every command a tenth of a second): an exception can only be one of its errors if the
    client was imported."""
    kind = getattr(sys.modules.get("github.GithubException"), "GithubException", None)
    if isinstance(kind, type) and isinstance(exc, kind):
        return cast("GithubException", exc)
    return None


def print_failure(failure: Failure) -> None:
    """The CLI: the traceback (internal errors only) and one ``error:`` line on stderr."""
    if failure.trace:
        sys.stderr.write(failure.trace)
    print(f"error: {failure.message}", file=sys.stderr)


class ActionReporter:
    """Action mode: annotation, step summary and outputs, from the runner's variables alone (the
    configuration itself may be what failed). Secrets are replaced by ``***`` in all of them.

    ``commands`` is the run's own: the annotations it held back past GitHub's limit are listed in
    the summary, and the error annotation is written whatever the count."""

    def __init__(self, environ: Mapping[str, str], commands: Commands) -> None:
        self.environ = environ
        self.commands = commands

    def _scrub(self, text: str) -> str:
        from starlette_2093_check.indexes import scrub

        return scrub(text, (self.environ.get(name, "") for name in SECRET_VARIABLES))

    def __call__(self, failure: Failure) -> None:
        from starlette_2093_check.action import held_section
        from starlette_2093_check.github.workflow import append_summary, write_outputs
        from starlette_2093_check.report import md
        from starlette_2093_check.report.markdown import headline

        message = self._scrub(failure.message)
        if failure.trace:
            sys.stderr.write(self._scrub(failure.trace))  # the log (through the output filter)
        title = f"Starlette #2093 check: {failure.stage} failed"
        held = self.commands.close()
        self.commands.annotate(
            "error", md.clean(message, 2000), file=failure.file, line=failure.line, title=title, always=True
        )
        if path := self.environ.get("GITHUB_OUTPUT"):
            write_outputs(Path(path), ERROR_OUTPUTS)
        if path := self.environ.get("GITHUB_STEP_SUMMARY"):
            body = f"## {headline()} {failure.stage} failed\n\n{md.text(message, 2000)}\n"
            if failure.trace:
                block = "\n".join(md.fenced(self._scrub(failure.trace), "text"))
                body += (
                    "\n<details><summary>Traceback (an internal error: please report it)</summary>\n\n"
                    f"{block}\n\n</details>\n"
                )
            append_summary(Path(path), body + held_section(held))
