"""Progress as a log shows it and as a terminal shows it, from messages arriving in any order."""

from __future__ import annotations

import io
import re

from starlette_2093_check.progress import (
    ROOT,
    SANDBOX,
    LineProgress,
    TerminalProgress,
    expected,
    finished,
    started,
    use_color,
)

# What a parallel scan says: roots resolving side by side, a sandbox found built (never started),
# one built, and a warning said twice (by two threads).
SAID = [
    "discovering manifests under .",
    expected(ROOT, 3),
    started(ROOT, "svc1", "resolving starlette in svc1"),
    started(ROOT, "svc2", "resolving starlette in svc2"),
    finished(ROOT, "svc2"),
    "discarding the cached sandbox venv-a: its record does not match",
    started(ROOT, "svc10", "resolving starlette in svc10"),
    finished(ROOT, "svc1"),
    finished(SANDBOX, "venv-b"),  # found built: not counted
    started(SANDBOX, "venv-a", "building sandbox: starlette==0.29.0 on Python 3.11.7"),
    "discarding the cached sandbox venv-a: its record does not match",
    finished(ROOT, "svc10"),
    finished(SANDBOX, "venv-a"),
    "running the starlette-2093 reproduction against starlette 0.29.0",
]


class Terminal(io.StringIO):
    """What a terminal receives (the stream says it is one, as a real terminal's does)."""

    def isatty(self) -> bool:
        return True


def test_a_log_gets_every_message_once_and_no_bookkeeping() -> None:
    log = io.StringIO()
    say = LineProgress(log, lambda text: text)
    for message in SAID:
        say(message)
    lines = log.getvalue().splitlines()
    assert lines == [f"==> {m}" for m in SAID if not m.endswith((" done", " to go"))]
    assert "==> resolving starlette in svc10" in lines and not any("done" in line for line in lines)


def test_a_terminal_gets_counts_with_totals_and_each_warning_once() -> None:
    screen = Terminal()
    with TerminalProgress(screen, {"TERM": "xterm"}) as say:
        for message in SAID:
            say(message)
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.getvalue())
    assert re.search(r"project roots\s.*3/3", shown)
    assert re.search(r"sandbox builds\s.*1/1", shown)  # the build found built is not counted
    assert shown.count("discarding the cached sandbox venv-a") == 1
    assert "==> " not in shown


def test_colour_follows_no_color_then_force_color_then_the_terminal() -> None:
    assert use_color(Terminal(), {}) is True
    assert use_color(Terminal(), {"NO_COLOR": "1"}) is False
    assert use_color(Terminal(), {"NO_COLOR": ""}) is True  # set but empty: not a request
    assert use_color(io.StringIO(), {}) is False
    assert use_color(io.StringIO(), {"FORCE_COLOR": "1"}) is True
    assert use_color(io.StringIO(), {"FORCE_COLOR": "1", "NO_COLOR": "1"}) is False
    assert use_color(Terminal(), {"TERM": "dumb"}) is False
