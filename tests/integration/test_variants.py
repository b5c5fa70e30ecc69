"""Extras and dependency groups as users declare them, scanned with the CLI against a local index.

The index (tests/fakeindex.py) is a real HTTP index on 127.0.0.1 and the only one uv sees: it
serves metadata-only wheels, so the sandbox cannot run them and every verdict is inconclusive.
What is checked here is which targets the scan reports, with which version and variant.
"""

from __future__ import annotations

import io
import re
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from starlette_2093_check.report.load import load_report
from starlette_2093_check.report.markdown import render_markdown
from starlette_2093_check.report.sarif import sarif_dict
from starlette_2093_check.report.text import render_text
from tests.conftest import flat, scan_json, write_tree
from tests.fakeindex import FakeIndex

pytestmark = pytest.mark.integration

PACKAGES = {
    ("starlette", "0.26.1"): ["anyio<5,>=3.4.0"],
    ("starlette", "0.27.0"): ["anyio<5,>=3.4.0"],
    ("starlette", "0.29.0"): ["anyio<5,>=3.4.0"],
    ("anyio", "3.7.1"): [],
    ("fastapi", "0.95.1"): ["starlette<0.27.0,>=0.26.1"],
    ("fastapi", "0.100.1"): ["starlette<0.28.0,>=0.27.0"],
    ("pytest", "8.0.0"): [],
}


def _sdist(name: str, version: str) -> tuple[str, bytes]:
    """A source archive and nothing else: what a package without wheels offers."""
    base = f"{name.replace('-', '_')}-{version}"
    pkg_info = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n".encode()
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        member = tarfile.TarInfo(f"{base}/PKG-INFO")
        member.size = len(pkg_info)
        tar.addfile(member, io.BytesIO(pkg_info))
    return f"{base}.tar.gz", buffer.getvalue()


@pytest.fixture(scope="module")
def index() -> Iterator[FakeIndex]:
    with FakeIndex(PACKAGES) as served:
        # flash-attn publishes source archives only: with builds disabled, nothing can install it.
        served._wheels["flash-attn"] = [_sdist("flash-attn", "2.5.8")]
        yield served


def scan(tree: Path, cache: Path, index: FakeIndex) -> dict[str, Any]:
    _, report, output = scan_json(
        tree, cache, "--index-url", index.url, "--audit", "off", "--no-reachability", "--hold", "0.2"
    )
    assert "Traceback" not in output, output
    return report


def test_an_extra_without_wheels_no_longer_breaks_the_default_answer(
    tmp_path: Path, repro_cache: Path, index: FakeIndex
) -> None:
    tree = write_tree(
        tmp_path,
        {
            "pyproject.toml": (
                "[project]\n"
                'name = "trainer"\n'
                'dependencies = ["fastapi==0.95.1"]\n'
                "\n"
                "[project.optional-dependencies]\n"
                'train = ["flash-attn>=2"]\n'
                'old = ["starlette<0.20"]\n'
            )
        },
    )
    report = scan(tree, repro_cache, index)
    # The default set is complete: no requirement left out, nothing in error.
    [target] = report["targets"]
    assert (target["root"], target["version"], target["via"], target["variant"]) == (
        ".",
        "0.26.1",
        ["fastapi 0.95.1"],
        None,
    )
    assert target["source"] == {"file": "pyproject.toml", "line": 3}
    assert not target.get("left_out")
    assert report["errors"] == []
    # What each extra does to it is said on the target.
    assert (
        "resolved again with each of extra:train (resolved without flash-attn>=2, which could not be "
        "resolved) installed: the same starlette version"
    ) in target["notes"]
    [old] = [n for n in target["notes"] if "extra `old`" in n]
    assert old.startswith(
        "not checked: the extra `old` (pyproject.toml:7) could not be resolved with the default install "
        "set, so whether it changes starlette's version is not known: could not resolve:"
    )


