"""Progress on stderr: a line per message in a log, counts and an estimate on a terminal.

A scan says what it does through a callback taking one ``str`` (``starlette_2093_check.scan.Progress``). The
counted pieces of work (a project root's resolution, a sandbox build) are said with ``Step``
strings: still the message, so every callback takes them, and also which piece started or
finished, and how many there are. A log (CI) gets one line per message, as it always did, and
none for the bookkeeping; a terminal gets a few lines redrawn in place (rich): per kind a count, a
bar and the time left, then the latest step. Messages worth keeping (a skipped directory, a
discarded cache entry, a spent time budget) are printed above them, each once.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.progress import TaskID

ROOT, SANDBOX = "root", "sandbox"
_NAMES = {ROOT: "project roots", SANDBOX: "sandbox builds"}
# Messages that only say what runs now: a terminal shows the latest in the status line (a log
# prints them all). Anything else is kept above the counts.
_TRANSIENT = (
    "discovering manifests",
    "resolving ",
    "reading the code",
    "running the ",
    "computing the fix",
    "verifying the fix",
    "checking the ",
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class Step(str):
    """A progress message about a counted piece of work.

    ``event`` is "start" (``key`` began; the text says what), "done" (``key`` ended, however) or
    "total" (``count`` pieces of ``kind`` are to come).
    """

    kind: str
    key: str
    event: str
    amount: int

    def __new__(cls, text: str, kind: str, event: str, key: str = "", amount: int = 0) -> Step:
        step = super().__new__(cls, text)
        step.kind, step.event, step.key, step.amount = kind, event, key, amount
        return step


def started(kind: str, key: str, text: str) -> Step:
    """``key`` (a root's path, a sandbox's directory) of ``kind`` begins; ``text`` says so."""
    return Step(text, kind, "start", key)


def finished(kind: str, key: str) -> Step:
    """``key`` of ``kind`` ended (successfully or not): a terminal counts it done."""
    return Step(f"{_NAMES.get(kind, kind)}: {key} done", kind, "done", key)


def expected(kind: str, amount: int) -> Step:
    """``amount`` pieces of ``kind`` are to come (the roots, once discovered)."""
    return Step(f"{amount} {_NAMES.get(kind, kind)} to go", kind, "total", amount=amount)


def logged(message: str) -> bool:
    """Whether a log shows ``message``: all but the counts' bookkeeping ("done", "total")."""
    return not isinstance(message, Step) or message.event == "start"


def on_terminal(stream: TextIO, environ: Mapping[str, str]) -> bool:
    """Whether ``stream`` is a terminal that can redraw lines (not a log, not TERM=dumb)."""
    isatty = getattr(stream, "isatty", None)
    try:
        tty = bool(isatty()) if callable(isatty) else False
    except (OSError, ValueError):  # closed, or not a real file
        tty = False
    return tty and environ.get("TERM") != "dumb"


def use_color(stream: TextIO, environ: Mapping[str, str]) -> bool:
    """Whether to write colour codes to ``stream``: never with ``NO_COLOR`` set to anything
    (no-color.org), always with ``FORCE_COLOR`` set to anything, else on a terminal only."""
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    return on_terminal(stream, environ)


class LineProgress:
    """One ``==> message`` line per message that a log shows, one write per line (threads call it)."""

    def __init__(self, stream: TextIO, clean: Callable[[str], str]) -> None:
        self.stream = stream
        self.clean = clean

    def __call__(self, message: str) -> None:
        if logged(message):
            self.stream.write(f"==> {self.clean(str(message))}\n")
            self.stream.flush()

    def close(self) -> None:
        """Nothing to take down: every line is written."""


class TerminalProgress:
    """Counts, bars and the time left per kind of work, and the latest step, redrawn in place.

    Roots resolve in parallel and sandboxes build from several threads, so messages come in any
    order: a piece is counted by its key, a "done" for a key never started (a sandbox found
    built) is not counted, and a message kept above the counts is printed once per run.
    """

    def __init__(self, stream: TextIO, environ: Mapping[str, str]) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeRemainingColumn,
        )
        from rich.text import Text

        class _Display(Progress):
            status = ""

            def get_renderables(self) -> Iterable[RenderableType]:
                yield self.make_tasks_table(self.tasks)
                if self.status:
                    yield Text(self.status, no_wrap=True, overflow="ellipsis", style="dim")

        self._text = Text
        self._display = _Display(
            SpinnerColumn(),
            TextColumn("{task.description:<15}"),
            BarColumn(bar_width=24),
            MofNCompleteColumn(),
            TextColumn("left"),
            TimeRemainingColumn(),
            console=Console(file=stream, highlight=False, no_color=bool(environ.get("NO_COLOR")) or None),
            transient=True,
        )
        self._lock = threading.Lock()
        self._tasks: dict[str, TaskID] = {}
        self._started: dict[str, set[str]] = {}
        self._done: dict[str, set[str]] = {}
        self._kept: set[str] = set()
        self._totals: dict[str, int] = {}  # the totals said beforehand (the roots)

    def __enter__(self) -> TerminalProgress:
        self._display.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Take the counts down (the kept messages stay)."""
        self._display.stop()

    def __call__(self, message: str) -> None:
        text = _CONTROL.sub(" ", str(message))
        with self._lock:
            if isinstance(message, Step):
                self._count(message)
                if message.event == "start":
                    self._display.status = text
            elif text.startswith(_TRANSIENT):  # redrawn by rich's own thread, a few times a second
                self._display.status = text
            elif text not in self._kept:
                self._kept.add(text)
                self._display.console.print(self._text(text))

    def _count(self, step: Step) -> None:
        started = self._started.setdefault(step.kind, set())
        done = self._done.setdefault(step.kind, set())
        if step.event == "total":
            self._totals[step.kind] = step.amount
        elif step.event == "start":
            started.add(step.key)
        elif step.key in started:
            done.add(step.key)
        else:  # a sandbox found built: nothing was counted as started
            return
        # Without a total said beforehand (sandboxes), the total grows as the pieces start.
        total = self._totals.get(step.kind, len(started))
        task = self._tasks.get(step.kind)
        if task is None and not total:  # nothing to count (no roots found)
            return
        if task is None:
            self._tasks[step.kind] = self._display.add_task(
                _NAMES.get(step.kind, step.kind), total=total, completed=len(done)
            )
        else:
            self._display.update(task, total=total, completed=len(done))
