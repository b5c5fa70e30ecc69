#!/usr/bin/env python3
"""An organisation scan of 500 generated repositories served by the fake GitHub on 127.0.0.1.

The repositories mix the formats teams have: pinned requirements files (some with ``-r`` includes),
PEP 621 pyproject files, Poetry and uv locks, Pipfile.lock, conda environments, and a few projects
that only declare ``fastapi==X`` so the resolver works out Starlette; plus archived, empty and
unreadable ones. Their Starlette versions come from a fixed set, so the number of distinct versions
is known in advance: each must be reproduced exactly once.

Two runs of ``entrypoint.py scan-org`` as a subprocess, as a user runs it:
  cold   an empty cache directory: every tree and blob fetched, venvs built, every reproduction run
         (uv's own download cache stays warm, as a runner restoring it would have it)
  warm   the same cache again: the head commit and the tree per repository, nothing else fetched or run

Target (issue 7): 500 repositories in 60 s or less, with the reproductions equal to the distinct
versions: one run for each distinct (starlette, locked anyio, interpreter) the repositories resolve
to (the Poetry and Pipfile locks lock anyio too). Last line: ``org-scan: N repos in S s; repro runs:
R; api calls: C`` (the cold run).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _util import REPO, table

from tests.fakegithub import BOT, FakeGitHub

TOKEN = "ghs_bench_token"
SCAN_ORG = [
    sys.executable,
    str(REPO / "entrypoint.py"),
    "scan-org",
    "--org",
    "acme",
    "--audit",
    "off",
    "-q",
    "--fail-on",
    "never",
]
VERSIONS = [
    "0.26.1",
    "0.27.0",
    "0.28.0",
    "0.29.0",
    "0.32.0",
    "0.36.3",
    "0.38.4",
    "0.41.3",
    "0.47.2",
    "1.0.0",
    "1.6.0",
    "1.10.0",
]
# fastapi releases and the starlette each resolves to (the resolver decides; these are only chosen
# so that the expected set of versions stays small).
FASTAPI = {"0.95.1": "0.26.1", "0.100.1": "0.27.0"}
FORMATS = REPO / "tests" / "fixtures" / "formats"


def _swap(text: str, old: str, new: str) -> str:
    return text.replace(old, new)


def repo_files(rng: random.Random, n: int) -> tuple[dict[str, str], set[str]]:
    """One repository's files and the Starlette versions it should resolve to."""
    version = rng.choice(VERSIONS)
    kind = n % 10
    app = {"app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n", "README.md": f"# service {n}\n"}
    if kind in (0, 1, 2):
        return {**app, "requirements.txt": f"starlette=={version}\nuvicorn==0.32.1\nhttpx==0.27.0\n"}, {
            version
        }
    if kind == 3:
        files = {
            "requirements/base.txt": f"starlette=={version}\n",
            "requirements.txt": "-r requirements/base.txt\npydantic==2.9.2\n",
        }
        return {**app, **files}, {version}
    if kind == 4:
        deps = f'dependencies = ["starlette=={version}", "uvicorn"]'
        pyproject = f'[project]\nname = "svc{n}"\nversion = "1.0"\nrequires-python = ">=3.10"\n{deps}\n'
        return {**app, "pyproject.toml": pyproject}, {version}
    if kind == 5:
        base = FORMATS / "poetry-new"
        files = {
            p.name: _swap(p.read_text(), "0.27.0", version)
            for p in base.iterdir()
            if p.name != "expected.json"
        }
        return {**app, **files}, {version}
    if kind == 6:
        base = FORMATS / "pipfile-lock"
        files = {
            p.name: _swap(p.read_text(), "0.27.0", version)
            for p in base.iterdir()
            if p.name != "expected.json"
        }
        return {**app, **files}, {version}
    if kind == 7:
        env = f"name: svc{n}\ndependencies:\n  - python=3.11\n  - pip\n  - pip:\n    - starlette=={version}\n"
        return {**app, "environment.yml": env}, {version}
    if kind == 8 and n % 20 == 8:  # a project that only says fastapi: the resolver finds starlette
        fastapi = rng.choice(sorted(FASTAPI))
        return {**app, "requirements.in": f"fastapi=={fastapi}\n"}, {FASTAPI[fastapi]}
    two = rng.choice(VERSIONS)  # a monorepo: two services, two versions
    return {
        "services/a/requirements.txt": f"starlette=={version}\n",
        "services/b/requirements.txt": f"starlette=={two}\n",
        "README.md": "# monorepo\n",
    }, {version, two}


