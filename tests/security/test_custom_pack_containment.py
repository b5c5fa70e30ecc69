"""Hostile custom packs: what a repository's card or scenario can do to the machine that scans it.

The packs are in ``tests/fixtures/packs/hostile/``. The cards are checked in this process (their
memory measured with tracemalloc); the scenarios run for real, through the CLI or the sandbox,
as root (the action's container) or as whoever runs the tests.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from starlette_2093_check.model import VerdictStatus
from starlette_2093_check.packs import Card, CardError, Pack, load_custom, scenario_code
from starlette_2093_check.repro.sandbox import Sandbox, SandboxConfig
from tests.conftest import REPO, scan_json, write_tree
from tests.integration.test_custom_packs import PUBLIC_PYTHON_PATH, _public_python

HOSTILE = REPO / "tests/fixtures/packs/hostile"
GOOD = REPO / "tests/fixtures/packs/envprobe"
ROOT = os.geteuid() == 0
WATCHED = ("/tmp", "/var/tmp", "/dev/shm")
SECRET = "ghs_hostilePackMustNeverSeeThis"


def _peak(fn: Any, *args: Any) -> tuple[Any, int]:
    """``fn(*args)`` and the peak of Python memory it allocated, in bytes."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        result = fn(*args)
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _repo(tmp_path: Path, *packs: str) -> Path:
    tree = write_tree(tmp_path / "repo", {"requirements.txt": "starlette==0.27.0\n"})
    for name in packs:
        shutil.copytree(HOSTILE / name, tree / "packs" / name)
    return tree


# -- cards and scenario files: refused before they are read or built -------------------------------


def test_a_sparse_1_gib_scenario_is_refused_without_being_read(tmp_path: Path) -> None:
    tree = _repo(tmp_path, "huge-scenario")
    with open(tree / "packs/huge-scenario/scenario.py", "wb") as fh:
        fh.truncate(1 << 30)  # sparse: nothing is written
    (packs, [error]), peak = _peak(load_custom, tree, "packs")
    assert packs == []
    assert (error.file, error.line) == ("packs/huge-scenario/card.yaml", 6)  # the `scenario:` line
    assert "larger than 256 KiB (1073741824 bytes)" in error.message and "not read" in error.message
    assert peak < 1024**2


def test_an_alias_bomb_card_is_refused_before_anything_is_built(tmp_path: Path) -> None:
    tree = _repo(tmp_path, "alias-bomb")
    (packs, [error]), peak = _peak(load_custom, tree, "packs")
    assert packs == []
    assert (error.file, error.line) == ("packs/alias-bomb/card.yaml", 7)  # the first anchor
    assert "anchors are not allowed" in error.message and "&a0" in error.message
    assert peak < 1024**2


@pytest.mark.parametrize(
    ("card", "line", "message"),
    [
        ('id: acme-x\npackage: starlette\ntitle: t\nfixed_in: "1.0"\ntexts: *nothing\n', 5, "aliases"),
        ("id: acme-x\nnested: " + "[" * 40 + "]" * 40 + "\n", 2, "nested more than 8 levels"),
        ('id: acme-x\npackage: starlette\ntitle: t\nfixed_in: "1.0"\n---\nid: acme-y\n', 5, "single YAML"),
        ("id: acme-x\n" + "# padding\n" * 7000, 1, "larger than 64 KiB"),
    ],
)
def test_cards_that_are_not_plain_small_yaml_are_refused(
    tmp_path: Path, card: str, line: int, message: str
) -> None:
    write_tree(tmp_path, {"checks/card.yaml": card, "checks/scenario.py": "CHECKS = {}\n"})
    packs, [error] = load_custom(tmp_path, "checks")
    assert packs == [] and (error.file, error.line) == ("checks/card.yaml", line)
    assert message in error.message


def test_a_sparse_1_gib_card_is_refused_without_being_read(tmp_path: Path) -> None:
    write_tree(tmp_path, {"checks/scenario.py": "CHECKS = {}\n"})
    with open(tmp_path / "checks/card.yaml", "wb") as fh:
        fh.truncate(1 << 30)
    (packs, [error]), peak = _peak(load_custom, tmp_path, "checks")
    assert packs == [] and (error.file, error.line) == ("checks/card.yaml", 1)
    assert "larger than 64 KiB" in error.message and peak < 1024**2


