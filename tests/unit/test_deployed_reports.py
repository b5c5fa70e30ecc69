"""A version read from what is deployed says so in every format, and a JSON report keeps it."""

from __future__ import annotations

import json

import pytest

from starlette_2093_check.model import (
    Location,
    Report,
    Resolution,
    Target,
    TargetResult,
    Verdict,
    VerdictStatus,
)
from starlette_2093_check.report import render_json, render_markdown, render_sarif, render_text
from starlette_2093_check.report.load import load_report
from tests.conftest import flat

EVIDENCE = {
    "hold_s": 1.0,
    "harness_version": "1",
    "versions": {"python": "3.11.7", "starlette": "0.27.0", "anyio": "4.0.0", "uvicorn": "0.32.1"},
    "http": {"requests": [{"latency_ms": 4.0}, {"latency_ms": 1003.0}]},
}

CASES = [
    (Resolution.SBOM, Location("deploy/bom.json", 17), "from the SBOM"),
    (
        Resolution.INSTALLED,
        Location("image/site-packages/starlette-0.27.0.dist-info/METADATA", 3),
        "installed in site-packages",
    ),
    (Resolution.INSTALLED, Location("deploy/frozen.txt", 6), "installed, as the freeze output lists"),
]


def _report(resolution: Resolution, source: Location) -> Report:
    target = Target(
        root="deploy",
        package="starlette",
        version="0.27.0",
        source=source,
        via=("fastapi 0.100.1",),
        resolution=resolution,
        companions=(("anyio", "4.0.0"),),
    )
    return Report(".", (TargetResult(target, Verdict(VerdictStatus.REPRODUCED, "waited", EVIDENCE)),), (), ())


@pytest.mark.parametrize(("resolution", "source", "words"), CASES)
def test_every_format_says_where_a_deployed_version_came_from(
    resolution: Resolution, source: Location, words: str
) -> None:
    report = _report(resolution, source)
    assert f"from {source} via fastapi 0.100.1 ({words})" in flat(render_text(report))
    assert f"({resolution.value})" not in flat(render_text(report))  # said once, in words
    assert f"({words})" in render_markdown(report)
    messages = [
        r["message"]["text"] for run in json.loads(render_sarif(report))["runs"] for r in run["results"]
    ]
    assert any(f"({words})" in m for m in messages), messages
    data = json.loads(render_json(report))
    assert data["targets"][0]["resolution"] == resolution.value
    assert load_report(data).targets[0].target.resolution is resolution
