from __future__ import annotations

import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

import starlette_2093_check.manifests
from starlette_2093_check.layout import Layout
from starlette_2093_check.manifests import discover
from starlette_2093_check.model import Discovery, Manifest, ManifestKind, ScanError

Tree = Callable[[dict[str, str | bytes]], Path]

PYPROJECT = '[project]\nname = "x"\ndependencies = ["fastapi==0.100.1"]\n'
UV_LOCK = '[[package]]\nname = "starlette"\nversion = "0.27.0"\n'
POETRY_LOCK = '[[package]]\nname = "starlette"\nversion = "0.27.0"\n'


def layout(discovery: Discovery) -> dict[str, list[tuple[str, ManifestKind]]]:
    return {r.path: [(m.path, m.kind) for m in r.manifests] for r in discovery.roots}


def test_roots_manifests_and_scanned(tree: Tree) -> None:
    checkout = tree(
        {
            "pyproject.toml": "[tool.ruff]\nline-length = 100\n",
            "requirements.txt": "-r requirements-base.txt\nstarlette\n",
            "requirements-base.txt": "anyio\n",
            "requirements-dev.txt": "pytest\n",
            "requirements/prod.txt": "-c ../constraints.in\nuvicorn\n",
            "requirements/README.md": "not a manifest\n",
            "constraints.in": "uvicorn==0.23.0\n",
            ".python-version": "3.12\n",
            "services/api/pyproject.toml": PYPROJECT,
            "services/api/poetry.lock": POETRY_LOCK,
            "services/worker/uv.lock": UV_LOCK,
            "services/worker/.python-version": "3.11\n",
            "docs/.python-version": "3.13\n",
            "docs/conf.py": "print('never executed')\n",
            "setup.txt": "not matched\n",
        }
    )
    d = discover(checkout)
    assert d.errors == ()
    assert layout(d) == {
        ".": [
            (".python-version", ManifestKind.PYTHON_VERSION),
            ("pyproject.toml", ManifestKind.PYPROJECT),
            ("requirements-base.txt", ManifestKind.REQUIREMENTS),
            ("requirements-dev.txt", ManifestKind.REQUIREMENTS),
            ("requirements.txt", ManifestKind.REQUIREMENTS),
            ("requirements/prod.txt", ManifestKind.REQUIREMENTS),
        ],
        "services/api": [
            ("services/api/poetry.lock", ManifestKind.POETRY_LOCK),
            ("services/api/pyproject.toml", ManifestKind.PYPROJECT),
        ],
        "services/worker": [
            ("services/worker/.python-version", ManifestKind.PYTHON_VERSION),
            ("services/worker/uv.lock", ManifestKind.UV_LOCK),
        ],
    }
    assert d.scanned == (
        ".python-version",
        "constraints.in",
        "docs/.python-version",
        "pyproject.toml",
        "requirements-base.txt",
        "requirements-dev.txt",
        "requirements.txt",
        "requirements/prod.txt",
        "services/api/poetry.lock",
        "services/api/pyproject.toml",
        "services/worker/.python-version",
        "services/worker/uv.lock",
    )
    prod = next(m for m in d.roots[0].manifests if m.path == "requirements/prod.txt")
    assert prod.includes == ("constraints.in",)
    assert [(r.name, r.constraint, str(r.location)) for r in prod.requirements] == [
        ("uvicorn", True, "constraints.in:1"),
        ("uvicorn", False, "requirements/prod.txt:2"),
    ]
    worker = d.roots[2].manifests
    assert worker[0].python_version == "3.11"
    assert worker[1].locked[0].name == "starlette"


def test_skipped_directories_and_virtualenvs(tree: Tree) -> None:
    files: dict[str, str | bytes] = {
        f"{d}/requirements.txt": "starlette\n"
        for d in (
            ".git",
            ".hg",
            "node_modules/pkg",
            "lib/site-packages/x",
            "__pycache__",
            ".tox/py311",
            ".nox/tests",
            ".venv",
            "venv",
            ".mypy_cache",
            ".pytest_cache",
            "env",
        )
    }
    files["env/pyvenv.cfg"] = "home = /usr/bin\n"
    files["app/requirements.txt"] = "starlette\n"
    checkout = tree(files)
    d = discover(checkout)
    assert layout(d) == {"app": [("app/requirements.txt", ManifestKind.REQUIREMENTS)]}
    assert d.scanned == ("app/requirements.txt",)
    assert d.skipped == ()  # never entered, so never listed: nothing there is the project's


