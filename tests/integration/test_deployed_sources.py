"""What is deployed gives the same targets as the manifests it came from.

A real virtual environment is built with uv from a requirements file (FastAPI pinned, as in
examples/shop) against the local package index (tests/fakeindex.py: real HTTP, real wheels).
The same set is then read four ways: ``uv pip freeze`` output, the venv's site-packages directory,
the CycloneDX document pip-audit's own formatter writes for the environment, and an SPDX document
built from the environment's metadata. Each must give the Starlette target the requirements file
resolves to: the same version, anyio and installed set, and where the source records a graph, the
same ``via`` chain.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version
from pip_audit._format.cyclonedx import CycloneDxFormat
from pip_audit._service.interface import ResolvedDependency

from starlette_2093_check.manifests import discover
from starlette_2093_check.manifests.deployed import add_deployed
from starlette_2093_check.model import Resolution, Target
from starlette_2093_check.repro.sandbox import find_uv, install_env
from starlette_2093_check.resolve import ResolverConfig, resolve_root
from tests.conftest import flat, scan_cli, scan_json, write_tree
from tests.fakeindex import FakeIndex

pytestmark = pytest.mark.integration

PACKAGES = {
    ("fastapi", "0.100.1"): ["starlette<0.28.0,>=0.27.0", "typing-extensions>=4.5.0"],
    ("starlette", "0.27.0"): ["anyio<5,>=3.4.0"],
    ("starlette", "0.28.0"): ["anyio<5,>=3.4.0"],
    ("anyio", "3.7.1"): ["sniffio>=1.1"],
    ("anyio", "4.0.0"): ["sniffio>=1.1"],
    ("sniffio", "1.3.0"): [],
    ("typing-extensions", "4.8.0"): [],
}
REQUIREMENTS = "fastapi==0.100.1\n"  # examples/shop/api's pin: FastAPI caps Starlette below 0.28


def _site_packages(venv: Path) -> Path:
    [site] = venv.glob("lib/python*/site-packages")
    return site


def _cyclonedx_by_pip_audit(site: Path) -> str:
    """The document ``pip-audit --format cyclonedx-json`` writes for these distributions (its own
    formatter; the vulnerability lookup, which needs the network, is what is left out)."""
    found = {
        ResolvedDependency(canonicalize_name(d.metadata["Name"]), Version(d.version)): []
        for d in importlib.metadata.distributions(path=[str(site)])
    }
    return CycloneDxFormat(CycloneDxFormat.InnerFormat.Json).format(found, [])  # type: ignore[arg-type]


def _spdx(site: Path) -> str:
    """An SPDX 2.3 document of the environment: a package with a purl per distribution, and a
    DEPENDS_ON relationship per Requires-Dist whose target is installed."""
    dists = {
        canonicalize_name(d.metadata["Name"]): d for d in importlib.metadata.distributions(path=[str(site)])
    }
    packages: list[dict[str, Any]] = []
    relationships: list[dict[str, str]] = []
    for name, dist in sorted(dists.items()):
        packages.append(
            {
                "name": name,
                "SPDXID": f"SPDXRef-Package-python-{name}",
                "versionInfo": dist.version,
                "downloadLocation": "NOASSERTION",
                "externalRefs": [
                    {
                        "referenceCategory": "PACKAGE-MANAGER",
                        "referenceType": "purl",
                        "referenceLocator": f"pkg:pypi/{name}@{dist.version}",
                    }
                ],
            }
        )
        for requirement in dist.requires or []:
            child = canonicalize_name(Requirement(requirement).name)
            if child in dists:
                relationships.append(
                    {
                        "spdxElementId": f"SPDXRef-Package-python-{name}",
                        "relationshipType": "DEPENDS_ON",
                        "relatedSpdxElement": f"SPDXRef-Package-python-{child}",
                    }
                )
    document = {
        "spdxVersion": "SPDX-2.3",
        "dataLicense": "CC0-1.0",
        "SPDXID": "SPDXRef-DOCUMENT",
        "name": "shop-api",
        "documentNamespace": "https://example.invalid/spdx/shop-api",
        "creationInfo": {"created": "2026-12-01T00:00:00Z", "creators": ["Tool: test"]},
        "packages": packages,
        "relationships": relationships,
    }
    return json.dumps(document, indent=2)


@pytest.fixture(scope="module")
def deployed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Target, dict[str, Target]]:
    """The checkout, the requirements file's target, and each deployed source's target by root."""
    checkout = write_tree(tmp_path_factory.mktemp("shop"), {"api/requirements.txt": REQUIREMENTS})
    uv, env = find_uv(), install_env(os.environ)
    with FakeIndex(PACKAGES) as index:
        venv = checkout / "image" / "venv"
        subprocess.run(
            [uv, "venv", "--python", sys.executable, str(venv)], env=env, check=True, capture_output=True
        )
        install = [uv, "pip", "install", "--python", str(venv / "bin" / "python"), "--index-url", index.url]
        subprocess.run([*install, "-r", str(checkout / "api" / "requirements.txt")], env=env, check=True)
        frozen = subprocess.run(
            [uv, "pip", "freeze", "--python", str(venv / "bin" / "python")],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        site = _site_packages(venv)
        write_tree(
            checkout,
            {
                "freeze/frozen.txt": frozen,
                "audit/bom.json": _cyclonedx_by_pip_audit(site),  # found by its name
                "spdx/image.spdx.json": _spdx(site),  # found by its name
            },
        )
        found = discover(checkout)
        found = add_deployed(found, checkout, environments=["freeze/frozen.txt", "image/venv"])
        config = ResolverConfig(uv=uv, index_url=index.url, environ=env)
        targets: dict[str, Target] = {}
        for root in found.roots:
            target, errors = resolve_root(root, "starlette", None, config)
            assert errors == [] and target is not None, (root.path, errors)
            targets[root.path] = target
    assert found.errors == ()
    return checkout, targets.pop("api"), targets


def test_every_deployed_source_gives_the_requirements_target(
    deployed: tuple[Path, Target, dict[str, Target]],
) -> None:
    _, declared, targets = deployed
    site = next(r for r in targets if r.endswith("site-packages"))
    assert declared.resolution is Resolution.RESOLVER
    assert (declared.version, declared.companions, declared.via) == (
        "0.27.0",
        (("anyio", "4.0.0"),),
        ("fastapi 0.100.1",),
    )
    assert sorted(targets) == sorted(["audit", "freeze", "spdx", site])
    for root, target in targets.items():
        assert target.version == declared.version, root
        assert target.companions == declared.companions, root
        assert target.resolved == declared.resolved, root  # the very set the resolver picked
        assert target.unrunnable is None, root
    # Sources that record a graph give the same chain; freeze output and pip-audit's SBOM record none.
    assert targets[site].via == targets["spdx"].via == declared.via
    assert targets["freeze"].via == targets["audit"].via == ()
    assert {root: t.resolution for root, t in targets.items()} == {
        "audit": Resolution.SBOM,
        "spdx": Resolution.SBOM,
        "freeze": Resolution.INSTALLED,
        site: Resolution.INSTALLED,
    }


def test_each_target_points_at_the_line_that_records_starlette(
    deployed: tuple[Path, Target, dict[str, Target]],
) -> None:
    checkout, _, targets = deployed
    for root, target in targets.items():
        text = (checkout / target.source.file).read_text(encoding="utf-8")
        line = text.splitlines()[(target.source.line or 0) - 1]
        assert "starlette" in line.lower() or line.startswith("Version: 0.27.0"), (root, target.source, line)
    assert targets["freeze"].source.file == "freeze/frozen.txt"
    assert targets["audit"].source.file == "audit/bom.json"
    site = next(r for r in targets if r.endswith("site-packages"))
    assert targets[site].source.file == f"{site}/starlette-0.27.0.dist-info/METADATA"


def test_the_command_line_reads_what_it_is_told_is_deployed(
    deployed: tuple[Path, Target, dict[str, Target]], tmp_path: Path
) -> None:
    """``--sbom`` and ``--environment`` end to end: the JSON names each source's resolution, and the
    text report says where the version came from. (The local index has no uvicorn, so nothing
    can run here: every target is inconclusive, never clear.)"""
    checkout, _, _ = deployed
    # A cache of its own: a verdict another test cached for starlette 0.27.0 (with an index that
    # holds the code) would turn this index's "nothing could run" into "reproduced".
    repro_cache = tmp_path / "cache"
    (checkout / "image.json").write_text((checkout / "spdx" / "image.spdx.json").read_text())
    with FakeIndex(PACKAGES) as index:
        common = ("--index-url", index.url, "--audit", "off", "--time-budget", "300")
        deployed_args = (
            "--sbom",
            "image.json",
            "--environment",
            "freeze/frozen.txt",
            "--environment",
            "image/venv",
        )
        code, report, output = scan_json(checkout, repro_cache, *common, *deployed_args)
        assert code == 0, output  # nothing reproduced (nothing could run)
        text = scan_cli(checkout, repro_cache, *common, *deployed_args).stdout
    got = {t["root"]: (t["version"], t["resolution"], t["source"]["file"]) for t in report["targets"]}
    site = next(r for r in got if r.endswith("site-packages"))
    assert got == {
        ".": ("0.27.0", "sbom", "image.json"),
        "api": ("0.27.0", "resolver", "api/requirements.txt"),
        "audit": ("0.27.0", "sbom", "audit/bom.json"),
        "freeze": ("0.27.0", "installed", "freeze/frozen.txt"),
        "spdx": ("0.27.0", "sbom", "spdx/image.spdx.json"),
        site: ("0.27.0", "installed", f"{site}/starlette-0.27.0.dist-info/METADATA"),
    }, output
    assert {t["verdict"] for t in report["targets"]} == {"inconclusive"}
    # The project's code was read for every root but the site-packages one, which holds none of it.
    assert {t["root"] for t in report["targets"] if t["reachability"] is None} == {site}
    assert report["errors"] == [], output
    flat_text = flat(text)
    assert "(from the SBOM)" in flat_text and "(installed in site-packages)" in flat_text
    assert "(installed, as the freeze output lists)" in flat_text
