"""Renderers: one function per format, each taking a ``Report`` and returning text."""

from __future__ import annotations

from collections.abc import Callable

from bot.model import Report
from bot.report.json_report import render_json
from bot.report.markdown import render_markdown
from bot.report.sarif import render_sarif
from bot.report.text import render_text

RENDERERS: dict[str, Callable[[Report], str]] = {
    "text": render_text,
    "json": render_json,
    "markdown": render_markdown,
    "sarif": render_sarif,
}