PINNED = "starlette==0.27.0\n"


def test_fixture_data_vendored_hidden_and_template_trees_are_skipped_and_listed(tree: Tree) -> None:
    checkout = tree(
        {
            "app/requirements.txt": PINNED,
            "tests/requirements.txt": "pytest\n",
            "tests/fixtures/proj/requirements.txt": PINNED,
            "tests/fixtures/proj/pyproject.toml": PYPROJECT,
            "pkg/test/setup.cfg": "[options]\ninstall_requires = starlette==0.13.0\n",
            "svc/testdata/broken/pyproject.toml": "[project\n",  # never read: no error either
            "web/__fixtures__/Pipfile": '[packages]\nstarlette = "==0.20.0"\n',
            "data/requirements.txt": PINNED,
            "notebooks/requirements.txt": PINNED,
            "third_party/lib/setup.py": "from setuptools import setup\nsetup(install_requires=['x'])\n",
            "build/lib/pyproject.toml": PYPROJECT,
            ".github/requirements.txt": "pre-commit\n",
            "{{cookiecutter.slug}}/requirements.txt": PINNED,
            "tests/.python-version": "3.12\n",  # not a project: not listed
        }
    )
    d = discover(checkout)
    assert layout(d) == {"app": [("app/requirements.txt", ManifestKind.REQUIREMENTS)]}
    assert d.scanned == ("app/requirements.txt",)
    assert d.errors == ()
    assert [(s.path, s.pattern, s.manifests) for s in d.skipped] == [
        (".github", ".*/", (".github/requirements.txt",)),
        ("build", "build/", ("build/lib/pyproject.toml",)),
        ("data", "data/", ("data/requirements.txt",)),
        ("notebooks", "notebooks/", ("notebooks/requirements.txt",)),
        ("pkg/test", "test/", ("pkg/test/setup.cfg",)),
        ("svc/testdata", "testdata/", ("svc/testdata/broken/pyproject.toml",)),
        (
            "tests",
            "tests/",
            (
                "tests/fixtures/proj/pyproject.toml",
                "tests/fixtures/proj/requirements.txt",
                "tests/requirements.txt",
            ),
        ),
        ("third_party", "third_party/", ("third_party/lib/setup.py",)),
        ("web/__fixtures__", "__fixtures__/", ("web/__fixtures__/Pipfile",)),
        ("{{cookiecutter.slug}}", "*{{*/", ("{{cookiecutter.slug}}/requirements.txt",)),
    ]


def test_skip_and_include_patterns_choose_what_is_read(tree: Tree) -> None:
    checkout = tree(
        {
            "requirements.txt": PINNED,
            "requirements-docs.txt": "sphinx\n",
            "legacy/requirements.txt": PINNED,
            "services/api/requirements.txt": PINNED,
            "services/api/old/requirements.txt": PINNED,
            "tests/fixtures/app/requirements.txt": PINNED,
            "tests/fixtures/other/requirements.txt": PINNED,
            "samples/shop/requirements.txt": PINNED,
        }
    )
    chosen = Layout.of(
        skip=["legacy", "services/*/old/", "requirements-docs.txt", "/samples"],
        include=["tests/fixtures/app"],
    )
    d = discover(checkout, chosen)
    assert [r.path for r in d.roots] == [".", "services/api", "tests/fixtures/app"]
    assert [(s.path, s.pattern, s.manifests) for s in d.skipped] == [
        ("legacy", "legacy", ("legacy/requirements.txt",)),
        ("requirements-docs.txt", "requirements-docs.txt", ("requirements-docs.txt",)),
        ("samples", "/samples", ("samples/shop/requirements.txt",)),
        ("services/api/old", "services/*/old/", ("services/api/old/requirements.txt",)),
        ("tests", "tests/", ("tests/fixtures/other/requirements.txt",)),
    ]
    # the defaults alone
    assert [r.path for r in discover(checkout).roots] == [
        ".",
        "legacy",
        "samples/shop",
        "services/api",
        "services/api/old",
    ]


