"""Today's advisory answers, kept between runs (advisorycache), against the real OSV stub."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from pathlib import Path

from starlette_2093_check.advisorycache import AdvisoryCache
from starlette_2093_check.audit import AuditConfig, Auditor
from tests.fakeosv import FakeOsv
from tests.hangindex import HangingIndex

REPO = Path(__file__).resolve().parents[2]
PAIRS = [("starlette", "0.27.0"), ("starlette", "0.29.0")]


def auditor(url: str, tmp_path: Path, *, refresh: bool = False, timeout: float = 15.0) -> Auditor:
    config = AuditConfig(
        service_url=url,
        cache_dir=tmp_path / "http",
        answers_dir=tmp_path / "advisories",
        refresh=refresh,
        timeout=timeout,
    )
    return Auditor(config)


def test_a_second_run_asks_the_service_nothing_and_reports_the_same(tmp_path: Path) -> None:
    with FakeOsv() as osv:
        first = auditor(osv.url, tmp_path).audit(PAIRS)
        asked = len(osv.queries)
        second = auditor(osv.url, tmp_path).audit(PAIRS)  # a new run: a new Auditor
        assert len(osv.queries) == asked == 2
    assert first.error is None and first.advisories
    assert second == first


def test_refresh_asks_again_and_keeps_the_new_answer(tmp_path: Path) -> None:
    with FakeOsv() as osv:
        auditor(osv.url, tmp_path).audit(PAIRS)
        auditor(osv.url, tmp_path, refresh=True).audit(PAIRS)
        assert len(osv.queries) == 4
        auditor(osv.url, tmp_path).audit(PAIRS)
        assert len(osv.queries) == 4


def test_another_service_does_not_get_this_ones_answers(tmp_path: Path) -> None:
    with FakeOsv() as one, FakeOsv() as other:
        auditor(one.url, tmp_path).audit(PAIRS)
        auditor(other.url, tmp_path).audit(PAIRS)
        assert len(other.queries) == 2


def test_a_kept_answer_stands_in_when_the_service_is_down_and_the_rest_fail(tmp_path: Path) -> None:
    with FakeOsv() as osv:
        auditor(osv.url, tmp_path).audit(PAIRS[:1])
        url = osv.url
    # The stub is gone: its port refuses. The kept pair is answered, the other fails, never clear.
    audit = auditor(url, tmp_path, timeout=2).audit(PAIRS)
    assert audit.audited == (("starlette", "0.27.0"),)
    assert audit.error is not None and "starlette 0.29.0" in audit.error
    assert "starlette 0.27.0" not in audit.error


def test_a_failed_query_is_not_kept(tmp_path: Path) -> None:
    with HangingIndex() as hanging:
        failed = auditor(hanging.url, tmp_path, timeout=1).audit(PAIRS[:1])
    assert failed.error is not None
    assert not list((tmp_path / "advisories").rglob("*.json"))


def test_a_tampered_or_foreign_entry_is_a_miss_and_removed(tmp_path: Path) -> None:
    with FakeOsv() as osv:
        auditor(osv.url, tmp_path).audit(PAIRS[:1])
        [entry] = (tmp_path / "advisories").rglob("*.json")
        body = json.loads(entry.read_text())
        body["version"] = "0.29.0"  # claims another pair: never trusted for this one
        entry.write_text(json.dumps(body))
        audit = auditor(osv.url, tmp_path).audit(PAIRS[:1])
        assert len(osv.queries) == 2 and audit.advisories
        entry.write_text("{not json")
        auditor(osv.url, tmp_path).audit(PAIRS[:1])
        assert len(osv.queries) == 3


def test_other_days_are_removed_when_the_cache_opens(tmp_path: Path) -> None:
    old = tmp_path / "advisories" / (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
    (old / "x").mkdir(parents=True)
    (old / "x" / "y.json").write_text("{}")
    AdvisoryCache(tmp_path / "advisories", None)
    assert not old.exists()


def test_a_warm_audit_does_not_import_pip_audit(tmp_path: Path) -> None:
    code = """
import sys
from pathlib import Path
from starlette_2093_check.audit import AuditConfig, Auditor
base = Path(sys.argv[2])
config = AuditConfig(service_url=sys.argv[1], cache_dir=base / "http", answers_dir=base / "advisories")
audit = Auditor(config).audit([("starlette", "0.27.0")])
assert audit.error is None, audit.error
print(sorted(m for m in sys.modules if m.split(".")[0] in {"pip_audit", "requests"}))
"""
    with FakeOsv() as osv:
        run = [sys.executable, "-c", code, osv.url, str(tmp_path)]
        cold = subprocess.run(run, cwd=REPO, capture_output=True, text=True, check=True)
        warm = subprocess.run(run, cwd=REPO, capture_output=True, text=True, check=True)
        assert len(osv.queries) == 1
    assert "pip_audit" in cold.stdout
    assert warm.stdout.strip() == "[]"
