"""Every relative link of the README, the docs/ pages, CONTRIBUTING and SECURITY leads somewhere: to
a file of the repository and, for ``#anchor``, to a heading of that page, spelled as GitHub spells
heading ids.

The pages are rendered by cmark-gfm (``tests.githubmd``), so a link inside a code span or block is
not a link, and a heading is what GitHub takes for one (a ``# comment`` line in a fenced workflow is
not). GitHub's ids: the heading's text, lower-cased, every character that is not a letter, a digit,
``-``, ``_`` or a space removed, spaces turned into ``-``; a repeated id gets ``-1``, ``-2``, ...
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import REPO
from tests.githubmd import read

DOCS = REPO / "docs"
_IMG = re.compile(r"<img\b[^>]*?\ssrc=\"([^\"]*)\"", re.I)
_LINE_ANCHOR = re.compile(r"L\d+(-L\d+)?")
_FENCED = re.compile(r"^```.*?^```", re.S | re.M)
_SECTION = re.compile(r"^## (.+)$", re.M)


def pages(root: Path = REPO) -> list[Path]:
    """The README, the other pages at the top that link into docs/, and every page under docs/."""
    top = [root / name for name in ("README.md", "CONTRIBUTING.md", "SECURITY.md")]
    return [p for p in top if p.is_file()] + sorted((root / "docs").rglob("*.md"))


def slug(text: str) -> str:
    """The id GitHub gives a heading with this text (before duplicates are numbered)."""
    return re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    """The ids of every heading of ``page``, numbered the way GitHub numbers repeated ones."""
    seen: Counter[str] = Counter()
    ids = set()
    for _, text, _ in read(page.read_text(encoding="utf-8")).headings:
        base = slug(text)
        ids.add(f"{base}-{seen[base]}" if seen[base] else base)
        seen[base] += 1
    return ids


def targets(page: Path) -> list[str]:
    """Every link and image address of ``page`` as GitHub renders it."""
    rendered = read(page.read_text(encoding="utf-8"))
    return [*rendered.hrefs(), *_IMG.findall(rendered.html)]


def broken(page: Path, root: Path = REPO) -> list[str]:
    """What is wrong with the relative links of ``page``: a missing file, or an anchor that is no
    heading of the page it points to."""
    problems = []
    for href in targets(page):
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not href:
            continue  # absolute: not ours to check here
        path, anchor = unquote(parts.path), unquote(parts.fragment)
        where = (page.parent / path).resolve() if path else page
        name = f"{page.relative_to(root)}: ({href})"
        if not where.is_relative_to(root.resolve()):
            problems.append(f"{name}: leaves the repository")
        elif not where.exists():
            problems.append(f"{name}: {path} does not exist")
        elif anchor and where.suffix == ".md":
            if anchor not in anchors(where):
                problems.append(f"{name}: no heading #{anchor} in {where.relative_to(root)}")
        elif anchor and not _LINE_ANCHOR.fullmatch(anchor):
            problems.append(f"{name}: #{anchor} on a file that is not Markdown")
    return problems


@pytest.mark.parametrize("page", pages(), ids=lambda p: str(p.relative_to(REPO)))
def test_every_relative_link_and_anchor_resolves(page: Path) -> None:
    assert broken(page) == []


def test_github_heading_ids() -> None:
    assert slug("`scan --fix`") == "scan---fix"
    assert slug("Is it triggered in your app?") == "is-it-triggered-in-your-app"
    assert slug("The action's image") == "the-actions-image"
    assert slug("JSON contract (`--format json`, `schema_version` 1)") == (
        "json-contract---format-json-schema_version-1"
    )
    assert slug("What `dev.py example` prints") == "what-devpy-example-prints"
    assert slug("Scheduled and manual scans: a tracking issue") == (
        "scheduled-and-manual-scans-a-tracking-issue"
    )


def test_the_check_finds_what_is_broken(tmp_path: Path) -> None:
    """The check is real: a missing page, a missing heading, a repeated heading's numbering, and a
    link that is only text in a code span."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text(
        "# A\n\n## Twice\n\n## Twice\n\n```yaml\n# not a heading\n```\n", encoding="utf-8"
    )
    (tmp_path / "README.md").write_text(
        "# Top\n\n"
        "[ok](docs/a.md#twice) [ok](docs/a.md#twice-1) [ok](#top) [ok](https://example.org/x#y)\n"
        "[gone](docs/b.md) [no heading](docs/a.md#twice-2) [no heading](#not-a-heading)\n"
        "`[in code](docs/c.md)`\n",
        encoding="utf-8",
    )
    assert broken(tmp_path / "README.md", tmp_path) == [
        "README.md: (docs/b.md): docs/b.md does not exist",
        "README.md: (docs/a.md#twice-2): no heading #twice-2 in docs/a.md",
        "README.md: (#not-a-heading): no heading #not-a-heading in README.md",
    ]


def test_the_readme_and_the_index_link_every_docs_page() -> None:
    """The README is short because the rest is one click away: no page of docs/ is unreachable."""
    every = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")} - {"README.md"}
    from_readme = {urlsplit(h).path.removeprefix("docs/") for h in targets(REPO / "README.md")}
    from_index = {urlsplit(h).path for h in targets(DOCS / "README.md")}
    assert every - from_readme == set()
    assert every - from_index == set()


@pytest.mark.parametrize(
    "page",
    [p for p in pages() if "\n## Contents\n" in p.read_text(encoding="utf-8")],
    ids=lambda p: str(p.relative_to(REPO)),
)
def test_a_table_of_contents_lists_every_section(page: Path) -> None:
    """A page with a Contents list links each of its ``##`` sections from it, so a section added
    later is not left out of it. (Headings quoted in an example, after ``>``, are no sections.)"""
    text = page.read_text(encoding="utf-8")
    sections = {slug(t) for t in _SECTION.findall(_FENCED.sub("", text)) if t != "Contents"}
    contents = text.split("\n## Contents\n", 1)[1].split("\n## ", 1)[0]
    listed = {urlsplit(h).fragment for h in read(contents).hrefs()}
    assert sections - listed == set()
