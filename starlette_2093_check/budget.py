"""Time budgets: how long a run, and each project root in it, may take.

A package index that accepts connections and never answers costs uv about two minutes per call
(a 30 s read timeout, tried four times), and a root with a very large requirements file keeps uv's
resolver busy for minutes per compile. A ``Budget`` bounds both: every uv call (and every sandbox
step) gets at most what is left, as its subprocess timeout and as uv's ``UV_HTTP_TIMEOUT``, and a
step the time no longer allows raises ``TimeBudgetSpent``, whose message says which budget was
spent before what. The callers turn that into an ``inconclusive`` answer, never a safe one.

The run's budget starts with the scan. Each root's is a child of it: it counts only while the
root's own work runs (its resolution, its fix advice; not the reproductions it waits for, which the
run's budget bounds) and never outlasts the run's.
"""

from __future__ import annotations

import math
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from starlette_2093_check.errors import CheckError

DEFAULT_RUN_SECONDS = 1800.0
DEFAULT_ROOT_SECONDS = 600.0
# uv's own default for UV_HTTP_TIMEOUT (seconds a request may wait for the index).
UV_HTTP_DEFAULT = 30.0

Clock = Callable[[], float]


class TimeBudgetSpent(CheckError, subprocess.SubprocessError):
    """A step was not started, or was stopped, because a time budget was spent.

    A ``SubprocessError``: every caller that already turns a failed or timed-out subprocess into an
    inconclusive answer (with this message as its reason) handles it the same way.
    """

    stage = "time budget"


def parse_seconds(text: str, name: str) -> float | None:
    """A budget given as text (an option, an input): seconds, or None for 0 (no budget)."""
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{name} must be a number of seconds (0: no limit), not {text!r}") from None
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a number of seconds (0: no limit), not {text!r}")
    return value or None


class Budget:
    """A number of seconds, spent while the budget runs, bounded by its parent's.

    ``scope`` names it in messages ("for the run", "for the root services/api"); ``hint`` says how
    to raise it. A budget runs from its creation unless created ``running=False``; ``running()``
    and ``paused()`` (safe from several threads at once: it runs while any thread has it running)
    start and stop its clock.
    """

    def __init__(
        self,
        seconds: float,
        scope: str,
        hint: str = "",
        *,
        parent: Budget | None = None,
        running: bool = True,
        clock: Clock = time.monotonic,
    ) -> None:
        self.seconds = seconds
        self.scope = scope
        self.hint = hint
        self.parent = parent
        self._clock = clock
        self._lock = threading.Lock()
        self._before = 0.0  # spent in earlier stretches
        self._active = 1 if running else 0
        self._since = clock()

    def child(self, seconds: float, scope: str, hint: str = "") -> Budget:
        """A budget inside this one (not running yet: see ``running``)."""
        return Budget(seconds, scope, hint, parent=self, running=False, clock=self._clock)

    @property
    def spent(self) -> float:
        """Seconds this budget has run so far."""
        with self._lock:
            return self._before + (self._clock() - self._since if self._active else 0.0)

    def _own_left(self) -> float:
        return self.seconds - self.spent

    def remaining(self) -> float:
        """Seconds left: this budget's, or its parent's when that is less."""
        left = self._own_left()
        return left if self.parent is None else min(left, self.parent.remaining())

    def _binding(self) -> Budget:
        """The budget (this one or an ancestor) with the least time left."""
        if self.parent is None:
            return self
        above = self.parent._binding()
        return above if above.remaining() < self._own_left() else self

    @property
    def expired(self) -> bool:
        return self.remaining() <= 0

    def reason(self, before: str) -> str:
        """ "time budget of 600 s for the root api spent before <before>" (with how to raise it)."""
        spent = self._binding()
        text = f"time budget of {spent.seconds:g} s {spent.scope} spent before {before}"
        return f"{text} ({spent.hint})" if spent.hint else text

    def spent_error(self, before: str) -> TimeBudgetSpent:
        return TimeBudgetSpent(self.reason(before))

    def check(self, before: str) -> None:
        """Raise ``TimeBudgetSpent`` when nothing is left for the step named by ``before``."""
        if self.expired:
            raise self.spent_error(before)

    def timeout(self, own: float, before: str) -> float:
        """``own`` (a step's own time limit) cut to what is left; ``TimeBudgetSpent`` when nothing is."""
        self.check(before)
        return min(own, self.remaining())

    def uv_env(self, env: Mapping[str, str]) -> dict[str, str]:
        """``env`` with uv's HTTP timeout (the caller's, else uv's default) no longer than what is left."""
        out = dict(env)
        try:
            current = float(env.get("UV_HTTP_TIMEOUT") or UV_HTTP_DEFAULT)
        except ValueError:
            current = UV_HTTP_DEFAULT
        left = max(1, math.ceil(self.remaining()))
        if left < current:
            out["UV_HTTP_TIMEOUT"] = str(left)
        return out

    def _start(self) -> None:
        with self._lock:
            if not self._active:
                self._since = self._clock()
            self._active += 1

    def _stop(self) -> None:
        with self._lock:
            self._active -= 1
            if not self._active:
                self._before += self._clock() - self._since

    @contextmanager
    def running(self) -> Iterator[Budget]:
        """Count the time spent inside the block against this budget."""
        self._start()
        try:
            yield self
        finally:
            self._stop()

    @contextmanager
    def paused(self) -> Iterator[Budget]:
        """Inside ``running``: do not count the block (this thread's share of it)."""
        self._stop()
        try:
            yield self
        finally:
            self._start()


def run(
    cmd: Sequence[str],
    *,
    timeout: float,
    budget: Budget | None,
    before: str,
    env: Mapping[str, str],
    **kwargs: Any,
) -> subprocess.CompletedProcess[str]:
    """``subprocess.run`` (text, output captured) within ``timeout`` and what ``budget`` has left.

    uv's HTTP timeout in ``env`` is bounded the same way. ``TimeBudgetSpent`` (naming ``before``)
    when nothing is left or the budget ran out while the command ran; ``TimeoutExpired`` when the
    command's own ``timeout`` did.
    """
    if budget is None:
        return subprocess.run(
            list(cmd), env=dict(env), timeout=timeout, capture_output=True, text=True, **kwargs
        )
    bounded = budget.timeout(timeout, before)
    try:
        return subprocess.run(
            list(cmd), env=budget.uv_env(env), timeout=bounded, capture_output=True, text=True, **kwargs
        )
    except subprocess.TimeoutExpired:
        if bounded < timeout:
            raise budget.spent_error(before) from None
        raise
