"""Starlette from a fork, a git URL or a vendored directory is never reported as checked.

Before, the release of the version such a lock names was run instead ("not reproduced" for code
that never ran), and a vendored ``-e ./vendor/starlette`` gave no target at all. Each project here
installs starlette from somewhere other than the package index, in a different format; each must be
an inconclusive target with the reason, in every report format, and fail ``--fail-on inconclusive``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, clean_env, scan_json, write_tree

pytestmark = pytest.mark.integration

FORK = "https://github.com/attacker/starlette"
POETRY_LOCK = f"""\
[[package]]
name = "starlette"
version = "0.29.0"
description = ""
optional = false
python-versions = ">=3.8"
files = []

[package.source]
type = "git"
url = "{FORK}.git"
reference = "main"
resolved_reference = "0123456789abcdef0123456789abcdef01234567"

[metadata]
lock-version = "2.0"
python-versions = "^3.8"
content-hash = "0"
"""
UV_LOCK = f"""\
version = 1
requires-python = ">=3.8"

[[package]]
name = "svc"
version = "0.1.0"
source = {{ editable = "." }}
dependencies = [{{ name = "starlette" }}]

[[package]]
name = "starlette"
version = "0.29.0"
source = {{ git = "{FORK}?rev=main#0123456789abcdef" }}
"""
PDM_LOCK = f"""\
[metadata]
groups = ["default"]
lock_version = "4.4"
content_hash = "sha256:0"

[[package]]
name = "starlette"
version = "0.29.0"
git = "{FORK}.git"
revision = "0123456789abcdef"
summary = ""
groups = ["default"]
"""
PYLOCK = f"""\
lock-version = "1.0"
created-by = "hand"

[[packages]]
name = "starlette"
version = "0.29.0"
vcs = {{ type = "git", url = "{FORK}.git", commit-id = "0123456789abcdef" }}
"""
PIPFILE_LOCK = {
    "_meta": {"hash": {"sha256": "0"}, "pipfile-spec": 6, "requires": {}, "sources": []},
    "default": {"starlette": {"git": f"{FORK}.git", "ref": "0123456789abcdef"}},
    "develop": {},
}
PYPROJECT = '[project]\nname = "{name}"\nversion = "1"\ndependencies = ["starlette"]\n'
TREES: dict[str, dict[str, str]] = {
    "poetry": {
        "pyproject.toml": '[tool.poetry]\nname = "svc"\n[tool.poetry.dependencies]\nstarlette = "*"\n',
        "poetry.lock": POETRY_LOCK,
    },
    "uv": {"pyproject.toml": PYPROJECT.format(name="svc"), "uv.lock": UV_LOCK},
    "pdm": {"pyproject.toml": PYPROJECT.format(name="svc"), "pdm.lock": PDM_LOCK},
    "pylock": {"pyproject.toml": PYPROJECT.format(name="svc"), "pylock.toml": PYLOCK},
    "pipenv": {"Pipfile": '[packages]\nstarlette = "*"\n', "Pipfile.lock": json.dumps(PIPFILE_LOCK)},
    "fork-tag": {"requirements.txt": f"starlette @ git+{FORK}@0.29.0\n"},
    "wheel-url": {
        "requirements.txt": "starlette @ https://files.example.invalid/starlette-0.29.0-py3-none-any.whl\n"
    },
    "vendored": {
        "requirements.txt": "fastapi==0.95.1\n-e ./vendor/starlette\n",
        "vendor/starlette/pyproject.toml": '[project]\nname = "starlette"\nversion = "0.29.0"\n',
    },
    "vendored-bare": {"requirements.txt": "-e ./third_party/starlette\n", "third_party/starlette/x.py": ""},
}


def test_starlette_from_elsewhere_is_inconclusive_everywhere(tmp_path: Path, repro_cache: Path) -> None:
    tree = tmp_path / "repo"
    for name, files in TREES.items():
        write_tree(tree / name, files)
    code, report, output = scan_json(tree, repro_cache, "--audit", "off", "--fail-on", "inconclusive")
    assert code == 1, output[-3000:]
    targets = {t["root"]: t for t in report["targets"]}
    assert set(targets) == set(TREES), (sorted(targets), report["errors"])
    for root, target in targets.items():
        assert target["verdict"] == "inconclusive", (root, target["verdict"])
        assert "not a release from the package index" in target["reason"], (root, target["reason"])
        assert all(p["verdict"] == "inconclusive" for p in target["packs"]), root
        assert target.get("fix") is None
        assert "duration_s" not in target["evidence"], root  # nothing ran
    assert targets["vendored"]["source"] == {"file": "vendored/requirements.txt", "line": 2}
    assert targets["fork-tag"]["version"] == "0.29.0" and targets["fork-tag"]["resolution"] == "reference"
    assert targets["poetry"]["source"]["file"] == "poetry/poetry.lock"
    assert FORK in targets["poetry"]["reason"]
    # the other formats say it too, and never "not reproduced"
    for fmt, needle in (
        ("text", "INCONCLUSIVE"),
        ("markdown", "Inconclusive"),
        ("sarif", '"level": "warning"'),
    ):
        proc = subprocess.run(
            [
                sys.executable,
                str(REPO / "entrypoint.py"),
                "scan",
                str(tree),
                "--format",
                fmt,
                "--audit",
                "off",
            ],
            capture_output=True,
            text=True,
            env={**clean_env(), "REPRO_CACHE_DIR": str(repro_cache)},
            timeout=900,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr[-2000:]  # nothing reproduced: 0 under the default fail-on
        assert needle in proc.stdout, fmt
        assert "not reproduced" not in proc.stdout.lower().replace("0 not reproduced", ""), fmt
