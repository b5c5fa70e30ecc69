"""The release workflow (.github/workflows/release.yml), checked as far as a machine without GitHub can:

- its shape: a tag vX.Y.Z starts it, the image job may write packages only, the tag job contents only,
  and every third-party action is pinned by commit SHA;
- its shell steps, run with bash as the runner runs them, in a real git repository with a bare
  ``origin``: the checks of the tag, the release commit whose action.yml pulls the image by digest,
  which tags move (``vX`` only to the newest ``vX.*.*``), and the release notes handed to ``gh``
  (a stand-in program that records its arguments: the one process we cannot run here).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO

WORKFLOW_TEXT = (REPO / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8")
WORKFLOW = yaml.safe_load(WORKFLOW_TEXT)
IMAGE = "ghcr.io/acme/starlette-check"
DIGEST = "sha256:" + "5e" * 32
PINNED = f"docker://{IMAGE}@{DIGEST}"
CHANGELOG = """\
# Changelog

## [Unreleased]

## [1.1.0] - 2026-12-05

### Added

- `--version`.

## [1.10.0] - 2026-11-20

## [1.9.0] - 2026-11-10

## [1.0.0] - 2026-11-01

- First release.
"""


def step(job: str, name: str) -> dict[str, Any]:
    [found] = [s for s in WORKFLOW["jobs"][job]["steps"] if s.get("name") == name]
    return dict(found)


# -- shape ----------------------------------------------------------------------------------------


def test_a_version_tag_starts_it_and_nothing_else() -> None:
    assert WORKFLOW[True] == {"push": {"tags": ["v[0-9]+.[0-9]+.[0-9]+"]}}  # YAML reads `on` as True
    assert WORKFLOW["permissions"] == {}


def test_each_job_gets_only_the_permission_it_needs() -> None:
    jobs = WORKFLOW["jobs"]
    assert jobs["image"]["permissions"] == {"contents": "read", "packages": "write"}
    assert jobs["tags"]["permissions"] == {"contents": "write"}
    assert jobs["tags"]["needs"] == "image"
    [checkout] = [s for s in jobs["image"]["steps"] if str(s.get("uses", "")).startswith("actions/checkout@")]
    assert checkout["with"]["persist-credentials"] is False  # no token in .git/config while building


def test_every_action_is_pinned_by_commit_with_its_version_beside_it() -> None:
    uses = re.findall(r"^\s*(?:- )?uses: (\S+)(.*)$", WORKFLOW_TEXT, re.M)
    assert len(uses) == 6  # checkout twice, buildx, build (and push), login
    for action, comment in uses:
        name, _, ref = action.partition("@")
        assert re.fullmatch(r"[0-9a-f]{40}", ref), f"{name} is not pinned by commit: {action}"
        assert re.fullmatch(r" # v\d+\.\d+\.\d+", comment), f"{name}@{ref} has no version comment"
    pins = {action.partition("@")[0]: action.partition("@")[2] for action, _ in uses}
    assert sorted(pins) == [
        "actions/checkout",
        "docker/build-push-action",
        "docker/login-action",
        "docker/setup-buildx-action",
    ]


def test_the_image_is_pushed_as_x_y_z_and_x_and_pulled_by_digest() -> None:
    push = step("image", "Push (the same build, from the builder's cache)")
    tags = push["with"]["tags"].splitlines()
    assert tags[0] == "${{ steps.names.outputs.image }}:${{ steps.names.outputs.version }}"
    assert "steps.names.outputs.newest == 'true'" in push["with"]["tags"]  # X only for the newest X.*.*
    assert push["with"]["push"] is True
    assert WORKFLOW["jobs"]["image"]["outputs"]["digest"] == "${{ steps.push.outputs.digest }}"
    release = step("tags", "Release commit; move the tags to it")
    assert release["env"]["DIGEST"] == "${{ needs.image.outputs.digest }}"


# -- the steps, run ---------------------------------------------------------------------------------


class Repository:
    """A maintainer's clone and its ``origin``, and runner checkouts of a tag made from it."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.env = {
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
            "HOME": str(base / "home"),
            "GIT_CONFIG_NOSYSTEM": "1",
        }
        (base / "home").mkdir()
        (base / "home" / ".gitconfig").write_text(
            "[user]\n\tname = Maintainer\n\temail = maintainer@example.invalid\n", encoding="utf-8"
        )
        self.origin = base / "origin.git"
        subprocess.run(["git", "init", "--quiet", "--bare", "-b", "main", str(self.origin)], check=True)
        self.work = base / "maintainer"
        self.clone(self.work)
        self.run(self.work, "symbolic-ref", "HEAD", "refs/heads/main")
        for path in ("action.yml", "scripts/pin_image.py"):
            (self.work / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(REPO / path, self.work / path)
        (self.work / "CHANGELOG.md").write_text(CHANGELOG, encoding="utf-8")

    def run(self, cwd: Path, *args: str) -> str:
        proc = subprocess.run(
            ["git", *args], cwd=cwd, env=self.env, capture_output=True, text=True, check=True, timeout=60
        )
        return proc.stdout.strip()

    def clone(self, path: Path) -> None:
        self.run(self.base, "clone", "--quiet", str(self.origin), str(path))

    def release(self, version: str) -> str:
        """Commit ``starlette_2093_check.__version__ = version`` on main, tag it v``version``, push both."""
        (self.work / "starlette_2093_check").mkdir(exist_ok=True)
        (self.work / "starlette_2093_check" / "__init__.py").write_text(
            f'__version__ = "{version}"\n', encoding="utf-8"
        )
        self.run(self.work, "add", "-A")
        self.run(self.work, "commit", "--quiet", "-m", f"Version {version}")
        self.run(self.work, "tag", "-a", f"v{version}", "-m", f"v{version}")
        self.run(self.work, "push", "--quiet", "origin", "main", f"v{version}")
        return self.run(self.work, "rev-parse", "HEAD")

    def checkout(self, sha: str, name: str) -> Path:
        """What actions/checkout with fetch-depth 0 leaves: every ref, HEAD detached at ``sha``."""
        path = self.base / name
        self.clone(path)
        self.run(path, "checkout", "--quiet", "--detach", sha)
        return path

    def remote_tag(self, tag: str) -> str:
        return self.run(self.origin, "rev-parse", f"{tag}^{{commit}}")

    def step(self, cwd: Path, job: str, name: str, **env: str) -> tuple[int, str, dict[str, str]]:
        """Run one ``run:`` step as the runner does (``bash -eo pipefail``, its ``env:``, the
        GITHUB_OUTPUT file); the exit code, stdout+stderr and the outputs it wrote."""
        script = step(job, name)["run"]
        outputs = self.base / f"output-{len(list(self.base.glob('output-*')))}"
        outputs.write_text("")
        script_file = outputs.with_suffix(".sh")
        script_file.write_text(script, encoding="utf-8")
        runner_temp = self.base / "runner-temp"
        runner_temp.mkdir(exist_ok=True)
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script_file)],
            cwd=cwd,
            env={
                **self.env,
                "GITHUB_OUTPUT": str(outputs),
                "GITHUB_REPOSITORY": "Acme/Starlette-Check",
                "RUNNER_TEMP": str(runner_temp),
                **env,
            },
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        written = dict(line.split("=", 1) for line in outputs.read_text().splitlines())
        return proc.returncode, proc.stdout + proc.stderr, written


