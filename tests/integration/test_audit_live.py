"""Smoke test against pip-audit's default vulnerability service (the real one).

Skipped unless ``BOT_LIVE_TESTS=1``: everything else runs offline against tests/fakeosv.py.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from packaging.version import Version

from starlette_2093_check.audit import AuditConfig, Auditor

pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(
        os.environ.get("BOT_LIVE_TESTS") != "1", reason="live service tests: set BOT_LIVE_TESTS=1"
    ),
]


def test_starlette_0_27_0_has_advisories_fixed_in_later_releases(tmp_path: Path) -> None:
    audit = Auditor(AuditConfig(cache_dir=tmp_path / "http-cache", timeout=30)).audit(
        [("starlette", "0.27.0")]
    )

    assert audit.error is None, audit.error
    assert audit.audited == (("starlette", "0.27.0"),)
    assert any(Version(fix) > Version("0.27.0") for a in audit.advisories for fix in a.fix_versions), audit
