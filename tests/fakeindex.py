"""A private package index for tests: real HTTP on 127.0.0.1, PEP 503 simple pages, basic auth.

It serves wheels built here from a name, a version and ``Requires-Dist`` lines (metadata only, which
is all a resolver reads), and answers 404 for every other project, so the resolver falls through to
the next index for public packages. Every request is logged with the credentials it carried.

    with FakeIndex(user="ci", password="s3cret", packages={("acme-web", "1.0"): ["starlette<0.28"]}) as ix:
        ix.url  # http://127.0.0.1:PORT/simple
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import threading
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from packaging.utils import canonicalize_name


def build_wheel(name: str, version: str, requires: Sequence[str]) -> tuple[str, bytes]:
    """A minimal, valid pure-Python wheel: its file name and bytes."""
    dist = name.replace("-", "_")
    info = f"{dist}-{version}.dist-info"
    metadata = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n" + "".join(
        f"Requires-Dist: {r}\n" for r in requires
    )
    files = {
        f"{dist}/__init__.py": "",
        f"{info}/METADATA": metadata,
        f"{info}/WHEEL": (
            "Wheel-Version: 1.0\nGenerator: fakeindex\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
        ),
    }
    record = "".join(
        f"{path},sha256={base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b'=').decode()},"
        f"{len(text.encode())}\n"
        for path, text in files.items()
    )
    files[f"{info}/RECORD"] = record + f"{info}/RECORD,,\n"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for path, text in files.items():
            zf.writestr(path, text)
    return f"{dist}-{version}-py3-none-any.whl", buffer.getvalue()


@dataclass
class Request:
    path: str
    authorization: str | None


@dataclass
class FakeIndex:
    packages: Mapping[tuple[str, str], Sequence[str]]
    user: str | None = None
    password: str | None = None
    log: list[Request] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._wheels: dict[str, list[tuple[str, bytes]]] = {}
        for (name, version), requires in self.packages.items():
            self._wheels.setdefault(canonicalize_name(name), []).append(build_wheel(name, version, requires))
        index = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_HEAD(self) -> None:
                self.do_GET(head=True)

            def do_GET(self, head: bool = False) -> None:
                auth = self.headers.get("Authorization")
                index.log.append(Request(self.path, auth))
                if index.user is not None and auth != index.expected_auth:
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="fake index"')
                    self.end_headers()
                    return
                status, body, ctype = index.answer(self.path)
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if not head:
                    self.wfile.write(body)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def expected_auth(self) -> str:
        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
        return f"Basic {token}"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/simple"

    def answer(self, path: str) -> tuple[int, bytes, str]:
        parts = [p for p in path.split("?")[0].split("/") if p]
        if len(parts) == 2 and parts[0] == "simple":
            wheels = self._wheels.get(canonicalize_name(parts[1]))
            if not wheels:
                return 404, b"not found", "text/plain"
            links = "".join(
                f'<a href="/files/{html.escape(fn)}#sha256={hashlib.sha256(data).hexdigest()}">'
                f"{html.escape(fn)}</a>\n"
                for fn, data in wheels
            )
            return 200, f"<!DOCTYPE html><html><body>{links}</body></html>".encode(), "text/html"
        if len(parts) == 2 and parts[0] == "files":
            for wheels in self._wheels.values():
                for fn, data in wheels:
                    if fn == parts[1]:
                        return 200, data, "application/octet-stream"
        return 404, b"not found", "text/plain"

    def __enter__(self) -> FakeIndex:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
