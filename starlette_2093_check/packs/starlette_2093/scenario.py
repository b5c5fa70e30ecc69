"""Scenario for Kludex/starlette#2093. Runs inside the sandbox through ``repro/harness.py``.

The app is the one from the upstream report: a pass-through ``BaseHTTPMiddleware`` in front of an
endpoint that returns a 201 ``JSONResponse`` carrying a ``BackgroundTasks`` job. Each job holds on
an event that is set as soon as the thing we wait for is observed, or until the deadline.

http  uvicorn, one keep-alive connection, two POSTs. The first request's job holds until the client
      has the second response. If the job keeps the connection busy, the second response can only
      arrive after the deadline released the job.
asgi  the app called directly, in memory (``kit.asgi_exchange``). The job holds until the final
      ``http.response.body`` message (``more_body`` false) is sent. If the response is not finished
      until the job ends, the deadline releases the job instead.
"""

from __future__ import annotations

import json
import threading
from typing import Any

BODY = {"status": "Task created"}


def build_app(kit: Any, jobs: list[Any]) -> Any:
    """The upstream scenario; ``jobs`` are handed out to requests in arrival order."""
    from starlette.background import BackgroundTasks
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
    return kit.starlette_app(routes, [(PassThroughMiddleware, {})])


def http_check(kit: Any, hold: float, timeout: float) -> dict[str, Any]:
    """Two POSTs over one keep-alive connection to a real uvicorn server."""
    import http.client
    import socket

    delivered = threading.Event()  # set once the client holds the complete second response
    jobs = [kit.Job(delivered, hold), kit.Job(delivered, hold)]
    app = build_app(kit, jobs)
    origin = kit.now()
    result: dict[str, Any] = {}
    with kit.serve(app, timeout) as port:
        result["port"] = port
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=hold + timeout)
        conn.connect()
        conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        requests = []
        for n in (1, 2):
            sent = kit.now()
            conn.request("POST", "/task", body=b"{}", headers={"Content-Type": "application/json"})
            local = conn.sock.getsockname() if conn.sock else None
            response = conn.getresponse()
            raw = response.read()
            received = kit.now()
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
                    "sent_ms": kit.rel_ms(sent, origin),
                    "received_ms": kit.rel_ms(received, origin),
                    "local_port": local[1] if local else None,
                }
            )
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
    return result


def asgi_check(kit: Any, hold: float, timeout: float) -> dict[str, Any]:
    """Call the app directly and see whether the response finishes while the job still runs."""
    final_sent = threading.Event()
    job = kit.Job(final_sent, hold)
    app = build_app(kit, [job])
    origin = kit.now()
    seen = kit.asgi_exchange(app, "POST", "/task", hold + timeout, on_leave=final_sent.set)
    job.done.wait(timeout)
    if "error" in seen:
        return {"error": seen["error"], "job": job.as_dict(origin)}
    messages = [
        {**{k: v for k, v in m.items() if k != "at"}, "at_ms": kit.rel_ms(m["at"], origin)}
        for m in seen["messages"]
    ]
    return {
        "status": seen["status"],
        "final_body_ms": kit.rel_ms(seen["left_at"], origin),
        "messages": messages,
        "job": job.as_dict(origin),
    }


CHECKS = {"http": http_check, "asgi": asgi_check}
