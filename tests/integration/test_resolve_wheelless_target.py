"""A starlette release published without a wheel, pinned exactly by a parent (fastapi 0.48.0 requires
starlette==0.12.9, an sdist only): the resolver, which builds nothing, still learns the version.

uv's real resolver runs against a local index on 127.0.0.1 (the only index) that serves some
releases as source distributions only; nothing is ever built.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from starlette_2093_check.model import Location, Resolution
from starlette_2093_check.repro.sandbox import find_uv
from starlette_2093_check.resolve import ResolverConfig, resolve_root
from tests.conftest import write_tree
from tests.integration.test_resolve_stages import WheellessIndex, only_root

pytestmark = pytest.mark.integration

PACKAGES: dict[tuple[str, str], list[str]] = {
    ("fastapi", "0.48.0"): ["starlette==0.12.9", "pydantic>=1.0"],
    ("fastapi", "0.47.1"): ["starlette==0.12.9", "pydantic>=1.0"],
    ("pydantic", "1.10.0"): [],
    ("starlette", "0.29.0"): [],
    ("tabulate", "0.9.0"): [],
    ("old-client", "1.0"): ["oldlib==1.0"],  # oldlib 1.0 has no wheel either, and is not the target
}
SDISTS = [("starlette", "0.12.9"), ("numpy", "1.18.1"), ("oldlib", "1.0")]


@pytest.fixture(scope="module")
def index() -> Iterator[WheellessIndex]:
    with WheellessIndex(PACKAGES, sdists=SDISTS) as ix:
        yield ix


@pytest.fixture()
def config(index: WheellessIndex) -> ResolverConfig:
    return ResolverConfig(uv=find_uv(), index_url=index.url, parents=("fastapi",))


def test_the_version_a_parent_pins_is_found_though_it_has_no_wheel(
    tmp_path: Path, config: ResolverConfig
) -> None:
    root = only_root(write_tree(tmp_path, {"requirements.txt": "tabulate\nfastapi==0.48.0\nnumpy==1.18.1\n"}))
    target, errors = resolve_root(root, "starlette", "3.11", config)
    assert errors == []
    assert target is not None and target.unrunnable is None
    assert (target.version, target.resolution) == ("0.12.9", Resolution.RESOLVER)
    assert (target.source, target.via) == (Location("requirements.txt", 2), ("fastapi 0.48.0",))
    resolved = dict(target.resolved)
    assert (resolved["starlette"], resolved["fastapi"], resolved["tabulate"]) == ("0.12.9", "0.48.0", "0.9.0")
    # how it was found is said, and what was left out (an unrelated package without wheels) too
    (note,) = [n for n in target.notes if n.startswith("starlette 0.12.9 has no wheel")]
    assert "uv's message says fastapi" in note and "depends on starlette==0.12.9" in note
    assert [i.requirement for i in target.left_out] == ["numpy==1.18.1"]


def test_a_range_of_the_parent_that_pins_the_same_release(tmp_path: Path, config: ResolverConfig) -> None:
    """Both fastapi releases the range admits pin starlette 0.12.9: uv says "all versions of fastapi"."""
    root = only_root(write_tree(tmp_path, {"requirements.txt": "fastapi>=0.47,<0.49\n"}))
    target, errors = resolve_root(root, "starlette", "3.11", config)
    assert errors == [] and target is not None
    assert (target.version, target.via) == ("0.12.9", ("fastapi 0.48.0",))


def test_a_declaration_that_excludes_that_release_leaves_the_root_unresolved(
    tmp_path: Path, config: ResolverConfig
) -> None:
    root = only_root(write_tree(tmp_path, {"requirements.txt": "fastapi==0.48.0\nstarlette>=0.13\n"}))
    target, errors = resolve_root(root, "starlette", "3.11", config)
    assert target is not None and target.version == "unknown" and target.unrunnable is not None
    assert errors  # uv's message, at its line


def test_only_the_target_package_gets_its_version_read_from_uv(
    tmp_path: Path, config: ResolverConfig
) -> None:
    root = only_root(write_tree(tmp_path, {"requirements.txt": "fastapi==0.48.0\nold-client==1.0\n"}))
    target, _ = resolve_root(root, "starlette", "3.11", config)
    assert target is not None and target.version == "0.12.9"
    assert "oldlib" not in dict(target.resolved) and "old-client" not in dict(target.resolved)
    assert [i.requirement for i in target.left_out] == ["old-client==1.0"]
