"""Links in the Markdown report: file:line places to the repository at one commit, advisory IDs to
their pages.

Every part of a URL is checked before it is used. The server, repository and commit come from the
runner (``GITHUB_SERVER_URL``, ``GITHUB_REPOSITORY``, the head commit); the path and line come from
the report, which may be a file a pull request's workflow wrote, so a path is linked only when it
is a safe relative path, and it is percent-encoded: nothing in it can end the link or add to it.
Where there is no context (the CLI's ``--format markdown``) places are plain text.

Advisory IDs are linked only when they have the exact shape of a GitHub advisory (to the GitHub
Advisory Database, which GitHub Enterprise Server's documentation also points to), or of a CVE or
PyPI advisory (to its OSV page). Any other ID stays plain text.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import quote

from starlette_2093_check.report import md
from starlette_2093_check.report.load import is_safe_path

_SERVER = re.compile(r"https?://[A-Za-z0-9.-]{1,253}(?::\d{1,5})?(?:/[A-Za-z0-9._~-]{1,100}){0,5}")
_REPOSITORY = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}")
_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
_GHSA = re.compile(r"GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}")
_OSV_ID = re.compile(r"CVE-\d{4}-\d{4,8}|PYSEC-\d{4}-\d{1,8}")
ADVISORY_DATABASE = "https://github.com/advisories/"
OSV_PAGE = "https://osv.dev/vulnerability/"


@dataclass(frozen=True)
class Links:
    """Where the report's places can be linked: ``{server}/{repository}/blob/{sha}/{path}#L{line}``."""

    server: str
    repository: str
    sha: str

    @classmethod
    def of(cls, server: str | None, repository: str | None, sha: str | None) -> Links | None:
        """The context when all three parts are what GitHub gives (else None: no links)."""
        server = (server or "").rstrip("/")
        if not (
            _SERVER.fullmatch(server)
            and repository
            and _REPOSITORY.fullmatch(repository)
            and sha
            and _SHA.fullmatch(sha)
        ):
            return None
        return cls(server, repository, sha)

    def blob(self, file: str, line: int | None = None) -> str | None:
        """The URL of ``file`` (at ``line``) at the commit, or None for a path that is not safe."""
        if not is_safe_path(file) or file == "." or (line is not None and line < 1):
            return None
        anchor = f"#L{line}" if line is not None else ""
        return f"{self.server}/{self.repository}/blob/{self.sha}/{quote(file, safe='/')}{anchor}"


def place(links: Links | None, file: str, line: int | None = None, *, code: bool = True) -> str:
    """``file:line`` as Markdown: a link to the line when there is a context. The text is a code
    span (``code``), else escaped prose (inside a sentence)."""
    where = file if line is None else f"{file}:{line}"
    shown = md.code(where) if code else md.text(where)
    url = links.blob(file, line) if links is not None else None
    return f"[{shown}]({url})" if url else shown


def advisory_url(advisory_id: str) -> str | None:
    """The page of an advisory ID of a known shape, else None."""
    if _GHSA.fullmatch(advisory_id):
        return ADVISORY_DATABASE + advisory_id
    if _OSV_ID.fullmatch(advisory_id):
        return OSV_PAGE + advisory_id
    return None


def advisory(advisory_id: str) -> str:
    """An advisory ID as Markdown: linked to its page when it has a known shape."""
    url = advisory_url(advisory_id)
    return f"[{md.text(advisory_id)}]({url})" if url else md.text(advisory_id)


_PLACE = re.compile(r"(?<![\w./-])([\w./-]+):(\d{1,9})(?!\w)")


def linked_text(
    plain: str, links: Links | None, files: Collection[str] = (), limit: int | None = md.DEFAULT_LIMIT
) -> str:
    """``plain`` (a sentence of ours with report values in it) as Markdown: every ``file:line`` in
    it whose file is one of ``files`` (places the report names) is a link to that line, and the rest
    is escaped as ``md.text`` escapes it (cut to ``limit`` characters first). Without a context,
    exactly ``md.text(plain, limit)``."""
    text = md.clean(plain, limit)
    if links is None or not files:
        return md.text(text, None)
    out: list[str] = []
    start = 0
    for match in _PLACE.finditer(text):
        url = links.blob(match.group(1), int(match.group(2))) if match.group(1) in files else None
        if url is None:
            continue
        out += [_piece(text[start : match.start()]), f"[{md.text(match.group(0))}]({url})"]
        start = match.end()
    out.append(_piece(text[start:]))
    return "".join(out)


def _piece(text: str) -> str:
    """Part of a line, escaped as ``md.text`` escapes a line, with its surrounding spaces kept."""
    core = text.strip()
    if not core:
        return text
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    return f"{lead}{md.text(core, None)}{trail}"