def test_a_skipped_directory_that_a_project_installs_or_includes_is_read(tree: Tree) -> None:
    checkout = tree(
        {
            "requirements.txt": "-e ./vendor/web\n-r tests/requirements.txt\n",
            "tests/requirements.txt": "pytest\n",
            "vendor/web/pyproject.toml": '[project]\nname = "web"\n',
            "vendor/web/requirements.txt": "-e ../core\n",
            "vendor/core/setup.py": "from setuptools import setup\nsetup(name='core')\n",
            "vendor/unused/requirements.txt": PINNED,
        }
    )
    d = discover(checkout)
    # installed from the project (also through another skipped one): read, as roots for that project
    assert [r.path for r in d.roots] == [".", "vendor/core", "vendor/web"]
    assert "tests/requirements.txt" in d.scanned  # read as an include, so not listed as skipped
    assert [(s.path, s.manifests) for s in d.skipped] == [("vendor", ("vendor/unused/requirements.txt",))]
    assert d.errors == ()


def test_setup_py_that_calls_no_setup_is_no_manifest_and_no_root(tree: Tree) -> None:
    checkout = tree(
        {
            "requirements.txt": "fastapi==0.95.0\n",
            # application modules called setup.py
            "app/setup.py": "import logging\n\ndef setup():\n    logging.basicConfig()\n\nsetup()\n",
            "web/setup.py": "import django\ndjango.setup()\napp.setup(name='x')\n",
            "cli/setup.py": "from .config import setup\nsetup(level='INFO')\n",
            # projects
            "a/setup.py": "import setuptools as st\nst.setup(name='a')\n",
            "b/setup.py": "from distutils.core import setup\nsetup(name='b')\n",
            "c/setup.py": "import distutils.core\ndistutils.core.setup(name='c')\n",
            "d/setup.py": "from skbuild import setup\nsetup(name='d')\n",
            "e/setup.py": "from build_helpers import setup\nsetup(install_requires=['starlette'])\n",
            "f/setup.py": "from setuptools import *\nif __name__ == '__main__':\n    setup()\n",
            "g/setup.py": "from setuptools import setup\ndef broken(:\n",  # reported, and kept as a root
            "h/setup.py": "def setup(:\n",  # cannot be parsed, never mentions setuptools: an app module
        }
    )
    d = discover(checkout)
    assert [r.path for r in d.roots] == [".", "a", "b", "c", "d", "e", "f", "g"]
    assert not {"app/setup.py", "web/setup.py", "cli/setup.py"} & set(d.scanned)
    assert [(e.file, e.line) for e in d.errors] == [("g/setup.py", 2)]
    assert [x.name for x in d.roots[5].manifests[0].requirements] == ["starlette"]


def test_tool_only_pyproject_and_setup_cfg_make_no_root(tree: Tree) -> None:
    checkout = tree(
        {
            "requirements.txt": "fastapi==0.95.0\n",
            "app/pyproject.toml": "[tool.black]\nline-length = 100\n",
            "app/setup.cfg": "[flake8]\nmax-line-length = 100\n",
            "app/.python-version": "3.11\n",
            "lib/setup.cfg": "[metadata]\nname = lib\n",
            "pkg/pyproject.toml": '[project]\nname = "pkg"\n',
            "broken/pyproject.toml": "[tool.black\n",  # what it says is unknown: kept
        }
    )
    d = discover(checkout)
    assert [r.path for r in d.roots] == [".", "broken", "lib", "pkg"]
    assert {"app/pyproject.toml", "app/setup.cfg"} <= set(d.scanned)


