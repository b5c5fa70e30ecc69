"""The CLI as users run it: a real subprocess over a checkout with good and bad roots."""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from starlette_2093_check.cli import build_parser
from tests.conftest import REPO, clean_env, flat, write_tree

pytestmark = pytest.mark.integration

MIXED = {
    "good/requirements.txt": "# service that is affected\nstarlette==0.27.0\n",
    "fixed/requirements.txt": "starlette==0.29.0\n",
    "broken/pyproject.toml": "[project]\nname = 'broken'\ndependencies = [\n",
    "binary/requirements.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00",
    "escape/requirements.txt": "starlette==0.27.0\n-r ../../../outside.txt\n",
    "loop/requirements.txt": "-r requirements-dev.txt\nstarlette==0.29.0\n",
    "loop/requirements-dev.txt": "pytest\n-r requirements.txt\n",
    "unresolvable/requirements.txt": "starlette>=0.20\nno-such-package-for-this-test-zz==1.0\n",
}


def run_cli(*args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**clean_env(), "REPRO_CACHE_DIR": str(cache), "GITHUB_TOKEN": "ghs_must_not_leak"}
    return subprocess.run(
        [sys.executable, str(REPO / "entrypoint.py"), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="module")
def mixed_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tree(tmp_path_factory.mktemp("mixed"), MIXED)


@pytest.fixture(scope="module")
def mixed_json(mixed_tree: Path, repro_cache: Path) -> tuple[int, dict[str, Any]]:
    proc = run_cli("scan", str(mixed_tree), "--format", "json", cache=repro_cache)
    assert proc.stdout, proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def test_json_follows_the_contract(mixed_json: tuple[int, dict[str, Any]]) -> None:
    _, report = mixed_json
    assert report["schema_version"] == 1
    assert set(report) >= {"targets", "scanned", "errors"}
    for target in report["targets"]:
        assert set(target) >= {"root", "package", "version", "source", "via", "verdict", "evidence", "fix"}
        assert set(target["source"]) == {"file", "line"}
    by_root = {t["root"]: t for t in report["targets"]}
    good = by_root["good"]
    assert (good["version"], good["verdict"], good["source"]) == (
        "0.27.0",
        "reproduced",
        {"file": "good/requirements.txt", "line": 2},
    )
    assert good["fix"]["to"] == "0.29.0" and good["fix"]["file"] == "good/requirements.txt"
    assert good["fix"]["verification"]["verdict"] == "not_reproduced"
    assert by_root["fixed"]["verdict"] == "not_reproduced" and by_root["fixed"]["fix"] is None
    assert "good/requirements.txt" in report["scanned"]


def test_every_bad_input_is_an_error_naming_its_file(mixed_json: tuple[int, dict[str, Any]]) -> None:
    _, report = mixed_json
    errors = {(e["file"], e["line"]): e["message"] for e in report["errors"]}
    files = {file for file, _ in errors}
    assert "broken/pyproject.toml" in files
    assert "binary/requirements.txt" in files
    assert ("escape/requirements.txt", 2) in errors
    assert any(f.startswith("loop/") for f in files)
    # a requirement uv cannot resolve is left out of the answer, which names it at its line
    assert not any(f.startswith("unresolvable/") for f in files)
    (left,) = {t["root"]: t for t in report["targets"]}["unresolvable"]["left_out"]
    assert (left["file"], left["line"]) == ("unresolvable/requirements.txt", 2)
    assert "invalid TOML" in next(m for (f, _), m in errors.items() if f == "broken/pyproject.toml")


def test_other_roots_still_decide_the_exit_code(mixed_json: tuple[int, dict[str, Any]]) -> None:
    code, report = mixed_json
    assert any(t["verdict"] == "reproduced" for t in report["targets"])
    assert code == 1


def test_no_token_in_the_output(mixed_json: tuple[int, dict[str, Any]]) -> None:
    assert "ghs_must_not_leak" not in json.dumps(mixed_json[1])


def test_fail_on_controls_the_exit_code(tmp_path: Path, repro_cache: Path) -> None:
    tree = write_tree(
        tmp_path, {"ok/requirements.txt": "starlette==0.29.0\n", "bad/pyproject.toml": "[project\n"}
    )
    assert run_cli("scan", str(tree), "-q", cache=repro_cache).returncode == 0
    assert run_cli("scan", str(tree), "-q", "--fail-on", "inconclusive", cache=repro_cache).returncode == 1
    affected = write_tree(tmp_path / "affected", {"requirements.txt": "starlette==0.27.0\n"})
    assert run_cli("scan", str(affected), "-q", "--fail-on", "never", cache=repro_cache).returncode == 0


def test_text_and_markdown_reports(mixed_tree: Path, repro_cache: Path) -> None:
    text = run_cli("scan", str(mixed_tree), cache=repro_cache)
    assert "REPRODUCED" in text.stdout and "good/requirements.txt:2" in text.stdout
    assert "==> " in text.stderr  # progress goes to stderr, never into the report
    md = run_cli("scan", str(mixed_tree), "--format", "markdown", "-q", cache=repro_cache).stdout
    for section in (
        "<details><summary>Evidence: what breaks, and what the reproduction measured</summary>",
        "<details><summary>The fix: how it was checked, and the change to make</summary>",
        "<details><summary>When not to apply the fix, and what to watch in production</summary>",
        "<details><summary>Files that could not be read or resolved (5)</summary>",
    ):
        assert section in md
    # The fix shown is the minimal change, the one `scan --fix` applies; the newest set the project
    # allows is one line in the collapsed section, and one line of the text report.
    assert (
        "upgrade starlette to 0.29.0 or later (0.27.0 now): change good/requirements.txt:2 to "
        "`starlette==0.29.0`" in md
    )
    fix_section = md.split("<summary>The fix: how it was checked", 1)[1].split("</details>", 1)[0]
    assert "+starlette==0.29.0" in fix_section
    assert re.search(r"Newest allowed: starlette \S+, verified, `scan --fix=latest`", fix_section)
    assert "Newest allowed" not in md.split("<details>", 1)[0]
    shown = flat(text.stdout)
    assert "edit: good/requirements.txt:2: starlette==0.27.0 -> starlette==0.29.0" in shown
    assert re.search(r"newest allowed: starlette \S+, verified, scan --fix=latest", shown)


def test_usage_errors_exit_2(tmp_path: Path, repro_cache: Path) -> None:
    assert run_cli("scan", str(tmp_path / "missing"), cache=repro_cache).returncode == 2
    assert run_cli("scan", "--format", "yaml", cache=repro_cache).returncode == 2
    assert run_cli(cache=repro_cache).returncode == 2


def test_module_entry_point_works(repro_cache: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "starlette_2093_check", "scan", "--help"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert proc.returncode == 0 and "--fail-on" in proc.stdout


def test_locked_projects_run_on_the_locked_versions(repro_cache: Path) -> None:
    proc = run_cli("scan", str(REPO / "tests/fixtures/locked"), "--format", "json", "-q", cache=repro_cache)
    report = json.loads(proc.stdout)
    assert report["errors"] == []
    by_root = {t["root"]: t for t in report["targets"]}
    expected_source = {
        "uvproj": {"file": "uvproj/uv.lock", "line": 431},
        "poetryproj": {"file": "poetryproj/poetry.lock", "line": 67},
    }
    for root, source in expected_source.items():
        target = by_root[root]
        assert (target["version"], target["resolution"], target["source"]) == ("0.27.0", "lock", source)
        assert target["via"] == ["fastapi 0.100.1"]
        assert target["companions"] == {"anyio": "3.7.1"}
        assert target["evidence"]["versions"]["anyio"] == "3.7.1"  # the lock's anyio, not the newest
        assert target["python"]["request"] == ">=3.9"
        assert target["verdict"] == "reproduced"
    assert by_root["uvproj"]["fix"]["change"].endswith(
        "then run `uv lock --upgrade-package fastapi --upgrade-package starlette`"
    )
    assert proc.returncode == 1


def test_index_url_reaches_uv_and_failures_are_never_safe(tmp_path: Path) -> None:
    tree = write_tree(
        tmp_path / "tree",
        {"pinned/requirements.txt": "starlette==0.29.0\n", "ranged/requirements.txt": "fastapi>=0.100\n"},
    )
    dead_index = "http://127.0.0.1:9/simple"  # nothing listens on the discard port
    proc = run_cli(
        "scan", str(tree), "--format", "json", "-q", "--index-url", dead_index, cache=tmp_path / "empty-cache"
    )
    report = json.loads(proc.stdout)
    by_root = {t["root"]: t for t in report["targets"]}
    pinned = by_root["pinned"]
    # the root the dead index could not resolve is there too: inconclusive, never left out
    assert (by_root["ranged"]["version"], by_root["ranged"]["verdict"]) == ("unknown", "inconclusive")
    assert pinned["verdict"] == "inconclusive"  # could not install: not "not_reproduced"
    assert "could not install" in pinned["reason"] and "127.0.0.1:9" in pinned["reason"]
    (error,) = report["errors"]
    assert (error["file"], error["line"]) == ("ranged/requirements.txt", 1)
    assert error["message"].startswith("could not resolve")
    assert proc.returncode == 0
    strict = run_cli(
        "scan",
        str(tree),
        "-q",
        "--index-url",
        dead_index,
        "--fail-on",
        "inconclusive",
        cache=tmp_path / "empty-cache",
    )
    assert strict.returncode == 1


# -- the CLI a person expects: the text report, colour, progress, the current directory, --output --

LONG = "a service whose directory name is long enough to need wrapping/and a subproject"
# Four projects, none affected (no fix advice to wait for); one with a file that cannot be read, so
# it carries a long note of its own.
PEOPLE = {
    "svc10/requirements.txt": "starlette==0.29.0\n",
    "svc2/requirements.txt": "starlette==0.29.0\n",
    "svc1/requirements.txt": "starlette==0.29.0\n",
    f"{LONG}/requirements.txt": "starlette==0.29.0\n",
    f"{LONG}/pyproject.toml": "[project\n",
}
DEAD_OSV = "http://127.0.0.1:9/v1/query"  # nothing listens on the discard port: every lookup fails
ESC = "\x1b["


@pytest.fixture(scope="module")
def people_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tree(tmp_path_factory.mktemp("people"), PEOPLE)


def cli_env(cache: Path, **extra: str) -> dict[str, str]:
    env = {**clean_env(), "REPRO_CACHE_DIR": str(cache), **extra}
    for name in ("NO_COLOR", "FORCE_COLOR", "COLUMNS"):
        if name not in extra:
            env.pop(name, None)
    return env


def on_terminal(args: list[str], env: Mapping[str, str], columns: int = 120) -> tuple[int, str, str]:
    """Run the CLI with stdout and stderr on terminals of their own (pseudo-terminals, ``columns``
    wide), as a person at a shell does: the exit code, and what each terminal showed."""
    masters, slaves = [], []
    for _ in range(2):
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
        masters.append(master)
        slaves.append(slave)
    proc = subprocess.Popen(
        [sys.executable, str(REPO / "entrypoint.py"), *args],
        stdin=subprocess.DEVNULL,
        stdout=slaves[0],
        stderr=slaves[1],
        env=dict(env),
        cwd=REPO,
    )
    for slave in slaves:
        os.close(slave)
    shown = {master: b"" for master in masters}
    reading = set(masters)
    while reading:
        ready, _, _ = select.select(list(reading), [], [], 600)
        assert ready, "the CLI printed nothing for 10 minutes"
        for master in ready:
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:  # EIO: the child closed its end
                chunk = b""
            if chunk:
                shown[master] += chunk
            else:
                reading.discard(master)
                os.close(master)
    code = proc.wait(timeout=60)
    out, err = (shown[m].decode("utf-8", "replace").replace("\r\n", "\n") for m in masters)
    return code, out, err


@pytest.fixture(scope="module")
def people_text(people_tree: Path, repro_cache: Path) -> subprocess.CompletedProcess[str]:
    return run_cli("scan", str(people_tree), "--vulnerability-url", DEAD_OSV, cache=repro_cache)


def test_the_text_report_fits_80_columns_and_wraps_between_words(
    people_text: subprocess.CompletedProcess[str],
) -> None:
    lines = people_text.stdout.splitlines()
    assert people_text.returncode == 0, people_text.stderr[-2000:]
    assert max(len(line) for line in lines) <= 80
    # the long name and the long note are whole once the wrapping is undone, and no word was cut
    text = flat(people_text.stdout)
    assert f"not every manifest here could be read ({LONG}/pyproject.toml); see errors" in text
    words = {word for line in lines for word in line.split()}
    assert set(LONG.split()) <= words
    # a continuation sits under its label's value, not at the margin
    note = next(i for i, line in enumerate(lines) if line.lstrip().startswith("note: not every manifest"))
    assert lines[note].startswith("     note: ")
    assert lines[note + 1].startswith(" " * len("     note: ")) and lines[note + 1].strip()


def test_the_text_report_starts_with_a_summary_and_a_table_in_natural_order(
    people_text: subprocess.CompletedProcess[str],
) -> None:
    lines = people_text.stdout.splitlines()
    assert lines[0] == "4 projects: 0 reproduced, 4 not reproduced, 0 inconclusive; 1 error"
    header = next(
        i for i, line in enumerate(lines) if line.split()[:4] == ["project", "starlette", "verdict", "fix"]
    )
    rows = lines[header + 1 : lines.index("", header)]
    firsts = [row.split()[0] for row in rows if "NOT REPRODUCED" in row]
    assert firsts == ["a", "svc1", "svc2", "svc10"]  # svc2 before svc10, not after it
    assert all("0.29.0" in row and "[ok] NOT REPRODUCED" in row for row in rows if row.startswith("svc"))
    # the details follow in the same order
    details = [line.split()[3] for line in lines if line.startswith("[ok] NOT REPRODUCED  ")]
    assert details == ["a", "svc1", "svc2", "svc10"]


def test_a_note_every_project_shares_is_said_once(people_text: subprocess.CompletedProcess[str]) -> None:
    text = flat(people_text.stdout)
    reason = f"the vulnerability service at {DEAD_OSV} could not be reached"
    assert text.count(reason) == 1
    assert f"notes: 1. advisories not checked: {reason}" in text
    assert f"for: {LONG}, svc1, svc2, svc10" in text
    # each project still says its advisories were not checked (never "clear"), pointing at the note
    assert text.count("advisories not checked: starlette 0.29.0 (see note 1)") == 4


def test_an_outage_is_said_once_for_a_project_and_its_fix(tmp_path: Path, repro_cache: Path) -> None:
    tree = write_tree(tmp_path / "tree", {"api/requirements.txt": "starlette==0.27.0\n"})
    proc = run_cli("scan", str(tree), "-q", "--vulnerability-url", DEAD_OSV, cache=repro_cache)
    assert proc.returncode == 1, proc.stderr[-2000:]
    text = flat(proc.stdout)
    # the audit's sentence and the fix advice's, as they write them, folded into one line
    assert text.count("could not be reached") == 1, proc.stdout
    assert re.search(r"advisories not checked: starlette 0\.27\.0, .*for the fix: the vulnerability", text)


def test_colour_only_on_a_terminal_and_never_with_no_color(people_tree: Path, repro_cache: Path) -> None:
    args = ["scan", str(people_tree), "--audit", "off"]
    code, out, err = on_terminal(args, cli_env(repro_cache))
    assert code == 0, err[-2000:]
    assert f"{ESC}32m[ok] NOT REPRODUCED{ESC}0m" in out  # the verdicts are coloured
    assert max(len(re.sub(r"\x1b\[[0-9;]*m", "", line)) for line in out.splitlines()) <= 80
    code, out, _ = on_terminal(args, cli_env(repro_cache, NO_COLOR="1"))
    assert code == 0 and ESC not in out and "[ok] NOT REPRODUCED" in out
    piped = run_cli(*args, cache=repro_cache)
    assert ESC not in piped.stdout and ESC not in piped.stderr
    # a report written to a file has none either, even from a terminal
    code, out, _ = on_terminal(
        [*args, "--output", str(people_tree.parent / "report.txt")], cli_env(repro_cache)
    )
    assert code == 0 and out == ""
    assert (
        "[ok] NOT REPRODUCED" in (written := (people_tree.parent / "report.txt").read_text())
        and ESC not in written
    )


def test_progress_counts_on_a_terminal_and_lines_in_a_log(people_tree: Path, repro_cache: Path) -> None:
    args = ["scan", str(people_tree), "--audit", "off"]
    code, _, err = on_terminal(args, cli_env(repro_cache))
    assert code == 0
    assert "project roots" in err and "4/4" in err  # counted, with the total
    assert "==> " not in err  # no log lines on a terminal
    piped = run_cli(*args, cache=repro_cache)
    said = [line for line in piped.stderr.splitlines() if line.startswith("==> ")]
    resolving = [line for line in said if line.startswith("==> resolving starlette in ")]
    assert sorted(resolving) == sorted(
        f"==> resolving starlette in {root}" for root in (LONG, "svc1", "svc2", "svc10")
    )
    assert len(said) == len(set(said))  # one line each
    assert not any(line.endswith((" done", " to go")) for line in said)  # the counting stays off the log


def test_scan_with_no_path_scans_the_current_directory(people_tree: Path, repro_cache: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(REPO / "entrypoint.py"), "scan", "--format", "json", "-q", "--audit", "off"],
        capture_output=True,
        text=True,
        env=cli_env(repro_cache),
        cwd=people_tree,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    roots = sorted(t["root"] for t in json.loads(proc.stdout)["targets"])
    assert roots == sorted([LONG, "svc1", "svc2", "svc10"])  # this directory's, not the bundled example's


def test_output_writes_the_report_to_a_file(people_tree: Path, repro_cache: Path, tmp_path: Path) -> None:
    target = tmp_path / "reports" / "scan.json"
    proc = run_cli(
        "scan",
        str(people_tree),
        "--format",
        "json",
        "-q",
        "--audit",
        "off",
        "--output",
        str(target),
        cache=repro_cache,
    )
    assert proc.returncode == 0 and proc.stdout == ""
    assert len(json.loads(target.read_text(encoding="utf-8"))["targets"]) == 4
    assert [p.name for p in target.parent.iterdir()] == ["scan.json"]  # nothing half-written left beside it
    target.write_text("an older report, longer than the new one" * 1000, encoding="utf-8")
    run_cli(
        "scan",
        str(people_tree),
        "--format",
        "json",
        "-q",
        "--audit",
        "off",
        "-o",
        str(target),
        cache=repro_cache,
    )
    assert len(json.loads(target.read_text(encoding="utf-8"))["targets"]) == 4  # replaced whole


@pytest.mark.parametrize("command", ["scan", "scan-org", "merge-org"])
def test_help_lists_the_exit_codes(command: str) -> None:
    proc = subprocess.run(
        [sys.executable, str(REPO / "entrypoint.py"), command, "--help"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0
    codes = proc.stdout[proc.stdout.index("exit codes:") :]
    for code in ("0", "1", "2"):
        assert re.search(rf"^  {code}  \S", codes, re.M), codes


def test_help_documents_every_option() -> None:
    parser = build_parser({})
    (commands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    undocumented = [
        f"{name} {' '.join(action.option_strings) or action.dest}"
        for name, sub in commands.choices.items()
        for action in sub._actions
        if not action.help
    ]
    assert undocumented == []
