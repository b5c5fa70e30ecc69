"""Custom packs end to end: a repository's own scenario runs in the sandbox, scrubbed, and only when named."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, scan_json, write_tree

pytestmark = pytest.mark.integration

SECRET = "ghs_customPackMustNeverSeeThis"


@pytest.fixture(scope="module")
def open_cache() -> Iterator[Path]:
    """A cache an unprivileged user can traverse (pytest's own tmp dirs are private to root)."""
    base = Path(tempfile.mkdtemp(prefix="packs-cache-"))
    base.chmod(0o755)
    yield base
    shutil.rmtree(base, ignore_errors=True)


# An interpreter outside private directories, that an unprivileged user can run (Debian's, in the
# image and on CI machines; a pyenv Python under /root is not one).
PUBLIC_PYTHON_PATH = "/usr/bin:/bin"


def _scan(tree: Path, cache: Path, *extra: str, path: str | None = None) -> tuple[int, dict[str, Any], str]:
    env = {"GITHUB_TOKEN": SECRET, "INPUT_GITHUB-TOKEN": SECRET, "ACTIONS_RUNTIME_TOKEN": SECRET}
    if path is not None:
        env["PATH"] = path  # what uv searches for the sandbox's default interpreter
    return scan_json(tree, cache, "--audit", "off", *extra, env=env, timeout=600)


def _public_python() -> bool:
    """Whether uv, searching PUBLIC_PYTHON_PATH, finds an interpreter every user may run."""
    found = shutil.which("python3", path=PUBLIC_PYTHON_PATH)
    if found is None:
        return False
    real = Path(found).resolve()
    return all(p.stat().st_mode & 0o001 for p in [real, *real.parents])


def _tree(tmp_path: Path) -> Path:
    tree = write_tree(tmp_path / "repo", {"requirements.txt": "starlette==0.27.0\n"})
    shutil.copytree(REPO / "tests/fixtures/packs/envprobe", tree / "checks/envprobe")
    return tree


def test_a_custom_scenario_runs_only_when_named(tmp_path: Path, open_cache: Path) -> None:
    tree = _tree(tmp_path)
    _, report, _ = _scan(tree, open_cache)
    [target] = report["targets"]
    assert "acme-envprobe" not in [p["id"] for p in target["packs"]]  # present in the repo, not named


def test_a_custom_scenario_sees_no_secret_and_keeps_the_verdict_rules(
    tmp_path: Path, open_cache: Path
) -> None:
    if not _public_python():
        pytest.skip(f"no interpreter that every user may run on {PUBLIC_PYTHON_PATH}")
    tree = _tree(tmp_path)
    code, report, output = _scan(tree, open_cache, "--packs", "checks", path=PUBLIC_PYTHON_PATH)
    assert SECRET not in output
    [target] = report["targets"]
    packs = {p["id"]: p for p in target["packs"]}
    assert target["verdict"] == "reproduced" and code == 1  # the headline still decides the exit code
    probe = packs["acme-envprobe"]
    assert probe["custom"] and probe["source"] == "checks/envprobe/card.yaml"
    assert probe["verdict"] == "not_reproduced", probe["reason"]
    seen = probe["evidence"]["look"]
    assert seen["leaked"] == []
    keys = {"PATH", "HOME", "TMPDIR", "LANG", "PYTHONDONTWRITEBYTECODE", "PYTHONHASHSEED"}
    assert set(seen["env_keys"]) <= keys
    if os.geteuid() == 0:  # the action's container runs as root: the scenario does not
        # a uid of its own, not nobody's: when the run ends, every process and file of it goes
        assert seen["uid"] in range(60_200, 60_300) and probe["evidence"]["sandbox_user"] == seen["uid"]
        assert probe["evidence"]["containment"]["uid_cleared"] is True
        assert seen["parent_environ"].startswith("refused")
    else:
        assert seen["uid"] == os.geteuid()


@pytest.mark.skipif(os.geteuid() != 0, reason="only root drops privileges for custom scenarios")
def test_as_root_a_custom_scenario_that_cannot_run_unprivileged_does_not_run(
    tmp_path: Path, open_cache: Path
) -> None:
    # The interpreter sits in a directory only root may enter, so the unprivileged user cannot run
    # it. Running the scenario as root instead would let it read the bot's environment.
    private = Path(tempfile.mkdtemp(prefix="private-python-"))
    try:
        private.chmod(0o700)
        (private / "python3").symlink_to(Path(sys.executable).resolve())
        tree = _tree(tmp_path)
        code, report, output = _scan(
            tree, open_cache, "--packs", "checks", path=f"{private}:{os.environ['PATH']}"
        )
    finally:
        shutil.rmtree(private, ignore_errors=True)
    assert SECRET not in output
    [target] = report["targets"]
    probe = {p["id"]: p for p in target["packs"]}["acme-envprobe"]
    assert probe["verdict"] == "inconclusive"
    assert "runs as an unprivileged user" in probe["reason"] and "is private" in probe["reason"]
    assert "look" not in probe["evidence"]  # it never ran
    assert target["verdict"] == "reproduced" and code == 1  # built-in packs are not affected


@pytest.mark.parametrize(("version", "expected"), [("0.38.4", "reproduced"), ("0.38.5", "not_reproduced")])
def test_a_custom_pack_decides_by_running_under_the_same_rules(
    tmp_path: Path, open_cache: Path, version: str, expected: str
) -> None:
    if not _public_python():
        pytest.skip(f"no interpreter that every user may run on {PUBLIC_PYTHON_PATH}")
    tree = write_tree(tmp_path / "repo", {"requirements.txt": f"starlette=={version}\n"})
    shutil.copytree(REPO / "tests/fixtures/packs/dispatch-background", tree / "packs/audit")
    code, report, _ = _scan(tree, open_cache, "--packs", "packs", path=PUBLIC_PYTHON_PATH)
    [target] = report["targets"]
    assert target["verdict"] == "not_reproduced" and code == 0  # #2093 is fixed in both releases
    packs = {p["id"]: p for p in target["packs"]}
    custom = packs["acme-dispatch-background"]
    assert custom["verdict"] == expected, custom["reason"]
    assert custom["evidence"]["audit_record"]["observed"] is (expected == "reproduced")
    # The built-in pack for the same regression agrees with the team's own check.
    assert packs["starlette-2688"]["verdict"] == expected


def test_a_broken_card_is_an_error_and_the_scan_goes_on(tmp_path: Path, open_cache: Path) -> None:
    tree = _tree(tmp_path)
    card = tree / "checks/envprobe/card.yaml"
    card.write_text(card.read_text().replace('fixed_in: "0.29.0"', "fixed_in: [nope"))
    code, report, _ = _scan(tree, open_cache, "--packs", "checks")
    assert code == 1 and report["targets"][0]["verdict"] == "reproduced"
    [error] = [e for e in report["errors"] if e["file"] == "checks/envprobe/card.yaml"]
    assert error["line"] == 6 and "invalid YAML" in error["message"]
