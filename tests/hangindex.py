"""A package index that hangs: a real TCP server on 127.0.0.1 that accepts every connection and
never answers (the fault of an overloaded mirror or a proxy that lost its upstream).

    with HangingIndex() as ix:
        ix.url          # http://127.0.0.1:PORT/simple
        ix.connections  # how many connections were accepted so far
"""

from __future__ import annotations

import socket
import threading
from types import TracebackType


class HangingIndex:
    def __init__(self) -> None:
        self._server = socket.create_server(("127.0.0.1", 0), backlog=128)
        self._held: list[socket.socket] = []
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.getsockname()[1]}/simple"

    @property
    def connections(self) -> int:
        with self._lock:
            return len(self._held)

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._server.accept()
            except OSError:  # closed: the test is over
                return
            with self._lock:
                self._held.append(conn)  # kept open, never read from or written to

    def __enter__(self) -> HangingIndex:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._server.close()
        with self._lock:
            for conn in self._held:
                conn.close()
        self._thread.join(timeout=5)
