"""What a repository's policy file says, read into one shape whichever file it came from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from starlette_2093_check.model import Location


@dataclass(frozen=True)
class IgnoreRule:
    """An accepted finding: which pack, project roots and versions it covers, why, and until when.

    A field left out matches everything; an entry must name at least one of ``pack``, ``root`` and
    ``version`` (the schema says so)."""

    reason: str
    location: Location  # where the entry is written: errors and stale-entry notes point here
    pack: str | None = None  # a card id ("starlette-2093"); None: any pack
    root: str | None = None  # a glob over project root paths ("services/*", "."); None: any root
    version: str | None = None  # a PEP 440 specifier or version of the pack's package; None: any
    until: date | None = None  # the last day it holds; after it the finding counts again, with a warning


@dataclass(frozen=True)
class Paths:
    """Discovery and the code reader: patterns added to the skipped ones, and ones read after all."""

    exclude: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    default_excludes: bool = True  # False: only ``exclude`` is skipped (tests, fixtures... are read)


@dataclass(frozen=True)
class PackRules:
    """Which built-in packs run and which of them can fail the step."""

    run: tuple[str, ...] | None = None  # card ids; None: every built-in pack
    # card id -> a fail-on value ("reproduced", "inconclusive", "never"). The headline pack's default
    # is the `fail-on` input; the other packs' default is "never" (they inform, as before).
    fail_on: Mapping[str, str] = field(default_factory=dict)
    # Where each is written, for errors: ("run", card id) -> the list item, ("fail-on", card id) ->
    # the key, ("run", "") -> the `run` key itself. Missing: the error names the file alone.
    locations: Mapping[tuple[str, str], Location] = field(default_factory=dict)


@dataclass(frozen=True)
class Variants:
    """Extras and dependency groups to check as variants of their own, whatever they change."""

    extras: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class Policy:
    """A repository's policy. ``Policy()`` is the policy of a repository without a file."""

    source: str | None = None  # the file it was read from, relative to the checkout (None: none)
    ignore: tuple[IgnoreRule, ...] = ()
    paths: Paths = Paths()
    packs: PackRules = PackRules()
    variants: Variants = Variants()
    # Action inputs set in the file: input name -> (value as the input would be written, where).
    # An input given to the step wins over the file's value.
    inputs: Mapping[str, tuple[str, Location]] = field(default_factory=dict)