def test_an_extra_that_changes_starlettes_version_is_a_variant_target(
    tmp_path: Path, repro_cache: Path, index: FakeIndex
) -> None:
    tree = write_tree(
        tmp_path,
        {
            "pyproject.toml": (
                "[project]\n"
                'name = "svc"\n'
                'dependencies = ["starlette>=0.26"]\n'
                "\n"
                "[project.optional-dependencies]\n"
                'legacy = ["fastapi==0.95.1"]\n'
                'test = ["pytest"]\n'
                "\n"
                "[dependency-groups]\n"
                'compat = ["fastapi==0.100.1"]\n'
            )
        },
    )
    report = scan(tree, repro_cache, index)
    found = [(t["variant"], t["version"], t["via"], t["source"]["line"]) for t in report["targets"]]
    assert found == [
        (None, "0.29.0", [], 3),
        ("extra:legacy", "0.26.1", [], 3),  # starlette is direct: its line, capped by fastapi
        ("group:compat", "0.27.0", [], 3),
    ]
    default, legacy, _ = report["targets"]
    assert "resolved again with each of extra:test installed: the same starlette version" in default["notes"]
    assert legacy["notes"][0] == (
        "with the extra `legacy` installed (pyproject.toml:6); the default install set gets starlette 0.29.0"
    )
    assert report["errors"] == []

    # Every format names the variant, and the headline counts each target.
    loaded = load_report(report)
    assert [r.target.variant for r in loaded.targets] == [None, "extra:legacy", "group:compat"]
    text = flat(render_text(loaded))
    assert ". [extra:legacy]" in text and ". [group:compat]" in text
    # (verdicts may come from the session's cache, where other tests ran these releases for real)
    counts = re.search(r"(\d+) reproduced, (\d+) not reproduced, (\d+) inconclusive", text)
    assert counts is not None and sum(int(n) for n in counts.groups()) == 3
    markdown = render_markdown(loaded)
    # (the version cell goes on with "→ fix" where the bug reproduced)
    assert "| `. [extra:legacy]` | 0.26.1 " in markdown and "| `. [group:compat]` | 0.27.0 " in markdown
    results = sarif_dict(loaded)["runs"][0]["results"]  # 0.26.1 and 0.27.0 never pass: both there
    shown = {r["properties"]["variant"]: r for r in results}
    assert {"extra:legacy", "group:compat"} <= set(shown)
    assert "in . [extra:legacy]" in shown["extra:legacy"]["message"]["text"]
    assert len({r["partialFingerprints"]["starlette-2093-check/target/v1"] for r in results}) == len(results)


def test_what_poetry_and_pipenv_install_by_default_and_an_extra_that_brings_starlette_in(
    tmp_path: Path, repro_cache: Path, index: FakeIndex
) -> None:
    tree = write_tree(
        tmp_path,
        {
            # poetry install: main and every group not marked optional
            "poetry/pyproject.toml": (
                "[tool.poetry]\n"
                'name = "svc"\n'
                'version = "1.0"\n'
                "\n"
                "[tool.poetry.dependencies]\n"
                'python = "^3.9"\n'
                'starlette = ">=0.26"\n'
                "\n"
                "[tool.poetry.group.web.dependencies]\n"
                'fastapi = ">=0.95"\n'
                "\n"
                "[tool.poetry.group.old]\n"
                "optional = true\n"
                "\n"
                "[tool.poetry.group.old.dependencies]\n"
                'fastapi = "0.95.1"\n'
            ),
            # a library whose main dependencies do not include Starlette, but an extra does
            "lib/pyproject.toml": (
                '[project]\nname = "lib"\ndependencies = ["anyio"]\n'
                '[project.optional-dependencies]\nweb = ["fastapi==0.95.1"]\n'
            ),
            # pipenv install: [packages] only
            "pipenv/Pipfile": ('[packages]\nstarlette = ">=0.26"\n\n[dev-packages]\nfastapi = "==0.95.1"\n'),
        },
    )
    report = scan(tree, repro_cache, index)
    found = [(t["root"], t["variant"], t["version"]) for t in report["targets"]]
    assert found == [
        ("lib", "extra:web", "0.26.1"),
        ("pipenv", None, "0.29.0"),
        ("pipenv", "group:dev", "0.26.1"),
        ("poetry", None, "0.27.0"),
        ("poetry", "group:old", "0.26.1"),
    ]
    assert report["targets"][0]["notes"][0] == (
        "with the extra `web` installed (lib/pyproject.toml:5); the default install set does not include "
        "starlette"
    )
    assert report["errors"] == []


def test_an_extra_still_counts_when_the_default_set_resolves_only_in_part(
    tmp_path: Path, repro_cache: Path, index: FakeIndex
) -> None:
    """The default set needs a package without wheels and has no starlette; the `api` extra brings
    fastapi in. The default set resolved without that package is still a set: its extras are tried."""
    tree = write_tree(
        tmp_path,
        {
            "pyproject.toml": (
                "[project]\n"
                'name = "chassis"\n'
                'dependencies = ["flash-attn>=2", "pytest==8.0.0"]\n'
                "\n"
                "[project.optional-dependencies]\n"
                'api = ["fastapi==0.95.1"]\n'
            ),
        },
    )
    report = scan(tree, repro_cache, index)
    (target,) = report["targets"]
    assert (target["root"], target["variant"], target["version"]) == (".", "extra:api", "0.26.1")
    # flash-attn may be what brings starlette into the default set: that set is not called free of it
    assert [(e["file"], e["line"]) for e in report["errors"]] == [("pyproject.toml", 3)]