def test_symlinked_manifest_leaving_the_checkout_is_refused(tmp_path: Path, tree: Tree) -> None:
    (tmp_path / "elsewhere.txt").write_text("starlette==0.1\n")
    checkout = tree({"app/pyproject.toml": PYPROJECT, "app/inner.txt": "anyio\n"})
    os.symlink(tmp_path / "elsewhere.txt", checkout / "app" / "requirements.txt")
    os.symlink("inner.txt", checkout / "app" / "requirements-dev.txt")  # inside: fine
    d = discover(checkout)
    assert d.errors == (ScanError("app/requirements.txt", "refused: symlink points outside the checkout"),)
    assert layout(d) == {
        "app": [
            ("app/pyproject.toml", ManifestKind.PYPROJECT),
            ("app/requirements-dev.txt", ManifestKind.REQUIREMENTS),
        ]
    }
    assert d.roots[0].manifests[1].requirements[0].name == "anyio"
    assert "app/requirements.txt" not in d.scanned


def test_directory_symlinks_are_not_followed(tmp_path: Path, tree: Tree) -> None:
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "requirements.txt").write_text("starlette\n")
    checkout = tree({"requirements.txt": "anyio\n"})
    os.symlink(tmp_path / "outside", checkout / "linked")
    d = discover(checkout)
    assert d.errors == ()
    assert d.scanned == ("requirements.txt",)


def test_directory_named_like_a_manifest_is_ignored(tree: Tree) -> None:
    checkout = tree({"requirements.txt/notes.md": "x\n", "pyproject.toml/x": "y\n"})
    d = discover(checkout)
    assert d.roots == () and d.errors == () and d.scanned == ()


def test_errors_from_every_parser_sorted_by_file_and_line(tree: Tree) -> None:
    checkout = tree(
        {
            "broken/pyproject.toml": "[project\n",
            "bin/requirements.txt": b"\x7fELF\x02\x01\x01\x00",
            "a/requirements.txt": "starlette\n-r ../../outside.txt\n-r missing.txt\n",
            "a/uv.lock": "x = \n",
        }
    )
    d = discover(checkout)
    assert [(e.file, e.line) for e in d.errors] == [
        ("a/requirements.txt", 2),
        ("a/requirements.txt", 3),
        ("a/uv.lock", 1),
        ("bin/requirements.txt", 1),
        ("broken/pyproject.toml", 1),
    ]
    assert d.errors[0].message == "refused: -r ../../outside.txt resolves outside the checkout"
    assert d.errors[1].message == "included file not found: -r missing.txt"
    assert d.errors[3].message == "not a text file (contains NUL bytes)"
    assert d.errors[4].message.startswith("invalid TOML at line 1: ")
    # roots with broken manifests stay visible: their errors must not read as "no starlette here"
    assert [r.path for r in d.roots] == ["a", "bin", "broken"]


def test_file_over_5_mib_is_refused(tree: Tree) -> None:
    checkout = tree({})
    with open(checkout / "uv.lock", "wb") as fh:
        fh.truncate(6 * 1024 * 1024)
    d = discover(checkout)
    assert d.errors == (ScanError("uv.lock", "refused: file is larger than 5 MiB (6291456 bytes)"),)


