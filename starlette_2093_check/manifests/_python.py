"""What a repository may say about its interpreter: a version request, never a program to run.

uv's interpreter lookup also takes paths (``./tools/python``) and executable names, and runs what
it finds to ask its version. A value from the checkout must therefore be a version request: a
version (``3.12``, ``3.13t``), a PEP 440 specifier (``>=3.9,<4``), or one of those after an
implementation (``cpython@3.12``, ``pypy3.10``, ``cpython-3.12.3-linux-x86_64-gnu``).
"""

from __future__ import annotations

import re

from packaging.specifiers import InvalidSpecifier, SpecifierSet

_VERSION = r"\d{1,2}(?:\.\d{1,3}){0,2}(?:(?:a|b|rc)\d{1,3})?t?"
# The implementation names uv parses as such; anything else before a version (``py3``, ``any3.11``,
# ``python-3.11``) is an executable name to uv, looked up on PATH and run.
_IMPLEMENTATION = r"(?:cpython|pypy|graalpy|cp|pp|gp)"
# uv's full download key: cpython-3.12.3-linux-x86_64-gnu (os, architecture, libc).
_KEY = r"(?:cpython|pypy|graalpy)-" + _VERSION + r"(?:-[a-z0-9_]{1,20}){3}"
_REQUEST = re.compile(rf"(?:{_IMPLEMENTATION}@?)?{_VERSION}|{_KEY}", re.IGNORECASE)
MAX_LENGTH = 100


def specifier_problem(value: str) -> str | None:
    """Why ``value`` is not a PEP 440 specifier such as ``>=3.9,<4``, or None."""
    if len(value) > MAX_LENGTH:
        return "is too long to be a version specifier"
    try:
        SpecifierSet(value)
    except InvalidSpecifier:
        return "is not a version specifier (such as >=3.9)"
    return None


def request_problem(value: str) -> str | None:
    """Why ``value`` is not an interpreter version request, or None.

    Paths and executable names are refused: uv would run them.
    """
    text = value.strip()
    if not text or len(text) > MAX_LENGTH:
        return "is not a Python version request"
    if _REQUEST.fullmatch(text):
        return None
    if text[0] in "<>=!~" and specifier_problem(text) is None:
        return None
    return (
        "is not a Python version request (such as 3.12, cpython@3.12 or >=3.9); paths and program "
        "names are not accepted, because finding the interpreter would run them"
    )