NAMES = "Check the tag, the version and the changelog"
TAGS = "Release commit; move the tags to it"
NOTES = "GitHub release, with the changelog's section"


@pytest.fixture
def repo(tmp_path: Path) -> Repository:
    return Repository(tmp_path)


def names(repo: Repository, sha: str, tag: str) -> tuple[int, str, dict[str, str]]:
    return repo.step(
        repo.checkout(sha, f"names-{tag}-{sha[:7]}"), "image", NAMES, TAG=tag, DEFAULT_BRANCH="main"
    )


def tags(repo: Repository, sha: str, tag: str, newest: str) -> tuple[int, str, dict[str, str]]:
    here = repo.checkout(sha, f"tags-{tag}-{sha[:7]}")
    return repo.step(here, "tags", TAGS, TAG=tag, IMAGE=IMAGE, DIGEST=DIGEST, NEWEST=newest)


def test_a_release_moves_its_tags_to_a_commit_that_pulls_the_image(repo: Repository) -> None:
    source = repo.release("1.0.0")
    code, log, out = names(repo, source, "v1.0.0")
    assert code == 0, log
    assert out == {"version": "1.0.0", "major": "1", "newest": "true", "image": IMAGE}

    code, log, _ = tags(repo, source, "v1.0.0", out["newest"])
    assert code == 0, log
    release = repo.remote_tag("v1.0.0")
    assert release != source
    assert repo.run(repo.origin, "rev-parse", f"{release}^") == source  # built on the tagged commit
    assert repo.run(repo.origin, "log", "-1", "--format=%an", release) == "github-actions[bot]"
    assert repo.run(repo.origin, "diff", "--name-only", source, release) == "action.yml"
    pinned = yaml.safe_load(repo.run(repo.origin, "show", f"{release}:action.yml"))
    assert pinned["runs"] == {"using": "docker", "image": PINNED}
    assert repo.remote_tag("v1") == release
    # main still builds the Dockerfile; the release commit is on no branch
    assert repo.remote_tag("main") == source
    assert yaml.safe_load(repo.run(repo.origin, "show", "main:action.yml"))["runs"]["image"] == "Dockerfile"
    assert repo.run(repo.origin, "branch", "--contains", release) == ""


