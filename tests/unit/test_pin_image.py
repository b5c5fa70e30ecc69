"""scripts/pin_image.py: the release commit's action.yml pulls the prebuilt image by digest.

Run as the release workflow runs it (a subprocess on a copy of the real action.yml) and through
``pin`` for the refusals: a malformed image or digest, or a file that is not a Docker action
building its Dockerfile, leaves the file as it was and names what is wrong.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from scripts.pin_image import PinError, pin
from tests.conftest import REPO

SCRIPT = REPO / "scripts" / "pin_image.py"
IMAGE = "ghcr.io/acme/starlette-2093-check"
DIGEST = "sha256:" + "0123456789abcdef" * 4
PINNED = f"docker://{IMAGE}@{DIGEST}"
ACTION = """\
name: demo  # a comment that stays
description: d
runs:
  # how it runs
  using: docker
  image: Dockerfile   # built on every run until pinned
  env:
    image: not-this-one
outputs:
  image:
    description: not this one either
"""


def run_script(action: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(action), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_real_action_yml_changes_in_its_image_line_only(tmp_path: Path) -> None:
    action = tmp_path / "action.yml"
    original = (REPO / "action.yml").read_text(encoding="utf-8")
    action.write_text(original, encoding="utf-8")
    proc = run_script(action, "--image", IMAGE, "--digest", DIGEST)
    assert proc.returncode == 0, proc.stderr
    after = action.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(original.splitlines(), after.splitlines(), strict=True) if a != b]
    assert changed == [("  image: Dockerfile", f"  image: {PINNED}")]
    before, now = yaml.safe_load(original), yaml.safe_load(after)
    assert now["runs"] == {"using": "docker", "image": PINNED}
    assert {k: v for k, v in now.items() if k != "runs"} == {k: v for k, v in before.items() if k != "runs"}
    assert proc.stdout == f"{action}: image: {PINNED}\n"


def test_comments_quoting_and_line_endings_are_kept() -> None:
    assert pin(ACTION, IMAGE, DIGEST) == ACTION.replace(
        "  image: Dockerfile   # built", f"  image: {PINNED}   # built"
    )
    quoted = ACTION.replace("image: Dockerfile", "image: 'Dockerfile'").replace("\n", "\r\n")
    assert pin(quoted, IMAGE, DIGEST) == quoted.replace("'Dockerfile'", f"'{PINNED}'")
    double = ACTION.replace("image: Dockerfile", 'image: "docker/Dockerfile"')
    assert yaml.safe_load(pin(double, IMAGE, DIGEST))["runs"]["image"] == PINNED


@pytest.mark.parametrize(
    "digest",
    [
        "sha256:" + "0123456789ABCDEF" * 4,  # registries write lowercase
        "sha256:" + "0" * 63,
        "sha256:" + "0" * 65,
        "sha512:" + "0" * 128,
        "0" * 64,
        "sha256:" + "0" * 64 + "\n::set-output name=x::y",
        "sha256:" + "0" * 63 + "g",
        " sha256:" + "0" * 64,
        "",
    ],
)
def test_a_digest_that_is_not_sha256_and_64_hex_is_refused(digest: str) -> None:
    with pytest.raises(PinError, match="expected sha256: and 64 lowercase hex digits"):
        pin(ACTION, IMAGE, digest)


@pytest.mark.parametrize(
    "image",
    [
        "ghcr.io/Acme/starlette-2093-check",  # GITHUB_REPOSITORY as is: the workflow lowercases it
        "ghcr.io/acme/x:1.2.3",
        "ghcr.io/acme/x@sha256:" + "0" * 64,
        "docker://ghcr.io/acme/x",
        "ghcr.io/acme/x y",
        "ghcr.io/acme/x\nimage: evil",
        "ghcr.io/acme/$(id)",
        "",
    ],
)
def test_an_image_with_other_characters_is_refused(image: str) -> None:
    with pytest.raises(PinError, match=r"only lowercase letters, digits and \. / _ - are allowed"):
        pin(ACTION, image, DIGEST)


@pytest.mark.parametrize(
    "image", ["ghcr.io", "ghcr.io//x", "/ghcr.io/acme/x", "ghcr.io/acme/x/", "ghcr.io/-/x"]
)
def test_an_image_that_is_not_a_registry_path_is_refused(image: str) -> None:
    with pytest.raises(PinError, match="expected REGISTRY/OWNER/NAME"):
        pin(ACTION, image, DIGEST)


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (ACTION.replace("using: docker", "using: node24"), r"runs\.using is 'node24', not 'docker'"),
        (ACTION.replace("using: docker", "using: composite"), r"runs\.using is 'composite'"),
        (ACTION.replace("  using: docker\n", ""), r"runs\.using is None"),
        (ACTION.replace("image: Dockerfile", f"image: {PINNED}"), "is already 'docker://"),
        (
            ACTION.replace("  image: Dockerfile   # built on every run until pinned\n", ""),
            "runs.image is missing",
        ),
        ("name: x\n", "no runs: mapping"),
        ("runs: [docker]\n", "no runs: mapping"),
        ("runs:\n  using: docker\n  image: [Dockerfile\n", r"action\.yml:4: not valid YAML"),
        (
            ACTION.replace("image: Dockerfile", "image: >-\n    Dockerfile"),
            r"action\.yml:6: write runs\.image on one",
        ),
        (
            ACTION.replace("  env:\n", "  image: Dockerfile\n  env:\n"),
            "expected one 'image:' line under runs:, found 2",
        ),
        ("runs: {using: docker, image: Dockerfile}\n", "expected one top-level 'runs:' line, found 0"),
    ],
    ids=[
        "javascript",
        "composite",
        "no-using",
        "already-pinned",
        "no-image",
        "no-runs",
        "runs-not-a-mapping",
        "not-yaml",
        "block-scalar",
        "two-image-lines",
        "flow-style",
    ],
)
def test_an_action_that_cannot_be_pinned_is_refused_naming_the_file(text: str, error: str) -> None:
    with pytest.raises(PinError, match=error) as caught:
        pin(text, IMAGE, DIGEST, "action.yml")
    assert str(caught.value).startswith("action.yml")


def test_a_refusal_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    action = tmp_path / "action.yml"
    action.write_bytes(ACTION.replace("using: docker", "using: node24").encode())
    before = action.read_bytes()
    proc = run_script(action, "--image", IMAGE, "--digest", DIGEST)
    assert (proc.returncode, proc.stdout, action.read_bytes()) == (2, "", before)
    assert (
        proc.stderr == f"pin_image.py: {action}: runs.using is 'node24', not 'docker' (a container action)\n"
    )
    proc = run_script(action, "--image", IMAGE.upper(), "--digest", DIGEST)
    assert proc.returncode == 2 and "only lowercase" in proc.stderr and action.read_bytes() == before
    proc = run_script(tmp_path / "missing.yml", "--image", IMAGE, "--digest", DIGEST)
    assert proc.returncode == 2 and "missing.yml" in proc.stderr
