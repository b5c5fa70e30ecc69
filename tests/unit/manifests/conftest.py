from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import write_tree

Tree = dict[str, str | bytes]


@pytest.fixture
def tree(tmp_path: Path) -> Callable[[Tree], Path]:
    """Build a checkout under a subdirectory of tmp_path (so tmp_path itself is 'outside')."""
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    return lambda files: write_tree(checkout, files)
