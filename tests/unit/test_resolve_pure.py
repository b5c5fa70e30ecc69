"""Resolution rules that need no resolver run: locks, pins, provenance, uv output parsing."""

from __future__ import annotations

from pathlib import Path

from bot.manifests import discover
from bot.model import Declared, Location, LockedPackage, Manifest, ManifestKind, ProjectRoot, Resolution
from bot.resolve import ResolverConfig, parse_compile_output, python_request, resolve_root

# A resolver that cannot run: these tests must be decided before uv would be needed.
NO_UV = ResolverConfig(uv="/nonexistent/uv")


def declared(req: str, file: str, line: int, constraint: bool = False) -> Declared:
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    return Declared(canonicalize_name(Requirement(req).name), req, Location(file, line), constraint)


def test_a_lock_beats_a_declared_range_and_the_disagreement_is_noted() -> None:
    lock = Manifest(
        path="svc/poetry.lock",
        kind=ManifestKind.POETRY_LOCK,
        locked=(
            LockedPackage("fastapi", "0.100.1", Location("svc/poetry.lock", 120), ("starlette", "pydantic")),
            LockedPackage("starlette", "0.27.0", Location("svc/poetry.lock", 275), ("anyio",)),
            LockedPackage("anyio", "3.7.1", Location("svc/poetry.lock", 5), ()),
            LockedPackage("pydantic", "1.10.9", Location("svc/poetry.lock", 200), ()),
        ),
    )
    reqs = Manifest(
        path="svc/requirements.txt",
        kind=ManifestKind.REQUIREMENTS,
        requirements=(
            declared("fastapi>=0.100", "svc/requirements.txt", 1),
            declared("starlette>=0.30", "svc/requirements.txt", 2),
        ),
    )
    target, errors = resolve_root(ProjectRoot("svc", (lock, reqs)), "starlette", "3.11", NO_UV)
    assert errors == []
    assert target is not None
    assert (target.version, target.resolution, target.source) == (
        "0.27.0",
        Resolution.LOCK,
        Location("svc/poetry.lock", 275),
    )
    assert target.via == ()  # starlette is declared directly in this root
    assert target.companion("anyio") == "3.7.1"
    assert target.notes == (
        "svc/requirements.txt:2 declares starlette>=0.30, but 0.27.0 is what gets installed",
    )


def test_lock_via_chain_starts_at_the_projects_own_dependency() -> None:
    lock = Manifest(
        path="uv.lock",
        kind=ManifestKind.UV_LOCK,
        lock_roots=("fastapi",),
        locked=(
            LockedPackage("fastapi", "0.100.1", Location("uv.lock", 40), ("starlette",)),
            LockedPackage("starlette", "0.27.0", Location("uv.lock", 90), ()),
        ),
    )
    target, _ = resolve_root(ProjectRoot(".", (lock,)), "Starlette", None, NO_UV)
    assert target is not None
    assert target.via == ("fastapi 0.100.1",)
    assert target.source == Location("uv.lock", 90)


def test_an_exact_pin_needs_no_resolver() -> None:
    reqs = Manifest(
        path="requirements.txt",
        kind=ManifestKind.REQUIREMENTS,
        requirements=(
            declared("starlette==0.27.0", "requirements.txt", 3),
            declared("anyio==3.7.1", "requirements.txt", 4),
        ),
    )
    target, errors = resolve_root(ProjectRoot(".", (reqs,)), "starlette", "3.11", NO_UV)
    assert errors == []
    assert target is not None
    assert (target.version, target.resolution, target.source) == (
        "0.27.0",
        Resolution.PIN,
        Location("requirements.txt", 3),
    )
    assert target.companions == (("anyio", "3.7.1"),)


def test_a_pin_whose_marker_excludes_the_python_is_not_used() -> None:
    reqs = Manifest(
        path="requirements.txt",
        kind=ManifestKind.REQUIREMENTS,
        requirements=(declared('starlette==0.27.0; python_version < "3.8"', "requirements.txt", 1),),
    )
    target, errors = resolve_root(ProjectRoot(".", (reqs,)), "starlette", "3.11", NO_UV)
    # The pin does not apply, so the resolver must run; with no uv that is an error, not a target.
    assert target is None
    assert errors and errors[0].file == "requirements.txt"
    assert errors[0].message.startswith("could not run the resolver")


def test_python_version_file_beats_requires_python() -> None:
    root = ProjectRoot(
        ".",
        (
            Manifest(path=".python-version", kind=ManifestKind.PYTHON_VERSION, python_version="3.12"),
            Manifest(path="pyproject.toml", kind=ManifestKind.PYPROJECT, requires_python=">=3.9"),
        ),
    )
    req = python_request(root)
    assert req is not None and (req.request, req.source) == ("3.12", Location(".python-version", 1))


def test_parse_compile_output_reads_versions_and_parents() -> None:
    text = """anyio==4.16.0
    # via starlette
fastapi==0.95.1
    # via -r /tmp/x/requirements.in
starlette==0.26.1
    # via
    #   fastapi
    #   sse-starlette
sse-starlette==1.6.1
    # via -r /tmp/x/requirements.in
typing-extensions==4.16.0 ; python_full_version < '3.13'
    # via anyio
"""
    versions, parents = parse_compile_output(text)
    assert versions == {
        "anyio": "4.16.0",
        "fastapi": "0.95.1",
        "starlette": "0.26.1",
        "sse-starlette": "1.6.1",
        "typing-extensions": "4.16.0",
    }
    assert parents["starlette"] == ["fastapi", "sse-starlette"]
    assert parents["fastapi"] == []


def test_two_requirements_on_one_line_both_count(tmp_path: Path) -> None:
    """setup.cfg allows `install_requires = a; b` on one line: neither may hide the other."""
    (tmp_path / "setup.cfg").write_text("[options]\ninstall_requires = fastapi==0.100.1; starlette==0.27.0\n")
    found = discover(tmp_path)
    target, errors = resolve_root(found.roots[0], "starlette", None, ResolverConfig(uv="uv-not-needed"))
    assert errors == []
    assert target is not None and (target.version, str(target.source)) == ("0.27.0", "setup.cfg:2")
