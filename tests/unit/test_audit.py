"""Known advisories through pip-audit, against a small real OSV on 127.0.0.1 (tests/fakeosv.py).

The fake's database holds Starlette's real advisories (tests/fixtures/osv/) and one made-up
record for the made-up package demo-widgets; it decides what affects a version from the records'
ranges, so these tests exercise pip-audit's real HTTP client and parser end to end.
"""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from starlette_2093_check.audit import AuditConfig, Auditor, clearing_floor
from starlette_2093_check.model import Advisory
from tests.fakeosv import FakeOsv
from tests.hangindex import HangingIndex

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def osv() -> Iterator[FakeOsv]:
    with FakeOsv() as server:
        yield server


def make(url: str, tmp_path: Path, *, timeout: float = 15.0, workers: int = 8) -> Auditor:
    return Auditor(
        AuditConfig(service_url=url, cache_dir=tmp_path / "http-cache", timeout=timeout, workers=workers)
    )


def ids(advisories: tuple[Advisory, ...]) -> list[str]:
    return [a.id for a in advisories]


def test_a_version_gets_the_advisories_fixed_after_it_and_not_those_fixed_at_or_before(
    osv: FakeOsv, tmp_path: Path
) -> None:
    audit = make(osv.url, tmp_path).audit([("Starlette", "0.27.0")])

    assert osv.queries == [{"package": {"name": "starlette", "ecosystem": "PyPI"}, "version": "0.27.0"}]
    assert audit.error is None
    assert audit.audited == (("starlette", "0.27.0"),)
    # Fixed in 0.40.0 and 0.47.2. Not: the multipart DoS (fixed 0.25.0), the StaticFiles traversal
    # (fixed in 0.27.0 itself), the Range DoS (introduced in 0.39.0).
    assert [(a.id, a.fix_versions, a.aliases) for a in audit.advisories] == [
        ("CVE-2024-47874", ("0.40.0",), ("GHSA-f96h-pmfr-66vw",)),
        ("CVE-2025-54121", ("0.47.2",), ("GHSA-2c2j-9gv5-cj73",)),
    ]
    assert {(a.package, a.version) for a in audit.advisories} == {("starlette", "0.27.0")}
    assert "multipart" in audit.advisories[0].summary


def test_an_old_version_gets_one_advisory_per_vulnerability_though_the_service_holds_two_records(
    osv: FakeOsv, tmp_path: Path
) -> None:
    # The service answers PYSEC-2023-48 and GHSA-74m5-2c7w-9w3x (and PYSEC-2023-83 with
    # GHSA-v5gw-mw7f-84px): pip-audit folds each pair into one result under the PYSEC id.
    assert len(osv.vulns("starlette", "0.24.0")) == 6

    audit = make(osv.url, tmp_path).audit([("starlette", "0.24.0")])

    assert [(a.id, a.aliases, a.fix_versions) for a in audit.advisories] == [
        ("CVE-2024-47874", ("GHSA-f96h-pmfr-66vw",), ("0.40.0",)),
        ("CVE-2025-54121", ("GHSA-2c2j-9gv5-cj73",), ("0.47.2",)),
        ("PYSEC-2023-48", ("CVE-2023-30798", "GHSA-74m5-2c7w-9w3x"), ("0.25.0",)),
        ("PYSEC-2023-83", ("CVE-2023-29159", "GHSA-v5gw-mw7f-84px"), ("0.27.0",)),
    ]


def test_the_range_header_dos_affects_only_the_releases_that_have_range_support(
    osv: FakeOsv, tmp_path: Path
) -> None:
    audit = make(osv.url, tmp_path).audit([("starlette", "0.38.6"), ("starlette", "0.48.0")])

    assert [(a.version, a.id) for a in audit.advisories if a.id == "CVE-2025-62727"] == [
        ("0.48.0", "CVE-2025-62727")
    ]
    assert ids(tuple(a for a in audit.advisories if a.version == "0.48.0")) == ["CVE-2025-62727"]


def test_the_fixed_release_gets_none(osv: FakeOsv, tmp_path: Path) -> None:
    audit = make(osv.url, tmp_path).audit([("starlette", "0.49.1")])

    assert audit.advisories == ()
    assert audit.audited == (("starlette", "0.49.1"),)
    assert audit.error is None