def test_symlinks_out_of_the_pack_are_refused(tmp_path: Path) -> None:
    tree = _repo(tmp_path, "escape-link")
    (tree / "packs/escape-link/scenario.py").symlink_to("/etc/passwd")
    # A card that is a link out of its pack, and a pack directory that is a link out of the packs.
    write_tree(tree, {"elsewhere/card.yaml": (HOSTILE / "escape-link/card.yaml").read_text()})
    (tree / "elsewhere/scenario.py").write_text("CHECKS = {}\n")
    (tree / "packs/linked-card").mkdir()
    (tree / "packs/linked-card/card.yaml").symlink_to(tree / "elsewhere/card.yaml")
    (tree / "packs/linked-dir").symlink_to(tree / "elsewhere")
    packs, errors = load_custom(tree, "packs")
    assert packs == []
    found = {e.file: e for e in errors}
    scenario = found["packs/escape-link/card.yaml"]
    assert scenario.line == 6 and "must be a file inside packs/escape-link/" in scenario.message
    assert "symlink" in scenario.message
    card = found["packs/linked-card/card.yaml"]
    assert card.line == 1 and "the card is a symlink to a file outside packs/linked-card/" in card.message
    linked = found["packs/linked-dir/card.yaml"]
    assert linked.line == 1 and "out of the packs directory" in linked.message


@pytest.mark.timeout(30)
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    write_tree(tmp_path, {"checks/card.yaml": (GOOD / "card.yaml").read_text()})
    os.mkfifo(tmp_path / "checks/scenario.py")
    packs, [error] = load_custom(tmp_path, "checks")
    assert packs == [] and error.file == "checks/card.yaml" and error.line == 1
    assert "not a regular file" in error.message


def test_hostile_cards_do_not_stop_the_other_packs(tmp_path: Path) -> None:
    tree = _repo(tmp_path, "alias-bomb", "huge-scenario", "escape-link", "detach", "flood")
    with open(tree / "packs/huge-scenario/scenario.py", "wb") as fh:
        fh.truncate(1 << 30)
    (tree / "packs/escape-link/scenario.py").symlink_to("/etc/passwd")
    shutil.copytree(GOOD, tree / "packs/envprobe")
    packs, errors = load_custom(tree, "packs")
    assert [p.id for p in packs] == ["acme-detach", "acme-envprobe", "acme-flood"]
    assert sorted(e.file for e in errors) == [
        "packs/alias-bomb/card.yaml",
        "packs/escape-link/card.yaml",
        "packs/huge-scenario/card.yaml",
    ]
    assert all(e.line for e in errors)


def test_what_runs_is_the_bytes_that_were_hashed(tmp_path: Path) -> None:
    write_tree(tmp_path, {"checks/card.yaml": (GOOD / "card.yaml").read_text()})
    scenario = tmp_path / "checks/scenario.py"
    scenario.write_text("CHECKS = {}  # what was read\n")
    [pack], _ = load_custom(tmp_path, "checks")
    scenario.write_text("CHECKS = {}  # swapped in after the check\n")
    assert scenario_code(pack) == b"CHECKS = {}  # what was read\n"
    assert hashlib.sha256(scenario_code(pack)).hexdigest() == pack.digest
    # A pack made without its bytes reads the file, and refuses it if its hash has changed.
    bare = Pack(card=pack.card, scenario=scenario, digest=pack.digest, custom=True)
    with pytest.raises(CardError, match="changed since it was read"):
        scenario_code(bare)


# -- scenarios that run: nothing of them survives the run, nothing they wrote stays -----------------


@pytest.fixture(scope="module")
def open_cache() -> Iterator[Path]:
    """A cache an unprivileged user can traverse (pytest's own tmp dirs are private to root)."""
    base = Path(tempfile.mkdtemp(prefix="hostile-cache-"))
    base.chmod(0o755)
    yield base
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="module")
def canary_dir() -> Iterator[Path]:
    """Where a surviving process would write its canary: any user may write here."""
    base = Path(tempfile.mkdtemp(prefix="canary-"))
    base.chmod(0o777)
    yield base
    shutil.rmtree(base, ignore_errors=True)


def _needs_public_python() -> None:
    if not _public_python():
        pytest.skip(f"no interpreter that every user may run on {PUBLIC_PYTHON_PATH}")


