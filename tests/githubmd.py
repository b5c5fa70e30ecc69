"""Markdown as GitHub shows it: rendered by cmark-gfm (GitHub's renderer, with its extensions), then
read back with ``html.parser`` into the structure a reader sees.

GitHub renders raw HTML (``<details>``, ``<sub>``) and then sanitizes it; ``CMARK_OPT_UNSAFE`` keeps
the raw HTML as the first step does. What the tests look at: headings, tables (header and cells),
``<details>`` sections (their summaries), links, and what is visible before any section is opened.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

import cmarkgfm
from cmarkgfm.cmark import Options


def to_html(markdown: str) -> str:
    """``markdown`` rendered the way GitHub renders comments, issues and job summaries."""
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    hidden: bool  # inside a <details>


@dataclass
class Page:
    html: str
    headings: list[tuple[int, str, bool]] = field(default_factory=list)  # level, text, hidden
    tables: list[Table] = field(default_factory=list)
    summaries: list[str] = field(default_factory=list)  # each <details>' summary, in order
    links: list[tuple[str, str, bool]] = field(default_factory=list)  # href, text, hidden
    visible: list[str] = field(default_factory=list)  # text outside every <details> (with summaries)
    text: list[str] = field(default_factory=list)  # all the text, opened or not
    open_details: int = 0  # unbalanced <details> at the end (0: well formed)
    # Lines a reader sees before opening anything: paragraphs, list items, table rows, headings and
    # the summaries of the collapsed sections.
    visible_lines: int = 0

    @property
    def visible_tables(self) -> list[Table]:
        return [t for t in self.tables if not t.hidden]

    def hrefs(self) -> list[str]:
        return [href for href, _, _ in self.links]

    def visible_text(self) -> str:
        return "".join(self.visible)

    def all_text(self) -> str:
        """What a reader sees with every section opened."""
        return "".join(self.text)


_LINES = ("p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "summary", "pre")


class _Reader(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.details = 0
        self.summary: list[str] | None = None
        self.heading: tuple[int, list[str]] | None = None
        self.table: Table | None = None
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.link: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _LINES and (self.details == 0 or (tag == "summary" and self.details == 1)):
            self.page.visible_lines += 1
        if tag == "details":
            self.details += 1
        elif tag == "summary":
            self.summary = []
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.heading = (int(tag[1]), [])
        elif tag == "table":
            self.table = Table([], [], self.details > 0)
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.cell = []
        elif tag == "a":
            self.link = (dict(attrs).get("href") or "", [])
        elif tag in ("p", "li", "br", "tr") and self.details == 0:
            self.page.visible.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "details":
            self.details -= 1
        elif tag == "summary" and self.summary is not None:
            self.page.summaries.append("".join(self.summary).strip())
            self.summary = None
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6") and self.heading is not None:
            level, text = self.heading
            self.page.headings.append((level, "".join(text).strip(), self.details > 0))
            self.heading = None
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append("".join(self.cell).strip())
            self.cell = None
        elif tag == "tr" and self.row is not None and self.table is not None:
            if not self.table.header:
                self.table.header = self.row
            else:
                self.table.rows.append(self.row)
            self.row = None
        elif tag == "table" and self.table is not None:
            self.page.tables.append(self.table)
            self.table = None
        elif tag == "a" and self.link is not None:
            href, text = self.link
            self.page.links.append((href, "".join(text).strip(), self.details > 0))
            self.link = None

    def handle_data(self, data: str) -> None:
        self.page.text.append(data)
        for sink in (self.summary, self.heading[1] if self.heading else None, self.cell):
            if sink is not None:
                sink.append(data)
        if self.link is not None:
            self.link[1].append(data)
        if self.details == 0 or (self.summary is not None and self.details == 1):
            self.page.visible.append(data)


def read(markdown: str) -> Page:
    """``markdown`` rendered by cmark-gfm and read back."""
    html = to_html(markdown)
    page = Page(html)
    reader = _Reader(page)
    reader.feed(html)
    reader.close()
    page.open_details = reader.details
    return page