def build(fake: FakeGitHub, count: int, seed: int) -> set[str]:
    rng = random.Random(seed)
    expected: set[str] = set()
    for n in range(count):
        name = f"acme/svc{n:03d}"
        if n % 50 == 17:
            fake.add_repo(name, files={"requirements.txt": "starlette==0.27.0\n"}, archived=True)
        elif n % 100 == 42:
            fake.add_repo(name)  # empty
        elif n % 100 == 77:
            fake.add_repo(name, files={"requirements.txt": "starlette==0.27.0\n"}, access="forbidden")
        else:
            files, versions = repo_files(rng, n)
            fake.add_repo(name, files=files)
            expected |= versions
    return expected


def run(fake: FakeGitHub, cache: Path, out: Path) -> tuple[float, dict]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "INPUT_"))}
    env.update(GITHUB_TOKEN=TOKEN, GITHUB_API_URL=fake.url)
    fake.log.clear()
    started = time.perf_counter()
    proc = subprocess.run(
        [*SCAN_ORG, "--cache-dir", str(cache), "--format", "json", "--output", str(out)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"scan-org failed ({proc.returncode}): {proc.stderr[-3000:]}")
    return elapsed, json.loads(out.read_text())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repos", type=int, default=500)
    parser.add_argument("--seed", type=int, default=2093)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="org-scan-") as tmp,
        FakeGitHub(tokens={TOKEN: {"user": BOT, "readonly": True}}, rate_limit=15000) as fake,
    ):
        base = Path(tmp)
        expected = build(fake, args.repos, args.seed)
        cold_s, cold = run(fake, base / "cache", base / "cold.json")
        cold_calls = len(fake.calls())
        warm_s, warm = run(fake, base / "cache", base / "warm.json")
        warm_calls = len(fake.calls())
    rows = []
    for name, seconds, report, calls in (
        ("cold", cold_s, cold, cold_calls),
        ("warm", warm_s, warm, warm_calls),
    ):
        s = report["summary"]
        rows.append(
            [
                name,
                f"{seconds:.1f}",
                str(s["repositories"]),
                str(s["scanned"]),
                str(s["skipped"]),
                str(sum(s["projects"].values())),
                str(s["reproduced_repositories"]),
                str(s["repro_runs"]),
                str(calls),
                f"{calls / s['repositories']:.2f}",
            ]
        )
    print(
        table(
            [
                "run",
                "seconds",
                "repos",
                "scanned",
                "skipped",
                "projects",
                "reproduced repos",
                "repro runs",
                "api calls",
                "calls/repo",
            ],
            rows,
        )
    )
    # What the repositories resolve to, (starlette, anyio, interpreter): each must have run exactly once.
    resolved = {
        (t["evidence"]["spec"]["starlette"], t["evidence"]["spec"]["anyio"], t["evidence"]["spec"]["python"])
        for r in cold["repos"]
        for t in r["targets"]
    }
    ran = [(r["starlette"], r["anyio"], r["python"]) for r in cold["runs"]]
    print(
        f"starlette versions generated: {len(expected)}, all run: {expected == {r[0] for r in ran}}; "
        f"distinct (starlette, anyio, interpreter) resolved: {len(resolved)}, "
        f"each run once: {len(ran) == len(set(ran)) and set(ran) == resolved}"
    )
    s = cold["summary"]
    projects = ", ".join(f"{n} {verdict.replace('_', ' ')}" for verdict, n in s["projects"].items())
    print(f"projects: {projects}; repositories not checked (no access): {s['unchecked']}")
    repos, runs = s["repositories"], s["repro_runs"]
    print(f"org-scan: {repos} repos in {cold_s:.1f} s; repro runs: {runs}; api calls: {cold_calls}")


if __name__ == "__main__":
    main()
