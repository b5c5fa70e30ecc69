"""Renderers: one function per format, each taking a ``Report`` and returning text.

Each lives in a module of its own, imported when it is first asked for (``renderer``, or a name
imported from here), so a run pays for the one format it prints.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from starlette_2093_check.model import Report

if TYPE_CHECKING:
    from starlette_2093_check.report.json_report import render_json
    from starlette_2093_check.report.markdown import render_markdown
    from starlette_2093_check.report.sarif import render_sarif
    from starlette_2093_check.report.text import render_text

__all__ = ["FORMATS", "render_json", "render_markdown", "render_sarif", "render_text", "renderer"]

# Format → (module, function).
_WHERE: dict[str, tuple[str, str]] = {
    "text": ("starlette_2093_check.report.text", "render_text"),
    "json": ("starlette_2093_check.report.json_report", "render_json"),
    "markdown": ("starlette_2093_check.report.markdown", "render_markdown"),
    "sarif": ("starlette_2093_check.report.sarif", "render_sarif"),
}
FORMATS = tuple(_WHERE)


def renderer(name: str) -> Callable[[Report], str]:
    """The renderer of the format ``name`` (one of ``FORMATS``), its module imported now."""
    module, function = _WHERE[name]
    found: Callable[[Report], str] = getattr(importlib.import_module(module), function)
    return found


def __getattr__(name: str) -> Callable[[Report], str]:
    """``from .report import render_json`` and the like: the renderer, imported on demand."""
    for fmt, (_, function) in _WHERE.items():
        if function == name:
            return renderer(fmt)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
