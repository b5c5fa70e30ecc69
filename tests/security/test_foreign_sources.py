"""Starlette from a fork, a git URL or a vendored directory is never reported as checked.

Before, the release of the version such a lock names was run instead ("not reproduced" for code
that never ran), and a vendored ``-e ./vendor/starlette`` gave no target at all. Each project here
installs starlette from somewhere other than the package index, in a different format; each must be
an inconclusive target with the reason, in every report format, and fail ``--fail-on inconclusive``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import scan_cli, scan_json, write_tree

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
VENDOR = '[project]\nname = "starlette"\nversion = "0.40.0"\n'
WHEEL = "starlette-0.40.0-py3-none-any.whl"
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
    "vendored-copy": {
        "requirements.txt": "fastapi==0.95.1\n-e ./vendor/starlette\n",
        "vendor/starlette/pyproject.toml": '[project]\nname = "starlette"\nversion = "0.29.0"\n',
    },
    "vendored-bare": {"requirements.txt": "-e ./third_party/starlette\n", "third_party/starlette/x.py": ""},
    # uv installs a [tool.uv.sources] entry for a direct dependency from there, not from the index
    "uv-source": {
        "pyproject.toml": PYPROJECT.format(name="svc").replace('"starlette"', '"starlette==0.40.0"')
        + '\n[tool.uv.sources]\nstarlette = { path = "vendor/starlette" }\n',
        "vendor/starlette/pyproject.toml": '[project]\nname = "starlette"\nversion = "0.40.0"\n',
    },
    "uv-git-source": {
        "pyproject.toml": PYPROJECT.format(name="svc")
        + f'\n[tool.uv.sources]\nstarlette = {{ git = "{FORK}", branch = "main" }}\n',
    },
    # pip takes the checkout's own wheel from a --find-links directory
    "find-links": {
        "requirements.txt": "--no-index\n--find-links ./wheels\nstarlette==0.40.0\n",
        "wheels/starlette-0.40.0-py3-none-any.whl": "",
    },
    "uv-flat": {
        "pyproject.toml": PYPROJECT.format(name="svc")
        + '\n[[tool.uv.index]]\nname = "local"\nurl = "./wheels"\nformat = "flat"\n',
        "wheels/starlette-0.40.0.tar.gz": "",
    },
    # uv's own record of a find-links directory: a registry that is a path
    "uv-path-registry": {
        "pyproject.toml": PYPROJECT.format(name="svc"),
        "uv.lock": UV_LOCK.replace(f'git = "{FORK}?rev=main#0123456789abcdef"', 'registry = "wheels"'),
    },
    # pip's own spellings: an attached value, an option after another, abbreviated long options
    "e-nospace": {"requirements.txt": "-e./vendor/starlette\n", "vendor/starlette/pyproject.toml": VENDOR},
    "pre-e": {"requirements.txt": "--pre -e ./vendor/starlette\n", "vendor/starlette/pyproject.toml": VENDOR},
    "edit-abbrev": {
        "requirements.txt": "--edit ./vendor/starlette\n",
        "vendor/starlette/pyproject.toml": VENDOR,
    },
    "find-abbrev": {"requirements.txt": "--find ./wheels\nstarlette==0.40.0\n", "wheels/" + WHEEL: ""},
    "requirem": {
        "requirements.txt": "--requirem more.txt\n",
        "more.txt": "-e ./vendor/starlette\n",
        "vendor/starlette/pyproject.toml": VENDOR,
    },
    "conda-fl": {
        "environment.yml": "dependencies:\n  - pip:\n    - --find-links ./wheels\n    - starlette==0.40.0\n",
        "wheels/" + WHEEL: "",
    },
    "uv-find-links": {
        "pyproject.toml": PYPROJECT.format(name="svc") + '\n[tool.uv]\nfind-links = ["./wheels"]\n',
        "wheels/" + WHEEL: "",
    },
    "pdm-find-links": {
        "pyproject.toml": PYPROJECT.format(name="svc")
        + '\n[[tool.pdm.source]]\nname = "local"\nurl = "./wheels"\ntype = "find_links"\n',
        "wheels/" + WHEEL: "",
    },
    "dir-index": {
        "requirements.txt": "--extra-index-url ./simple\nstarlette==0.40.0\n",
        "simple/starlette/" + WHEEL: "",
    },
    "uv-workspace-member": {
        "pyproject.toml": PYPROJECT.format(name="svc")
        + "\n[tool.uv.sources]\nstarlette = { workspace = true }\n"
        + '[tool.uv.workspace]\nmembers = ["packages/*"]\n',
        "packages/starlette/pyproject.toml": VENDOR,
    },
    "setup-named": {
        "requirements.txt": "-e ./third_party/sl\n",
        "third_party/sl/setup.py": "from setuptools import setup\nsetup(name='starlette', version='1')\n",
    },
    "cfg-named": {
        "requirements.txt": "-e ./lib/x\n",
        "lib/x/setup.cfg": "[metadata]\nname = starlette\nversion = 0.40.0\n",
    },
    # a lock beside a vendored copy does not make the copy a release
    "lock-beside": {
        "requirements.txt": "-e ./vendor/starlette\n",
        "vendor/starlette/pyproject.toml": VENDOR,
        "Pipfile.lock": json.dumps(
            {"_meta": {"sources": []}, "default": {"starlette": {"version": "==0.29.0"}}, "develop": {}}
        ),
    },
    "pylock-file": {
        "pyproject.toml": PYPROJECT.format(name="svc"),
        "pylock.toml": PYLOCK.replace(
            f'vcs = {{ type = "git", url = "{FORK}.git", commit-id = "0123456789abcdef" }}',
            'wheels = [{ path = "vendor/starlette-0.29.0-py3-none-any.whl", hashes = { sha256 = "0" } }]',
        ),
    },
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
    assert targets["vendored-copy"]["source"] == {"file": "vendored-copy/requirements.txt", "line": 2}
    # a fork's tag says what its author calls it: no version is claimed
    assert targets["fork-tag"]["version"] == "unknown" and targets["fork-tag"]["resolution"] == "reference"
    assert "pin a release of starlette to have it checked" in targets["fork-tag"]["reason"]
    assert targets["poetry"]["source"]["file"] == "poetry/poetry.lock"
    assert targets["uv-source"]["source"] == {"file": "uv-source/pyproject.toml", "line": 4}
    assert targets["find-links"]["source"] == {"file": "find-links/requirements.txt", "line": 2}
    assert "find-links/wheels/starlette-0.40.0-py3-none-any.whl" in targets["find-links"]["reason"]
    assert FORK in targets["poetry"]["reason"]
    # the other formats say it too, and never "not reproduced"
    for fmt, needle in (
        ("text", "INCONCLUSIVE"),
        ("markdown", "**Could not be checked**: these projects are **not** known to be safe."),
        ("sarif", '"level": "warning"'),
    ):
        proc = scan_cli(tree, repro_cache, "--format", fmt, "--audit", "off")
        assert proc.returncode == 0, proc.stderr[-2000:]  # nothing reproduced: 0 under the default fail-on
        assert needle in proc.stdout, fmt
        assert "not reproduced" not in proc.stdout.lower().replace("0 not reproduced", ""), fmt


def test_an_override_decides_the_version_the_resolver_finds(tmp_path: Path, repro_cache: Path) -> None:
    """uv's override-dependencies and PDM's resolution overrides replace what requirements ask."""
    tree = tmp_path / "repo"
    write_tree(
        tree / "uv",
        {
            "pyproject.toml": (
                '[project]\nname = "svc"\nversion = "1"\ndependencies = ["starlette>=0.40"]\n\n'
                '[tool.uv]\noverride-dependencies = ["starlette==0.27.0"]\n'
            )
        },
    )
    write_tree(
        tree / "pdm",
        {
            "pyproject.toml": (
                '[project]\nname = "svc"\nversion = "1"\ndependencies = ["fastapi==0.110.0"]\n\n'
                '[tool.pdm.resolution.overrides]\nstarlette = "0.27.0"\n'
            )
        },
    )
    code, report, output = scan_json(tree, repro_cache, "--audit", "off", "--no-reachability")
    targets = {t["root"]: t for t in report["targets"]}
    assert targets["uv"]["version"] == "0.27.0", output[-3000:]
    assert targets["uv"]["source"] == {"file": "uv/pyproject.toml", "line": 7}
    assert targets["pdm"]["version"] == "0.27.0"
    assert {t["verdict"] for t in targets.values()} == {"reproduced"} and code == 1


def test_a_poetry_file_path_is_read_here_not_probed_on_the_runner(tmp_path: Path, repro_cache: Path) -> None:
    """poetry-core would look the path up on the runner's disk and log whether it exists."""
    tree = write_tree(
        tmp_path / "repo",
        {
            "pyproject.toml": (
                '[tool.poetry]\nname = "svc"\n[tool.poetry.dependencies]\n'
                'starlette = { file = "/etc/starlette-0.40.0-py3-none-any.whl" }\n'
            )
        },
    )
    _, report, output = scan_json(tree, repro_cache, "--audit", "off")
    assert "does not exist" not in output and "/etc/" not in json.dumps(report["targets"])
    [error] = report["errors"]
    assert (error["file"], error["line"]) == ("pyproject.toml", 4) and "absolute path" in error["message"]
