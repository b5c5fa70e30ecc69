"""One scan's work as a plan: each piece done once, on one executor, when what it needs is ready.

A ``Cell`` is a piece of work (resolve a root, run a pack on a release, compute a fix, audit a set)
that is done once, whoever asks first. The plan's pool starts the cells it is handed, in the order
they were handed; a thread that needs a cell nobody has started yet does it itself instead of
waiting for a pool thread. That is what lets every stage share one bounded pool: work that waits
for other work (fix advice waits for runs) can never hold all the threads while what it waits for
sits in the queue behind it.

``Plan.cell`` keys cells, so two stages asking for the same work (the headline's run of a release
that a fix also verifies) share it. ``Plan.after`` starts a cell once the cells it depends on are
done, without a thread waiting for them.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Hashable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType
from typing import Generic, TypeVar

T = TypeVar("T")


class Cell(Generic[T]):
    """Work done once: by a pool thread when one gets to it first, else by the first ``get``."""

    def __init__(self, work: Callable[[], T], needs: Sequence[Cell[object]] = ()) -> None:
        self._work = work
        self._needs = needs  # done first, whoever does this cell
        self._future: Future[T] = Future()
        self._claimed = False
        self._lock = threading.Lock()

    @classmethod
    def done(cls, value: T) -> Cell[T]:
        """A cell whose work is already done."""
        cell: Cell[T] = cls(lambda: value)
        cell._do()
        return cell

    def _do(self) -> None:
        with self._lock:
            if self._claimed:
                return
            self._claimed = True
        self._future.set_running_or_notify_cancel()
        try:
            for need in self._needs:
                need.get()
            value = self._work()
        except BaseException as exc:  # handed to whoever gets the cell
            self._future.set_exception(exc)
        else:
            self._future.set_result(value)
        finally:
            del self._work, self._needs  # what they hold is no longer needed

    def get(self) -> T:
        """The result: at once when done, after waiting when another thread is doing it, else done
        here and now. Raises what the work raised."""
        self._do()
        return self._future.result()

    def on_done(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` (in the thread that finishes the work, or now) once the work is done."""
        self._future.add_done_callback(lambda _f: callback())

    @property
    def finished(self) -> bool:
        return self._future.done()


class Plan:
    """The cells of one scan and the one pool that starts them."""

    def __init__(self, workers: int) -> None:
        self._pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="plan")
        self._cells: dict[Hashable, Cell[object]] = {}
        self._lock = threading.Lock()

    def start(self, cell: Cell[T]) -> Cell[T]:
        """Hand ``cell`` to the pool (a cell already done or being done is left as it is; after the
        plan has closed, whoever needs the cell does it)."""
        self._submit_quietly(cell)
        return cell

    def cell(self, key: Hashable, work: Callable[[], T], *, start: bool = True) -> Cell[T]:
        """The cell for ``key``: the one made earlier, else a new one doing ``work`` (handed to the
        pool unless ``start`` is false: then it is done by whoever first needs it)."""
        with self._lock:
            known = self._cells.get(key)
            if known is not None:
                return known  # type: ignore[return-value]
            made: Cell[T] = Cell(work)
            self._cells[key] = made  # type: ignore[assignment]
        return self.start(made) if start else made

    def add(self, key: Hashable, cell: Cell[T]) -> Cell[T]:
        """Register ``cell`` under ``key`` unless one is there already; the one kept is returned."""
        with self._lock:
            known = self._cells.setdefault(key, cell)  # type: ignore[arg-type]
        return known  # type: ignore[return-value]

    def known(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._cells

    def after(self, needs: Sequence[Cell[object]], work: Callable[[], T]) -> Cell[T]:
        """A cell doing ``work`` after every cell in ``needs``: handed to the pool once they are done
        (a thread that needs it sooner does them first, then it)."""
        made: Cell[T] = Cell(work, needs)
        left = [len(needs)]
        guard = threading.Lock()

        def one_done() -> None:
            with guard:
                left[0] -= 1
                ready = left[0] == 0
            if ready:
                self._submit_quietly(made)

        if not needs:
            return self.start(made)
        for need in needs:
            need.on_done(one_done)
        return made

    def _submit_quietly(self, cell: Cell[T]) -> None:
        with contextlib.suppress(RuntimeError):  # shutting down: whoever needs the cell does it
            self._pool.submit(cell._do)

    def __enter__(self) -> Plan:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        # On an error nothing queued is worth starting; what is running finishes.
        self._pool.shutdown(wait=True, cancel_futures=kind is not None)
