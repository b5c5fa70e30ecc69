"""A token actions/checkout left in .git/config is out of a custom scenario's reach.

As root, a custom scenario runs as a uid of its own, which can read any file every user may read;
``actions/checkout`` writes the workflow token into ``.git/config`` (mode 0644) unless told
``persist-credentials: false``. Then custom packs are not run at all, and the report says why.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO, scan_json, write_tree

pytestmark = pytest.mark.integration

CONFIG = """[core]
\trepositoryformatversion = 0
[remote "origin"]
\turl = https://github.com/acme/shop
[http "https://github.com/"]
\textraheader = AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46Z2hzX3Rva2Vu
"""


@pytest.mark.skipif(os.geteuid() != 0, reason="only as root does a scenario run as another user")
def test_custom_packs_do_not_run_beside_a_persisted_token(tmp_path: Path, repro_cache: Path) -> None:
    tree = write_tree(tmp_path / "repo", {"requirements.txt": "starlette==0.27.0\n", ".git/config": CONFIG})
    (tree / ".git/config").chmod(0o644)
    shutil.copytree(REPO / "tests/fixtures/packs/envprobe", tree / "checks/envprobe")
    _, report, output = scan_json(tree, repro_cache, "--audit", "off", "--packs", "checks")
    [target] = report["targets"]
    assert [p["id"] for p in target["packs"] if p["custom"]] == []
    [error] = [e for e in report["errors"] if e["file"] == ".git/config"]
    assert (
        "custom packs were not run" in error["message"] and "persist-credentials: false" in error["message"]
    )
    # without the token there, the same pack runs
    (tree / ".git/config").write_text(CONFIG.split("[http")[0])
    _, report, output = scan_json(tree, repro_cache, "--audit", "off", "--packs", "checks")
    [target] = report["targets"]
    assert [p["id"] for p in target["packs"] if p["custom"]] == ["acme-envprobe"], output[-2000:]
