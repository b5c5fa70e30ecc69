"""A policy's inputs and paths, laid under what the step (or the command line) gives.

An input given to the step wins; the file's value is used where the step gives none; the code's
default where neither does (action.yml's defaults are empty so that "not given" can be told).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from starlette_2093_check.errors import UsageError
from starlette_2093_check.layout import Layout
from starlette_2093_check.policy.load import PolicyError, Problem
from starlette_2093_check.policy.model import Paths, Policy

__all__ = ["given", "layout_of", "merged_environ", "named_in_file"]


def _keys(name: str) -> tuple[str, str]:
    return f"INPUT_{name.upper()}", f"INPUT_{name.upper().replace('-', '_')}"


def given(environ: Mapping[str, str], name: str) -> bool:
    """Whether the step gives input ``name`` (a value that is not blank, in either spelling)."""
    return any((environ.get(key) or "").strip() for key in _keys(name))


def merged_environ(environ: Mapping[str, str], policy: Policy) -> dict[str, str]:
    """``environ`` with the policy's inputs added where the step gives none."""
    merged = dict(environ)
    for name, (value, _) in policy.inputs.items():
        if not given(environ, name):
            merged[_keys(name)[0]] = value
    return merged


def named_in_file(error: UsageError, environ: Mapping[str, str], policy: Policy) -> UsageError:
    """``error`` about an input, pointed at the policy file's line when the file set that input.

    The schema checks every value a file may give, so this is a second line of defence: whatever
    the input's own parsing refuses is still told at the file's line."""
    for name, (_, where) in policy.inputs.items():
        if not given(environ, name) and re.search(rf"\binputs? [`]?{re.escape(name)}\b", str(error)):
            return PolicyError([Problem(where, f"{error} (set in the policy file)")])
    return error


def layout_of(skip: Iterable[str], include: Iterable[str], paths: Paths) -> Layout:
    """The layout of the ``skip``/``include`` inputs (or options) and a policy's ``paths``: the
    default skips (unless ``default-excludes: false``), both skip lists, both include lists."""
    return Layout.of((*skip, *paths.exclude), (*include, *paths.include), defaults=paths.default_excludes)
