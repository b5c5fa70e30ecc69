"""Staged resolution, failed roots, blame and companions (issue 15, causes 1, 3, 8 and 9).

Everything resolves through uv's real resolver against a local index on 127.0.0.1 that is the only
index (``--index-url``): it serves metadata-only wheels, some packages as source distributions
only (what ``--no-build`` cannot use: an ASGI helper without wheels, an old pin), and answers 404
for every other name. The failures are therefore the same on every run.
"""

from __future__ import annotations

import hashlib
import html
import io
import tarfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from packaging.utils import canonicalize_name

from starlette_2093_check.manifests import discover
from starlette_2093_check.model import Location, ProjectRoot, Resolution
from starlette_2093_check.repro.sandbox import find_uv
from starlette_2093_check.resolve import ResolverConfig, compiler, plan_indexes, resolve_root
from starlette_2093_check.stages import resolve_in_stages
from tests.conftest import HEADLINE, scan_cli, scan_json, write_tree
from tests.fakeindex import FakeIndex

pytestmark = pytest.mark.integration

PACKAGES: dict[tuple[str, str], list[str]] = {
    ("starlette", "0.26.1"): ["anyio>=3.4.0,<5"],
    ("starlette", "0.27.0"): ["anyio>=3.4.0,<5"],
    ("starlette", "0.29.0"): ["anyio>=3.4.0,<5"],
    ("anyio", "3.7.1"): ["sniffio>=1.1"],
    ("anyio", "4.4.0"): ["sniffio>=1.1"],
    ("sniffio", "1.3.0"): [],
    ("fastapi", "0.95.0"): ["starlette>=0.26.1,<0.27.0"],
    ("fastapi", "0.104.1"): ["starlette>=0.27.0,<0.28.0", "anyio>=3.7.1,<4.0.0"],
    ("aiohttp", "3.9.0"): [],  # the old 3.7.4 below has no wheel
    ("tabulate", "0.9.0"): [],
    ("helper", "1.0"): ["broken-dep"],  # broken-dep is on no index
    ("needs-new-sniffio", "1.0"): ["sniffio>=9"],
    ("starlette-plugin", "1.0"): ["starlette>=0.27"],  # leads to starlette, not a parent
    ("http-client", "1.0"): ["anyio<4"],
}
SDISTS = [("sentry-asgi", "0.2.0"), ("aiohttp", "3.7.4")]


@dataclass
class WheellessIndex(FakeIndex):
    """The fake index, where some releases exist only as a source distribution."""

    sdists: Sequence[tuple[str, str]] = ()

    def _sdist(self, name: str, version: str) -> tuple[str, bytes]:
        filename = f"{name.replace('-', '_')}-{version}.tar.gz"
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
            data = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n".encode()
            info = tarfile.TarInfo(f"{filename[: -len('.tar.gz')]}/PKG-INFO")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        return filename, buffer.getvalue()

    def answer(self, path: str) -> tuple[int, bytes, str]:
        parts = [p for p in path.split("?")[0].split("/") if p]
        files = [self._sdist(n, v) for n, v in self.sdists]
        if len(parts) == 2 and parts[0] == "files":
            for filename, data in files:
                if filename == parts[1]:
                    return 200, data, "application/octet-stream"
        if len(parts) == 2 and parts[0] == "simple":
            name = canonicalize_name(parts[1])
            mine = [self._sdist(n, v) for n, v in self.sdists if canonicalize_name(n) == name]
            if mine:
                offered = [*self._wheels.get(name, []), *mine]
                links = "".join(
                    f'<a href="/files/{html.escape(fn)}#sha256={hashlib.sha256(data).hexdigest()}">'
                    f"{html.escape(fn)}</a>\n"
                    for fn, data in offered
                )
                return 200, f"<!DOCTYPE html><html><body>{links}</body></html>".encode(), "text/html"
        return super().answer(path)


@pytest.fixture(scope="module")
def index() -> Iterator[WheellessIndex]:
    with WheellessIndex(PACKAGES, sdists=SDISTS) as ix:
        yield ix


@pytest.fixture()
def config(index: WheellessIndex) -> ResolverConfig:
    return ResolverConfig(uv=find_uv(), index_url=index.url, parents=("fastapi",))


def only_root(tree: Path) -> ProjectRoot:
    found = discover(tree)
    assert found.errors == ()
    (root,) = found.roots
    return root


