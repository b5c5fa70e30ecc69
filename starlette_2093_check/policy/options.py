"""``scan``'s policy: which file is read (``--config``, ``--no-config``), and the options it sets.

An option given on the command line wins over the file's input of the same name; the file's value
is used where the option is not given; the built-in default where neither is. The inputs that only
mean something in action mode (comments, suggestions, the files the action writes, the API's
timeout) are read and checked, and not used here.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from starlette_2093_check.budget import DEFAULT_ROOT_SECONDS, DEFAULT_RUN_SECONDS, parse_seconds
from starlette_2093_check.policy.load import (
    PYPROJECT,
    YAML_FILE,
    PolicyError,
    Problem,
    load_checkout,
    load_file,
)
from starlette_2093_check.policy.model import Policy

__all__ = ["UNSET", "scan_defaults", "scan_policy"]


class _Unset:
    """An option not given on the command line: its value comes from the file or the default."""

    def __repr__(self) -> str:
        return "(not given)"


UNSET: Any = _Unset()


def scan_defaults(parser: argparse.ArgumentParser) -> None:
    """Make ``scan``'s options that a policy file may set default to ``UNSET``, and add
    ``--config`` and ``--no-config``."""
    parser.set_defaults(fail_on=UNSET, audit=UNSET, time_budget=UNSET, root_budget=UNSET)
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help=f"read the policy from FILE (YAML, or a .toml file's [tool.starlette-check] table) instead of "
        f"PATH's {YAML_FILE} or {PYPROJECT} (docs/config.md)",
    )
    which.add_argument(
        "--no-config", action="store_true", help="read no policy file: built-in defaults and the options only"
    )


def _policy(args: argparse.Namespace, path: Path) -> Policy:
    if args.no_config:
        return Policy()
    if args.config is not None:
        return load_file(args.config)
    if args.untrusted:
        # Someone else's checkout: its file could accept its own findings. Only a file named with
        # --config (a trusted copy, e.g. the default branch's) is read.
        if (path / YAML_FILE).exists() or (path / PYPROJECT).exists():
            print(
                f"policy: the checkout's {YAML_FILE} or {PYPROJECT} is not read (--untrusted); --config "
                "names a trusted copy",
                file=sys.stderr,
            )
        return Policy()
    return load_checkout(path)


def scan_policy(args: argparse.Namespace, path: Path, env: Mapping[str, str]) -> Policy:
    """The policy of ``scan PATH``; fills the options in ``args`` that were not given from its
    inputs, or from the built-in defaults."""
    policy = _policy(args, path)

    def file_value(name: str) -> tuple[str, Any] | None:
        found = policy.inputs.get(name)
        return (found[0], found[1]) if found is not None else None

    if args.fail_on is UNSET:
        found = file_value("fail-on")
        args.fail_on = found[0] if found else "reproduced"
    if args.audit is UNSET:
        found = file_value("audit")
        args.audit = found[0] if found else env.get("BOT_AUDIT", "starlette")
    for name, dest, default in (
        ("time-budget", "time_budget", DEFAULT_RUN_SECONDS),
        ("root-budget", "root_budget", DEFAULT_ROOT_SECONDS),
    ):
        if getattr(args, dest) is not UNSET:
            continue
        found = file_value(name)
        if found is None:
            setattr(args, dest, default)
            continue
        try:
            setattr(args, dest, parse_seconds(found[0], f"`inputs.{name}`"))
        except ValueError as exc:  # the schema checks it already: a second line of defence
            raise PolicyError([Problem(found[1], str(exc))]) from None
    found = file_value("reachability")
    if not args.no_reachability and found is not None and found[0] == "false":
        args.no_reachability = True
    return policy
