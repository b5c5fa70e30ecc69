#!/usr/bin/env python3
"""Repositories with many project roots: wall time of whole CLI scans, and the uv calls they make.

A checkout of N roots ``svc-NNN/requirements.txt`` (N = 1, 5, 25, 100), cycling through the
SETS below (15 distinct requirement sets, pinned and ranged, direct and through fastapi). Per size:
one cold scan (an empty cache directory; uv's own download cache stays warm) and --runs warm scans
(the same cache, nothing changed). Advisories come from a local OSV-shaped server (tests/fakeosv.py);
time budgets are the CLI's defaults.

uv calls are counted without mocks: the CLI runs with a throwaway venv's python (``_util.
counting_python``) whose packages are the project's (a .pth) and whose bin/uv logs each call (its
arguments, and an md5 of each requirements file it names) to $UV_CALL_LOG, then runs the real uv.
The bot takes uv from its interpreter's scripts directory, so a PATH shim would never be reached;
UV_* variables reach uv. Calls are grouped as compile (``uv pip compile``), python find, and other
(venv, pip install, ...); "distinct" counts compile calls with different inputs (arguments and
requirement, constraint and override files), so compiles = distinct means no resolution was repeated.

Every scan is checked: exit code 0 or 1, no error, no inconclusive verdict, the audit answered, one
target at least per root; the bench exits non-zero with the problems otherwise.

Targets (issue 17): a warm rescan does no uv call at all and takes <= 0.6 s whatever the number of
roots; cold 100 roots <= 30 s with one resolution per distinct input.
Last line (for the largest size measured, 100 by default): ``warm-100: X s (target ≤ 0.6); cold-100:
Y s (target ≤ 30); compiles-cold-100: N (distinct sets: M); warm uv calls: K (target 0)``, where K is
the most uv calls any warm scan of any size made.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from _util import Scan, UvCall, by_kind, compile_bytecode, counting_python, scan, table, uv_calls

from tests.fakeosv import FakeOsv

SETS = [
    "starlette==0.29.0",
    "starlette==0.27.0",
    "fastapi==0.95.1",
    "fastapi==0.108.0",
    "starlette>=0.20,<0.28",
    "fastapi>=0.100,<0.101",
    "fastapi==0.95.1\nuvicorn==0.22.0",
    "starlette==0.26.1",
    "fastapi==0.99.0",
    "starlette<0.28\nanyio==3.7.1",
    "fastapi==0.103.0\npydantic==2.4.2",
    "starlette==0.28.0",
    "fastapi>=0.95,<0.96",
    "sse-starlette==1.6.1",
    "starlette==0.27.0\nhttpx==0.24.1",
]


def make_tree(base: Path, roots: int) -> Path:
    """A checkout of ``roots`` project roots ``svc-NNN/requirements.txt``, cycling through SETS."""
    tree = base / f"roots-{roots}"
    for n in range(roots):
        root = tree / f"svc-{n:03d}"
        root.mkdir(parents=True)
        (root / "requirements.txt").write_text(SETS[n % len(SETS)] + "\n", encoding="utf-8")
    return tree


def counted_scan(tree: Path, cache: Path, python: Path, log: Path, osv_url: str) -> tuple[Scan, list[UvCall]]:
    """One checked scan of ``tree`` and the uv calls it made."""
    log.unlink(missing_ok=True)
    done = scan(tree, cache, "--vulnerability-url", osv_url, python=python, env={"UV_CALL_LOG": str(log)})
    roots = {t["root"] for t in done.report["targets"]}
    missing = sorted({p.parent.name for p in tree.glob("svc-*/requirements.txt")} - roots)
    if missing:
        raise SystemExit(f"scan {tree}: no target for {len(missing)} root(s): {', '.join(missing[:10])}")
    return done, uv_calls(log)


def kinds(calls: list[UvCall]) -> str:
    counts = by_kind(calls)
    return f"{counts['compile']}/{counts['python find']}/{counts['other']}"


def distinct_compiles(calls: list[UvCall]) -> int:
    return len({c for c in calls if c.kind == "compile"})


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1,5,25,100", help="numbers of roots, comma-separated")
    parser.add_argument("--runs", type=int, default=5, help="warm scans per size")
    args = parser.parse_args()
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    if not sizes or min(sizes) < 1 or args.runs < 1:
        parser.error("--sizes takes positive numbers and --runs at least 1")
    compile_bytecode()
    rows: list[list[str]] = []
    last = ("", "", "", "")  # the largest size's warm median, cold time, compiles, distinct compiles
    warm_calls_most = 0
    with tempfile.TemporaryDirectory(prefix="scale-") as tmp, FakeOsv() as osv:
        base = Path(tmp)
        python = counting_python(base / "uv-counting")
        for size in sizes:
            tree, cache, log = make_tree(base, size), base / f"cache-{size}", base / f"uv-{size}.log"
            cold, cold_calls = counted_scan(tree, cache, python, log, osv.url)
            if not cold_calls:  # a cold scan builds venvs at least: the log must not be empty
                raise SystemExit(f"{size} roots: no uv call was logged; $UV_CALL_LOG did not reach uv")
            if size > 1 and not any(c.kind == "compile" for c in cold_calls):  # SETS[2:] need the resolver
                raise SystemExit(f"{size} roots: no `uv pip compile` was logged by a cold scan")
            warm: list[float] = []
            warm_counts: list[list[UvCall]] = []
            for _ in range(args.runs):
                done, calls = counted_scan(tree, cache, python, log, osv.url)
                warm.append(done.seconds)
                warm_counts.append(calls)
            most = max(warm_counts, key=len)
            warm_calls_most = max(warm_calls_most, len(most))
            compiles = by_kind(cold_calls)["compile"]
            median = statistics.median(warm)
            last = f"{median:.2f}", f"{cold.seconds:.2f}", f"{compiles}", f"{distinct_compiles(cold_calls)}"
            rows.append(
                [
                    str(size),
                    str(min(size, len(SETS))),
                    f"{cold.seconds:.2f}",
                    f"{median:.2f}",
                    f"{min(warm):.2f}-{max(warm):.2f}",
                    kinds(cold_calls),
                    kinds(most),
                    f"{compiles}/{distinct_compiles(cold_calls)}",
                ]
            )
            print(f"{size} roots: cold {cold.seconds:.2f} s, warm median {median:.2f} s", file=sys.stderr)
    headers = [
        "roots",
        "sets",
        "cold s",
        f"warm median s ({args.runs})",
        "warm min-max s",
        "uv cold c/f/o",
        "uv warm c/f/o (most)",
        "compiles cold/distinct",
    ]
    print(table(headers, rows))
    print("(uv calls: c = pip compile, f = python find, o = other; warm: the warm scan with the most calls)")
    largest, (warm_s, cold_s, n_compiles, n_distinct) = sizes[-1], last
    print(
        f"warm-{largest}: {warm_s} s (target ≤ 0.6); cold-{largest}: {cold_s} s (target ≤ 30); "
        f"compiles-cold-{largest}: {n_compiles} (distinct sets: {n_distinct}); "
        f"warm uv calls: {warm_calls_most} (target 0)"
    )


if __name__ == "__main__":
    main()
