#!/usr/bin/env python3
"""Wall time of whole CLI scans (a subprocess each, as a user runs them), median of N runs.

  warm          pinned fixed release (starlette==0.29.0), venv and verdict cached
  warm-rerun    the same with --no-cache: the venv is reused, the reproduction really runs
  reproduced    pinned affected release (starlette==0.27.0) with --no-cache: every pack runs (the headline
                reproduces, and so does starlette-3458), the fix is computed and verified by running the
                headline on the recommended release, and the packs run there too (venvs reused)
  cold          the affected pin with an empty cache directory (uv's own download cache stays warm)

Fix advice (issue 5), all warm (verdicts cached), advisories from a local OSV-shaped server:
  warm-parent       fastapi==0.108.0: not affected, so no advice (the baseline for the next row)
  advice-parent     fastapi==0.95.1: reproduced; the minimal fix, fastapi's lowest release that admits it,
                    the recommended set resolved, verified (cached run) and audited
  advice-direct     starlette==0.27.0: reproduced; its own pin moves (baseline: warm)
The overhead of advice is the median of an advice row minus the median of its baseline.

Targets: warm <= 1.0 s, reproduced <= 2.5 s, cold <= 10 s (issue 2); advice overhead <= 3 s (issue 5).
Last line: ``warm-median: X s; reproduced-median: Y s; cold: Z s; advice-overhead: A s``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from _util import REPO, scan_cli, table

sys.path.insert(0, str(REPO))
from tests.fakeosv import FakeOsv


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="verdict-speed-") as tmp, FakeOsv() as osv:
        base = Path(tmp)
        fixed, affected = base / "fixed", base / "affected"
        parent_ok, parent_old = base / "parent-ok", base / "parent-old"
        pins = {
            fixed: "starlette==0.29.0",
            affected: "starlette==0.27.0",
            parent_ok: "fastapi==0.108.0",
            parent_old: "fastapi==0.95.1",
        }
        for path, pin in pins.items():
            path.mkdir()
            (path / "requirements.txt").write_text(pin + "\n")
        cache = base / "cache"
        audit = ("--vulnerability-url", osv.url)
        for path in pins:  # prime venvs and verdicts, the verification runs included
            scan_cli(path, cache, *audit)
        cases = {
            "warm": lambda: scan_cli(fixed, cache, *audit),
            "warm-rerun": lambda: scan_cli(fixed, cache, "--no-cache", *audit),
            "reproduced": lambda: scan_cli(affected, cache, "--no-cache", *audit),
            "advice-direct": lambda: scan_cli(affected, cache, *audit),
            "warm-parent": lambda: scan_cli(parent_ok, cache, *audit),
            "advice-parent": lambda: scan_cli(parent_old, cache, *audit),
        }
        times: dict[str, list[float]] = {name: [] for name in [*cases, "cold"]}
        for _ in range(args.runs):
            for name, case in cases.items():
                times[name].append(case()[0])
        for n in range(args.runs):
            times["cold"].append(scan_cli(affected, base / f"cold-{n}")[0])
    rows = [
        [name, f"{statistics.median(t):.2f}", f"{min(t):.2f}", f"{max(t):.2f}", str(len(t))]
        for name, t in times.items()
    ]
    print(table(["case", "median s", "min s", "max s", "runs"], rows))
    med = {name: statistics.median(t) for name, t in times.items()}
    overheads = {
        "direct": med["advice-direct"] - med["warm"],
        "parent": med["advice-parent"] - med["warm-parent"],
    }
    print()
    print(table(["advice overhead", "s"], [[k, f"{v:.2f}"] for k, v in overheads.items()]))
    print(
        f"warm-median: {med['warm']:.2f} s; reproduced-median: {med['reproduced']:.2f} s; "
        f"cold: {med['cold']:.2f} s; advice-overhead: {max(overheads.values()):.2f} s"
    )


if __name__ == "__main__":
    main()
