"""The real-world corpus (``tests/corpus``): load a case, scan it as a user would, score the answer.

Shared by ``tests/integration/test_corpus.py`` (every case must be right) and ``bench/corpus.py``
(prints the score). A case's expected answer was worked out by hand; see ``tests/corpus/README.md``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "corpus"
# What a fresh install got on this day is what the expected versions say.
CORPUS_DATE = "2026-11-30T00:00:00Z"
VERDICTS = ("reproduced", "not_reproduced", "inconclusive")


@dataclass(frozen=True)
class Case:
    name: str
    path: Path
    data: dict[str, Any]

    @property
    def tree(self) -> Path:
        return self.path / "tree"


@dataclass
class Score:
    """How one scan compares with the case's expected answer."""

    roots: int = 0
    roots_right: int = 0
    fixes: int = 0
    fixes_right: int = 0
    noise: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.roots += other.roots
        self.roots_right += other.roots_right
        self.fixes += other.fixes
        self.fixes_right += other.fixes_right
        self.noise += other.noise
        self.misses += other.misses


def cases() -> list[Case]:
    """Every case directory that has a ``case.json``, by name."""
    found = []
    for path in sorted(CORPUS.iterdir()) if CORPUS.is_dir() else []:
        spec = path / "case.json"
        if spec.is_file():
            found.append(Case(path.name, path, json.loads(spec.read_text(encoding="utf-8"))))
    return found


def check_case(case: Case) -> list[str]:
    """What is wrong with a case's own description (so a typo cannot make a case pass)."""
    data, problems = case.data, []
    for key in ("repo", "commit", "roots", "note"):
        if key not in data:
            problems.append(f"{case.name}: case.json has no {key!r}")
    if len(str(data.get("commit", ""))) != 40:
        problems.append(f"{case.name}: commit must be 40 hex digits")
    if not case.tree.is_dir():
        problems.append(f"{case.name}: no tree/ directory")
    for i, root in enumerate(data.get("roots", [])):
        for key in ("root", "version", "verdict"):
            if key not in root:
                problems.append(f"{case.name}: roots[{i}] has no {key!r}")
        if root.get("verdict") not in VERDICTS:
            verdict = root.get("verdict")
            problems.append(f"{case.name}: roots[{i}] verdict {verdict!r} is not one of {VERDICTS}")
        fix = root.get("fix")
        if fix is not None and not (isinstance(fix, dict) and {"package", "to"} <= set(fix)):
            problems.append(f"{case.name}: roots[{i}] fix must be null or have 'package' and 'to'")
    return problems


def _hosts() -> dict[bytes, bytes]:
    """The placeholders the committed trees use for the default package index's hosts, and pip's
    own idea of those hosts (this repository never spells a registry's host name out)."""
    from pip._internal.models.index import PyPI

    return {
        b"@INDEX_HOST@": PyPI.netloc.encode(),
        b"@FILES_HOST@": PyPI.file_storage_domain.encode(),
    }


def materialize(case: Case, dest: Path) -> Path:
    """A copy of the case's tree at ``dest`` with the index placeholders filled in (byte-exact
    otherwise: line numbers, encodings and line endings are the repository's)."""
    hosts = _hosts()
    for path in sorted(case.tree.rglob("*")):
        target = dest / path.relative_to(case.tree)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        data = path.read_bytes()
        for placeholder, host in hosts.items():
            data = data.replace(placeholder, host)
        target.write_bytes(data)
    return dest


