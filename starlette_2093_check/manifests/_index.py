"""Index URLs declared in a repository: kept with ``${VAR}`` references, stripped of literal credentials."""

from __future__ import annotations

import urllib.parse

from starlette_2093_check.model import IndexSource, Location, ScanError
from starlette_2093_check.urls import ENV_REF, redact, without_userinfo


def index_source(
    url: str, location: Location, *, name: str | None = None, primary: bool = False
) -> tuple[IndexSource | None, ScanError | None]:
    """An ``IndexSource`` for ``url`` as declared at ``location``, and an error if something was dropped.

    Credentials must come from the environment: ``${VAR}`` references are kept (they are expanded
    when the resolver runs), but a user or password written literally into the file is removed and
    reported, without repeating it. A URL that is not http(s) or file is refused.
    """
    url = url.strip()
    try:
        parsed = urllib.parse.urlsplit(url)
        hostname = parsed.hostname
    except ValueError:  # e.g. an unbalanced "[" in the host
        return None, ScanError(
            location.file, f"ignored index URL: not a valid URL: {redact(url)!r}", location.line
        )
    if parsed.scheme not in ("http", "https", "file") or (parsed.scheme != "file" and not hostname):
        return None, ScanError(
            location.file, f"ignored index URL: not an http(s) URL: {redact(url)!r}", location.line
        )
    userinfo, _, _host = parsed.netloc.rpartition("@")
    user, colon, password = userinfo.partition(":")
    # A user name next to a ${VAR} password is fine (`__token__:${TOKEN}`); a literal password, or a
    # literal user with no password (a token written as the user name), is a secret in the file.
    secret = password if colon else user
    if userinfo and ENV_REF.sub("", secret):
        host = parsed.netloc.rpartition("@")[2]
        kept = without_userinfo(url)
        error = ScanError(
            location.file,
            f"credentials written into the index URL for {host} are ignored; "
            "provide them through the environment (see docs/manifests.md, private indexes)",
            location.line,
        )
        return IndexSource(kept, location, name, primary), error
    return IndexSource(url, location, name, primary), None
