"""Markdown for text we did not write.

Everything a ``Report`` carries is untrusted: directory and file names of the scanned checkout,
manifest text quoted in notes and errors, custom packs' titles, and, on the ``workflow_run``
follow-up, every field of a report file a pull request's workflow wrote. The renderers put such a
string into Markdown only through one of these functions, which make it inert:

- ``text`` for prose (and table cells): one line, every Markdown and HTML construct escaped, and a
  zero-width space (as Renovate does) wherever GitHub would otherwise make a mention (``@user``,
  ``@org/team``), a bare link (``http://``, ``www.``, e-mail addresses), an issue or commit
  reference (``#12``, ``owner/repo#12``, ``GH-12``, a hex SHA) or a ``$`` math span;
- ``code`` for an inline code span, which cannot be closed early and is safe in a table cell;
- ``html`` for text inside an HTML element of ours (``<summary>``), where Markdown is not read;
- ``verbatim`` for a line of a fenced code block (a diff), which can neither end the line nor the block,
  and ``fenced`` for the whole block.

Our own templates, the built-in cards' texts and the links of built-in cards are written as they are.
"""

from __future__ import annotations

import html as _html
import re

ZWSP = "\u200b"

# C0/C1 controls (line breaks are whitespace, below), zero-width and direction-changing characters:
# none of them belongs in a rendered line, and the bidirectional ones can make text read backwards.
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_SPACE = re.compile(r"\s+")  # str patterns: \s includes \r, \n, \x85, \u2028 and \u2029
_ESCAPES = {
    "\\": "\\\\",
    "`": "\\`",
    "*": "\\*",
    "_": "\\_",
    "~": "\\~",
    "[": "\\[",
    "]": "\\]",
    "|": "\\|",
    "$": "\\$",
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
}
_SPECIAL = re.compile("[" + re.escape("".join(_ESCAPES)) + "]")
# What GitHub turns into a link, a mention or a reference, broken by a zero-width space.
_LINKISH = (
    (re.compile(r"@"), "@" + ZWSP),  # @user, @org/team, user@example.com, owner/repo@sha
    (re.compile(r":(?=/)"), ":" + ZWSP),  # http://, https://, ftp://
    (re.compile(r"(?i)(www)(?=\.)"), r"\1" + ZWSP),  # www.example.com
    (re.compile(r"#"), "#" + ZWSP),  # #12, owner/repo#12
    (re.compile(r"(?i)\b(gh)(?=-\d)"), r"\1" + ZWSP),  # GH-12
)
_HEX_RUN = re.compile(r"(?i)\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{7,}\b")
# What would start a block at the beginning of a line: a heading, a list item (bullet or ordered),
# a setext underline. (``>`` and ``*`` are escaped anyway.)
_LINE_START = re.compile(r"^(?:#|[-+](?=\s|$)|[-=]+\s*$|\d{1,9}(?=[.)](?:\s|$)))")
DEFAULT_LIMIT = 300


def clean(value: object, limit: int | None = DEFAULT_LIMIT) -> str:
    """``value`` as one line of visible characters, cut to ``limit`` characters (with "…")."""
    line = _SPACE.sub(" ", _INVISIBLE.sub("", str(value))).strip()
    if limit is not None and len(line) > limit:
        line = line[: max(0, limit - 1)].rstrip() + "…"
    return line


_BREAKS = re.compile("[\r\n\x0b\x0c\x85\u2028\u2029]")


def verbatim(value: object, limit: int | None = 2000) -> str:
    """``value`` as one line inside a fenced code block, as written (spaces and tabs kept), minus
    anything that could end the line there or elsewhere, and invisible characters."""
    line = _INVISIBLE.sub("", _BREAKS.sub(" ", str(value)))
    if limit is not None and len(line) > limit:
        line = line[: max(0, limit - 1)] + "…"
    return line


def fenced(text: str, info: str = "", indent: str = "") -> list[str]:
    """``text``'s lines as a fenced code block (each through ``verbatim``): no line of it can
    close the fence, which is longer than any run of backticks inside. ``info`` is ours."""
    lines = [verbatim(line) for line in text.split("\n") if line]
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{indent}{fence}{info}", *(f"{indent}{line}" for line in lines), f"{indent}{fence}"]


def _break_hex(match: re.Match[str]) -> str:
    run = match.group()
    return ZWSP.join(run[i : i + 6] for i in range(0, len(run), 6))


def text(value: object, limit: int | None = DEFAULT_LIMIT) -> str:
    """``value`` as inert Markdown prose, safe in a table cell and anywhere in a line."""
    line = _SPECIAL.sub(lambda m: _ESCAPES[m.group()], clean(value, limit))
    for pattern, replacement in _LINKISH:
        line = pattern.sub(replacement, line)
    line = _HEX_RUN.sub(_break_hex, line)
    start = _LINE_START.match(line)
    if start:  # never a heading, quote, list item or setext underline, wherever it lands
        line = (line[: start.end()] + "\\" + line[start.end() :]) if line[0].isdigit() else "\\" + line
    return line


def code(value: object, limit: int | None = DEFAULT_LIMIT) -> str:
    """``value`` as an inline code span: one line, fenced by more backticks than it holds, and with
    ``|`` escaped so that it stays in its table cell (GitHub unescapes it inside the cell)."""
    inner = clean(value, limit).replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", inner)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if not inner or inner.startswith("`") or inner.endswith("`") else ""
    return f"{fence}{pad}{inner}{pad}{fence}"


def html(value: object, limit: int | None = DEFAULT_LIMIT) -> str:
    """``value`` as text inside an HTML element of ours (no Markdown is read there)."""
    line = clean(value, limit)
    for pattern, replacement in _LINKISH:
        line = pattern.sub(replacement, line)
    # Escaped last: an entity such as &#x27; must not get a zero-width space after its "#".
    return _html.escape(_HEX_RUN.sub(_break_hex, line), quote=True)
