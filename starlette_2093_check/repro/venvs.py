"""A record of what a sandbox venv held when we built it, checked before each use.

A venv in the cache runs as the bot's own user: its ``bin/python`` and every file it imports are
executed. The cache may come back from ``actions/cache`` or have been left by an earlier step, so a
venv is used only if it is exactly what the record, written when the bot built it, describes:
the same interpreter behind ``bin/python``, the same files with the same hashes, nothing added,
no file writable by other users. Anything else is thrown away and built again. The record also
says which package, if any, was built from its sdist (the release under test, when it has no wheel),
for the evidence: a venv built that way is checked like any other.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Any

RECORD_SUFFIX = ".record.json"
SCHEMA = 1
# uv's lock file for the venv (created writable by everyone, never read as code).
UNRECORDED = frozenset({".lock"})


def record_path(venv: Path) -> Path:
    """Where the record of ``venv`` is kept: beside it, never inside (the walk would see it)."""
    return venv.with_name(venv.name + RECORD_SUFFIX)


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def inventory(venv: Path) -> dict[str, str]:
    """Every entry under ``venv``: relative path → ``file:<sha256>``, ``link:<target>`` or ``dir``.

    Raises ``ValueError`` for anything that is not a regular file, a directory or a symlink, and
    for entries other users may write.
    """
    found: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(venv, followlinks=False):
        base = Path(dirpath)
        for name in sorted(dirnames + filenames):
            path = base / name
            rel = path.relative_to(venv).as_posix()
            if rel in UNRECORDED:
                continue
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                found[rel] = "link:" + os.readlink(path)
                continue
            if info.st_mode & 0o002:
                raise ValueError(f"{rel} is writable by every user")
            if stat.S_ISDIR(info.st_mode):
                found[rel] = "dir"
            elif stat.S_ISREG(info.st_mode):
                found[rel] = "file:" + _digest(path)
            else:
                raise ValueError(f"{rel} is not a regular file")
    return found


def write_record(
    built: Path,
    final: Path,
    interpreter: str,
    spec: dict[str, Any],
    from_sdist: Sequence[str] = (),
) -> None:
    """Record the venv made in ``built`` (before it is moved to ``final``, whose record this is): the
    interpreter it was made from, the spec, the packages built from their sdist in the sandbox
    (``from_sdist``; every other one came from a wheel), every entry. Raises ``ValueError`` or
    ``OSError``."""
    payload = {
        "schema": SCHEMA,
        "interpreter": str(Path(interpreter).resolve()),
        "spec": spec,
        "from_sdist": sorted(from_sdist),
        "entries": inventory(built),
    }
    target = record_path(final)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(json.dumps(payload, sort_keys=True), encoding="utf-8")
    tmp.replace(target)


def mismatch(venv: Path, interpreter: str, spec: dict[str, Any]) -> str | None:
    """Why ``venv`` is not the one the record describes (or has no record), or None if it is."""
    try:
        data = json.loads(record_path(venv).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "it has no readable record of how it was built"
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        return "its record is not one this version wrote"
    if data.get("spec") != spec:
        return "its record is for other versions"
    wanted = str(Path(interpreter).resolve())
    if data.get("interpreter") != wanted:
        return f"it was built from another interpreter ({data.get('interpreter')!r}, not {wanted})"
    try:
        linked = (venv / "bin" / "python").resolve(strict=True)
    except OSError:
        return "its bin/python is missing"
    if str(linked) != wanted:
        return f"its bin/python runs {linked}, not {wanted}"
    try:
        now = inventory(venv)
    except (OSError, ValueError) as exc:
        return str(exc)
    recorded = data.get("entries")
    if now != recorded:
        was: dict[str, Any] = recorded if isinstance(recorded, dict) else {}
        changed = sorted(k for k in now.keys() | was.keys() if now.get(k) != was.get(k))
        more = ", ..." if len(changed) > 3 else ""
        return f"its files changed since it was built ({', '.join(changed[:3])}{more})"
    return None


def from_sdist(venv: Path) -> tuple[str, ...]:
    """The packages of ``venv`` that were built from their sdist, as its record says (call it once
    ``mismatch`` has found the venv to be the one recorded)."""
    try:
        data = json.loads(record_path(venv).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ()
    names = data.get("from_sdist") if isinstance(data, dict) else None
    return tuple(n for n in names if isinstance(n, str)) if isinstance(names, list) else ()
