"""Verdicts on disk, keyed by everything that can change the outcome (a ``SandboxSpec``).

Only definite verdicts are stored: an inconclusive run may be a passing fault (the index was
down) and is retried on the next scan.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path

from starlette_2093_check.atomic import replace_file
from starlette_2093_check.model import SandboxSpec, Verdict, VerdictStatus

SCHEMA = 2


def spec_key(spec: SandboxSpec) -> str:
    """A stable file-name-safe key for ``spec``."""
    blob = json.dumps({"schema": SCHEMA, **asdict(spec)}, sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()[:32]


class VerdictCache:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, spec: SandboxSpec) -> Path:
        return self.directory / "verdicts" / f"{spec_key(spec)}.json"

    def get(self, spec: SandboxSpec) -> Verdict | None:
        """The stored verdict for ``spec``, or None (a missing or unreadable entry is a miss)."""
        try:
            data = json.loads(self._path(spec).read_text(encoding="utf-8"))
            if data.get("spec") != asdict(spec):
                return None
            return Verdict(
                status=VerdictStatus(data["status"]),
                reason=str(data["reason"]),
                evidence=dict(data["evidence"]),
                cached=True,
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, spec: SandboxSpec, verdict: Verdict) -> None:
        """Store a definite verdict atomically; inconclusive ones are not stored."""
        if verdict.status is VerdictStatus.INCONCLUSIVE:
            return
        path = self._path(spec)
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "spec": asdict(spec),
            "status": verdict.status.value,
            "reason": verdict.reason,
            "evidence": verdict.evidence,
        }
        replace_file(path, json.dumps(payload, sort_keys=True).encode("utf-8"))
