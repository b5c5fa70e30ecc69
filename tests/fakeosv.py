"""A small OSV for tests: real HTTP on 127.0.0.1, ``POST /v1/query`` answered from OSV records.

It decides which records affect the queried version the way OSV does, from the records'
``affected[].ranges`` of type ECOSYSTEM (``introduced``/``fixed``/``last_affected``/``limit``
events, compared as PEP 440 versions) and ``affected[].versions``; nothing is canned per version.
The database is ``tests/fixtures/osv/*.json`` (one record or a list of records per file) unless
records are given. Every query is logged; faults can be injected for N calls or for one package.

    with FakeOsv() as osv:
        osv.url  # http://127.0.0.1:PORT/v1/query
        osv.fail(500, package="starlette", times=None)
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "osv"


def load_records(directory: Path = FIXTURES) -> list[dict[str, Any]]:
    """Every OSV record in ``directory``'s ``*.json`` files."""
    records: list[dict[str, Any]] = []
    for path in sorted(directory.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        records.extend(data if isinstance(data, list) else [data])
    return records


def _event_version(event: Mapping[str, str]) -> Version:
    (value,) = event.values()
    return Version("0") if value == "0" else Version(value)


def in_range(version: Version, events: Sequence[Mapping[str, str]]) -> bool:
    """OSV's evaluation of one ECOSYSTEM range: walk the events in version order."""
    affected = False
    for event in sorted(events, key=_event_version):
        if "introduced" in event:
            if event["introduced"] == "0" or version >= Version(event["introduced"]):
                affected = True
        elif "fixed" in event:
            if version >= Version(event["fixed"]):
                affected = False
        elif "last_affected" in event:
            if version > Version(event["last_affected"]):
                affected = False
        elif "limit" in event and version >= Version(event["limit"]):
            return False
    return affected


def affects(record: Mapping[str, Any], name: str, version: str) -> bool:
    """Whether ``record`` lists PyPI package ``name`` (canonical) at ``version`` as affected."""
    try:
        parsed: Version | None = Version(version)
    except InvalidVersion:
        parsed = None
    for affected in record.get("affected", []):
        package = affected.get("package", {})
        if package.get("ecosystem") != "PyPI" or canonicalize_name(package.get("name", "")) != name:
            continue
        if version in affected.get("versions", []):
            return True
        if parsed is None:
            continue
        for range_ in affected.get("ranges", []):
            if range_.get("type") == "ECOSYSTEM" and in_range(parsed, range_.get("events", [])):
                return True
    return False


@dataclass
class Fault:
    status: int
    times: int | None  # None: every matching call
    package: str | None  # canonical name; None: every package
    body: bytes | None  # None: an OSV-style error object
    delay: float


class FakeOsv:
    """The server, its records, the queries it received (``queries``) and pending faults."""

    def __init__(self, records: Iterable[dict[str, Any]] | None = None, delay: float = 0.0) -> None:
        self.records = list(load_records() if records is None else records)
        self.delay = delay  # added to every answer: widens race windows in concurrency tests
        self.queries: list[dict[str, Any]] = []  # the query bodies received, as sent
        self.faults: list[Fault] = []
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes: without TCP_NODELAY the client's delayed ACK
            # holds the second ~40 ms on a kept-alive connection, a delay no real service has.
            disable_nagle_algorithm = True

            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                status, body, delay = fake.answer(self.path, raw)
                time.sleep(delay)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up
                    self.wfile.write(body)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1/query"

    def fail(
        self,
        status: int = 500,
        *,
        times: int | None = 1,
        package: str | None = None,
        body: bytes | None = None,
        delay: float = 0.0,
    ) -> None:
        """Answer the next ``times`` queries (of ``package``, if given) with ``status`` and ``body``.

        ``status=200`` with a ``body`` serves a malformed answer; ``delay`` holds the answer back.
        """
        name = None if package is None else canonicalize_name(package)
        with self.lock:
            self.faults.append(Fault(status, times, name, body, delay))

    @property
    def asked(self) -> list[tuple[str, str]]:
        """The (canonical name, version) of every well-formed query received, in order."""
        with self.lock:
            return [(canonicalize_name(q["package"]["name"]), q["version"]) for q in self.queries]

    def count(self, name: str, version: str) -> int:
        """How many times (``name``, ``version``) was queried."""
        return self.asked.count((canonicalize_name(name), version))

    def vulns(self, name: str, version: str) -> list[dict[str, Any]]:
        """The records that affect ``name`` at ``version`` (what a query answers)."""
        return [r for r in self.records if affects(r, canonicalize_name(name), version)]

    def answer(self, path: str, raw: bytes) -> tuple[int, bytes, float]:
        if path.split("?")[0] != "/v1/query":
            return 404, b'{"code": 5, "message": "Not Found"}', 0.0
        try:
            query = json.loads(raw)
            name = canonicalize_name(query["package"]["name"])
            ecosystem = query["package"]["ecosystem"]
            version = query["version"]
            if not isinstance(version, str):
                raise TypeError(version)
        except (ValueError, KeyError, TypeError):
            return 400, b'{"code": 3, "message": "Invalid query."}', 0.0
        with self.lock:
            self.queries.append(query)
            fault = next(
                (
                    f
                    for f in self.faults
                    if (f.times is None or f.times > 0) and (f.package is None or f.package == name)
                ),
                None,
            )
            if fault is not None and fault.times is not None:
                fault.times -= 1
        if fault is not None:
            body = fault.body
            if body is None:
                body = json.dumps({"code": 13, "message": f"injected HTTP {fault.status}"}).encode()
            return fault.status, body, self.delay + fault.delay
        vulns = self.vulns(name, version) if ecosystem == "PyPI" else []
        return 200, json.dumps({"vulns": vulns} if vulns else {}).encode(), self.delay

    def __enter__(self) -> FakeOsv:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
