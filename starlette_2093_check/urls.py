"""Keeping credentials out of what we show: URLs and messages that may contain them."""

from __future__ import annotations

import re
import urllib.parse

_USERINFO = re.compile(r"(://)[^/@\s]*@")
# A `${VAR}` reference to an environment variable, as pip, pipenv and PDM expand them in URLs.
ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def hide_userinfo(text: str) -> str:
    """``text`` with the user information of every URL in it replaced by ``***``."""
    return _USERINFO.sub(r"\1***@", text)


def redact(url: str) -> str:
    """``url`` with any user information replaced by ``***`` (for messages and reports)."""
    try:
        parsed = urllib.parse.urlsplit(url)
    except ValueError:
        return hide_userinfo(url)
    if "@" not in parsed.netloc:
        return url
    return urllib.parse.urlunsplit(parsed._replace(netloc="***@" + parsed.netloc.rpartition("@")[2]))


def without_userinfo(url: str) -> str:
    """``url`` with its user information removed (a valid URL is expected)."""
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
