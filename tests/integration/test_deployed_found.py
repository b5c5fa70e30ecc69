"""A deployed set stands for a root's whole set only when it says something about it.

examples/shop copied, with an ``api/bom.json`` beside ``api/requirements.txt`` (``starlette==0.27.0``).
Discovery finds a ``bom.json`` by its name. One that lists no Python package (a front end's npm
SBOM) or cannot be read says nothing about what ``api`` installs, and one that lists Python
packages but not Starlette may describe another build: neither may make ``api`` disappear from
the report. Named with ``--sbom``, an SBOM that lists Python packages is the user's word for what is
deployed, and an empty one is still not. Real scans (``entrypoint.py scan`` as a subprocess)
against the local package index (tests/fakeindex.py); it has no uvicorn code, so nothing can run
and every target is inconclusive: what is checked is which roots are targets, and why.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, scan_json
from tests.fakeindex import FakeIndex

pytestmark = pytest.mark.integration

PACKAGES = {
    ("fastapi", "0.95.1"): ["starlette<0.27.0,>=0.26.1"],
    ("starlette", "0.26.1"): ["anyio<5,>=3.4.0"],
    ("starlette", "0.27.0"): ["anyio<5,>=3.4.0"],
    ("anyio", "3.7.1"): ["sniffio>=1.1"],
    ("sniffio", "1.3.0"): [],
    ("uvicorn", "0.22.0"): ["click>=7.0", "h11>=0.8"],
    ("click", "8.1.7"): [],
    ("h11", "0.14.0"): [],
}


def _cyclonedx(*purls: str) -> str:
    components = [
        {"type": "library", "name": p.split("/")[1].split("@")[0], "version": p.split("@")[1], "purl": p}
        for p in purls
    ]
    return json.dumps(
        {"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1, "components": components}
    )


NPM_ONLY = _cyclonedx("pkg:npm/react@18.2.0")
NO_STARLETTE = _cyclonedx("pkg:npm/react@18.2.0", "pkg:pypi/requests@2.31.0", "pkg:pypi/idna@3.4")
INVALID = '{"bomFormat": "CycloneDX", "specVersion":\n'


@pytest.fixture(scope="module")
def index() -> Any:
    with FakeIndex(PACKAGES) as served:
        yield served


def _scan(tmp_path: Path, url: str, bom: str, *extra: str) -> tuple[int, dict[str, Any], str]:
    # A cache of its own: a verdict another test cached for starlette 0.27.0 (with an index that
    # holds the code) would turn this index's "nothing could run" into "reproduced".
    cache = tmp_path / "cache"
    tree = tmp_path / "shop"
    shutil.copytree(REPO / "examples" / "shop", tree)
    (tree / "api" / "bom.json").write_text(bom, encoding="utf-8")
    return scan_json(tree, cache, "--index-url", url, "--audit", "off", "--time-budget", "300", *extra)


def _targets(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {t["root"]: t for t in report["targets"]}


@pytest.mark.parametrize("bom", [NPM_ONLY, INVALID], ids=["npm-only", "invalid"])
def test_a_found_sbom_without_python_packages_does_not_hide_the_folder(
    tmp_path: Path, index: FakeIndex, bom: str
) -> None:
    code, report, output = _scan(tmp_path, index.url, bom)
    api = _targets(report).get("api")
    assert api is not None, output  # before: `api` was gone, and nothing said why
    assert (api["version"], api["resolution"], api["source"]["file"]) == (
        "0.27.0",
        "pin",
        "api/requirements.txt",
    )
    assert api["verdict"] == "inconclusive"  # the local index holds no code: nothing ran, nothing is "clear"
    assert any(n.startswith("api/bom.json gives no Python package") for n in api["notes"]), api["notes"]
    errors = [(e["file"], e["line"]) for e in report["errors"]]
    assert errors == ([("api/bom.json", 2)] if bom is INVALID else []), output
    assert "api/bom.json" in report["scanned"]
    assert code == 0, output


def test_a_found_sbom_without_starlette_leaves_the_manifests_in_charge_and_says_so(
    tmp_path: Path, index: FakeIndex
) -> None:
    _, report, output = _scan(tmp_path, index.url, NO_STARLETTE)
    api = _targets(report).get("api")
    assert api is not None, output
    assert (api["version"], api["resolution"]) == ("0.27.0", "pin")
    [note] = [n for n in api["notes"] if n.startswith("api/bom.json")]
    assert "records 2 Python package(s) but not starlette" in note
    assert "give starlette 0.27.0" in note and "--sbom" in note
    assert report["errors"] == [], output


def test_a_named_sbom_is_what_is_deployed_unless_it_holds_no_python_package(
    tmp_path: Path, index: FakeIndex
) -> None:
    """Named, an SBOM of Python packages without Starlette is the root's whole set: no target. An
    empty one is not: the folder's manifests still decide."""
    _, named, output = _scan(tmp_path / "a", index.url, NO_STARLETTE, "--sbom", "api/bom.json")
    assert sorted(_targets(named)) == ["admin"], output
    assert named["errors"] == [], output
    _, empty, output = _scan(tmp_path / "b", index.url, NPM_ONLY, "--sbom", "api/bom.json")
    api = _targets(empty).get("api")
    assert api is not None and (api["version"], api["resolution"]) == ("0.27.0", "pin"), output
