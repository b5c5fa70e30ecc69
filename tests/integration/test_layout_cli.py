"""Issue 15, causes 6 and 7 through the CLI: noise trees, phantom roots, setup.cfg interpolation.

Starlette comes from a git branch here, so each target is `inconclusive` at once (nothing is
installed or run) and the test needs neither the package index nor a sandbox.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import scan_cli, scan_json, write_tree

pytestmark = pytest.mark.integration

FORK = "starlette @ git+https://example.invalid/fork/starlette@main"
APP = {
    "requirements.txt": f"{FORK}\n",
    # an application module called setup.py: it configures logging, it is no manifest
    "app/setup.py": "import logging\n\n\ndef setup():\n    logging.basicConfig()\n\n\nsetup()\n",
    "app/middleware.py": (
        "from starlette.middleware.base import BaseHTTPMiddleware\n\n\nclass Timing(BaseHTTPMiddleware):\n"
        "    pass\n"
    ),
    "app/main.py": (
        "from fastapi import BackgroundTasks, FastAPI\nfrom app.middleware import Timing\n\n"
        "app = FastAPI()\napp.add_middleware(Timing)\n\n\n@app.post('/')\n"
        "def post(tasks: BackgroundTasks) -> None:\n    pass\n"
    ),
    # fixtures of the project's tests and a notebook folder: not projects of this repository
    "tests/fixtures/old-app/requirements.txt": f"{FORK}\n",
    "tests/fixtures/old-app/views.py": "from starlette.middleware.base import BaseHTTPMiddleware as B\nB\n",
    "notebooks/requirements.txt": "jupyter\n",
    # setuptools interpolates %(name)s in setup.cfg
    "svc/setup.cfg": (
        "[metadata]\n"  # 1
        "name = svc\n"  # 2
        "[options]\n"  # 3
        f"web = {FORK}\n"  # 4
        "install_requires =\n"  # 5
        "    %(web)s\n"  # 6
        "    anyio>=3.4,<5  # 100%% async\n"  # 7
    ),
}


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tree(tmp_path_factory.mktemp("layout") / "repo", APP)


def test_noise_is_skipped_and_said_phantom_roots_take_nothing_and_setup_cfg_interpolates(
    app: Path, repro_cache: Path
) -> None:
    code, report, output = scan_json(app, repro_cache, "--audit", "off")
    assert code == 0, output[-3000:]
    assert set(report) >= {"schema_version", "targets", "scanned", "errors"}  # the contract holds
    assert report["errors"] == []
    targets = {t["root"]: t for t in report["targets"]}
    assert sorted(targets) == [".", "svc"]
    # the whole app's code belongs to the top root, not to app/setup.py
    reach = targets["."]["reachability"]
    assert reach["reachable"] is True
    assert [(f["file"], f["line"], f["kind"]) for f in reach["middleware"]] == [
        ("app/main.py", 5, "add_middleware"),
        ("app/middleware.py", 4, "subclass"),
    ]
    # the requirement written on line 4 and used through %(web)s on line 6 keeps line 4
    assert targets["svc"]["source"] == {"file": "svc/setup.cfg", "line": 4}
    assert "app/setup.py" not in report["scanned"]
    assert not any(path.startswith(("tests/", "notebooks/")) for path in report["scanned"])
    # what was left out is said, with how to read it
    assert (
        "skipped tests (rule 'tests/'): 1 manifest not read (tests/fixtures/old-app/requirements.txt)"
        in output
    )
    assert "skipped notebooks (rule 'notebooks/'): 1 manifest not read" in output


def test_include_reads_a_skipped_tree_and_skip_leaves_one_out(app: Path, repro_cache: Path) -> None:
    code, report, output = scan_json(
        app, repro_cache, "--audit", "off", "--include", "tests,fixtures", "--skip", "svc"
    )
    assert code == 0, output[-3000:]
    targets = {t["root"]: t for t in report["targets"]}
    assert sorted(targets) == [".", "tests/fixtures/old-app"]
    assert "skipped svc (rule 'svc'): 1 manifest not read (svc/setup.cfg)" in output


def test_a_bad_pattern_is_a_usage_error(app: Path, repro_cache: Path) -> None:
    proc = scan_cli(app, repro_cache, "--skip", "../elsewhere")
    assert proc.returncode == 2
    assert "error: pattern '../elsewhere': parts may not be empty, '.' or '..'" in proc.stderr
