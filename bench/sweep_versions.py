#!/usr/bin/env python3
"""Scan a one-line ``requirements.txt`` (``starlette==V``) for every release from 0.10.5 to the newest.

The list of releases comes from the package index (pip's default, or ``--index-url``); each scan is
the real pipeline (resolve, sandbox, harness, verdict) and runs every built-in pack. Prints, per
pack, a table of version → verdict → what was measured → the Python it ran on → whether the
release came from a wheel or was built from its sdist, then the version ranges that share a
verdict, for docs/verdicts.md. Nothing here, or in the product, encodes an affected range: the ranges
are an output.

The one-line project declares no Python, so the default interpreter runs it; a release that fails
on that one runs again on the newest older Python uv finds (put older interpreters on ``PATH``,
after the default one, to let it).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from packaging.version import Version

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _util import table

from starlette_2093_check.model import Report
from starlette_2093_check.packs import builtin_packs, measure
from starlette_2093_check.scan import ScanOptions, scan


def releases(index_url: str | None, first: str, last: str | None = None) -> list[str]:
    cmd = [sys.executable, "-m", "pip", "index", "versions", "starlette", "--disable-pip-version-check"]
    if index_url:
        cmd += ["--index-url", index_url]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    line = next(ln for ln in out.splitlines() if ln.startswith("Available versions:"))
    versions = [v.strip() for v in line.split(":", 1)[1].split(",")]
    top = Version(last) if last else None
    kept = (v for v in versions if Version(v) >= Version(first) and (top is None or Version(v) <= top))
    return sorted(kept, key=Version)


def scan_one(version: str, base: Path, options: ScanOptions) -> Report:
    tree = base / f"v{version}"
    tree.mkdir()
    (tree / "requirements.txt").write_text(f"starlette=={version}\n")
    return scan(tree, options)


def ranges(rows: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """Consecutive versions with the same verdict: (first, last, verdict)."""
    out: list[tuple[str, str, str]] = []
    for version, verdict in rows:
        if out and out[-1][2] == verdict:
            out[-1] = (out[-1][0], version, verdict)
        else:
            out.append((version, version, verdict))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--first", default="0.10.5")
    parser.add_argument("--last", default=None, help="default: the newest release")
    parser.add_argument("--index-url", default=os.environ.get("UV_INDEX_URL"))
    parser.add_argument("--cache-dir", type=Path, default=None, help="default: a fresh temporary directory")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--pack", action="append", help="card id to print (default: every built-in pack)")
    parser.add_argument(
        "--no-cache", action="store_true", help="run every reproduction again (sandboxes are still reused)"
    )
    args = parser.parse_args()
    versions = releases(args.index_url, args.first, args.last)
    with tempfile.TemporaryDirectory(prefix="sweep-") as tmp:
        base = Path(tmp)
        options = ScanOptions(
            cache_dir=args.cache_dir or base / "cache",
            index_url=args.index_url,
            workers=1,
            use_cache=not args.no_cache,
            audit="off",
            reachability=False,
        )
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            reports = list(pool.map(lambda v: scan_one(v, base, options), versions))
    wanted = args.pack or [p.id for p in builtin_packs()]
    for pack in wanted:
        print_pack(pack, versions, reports)
        print()


def print_pack(pack: str, versions: list[str], reports: list[Report]) -> None:
    rows, verdicts = [], []
    for version, report in zip(versions, reports, strict=True):
        found = [p for p in report.targets[0].packs if p.pack == pack] if report.targets else []
        if not found:
            reason = "; ".join(e.message for e in report.errors) or "no target"
            rows.append([version, "error", "n/a", "n/a", "n/a", reason[:90]])
            verdicts.append((version, "error"))
            continue
        verdict = found[0].verdict
        status = verdict.status.value
        inconclusive = status == "inconclusive"
        shown = "n/a" if inconclusive else measure(pack, verdict.evidence)
        python = str((verdict.evidence.get("versions") or {}).get("python") or "n/a")
        built = "sdist" if (verdict.evidence.get("install") or {}).get("from_sdist") else "wheel"
        rows.append([version, status, shown, python, built, verdict.reason[:90] if inconclusive else ""])
        verdicts.append((version, status))
    print(f"## {pack}")
    print()
    header = ["starlette", "verdict", "measured", "python", "installed", "reason (inconclusive only)"]
    print(table(header, rows))
    print()
    print(table(["from", "to", "verdict"], [list(r) for r in ranges(verdicts)]))
    counts = {v: sum(1 for _, s in verdicts if s == v) for v in sorted({s for _, s in verdicts})}
    print(
        f"sweep {pack}: " + ", ".join(f"{n} {v}" for v, n in counts.items()) + f" of {len(versions)} releases"
    )
    pythons = {p: sum(1 for r in rows if r[3] == p) for p in sorted({r[3] for r in rows})}
    sdists = sum(1 for r in rows if r[4] == "sdist")
    print(
        f"ran on: {', '.join(f'Python {p} {n}' for p, n in pythons.items())}; built from the sdist: {sdists}"
    )


if __name__ == "__main__":
    main()
