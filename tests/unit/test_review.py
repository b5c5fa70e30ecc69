"""The suggestion comment's text: marker first, reason, then a fence the new line cannot close."""

from __future__ import annotations

import re

from starlette_2093_check.github.review import suggestion_body
from starlette_2093_check.model import Edit

MARKER = "<!-- starlette-2093-suggestion -->"


def edit(new: str) -> Edit:
    return Edit("requirements.txt", 3, "starlette==0.27.0", new)


def block(body: str) -> tuple[str, str]:
    """The fence and the content of the body's suggestion block, parsed the way Markdown does."""
    m = re.search(r"^(`{3,})suggestion\n(.*?)\n\1$", body, re.M | re.S)
    assert m, body
    return m.group(1), m.group(2)


def test_marker_then_reason_then_the_suggestion_block() -> None:
    body = suggestion_body(MARKER, edit("starlette>=0.29.0"), "Upgrade: 0.29.0 passed the repro.\n")
    assert body == (f"{MARKER}\nUpgrade: 0.29.0 passed the repro.\n\n```suggestion\nstarlette>=0.29.0\n```")


def test_the_fence_is_longer_than_any_backtick_run_in_the_new_line() -> None:
    new = "starlette>=0.29.0  # see ```code``` and `` this ````"
    fence, content = block(suggestion_body(MARKER, edit(new), "why"))
    assert fence == "`" * 5 and content == new


def test_a_line_ending_in_backticks_still_closes_only_at_the_fence() -> None:
    new = "x  # ```"
    fence, content = block(suggestion_body(MARKER, edit(new), "why"))
    assert len(fence) == 4 and content == new


def test_the_suggestion_holds_the_new_line_verbatim() -> None:
    new = "    starlette[full] >= 0.29.0 ; python_version >= '3.8' \\"
    _, content = block(suggestion_body(MARKER, edit(new), "why"))
    assert content == new
