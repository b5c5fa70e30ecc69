"""The fix for what is deployed: resolved over the whole deployed set, verified, and said as a rebuild.

An image whose SBOM records fastapi 0.100.1 (which requires ``starlette<0.28.0,>=0.27.0``) and an
environment whose freeze output records the same: upgrading Starlette alone to 0.29.0 does not
install beside that FastAPI. The deployed set is treated as a fully pinned requirements file, every
package at its deployed version, so the fix moves the capping parent to its lowest release that
allows the fixed Starlette (fastapi 0.108.0), is resolved again over the whole set and run. Nothing
is edited: an SBOM records a build, and an environment is reinstalled. Everything is real: the CLI
as a subprocess, uv against the package index, real sandboxes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import flat, scan_cli, scan_json, write_tree

pytestmark = pytest.mark.integration

IMAGE = {  # what the image's SBOM records, with the graph
    "fastapi": ("0.100.1", ["starlette", "pydantic", "typing-extensions"]),
    "starlette": ("0.27.0", ["anyio"]),
    "anyio": ("3.7.1", ["sniffio", "idna"]),
    "sniffio": ("1.3.0", []),
    "idna": ("3.4", []),
    "pydantic": ("1.10.13", ["typing-extensions"]),
    "typing-extensions": ("4.8.0", []),
}
FROZEN = "".join(f"{name}=={version}\n" for name, (version, _) in sorted(IMAGE.items()))


def _cyclonedx() -> str:
    def ref(name: str) -> str:
        return f"pkg:pypi/{name}@{IMAGE[name][0]}"

    components = [
        {"type": "library", "bom-ref": ref(n), "name": n, "version": v, "purl": ref(n)}
        for n, (v, _) in IMAGE.items()
    ]
    dependencies = [{"ref": ref(n), "dependsOn": [ref(c) for c in deps]} for n, (_, deps) in IMAGE.items()]
    document = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.5",
        "version": 1,
        "components": components,
        "dependencies": dependencies,
    }
    return json.dumps(document, indent=2)


ARGS = ("--sbom", "image.cdx.json", "--environment", "env/frozen.txt", "--audit", "off")


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory, repro_cache: Path) -> tuple[Path, dict[str, Any], str]:
    tree = write_tree(
        tmp_path_factory.mktemp("image"), {"image.cdx.json": _cyclonedx(), "env/frozen.txt": FROZEN}
    )
    code, report, output = scan_json(tree, repro_cache, *ARGS)
    assert code == 1, output  # reproduced on what is deployed
    return tree, report, output


@pytest.mark.parametrize(
    ("root", "resolution", "source"),
    [(".", "sbom", "image.cdx.json"), ("env", "installed", "env/frozen.txt")],
)
def test_the_fix_moves_the_capping_parent_over_the_whole_deployed_set_and_is_verified(
    scanned: tuple[Path, dict[str, Any], str], root: str, resolution: str, source: str
) -> None:
    _, report, output = scanned
    target = next(t for t in report["targets"] if t["root"] == root)
    assert (target["version"], target["resolution"], target["verdict"]) == (
        "0.27.0",
        resolution,
        "reproduced",
    )
    fix = target["fix"]
    # Not "upgrade starlette to 0.29.0": that does not install beside fastapi 0.100.1.
    assert (fix["package"], fix["from"], fix["to"]) == ("fastapi", "0.100.1", "0.108.0"), output
    low = fix["minimal_fix"]
    assert low["verified"] is True, output
    assert (low["parent"], low["version"]) == ("0.108.0", "0.29.0")  # every other package stays pinned
    assert low["check"]["resolves"] is True and low["check"]["files"] == [source]
    assert low["check"]["versions"]["fastapi"] == "0.108.0"
    assert low["verification"]["verdict"] == "not_reproduced"
    # Nothing to edit, no command, no lock to regenerate: a rebuild, said as one.
    assert fix["edits"] == [] and low["edits"] == [] and fix["command"] is None and low["command"] is None
    assert fix["regenerate"] is None
    tree = scanned[0]
    assert fix["file"] == source  # where the deployed set records what moves: fastapi
    assert "fastapi" in (tree / source).read_text().splitlines()[fix["line"] - 1]
    assert not any("lock" in n for n in fix["notes"]), fix["notes"]
    rebuild = (
        "rebuild the image image.cdx.json describes with fastapi==0.108.0, starlette==0.29.0"
        if root == "."
        else "reinstall the environment env/frozen.txt lists with fastapi==0.108.0, starlette==0.29.0"
    )
    assert rebuild in low["change"], low["change"]
    assert "nothing is edited" in low["change"]


def test_the_table_and_the_details_say_the_same_change(
    scanned: tuple[Path, dict[str, Any], str], repro_cache: Path
) -> None:
    tree, _, _ = scanned
    text = scan_cli(tree, repro_cache, *ARGS).stdout
    rows = [line.split() for line in text.splitlines() if line.startswith((". ", "env "))]
    assert [row[-4:] for row in rows] == [["fastapi", "0.100.1", "->", "0.108.0"]] * 2, text
    said = flat(text)
    assert said.count("upgrade fastapi to 0.108.0 or later (0.100.1 now;") == 2
    assert "upgrade starlette to 0.29.0" not in said
    assert "regenerate the lock" not in said and "scan --fix=latest" not in said
    assert "rebuild the image image.cdx.json describes with fastapi==0.108.0, starlette==0.29.0" in said


def test_scan_fix_edits_nothing_and_says_what_to_rebuild_with(
    scanned: tuple[Path, dict[str, Any], str], repro_cache: Path
) -> None:
    tree, _, _ = scanned
    before = {p: p.read_bytes() for p in tree.rglob("*") if p.is_file()}
    proc = scan_cli(tree, repro_cache, *ARGS, "--fix")
    assert {p: p.read_bytes() for p in tree.rglob("*") if p.is_file()} == before
    said = flat(proc.stderr)
    assert "--fix: .: not edited: rebuild the image image.cdx.json describes with fastapi==0.108.0" in said
    assert (
        "--fix: env: not edited: reinstall the environment env/frozen.txt lists with fastapi==0.108.0" in said
    )
    assert "--fix: nothing to change" in said
    assert proc.returncode == 1, proc.stderr  # the scan's exit code stands: nothing failed to apply