def test_v_x_moves_only_to_the_newest_release_of_x(repo: Repository) -> None:
    first = repo.release("1.9.0")
    second = repo.release("1.10.0")  # newer as a version, older as text
    assert names(repo, second, "v1.10.0")[2]["newest"] == "true"
    assert tags(repo, second, "v1.10.0", "true")[0] == 0
    newest = repo.remote_tag("v1.10.0")
    assert repo.remote_tag("v1") == newest
    # the older release's workflow, run again (re-run jobs): its own tag moves, v1 stays
    code, log, out = names(repo, first, "v1.9.0")
    assert (code, out["newest"]) == (0, "false"), log
    code, log, _ = tags(repo, first, "v1.9.0", out["newest"])
    assert code == 0, log
    assert "::notice::v1 stays where it is: a newer v1.* release exists" in log
    assert repo.remote_tag("v1") == newest
    assert repo.run(repo.origin, "rev-parse", "v1.9.0^{commit}^") == first


@pytest.mark.parametrize(
    ("change", "tag", "error"),
    [
        (
            None,
            "v1.2.0",
            "::error::tag v1.2.0, but starlette_2093_check.__version__ is 1.1.0: tag v1.1.0, or bump",
        ),
        ("changelog", "v1.1.0", "::error::CHANGELOG.md has no '## [1.1.0]' section"),
        ("pinned", "v1.1.0", "::error::action.yml does not build the Dockerfile"),
        ("branch", "v1.1.0", "::error::v1.1.0 is not on main"),
    ],
)
def test_a_tag_that_cannot_be_released_stops_before_the_build(
    repo: Repository, change: str | None, tag: str, error: str
) -> None:
    repo.release("1.0.0")
    if change == "changelog":
        text = CHANGELOG.replace("## [1.1.0] - 2026-12-05", "## [1.1.0-draft]")
        (repo.work / "CHANGELOG.md").write_text(text, encoding="utf-8")
    if change == "pinned":
        (repo.work / "action.yml").write_text(
            (repo.work / "action.yml").read_text().replace("image: Dockerfile", f"image: {PINNED}")
        )
    if change == "branch":
        repo.run(repo.work, "checkout", "--quiet", "-b", "side")
    source = repo.release("1.1.0")
    code, log, out = names(repo, source, tag)
    assert (code, out) == (1, {}), log
    assert error in log


def test_the_release_notes_are_the_changelog_section_and_the_image(repo: Repository) -> None:
    source = repo.release("1.0.0")
    bin_dir = repo.base / "bin"
    bin_dir.mkdir()
    record = repo.base / "gh-called"
    fake = bin_dir / "gh"
    fake.write_text(
        "#!/bin/sh\n"
        f'printf "%s\\n" "$@" > "{record}"\n'
        'while [ "$#" -gt 0 ]; do [ "$1" = --notes-file ] && cat "$2" >> "'
        + str(record)
        + '.notes"; shift; done\n',
        encoding="utf-8",
    )
    fake.chmod(0o755)
    here = repo.checkout(source, "notes")
    (here / "CHANGELOG.md").write_text(CHANGELOG, encoding="utf-8")
    code, log, _ = repo.step(
        here,
        "tags",
        NOTES,
        TAG="v1.1.0",
        IMAGE=IMAGE,
        DIGEST=DIGEST,
        GH_TOKEN="token",
        PATH=f"{bin_dir}{os.pathsep}{repo.env['PATH']}",
    )
    assert code == 0, log
    args = record.read_text().splitlines()
    assert args[:6] == ["release", "create", "v1.1.0", "--verify-tag", "--title", "v1.1.0"]
    notes = Path(f"{record}.notes").read_text(encoding="utf-8")
    assert notes == f"\n### Added\n\n- `--version`.\n\n\nImage: `{IMAGE}@{DIGEST}`\n"
