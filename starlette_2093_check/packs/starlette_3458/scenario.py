"""Scenario for Kludex/starlette#3458. Runs inside the sandbox through ``repro/harness.py``.

A pass-through ``BaseHTTPMiddleware`` in front of an endpoint whose response has a background task.
Starlette documents that a background task runs once the response has been sent. The client here is
slow: it does not take the end of the response until the background task has started, or until a
short deadline (a quarter of the hold) has passed. If the task starts while the server is still
waiting to hand over the end of the response, it ran before the response was sent.

http  uvicorn; a large body and a client that does not read, so the server's last ``send`` waits for
      the client (flow control). The client reads once the task has started or the deadline passed.
asgi  the app called directly, in memory; the server's ``send`` of the final body message does not
      return until the task has started or the deadline passed.
"""

from __future__ import annotations

import threading
from typing import Any

SIZE = 8 * 1024 * 1024  # more than the socket buffers on both sides hold
SMALL_BODY = b"sent"


class FinalSend:
    """Pure ASGI around the app: when the server's ``send`` of the final body message began and returned."""

    def __init__(self, app: Any, slow: Any = None) -> None:
        self.app = app
        self.slow = slow  # async callable awaited inside that send (the ASGI check's slow client)
        self.began_at: float | None = None
        self.returned_at: float | None = None
        self.app_returned = threading.Event()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        import time

        async def watched(message: Any) -> None:
            final = message["type"] == "http.response.body" and not message.get("more_body", False)
            if final:
                self.began_at = time.monotonic()
                if self.slow is not None:
                    await self.slow()
            await send(message)
            if final:
                self.returned_at = time.monotonic()

        try:
            await self.app(scope, receive, watched)
        finally:
            self.app_returned.set()


def build_app(kit: Any, task: Any, body: bytes) -> Any:
    from starlette.background import BackgroundTask
    from starlette.middleware.base import BaseHTTPMiddleware
    from starlette.responses import Response
    from starlette.routing import Route

    class PassThrough(BaseHTTPMiddleware):
        async def dispatch(self, request: Any, call_next: Any) -> Any:
            return await call_next(request)

    async def endpoint(request: Any) -> Any:
        return Response(body, media_type="application/octet-stream", background=BackgroundTask(task.arun))

    return kit.starlette_app([Route("/", endpoint=endpoint)], [(PassThrough, {})])


def http_check(kit: Any, hold: float, timeout: float) -> dict[str, Any]:
    import socket

    slow = hold / 4
    task = kit.Mark()
    body = b"x" * SIZE
    watch = FinalSend(build_app(kit, task, body))
    origin = kit.now()
    with kit.serve(watch, timeout) as port:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)  # before connect: the window
        sock.settimeout(timeout)
        sock.connect(("127.0.0.1", port))
        sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        released_by = "task" if task.done.wait(slow) else "deadline"
        reading = kit.now()
        data = bytearray()
        head_end = -1
        length = None
        while True:
            chunk = sock.recv(1024 * 1024)
            if not chunk:
                break
            data += chunk
            if head_end < 0:
                head_end = data.find(b"\r\n\r\n")
                if head_end >= 0:
                    for line in bytes(data[:head_end]).split(b"\r\n")[1:]:
                        name, _, value = line.partition(b":")
                        if name.strip().lower() == b"content-length":
                            length = int(value)
            if head_end >= 0 and length is not None and len(data) - head_end - 4 >= length:
                break
        last_byte = kit.now()
        sock.close()
        watch.app_returned.wait(timeout)
        task.done.wait(timeout)
    status_line = bytes(data[: data.find(b"\r\n")]) if data else b""
    parts = status_line.split()
    received = bytes(data[head_end + 4 :]) if head_end >= 0 else b""
    return {
        "status": int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None,
        "body_ok": received == body,
        "bytes": len(received),
        "client_released_by": released_by,
        "client_read_ms": kit.rel_ms(reading, origin),
        "last_byte_ms": kit.rel_ms(last_byte, origin),
        "final_send_began_ms": kit.rel_ms(watch.began_at, origin),
        "final_send_returned_ms": kit.rel_ms(watch.returned_at, origin),
        "task_started_ms": kit.rel_ms(task.ran_at, origin),
        "slow_s": slow,
    }


def asgi_check(kit: Any, hold: float, timeout: float) -> dict[str, Any]:
    import asyncio

    slow = hold / 4
    task = kit.Mark()
    released: dict[str, str] = {}

    async def slow_client() -> None:
        end = kit.now() + slow
        while not task.done.is_set() and kit.now() < end:
            await asyncio.sleep(0.002)
        released["by"] = "task" if task.done.is_set() else "deadline"

    watch = FinalSend(build_app(kit, task, SMALL_BODY), slow_client)
    origin = kit.now()
    seen = kit.asgi_exchange(watch, "GET", "/", hold + timeout)
    task.done.wait(timeout)
    result = {
        "status": seen["status"],
        "body_ok": seen["body"] == SMALL_BODY,
        "client_released_by": released.get("by"),
        "final_send_began_ms": kit.rel_ms(watch.began_at, origin),
        "final_send_returned_ms": kit.rel_ms(watch.returned_at, origin),
        "task_started_ms": kit.rel_ms(task.ran_at, origin),
        "slow_s": slow,
    }
    if "error" in seen:
        result["error"] = seen["error"]
    return result


CHECKS = {"http": http_check, "asgi": asgi_check}