def test_the_rest_of_the_set_and_multi_interval_ranges(osv: FakeOsv, tmp_path: Path) -> None:
    auditor = make(osv.url, tmp_path)
    pairs = [("demo-widgets", v) for v in ("0.9", "1.0.0", "1.0.2", "1.0.3", "1.5", "2.0.0", "2.0.1")]

    audit = auditor.audit(pairs)

    assert [a.version for a in audit.advisories] == ["1.0.0", "1.0.2", "2.0.0"]
    assert {a.id for a in audit.advisories} == {"TEST-0001"}
    # The record lists its events out of order; fix versions come back sorted as versions.
    assert {a.fix_versions for a in audit.advisories} == {("1.0.3", "2.0.1")}
    assert len(audit.audited) == 7


def test_advisories_carry_the_version_as_written(osv: FakeOsv, tmp_path: Path) -> None:
    audit = make(osv.url, tmp_path).audit([("demo-widgets", "2.0.0-0")])  # PEP 440 spelling of 2.0.0.post0

    assert osv.asked == [("demo-widgets", "2.0.0.post0")]
    assert [(a.version, a.id) for a in audit.advisories] == [("2.0.0-0", "TEST-0001")]
    assert audit.audited == (("demo-widgets", "2.0.0-0"),)


def test_names_are_canonicalised_and_duplicates_queried_once(osv: FakeOsv, tmp_path: Path) -> None:
    audit = make(osv.url, tmp_path).audit(
        [
            ("Starlette", "0.27.0"),
            ("starlette", "0.27.0"),
            ("demo_widgets", "1.0.0"),
            ("Demo.Widgets", "1.0.0"),
        ]
    )

    assert sorted(osv.asked) == [("demo-widgets", "1.0.0"), ("starlette", "0.27.0")]
    assert audit.audited == (("demo-widgets", "1.0.0"), ("starlette", "0.27.0"))
    assert [(a.package, a.id) for a in audit.advisories] == [
        ("demo-widgets", "TEST-0001"),
        ("starlette", "CVE-2024-47874"),
        ("starlette", "CVE-2025-54121"),
    ]


def test_an_answer_is_kept_for_the_auditors_lifetime(osv: FakeOsv, tmp_path: Path) -> None:
    auditor = make(osv.url, tmp_path)
    first = auditor.audit([("starlette", "0.27.0")])

    second = auditor.audit([("starlette", "0.27.0"), ("starlette", "0.49.1")])

    assert osv.count("starlette", "0.27.0") == 1
    assert osv.count("starlette", "0.49.1") == 1
    assert second.advisories == first.advisories
    assert make(osv.url, tmp_path).audit([("starlette", "0.27.0")]) == first  # a new Auditor asks again
    assert osv.count("starlette", "0.27.0") == 2


