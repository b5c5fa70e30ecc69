"""Resolution through uv's real resolver (compile only), against the configured index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from starlette_2093_check.manifests import discover
from starlette_2093_check.model import Location, Resolution
from starlette_2093_check.repro.sandbox import find_uv
from starlette_2093_check.resolve import ResolverConfig, resolve_root
from tests.conftest import write_tree

pytestmark = pytest.mark.integration

UV = ResolverConfig(uv=find_uv())


def only_root(tree: Path):  # type: ignore[no-untyped-def]
    found = discover(tree)
    assert found.errors == ()
    (root,) = found.roots
    return root


def test_transitive_through_fastapis_own_pin(tmp_path: Path) -> None:
    root = only_root(write_tree(tmp_path, {"requirements.txt": "# api\nuvicorn>=0.20\nfastapi==0.95.1\n"}))
    target, errors = resolve_root(root, "starlette", "3.11", UV)
    assert errors == []
    assert target is not None
    assert target.version == "0.26.1"  # fastapi 0.95.1 requires starlette>=0.26.1,<0.27.0
    assert target.via == ("fastapi 0.95.1",)
    assert target.source == Location("requirements.txt", 3)
    assert target.resolution is Resolution.RESOLVER


def test_constraints_file_applies_and_is_the_source(tmp_path: Path) -> None:
    root = only_root(
        write_tree(
            tmp_path,
            {
                "requirements.txt": "-c constraints.txt\nfastapi>=0.95,<0.100\n",
                "constraints.txt": "# platform-wide caps\nstarlette==0.27.0\n",
            },
        )
    )
    target, errors = resolve_root(root, "starlette", "3.11", UV)
    assert errors == []
    assert target is not None
    assert target.version == "0.27.0"
    assert target.source == Location("constraints.txt", 2)
    assert target.via[0].startswith("fastapi 0.9")


def test_requires_python_changes_what_a_range_resolves_to(tmp_path: Path) -> None:
    root = only_root(write_tree(tmp_path, {"requirements.txt": "starlette>=0.20\n"}))
    old, _ = resolve_root(root, "starlette", "3.7", UV)
    new, _ = resolve_root(root, "starlette", "3.11", UV)
    assert old is not None and new is not None
    assert old.version == "0.29.0"  # the last release that supports Python 3.7
    assert new.version != old.version


def test_a_root_without_starlette_is_not_a_target(tmp_path: Path) -> None:
    root = only_root(write_tree(tmp_path, {"requirements.txt": "packaging>=24\n"}))
    target, errors = resolve_root(root, "starlette", "3.11", UV)
    assert (target, errors) == (None, [])


def test_a_lock_without_starlette_is_the_answer_nothing_is_resolved(tmp_path: Path) -> None:
    """The lock records everything the project installs: starlette not in it means no target, and
    a declaration the resolver could not handle is no error (the resolver is never asked)."""
    lock = {"_meta": {"sources": []}, "default": {"tabulate": {"version": "==0.9.0"}}, "develop": {}}
    root = only_root(
        write_tree(
            tmp_path,
            {
                "Pipfile": '[packages]\ntabulate = "*"\nno-such-package-for-this-test-zz = "*"\n',
                "Pipfile.lock": json.dumps(lock),
            },
        )
    )
    assert resolve_root(root, "starlette", "3.11", UV) == (None, [])


def test_unresolvable_requirement_names_its_file_and_line(tmp_path: Path) -> None:
    """The requirement uv cannot resolve is left out of the answer, which names it at its line:
    the rest still decides starlette's version, and the manifest has no error."""
    root = only_root(
        write_tree(
            tmp_path,
            {
                "requirements.txt": "starlette>=0.20\nno-such-package-for-this-test-zz==1.0\n",
            },
        )
    )
    target, errors = resolve_root(root, "starlette", "3.11", UV)
    assert errors == []
    assert target is not None and target.source == Location("requirements.txt", 1)
    (left,) = target.left_out
    assert (left.requirement, left.location) == (
        "no-such-package-for-this-test-zz==1.0",
        Location("requirements.txt", 2),
    )
    assert "was not found in the package registry" in left.reason
