"""Reproduction runs as cells of a ``Plan``: one run per (release, anyio, Python, pack), whoever
asks first (a target's own run, a fix's verification, an organisation's distinct version).

Several built-in packs asked for on one release share one harness process (the interpreter's start
and the imports are paid once); a custom pack always runs on its own.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from starlette_2093_check.model import PythonRequest, Verdict
from starlette_2093_check.packs import Pack
from starlette_2093_check.plan import Cell, Plan
from starlette_2093_check.repro.sandbox import Sandbox

RunKey = tuple[str, str | None, PythonRequest | None, str]


class Runs:
    """The runs of one scan, on ``plan``'s pool."""

    def __init__(self, plan: Plan, sandbox: Sandbox) -> None:
        self.plan = plan
        self.sandbox = sandbox
        # Asking and registering are one step, so that a pack is never run twice at once.
        self._lock = threading.RLock()

    def one(self, version: str, anyio: str | None, python: PythonRequest | None, pack: Pack) -> Cell[Verdict]:
        """The run of ``pack`` on the release (started now unless it already was)."""
        key: RunKey = (version, anyio, python, pack.id)
        with self._lock:
            return self.plan.cell(("run", key), lambda: self.sandbox.verdict(version, anyio, python, pack))

    def many(
        self, version: str, anyio: str | None, python: PythonRequest | None, packs: Sequence[Pack]
    ) -> list[Cell[Verdict]]:
        """The runs of several packs on one release, the built-in ones not asked for yet sharing a
        process."""
        with self._lock:
            fresh = [
                p
                for p in packs
                if not p.custom and not self.plan.known(("run", (version, anyio, python, p.id)))
            ]
            if len(fresh) >= 2:
                joint: Cell[list[Verdict]] = Cell(
                    lambda: self.sandbox.verdicts(version, anyio, python, fresh)
                )
                for i, pack in enumerate(fresh):
                    part: Cell[Verdict] = Cell(lambda i=i: joint.get()[i])  # type: ignore[misc]
                    self.plan.add(("run", (version, anyio, python, pack.id)), part)
                self.plan.start(joint)
            return [self.one(version, anyio, python, p) for p in packs]
