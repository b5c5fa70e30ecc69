#!/usr/bin/env python3
"""Scan every repository of the real-world corpus (``tests/corpus``) and score the answers.

Prints one row per case and the totals: ``corpus: R/N roots right; fixes F/M; noise K``, then every
miss. The expected answers were worked out by hand (``tests/corpus/README.md``); resolutions use the
corpus date, so a run today and a run next month compare the same thing.

    python bench/corpus.py [--cache DIR] [--jobs N] [CASE ...]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _util import table

from tests.corpuslib import Score, cases, check_case, scan, score


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="only these cases (directory names)")
    parser.add_argument("--cache", type=Path, help="repro cache to reuse (default: a fresh one)")
    parser.add_argument("--jobs", type=int, default=2, help="cases scanned at once (default 2)")
    args = parser.parse_args(argv)
    chosen = [c for c in cases() if not args.names or c.name in args.names]
    problems = [p for c in chosen for p in check_case(c)]
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="corpus-") as tmp:
        cache = args.cache or Path(tmp)

        def one(case):  # type: ignore[no-untyped-def]
            started = time.perf_counter()
            code, report, stderr = scan(case, cache)
            result = score(case, report)
            if not report:
                result.misses.append(f"{case.name}: exit {code}: {stderr.strip()[-300:]}")
            return case, result, time.perf_counter() - started

        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            results = list(pool.map(one, chosen))
    total = Score()
    rows = []
    for case, result, seconds in results:
        total.add(result)
        rows.append(
            [
                case.name,
                f"{result.roots_right}/{result.roots}",
                f"{result.fixes_right}/{result.fixes}",
                str(result.noise),
                f"{seconds:.1f} s",
            ]
        )
    print(table(["case", "roots right", "fixes", "noise", "scan"], rows))
    times = [s for _, _, s in results]
    if times:
        print(f"\nscan time per case: median {statistics.median(times):.1f} s, max {max(times):.1f} s")
    print(
        f"\ncorpus: {total.roots_right}/{total.roots} roots right; "
        f"fixes {total.fixes_right}/{total.fixes}; noise {total.noise}"
    )
    for miss in total.misses:
        print(f"  - {miss}")
    return 0 if not total.misses else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
