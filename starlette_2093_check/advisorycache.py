"""The advisory service's answers, kept on disk for the day.

A warm rescan then asks the service nothing (and does not even import pip-audit). An answer is
read only on the day it was written, for the same service: an advisory published today shows
tomorrow, or with ``--refresh``, which skips reading but still writes. Only answers are kept;
a query that failed is asked again next run, and nothing not asked is ever reported clear.

Layout: ``<dir>/<YYYY-MM-DD>/<service>/<pair>.json``, where ``service`` is a digest of the service
URL (it may carry credentials: never stored in clear) and ``pair`` a digest of (name, version). An
entry that does not parse, names another pair, or is too large is a miss, and is removed. The
directory is the scan's cache directory, which is never inside the scanned checkout.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import importlib.metadata
import json
import re
import shutil
from pathlib import Path
from typing import Any

from starlette_2093_check import __version__
from starlette_2093_check.atomic import replace_file
from starlette_2093_check.model import Advisory

SCHEMA = 1
MAX_ENTRY = 1024 * 1024  # bytes
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_FIELDS = ("id", "package", "version", "summary")


def _pip_audit_version() -> str:
    """pip-audit's version, from its metadata (importing it would cost what this cache saves)."""
    try:
        return importlib.metadata.version("pip-audit")
    except importlib.metadata.PackageNotFoundError:
        return "none"


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


class AdvisoryCache:
    """Today's answers of one service (``service_url`` None: pip-audit's default)."""

    def __init__(self, directory: Path, service_url: str | None, *, refresh: bool = False) -> None:
        self.refresh = refresh
        self.directory = directory
        # The answer depends on the service and on how pip-audit and we read it.
        self._service = _digest(str(SCHEMA), __version__, _pip_audit_version(), "\0" + (service_url or ""))
        self._prune(datetime.date.today().isoformat())

    @property
    def here(self) -> Path:
        """Today's directory for this service (a run that passes midnight moves to the new day)."""
        return self.directory / datetime.date.today().isoformat() / self._service[:32]

    def _prune(self, today: str) -> None:
        """Remove other days' answers (best effort: another run may be doing the same)."""
        with contextlib.suppress(OSError):
            for entry in self.directory.iterdir():
                if _DAY.fullmatch(entry.name) and entry.name != today:
                    shutil.rmtree(entry, ignore_errors=True)

    def _slot(self, name: str, version: str) -> Path:
        return self.here / f"{_digest(name, version)[:40]}.json"

    def get(self, name: str, version: str) -> tuple[Advisory, ...] | None:
        """The stored answer for the pair, or None (not stored, unreadable, or ``refresh``)."""
        if self.refresh:
            return None
        slot = self._slot(name, version)
        try:
            with slot.open("rb") as fh:
                data = fh.read(MAX_ENTRY + 1)
        except OSError:
            return None
        found = _decode(data, name, version) if len(data) <= MAX_ENTRY else None
        if found is None:
            with contextlib.suppress(OSError):  # a read-only cache: the entry stays, unread
                slot.unlink(missing_ok=True)
        return found

    def put(self, name: str, version: str, advisories: tuple[Advisory, ...]) -> None:
        """Keep the service's answer for the pair (a disk that refuses only costs the next run)."""
        body = {
            "schema": SCHEMA,
            "name": name,
            "version": version,
            "advisories": [
                {
                    "id": a.id,
                    "package": a.package,
                    "version": a.version,
                    "summary": a.summary,
                    "fix_versions": list(a.fix_versions),
                    "aliases": list(a.aliases),
                }
                for a in advisories
            ],
        }
        data = json.dumps(body, sort_keys=True).encode("utf-8")
        if len(data) > MAX_ENTRY:
            return
        here = self.here
        with contextlib.suppress(OSError):
            here.mkdir(mode=0o700, parents=True, exist_ok=True)
            replace_file(here / self._slot(name, version).name, data)


def _decode(data: bytes, name: str, version: str) -> tuple[Advisory, ...] | None:
    try:
        body: Any = json.loads(data)
    except ValueError:
        return None
    if not isinstance(body, dict) or body.get("schema") != SCHEMA:
        return None
    if body.get("name") != name or body.get("version") != version:
        return None
    items = body.get("advisories")
    if not isinstance(items, list):
        return None
    out = []
    for item in items:
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in _FIELDS):
            return None
        lists = [item.get("fix_versions"), item.get("aliases")]
        if not all(isinstance(v, list) and all(isinstance(x, str) for x in v) for v in lists):
            return None
        out.append(
            Advisory(
                id=item["id"],
                package=item["package"],
                version=item["version"],
                fix_versions=tuple(item["fix_versions"]),
                aliases=tuple(item["aliases"]),
                summary=item["summary"],
            )
        )
    return tuple(out)