def test_a_parser_crash_becomes_a_scan_error(tree: Tree, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(checkout: Path, relpath: str) -> tuple[Manifest, list[ScanError]]:
        raise ValueError("boom")

    monkeypatch.setitem(starlette_2093_check.manifests._BY_NAME, "uv.lock", (ManifestKind.UV_LOCK, explode))
    checkout = tree({"uv.lock": UV_LOCK, "requirements.txt": "starlette\n"})
    d = discover(checkout)
    assert d.errors == (ScanError("uv.lock", "internal error while parsing: ValueError: boom"),)
    assert layout(d) == {
        ".": [("requirements.txt", ManifestKind.REQUIREMENTS), ("uv.lock", ManifestKind.UV_LOCK)]
    }


def test_relative_checkout_path(tree: Tree, monkeypatch: pytest.MonkeyPatch) -> None:
    checkout = tree({"sub/requirements.txt": "starlette\n"})
    monkeypatch.chdir(checkout)
    d = discover(Path("."))
    assert layout(d) == {"sub": [("sub/requirements.txt", ManifestKind.REQUIREMENTS)]}


def test_symlink_loop_and_dangling_symlink(tree: Tree) -> None:
    checkout = tree({})
    os.symlink("requirements.txt", checkout / "requirements.txt")
    os.symlink("missing.toml", checkout / "pyproject.toml")
    d = discover(checkout)
    assert d.errors == (
        ScanError("pyproject.toml", "file not found"),
        ScanError("requirements.txt", "cannot resolve path: symlink loop"),
    )


MANIFEST_NAMES = (
    "requirements.txt",
    "requirements-dev.in",
    "pyproject.toml",
    "setup.cfg",
    "setup.py",
    "Pipfile",
    "Pipfile.lock",
    "environment.yml",
    "environment.yaml",
    "uv.lock",
    "poetry.lock",
    "pdm.lock",
    "pylock.toml",
    "pylock.web.toml",
)


# Empty files make roots, except these three, which must describe a project (see the phantom tests).
PROJECT_TEXT = {
    "pyproject.toml": '[project]\nname = "x"\n',
    "setup.cfg": "[metadata]\nname = x\n",
    "setup.py": "from setuptools import setup\nsetup()\n",
}


def test_every_manifest_name_is_discovered(tree: Tree) -> None:
    checkout = tree({f"p{i}/{name}": PROJECT_TEXT.get(name, "") for i, name in enumerate(MANIFEST_NAMES)})
    d = discover(checkout)
    assert [r.manifests[0].path for r in sorted(d.roots, key=lambda r: int(r.path[1:]))] == [
        f"p{i}/{name}" for i, name in enumerate(MANIFEST_NAMES)
    ]


def test_directories_named_like_any_manifest_are_ignored(tree: Tree) -> None:
    checkout = tree({f"{name}/inner.md": "x\n" for name in MANIFEST_NAMES})
    d = discover(checkout)
    assert d.roots == () and d.errors == () and d.scanned == ()


def test_a_50_mb_manifest_of_any_kind_is_refused_without_reading_it(tree: Tree) -> None:
    checkout = tree({})
    for name in MANIFEST_NAMES:
        with open(checkout / name, "wb") as fh:
            fh.truncate(50 * 1024 * 1024)  # sparse: costs no disk, reads as 50 MB of NUL bytes
    tracemalloc.start()
    try:
        d = discover(checkout)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert sorted(d.errors, key=lambda e: e.file) == sorted(
        (ScanError(name, "refused: file is larger than 5 MiB (52428800 bytes)") for name in MANIFEST_NAMES),
        key=lambda e: e.file,
    )
    assert peak < 5 * 1024 * 1024, f"discovery allocated {peak} bytes for files it refuses"


UNREADABLE_SCRIPT = """
import json, sys
from pathlib import Path
from starlette_2093_check.layout import Layout
from starlette_2093_check.manifests import discover
d = discover(Path(sys.argv[1]))
print(json.dumps({"errors": [[e.file, e.message] for e in d.errors],
                  "roots": {r.path: [[m.path, [x.name for x in m.requirements]] for m in r.manifests]
                            for r in d.roots}}))
"""


def test_an_unreadable_file_is_an_error_and_the_rest_is_read() -> None:
    """Run discovery as an unprivileged user (root reads anything), in a real subprocess."""
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")

        def drop() -> None:
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
    else:
        drop = None  # type: ignore[assignment]
    base = Path(tempfile.mkdtemp(prefix="unreadable-"))
    try:
        base.chmod(0o755)
        (base / "requirements.txt").write_text("starlette==0.27.0\n")
        (base / "requirements.txt").chmod(0o000)
        (base / "pyproject.toml").write_text(PYPROJECT)
        (base / "pyproject.toml").chmod(0o644)
        proc = subprocess.run(
            [sys.executable, "-c", UNREADABLE_SCRIPT, str(base)],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parents[3],
            preexec_fn=drop,
        )
    finally:
        shutil.rmtree(base)
    result = json.loads(proc.stdout)
    assert result["errors"] == [["requirements.txt", "cannot open file: Permission denied"]]
    assert result["roots"] == {
        ".": [["pyproject.toml", ["fastapi"]], ["requirements.txt", []]],
    }
