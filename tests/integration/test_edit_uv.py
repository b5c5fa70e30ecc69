"""starlette_2093_check.edit.hashes_with_uv with the real uv, against the configured index."""

from __future__ import annotations

import os
import re

import pytest

from starlette_2093_check.edit import hashes_with_uv
from starlette_2093_check.repro.sandbox import find_uv

pytestmark = pytest.mark.integration


def test_hashes_of_one_pinned_release() -> None:
    compute = hashes_with_uv(find_uv(), dict(os.environ), os.environ.get("UV_INDEX_URL"), "3.11")
    found = compute("starlette==0.29.0")
    assert len(found) >= 2  # the wheel and the sdist
    assert all(re.fullmatch(r"sha256:[0-9a-f]{64}", h) for h in found)
