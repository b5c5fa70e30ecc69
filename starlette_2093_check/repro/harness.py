"""The scenario runner and its kit. Runs INSIDE the sandbox venv, never in the bot's process.

Invoked as ``python -I -B harness.py HOLD TIMEOUT SCENARIO [SCENARIO ...]``. It loads each scenario
file (a pack's ``scenario.py``) by path, runs each of its checks in its own thread, and prints one
JSON document per scenario on stdout: the versions installed, and one result object per check. The
caller turns each record into a verdict; nothing here decides one.

A scenario is a module with ``CHECKS = {"name": function}``; each function is called as
``function(kit, hold, timeout)`` and returns a JSON-able dict. ``kit`` is this module: the helpers
below (``Job``, ``serve``, ``connect``, ``asgi_scope``, ``now``, ``starlette_app``) are what scenarios
share, so each one stays short, the timing machinery is written once, and one app is built the same
way on every release (``starlette_app`` speaks the API of the installed one).

Only the standard library, starlette, anyio and uvicorn may be imported here or in a scenario: both
run on whatever Python the project declares (3.8 and later), in a venv with nothing else.
"""

from __future__ import annotations

import contextlib
import importlib.util
import inspect
import json
import platform
import socket
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import Any

HARNESS_VERSION = "4"


def now() -> float:
    """Monotonic seconds; every timestamp in a record is relative to one origin."""
    return time.monotonic()


def rel_ms(t: float | None, origin: float) -> float | None:
    """``t`` as milliseconds after ``origin``, rounded to microseconds (None stays None)."""
    return None if t is None else round((t - origin) * 1000, 3)


class Job:
    """A background job that holds on ``gate`` for at most ``hold`` seconds, recording how it ended.

    Instead of sleeping, a job waits for the thing the check is looking for (set by the check as soon
    as it is observed) or for the deadline. Which of the two released it is the observation.
    """

    def __init__(self, gate: threading.Event, hold: float) -> None:
        self.gate = gate
        self.hold = hold
        self.started_at: float | None = None
        self.finished_at: float | None = None
        self.released_by: str | None = None
        self.started = threading.Event()
        self.done = threading.Event()

    def __call__(self) -> None:
        self.started_at = now()
        self.started.set()
        released = self.gate.wait(self.hold)
        self.released_by = "event" if released else "deadline"
        self.finished_at = now()
        self.done.set()

    def as_dict(self, origin: float) -> dict[str, Any]:
        return {
            "started_ms": rel_ms(self.started_at, origin),
            "finished_ms": rel_ms(self.finished_at, origin),
            "released_by": self.released_by,
            "completed": self.done.is_set(),
        }


class AsyncJob(Job):
    """An ``async`` background job for scenarios about cancellation and ordering.

    It holds until ``gate`` (a ``threading.Event``, so a client thread can set it) is set, then lets
    the event loop run ``settle`` more iterations, so that whatever the event set in motion (a
    disconnect being processed, a cancellation on its way) has happened; or until ``hold`` seconds
    have passed. It records whether it ran to the end or was cancelled on the way.
    """

    def __init__(self, gate: threading.Event, hold: float, settle: int = 200) -> None:
        super().__init__(gate, hold)
        self.settle = settle
        self.outcome: str | None = None  # "completed" | "cancelled" | "error: ..."

    async def run(self) -> None:
        """The job itself. Hand Starlette the bound method: old releases only recognise an ``async``
        callable by ``asyncio.iscoroutinefunction``, which is False for an instance."""
        import asyncio

        self.started_at = now()
        self.started.set()
        deadline = self.started_at + self.hold
        try:
            while not self.gate.is_set() and now() < deadline:
                await asyncio.sleep(0.002)
            self.released_by = "event" if self.gate.is_set() else "deadline"
            for _ in range(self.settle):
                await asyncio.sleep(0)
            self.outcome = "completed"
        except BaseException as exc:  # CancelledError is what the check is looking for
            self.outcome = "cancelled" if type(exc).__name__ == "CancelledError" else f"error: {exc!r}"
            raise
        finally:
            self.finished_at = now()
            self.done.set()

    def as_dict(self, origin: float) -> dict[str, Any]:
        # Done also when cancelled: here only the outcome says whether it ran to the end.
        return {**super().as_dict(origin), "outcome": self.outcome, "completed": self.outcome == "completed"}


