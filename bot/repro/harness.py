"""Reproduction harness for Kludex/starlette#2093. Runs INSIDE the sandbox venv.

Only the standard library, starlette and uvicorn may be imported here: this file is copied into
an isolated virtualenv and executed with that venv's interpreter. It prints exactly one JSON
document on stdout; the caller turns it into a verdict.

The scenario is the one from the upstream report: a pass-through ``BaseHTTPMiddleware`` in front
of an endpoint that returns a 201 ``JSONResponse`` carrying a ``BackgroundTasks`` job. Instead of
sleeping, each background job *holds* on an event that is set as soon as the thing we are waiting
for is observed (or a deadline passes). Whether a job was released by the event or by the
deadline is the observation; nothing here guesses from version numbers.

Two independent checks run concurrently:

http  uvicorn on an ephemeral 127.0.0.1 port, one keep-alive connection, two POSTs. The first
      request's job holds until the client has the second response. If the connection is kept
      busy by the job, the second response can only arrive after the deadline released the job.
asgi  the app called directly with an in-memory receive/send. The job holds until the final
      ``http.response.body`` message (``more_body`` false) has been sent. If the response is not
      finished until the job ends, the job is released by the deadline instead.
"""

from __future__ import annotations

import asyncio
import json
import platform
import socket
import sys
import threading
import time
import traceback
from typing import Any

HARNESS_VERSION = "1"
BODY = {"status": "Task created"}


def _now() -> float:
    return time.monotonic()


class Job:
    """One background job: holds on ``gate`` for at most ``hold`` seconds, recording how it ended."""

    def __init__(self, gate: threading.Event, hold: float) -> None:
        self.gate = gate
        self.hold = hold
        self.started_at: float | None = None
        self.finished_at: float | None = None
        self.released_by: str | None = None
        self.done = threading.Event()

    def __call__(self) -> None:
        self.started_at = _now()
        released = self.gate.wait(self.hold)
        self.released_by = "event" if released else "deadline"
        self.finished_at = _now()
        self.done.set()

    def as_dict(self, origin: float) -> dict[str, Any]:
        def rel(t: float | None) -> float | None:
            return None if t is None else round((t - origin) * 1000, 3)

        return {
            "started_ms": rel(self.started_at),
            "finished_ms": rel(self.finished_at),
            "released_by": self.released_by,
            "completed": self.done.is_set(),
        }


def build_app(jobs: list[Job]) -> Any:
    """The upstream scenario; ``jobs`` are handed out to requests in arrival order."""
    from starlette.applications import Starlette
    from starlette.background import BackgroundTasks
    from starlette.middleware import Middleware
    from starlette.middleware.base import BaseHTTPMiddleware
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    class PassThroughMiddleware(BaseHTTPMiddleware):
        async def dispatch(self, request: Any, call_next: Any) -> Any:
            return await call_next(request)

    pending = list(jobs)
    lock = threading.Lock()

    def create_task(request: Any) -> Any:
        with lock:
            job = pending.pop(0)
        tasks = BackgroundTasks()
        tasks.add_task(job)
        return JSONResponse(BODY, background=tasks, status_code=201)

    routes = [Route("/task", endpoint=create_task, methods=["POST"])]
    return Starlette(routes=routes, middleware=[Middleware(PassThroughMiddleware)])


def http_check(hold: float, timeout: float) -> dict[str, Any]:
    """Two POSTs over one keep-alive connection to a real uvicorn server."""
    import http.client

    import uvicorn

    delivered = threading.Event()  # set once the client holds the complete second response
    jobs = [Job(delivered, hold), Job(delivered, hold)]
    app = build_app(jobs)

    # proto must be IPPROTO_TCP: asyncio only disables Nagle on accepted sockets that say so,
    # and without that every keep-alive response pays a ~40 ms delayed-ACK stall.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, lifespan="off", log_level="critical", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    origin = _now()
    thread.start()
    result: dict[str, Any] = {"port": port}
    try:
        deadline = origin + timeout
        while not server.started:
            if not thread.is_alive() or _now() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.005)

        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=hold + timeout)
        conn.connect()
        # Without this, delayed ACKs add ~40 ms to the second request and blur the measurement.
        conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        requests = []
        peer = None
        for n in (1, 2):
            sent = _now()
            conn.request("POST", "/task", body=b"{}", headers={"Content-Type": "application/json"})
            local = conn.sock.getsockname() if conn.sock else None
            response = conn.getresponse()
            raw = response.read()
            received = _now()
            if n == 2:
                delivered.set()
            try:
                body = json.loads(raw)
            except ValueError:
                body = raw.decode("utf-8", "replace")[:200]
            requests.append(
                {
                    "status": response.status,
                    "body_ok": body == BODY,
                    "latency_ms": round((received - sent) * 1000, 3),
                    "sent_ms": round((sent - origin) * 1000, 3),
                    "received_ms": round((received - origin) * 1000, 3),
                    "local_port": local[1] if local else None,
                }
            )
            peer = peer or local
            if response.will_close:
                break
        conn.close()
        for job in jobs:
            job.done.wait(hold + timeout)
        ports = {r["local_port"] for r in requests}
        result.update(
            requests=requests,
            same_connection=len(requests) == 2 and len(ports) == 1 and None not in ports,
            jobs=[job.as_dict(origin) for job in jobs],
        )
    finally:
        server.should_exit = True
        thread.join(timeout)
    return result


