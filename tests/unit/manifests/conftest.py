from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

Tree = dict[str, str | bytes]


def write_tree(root: Path, files: Tree) -> Path:
    """Write ``{relative path: text or bytes}`` under ``root``; return ``root``."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    return root


@pytest.fixture
def tree(tmp_path: Path) -> Callable[[Tree], Path]:
    """Build a checkout under a subdirectory of tmp_path (so tmp_path itself is 'outside')."""
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    return lambda files: write_tree(checkout, files)