class Mark:
    """A task that only records when it ran: ``run`` for a sync task (Starlette runs it in its thread
    pool), ``arun`` for an async one."""

    def __init__(self) -> None:
        self.ran_at: float | None = None
        self.done = threading.Event()

    def run(self) -> None:
        self.ran_at = now()
        self.done.set()

    async def arun(self) -> None:
        self.run()


@contextlib.contextmanager
def serve(app: Any, timeout: float) -> Iterator[int]:
    """Run ``app`` under uvicorn on an ephemeral 127.0.0.1 port in a thread; yields the port."""
    import uvicorn

    # proto must be IPPROTO_TCP: asyncio only disables Nagle on accepted sockets that say so,
    # and without that every keep-alive response pays a ~40 ms delayed-ACK stall.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, lifespan="off", log_level="critical", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = now() + timeout
        while not server.started:
            if not thread.is_alive() or now() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.005)
        yield port
    finally:
        # The check has what it measured by now. uvicorn's exit waits out a 0.1 s tick and a 0.1 s
        # grace period even when nothing is left to drain, so it is not waited for: the server
        # thread (a daemon, with its own loop and socket) ends on its own.
        server.should_exit = server.force_exit = True


def asgi3(app: Any) -> Any:
    """``app`` as an ASGI 3 callable (``await app(scope, receive, send)``).

    Starlette before 0.12 speaks ASGI 2: ``app(scope)`` returns an instance that is awaited with
    ``(receive, send)``. Told apart as uvicorn does (a coroutine ``__call__`` is ASGI 3), and
    adapted as uvicorn's ``ASGI2Middleware`` does, so wrappers and in-memory calls see one interface.
    """
    import asyncio

    call = app if inspect.isfunction(app) else type(app).__call__
    if asyncio.iscoroutinefunction(call):
        return app

    async def adapted(scope: Any, receive: Any, send: Any) -> None:
        instance = app(scope)
        await instance(receive, send)

    return adapted


def starlette_app(routes: list[Any], middleware: Sequence[tuple[type, dict[str, Any]]] = ()) -> Any:
    """A Starlette app with ``routes`` and ``middleware`` (``(class, options)`` pairs, outermost
    first), built with the API of the installed release, as an ASGI 3 callable.

    ``Starlette(middleware=[Middleware(cls, **options)])`` is the API from 0.13.0. Earlier releases
    get the same stack (user middleware between the error and the exception middleware) from
    ``add_middleware``, where the last one added is the outermost.
    """
    from starlette.applications import Starlette

    try:
        from starlette.middleware import Middleware
    except ImportError:  # before 0.12.13
        Middleware = None
    params = inspect.signature(Middleware).parameters.values() if Middleware is not None else ()
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params):
        app = Starlette(routes=routes, middleware=[Middleware(cls, **opts) for cls, opts in middleware])
    else:
        app = Starlette(routes=routes)
        for cls, opts in reversed(middleware):
            app.add_middleware(cls, **opts)
    return asgi3(app)


