"""Private indexes declared in the repository, with credentials from the environment only.

A real HTTP index on 127.0.0.1 (tests/fakeindex.py) requires basic auth and serves one private
package that requires Starlette; everything public comes from the default index. The scan runs as
a subprocess, the way users run it, and its whole output is searched for the secret.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, clean_env, write_tree
from tests.fakeindex import FakeIndex

pytestmark = pytest.mark.integration

SECRET = "s3cret-index-token-4711"
PRIVATE = {("acme-web", "1.0"): ["starlette>=0.27,<0.28"]}
# The workflow's say: the fake index's host may receive values, and --index-env names them.
ALLOW = ("--index-host", "127.0.0.1", "--index-env")


def scan(
    path: Path, cache: Path, env: dict[str, str], *extra: str
) -> tuple[subprocess.CompletedProcess[str], Any]:
    proc = subprocess.run(
        [sys.executable, str(REPO / "entrypoint.py"), "scan", str(path), "--format", "json", *extra],
        capture_output=True,
        text=True,
        env={**clean_env(), "REPRO_CACHE_DIR": str(cache), **env},
        cwd=REPO,
        timeout=600,
        check=False,
    )
    assert proc.stdout, proc.stderr
    return proc, json.loads(proc.stdout)


def test_requirements_index_with_credentials_from_variables(tmp_path: Path, repro_cache: Path) -> None:
    with FakeIndex(PRIVATE, user="ci", password=SECRET) as index:
        port_url = index.url.replace("http://", "http://${ACME_USER}:${ACME_TOKEN}@")
        checkout = write_tree(
            tmp_path / "repo", {"requirements.txt": f"--extra-index-url {port_url}\nacme-web==1.0\n"}
        )
        proc, report = scan(
            checkout, repro_cache, {"ACME_USER": "ci", "ACME_TOKEN": SECRET}, *ALLOW, "ACME_USER,ACME_TOKEN"
        )
        assert any(r.authorization == index.expected_auth for r in index.log)
    [target] = report["targets"]
    assert (target["version"], target["resolution"], target["via"]) == (
        "0.27.0",
        "resolver",
        ["acme-web 1.0"],
    )
    assert target["source"] == {"file": "requirements.txt", "line": 2}
    assert target["resolved_on"]
    assert any("indexes the repository declares" in note for note in target["notes"])
    assert report["errors"] == []
    assert SECRET not in proc.stdout + proc.stderr


def test_named_uv_index_takes_credentials_from_uv_variables(tmp_path: Path, repro_cache: Path) -> None:
    with FakeIndex(PRIVATE, user="ci", password=SECRET) as index:
        pyproject = (
            '[project]\nname = "svc"\nversion = "1"\ndependencies = ["acme-web==1.0"]\n\n'
            f'[[tool.uv.index]]\nname = "acme-private"\nurl = "{index.url}"\n'
        )
        checkout = write_tree(tmp_path / "repo", {"pyproject.toml": pyproject})
        env = {"UV_INDEX_ACME_PRIVATE_USERNAME": "ci", "UV_INDEX_ACME_PRIVATE_PASSWORD": SECRET}
        proc, report = scan(checkout, repro_cache, env, *ALLOW, "UV_INDEX_ACME_PRIVATE_*")
    [target] = report["targets"]
    assert (target["version"], target["via"]) == ("0.27.0", ["acme-web 1.0"])
    assert SECRET not in proc.stdout + proc.stderr


def test_missing_variables_skip_the_index_with_an_error_naming_them(
    tmp_path: Path, repro_cache: Path
) -> None:
    with FakeIndex(PRIVATE, user="ci", password=SECRET) as index:
        url = index.url.replace("http://", "http://${ACME_USER}:${ACME_TOKEN}@")
        checkout = write_tree(tmp_path / "repo", {"requirements.txt": f"-i {url}\nacme-web==1.0\n"})
        proc, report = scan(checkout, repro_cache, {}, *ALLOW, "ACME_USER,ACME_TOKEN")
        assert index.log == []  # never contacted without its credentials
    assert report["targets"] == []
    messages = [(e["file"], e["line"], e["message"]) for e in report["errors"]]
    assert messages[0][:2] == ("requirements.txt", 1)
    assert "ACME_TOKEN, ACME_USER are not set in the environment" in messages[0][2]
    assert any("acme-web" in m for _, _, m in messages[1:])  # and the resolver says what it missed
    assert proc.returncode == 0  # nothing reproduced; --fail-on inconclusive would make this 1


def test_a_rejected_password_is_an_error_that_never_shows_it(tmp_path: Path, repro_cache: Path) -> None:
    with FakeIndex(PRIVATE, user="ci", password="the-right-one") as index:
        url = index.url.replace("http://", "http://ci:${ACME_TOKEN}@")
        checkout = write_tree(
            tmp_path / "repo", {"requirements.txt": f"--extra-index-url {url}\nacme-web==1.0\n"}
        )
        proc, report = scan(checkout, repro_cache, {"ACME_TOKEN": SECRET}, *ALLOW, "ACME_TOKEN")
        assert index.log, "the index was asked"
    assert report["targets"] == []
    assert report["errors"] and report["errors"][0]["message"].startswith("could not resolve")
    assert SECRET not in proc.stdout + proc.stderr


def test_the_index_url_input_replaces_the_repository_primary_and_keeps_its_extra_index(
    tmp_path: Path, repro_cache: Path
) -> None:
    """`--index-url` (the action's input) replaces the default and the repository's primary index;
    the repository's extra index comes on top."""
    with FakeIndex(PRIVATE) as index:
        checkout = write_tree(
            tmp_path / "repo",
            {
                "requirements.txt": (
                    "--index-url https://mirror.invalid/simple\n"  # replaced by the input, never asked
                    f"--extra-index-url {index.url}\nacme-web==1.0\nanyio==4.4.0\n"
                )
            },
        )
        # a second fake that knows nothing stands in for an input index that lacks the private package
        with FakeIndex({("anyio", "4.4.0"): ["idna>=2.8", "sniffio>=1.1"]}) as public:
            proc, report = scan(checkout, repro_cache, {}, "--index-url", public.url)
            asked_public = {r.path for r in public.log}
    assert proc.stdout
    # the repository's index was asked for its private package, the input's for what it lacks
    assert any(r.path.startswith("/simple/acme-web") for r in index.log)
    assert any(p.startswith("/simple/starlette") for p in asked_public)
    assert report["targets"] == []  # the stand-in for the input index has no starlette at all
    assert "starlette" in report["errors"][0]["message"]
    assert "mirror.invalid" not in report["errors"][0]["message"]
