#!/usr/bin/env python3
"""Set-up and everyday commands, with nothing but Python 3.11+ installed.

    python3 dev.py example   # bootstrap .venv, then scan the bundled example and print the report
    python3 dev.py test      # bootstrap .venv, then run the whole test suite
    python3 dev.py lint      # ruff and mypy (strict on starlette_2093_check/)

The first call creates ``.venv`` and installs ``requirements-dev.lock`` (hash-checked); later calls
reuse it until the lock changes. Extra arguments go to the command (``dev.py test -k resolve``).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements-dev.lock"
PY = VENV / "bin" / "python"
EXAMPLE = ROOT / "examples" / "shop"


def bootstrap() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - this file must start on older Pythons to say so
        sys.exit(f"Python 3.11 or newer is needed, this is {sys.version.split()[0]}")
    stamp = VENV / ".lock-sha256"
    digest = hashlib.sha256(LOCK.read_bytes()).hexdigest()
    if stamp.is_file() and stamp.read_text().strip() == digest and PY.exists():
        return
    print(f"==> creating {VENV.name} and installing {LOCK.name}", file=sys.stderr, flush=True)
    venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    subprocess.run(
        [
            str(PY),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--require-hashes",
            "--only-binary",
            ":all:",
            "-r",
            str(LOCK),
        ],
        check=True,
    )
    stamp.write_text(digest + "\n")


def run(*cmd: str) -> int:
    return subprocess.run([str(PY), *cmd], cwd=ROOT, check=False).returncode


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("example", "test", "lint"):
        print(__doc__, file=sys.stderr)
        return 2
    command, extra = argv[0], argv[1:]
    bootstrap()
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    if command == "example":
        # Exit code 1 here means what it means everywhere: the bug reproduced (it does, by design).
        return run("entrypoint.py", "scan", str(EXAMPLE), *extra)
    if command == "test":
        return run("-m", "pytest", *extra)
    return run("-m", "ruff", "check", ".") or run("-m", "ruff", "format", "--check", ".") or run("-m", "mypy")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