def test_concurrent_audits_of_the_same_pairs_ask_each_pair_once(tmp_path: Path) -> None:
    pairs = [("starlette", f"0.{minor}.0") for minor in range(20, 50)]
    with FakeOsv(delay=0.05) as osv:
        auditor = make(osv.url, tmp_path, workers=4)
        results = []

        def run() -> None:
            results.append(auditor.audit(pairs))

        threads = [threading.Thread(target=run) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

        assert sorted(osv.asked) == sorted(set(pairs))
    assert len(results) == 4
    assert all(r == results[0] and r.error is None for r in results)
    assert len(results[0].audited) == 30


def test_a_failure_for_one_package_keeps_the_others_and_names_it(osv: FakeOsv, tmp_path: Path) -> None:
    osv.fail(500, package="demo-widgets", times=None)

    audit = make(osv.url, tmp_path).audit([("starlette", "0.27.0"), ("demo-widgets", "1.0.0")])

    assert ids(audit.advisories) == ["CVE-2024-47874", "CVE-2025-54121"]
    assert audit.audited == (("starlette", "0.27.0"),)
    assert audit.error == (
        f"could not audit 1 of 2 packages (demo-widgets 1.0.0): the vulnerability service at {osv.url} "
        "answered HTTP 500"
    )


def test_a_failed_pair_is_asked_again_by_the_next_audit(osv: FakeOsv, tmp_path: Path) -> None:
    auditor = make(osv.url, tmp_path)
    osv.fail(503, times=1)

    failed = auditor.audit([("starlette", "0.27.0")])
    again = auditor.audit([("starlette", "0.27.0")])

    assert failed.advisories == () and failed.audited == ()
    assert failed.error is not None and "HTTP 503" in failed.error
    assert again.error is None
    assert ids(again.advisories) == ["CVE-2024-47874", "CVE-2025-54121"]
    assert osv.count("starlette", "0.27.0") == 2


def test_the_error_shows_the_service_url_without_credentials(osv: FakeOsv, tmp_path: Path) -> None:
    osv.fail(500, times=None)
    url = osv.url.replace("http://", "http://scanner:s3cret-osv-token@")

    audit = make(url, tmp_path).audit([("starlette", "0.27.0")])

    assert audit.error is not None
    assert "s3cret" not in audit.error and "scanner" not in audit.error
    assert osv.url in audit.error


@pytest.mark.timeout(60)
def test_a_refused_connection_is_an_error_not_an_exception(tmp_path: Path) -> None:
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/v1/query"

    audit = make(url, tmp_path).audit([("starlette", "0.27.0"), ("demo-widgets", "1.0.0")])

    assert audit.advisories == () and audit.audited == ()
    assert audit.error == (
        "could not audit 2 of 2 packages (demo-widgets 1.0.0, starlette 0.27.0): "
        f"the vulnerability service at {url} could not be reached (connection refused)"
    )


@pytest.mark.timeout(60)
def test_a_service_that_does_not_answer_in_time_is_an_error(osv: FakeOsv, tmp_path: Path) -> None:
    osv.fail(200, package="starlette", delay=3.0)

    audit = make(osv.url, tmp_path, timeout=1).audit([("starlette", "0.27.0"), ("demo-widgets", "1.0.0")])

    assert ids(audit.advisories) == ["TEST-0001"]
    assert audit.error == (
        f"could not audit 1 of 2 packages (starlette 0.27.0): the vulnerability service at {osv.url} "
        "did not answer within 1 s"
    )


# ---------------------------------------------------------------------------- a service that is down
def refused_url() -> str:
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}/v1/query"


@pytest.mark.timeout(60)
def test_a_service_that_never_answers_costs_one_timeout_per_run(tmp_path: Path) -> None:
    with HangingIndex() as hanging:  # accepts every connection, never answers
        url = hanging.url.replace("/simple", "/v1/query")
        auditor = make(url, tmp_path, timeout=1, workers=1)
        first = auditor.audit([("starlette", "0.27.0"), ("fastapi", "0.95.1"), ("anyio", "3.7.1")])
        later = auditor.audit([("starlette", "0.27.0"), ("demo-widgets", "1.0.0")])
        # One query per pair (5 connections) before; the first query's wait is the only one now.
        assert hanging.connections == 1
    reason = f"the vulnerability service at {url} did not answer within 1 s"
    assert first.audited == () and later.audited == (), "a pair not asked is never clear"
    assert first.error == (
        f"could not audit 3 of 3 packages (anyio 3.7.1, fastapi 0.95.1, starlette 0.27.0): {reason}"
    )
    assert later.error == f"could not audit 2 of 2 packages (demo-widgets 1.0.0, starlette 0.27.0): {reason}"


