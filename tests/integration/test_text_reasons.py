"""What the text report says about ``--base`` and about the exit code, on real scans: the real
``entrypoint.py scan`` on copies of the bundled example (both services reproduce; starlette 0.29.0
does not), and the action on the same checkout with a policy file.

The same example is scanned several times: verdicts and the day's resolutions come from the
session's cache after the first scan.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.actionrun import REPOSITORY, TOKEN, Runner, annotations, run_local
from tests.conftest import REPO, flat, scan_cli, write_tree
from tests.fakegithub import BOT, FakeGitHub

pytestmark = pytest.mark.integration

POLICY = ".github/starlette-check.yml"
SAFE = "starlette==0.29.0\n"
# The neighbour #3458 fails the step on its own; it is accepted in api, so only admin fails.
PACKS = (
    "packs:\n"
    "  run: [starlette-2093, starlette-3458]\n"
    "  fail-on: {starlette-3458: reproduced}\n"
    "ignore:\n"
    "  - root: api\n"
    "    pack: starlette-3458\n"
    "    reason: no slow clients on the api\n"
)


def _shop(where: Path) -> Path:
    shutil.copytree(REPO / "examples" / "shop", where)
    return where


def test_the_text_report_says_what_the_base_comparison_found(tmp_path: Path, repro_cache: Path) -> None:
    head = _shop(tmp_path / "head")
    base = _shop(tmp_path / "main")  # the base's name in the report is its directory's
    write_tree(base, {"api/requirements.txt": SAFE, "old/requirements.txt": "starlette==0.27.0\n"})
    proc = scan_cli(head, repro_cache, "--base", str(base), "--audit", "off", "--fail-on", "introduced")
    lines, text = proc.stdout.splitlines(), flat(proc.stdout)
    assert proc.returncode == 1, (proc.stdout + proc.stderr)[-3000:]
    assert lines[0] == "2 projects: 2 reproduced, 0 not reproduced, 0 inconclusive; 0 errors"
    assert text.startswith(
        "2 projects: 2 reproduced, 0 not reproduced, 0 inconclusive; 0 errors Compared with main: "
        "introduced: api; fixed: old (0.27.0 on main; no longer a project here); already on main: admin "
        "BaseHTTPMiddleware keeps"
    )
    assert "REPRODUCED admin starlette 0.26.1 change: already on main from admin/requirements.txt:2" in text
    assert "REPRODUCED api starlette 0.27.0 change: introduced (0.29.0 on main → 0.27.0) from" in text
    assert max(len(line) for line in lines) <= 80
    # Only api is new: that is what fails, and the last line says so.
    assert text.endswith("exit code 1 (--fail-on introduced): api (starlette-2093): reproduced")

    # The pull request no longer touches api: what is left is already on the base, and passes.
    write_tree(head, {"api/requirements.txt": SAFE})
    proc = scan_cli(head, repro_cache, "--base", str(base), "--audit", "off", "--fail-on", "introduced")
    text = flat(proc.stdout)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-3000:]
    assert (
        "Compared with main: fixed: old (0.27.0 on main; no longer a project here); already on main: " in text
    )
    assert "admin; unchanged: api BaseHTTPMiddleware" in text
    assert text.endswith("exit code 0 (--fail-on introduced): nothing fails")


def test_a_pack_of_the_policy_file_failing_the_step_is_named(tmp_path: Path, repro_cache: Path) -> None:
    tree = write_tree(_shop(tmp_path / "shop"), {POLICY: PACKS})
    proc = scan_cli(tree, repro_cache, "--audit", "off", "--fail-on", "never")
    assert proc.returncode == 1, (proc.stdout + proc.stderr)[-3000:]
    assert flat(proc.stdout).endswith(
        f"exit code 1 (--fail-on never; packs.fail-on in {POLICY}: starlette-3458 reproduced): "
        "admin (starlette-3458): reproduced"
    )
    # The headline fails too under the default: both named, the accepted neighbour in api not.
    proc = scan_cli(tree, repro_cache, "--audit", "off")
    assert proc.returncode == 1
    assert flat(proc.stdout).endswith(
        f"exit code 1 (--fail-on reproduced; packs.fail-on in {POLICY}: starlette-3458 reproduced): "
        "admin (starlette-2093): reproduced; admin (starlette-3458): reproduced; api (starlette-2093): "
        "reproduced"
    )
    # Accepted everywhere: 0, and the line says why a reproduced finding does not fail.
    write_tree(tree, {POLICY: PACKS.replace("  - root: api\n", "  - root: '*'\n")})
    proc = scan_cli(tree, repro_cache, "--audit", "off", "--fail-on", "never")
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-3000:]
    assert flat(proc.stdout).endswith(
        f"exit code 0 (--fail-on never; packs.fail-on in {POLICY}: starlette-3458 reproduced): "
        "nothing fails; 2 findings accepted"
    )


def test_a_directory_the_policy_file_excludes_names_paths_include(tmp_path: Path, repro_cache: Path) -> None:
    tree = write_tree(
        tmp_path / "repo",
        {
            POLICY: "paths:\n  exclude: [legacy/]\n",
            "legacy/requirements.txt": "starlette==0.27.0\n",
            "attic/requirements.txt": "starlette==0.27.0\n",
            "vendor/requirements.txt": "starlette==0.27.0\n",
        },
    )
    proc = scan_cli(tree, repro_cache, "--audit", "off", "--skip", "attic")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    log = proc.stderr
    assert (
        "skipped legacy (rule 'legacy/'): 1 manifest not read (legacy/requirements.txt); "
        f"paths.include in {POLICY} (or --include / the include input) reads them"
    ) in log
    for name in ("attic", "vendor"):  # the option's rule and a default one: the option reads them
        assert f"({name}/requirements.txt); --include / the include input reads them" in log


# -- the action: one error says why the step fails ------------------------------------------------


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    with FakeGitHub(tokens={TOKEN: {"user": BOT, "readonly": False}}) as gh:
        gh.add_repo(REPOSITORY)
        yield gh


def test_the_action_says_why_the_step_fails(fake: FakeGitHub, tmp_path: Path, repro_cache: Path) -> None:
    workspace = _shop(tmp_path / "workspace")
    # A third service with the api's pins, named with what a workflow command must not take as is.
    shutil.copytree(workspace / "api", workspace / "we%b")
    write_tree(workspace, {POLICY: PACKS})
    event = {"push": True, "ref": "refs/heads/feature", "repository": {"default_branch": "main"}}
    run = run_local(
        Runner(tmp_path / "runner"),
        fake.url,
        workspace,
        "push",
        event,
        cache=repro_cache,
        ref="refs/heads/feature",
        inputs={"fail-on": "never", "audit": "off"},
    )
    assert run.returncode == 1, run.stdout[-3000:] + run.stderr[-3000:]
    [why] = [a for a in annotations(run.stdout, "error") if "fails the step" in a]
    assert why == (
        "::error title=Starlette #2093 check%3A fails the step::Fails the step (fail-on never; "
        f"packs.fail-on in {POLICY}: starlette-3458 reproduced): admin (starlette-3458): reproduced; "
        "we%25b (starlette-3458): reproduced"
    )
    # The run passes under the same policy when the neighbour is accepted everywhere: no such error.
    write_tree(workspace, {POLICY: PACKS.replace("  - root: api\n", "  - root: '*'\n")})
    run = run_local(
        Runner(tmp_path / "runner2"),
        fake.url,
        workspace,
        "push",
        event,
        cache=repro_cache,
        ref="refs/heads/feature",
        inputs={"fail-on": "never", "audit": "off"},
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert not [a for a in annotations(run.stdout, "error") if "fails the step" in a]
