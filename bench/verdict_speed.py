#!/usr/bin/env python3
"""Wall time of whole CLI scans (a subprocess each, as a user runs them), median of N runs.

  warm          pinned fixed release (starlette==0.29.0), venv and verdict cached
  warm-rerun    the same with --no-cache: the venv is reused, the reproduction really runs
  reproduced    pinned affected release (starlette==0.27.0) with --no-cache: the repro runs, reproduces,
                and the fix is verified by a second run on 0.29.0 (venvs reused)
  cold          the affected pin with an empty cache directory (uv's own download cache stays warm)

Targets (issue 2): warm <= 1.0 s, reproduced <= 2.5 s, cold <= 10 s.
Last line: ``warm-median: X s; reproduced-median: Y s; cold: Z s``.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from _util import scan_cli, table


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="verdict-speed-") as tmp:
        base = Path(tmp)
        fixed, affected = base / "fixed", base / "affected"
        for path, pin in ((fixed, "starlette==0.29.0"), (affected, "starlette==0.27.0")):
            path.mkdir()
            (path / "requirements.txt").write_text(pin + "\n")
        cache = base / "cache"
        scan_cli(fixed, cache)  # prime venvs and verdicts
        scan_cli(affected, cache)
        cases = {
            "warm": lambda: scan_cli(fixed, cache),
            "warm-rerun": lambda: scan_cli(fixed, cache, "--no-cache"),
            "reproduced": lambda: scan_cli(affected, cache, "--no-cache"),
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
    print(
        f"warm-median: {med['warm']:.2f} s; reproduced-median: {med['reproduced']:.2f} s; "
        f"cold: {med['cold']:.2f} s"
    )


if __name__ == "__main__":
    main()