def _place_detach(tree: Path, canary_dir: Path) -> None:
    shutil.copytree(HOSTILE / "detach", tree / "packs/detach")
    scenario = tree / "packs/detach/scenario.py"
    scenario.write_text(scenario.read_text().replace("@CANARY_DIR@", str(canary_dir)))


@pytest.fixture(scope="module")
def hostile_scan(
    tmp_path_factory: pytest.TempPathFactory, open_cache: Path, canary_dir: Path
) -> dict[str, Any]:
    """One scan with the hostile packs named, beside a well-behaved one."""
    _needs_public_python()
    tmp = tmp_path_factory.mktemp("hostile")
    tree = write_tree(tmp / "repo", {"requirements.txt": "starlette==0.27.0\n"})
    _place_detach(tree, canary_dir)
    for name in ("flood", "many-files", "hidden"):
        shutil.copytree(HOSTILE / name, tree / "packs" / name)
    shutil.copytree(GOOD, tree / "packs/envprobe")
    env = {"GITHUB_TOKEN": SECRET, "PATH": PUBLIC_PYTHON_PATH}
    code, report, output = scan_json(
        tree, open_cache, "--audit", "off", "--packs", "packs", env=env, timeout=600
    )
    ended = time.time()
    [target] = report["targets"]
    return {
        "code": code,
        "output": output,
        "target": target,
        "packs": {p["id"]: p for p in target["packs"]},
        "ended": ended,
    }


def _boot_time() -> float:
    for line in Path("/proc/stat").read_text().splitlines():
        if line.startswith("btime "):
            return float(line.split()[1])
    raise AssertionError("no btime in /proc/stat")


def _started_at(pid: int) -> float | None:
    """When ``pid`` started (epoch seconds), or None if it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return None
    fields = raw[raw.rfind(b")") + 2 :].split()
    if fields[0] == b"Z":
        return None
    return _boot_time() + int(fields[19]) / os.sysconf("SC_CLK_TCK")


def _processes_of(uid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            uids = next(ln for ln in status.splitlines() if ln.startswith("Uid:")).split()[1:]
            if str(uid) in uids and "State:\tZ" not in status:
                found.append(int(entry.name))
    return found


def _assert_no_survivor(pids: list[int], before: float, canary_dir: Path) -> None:
    # A pid still in /proc may have been reused since: only one started before the end counts.
    survivors = [p for p in pids if (_started_at(p) or before + 1) <= before]
    assert survivors == [], f"processes of the run outlived it: {survivors}"
    (canary_dir / "go").touch()
    time.sleep(1.5)  # a survivor polls for `go` every 0.1 s
    assert [p.name for p in canary_dir.iterdir()] == ["go"]
    (canary_dir / "go").unlink()


@pytest.mark.integration
def test_detached_processes_do_not_outlive_the_run(hostile_scan: dict[str, Any], canary_dir: Path) -> None:
    probe = hostile_scan["packs"]["acme-detach"]
    evidence = probe["evidence"]
    pids = evidence["detach"]["pids"]
    assert len(pids) == 20, probe
    assert evidence["containment"]["left_running"] >= 20  # they did outlive the harness...
    _assert_no_survivor(pids, hostile_scan["ended"], canary_dir)  # ...but not the run
    if ROOT:
        uid = evidence["sandbox_user"]
        assert uid in range(60_200, 60_300) and evidence["containment"]["uid_cleared"]
        assert [p for p in _processes_of(uid) if (_started_at(p) or 0) <= hostile_scan["ended"]] == []


@pytest.mark.integration
@pytest.mark.skipif(not ROOT, reason="only a run's own uid tells its writes outside its directory apart")
def test_writing_outside_the_private_directory_is_bounded_and_removed(hostile_scan: dict[str, Any]) -> None:
    flood = hostile_scan["packs"]["acme-flood"]
    assert flood["verdict"] == "inconclusive"
    assert "the run wrote more than the sandbox allows" in flood["reason"]
    assert "the limit is 64 MiB in 10000 files" in flood["reason"]
    assert "outside its private directory: " in flood["reason"] and "/tmp/starlette-flood-" in flood["reason"]
    many = hostile_scan["packs"]["acme-many-files"]
    assert many["verdict"] == "inconclusive"
    assert "the run wrote more than the sandbox allows (more than 10000 files" in many["reason"]
    for where in WATCHED:
        left = [p.name for p in Path(where).iterdir() if p.name.startswith("starlette-flood-")]
        assert left == [], f"left in {where}: {left}"
    for pack in (flood, many):
        assert "look" not in pack["evidence"]  # nothing it printed was taken as a reading


@pytest.mark.integration
def test_deleted_files_kept_open_count_too(hostile_scan: dict[str, Any]) -> None:
    """No directory shows a file deleted while open, or a memfd; the supervisor counts them from
    the open files of the run's processes."""
    hidden = hostile_scan["packs"]["acme-hidden"]
    assert hidden["verdict"] == "inconclusive", hidden["reason"]
    assert "the run wrote more than the sandbox allows" in hidden["reason"]
    assert "in files it deleted but kept open" in hidden["reason"]


