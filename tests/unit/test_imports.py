"""Start-up imports: a command imports what it uses, in a fresh interpreter as a user runs it.

PyGithub (and the HTTP stack under it) costs every command a tenth of a second; a local scan never
talks to GitHub, and ``--help`` talks to nothing. A scan imports the renderer of the format it prints.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, clean_env

# The command's modules, after it ran: ``main`` as ``entrypoint.py`` calls it.
SCRIPT = """
import contextlib, io, json, sys
from starlette_2093_check.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
    code = main(sys.argv[1:])
print(json.dumps(sorted(sys.modules)))
"""
NETWORK = ("github", "requests", "urllib3", "jwt", "pip_audit")
RENDERERS = (
    "starlette_2093_check.report.text",
    "starlette_2093_check.report.json_report",
    "starlette_2093_check.report.markdown",
    "starlette_2093_check.report.sarif",
)


def modules_after(*argv: str, cache: Path | None = None) -> set[str]:
    env = clean_env()
    if cache is not None:
        env["REPRO_CACHE_DIR"] = str(cache)
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, *argv],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return set(json.loads(proc.stdout.splitlines()[-1]))


def network(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in NETWORK)


@pytest.mark.parametrize("argv", [("--help",), ("scan", "--help"), ("scan-org", "--help")])
def test_help_imports_no_api_client(argv: tuple[str, ...]) -> None:
    modules = modules_after(*argv)
    assert network(modules) == []
    assert not modules & set(RENDERERS)
    assert "rich" not in modules  # the terminal's progress display: only for a scan on a terminal


@pytest.mark.parametrize(
    ("fmt", "renderers"),
    [
        ("json", ["starlette_2093_check.report.json_report"]),
        ("text", ["starlette_2093_check.report.text"]),
        (
            "sarif",
            ["starlette_2093_check.report.json_report", "starlette_2093_check.report.sarif"],
        ),  # SARIF is JSON
    ],
)
def test_a_scan_imports_the_renderer_it_prints_and_no_api_client(
    tmp_path: Path, fmt: str, renderers: list[str]
) -> None:
    (tmp_path / "repo").mkdir()
    modules = modules_after(
        "scan", str(tmp_path / "repo"), "--format", fmt, "--audit", "off", "-q", cache=tmp_path / "cache"
    )
    assert sorted(modules & set(RENDERERS)) == renderers
    assert network(modules) == []
    assert "rich" not in modules  # progress goes to a log (or nowhere): no terminal display


def test_the_cli_offers_every_format_there_is_a_renderer_for() -> None:
    from starlette_2093_check.cli import FORMATS
    from starlette_2093_check.report import FORMATS as RENDERED
    from starlette_2093_check.report import renderer

    assert FORMATS == RENDERED
    assert all(callable(renderer(name)) for name in FORMATS)
