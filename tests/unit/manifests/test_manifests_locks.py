from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from starlette_2093_check.manifests import parse_poetry_lock, parse_python_version, parse_uv_lock
from starlette_2093_check.model import Location, LockedPackage, ManifestKind, ScanError

Tree = Callable[[dict[str, str | bytes]], Path]

UV_LOCK = """\
version = 1
revision = 2
requires-python = ">=3.11"

[[package]]
name = "anyio"
version = "3.7.1"
source = { registry = "https://index.invalid/simple" }
dependencies = [
    { name = "idna" },
    { name = "sniffio" },
]
sdist = { url = "https://files.invalid/anyio-3.7.1.tar.gz", hash = "sha256:00", size = 1 }

[[package]]
name = "FastAPI"
version = "0.100.1"
source = { registry = "https://index.invalid/simple" }
dependencies = [
    { name = "pydantic" },
    { name = "starlette" },
    { name = "typing-extensions" },
]

[package.optional-dependencies]
all = [
    { name = "uvicorn", extra = ["standard"] },
]

[[package]]
name = "idna"
version = "3.4"
source = { registry = "https://index.invalid/simple" }

[[package]]
name = "svc"
version = "0.1.0"
source = { editable = "." }
dependencies = [
    { name = "fastapi" },
    { name = "uvicorn", extra = ["standard"] },
]

[package.optional-dependencies]
test = [
    { name = "httpx" },
]

[package.dev-dependencies]
dev = [
    { name = "pytest" },
    { name = "fastapi" },
]

[package.metadata]
requires-dist = [
    { name = "fastapi", specifier = "==0.100.1" },
]

[[package]]
name = "starlette"
version = "0.27.0"
source = { registry = "https://index.invalid/simple" }
dependencies = [
    { name = "anyio" },
    { name = "typing-extensions", marker = "python_full_version < '3.10'" },
    { name = "typing-extensions", marker = "python_full_version >= '3.13'" },
]
"""


# The project itself, installed from its own directory: not a release (never run as one).
PROJECT = (
    "the lock installs it from a local directory (editable) (.), not a release from the package "
    "index; only released files are run here, so it was not checked"
)


def test_uv_lock_packages_lines_dependencies_and_roots(tree: Tree) -> None:
    checkout = tree({"svc/uv.lock": UV_LOCK})
    manifest, errors = parse_uv_lock(checkout, "svc/uv.lock")
    assert errors == []
    assert manifest.kind is ManifestKind.UV_LOCK
    assert manifest.requires_python == ">=3.11"
    assert manifest.locked == (
        LockedPackage("anyio", "3.7.1", Location("svc/uv.lock", 7), ("idna", "sniffio")),
        LockedPackage(
            "fastapi", "0.100.1", Location("svc/uv.lock", 17), ("pydantic", "starlette", "typing-extensions")
        ),
        LockedPackage("idna", "3.4", Location("svc/uv.lock", 32)),
        LockedPackage("svc", "0.1.0", Location("svc/uv.lock", 37), ("fastapi", "uvicorn"), PROJECT),
        LockedPackage(
            "starlette",
            "0.27.0",
            Location("svc/uv.lock", 62),
            ("anyio", "typing-extensions"),
            # listed twice, for two ranges of Python: installed where either holds
            conditional=(
                ("typing-extensions", "(python_full_version < '3.10') or (python_full_version >= '3.13')"),
            ),
        ),
    )
    assert manifest.lock_roots == ("fastapi", "uvicorn", "httpx", "pytest")


def test_uv_lock_virtual_root_without_version_is_not_locked(tree: Tree) -> None:
    checkout = tree(
        {
            "uv.lock": (
                "version = 1\n"
                'requires-python = ">=3.12"\n'
                "\n"
                "[[package]]\n"
                'name = "app"\n'
                'source = { virtual = "." }\n'
                'dependencies = [{ name = "Starlette" }]\n'
                "\n"
                "[[package]]\n"
                'name = "starlette"\n'
                'version = "0.28.0"\n'
                'source = { registry = "https://index.invalid/simple" }\n'
            )
        }
    )
    manifest, errors = parse_uv_lock(checkout, "uv.lock")
    assert errors == []
    assert manifest.locked == (LockedPackage("starlette", "0.28.0", Location("uv.lock", 11)),)
    assert manifest.lock_roots == ("starlette",)


