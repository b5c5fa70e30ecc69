#!/usr/bin/env python3
"""Point action.yml at a prebuilt image: ``image: docker://REGISTRY/OWNER/REPO@sha256:DIGEST``.

The release workflow (``.github/workflows/release.yml``) runs it on the release commit it makes for
a tag, never on ``main``, which keeps ``image: Dockerfile``:

    python scripts/pin_image.py action.yml --image ghcr.io/owner/repo --digest sha256:<64 hex>

Only the ``image:`` line of ``runs:`` is rewritten, as text, so comments, quoting and line endings
stay as they are. The file is read with PyYAML before (``runs.using`` must be ``docker`` and the
image still a Dockerfile) and after (nothing but ``runs.image`` may have changed). The image name
and the digest are checked before anything is read: they end up in a file that every workflow
using the release runs.

Release tooling, not part of the product: it is not in the image or the wheel.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

import yaml

DIGEST = re.compile(r"sha256:[0-9a-f]{64}")
# A repository path under a registry host: lowercase segments of [a-z0-9._-] separated by "/".
IMAGE = re.compile(r"[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)+")
_ANY_IMAGE_CHARS = re.compile(r"[a-z0-9./_-]+")
_RUNS = re.compile(r"runs:[ \t]*(?:#.*)?")
_KEY = re.compile(r"(?P<indent>[ \t]+)(?P<key>[A-Za-z0-9_-]+):")
_IMAGE_LINE = re.compile(
    r"(?P<head>(?P<indent>[ \t]+)image:[ \t]+)(?P<value>\S(?:.*?\S)?)(?P<tail>[ \t]+#.*)?(?P<eol>\r?\n)?"
)


class PinError(ValueError):
    """The image, the digest or the action.yml cannot be pinned; the message says which and where."""


def check_image(image: str) -> str:
    """``image`` as given, when it is a registry path made of ``[a-z0-9./_-]`` only."""
    if not _ANY_IMAGE_CHARS.fullmatch(image):
        raise PinError(f"image {image!r}: only lowercase letters, digits and . / _ - are allowed")
    if not IMAGE.fullmatch(image):
        raise PinError(
            f"image {image!r}: expected REGISTRY/OWNER/NAME (no empty, leading or trailing separator)"
        )
    return image


def check_digest(digest: str) -> str:
    """``digest`` as given, when it is ``sha256:`` and 64 lowercase hex digits."""
    if not DIGEST.fullmatch(digest):
        raise PinError(f"digest {digest!r}: expected sha256: and 64 lowercase hex digits")
    return digest


def _load(text: str, path: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else path
        raise PinError(f"{where}: not valid YAML ({getattr(exc, 'problem', None) or exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("runs"), dict):
        raise PinError(f"{path}: no runs: mapping (is this an action.yml?)")
    return data


def _image_line(lines: list[str], path: str) -> int:
    """The index of the one ``image:`` line directly under the top-level ``runs:``."""
    starts = [i for i, line in enumerate(lines) if _RUNS.fullmatch(line.rstrip("\r\n"))]
    if len(starts) != 1:
        raise PinError(f"{path}: expected one top-level 'runs:' line, found {len(starts)}")
    block: list[int] = []
    indent: str | None = None
    for i in range(starts[0] + 1, len(lines)):
        line = lines[i].rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key = _KEY.match(line)
        if key is None:
            if not line[0].isspace():
                break  # the next top-level key
            continue  # a continuation of a value
        if indent is None:
            indent = key["indent"]
        if key["indent"] == indent and key["key"] == "image":
            block.append(i)
    if len(block) != 1:
        raise PinError(f"{path}: expected one 'image:' line under runs:, found {len(block)}")
    return block[0]


def pin(text: str, image: str, digest: str, path: str = "action.yml") -> str:
    """``text`` (an action.yml) with ``runs.image`` set to ``docker://IMAGE@DIGEST``; ``PinError`` if
    the inputs are malformed or the file is not a Docker action that builds its Dockerfile."""
    reference = f"docker://{check_image(image)}@{check_digest(digest)}"
    data = _load(text, path)
    runs = data["runs"]
    if runs.get("using") != "docker":
        raise PinError(f"{path}: runs.using is {runs.get('using')!r}, not 'docker' (a container action)")
    current = runs.get("image")
    if not isinstance(current, str) or not current:
        raise PinError(f"{path}: runs.image is missing or not a string")
    if current.startswith("docker://"):
        raise PinError(
            f"{path}: runs.image is already {current!r}; a release is pinned from the commit that builds "
            "its Dockerfile, never from a release commit"
        )
    lines = text.splitlines(keepends=True)
    index = _image_line(lines, path)
    match = _IMAGE_LINE.fullmatch(lines[index])
    if match is None or match["value"][0] in "|>&*!":
        raise PinError(f"{path}:{index + 1}: write runs.image on one line, as a plain or quoted scalar")
    value = match["value"]
    quote = value[0] if value[0] in "'\"" and value[-1] == value[0] and len(value) > 1 else ""
    lines[index] = f"{match['head']}{quote}{reference}{quote}{match['tail'] or ''}{match['eol'] or ''}"
    pinned = "".join(lines)
    expected = {**data, "runs": {**runs, "image": reference}}
    if _load(pinned, path) != expected:
        raise PinError(f"{path}:{index + 1}: rewriting the image line changed more than runs.image")
    return pinned


def main(argv: list[str] | None = None) -> int:
    """Rewrite the file in place; 0 when pinned, 2 (with the reason on stderr) when refused."""
    parser = argparse.ArgumentParser(
        prog="pin_image.py", description="Point action.yml's runs.image at a prebuilt image, by digest."
    )
    parser.add_argument("action", type=Path, help="the action.yml to rewrite")
    parser.add_argument("--image", required=True, help="e.g. ghcr.io/owner/repo (lowercase)")
    parser.add_argument("--digest", required=True, help="sha256:<64 hex>, as the registry returned it")
    args = parser.parse_args(argv)
    try:
        text = args.action.read_bytes().decode("utf-8")
        pinned = pin(text, args.image, args.digest, str(args.action))
    except (OSError, UnicodeDecodeError, PinError) as exc:
        print(f"pin_image.py: {exc}", file=sys.stderr)
        return 2
    args.action.write_bytes(pinned.encode("utf-8"))
    print(f"{args.action}: image: docker://{args.image}@{args.digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