@pytest.mark.integration
def test_the_other_packs_and_the_scan_go_on(hostile_scan: dict[str, Any]) -> None:
    assert SECRET not in hostile_scan["output"]
    target = hostile_scan["target"]
    assert target["verdict"] == "reproduced" and hostile_scan["code"] == 1  # the headline still decides
    probe = hostile_scan["packs"]["acme-envprobe"]
    assert probe["verdict"] == "not_reproduced", probe["reason"]
    seen = probe["evidence"]["look"]
    assert seen["leaked"] == [] and seen["parent_environ"].startswith("refused" if ROOT else "")
    if ROOT:
        assert seen["uid"] == probe["evidence"]["sandbox_user"] != 0


@pytest.mark.integration
def test_a_trusted_run_is_contained_too(tmp_path: Path, open_cache: Path, canary_dir: Path) -> None:
    """Built-in packs keep the bot's user (as root, root): the session and the subreaper alone."""
    _needs_public_python()
    tree = tmp_path / "repo"
    _place_detach(tree, canary_dir)
    code = (tree / "packs/detach/scenario.py").read_bytes()
    card = Card(id="detach", package="starlette", title="detach", links={}, fixed_in="0.29.0", texts={})
    pack = Pack(
        card=card, scenario=tree / "packs/detach/scenario.py", digest=hashlib.sha256(code).hexdigest()
    )
    environ = {**os.environ, "PATH": PUBLIC_PYTHON_PATH}
    sandbox = Sandbox(SandboxConfig(cache_dir=open_cache, use_cache=False, environ=environ))
    verdict = sandbox.verdict("0.27.0", None, None, pack)
    ended = time.time()
    assert verdict.status is VerdictStatus.NOT_REPRODUCED, verdict.reason  # its own reading
    pids = verdict.evidence["detach"]["pids"]
    assert len(pids) == 20 and verdict.evidence["sandbox_user"] == os.geteuid()
    assert verdict.evidence["containment"]["subreaper"] is True
    _assert_no_survivor(pids, ended, canary_dir)


@pytest.mark.integration
def test_the_scenario_that_runs_is_the_one_that_was_checked(tmp_path: Path, open_cache: Path) -> None:
    _needs_public_python()
    body = "def c(kit, hold, timeout):\n    return {'observed': False, 'why': '%s'}\n\nCHECKS = {'c': c}\n"
    write_tree(tmp_path, {"checks/card.yaml": (GOOD / "card.yaml").read_text()})
    scenario = tmp_path / "checks/scenario.py"
    scenario.write_text(body % "the checked one")
    [pack], _ = load_custom(tmp_path, "checks")
    scenario.write_text(body % "swapped in")
    environ = {**os.environ, "PATH": PUBLIC_PYTHON_PATH}
    sandbox = Sandbox(SandboxConfig(cache_dir=open_cache, use_cache=False, environ=environ))
    verdict = sandbox.verdict("0.27.0", None, None, pack)
    assert verdict.status is VerdictStatus.NOT_REPRODUCED, verdict.reason
    assert verdict.evidence["c"]["why"] == "the checked one"


def test_the_hostile_fixtures_are_what_the_tests_say() -> None:
    # The 1 GiB file and the symlink are made by the tests; nothing big is stored in the repository.
    for path in HOSTILE.rglob("*"):
        st = path.lstat()
        assert stat.S_ISDIR(st.st_mode) or (stat.S_ISREG(st.st_mode) and st.st_size < 4096), path