def scan(case: Case, cache: Path, timeout: float = 1800) -> tuple[int, dict[str, Any], str]:
    """``entrypoint.py scan TREE --format json`` with the corpus date; exit code, report, stderr."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "INPUT_", "REPRO_"))}
    env.update({"REPRO_CACHE_DIR": str(cache), "UV_EXCLUDE_NEWER": CORPUS_DATE})
    with tempfile.TemporaryDirectory(prefix=f"corpus-{case.name}-") as tmp:
        tree = materialize(case, Path(tmp) / "tree")
        proc = subprocess.run(
            [
                sys.executable,
                str(REPO / "entrypoint.py"),
                "scan",
                str(tree),
                "--format",
                "json",
                "--audit",
                "off",
            ],
            capture_output=True,
            text=True,
            env=env,
            cwd=REPO,
            timeout=timeout,
            check=False,
        )
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        report = {}
    return proc.returncode, report, proc.stderr


def _key(root: str, variant: str | None) -> str:
    return root if not variant else f"{root} [{variant}]"


def _under(path: str, directory: str) -> bool:
    directory = directory.strip("/")
    return path == directory or path.startswith(directory + "/")


def score(case: Case, report: dict[str, Any]) -> Score:
    """Compare a scan's JSON report with the case's expected answer."""
    out = Score()
    name = case.name
    if not report:
        expected = case.data.get("roots", [])
        out.roots, out.fixes = len(expected), sum(1 for r in expected if r.get("fix"))
        out.misses.append(f"{name}: the scan printed no JSON report")
        return out
    targets = {_key(t["root"], t.get("variant")): t for t in report.get("targets", [])}
    for want in case.data["roots"]:
        key = _key(want["root"], want.get("variant"))
        out.roots += 1
        got = targets.pop(key, None)
        if got is None:
            out.misses.append(f"{name}: {key}: no target (expected {want['version']} {want['verdict']})")
        else:
            wrong = [
                f"{field_} {got.get(field_)!r}, expected {want[field_]!r}"
                for field_ in ("version", "verdict", "resolution")
                if field_ in want and got.get(field_) != want[field_]
            ]
            reachable = (got.get("reachability") or {}).get("reachable")
            if "reachable" in want and reachable != want["reachable"]:
                wrong.append(f"reachable {reachable!r}, expected {want['reachable']!r}")
            if wrong:
                out.misses.append(f"{name}: {key}: " + "; ".join(wrong))
            else:
                out.roots_right += 1
        fix = want.get("fix")
        if fix:
            out.fixes += 1
            problem = _fix_problem(fix, (got or {}).get("fix"))
            if problem:
                out.misses.append(f"{name}: {key}: fix {problem}")
            else:
                out.fixes_right += 1
    for key, extra in targets.items():  # targets nobody expected
        out.noise += 1
        out.misses.append(f"{name}: {key}: unexpected target ({extra.get('version')} {extra.get('verdict')})")
    expected_errors = case.data.get("errors", [])
    for error in report.get("errors", []):
        hit = any(
            error.get("file") == e["file"] and ("line" not in e or error.get("line") == e["line"])
            for e in expected_errors
        )
        if not hit:
            out.noise += 1
            where = f"{error.get('file')}:{error.get('line')}" if error.get("line") else error.get("file")
            out.misses.append(f"{name}: unexpected error at {where}: {str(error.get('message'))[:160]}")
    for e in expected_errors:
        if not any(error.get("file") == e["file"] for error in report.get("errors", [])):
            out.misses.append(f"{name}: expected an error in {e['file']}, none reported")
            out.noise += 1
    scanned = report.get("scanned", [])
    for directory in case.data.get("not_roots", []):
        shown = [p for p in scanned if _under(p, directory)]
        if shown or any(_under(t, directory) and t != "." for t in targets):
            out.noise += 1
            out.misses.append(f"{name}: {directory} was read as a project ({', '.join(shown[:3])})")
    return out


def _fix_problem(want: dict[str, Any], got: dict[str, Any] | None) -> str | None:
    if not got:
        return f"missing (expected {want['package']} {want['to']})"
    if (got.get("package"), got.get("to")) != (want["package"], want["to"]):
        return f"{got.get('package')} {got.get('to')}, expected {want['package']} {want['to']}"
    # Verified: the edited set resolves whole and passes the repro. A case may expect a fix that
    # cannot be verified here (a requirement with no wheels is left out of the check).
    expected = want.get("verified", True)
    if bool(got.get("verified")) != expected:
        check = got.get("check") or {}
        left = [i.get("requirement") if isinstance(i, dict) else i for i in check.get("left_out") or []]
        why = check.get("error") or ", ".join(str(i) for i in left)
        return f"verified {bool(got.get('verified'))}, expected {expected} ({why or 'no check'})"
    if expected and (got.get("verification") or {}).get("verdict") != "not_reproduced":
        return "verified, but the re-run did not show the bug gone"
    return None
