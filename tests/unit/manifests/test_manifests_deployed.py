"""What is deployed, read as the whole installed set: CycloneDX and SPDX SBOMs, freeze output and
site-packages directories. Parsed only; nothing from them is imported or run."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from starlette_2093_check.manifests import discover
from starlette_2093_check.manifests.deployed import OUTSIDE, add_deployed
from starlette_2093_check.manifests.installed import (
    OUTSIDE_DIRECTORY,
    freeze_from_text,
    parse_freeze,
    read_site_packages,
)
from starlette_2093_check.manifests.sbom import parse_cyclonedx, parse_spdx, sbom_from_text
from starlette_2093_check.model import ManifestKind, ProjectRoot, Resolution
from starlette_2093_check.resolve import ResolverConfig, resolve_root
from tests.unit.manifests.conftest import Tree

NO_UV = ResolverConfig(uv="/nonexistent/uv")  # a deployed set is never resolved

CYCLONEDX = """{
  "bomFormat": "CycloneDX",
  "specVersion": "1.6",
  "metadata": {"component": {"type": "application", "name": "shop", "bom-ref": "shop"}},
  "components": [
    {
      "type": "library",
      "bom-ref": "fastapi-ref",
      "name": "fastapi",
      "version": "0.100.1",
      "purl": "pkg:pypi/fastapi@0.100.1"
    },
    {
      "type": "library",
      "name": "left-pad",
      "version": "1.3.0",
      "purl": "pkg:npm/left-pad@1.3.0"
    },
    {
      "type": "library",
      "name": "libc6",
      "version": "2.36-9",
      "purl": "pkg:deb/debian/libc6@2.36-9"
    },
    {
      "type": "library",
      "bom-ref": "bundle",
      "name": "bundle",
      "version": "1.0",
      "purl": "pkg:pypi/bundle@1.0",
      "components": [
        {
          "type": "library",
          "bom-ref": "starlette-ref",
          "name": "Starlette",
          "version": "0.27.0",
          "purl": "pkg:pypi/starlette@0.27.0"
        }
      ]
    }
  ],
  "dependencies": [
    {"ref": "shop", "dependsOn": ["fastapi-ref"]},
    {"ref": "fastapi-ref", "dependsOn": ["starlette-ref"]}
  ]
}
"""

SPDX = """{
  "spdxVersion": "SPDX-2.3",
  "dataLicense": "CC0-1.0",
  "SPDXID": "SPDXRef-DOCUMENT",
  "name": "shop-image",
  "packages": [
    {
      "name": "fastapi",
      "SPDXID": "SPDXRef-Package-fastapi",
      "versionInfo": "0.100.1",
      "externalRefs": [
        {"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl",
         "referenceLocator": "pkg:pypi/fastapi@0.100.1"}
      ]
    },
    {
      "name": "zlib",
      "SPDXID": "SPDXRef-Package-zlib",
      "versionInfo": "1.2.13",
      "externalRefs": [
        {"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl",
         "referenceLocator": "pkg:deb/debian/zlib1g@1.2.13"}
      ]
    },
    {
      "name": "starlette",
      "SPDXID": "SPDXRef-Package-starlette",
      "versionInfo": "0.27.0",
      "externalRefs": [
        {"referenceCategory": "PACKAGE_MANAGER", "referenceType": "purl",
         "referenceLocator": "pkg:pypi/starlette@0.27.0"}
      ]
    }
  ],
  "relationships": [
    {"spdxElementId": "SPDXRef-Package-starlette", "relationshipType": "DEPENDENCY_OF",
     "relatedSpdxElement": "SPDXRef-Package-fastapi"}
  ]
}
"""


def _line(text: str, fragment: str, nth: int = 1) -> int:
    """The 1-based line of the ``nth`` line holding ``fragment``."""
    hits = [i for i, line in enumerate(text.splitlines(), start=1) if fragment in line]
    return hits[nth - 1]


def _target(manifest_path: str, tree: Callable[[Tree], Path], files: Tree) -> object:
    checkout = tree(files)
    found = discover(checkout)
    assert [m.path for r in found.roots for m in r.manifests] == [manifest_path], found
    return resolve_root(found.roots[0], "starlette", None, NO_UV)


def test_cyclonedx_nested_components_count_and_other_ecosystems_do_not(tree: Callable[[Tree], Path]) -> None:
    checkout = tree({"bom.json": CYCLONEDX})
    manifest, errors = parse_cyclonedx(checkout, "bom.json")
    assert errors == []
    assert manifest.kind is ManifestKind.CYCLONEDX
    got = {p.name: (p.version, p.location.line) for p in manifest.locked}
    assert got == {
        "fastapi": ("0.100.1", _line(CYCLONEDX, '"purl": "pkg:pypi/fastapi@0.100.1"')),
        "bundle": ("1.0", _line(CYCLONEDX, '"purl": "pkg:pypi/bundle@1.0"')),
        "starlette": ("0.27.0", _line(CYCLONEDX, '"purl": "pkg:pypi/starlette@0.27.0"')),
    }  # left-pad (npm) and libc6 (deb) are not Python packages; the subject is not a component


def test_an_sbom_is_a_target_without_resolution_with_its_graph(tree: Callable[[Tree], Path]) -> None:
    target, errors = _target("bom.json", tree, {"bom.json": CYCLONEDX})  # type: ignore[misc]
    assert errors == []
    assert target.version == "0.27.0"
    assert target.resolution is Resolution.SBOM
    assert str(target.source) == f"bom.json:{_line(CYCLONEDX, 'pkg:pypi/starlette@0.27.0')}"
    assert target.via == ("fastapi 0.100.1",)


def test_spdx_purls_both_spellings_and_relationships(tree: Callable[[Tree], Path]) -> None:
    target, errors = _target("image.spdx.json", tree, {"image.spdx.json": SPDX})  # type: ignore[misc]
    assert errors == []
    assert (target.version, target.resolution, target.via) == (
        "0.27.0",
        Resolution.SBOM,
        ("fastapi 0.100.1",),
    )
    assert target.source.line == _line(SPDX, '"referenceLocator": "pkg:pypi/starlette@0.27.0"')
    manifest, _ = parse_spdx(tree({"x.spdx.json": SPDX}), "x.spdx.json")
    assert {p.name for p in manifest.locked} == {"fastapi", "starlette"}  # zlib is a deb


def test_invalid_json_is_an_error_at_its_line_and_never_no_starlette(tree: Callable[[Tree], Path]) -> None:
    broken = CYCLONEDX.replace('"version": "0.27.0",', '"version": "0.27.0"')  # a missing comma
    checkout = tree({"bom.json": broken, "api/requirements.txt": "starlette==0.27.0\n"})
    found = discover(checkout)
    assert [(e.file, e.line) for e in found.errors] == [
        ("bom.json", _line(broken, '"version": "0.27.0"') + 1)
    ]
    assert "invalid JSON" in found.errors[0].message
    assert [r.path for r in found.roots] == [".", "api"]  # the broken file's root is still a root
    # A root whose only source could not be read has no target, and its error stands in the report.
    root = next(r for r in found.roots if r.path == ".")
    assert resolve_root(root, "starlette", None, NO_UV) == (None, [])


def test_an_invalid_version_is_an_error_at_its_line_and_the_rest_is_read(
    tree: Callable[[Tree], Path],
) -> None:
    text = CYCLONEDX.replace("pkg:pypi/starlette@0.27.0", "pkg:pypi/starlette@0.27.0.final.final")
    checkout = tree({"bom.json": text})
    manifest, errors = parse_cyclonedx(checkout, "bom.json")
    line = _line(text, '"purl": "pkg:pypi/starlette@')
    assert [(e.file, e.line) for e in errors] == [("bom.json", line)]
    assert "not a version" in errors[0].message
    by_name = {p.name: p for p in manifest.locked}
    assert by_name["fastapi"].version == "0.100.1" and by_name["fastapi"].problem is None
    assert by_name["starlette"].version == "unknown" and by_name["starlette"].problem
    target, _ = resolve_root(ProjectRoot(".", (manifest,)), "starlette", None, NO_UV)
    assert target is not None and target.unrunnable and target.version == "unknown"


def test_two_versions_of_one_package_are_neither_guessed(tree: Callable[[Tree], Path]) -> None:
    """An image with two environments: which starlette the application imports is unknown."""
    text = CYCLONEDX.replace('"purl": "pkg:pypi/bundle@1.0"', '"purl": "pkg:pypi/starlette@0.29.0"')
    manifest, errors = parse_cyclonedx(tree({"bom.json": text}), "bom.json")
    starlette = next(p for p in manifest.locked if p.name == "starlette")
    assert starlette.version == "unknown"
    assert starlette.problem and "0.29.0" in starlette.problem and "0.27.0" in starlette.problem
    assert [e.line for e in errors] == [_line(text, "pkg:pypi/starlette@0.29.0")]


def test_an_unrelated_bom_json_is_not_read_but_a_named_sbom_must_be_one(tree: Callable[[Tree], Path]) -> None:
    checkout = tree({"bom.json": '{"parts": [{"name": "bolt"}]}', "web.cdx.json": '{"name": "x"}'})
    found = discover(checkout)
    assert found.scanned == ("web.cdx.json",)
    assert [(e.file, e.line) for e in found.errors] == [("web.cdx.json", 1)]


def test_an_spdx_sbom_named_sbom_json_is_read_as_spdx(tree: Callable[[Tree], Path]) -> None:
    found = discover(tree({"sbom.json": SPDX}))
    assert [m.kind for r in found.roots for m in r.manifests] == [ManifestKind.SPDX]


def test_an_sbom_without_any_package_url_takes_its_components_for_python_ones() -> None:
    text = json.dumps(
        {
            "bomFormat": "CycloneDX",
            "specVersion": "1.4",
            "components": [{"name": "starlette", "version": "0.28.0"}],
        },
        indent=1,
    )
    manifest, errors = sbom_from_text(text, "bom.json", None)
    assert manifest is not None and errors == []
    line = _line(text, '"name": "starlette"')
    assert [(p.name, p.version, p.location.line) for p in manifest.locked] == [("starlette", "0.28.0", line)]


def test_an_unknown_spec_version_is_said_and_read_anyway() -> None:
    text = CYCLONEDX.replace('"specVersion": "1.6"', '"specVersion": "2.0"')
    manifest, errors = sbom_from_text(text, "bom.json", None)
    assert manifest is not None and len(manifest.locked) == 3
    assert [(e.line, "specVersion" in e.message) for e in errors] == [(3, True)]


def test_a_huge_sbom_is_refused_before_it_is_read(tree: Callable[[Tree], Path]) -> None:
    checkout = tree({})
    with (checkout / "bom.json").open("wb") as fh:
        fh.truncate(65 * 1024 * 1024)  # sparse: costs no disk
    found = discover(checkout)
    assert [e.message.startswith("refused: file is larger than 64 MiB") for e in found.errors] == [True]


# -- freeze output -------------------------------------------------------------------------------

FREEZE = """\
anyio==3.7.1
# Editable install with no version control (shop==0.1.0)
-e /src/shop
fastapi==0.100.1
mylib @ git+https://example.invalid/mylib.git@abc123
Starlette==0.27.0
wheel-pinned @ file:///wheels/wheel_pinned-2.0-py3-none-any.whl
"""


def test_freeze_lines_pins_references_and_editables() -> None:
    manifest, errors = freeze_from_text(FREEZE, "frozen.txt")
    assert errors == []
    got = {p.name: (p.version, p.location.line, p.problem is not None) for p in manifest.locked}
    assert got == {
        "anyio": ("3.7.1", 1, False),
        "shop": ("unknown", 3, True),  # an editable install is a working copy, never run as a release
        "fastapi": ("0.100.1", 4, False),
        "mylib": ("unknown", 5, True),
        "starlette": ("0.27.0", 6, False),
        "wheel-pinned": ("2.0", 7, False),  # a release file: its version is its name's
    }


def test_a_freeze_line_that_is_no_package_is_an_error_and_the_rest_is_read() -> None:
    text = (
        "fastapi==0.100.1\nstarlette>=0.27\n--index-url https://example.invalid/simple\nstarlette==0.27..0\n"
    )
    manifest, errors = freeze_from_text(text, "frozen.txt")
    assert [(e.line, e.message.split(":")[0]) for e in errors] == [
        (2, "no exact version"),
        (3, "not a package line of freeze output"),
        (4, "starlette has version '0.27..0', which is not a version"),
    ]
    assert {p.name: p.version for p in manifest.locked} == {"fastapi": "0.100.1", "starlette": "unknown"}


def test_a_freeze_file_named_like_requirements_is_read_as_the_installed_set(
    tree: Callable[[Tree], Path],
) -> None:
    """Given as an environment, a freeze file replaces its reading as a requirements file: it is the
    complete set (anyio pinned here is what runs), not declarations to resolve."""
    checkout = tree({"requirements-frozen.txt": "fastapi==0.100.1\nstarlette==0.27.0\n-e /src/shop\n"})
    found = add_deployed(discover(checkout), checkout, environments=["requirements-frozen.txt"])
    assert [(m.path, m.kind) for r in found.roots for m in r.manifests] == [
        ("requirements-frozen.txt", ManifestKind.FREEZE)
    ]
    assert found.errors == ()  # the requirements parser's complaint about `-e /src/shop` is gone
    target, _ = resolve_root(found.roots[0], "starlette", None, NO_UV)
    assert target is not None
    assert (target.version, str(target.source), target.resolution) == (
        "0.27.0",
        "requirements-frozen.txt:2",
        Resolution.INSTALLED,
    )


def test_parse_freeze_reads_utf16_from_a_windows_redirect(tree: Callable[[Tree], Path]) -> None:
    checkout = tree({"frozen.txt": "starlette==0.27.0\r\n".encode("utf-16")})
    manifest, errors = parse_freeze(checkout, "frozen.txt")
    assert errors == [] and [(p.name, p.version) for p in manifest.locked] == [("starlette", "0.27.0")]


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(st.one_of(st.text(max_size=30), st.sampled_from(["==", "@", "-e ", "#", "starlette", "\n"]))))
def test_freeze_parser_never_raises_and_every_error_has_a_line(pieces: list[str]) -> None:
    manifest, errors = freeze_from_text("".join(pieces), "frozen.txt")
    assert all(isinstance(e.line, int) and e.line >= 1 for e in errors)
    for p in manifest.locked:
        assert p.version != "unknown" or p.problem


@settings(max_examples=300, deadline=None, database=None)
@given(st.text(max_size=400))
def test_sbom_parser_never_raises_and_every_error_has_a_line(text: str) -> None:
    for wrapped in (text, CYCLONEDX[: len(text) % len(CYCLONEDX)] + text, SPDX.replace("0.27.0", text[:20])):
        manifest, errors = sbom_from_text(wrapped, "bom.json", ManifestKind.CYCLONEDX)
        assert all(isinstance(e.line, int) and e.line >= 1 for e in errors)
        for p in manifest.locked if manifest else ():
            assert p.version != "unknown" or p.problem


# -- site-packages --------------------------------------------------------------------------------


def _dist(site: Path, name: str, version: str, requires: tuple[str, ...] = ()) -> None:
    info = site / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    body = "".join(f"Requires-Dist: {r}\n" for r in requires)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n{body}\nLong text\n"
    )


def test_site_packages_metadata_is_read_with_its_graph(tmp_path: Path) -> None:
    site = tmp_path / "site-packages"
    _dist(site, "fastapi", "0.100.1", ("starlette<0.28.0,>=0.27.0", "pydantic>=1.7.4"))
    _dist(site, "starlette", "0.27.0", ("anyio<5,>=3.4.0",))
    _dist(site, "anyio", "3.7.1")
    egg = site / "legacy.egg-info"
    egg.mkdir()
    (egg / "PKG-INFO").write_text("Metadata-Version: 1.0\nName: legacy\nVersion: 1.2\n")
    (site / "fastapi").mkdir()  # a package's code: never read, never imported
    (site / "fastapi" / "__init__.py").write_text("raise SystemExit('imported!')\n")
    manifest, errors = read_site_packages(site, "image/site-packages")
    assert errors == []
    assert {(p.name, p.version, str(p.location)) for p in manifest.locked} == {
        ("anyio", "3.7.1", "image/site-packages/anyio-3.7.1.dist-info/METADATA:3"),
        ("fastapi", "0.100.1", "image/site-packages/fastapi-0.100.1.dist-info/METADATA:3"),
        ("starlette", "0.27.0", "image/site-packages/starlette-0.27.0.dist-info/METADATA:3"),
        ("legacy", "1.2", "image/site-packages/legacy.egg-info/PKG-INFO:3"),
    }
    target, _ = resolve_root(ProjectRoot("image/site-packages", (manifest,)), "starlette", None, NO_UV)
    assert target is not None
    assert (target.version, target.resolution, target.via, target.companions) == (
        "0.27.0",
        Resolution.INSTALLED,
        ("fastapi 0.100.1",),
        (("anyio", "3.7.1"),),
    )


def test_site_packages_symlinks_out_of_the_directory_are_refused(tmp_path: Path) -> None:
    site = tmp_path / "site-packages"
    _dist(tmp_path / "elsewhere", "starlette", "0.29.0")
    site.mkdir()
    os.symlink(tmp_path / "elsewhere" / "starlette-0.29.0.dist-info", site / "starlette-0.29.0.dist-info")
    _dist(site, "anyio", "3.7.1")
    (site / "fastapi-0.100.1.dist-info").mkdir()
    os.symlink(
        tmp_path / "elsewhere" / "starlette-0.29.0.dist-info" / "METADATA",
        site / "fastapi-0.100.1.dist-info" / "METADATA",
    )
    manifest, errors = read_site_packages(site, "sp")
    assert [(e.file, e.message) for e in errors] == [
        ("sp/fastapi-0.100.1.dist-info/METADATA", OUTSIDE_DIRECTORY),
        ("sp/starlette-0.29.0.dist-info/METADATA", OUTSIDE_DIRECTORY),
    ]
    # Refused is not absent: the package is there, and not checked.
    assert [(p.name, p.version, bool(p.problem)) for p in manifest.locked] == [
        ("anyio", "3.7.1", False),
        ("fastapi", "unknown", True),
        ("starlette", "unknown", True),
    ]


def test_a_dist_info_without_metadata_is_not_checked_rather_than_absent(tmp_path: Path) -> None:
    site = tmp_path / "site-packages"
    (site / "starlette-0.27.0.dist-info").mkdir(parents=True)
    manifest, errors = read_site_packages(site, "sp")
    assert [e.file for e in errors] == ["sp/starlette-0.27.0.dist-info/METADATA"]
    target, _ = resolve_root(ProjectRoot("sp", (manifest,)), "starlette", None, NO_UV)
    assert target is not None and target.version == "unknown" and target.unrunnable


def test_a_vcs_install_is_not_checked(tmp_path: Path) -> None:
    site = tmp_path / "site-packages"
    _dist(site, "starlette", "0.27.0")
    record = {"url": "https://example.invalid/starlette.git", "vcs_info": {"vcs": "git", "commit_id": "abc"}}
    (site / "starlette-0.27.0.dist-info" / "direct_url.json").write_text(json.dumps(record))
    manifest, _ = read_site_packages(site, "sp")
    assert manifest.locked[0].problem and "VCS checkout" in manifest.locked[0].problem


def test_the_action_refuses_an_environment_outside_the_workspace(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    workspace.mkdir()
    _dist(tmp_path / "site-packages", "starlette", "0.27.0")
    found = add_deployed(discover(workspace), workspace, environments=["../site-packages"])
    assert [(e.file, e.message) for e in found.errors] == [("../site-packages", OUTSIDE)]
    assert found.roots == ()
    # The command line may name it: its root is its own (absolute) path.
    found = add_deployed(discover(workspace), workspace, environments=["../site-packages"], outside_ok=True)
    assert [r.path for r in found.roots] == [(tmp_path / "site-packages").resolve().as_posix()]


def test_a_virtual_environment_directory_stands_for_its_site_packages(tmp_path: Path) -> None:
    venv = tmp_path / "ws" / ".venv"
    (venv / "pyvenv.cfg").parent.mkdir(parents=True)
    (venv / "pyvenv.cfg").write_text("home = /usr/bin\n")
    _dist(venv / "lib" / "python3.11" / "site-packages", "starlette", "0.27.0")
    found = add_deployed(discover(tmp_path / "ws"), tmp_path / "ws", environments=[".venv"])
    assert [r.path for r in found.roots] == [".venv/lib/python3.11/site-packages"]
    assert found.errors == ()


@pytest.mark.parametrize("given", ["missing.json", "dir"])
def test_an_explicit_sbom_that_cannot_be_read_is_an_error(tmp_path: Path, given: str) -> None:
    (tmp_path / "dir").mkdir()
    found = add_deployed(discover(tmp_path), tmp_path, sboms=[given])
    assert len(found.errors) == 1 and found.roots == ()


def test_the_action_names_a_workspace_file_outside_its_path_relative_to_the_scan(tmp_path: Path) -> None:
    """The action scans ``path: services/api`` but reads the SBOM at the workspace's top: reports
    name it from the scanned directory, as they are rebased onto the workspace afterwards."""
    workspace = tmp_path / "ws"
    (workspace / "services" / "api").mkdir(parents=True)
    (workspace / "image.cdx.json").write_text(CYCLONEDX)
    checkout = workspace / "services" / "api"
    found = add_deployed(discover(checkout), checkout, sboms=["image.cdx.json"], base=workspace)
    assert found.errors == ()
    assert [(r.path, [m.path for m in r.manifests]) for r in found.roots] == [
        ("../../image.cdx.json", ["../../image.cdx.json"])
    ]


def test_what_is_deployed_wins_over_a_lock_beside_it_which_gets_a_note() -> None:
    from starlette_2093_check.model import Location, LockedPackage, Manifest

    lock = Manifest(
        "uv.lock",
        ManifestKind.UV_LOCK,
        locked=(LockedPackage("starlette", "0.27.0", Location("uv.lock", 24)),),
    )
    sbom, _ = sbom_from_text(CYCLONEDX.replace("@0.27.0", "@0.28.0"), "z.cdx.json", None)
    assert sbom is not None
    target, _ = resolve_root(ProjectRoot(".", (lock, sbom)), "starlette", None, NO_UV)
    assert target is not None
    assert (target.version, target.resolution, target.source.file) == (
        "0.28.0",
        Resolution.SBOM,
        "z.cdx.json",
    )
    assert "uv.lock:24 records starlette 0.27.0, but 0.28.0 (z.cdx.json) is what runs" in target.notes


def test_components_nested_deeper_than_the_limit_are_an_error_not_a_crash() -> None:
    component: dict[str, object] = {
        "name": "starlette",
        "version": "0.27.0",
        "purl": "pkg:pypi/starlette@0.27.0",
    }
    for depth in range(80):
        component = {
            "name": f"p{depth}",
            "version": "1.0",
            "purl": f"pkg:pypi/p{depth}@1.0",
            "components": [component],
        }
    text = json.dumps({"bomFormat": "CycloneDX", "specVersion": "1.5", "components": [component]})
    manifest, errors = sbom_from_text(text, "bom.json", None)
    assert manifest is not None
    assert [e.message for e in errors] == ["components nested more than 64 deep: not read"]
    assert len(manifest.locked) == 65 and "starlette" not in {p.name for p in manifest.locked}
