from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
# The corpus trees are other projects' files (some named test_*.py or conftest.py): data, never run.
collect_ignore_glob = ["corpus/*"]
# How our Markdown names the bug: a link to upstream (a bare "#2093" would link the host repository's).
HEADLINE = "[Starlette #2093](https://github.com/Kludex/starlette/issues/2093)"


@pytest.fixture(scope="session")
def repro_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache directory for the whole session, so tests share venvs the way real scans do."""
    return tmp_path_factory.mktemp("repro-cache")


def write_tree(base: Path, files: dict[str, str | bytes]) -> Path:
    """Create ``files`` (relative path → content) under ``base``."""
    for rel, content in files.items():
        path = base / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")  # keep CRLF tests byte-exact
    return base


def flat(text: str) -> str:
    """The text report with its wrapping undone (every run of whitespace one space): what a sentence
    says, wherever the 80 columns broke it."""
    return " ".join(text.split())


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "INPUT_", "REPRO_"))}


def scan_cli(
    tree: Path, cache: Path, *extra: str, env: Mapping[str, str] | None = None, timeout: float = 900
) -> subprocess.CompletedProcess[str]:
    """``entrypoint.py scan TREE ...`` as a user runs it, in this environment without GitHub's
    variables, with ``env`` laid over it."""
    return subprocess.run(
        [sys.executable, str(REPO / "entrypoint.py"), "scan", str(tree), *extra],
        capture_output=True,
        text=True,
        env={**clean_env(), "REPRO_CACHE_DIR": str(cache), **(env or {})},
        cwd=REPO,
        timeout=timeout,
        check=False,
    )


def scan_json(
    tree: Path, cache: Path, *extra: str, env: Mapping[str, str] | None = None, timeout: float = 900
) -> tuple[int, dict[str, Any], str]:
    """``scan TREE --format json``: exit code, report, stdout+stderr (see ``scan_cli``)."""
    proc = scan_cli(tree, cache, "--format", "json", *extra, env=env, timeout=timeout)
    assert proc.stdout, proc.stderr
    return proc.returncode, json.loads(proc.stdout), proc.stdout + proc.stderr