def asgi_check(hold: float, timeout: float) -> dict[str, Any]:
    """Call the app directly and see whether the response finishes while the job still runs."""
    final_sent = threading.Event()
    job = Job(final_sent, hold)
    app = build_app([job])
    origin = _now()
    messages: list[dict[str, Any]] = []

    async def run() -> None:
        finished = asyncio.Event()
        request_given = False

        async def receive() -> dict[str, Any]:
            nonlocal request_given
            if not request_given:
                request_given = True
                return {"type": "http.request", "body": b"{}", "more_body": False}
            # Like uvicorn: block until the response is complete, then report a disconnect.
            await finished.wait()
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            at = round((_now() - origin) * 1000, 3)
            entry: dict[str, Any] = {"type": message["type"], "at_ms": at}
            if message["type"] == "http.response.start":
                entry["status"] = message.get("status")
            elif message["type"] == "http.response.body":
                entry["more_body"] = bool(message.get("more_body", False))
                entry["bytes"] = len(message.get("body", b""))
                if not entry["more_body"]:
                    final_sent.set()
                    finished.set()
            messages.append(entry)

        scope = {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.3"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": "/task",
            "raw_path": b"/task",
            "root_path": "",
            "query_string": b"",
            "headers": [
                (b"host", b"127.0.0.1"),
                (b"content-type", b"application/json"),
                (b"content-length", b"2"),
            ],
            "client": ("127.0.0.1", 40000),
            "server": ("127.0.0.1", 80),
            "extensions": {},
        }
        await asyncio.wait_for(app(scope, receive, send), hold + timeout)

    asyncio.run(run())
    job.done.wait(timeout)
    final = [m for m in messages if m["type"] == "http.response.body" and not m["more_body"]]
    start = [m for m in messages if m["type"] == "http.response.start"]
    return {
        "status": start[0]["status"] if start else None,
        "final_body_ms": final[0]["at_ms"] if final else None,
        "messages": messages,
        "job": job.as_dict(origin),
    }


def _threaded(fn: Any, *args: Any) -> tuple[threading.Thread, dict[str, Any]]:
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["result"] = fn(*args)
        except BaseException as exc:  # reported, never raised: the caller decides
            box["error"] = f"{type(exc).__name__}: {exc}"
            box["traceback"] = traceback.format_exc(limit=8)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread, box


def _version(dist: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return None


def main(argv: list[str]) -> int:
    hold = float(argv[1]) if len(argv) > 1 else 1.0
    timeout = float(argv[2]) if len(argv) > 2 else 10.0
    out: dict[str, Any] = {
        "harness_version": HARNESS_VERSION,
        "hold_s": hold,
        "versions": {
            "python": platform.python_version(),
            "starlette": _version("starlette"),
            "anyio": _version("anyio"),
            "uvicorn": _version("uvicorn"),
            "h11": _version("h11"),
        },
    }
    started = _now()
    try:
        import starlette.middleware.base  # noqa: F401  (fail early, with a clear error)
        import uvicorn  # noqa: F401
    except BaseException as exc:
        out["import_error"] = f"{type(exc).__name__}: {exc}"
        print(json.dumps(out))
        return 0
    checks = {"http": _threaded(http_check, hold, timeout), "asgi": _threaded(asgi_check, hold, timeout)}
    for name, (thread, box) in checks.items():
        thread.join(hold + 3 * timeout)
        if thread.is_alive():
            out[name] = {"error": "check did not finish in time"}
        else:
            out[name] = box.get("result") or {"error": box.get("error"), "traceback": box.get("traceback")}
    out["duration_ms"] = round((_now() - started) * 1000, 3)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
