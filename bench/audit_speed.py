#!/usr/bin/env python3
"""The issue's "61-pin app": a warm ``scan --audit all`` against pip-audit on the same file.

The file is PINS below (or --file): 61 exact pins of a FastAPI application, the set uv resolved on
2023-06-01 for Python 3.11 from its top-level requirements (fastapi==0.95.1, uvicorn[standard],
gunicorn, sqlalchemy[asyncio], alembic, asyncpg, psycopg2-binary, pydantic[email]<2,
python-jose[cryptography], passlib[bcrypt], python-multipart, httpx, jinja2, celery[redis], boto3);
its starlette (0.26.1) is affected, so our scan gives fix advice too.

Both tools ask the same local OSV-shaped server (tests/fakeosv.py, its fixture records):
  ours        entrypoint.py scan DIR --audit all --vulnerability-url STUB (warm: primed once before)
  pip-audit   pip-audit -r FILE --no-deps --disable-pip -s osv --osv-url STUB -f json (its own cache
              directory, primed once too)
Runs alternate, median of --runs. Each run is checked: ours reports no error, no inconclusive
verdict, and an audit that answered; pip-audit prints its JSON report, no pin skipped. The counts of
packages audited and advisories found are shown side by side (they should agree). The bench exits
non-zero with the problem otherwise.

The stub answers a kept-alive query in a millisecond or two (TCP_NODELAY: without it the client's
delayed ACK added ~40 ms a query, which pip-audit, asking one package at a time, paid per pin); the
table shows the latency measured in the run. A real service is further away: there every query
costs a round trip, which a warm scan of ours does not make (advisory answers are kept for the day).

Target (issue 17): ours at or below pip-audit. Last line: ``ours: X s; pip-audit: Y s; ratio: R
(target ≤ 1.0)``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _util import compile_bytecode, scan, scan_env, table

from tests.fakeosv import FakeOsv

PINS = """\
alembic==1.11.1
amqp==5.1.1
anyio==3.7.0
async-timeout==4.0.2
asyncpg==0.27.0
bcrypt==4.0.1
billiard==3.6.4.0
boto3==1.26.145
botocore==1.29.145
celery==5.2.7
certifi==2023.5.7
cffi==1.15.1
click==8.1.3
click-didyoumean==0.3.0
click-plugins==1.1.1
click-repl==0.2.0
cryptography==41.0.1
dnspython==2.3.0
ecdsa==0.18.0
email-validator==2.0.0.post2
fastapi==0.95.1
greenlet==2.0.2
gunicorn==20.1.0
h11==0.14.0
httpcore==0.17.2
httptools==0.5.0
httpx==0.24.1
idna==3.4
jinja2==3.1.2
jmespath==1.0.1
kombu==5.2.4
mako==1.2.4
markupsafe==2.1.2
passlib==1.7.4
prompt-toolkit==3.0.38
psycopg2-binary==2.9.6
pyasn1==0.5.0
pycparser==2.21
pydantic==1.10.8
python-dateutil==2.8.2
python-dotenv==1.0.0
python-jose==3.3.0
python-multipart==0.0.6
pytz==2023.3
pyyaml==6.0
redis==4.5.5
rsa==4.9
s3transfer==0.6.1
setuptools==67.8.0
six==1.16.0
sniffio==1.3.0
sqlalchemy==2.0.15
starlette==0.26.1
typing-extensions==4.6.3
urllib3==1.26.16
uvicorn==0.22.0
uvloop==0.17.0
vine==5.0.0
watchfiles==0.19.0
wcwidth==0.2.6
websockets==11.0.3
"""


def pip_audit(requirements: Path, osv_url: str, cache: Path) -> tuple[float, dict[str, Any]]:
    """Wall time and JSON report of one pip-audit run; exits when it did not audit every pin."""
    script = Path(sys.executable).parent / "pip-audit"  # the console script a user runs
    command = [str(script)] if script.exists() else [sys.executable, "-m", "pip_audit"]
    command += ["-r", str(requirements), "--no-deps", "--disable-pip", "-s", "osv", "--osv-url", osv_url]
    command += ["--progress-spinner", "off", "-f", "json", "--cache-dir", str(cache)]
    env = scan_env(cache)
    env.pop("REPRO_CACHE_DIR")
    started = time.perf_counter()
    proc = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    try:
        report: dict[str, Any] = json.loads(proc.stdout)
        deps = report["dependencies"]
    except (ValueError, KeyError, TypeError):
        raise SystemExit(f"pip-audit failed (exit {proc.returncode}):\n{proc.stderr[-2000:]}") from None
    skipped = [f"{d.get('name')}: {d['skip_reason']}" for d in deps if d.get("skip_reason")]
    if skipped or not deps:
        raise SystemExit(f"pip-audit did not audit every pin: {'; '.join(skipped[:5]) or 'none audited'}")
    return elapsed, report


def pin_count(requirements: Path) -> int:
    lines = requirements.read_text(encoding="utf-8").splitlines()
    return sum(1 for line in lines if "==" in line and not line.lstrip().startswith("#"))


def stub_latency(osv: FakeOsv) -> float:
    """Median seconds of one query on a kept-alive connection to the stub (as pip-audit sends them)."""
    import requests

    query: dict[str, Any] = {"package": {"name": "six", "ecosystem": "PyPI"}, "version": "1.16.0"}
    with requests.Session() as session:
        session.post(osv.url, json=query, timeout=10).raise_for_status()  # the connection is opened here
        times = []
        for _ in range(9):
            started = time.perf_counter()
            session.post(osv.url, json=query, timeout=10).raise_for_status()
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--file", type=Path, help="a requirements file of exact pins instead of PINS")
    args = parser.parse_args()
    compile_bytecode()
    with tempfile.TemporaryDirectory(prefix="audit-speed-") as tmp, FakeOsv() as osv:
        base = Path(tmp)
        app = base / "app"
        app.mkdir()
        requirements = app / "requirements.txt"
        pins = args.file.read_text(encoding="utf-8") if args.file else PINS
        requirements.write_text(pins, encoding="utf-8")
        count = pin_count(requirements)
        cache, pa_cache = base / "cache", base / "pip-audit-cache"
        ours_args = ("--audit", "all", "--vulnerability-url", osv.url)
        scan(app, cache, *ours_args)  # prime: venvs, verdicts, resolutions
        pip_audit(requirements, osv.url, pa_cache)
        latency = stub_latency(osv)
        times: dict[str, list[float]] = {"ours": [], "pip-audit": []}
        queries: dict[str, list[int]] = {"ours": [], "pip-audit": []}
        found: dict[str, tuple[int, set[str]]] = {}
        for _ in range(args.runs):
            before = len(osv.queries)
            done = scan(app, cache, *ours_args)
            times["ours"].append(done.seconds)
            queries["ours"].append(len(osv.queries) - before)
            found["ours"] = ours_found(done.report)
            before = len(osv.queries)
            seconds, report = pip_audit(requirements, osv.url, pa_cache)
            times["pip-audit"].append(seconds)
            queries["pip-audit"].append(len(osv.queries) - before)
            deps = report["dependencies"]
            vulns = [v for d in deps for v in d.get("vulns", [])]
            found["pip-audit"] = (len(deps), {i for v in vulns for i in [v["id"], *v.get("aliases", [])]})
    rows = [
        [
            name,
            f"{statistics.median(t):.2f}",
            f"{min(t):.2f}",
            f"{max(t):.2f}",
            str(len(t)),
            str(found[name][0]),
            str(len(found[name][1])),
            str(max(queries[name])),
        ]
        for name, t in times.items()
    ]
    headers = ["tool", "median s", "min s", "max s", "runs", "audited", "advisory ids", "OSV queries"]
    print(f"{count} pins; the stub answers a kept-alive query in {latency * 1000:.0f} ms")
    print(table(headers, rows))
    if found["ours"] != found["pip-audit"]:
        differ = sorted(found["ours"][1] ^ found["pip-audit"][1])
        print(
            f"note: the tools disagree: ours audited {found['ours'][0]} packages, pip-audit "
            f"{found['pip-audit'][0]}; advisories found by one only: {', '.join(differ) or 'none'}"
        )
    ours, theirs = statistics.median(times["ours"]), statistics.median(times["pip-audit"])
    print(f"ours: {ours:.2f} s; pip-audit: {theirs:.2f} s; ratio: {ours / theirs:.2f} (target ≤ 1.0)")


def ours_found(report: dict[str, Any]) -> tuple[int, set[str]]:
    """Packages audited and advisory ids (aliases included) found by our scan, over all its targets."""
    audited: set[str] = set()
    ids: set[str] = set()
    for target in report["targets"]:
        audit = target.get("advisories")
        if audit is None:
            raise SystemExit(f"{target['root']}: our scan made no audit")
        audited.update(audit["audited"])
        for advisory in audit["advisories"]:
            ids.update([advisory["id"], *advisory["aliases"]])
    return len(audited), ids


if __name__ == "__main__":
    main()
