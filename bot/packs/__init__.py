"""Known-bug cards as data: what the bug is, where it is fixed, and the texts reports use."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

DEFAULT_CARD = "starlette_2093"


@dataclass(frozen=True)
class Card:
    id: str
    package: str
    title: str
    links: dict[str, str]
    fixed_in: str
    texts: dict[str, str]
    # Packages that depend on it and are commonly installed instead of it (FastAPI). Conda
    # environments list these at conda level; they are resolved like pip requirements.
    parents: tuple[str, ...] = ()


class CardError(Exception):
    """A card file is missing or malformed."""


@functools.cache
def load_card(name: str = DEFAULT_CARD) -> Card:
    """Read ``bot/packs/<name>/card.yaml``, once per process (every renderer asks for it)."""
    resource = resources.files(__package__).joinpath(name, "card.yaml")
    try:
        data: Any = yaml.safe_load(resource.read_text(encoding="utf-8"))
        return Card(
            id=str(data["id"]),
            package=str(data["package"]),
            title=str(data["title"]),
            links={str(k): str(v) for k, v in data["links"].items()},
            fixed_in=str(data["fixed_in"]),
            texts={str(k): str(v) for k, v in data["texts"].items()},
            parents=tuple(str(p) for p in data.get("parents") or ()),
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError) as exc:
        raise CardError(f"card {name}: {exc}") from exc