# -- cause 1: one package that cannot be resolved no longer costs the answer --------------------------


def test_packages_without_wheels_are_left_out_and_named(tmp_path: Path, config: ResolverConfig) -> None:
    root = only_root(
        write_tree(tmp_path, {"requirements.txt": "fastapi==0.95.0\nsentry-asgi\naiohttp==3.7.4\ntabulate\n"})
    )
    target, errors = resolve_root(root, "starlette", "3.11", config)
    assert target is not None
    assert (target.version, target.source, target.via) == (
        "0.26.1",
        Location("requirements.txt", 1),
        ("fastapi 0.95.0",),
    )
    assert target.resolution is Resolution.RESOLVER
    # uv reports one failure at a time: two rounds, each leaving out what it named.
    assert sorted((i.location.line, i.requirement) for i in target.left_out) == [
        (2, "sentry-asgi"),
        (3, "aiohttp==3.7.4"),
    ]
    assert all("no usable wheels" in i.reason for i in target.left_out)
    assert dict(target.resolved)["tabulate"] == "0.9.0"  # the rest was resolved with it
    # The manifest is not broken: what was left out is on the target, not an error of the file.
    assert errors == []


def test_a_failure_deeper_down_leaves_out_the_requirement_that_leads_to_it(
    tmp_path: Path, config: ResolverConfig
) -> None:
    root = only_root(
        write_tree(tmp_path, {"pyproject.toml": PYPROJECT.format(deps='"helper", "fastapi==0.95.0"')})
    )
    target, errors = resolve_root(root, "starlette", "3.11", config)
    assert target is not None and target.version == "0.26.1"
    (left,) = target.left_out
    assert (left.requirement, left.location) == ("helper", Location("pyproject.toml", 4))
    assert "broken-dep" in left.reason
    assert errors == []


PYPROJECT = """[project]
name = "svc"
version = "1"
dependencies = [{deps}]
"""


def test_the_relevant_part_alone_when_dropping_does_not_converge(
    tmp_path: Path, config: ResolverConfig
) -> None:
    """With no round allowed, stage 3 runs: each requirement alone shows which lead to starlette."""
    root = only_root(
        write_tree(
            tmp_path,
            {
                "requirements.txt": "-c constraints.txt\ntabulate\nstarlette-plugin\nsentry-asgi\n"
                "http-client\n",
                "constraints.txt": "anyio<4\ntabulate<1\n",
            },
        )
    )
    declared = [d for m in root.manifests for d in m.requirements]
    compile_ = compiler("3.11", config, plan_indexes([], config))
    staged = resolve_in_stages(declared, "starlette", ("starlette", "fastapi"), compile_, rounds=0)
    assert staged.versions["starlette"] == "0.29.0"
    assert staged.versions["anyio"] == "3.7.1"  # the constraint on a package it pulls in applies
    assert "tabulate" not in staged.versions and "http-client" not in staged.versions
    reasons = {i.requirement: i.reason for i in staged.left_out}
    assert set(reasons) == {"tabulate", "sentry-asgi", "http-client"}
    assert reasons["tabulate"].startswith("not needed to decide the starlette version")
    assert reasons["sentry-asgi"].startswith("cannot be resolved on its own")
    assert [d.requirement for d, _ in staged.failed] == ["sentry-asgi"]


# -- cause 3: a root that uses starlette but cannot be resolved is an inconclusive target ------------


def test_a_root_whose_starlette_chain_conflicts_is_an_inconclusive_target(
    tmp_path: Path, config: ResolverConfig
) -> None:
    root = only_root(
        write_tree(tmp_path, {"requirements.txt": "tabulate\nfastapi==0.95.0\nstarlette>=0.27\n"})
    )
    target, errors = resolve_root(root, "starlette", "3.11", config)
    assert target is not None
    assert (target.version, target.source) == ("unknown", Location("requirements.txt", 2))
    assert target.unrunnable is not None
    assert target.unrunnable.startswith("the starlette version this project gets is unknown")
    assert "requirements.txt:2" in target.unrunnable
    (error,) = errors
    assert (error.file, error.line) == ("requirements.txt", 2)  # fastapi: uv names it first
    assert "starlette>=0.26.1,<0.27.0" in error.message