@pytest.mark.timeout(120)
def test_a_refused_service_gives_one_reason_whatever_the_order_of_parallel_lookups(tmp_path: Path) -> None:
    # The reverted first attempt gave the pairs that saw the outage a reason of their own, so the
    # sentence split in two depending on which thread failed first.
    pairs = [(f"pkg-{i:02}", "1.0") for i in range(12)]
    for attempt in range(30):
        url = refused_url()
        reason = f"the vulnerability service at {url} could not be reached (connection refused)"
        auditor = make(url, tmp_path / str(attempt), workers=8)
        results = []

        def run(some: list[tuple[str, str]]) -> None:
            results.append(auditor.audit(some))  # noqa: B023 -- joined below, in this iteration

        threads = [threading.Thread(target=run, args=(pairs[i::2],)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        results.append(auditor.audit(pairs))

        halves = {
            f"could not audit 6 of 6 packages ({', '.join(f'pkg-{i:02} 1.0' for i in range(k, 10, 2))}, "
            f"and 1 more): {reason}"
            for k in (0, 1)
        }
        assert {r.error for r in results[:2]} == halves, f"attempt {attempt}"
        assert results[2].error == (
            "could not audit 12 of 12 packages (pkg-00 1.0, pkg-01 1.0, pkg-02 1.0, pkg-03 1.0, "
            f"pkg-04 1.0, and 7 more): {reason}"
        ), f"attempt {attempt}"
        assert all(r.audited == () and r.advisories == () for r in results)


@pytest.mark.timeout(60)
def test_a_slow_answer_after_a_good_one_does_not_stop_the_lookups(osv: FakeOsv, tmp_path: Path) -> None:
    auditor = make(osv.url, tmp_path, timeout=1, workers=1)
    assert auditor.audit([("demo-widgets", "1.0.0")]).error is None
    osv.fail(200, package="starlette", delay=3.0)  # this one query is slow; the service is up

    slow = auditor.audit([("starlette", "0.27.0")])
    after = auditor.audit([("starlette", "0.49.1")])

    assert slow.error is not None and slow.error.endswith("did not answer within 1 s")
    assert osv.count("starlette", "0.49.1") == 1
    assert after.error is None and after.audited == (("starlette", "0.49.1"),)


class _StallingOsv:
    """Answers its first query (no advisories), then sends only the headers of every later answer."""

    def __init__(self) -> None:
        self.queries = 0
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                owner.queries += 1
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.flush()
                if owner.queries > 1:
                    time.sleep(3)
                with contextlib.suppress(OSError):  # the client gave up
                    self.wfile.write(b"{}")

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/v1/query"
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.mark.timeout(60)
def test_an_answer_that_stalls_after_its_headers_is_a_timeout_and_not_an_outage(tmp_path: Path) -> None:
    stalling = _StallingOsv()
    try:
        auditor = make(stalling.url, tmp_path, timeout=1, workers=1)
        good = auditor.audit([("demo-widgets", "1.0.0")])
        stalled = auditor.audit([("starlette", "0.27.0")])
        again = auditor.audit([("starlette", "0.49.1")])
    finally:
        stalling.close()

    assert good.error is None
    assert stalled.error == (
        f"could not audit 1 of 1 package (starlette 0.27.0): the vulnerability service at {stalling.url} "
        "did not answer within 1 s"
    )
    assert stalling.queries == 3, "the service answered before: a slow answer does not stop the lookups"
    assert again.audited == () and again.error is not None


def test_http_errors_and_malformed_answers_do_not_stop_the_lookups(osv: FakeOsv, tmp_path: Path) -> None:
    auditor = make(osv.url, tmp_path, workers=1)
    osv.fail(503, times=1)
    assert auditor.audit([("demo-widgets", "1.0.0")]).error is not None
    osv.fail(200, body=b"[]", times=1)
    assert auditor.audit([("starlette", "0.27.0")]).error is not None

    last = auditor.audit([("starlette", "0.49.1")])

    assert osv.asked == [("demo-widgets", "1.0.0"), ("starlette", "0.27.0"), ("starlette", "0.49.1")]
    assert last.error is None and last.audited == (("starlette", "0.49.1"),)


# ---------------------------------------------------------------------------- imports
_IMPORT_THEN_AUDIT = """
import json, sys
from starlette_2093_check import audit as bot_audit
heavy = ("requests", "urllib3", "pip_audit", "pip_api", "cachecontrol")
at_import = sorted({m.split(".")[0] for m in sys.modules} & set(heavy))
audit = bot_audit.Auditor(bot_audit.AuditConfig(service_url=sys.argv[1], cache_dir=sys.argv[2])).audit(
    [("starlette", "0.27.0")]
)
print(json.dumps({"at_import": at_import, "ids": [a.id for a in audit.advisories], "error": audit.error}))
"""


def test_importing_the_module_loads_neither_requests_nor_pip_audit(osv: FakeOsv, tmp_path: Path) -> None:
    # pip-audit's import runs `python -m pip --version` (through pip_api): a scan with the audit
    # off, or one that has not reached it yet, should not pay for it. A fresh interpreter.
    done = subprocess.run(
        [sys.executable, "-c", _IMPORT_THEN_AUDIT, osv.url, str(tmp_path / "http-cache")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )

    result = json.loads(done.stdout)
    assert result["at_import"] == []
    # and the audit still works once they are imported on first use
    assert (result["ids"], result["error"]) == (["CVE-2024-47874", "CVE-2025-54121"], None)
    assert osv.asked == [("starlette", "0.27.0")]


@pytest.mark.parametrize(
    "body",
    [b"<html>maintenance</html>", b"[]", b"null", b'{"vulns": {}}', b'{"vulns": [{"summary": "no id"}]}'],
)
def test_a_malformed_answer_is_an_error_never_a_clear_result(
    osv: FakeOsv, tmp_path: Path, body: bytes
) -> None:
    osv.fail(200, package="starlette", body=body)

    audit = make(osv.url, tmp_path).audit([("starlette", "0.27.0")])

    assert audit.advisories == () and audit.audited == ()
    assert audit.error == (
        f"could not audit 1 of 1 package (starlette 0.27.0): the vulnerability service at {osv.url} "
        "sent an answer that is not an OSV query result"
    )


def test_an_invalid_version_is_reported_and_not_queried(osv: FakeOsv, tmp_path: Path) -> None:
    osv.fail(502, package="demo-widgets", times=None)

    audit = make(osv.url, tmp_path).audit(
        [("starlette", "0.27.x"), ("starlette", "0.49.1"), ("demo-widgets", "1.0.0")]
    )

    assert osv.asked.count(("starlette", "0.27.x")) == 0
    assert audit.audited == (("starlette", "0.49.1"),)
    assert audit.error == (
        "could not audit 2 of 3 packages: starlette 0.27.x: not a valid PEP 440 version; "
        f"demo-widgets 1.0.0: the vulnerability service at {osv.url} answered HTTP 502"
    )


def test_an_empty_set_asks_nothing(osv: FakeOsv, tmp_path: Path) -> None:
    audit = make(osv.url, tmp_path).audit([])

    assert (audit.advisories, audit.audited, audit.error) == ((), (), None)
    assert osv.queries == []


# ---------------------------------------------------------------------------- clearing_floor
def adv(version: str, *fixes: str, id: str = "X-1") -> Advisory:
    return Advisory(id=id, package="starlette", version=version, fix_versions=fixes)


def test_clearing_floor_is_the_highest_of_the_lowest_fixes() -> None:
    assert (
        clearing_floor([adv("0.27.0", "0.40.0"), adv("0.27.0", "0.47.2"), adv("0.27.0", "0.30.1", "0.29.3")])
        == "0.47.2"
    )


def test_clearing_floor_compares_versions_not_strings() -> None:
    assert clearing_floor([adv("0.8.0", "0.9.0"), adv("0.8.0", "0.10.0")]) == "0.10.0"


def test_clearing_floor_is_none_when_an_advisory_has_no_fix() -> None:
    assert clearing_floor([adv("0.27.0", "0.40.0"), adv("0.27.0")]) is None
    assert clearing_floor([]) is None


def test_clearing_floor_ignores_fixes_on_older_release_lines() -> None:
    # Fixed on the 1.0 line (1.0.3) and the 2.0 line (2.0.1): from 2.0.0 only 2.0.1 helps.
    assert clearing_floor([adv("2.0.0", "1.0.3", "2.0.1")]) == "2.0.1"
    assert clearing_floor([adv("1.0.0", "1.0.3", "2.0.1")]) == "1.0.3"
    assert clearing_floor([adv("2.0.0", "1.0.3")]) is None


def test_clearing_floor_of_a_real_audit(osv: FakeOsv, tmp_path: Path) -> None:
    audit = make(osv.url, tmp_path).audit([("starlette", "0.27.0"), ("starlette", "0.38.6")])

    assert clearing_floor(audit.of("starlette")) == "0.47.2"
