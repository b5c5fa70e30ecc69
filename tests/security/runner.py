"""How GitHub's runner reads workflow commands from a step's output, for tests that look for forged ones.

It follows actions/runner (``ActionCommand.TryParseV2`` then ``TryParse``): every line of stdout
and stderr is read; a line is a command when, after leading whitespace, it starts with
``::NAME`` up to the next ``::``, or when ``##[NAME`` appears anywhere in it, and NAME is a
command the runner knows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KNOWN = {
    "add-mask",
    "add-matcher",
    "add-path",
    "debug",
    "echo",
    "endgroup",
    "error",
    "group",
    "notice",
    "remove-matcher",
    "save-state",
    "set-env",
    "set-output",
    "stop-commands",
    "warning",
}
_LINES = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Command:
    name: str
    line: str


def _v2(line: str) -> str | None:
    text = line.lstrip()
    if not text.startswith("::"):
        return None
    end = text.find("::", 2)
    if end < 0:
        return None
    return text[2:end].split(" ", 1)[0]


def _v1(line: str) -> str | None:
    start = line.find("##[")
    if start < 0:
        return None
    end = line.find("]", start)
    if end < 0:
        return None
    return line[start + 3 : end].split(" ", 1)[0]


def commands(*outputs: str) -> list[Command]:
    """Every line of ``outputs`` the runner would take for a command."""
    found = []
    for output in outputs:
        for line in _LINES.split(output):
            for name in (_v2(line), _v1(line)):
                if name is not None and name.lower() in KNOWN:
                    found.append(Command(name.lower(), line))
                    break
    return found