def test_a_requirement_that_leads_to_starlette_makes_the_failed_root_a_target(
    tmp_path: Path, config: ResolverConfig
) -> None:
    """No parent is declared, but compiling each requirement alone shows which one pulls starlette in."""
    root = only_root(
        write_tree(
            tmp_path,
            {
                "requirements.txt": "-c constraints.txt\nstarlette-plugin\n",
                "constraints.txt": "starlette<0.27\n",
            },
        )
    )
    target, errors = resolve_root(root, "starlette", "3.11", config)
    assert target is not None and target.version == "unknown"
    assert target.source == Location("requirements.txt", 2)
    assert errors and errors[-1].message.startswith("could not resolve: ")


def test_cli_counts_a_failed_root_in_every_headline(tmp_path: Path, index: WheellessIndex) -> None:
    tree = write_tree(tmp_path / "tree", {"api/requirements.txt": "fastapi==0.95.0\nstarlette>=0.27\n"})
    cache = tmp_path / "cache"
    code, report, _ = scan_json(tree, cache, "--index-url", index.url)
    (target,) = report["targets"]
    assert (target["root"], target["version"], target["verdict"]) == ("api", "unknown", "inconclusive")
    assert target["unrunnable"] and target["reason"] == target["unrunnable"]
    assert report["errors"][0]["roots"] == ["api"]
    assert code == 0  # nothing reproduced; an inconclusive target fails under --fail-on inconclusive
    text = scan_cli(tree, cache, "--index-url", index.url, "--format", "text").stdout
    assert "No project here resolves starlette" not in text
    assert "INCONCLUSIVE" in text and "1 inconclusive" in text
    markdown = scan_cli(tree, cache, "--index-url", index.url, "--format", "markdown").stdout
    assert f"{HEADLINE} check: 1 of 1 project(s) could not be checked" in markdown
    strict = scan_cli(tree, cache, "--index-url", index.url, "--fail-on", "inconclusive")
    assert strict.returncode == 1


# -- cause 8: the real declaring line, once per file ------------------------------------------------


def test_blame_goes_to_the_requirement_that_fails_not_the_first_name_uv_mentions(
    tmp_path: Path, config: ResolverConfig
) -> None:
    root = only_root(
        write_tree(tmp_path, {"requirements.txt": "sniffio\nfastapi==0.95.0\nneeds-new-sniffio\n"})
    )
    target, errors = resolve_root(root, "starlette", "3.11", config)
    assert target is not None and target.version == "0.26.1" and errors == []
    # not sniffio's line, which uv names first
    assert [(i.requirement, i.location.line) for i in target.left_out] == [("needs-new-sniffio", 3)]


def test_a_file_two_roots_include_reports_its_error_once_naming_both(
    tmp_path: Path, index: WheellessIndex
) -> None:
    tree = write_tree(
        tmp_path / "tree",
        {
            "a/requirements.txt": "-r ../shared/base.txt\n",
            "b/requirements.txt": "-r ../shared/base.txt\n",
            "shared/base.txt": "sniffio\nneeds-new-sniffio\n",
        },
    )
    _, report, _ = scan_json(tree, tmp_path / "cache", "--index-url", index.url)
    assert report["targets"] == []
    (error,) = report["errors"]
    assert (error["file"], error["line"], error["roots"]) == ("shared/base.txt", 2, ["a", "b"])


# -- cause 9: the companions the resolver picked ---------------------------------------------------


def test_resolved_anyio_is_the_sandbox_companion(tmp_path: Path, config: ResolverConfig) -> None:
    root = only_root(write_tree(tmp_path, {"requirements.txt": "fastapi==0.104.1\n"}))
    target, errors = resolve_root(root, "starlette", "3.11", config)
    assert errors == [] and target is not None
    assert target.version == "0.27.0"
    assert target.companions == (("anyio", "3.7.1"),)  # fastapi 0.104.1 caps anyio below 4


def test_a_pinned_root_learns_its_anyio_from_the_declared_set(tmp_path: Path, config: ResolverConfig) -> None:
    root = only_root(write_tree(tmp_path, {"requirements.txt": "starlette==0.27.0\nhttp-client==1.0\n"}))
    target, errors = resolve_root(root, "starlette", "3.11", config)
    assert errors == [] and target is not None
    assert (target.version, target.resolution) == ("0.27.0", Resolution.PIN)
    assert target.companions == (("anyio", "3.7.1"),)  # http-client requires anyio<4
