"""GitHub Actions workflow commands and file commands: annotations, masks, outputs, the step summary.

Workflow commands are lines on stdout (``::error file=...,line=...::message``). Outputs and the
summary go to the files named by ``GITHUB_OUTPUT`` and ``GITHUB_STEP_SUMMARY``.
"""

from __future__ import annotations

import io
import secrets
import threading
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

SUMMARY_LIMIT = 1024 * 1024  # GitHub refuses step summaries over 1 MiB


def escape_data(value: str) -> str:
    """Escape a command's message (what follows the second ``::``)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a command property value (``file=``, ``title=``): also ``:`` and ``,``."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str = "", **properties: str | int | None) -> str:
    """One workflow command line, without the newline. ``None`` properties are left out."""
    props = ",".join(f"{k}={escape_property(str(v))}" for k, v in properties.items() if v is not None)
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def neutralise(text: str) -> str:
    """``text`` as one log line the runner never reads as a workflow command.

    The runner reads a line as a command when, after leading whitespace, it starts with ``::``, or
    when ``##[`` appears anywhere in it (the older syntax), and it reads stdout and stderr alike.
    Line breaks are shown escaped, ``##[`` is broken by a zero-width space, and a line that would
    start with ``::`` gets one in front.
    """
    line = text.replace("\r", "\\r").replace("\n", "\\n").replace("##[", "#\u200b#[")
    return "\u200b" + line if line.lstrip().startswith("::") else line


class CommandFilter(io.TextIOBase):
    """A text stream that passes every complete line through ``neutralise``.

    Action mode replaces ``sys.stdout`` and ``sys.stderr`` with these, so nothing printed by the
    action (progress with directory names, a warning from a library, a traceback quoting a file)
    can become a workflow command. Only ``Commands`` writes commands, to the raw stream beneath.
    A partial line is held until its end arrives: flushing it early would let the next write
    complete a command.
    """

    def __init__(self, raw: TextIO) -> None:
        super().__init__()
        self.raw = raw
        self._pending = ""
        self._lock = threading.Lock()

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        with self._lock:
            lines = (self._pending + text).split("\n")
            self._pending = lines.pop()
            for line in lines:
                self.raw.write(neutralise(line) + "\n")
            self.raw.flush()
        return len(text)

    def flush(self) -> None:
        with self._lock:
            self.raw.flush()

    def close_line(self) -> None:
        """Write out a partial last line (at exit)."""
        with self._lock:
            if self._pending:
                self.raw.write(neutralise(self._pending) + "\n")
                self._pending = ""
            self.raw.flush()


# GitHub shows at most 10 annotations of each level (error, warning, notice) per step, and drops
# the rest without a word: the tenth is kept for one saying how many more there are.
ANNOTATIONS_SHOWN = 10


@dataclass(frozen=True)
class Held:
    """An annotation past GitHub's limit: listed in the step summary instead."""

    level: str
    message: str
    file: str | None
    line: int | None
    title: str | None


class Commands:
    """Writes workflow commands to a stream (stdout in a real run).

    Annotations past ``limit - 1`` of a level are held (``held``); ``close`` writes one annotation
    per level saying how many, so that nothing is dropped unsaid.
    """

    def __init__(self, out: TextIO, limit: int = ANNOTATIONS_SHOWN) -> None:
        self.out = out
        self.limit = limit
        self.held: list[Held] = []
        self._shown: Counter[str] = Counter()
        self._closed = False
        self._lock = threading.Lock()

    def _emit(self, line: str) -> None:
        self.out.write(line + "\n")
        self.out.flush()

    def mask(self, secret: str) -> None:
        if secret:
            self._emit(command("add-mask", secret))

    def annotate(
        self,
        level: str,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        title: str | None = None,
        always: bool = False,
    ) -> None:
        """``level`` is ``error``, ``warning`` or ``notice``. ``line`` needs ``file``. ``always``:
        written whatever the count (the run's failure)."""
        with self._lock:
            if not always and (self._closed or self._shown[level] >= self.limit - 1):
                self.held.append(Held(level, message, file, line, title))
                return
            self._shown[level] += 1
        self._emit(command(level, message, file=file, line=line if file else None, title=title))

    def close(self) -> list[Held]:
        """One annotation per level that had more than GitHub shows; the held ones, for the summary.
        Later annotations are held too (a posting thread that outlived the run): nothing is written
        after the summary that counts them."""
        with self._lock:
            held = list(self.held)
            if self._closed:
                return held
            self._closed = True
        for level, count in sorted(Counter(h.level for h in held).items()):
            self._emit(
                command(
                    level,
                    f"{count} more {level} annotation(s) of this step are not shown here (GitHub shows "
                    f"{self.limit} per step): the job summary lists them",
                    title="Starlette #2093 check: more annotations",
                )
            )
        return held

    @contextmanager
    def group(self, title: str) -> Iterator[None]:
        self._emit(command("group", title))
        try:
            yield
        finally:
            self._emit(command("endgroup"))


def write_outputs(path: Path, outputs: Mapping[str, str]) -> None:
    """Append outputs to the ``GITHUB_OUTPUT`` file, every value in the multi-line heredoc form."""
    with path.open("a", encoding="utf-8") as fh:
        for name, value in outputs.items():
            delimiter = f"ghadelimiter_{secrets.token_hex(16)}"
            while delimiter in value:  # practically never; a value must not contain its own end
                delimiter = f"ghadelimiter_{secrets.token_hex(16)}"
            fh.write(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")


def fit(text: str, limit: int, note: str) -> str:
    """``text`` cut to at most ``limit`` UTF-8 bytes, at a line boundary, with ``note`` appended.

    A lone surrogate (undecodable bytes of a file name) becomes U+FFFD: the text must be UTF-8.
    """
    text = text.encode("utf-8", "replace").decode("utf-8")
    if len(text.encode("utf-8")) <= limit:
        return text
    budget = limit - len(note.encode("utf-8")) - 2
    kept = text.encode("utf-8")[:budget].decode("utf-8", errors="ignore")
    kept = kept[: kept.rfind("\n") + 1] if "\n" in kept else kept
    return f"{kept}\n{note}\n"


def append_summary(path: Path, markdown: str) -> None:
    """Append to the step summary, keeping the whole file under GitHub's limit."""
    used = path.stat().st_size if path.exists() else 0
    room = max(0, SUMMARY_LIMIT - used - 1)
    text = fit(
        markdown, room, "_The summary was cut to fit GitHub's 1 MiB limit; the JSON report has it all._"
    )
    with path.open("a", encoding="utf-8") as fh:
        fh.write(text if text.endswith("\n") else text + "\n")
