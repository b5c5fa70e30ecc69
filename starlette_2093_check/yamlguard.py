"""Hostile YAML is refused from its parse events alone, before anything is built from it.

Pack cards and the policy file come from repositories. An alias bomb expands to gigabytes once
built, deep nesting exhausts the recursion limit, and a second document or an explicit tag asks
for more than these small files need. ``yaml.YAMLError`` is left to the caller, which names its
file and line its own way.
"""

from __future__ import annotations

import yaml


def refusal(text: str, what: str, max_depth: int, *, tags: bool = True) -> tuple[str, int | None] | None:
    """Why ``text`` is refused, and the line: an alias or anchor, an explicit tag unless ``tags``,
    nesting deeper than ``max_depth``, or more than one document. ``what`` names the file in the
    messages ("the policy file", "a pack card"). None: nothing to refuse."""
    depth = documents = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        line = event.start_mark.line + 1 if event.start_mark is not None else None
        if isinstance(event, yaml.AliasEvent):
            return f"YAML aliases are not allowed in {what} (*{event.anchor})", line
        if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
            return f"YAML anchors are not allowed in {what} (&{event.anchor})", line
        tag = getattr(event, "tag", None)
        if not tags and tag is not None:  # only written tags are set here; a plain value's comes later
            return f"YAML tags are not allowed in {what} ({tag})", line
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > max_depth:
                return f"{what} is nested more than {max_depth} levels deep", line
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                return f"{what} is a single YAML document", line
    return None
