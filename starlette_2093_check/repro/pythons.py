"""Which interpreter uv finds for a request, remembered across runs in ``cache_dir/pythons.json``.

``uv python find`` and a probe of what it found cost a scan 0.1-0.3 s, for an answer that rarely
changes. An answer is kept for the day, under a key made of everything that decides it: the request
text, the ``PATH`` and ``HOME`` uv is given, the ``UV_*`` variables about Python, and the uv binary
itself (path, size, modification time). A kept answer is used only while what it rests on is
unchanged: the interpreter's real file has the size and modification time recorded (one rebuilt or
removed is looked up again), and the directories uv searches (each ``PATH`` entry, uv's managed
Pythons) have the modification times recorded, so a Python installed since is found at once.
"Not found" is kept too, when uv said so; another error of uv's, or a probe that failed, is not.

The file is in the cache directory, which is never inside the checkout (``cli.cache_inside``); the
checkout chooses only the request text, validated before it gets here. As a defence in depth, a
remembered interpreter must still be a regular executable file that only root or this user owns and
that other users cannot write. Anything unreadable or unexpected in the file is a miss.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import os
import stat
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette_2093_check.atomic import replace_file

SCHEMA = 1
MAX_ENTRIES = 256  # a day's answers; each write rewrites the file
FILE_NAME = "pythons.json"

# One writer at a time in this process (threads of one scan, or two scans in one process). Two
# processes writing at once may lose one's entry: that is a lookup again next time, nothing worse.
_WRITE_LOCK = threading.Lock()


@dataclass(frozen=True)
class Found:
    """An interpreter uv found: the path it printed, and what the probe said it is."""

    path: str
    implementation: str
    version: str


@dataclass(frozen=True)
class Answer:
    """A remembered answer: the interpreter, or None when uv found none."""

    found: Found | None


Places = list[list[Any]]  # [directory, st_mtime_ns or None] for each place uv searches


def _mtime(path: str) -> int | None:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


class Pythons:
    """The answers kept in ``directory / "pythons.json"`` for a uv binary and the environment it runs in.

    ``env`` is the environment uv's lookup gets (``sandbox.install_env``)."""

    def __init__(self, directory: Path, uv: str, env: Mapping[str, str]) -> None:
        self.path = directory / FILE_NAME
        self.uv = uv
        self.env = dict(env)

    def places(self) -> Places:
        """The directories uv searches, with their modification times: take it before a lookup,
        and give it to ``remember`` with the answer."""
        dirs = [p for p in self.env.get("PATH", "").split(os.pathsep) if os.path.isabs(p)]
        managed = self.env.get("UV_PYTHON_INSTALL_DIR")
        if not managed:
            data = self.env.get("XDG_DATA_HOME") or (
                os.path.join(self.env["HOME"], ".local", "share") if self.env.get("HOME") else None
            )
            managed = os.path.join(data, "uv", "python") if data else None
        if managed:
            dirs.append(managed)
        return [[d, _mtime(d)] for d in dirs]

    def _key(self, request: str | None, day: str) -> str | None:
        try:
            info = os.stat(self.uv)
        except OSError:
            return None
        env = {
            k: v
            for k, v in self.env.items()
            if k in ("PATH", "HOME") or (k.startswith("UV_") and "PYTHON" in k)
        }
        blob = json.dumps(
            {
                "schema": SCHEMA,
                "request": request,
                "day": day,
                "uv": [self.uv, info.st_size, info.st_mtime_ns],
                "env": env,
            },
            sort_keys=True,
        )
        return hashlib.sha256(blob.encode()).hexdigest()

    def _load(self, day: str) -> dict[str, Any]:
        """Today's entries (older days, and a file that is not ours, read as none)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("schema") != SCHEMA or data.get("day") != day:
            return {}
        entries = data.get("entries")
        return entries if isinstance(entries, dict) else {}

    def recall(self, request: str | None) -> Answer | None:
        """The answer kept for ``request`` if it still holds, else None (look it up)."""
        day = _today()
        key = self._key(request, day)
        if key is None:
            return None
        entry = self._load(day).get(key)
        if not isinstance(entry, dict) or entry.get("places") != _digest(self.places()):
            return None
        kept = entry.get("found")
        if kept is None:
            return Answer(None)
        try:
            found = Found(str(kept["path"]), str(kept["implementation"]), str(kept["version"]))
            if not os.path.isabs(found.path) or os.path.realpath(found.path) != kept["real"]:
                return None
            if _identity(kept["real"]) != [kept["size"], kept["mtime_ns"]]:
                return None
        except (OSError, TypeError, KeyError, ValueError):
            return None
        return Answer(found)

    def remember(self, request: str | None, found: Found | None, places: Places) -> None:
        """Keep uv's answer for ``request`` (``places`` as they were before the lookup). An
        interpreter that cannot be vouched for is not kept; a failed write is only a later miss."""
        day = _today()
        key = self._key(request, day)
        if key is None:
            return
        entry: dict[str, Any] = {"places": _digest(places), "found": None}
        if found is not None:
            real = os.path.realpath(found.path)
            try:
                size, mtime = _identity(real)
            except (OSError, ValueError):
                return
            entry["found"] = {
                "path": found.path,
                "implementation": found.implementation,
                "version": found.version,
                "real": real,
                "size": size,
                "mtime_ns": mtime,
            }
        with _WRITE_LOCK:
            entries = self._load(day)
            if key not in entries and len(entries) >= MAX_ENTRIES:
                return  # a checkout with thousands of distinct requests: the rest are looked up
            entries[key] = entry
            with contextlib.suppress(OSError):  # a cache that cannot be written is only slower
                _write(self.path, {"schema": SCHEMA, "day": day, "entries": entries})


def _identity(real: str) -> list[int]:
    """Size and modification time of the interpreter file ``real``. Raises ``ValueError`` when it
    is not one to run: not a regular executable file, owned by another user than root or us, or
    writable by other users."""
    info = os.stat(real)
    if not stat.S_ISREG(info.st_mode) or not os.access(real, os.X_OK):
        raise ValueError(f"{real} is not an executable file")
    if info.st_uid not in (0, os.geteuid()) or info.st_mode & 0o002:
        raise ValueError(f"{real} may be changed by other users")
    return [info.st_size, info.st_mtime_ns]


def _digest(places: Places) -> str:
    # A digest, not the list: an organisation scan keeps hundreds of answers, rewritten on each new one.
    return hashlib.sha256(json.dumps(places).encode()).hexdigest()


def _write(path: Path, payload: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_file(path, json.dumps(payload, sort_keys=True).encode("utf-8"), prefix=".pythons-")


def _today() -> str:
    return datetime.date.today().isoformat()
