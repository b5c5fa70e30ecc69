"""Every workflow of the repository, and every workflow the docs show, passes actionlint.

actionlint runs offline as WebAssembly under Node.js (``tests/actionlint.py``; ``.ci/run`` installs
it). Where Node.js or the module is missing the tests are skipped with the reason, except in CI
(``CI=true``), where they fail: a skipped lint there would pass unnoticed.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml

from tests.actionlint import ACTIONLINT, Findings, lint, missing
from tests.conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.y*ml"))
_FENCE = re.compile(r"^```ya?ml[ \t]*\n(.*?)^```", re.S | re.M)

BROKEN = """\
name: broken
on:
  push:
    tagz: [v1]
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "${{ github.event.pull_request.title }}"
      - uses: actions/checkout@v4
        with:
          fetch-deph: 0
      - run: echo "${{ steps.nope.outputs.x }}"
"""


@pytest.fixture(scope="module", autouse=True)
def actionlint_here() -> None:
    reason = missing()
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"actionlint {ACTIONLINT} is needed in CI: {reason}")
    pytest.skip(f"actionlint {ACTIONLINT} is not available: {reason}")


def docs() -> list[Path]:
    """README and the pages it is split into (docs/), and CONTRIBUTING."""
    return [REPO / "README.md", REPO / "CONTRIBUTING.md", *sorted((REPO / "docs").rglob("*.md"))]


def doc_workflows() -> dict[str, str]:
    """The fenced YAML blocks of the docs that are whole workflows, by ``file:line``; snippets
    (a step list, a ``with:`` block, a pack card) are not workflows and are left out."""
    found = {}
    for page in docs():
        if not page.is_file():
            continue
        text = page.read_text(encoding="utf-8")
        for block in _FENCE.finditer(text):
            data = yaml.safe_load(block[1])
            if isinstance(data, dict) and "jobs" in data:
                line = text.count("\n", 0, block.start()) + 2
                found[f"{page.relative_to(REPO)}:{line}"] = block[1]
    return found


def problems(findings: Findings) -> list[str]:
    return [
        f"{name}:{f['line']}:{f['column']}: {f['message']} [{f['kind']}]"
        for name, fs in findings.items()
        for f in fs
    ]


REPOSITORY = {str(p.relative_to(REPO)): p.read_text(encoding="utf-8") for p in WORKFLOWS}


@pytest.fixture(scope="module")
def findings() -> Findings:
    """One actionlint run over everything (loading the module takes a few seconds)."""
    return lint({**REPOSITORY, **doc_workflows(), "broken.yml": BROKEN})


def test_every_workflow_of_the_repository_passes(findings: Findings) -> None:
    assert {".github/workflows/release.yml", ".github/workflows/org-scan.yml"} <= set(REPOSITORY)
    assert problems({name: findings[name] for name in REPOSITORY}) == []


def test_every_workflow_the_docs_show_passes(findings: Findings) -> None:
    blocks = doc_workflows()
    # the pull-request check, the scheduled scan, the fork pair and the organisation scan
    assert len(blocks) >= 5, sorted(blocks)
    assert problems({name: findings[name] for name in blocks}) == []


def test_actionlint_finds_what_is_wrong(findings: Findings) -> None:
    """The lint is real: a broken workflow gets one finding per mistake, on its line."""
    assert sorted((f["line"], f["kind"]) for f in findings["broken.yml"]) == [
        (4, "syntax-check"),  # tagz
        (9, "expression"),  # an untrusted value in a script
        (12, "action"),  # checkout has no fetch-deph
        (13, "expression"),  # no step "nope"
    ]