def test_uv_lock_invalid_toml(tree: Tree) -> None:
    checkout = tree({"uv.lock": 'version = 1\n[[package]\nname = "x"\n'})
    manifest, errors = parse_uv_lock(checkout, "uv.lock")
    assert manifest.locked == ()
    assert len(errors) == 1
    assert errors[0].file == "uv.lock" and errors[0].line == 2
    assert errors[0].message.startswith("invalid TOML at line 2: ")


def test_uv_lock_malformed_entries_are_errors_and_the_rest_is_kept(tree: Tree) -> None:
    checkout = tree(
        {
            "uv.lock": """\
[[package]]
version = "1.0"

[[package]]
name = "ok"
version = "2.0"
"""
        }
    )
    manifest, errors = parse_uv_lock(checkout, "uv.lock")
    assert manifest.locked == (LockedPackage("ok", "2.0", Location("uv.lock", 6)),)
    assert errors == [ScanError("uv.lock", "package entry 1 has no name", 2)]


POETRY_LOCK = """\
# This file is automatically @generated by Poetry 1.5.1 and should not be changed by hand.

[[package]]
name = "anyio"
version = "3.7.1"
description = "High level compatibility layer for multiple asynchronous event loop implementations"
optional = false
python-versions = ">=3.7"
files = [
    {file = "anyio-3.7.1-py3-none-any.whl", hash = "sha256:00"},
]

[package.dependencies]
idna = ">=2.8"
sniffio = ">=1.1"

[package.extras]
doc = ["Sphinx"]

[[package]]
name = "fastapi"
version = "0.100.1"
description = "FastAPI framework"
optional = false
python-versions = ">=3.7"

[package.dependencies]
pydantic = ">=1.7.4,!=1.8,<3.0.0"
starlette = ">=0.27.0,<0.28.0"
typing-extensions = ">=4.5.0"
Email_Validator = {version = ">=2.0.0", optional = true}

[[package]]
name = "starlette"
version = "0.27.0"
description = "The little ASGI library that shines."
optional = false
python-versions = ">=3.7"

[package.dependencies]
anyio = ">=3.4.0,<5"

[metadata]
lock-version = "2.0"
python-versions = "^3.11"
content-hash = "abc"
"""


def test_poetry_lock(tree: Tree) -> None:
    checkout = tree({"poetry.lock": POETRY_LOCK})
    manifest, errors = parse_poetry_lock(checkout, "poetry.lock")
    assert errors == []
    assert manifest.kind is ManifestKind.POETRY_LOCK
    assert manifest.lock_roots == ()
    assert manifest.locked == (
        LockedPackage("anyio", "3.7.1", Location("poetry.lock", 5), ("idna", "sniffio")),
        LockedPackage(
            "fastapi",
            "0.100.1",
            Location("poetry.lock", 22),
            ("pydantic", "starlette", "typing-extensions", "email-validator"),
        ),
        LockedPackage("starlette", "0.27.0", Location("poetry.lock", 35), ("anyio",)),
    )


def test_poetry_lock_invalid_toml(tree: Tree) -> None:
    checkout = tree({"poetry.lock": '[[package]]\nname = "x"\nversion = 1.0.0\n'})
    manifest, errors = parse_poetry_lock(checkout, "poetry.lock")
    assert manifest.locked == ()
    assert len(errors) == 1 and errors[0].line == 3
    assert errors[0].message.startswith("invalid TOML at line 3: ")


def test_poetry_lock_package_without_version(tree: Tree) -> None:
    checkout = tree({"poetry.lock": '[[package]]\nname = "x"\n'})
    manifest, errors = parse_poetry_lock(checkout, "poetry.lock")
    problem = "the lock gives no version for x, so it was not checked"
    assert manifest.locked == (LockedPackage("x", "unknown", Location("poetry.lock", 2), problem=problem),)
    assert errors == [ScanError("poetry.lock", "package 'x' has no version", 2)]


def test_python_version_first_non_comment_line(tree: Tree) -> None:
    checkout = tree({".python-version": "# pinned for CI\n\n  3.12  \n3.11\n"})
    manifest, errors = parse_python_version(checkout, ".python-version")
    assert errors == []
    assert manifest.kind is ManifestKind.PYTHON_VERSION
    assert manifest.python_version == "3.12"


def test_python_version_empty_file(tree: Tree) -> None:
    checkout = tree({".python-version": "\n# nothing\n"})
    manifest, errors = parse_python_version(checkout, ".python-version")
    assert errors == []
    assert manifest.python_version is None
