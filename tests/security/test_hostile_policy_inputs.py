"""Hostile input to the policy file, the pull request's base and the deployed-set readers.

Each test is an attack that worked before its fix: an SBOM the scan took hours over, a virtual
environment whose ``site-packages`` led out of the workspace, a site-packages directory of symlinks
to one large distribution, a pyproject.toml that turned the policy read into an internal error, and
a base tree answer whose entries' fields had the wrong types, which lost the head's report.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from starlette_2093_check.manifests import discover
from starlette_2093_check.manifests.installed import MAX_REQUIRES, read_site_packages
from tests.actionrun import REPOSITORY, Runner, run_local
from tests.conftest import scan_cli, write_tree
from tests.fakegithub import FakeGitHub

pytestmark = pytest.mark.integration

PUSH = {"ref": "refs/heads/main", "repository": {"full_name": REPOSITORY}}


def test_an_sbom_of_many_escaped_components_is_read_in_one_pass(tmp_path: Path) -> None:
    """A ``*.cdx.json`` is read wherever discovery finds it, so any pull request can add one. Each
    component's line used to be searched from the top of the text, and a value written escaped
    (``\\/``, ``\\u0061``: valid JSON, the same string) was never found, so every component scanned
    the whole file twice: 8 MiB and 8,000 components took 70 s; 64 MiB and 100,000, hours."""
    count = 4000
    components = ",\n".join(
        f'{{"type":"library","name":"p\\u0061{i}","purl":"pkg:pypi\\/pa{i}@1.0"}}' for i in range(count)
    )
    padding = "a" * (6 * 1024 * 1024)
    text = (
        '{"bomFormat":"CycloneDX","specVersion":"1.5","components":[\n'
        + components
        + '\n],"x":"'
        + padding
        + '"}'
    )
    (tmp_path / "image.cdx.json").write_text(text)
    found = discover(tmp_path)
    [root] = found.roots
    [manifest] = root.manifests
    assert len(manifest.locked) == count
    # The component on the text's line 2 + i is found there, escaped or not.
    lines = {p.name: p.location.line for p in manifest.locked}
    assert lines["pa0"] == 2 and lines[f"pa{count - 1}"] == count + 1


def test_a_virtual_environment_whose_site_packages_leaves_the_workspace_is_refused(
    tmp_path: Path, repro_cache: Path
) -> None:
    """``environment: venv`` names a directory inside the workspace; the checkout makes its
    ``lib/python3.11/site-packages`` a symlink to a directory outside it. The action reads only
    what is inside the workspace: that directory was read, and named in the report by its
    absolute path."""
    outside = tmp_path / "outside"
    (outside / "starlette-0.27.0.dist-info").mkdir(parents=True)
    (outside / "starlette-0.27.0.dist-info" / "METADATA").write_text("Name: starlette\nVersion: 0.27.0\n")
    record = {"url": "https://example.invalid/s.git", "vcs_info": {"vcs": "git", "commit_id": "0" * 40}}
    (outside / "starlette-0.27.0.dist-info" / "direct_url.json").write_text(json.dumps(record))  # not run
    workspace = write_tree(tmp_path / "workspace", {"venv/pyvenv.cfg": "home = /usr/bin\n"})
    (workspace / "venv" / "lib" / "python3.11").mkdir(parents=True)
    os.symlink(outside, workspace / "venv" / "lib" / "python3.11" / "site-packages")
    inputs = {"environment": "venv", "json-file": "report.json", "audit": "off", "reachability": "false"}
    with FakeGitHub() as fake:
        fake.add_repo(REPOSITORY)
        run = run_local(
            Runner(tmp_path / "runner"),
            fake.url,
            workspace,
            "push",
            PUSH,
            cache=repro_cache,
            inputs=inputs,
            ref="refs/heads/main",
        )
    assert run.returncode == 0, run.stdout + run.stderr
    report: dict[str, Any] = json.loads((workspace / "report.json").read_text())
    assert report["targets"] == []
    assert [(e["file"], e["message"]) for e in report["errors"]] == [
        ("venv", "refused: outside the workspace (the action reads only what is mounted into it)")
    ]
    assert str(outside) not in json.dumps(report)


def test_a_site_packages_of_symlinks_to_one_distribution_reads_it_once(tmp_path: Path) -> None:
    """Symlinks inside the directory are followed, and each ``*.dist-info`` was read anew: one
    5 MB METADATA and a thousand symlinks to its directory (cheap to commit) cost an hour.
    Requires-Dist headers beyond ``MAX_REQUIRES`` (they only give the via chain) are not parsed."""
    site = tmp_path / "site-packages"
    (site / "starlette-0.27.0.dist-info").mkdir(parents=True)
    requires = "Requires-Dist: anyio<5,>=3.4.0; python_version > '3'\n" * 90_000
    (site / "starlette-0.27.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: starlette\nVersion: 0.27.0\n" + requires
    )
    for i in range(15):
        os.symlink("starlette-0.27.0.dist-info", site / f"x{i}-1.0.dist-info")
    manifest, errors = read_site_packages(site, "site-packages")
    assert [(p.name, p.version, p.dependencies) for p in manifest.locked] == [
        ("starlette", "0.27.0", ("anyio",))
    ]
    assert [(e.file, e.message, e.line) for e in errors] == [
        (
            "site-packages/starlette-0.27.0.dist-info/METADATA",
            f"more than {MAX_REQUIRES} Requires-Dist headers: the rest were not read",
            4,
        )
    ]


def test_a_deeply_nested_pyproject_is_a_policy_error_not_an_internal_error(
    tmp_path: Path, repro_cache: Path
) -> None:
    """The policy is looked for in the top-level pyproject.toml; tomllib recurses once per nested
    array, and the RecursionError ended the scan as an internal error with a traceback. A file
    that names the policy table is a policy error; one that does not is discovery's error for
    that file, and the scan goes on without a policy."""
    nested = "[" * 3000 + "]" * 3000
    checkout = write_tree(tmp_path / "repo", {"pyproject.toml": f"[tool.starlette-check]\na = {nested}\n"})
    proc = scan_cli(checkout, repro_cache, "--format", "json")
    assert proc.returncode == 2
    assert "pyproject.toml:1: invalid TOML: nested too deeply" in proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr

    other = write_tree(tmp_path / "other", {"pyproject.toml": f"[tool.other]\na = {nested}\n"})
    proc = scan_cli(other, repro_cache, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert [e["file"] for e in report["errors"]] == ["pyproject.toml"]
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr


@pytest.mark.parametrize(
    "entry",
    [
        {"path": None, "mode": "100644", "type": "blob", "sha": "1" * 40, "size": 3},
        {"path": 5, "mode": "100644", "type": "blob", "sha": "1" * 40, "size": 3},
        {"path": "requirements.txt", "mode": "100644", "type": "blob", "sha": None, "size": 3},
        {"path": "requirements.txt", "mode": "100644", "type": "blob", "sha": "1" * 40, "size": "3"},
        "requirements.txt",
    ],
)
def test_a_base_tree_of_the_wrong_shape_is_unknown_and_the_head_is_still_reported(
    tmp_path: Path, repro_cache: Path, entry: Any
) -> None:
    """The base is read through the API; an answer whose entries have fields of the wrong type
    raised where the code expected strings, ended the step with an internal error and lost the
    head's report. It is a base that could not be read: every root unknown, the head reported."""
    workspace = write_tree(tmp_path / "workspace", {"README.md": "no manifests\n"})
    event = {
        "number": 7,
        "pull_request": {
            "number": 7,
            "head": {"repo": {"full_name": REPOSITORY}, "sha": "a" * 40},
            "base": {"ref": "main", "sha": "b" * 40},
        },
    }
    inputs = {"json-file": "report.json", "audit": "off", "comment": "never"}
    with FakeGitHub() as fake:
        fake.add_repo(REPOSITORY, files={"requirements.txt": "starlette==0.29.0\n"})
        fake.add_pull(REPOSITORY, 7, head_sha="a" * 40)
        fake.inject(
            "GET", r"/git/trees/", 200, payload={"sha": "2" * 40, "tree": [entry], "truncated": False}
        )
        run = run_local(
            Runner(tmp_path / "runner"),
            fake.url,
            workspace,
            "pull_request",
            event,
            cache=repro_cache,
            inputs=inputs,
        )
    assert run.returncode == 0, run.stdout + run.stderr
    report: dict[str, Any] = json.loads((workspace / "report.json").read_text())
    assert report["comparison"]["error"].startswith("GitHub's answer could not be used: GitHub's answer")


def test_an_sbom_of_millions_of_empty_components_lists_a_bounded_number_of_errors(tmp_path: Path) -> None:
    """Each component without a name was an error of its own: an 8 MiB ``x.cdx.json`` (any pull
    request can add one) of ``{}`` gave 3 million errors and 650 MB; 64 MiB, over 20 million, each
    carried into every report. The first are listed, the rest counted."""
    count = 3_000_000
    text = '{"bomFormat":"CycloneDX","specVersion":"1.5","components":[' + ",".join(["{}"] * count) + "]}"
    (tmp_path / "x.cdx.json").write_text(text)
    found = discover(tmp_path)
    assert len(found.errors) <= 101
    assert {e.message for e in found.errors} == {
        "a Python package without a name",
        f"{count - 100} more errors, not listed",
    }