def connect(port: int, timeout: float, nodelay: bool = True) -> socket.socket:
    """A client socket to the server. Without TCP_NODELAY, delayed ACKs blur the timings by ~40 ms."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    if nodelay:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def asgi_scope(
    method: str, path: str, body: bytes = b"", headers: list[tuple[bytes, bytes]] | None = None
) -> dict[str, Any]:
    """An HTTP/1.1 ASGI scope as a server would build it."""
    base = [(b"host", b"127.0.0.1"), (b"content-length", str(len(body)).encode())]
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": base + list(headers or []),
        "client": ("127.0.0.1", 40000),
        "server": ("127.0.0.1", 80),
        "extensions": {},
    }


class Recorder:
    """Pure ASGI around an app: when the server's call into it returned, and how.

    Background tasks run inside that call, so once it has returned, a task that has not run never will.
    """

    def __init__(self, app: Any) -> None:
        self.app = app
        self.returned_at: float | None = None
        self.how: str | None = None  # "returned" | "raised <type>: <message>"
        self.returned = threading.Event()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        try:
            await self.app(scope, receive, send)
            self.how = "returned"
        except BaseException as exc:
            self.how = f"raised {type(exc).__name__}: {exc}"
            raise
        finally:
            self.returned_at = now()
            self.returned.set()


def asgi_exchange(
    app: Any,
    method: str,
    path: str,
    timeout: float,
    *,
    leave_at_length: bool = False,
    on_leave: Callable[[], None] | None = None,
    linger: Callable[[], bool] | None = None,
    settle: int = 200,
) -> dict[str, Any]:
    """Call ``app`` once, in memory, the way a server drives it, in a fresh event loop.

    ``receive`` gives the (empty) request, then blocks until the client has left and answers
    ``http.disconnect``. The client leaves once the final body message has been sent, or, with
    ``leave_at_length``, as soon as it has Content-Length bytes (a client that closes then);
    ``on_leave`` is called at that moment. After the call returns, the loop runs ``settle`` more
    iterations and then keeps running while ``linger()`` is true (at most ``timeout``), since
    leaving ``asyncio.run`` would cancel tasks the app left behind, which a server's loop would not.

    Returns the status, the body, each message with its time, when the client left, when the
    disconnect was delivered, and the error if the call raised. Times are ``now()`` values.
    """
    import asyncio

    seen: dict[str, Any] = {
        "status": None,
        "body": b"",
        "messages": [],
        "left_at": None,
        "disconnect_delivered_at": None,
    }

    async def run() -> None:
        left = asyncio.Event()
        request_given = False
        length: list[int] = []

        def leave() -> None:
            if not left.is_set():
                seen["left_at"] = now()
                left.set()
                if on_leave is not None:
                    on_leave()

        async def receive() -> dict[str, Any]:
            nonlocal request_given
            if not request_given:
                request_given = True
                return {"type": "http.request", "body": b"", "more_body": False}
            await left.wait()
            if seen["disconnect_delivered_at"] is None:
                seen["disconnect_delivered_at"] = now()
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            entry: dict[str, Any] = {"type": message["type"], "at": now()}
            if message["type"] == "http.response.start":
                seen["status"] = entry["status"] = message.get("status")
                for name, value in message.get("headers") or []:
                    if name.lower() == b"content-length":
                        length.append(int(value))
            elif message["type"] == "http.response.body":
                chunk = message.get("body", b"")
                seen["body"] += chunk
                entry["more_body"] = bool(message.get("more_body", False))
                entry["bytes"] = len(chunk)
            seen["messages"].append(entry)
            if message["type"] == "http.response.body":
                complete = leave_at_length and length and len(seen["body"]) >= length[0]
                if complete or not entry["more_body"]:
                    leave()

        await asyncio.wait_for(app(asgi_scope(method, path), receive, send), timeout)
        for _ in range(settle):
            await asyncio.sleep(0)
        end = now() + timeout
        while linger is not None and linger() and now() < end:
            await asyncio.sleep(0.002)

    try:
        asyncio.run(run())
    except BaseException as exc:  # the app's own failure: reported, the check decides
        seen["error"] = f"{type(exc).__name__}: {exc}"
    return seen


def _threaded(fn: Callable[..., dict[str, Any]], *args: Any) -> tuple[threading.Thread, dict[str, Any]]:
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


def _load(path: str, name: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError("cannot load the scenario file " + path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_scenario(path: str, name: str, hold: float, timeout: float) -> dict[str, Any]:
    """Run one scenario file's checks, each in its own thread; the record the caller reads."""
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
    started = now()
    try:
        import starlette  # noqa: F401  (fail early, with a clear error)
        import uvicorn  # noqa: F401

        scenario = _load(path, name)
        checks = dict(scenario.CHECKS)
    except BaseException as exc:
        # A scenario that cannot even be imported on this release (a module it needs is missing)
        # is an import error: the verdict is inconclusive and says which import failed.
        out["import_error"] = f"{type(exc).__name__}: {exc}"
        return out
    kit = sys.modules[__name__]
    running = {check: _threaded(fn, kit, hold, timeout) for check, fn in checks.items()}
    out["checks"] = list(running)
    for check, (thread, box) in running.items():
        thread.join(hold + 3 * timeout)
        if thread.is_alive():
            out[check] = {"error": "check did not finish in time"}
        else:
            out[check] = box.get("result") or {"error": box.get("error"), "traceback": box.get("traceback")}
    out["duration_ms"] = round((now() - started) * 1000, 3)
    return out


def main(argv: list[str]) -> int:
    """``harness.py HOLD TIMEOUT SCENARIO [SCENARIO ...]``: one JSON line per scenario, in order.

    Scenarios run one after the other, so one's timings are not disturbed by another's; running
    several in one process pays the interpreter's start and the imports once.
    """
    hold, timeout = float(argv[1]), float(argv[2])
    for n, path in enumerate(argv[3:]):
        print(json.dumps(run_scenario(path, f"scenario_{n}", hold, timeout)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
