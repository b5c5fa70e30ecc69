"""Resolution rules that need no resolver run: locks, pins, provenance, uv output parsing."""

from __future__ import annotations

from pathlib import Path

from starlette_2093_check.manifests import discover
from starlette_2093_check.model import (
    Declared,
    Location,
    LockedPackage,
    Manifest,
    ManifestKind,
    ProjectRoot,
    Resolution,
    ScanError,
)
from starlette_2093_check.resolve import (
    ResolverConfig,
    merge_errors,
    parse_compile_output,
    python_request,
    resolve_root,
)
from starlette_2093_check.stages import ResolutionError, blame, mentioned

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


def test_uv_messages_name_packages_in_order_and_only_whole_names() -> None:
    message = (
        "error: No solution found when resolving dependencies: cause: Because all versions of "
        "sentry-asgi have no usable wheels and you require sentry_asgi, we can conclude that your "
        "requirements are unsatisfiable. hint: Wheels are required for `Sentry-ASGI` because building "
        "from source is disabled. And because fastapi==0.95.0 depends on starlette>=0.26.1,<0.27.0."
    )
    names = {"sentry", "sentry-asgi", "starlette", "fastapi", "pydantic"}
    assert mentioned(message, names) == ["sentry-asgi", "fastapi", "starlette"]


def test_blame_is_the_first_declared_package_uv_names_a_requirement_before_a_constraint() -> None:
    declared_here = [
        declared("anyio>=3", "requirements.txt", 1),
        declared("helper==1.0", "constraints.txt", 1, constraint=True),
        declared("helper", "requirements.txt", 2),
    ]
    error = ResolutionError(
        "x", "Because broken-dep was not found and helper==1.0 depends on broken-dep and on anyio>=3"
    )
    blamed = blame(error, declared_here)
    assert blamed is not None and blamed.location == Location("requirements.txt", 2)
    assert blame(ResolutionError("Failed to fetch the index"), declared_here) is None


def test_the_same_error_from_two_roots_is_reported_once_naming_both() -> None:
    errors = [
        ScanError("shared/base.txt", "could not resolve: x", 2, ("a",)),
        ScanError("shared/base.txt", "could not resolve: x", 2, ("b",)),
        ScanError("shared/base.txt", "could not resolve: y", 2, ("b",)),
        ScanError("broken/pyproject.toml", "invalid TOML", 1),
    ]
    assert merge_errors(errors) == [
        ScanError("shared/base.txt", "could not resolve: x", 2, ("a", "b")),
        ScanError("shared/base.txt", "could not resolve: y", 2, ("b",)),
        ScanError("broken/pyproject.toml", "invalid TOML", 1),
    ]


def test_a_root_declaring_a_parent_that_cannot_be_resolved_is_an_inconclusive_target() -> None:
    """No resolver at all: the root declares fastapi, so it is a target that says why it was not run."""
    reqs = Manifest(
        path="api/requirements.txt",
        kind=ManifestKind.REQUIREMENTS,
        requirements=(
            declared("uvicorn", "api/requirements.txt", 1),
            declared("fastapi>=0.100", "api/requirements.txt", 2),
        ),
    )
    config = ResolverConfig(uv="/nonexistent/uv", parents=("FastAPI",))
    target, errors = resolve_root(ProjectRoot("api", (reqs,)), "starlette", "3.11", config)
    assert target is not None
    assert (target.version, target.source, target.resolution) == (
        "unknown",
        Location("api/requirements.txt", 2),
        Resolution.RESOLVER,
    )
    assert target.unrunnable is not None and "could not run the resolver" in target.unrunnable
    (error,) = errors
    assert (error.file, error.roots) == ("api/requirements.txt", ("api",))
    assert error.message.startswith("could not run the resolver")
    # A root with neither starlette nor a parent declared gets only the error.
    other = Manifest(
        path="requirements.txt",
        kind=ManifestKind.REQUIREMENTS,
        requirements=(declared("uvicorn", "requirements.txt", 1),),
    )
    assert resolve_root(ProjectRoot(".", (other,)), "starlette", "3.11", config)[0] is None


def test_a_pinned_root_whose_set_cannot_be_compiled_keeps_its_pin_and_says_so() -> None:
    reqs = Manifest(
        path="requirements.txt",
        kind=ManifestKind.REQUIREMENTS,
        requirements=(
            declared("starlette==0.27.0", "requirements.txt", 1),
            declared("httpx", "requirements.txt", 2),
        ),
    )
    target, errors = resolve_root(ProjectRoot(".", (reqs,)), "starlette", "3.11", NO_UV)
    assert errors == []
    assert target is not None and (target.version, target.companions) == ("0.27.0", ())
    assert any("the sandbox takes the newest release starlette 0.27.0 allows" in n for n in target.notes)
