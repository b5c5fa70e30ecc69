"""Shared bits for the bench scripts (not part of the product).

Run the benches with the project's interpreter (``.venv/bin/python bench/NAME.py``): scans run
with it, as a user runs the CLI, each in a subprocess of its own.
"""

from __future__ import annotations

import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


# -- scans ---------------------------------------------------------------------------------------


def compile_bytecode() -> None:
    """Write the bot's ``.pyc`` files first: with ``PYTHONDONTWRITEBYTECODE`` set, every scan would
    otherwise compile the bot's modules again (~0.1 s a run)."""
    compileall.compile_dir(REPO / "starlette_2093_check", quiet=1)


def scan_env(cache: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a scan: ours without the workflow's variables, ``REPRO_CACHE_DIR`` set,
    and bytecode written (a user's interpreter keeps its ``.pyc`` files)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GITHUB_", "INPUT_")) and k != "PYTHONDONTWRITEBYTECODE"
    }
    env["REPRO_CACHE_DIR"] = str(cache)
    env.update(extra or {})
    return env


@dataclass(frozen=True)
class Scan:
    """One ``entrypoint.py scan --format json`` subprocess: wall time, exit code, the report."""

    seconds: float
    code: int
    report: dict[str, Any]


def scan(
    path: Path,
    cache: Path,
    *extra: str,
    python: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    expect: str | None = None,
) -> Scan:
    """Run one CLI scan of ``path`` and check it succeeded (``check_report``); exits with a clear
    message when it did not. ``python`` runs the CLI (default: this interpreter); ``env`` adds
    variables; ``expect`` is the headline verdict every target must have."""
    cmd = [str(python or sys.executable), str(REPO / "entrypoint.py"), "scan", str(path), "-q"]
    started = time.perf_counter()
    proc = subprocess.run(
        [*cmd, "--format", "json", *extra],
        env=scan_env(cache, env),
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    where = f"scan {path} {' '.join(extra)}".rstrip()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{where}: exit {proc.returncode}:\n{proc.stderr[-2000:]}")
    try:
        report = json.loads(proc.stdout)
    except ValueError:
        raise SystemExit(f"{where}: no JSON report on stdout:\n{proc.stderr[-2000:]}") from None
    check_report(report, where, expect)
    return Scan(elapsed, proc.returncode, report)


def check_report(report: Mapping[str, Any], where: str, expect: str | None = None) -> None:
    """Exit with the problems if the scan reported an error, found no target, left a verdict
    inconclusive, got a verdict other than ``expect``, or could not audit: a failed scan is never
    timed as if it had done its work."""
    problems = [f"{e.get('file')}:{e.get('line')}: {e.get('message')}" for e in report.get("errors", [])]
    targets = report.get("targets", [])
    if not targets:
        problems.append("no target was found")
    for t in targets:
        label = f"{t.get('root')}: {t.get('package')}=={t.get('version')}"
        if t.get("verdict") == "inconclusive":
            problems.append(f"{label}: inconclusive: {t.get('reason')}")
        elif expect is not None and t.get("verdict") != expect:
            problems.append(f"{label}: {t.get('verdict')}, expected {expect}")
        problems += [
            f"{label}: pack {p.get('id')} inconclusive: {p.get('reason')}"
            for p in t.get("packs", [])
            if p.get("verdict") == "inconclusive"
        ]
        audit = t.get("advisories")
        if audit and audit.get("error"):
            problems.append(f"{label}: the audit failed: {audit['error']}")
    if problems:
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise SystemExit(f"{where}: the scan did not succeed:\n  " + "\n  ".join(problems[:20]) + more)


def scan_cli(path: Path, cache: Path, *extra: str) -> tuple[float, int]:
    """Wall time and exit code of one checked ``entrypoint.py scan`` subprocess."""
    done = scan(path, cache, *extra)
    return done.seconds, done.code


def run_child(code: str, *args: str) -> dict[str, Any]:
    """Run ``code`` in a fresh interpreter (as each scan is) and read the JSON object it prints."""
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    """Wall times of ``runs`` calls of ``fn``."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return times


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A Markdown table, columns padded to their widest cell."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    return "\n".join([line(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)])


# -- the floor of a verdict ----------------------------------------------------------------------

# What any verdict must pay at least: the interpreter starts, imports starlette and uvicorn, serves a
# pass-through BaseHTTPMiddleware and an endpoint with an instant background task, and answers two
# requests on one keep-alive connection. Served as the harness serves
# (``starlette_2093_check/repro/harness.py``): an IPPROTO_TCP socket (else a 40 ms delayed-ACK
# stall), no access log, the server thread not waited for at exit.
FLOOR_SCRIPT = """\
import http.client, socket, threading, time
import uvicorn
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route

async def home(request):
    return PlainTextResponse("ok", status_code=201, background=BackgroundTask(lambda: None))

class PassThrough(BaseHTTPMiddleware):
    async def dispatch(self, request, call_next):
        return await call_next(request)

app = Starlette(routes=[Route("/", home)])
app.add_middleware(PassThrough)
sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
sock.bind(("127.0.0.1", 0))
server = uvicorn.Server(uvicorn.Config(app, lifespan="off", log_level="critical", access_log=False))
threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True).start()
deadline = time.monotonic() + 30
while not server.started:
    if time.monotonic() > deadline:
        raise SystemExit("uvicorn did not start")
    time.sleep(0.001)
conn = http.client.HTTPConnection("127.0.0.1", sock.getsockname()[1], timeout=30)
for _ in range(2):
    conn.request("GET", "/")
    response = conn.getresponse()
    if response.status != 201 or response.read() != b"ok":
        raise SystemExit(f"unexpected answer: {response.status}")
server.should_exit = server.force_exit = True
"""


def floor(python: str | Path, runs: int = 5) -> float:
    """Median wall time (seconds, of ``runs``) of ``FLOOR_SCRIPT`` run by ``python`` (a sandbox
    venv's interpreter, ``sandbox_python``) the way the harness is run: ``-I -B``, a bare
    environment, a private HOME. Nothing is written into the venv (its files are checked)."""
    with tempfile.TemporaryDirectory(prefix="bench-floor-") as home:
        script = Path(home) / "floor.py"
        script.write_text(FLOOR_SCRIPT, encoding="utf-8")
        env = {
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "HOME": home,
            "TMPDIR": home,
            "LANG": "C.UTF-8",
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONHASHSEED": "0",
        }
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            proc = subprocess.run(
                [str(python), "-I", "-B", str(script)],
                env=env,
                cwd=home,
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            times.append(time.perf_counter() - started)
            if proc.returncode != 0:
                failed = f"the floor script failed with {python} ({proc.returncode})"
                raise SystemExit(f"{failed}:\n{proc.stderr[-2000:]}")
    return statistics.median(times)


def sandbox_python(cache: Path, starlette: str) -> Path:
    """The interpreter of the sandbox venv a primed ``cache`` directory holds for ``starlette``.

    Venvs live in ``cache/venvs/starlette-<version>-<digest>`` with a record beside them
    (``repro/sandbox.py``, ``repro/venvs.py``); only one whose files still match its record
    is taken (it is the one a scan would use). With several (other anyio or Python), the one
    without a pinned anyio, then the newest. Exits when there is none.
    """
    from starlette_2093_check.repro import venvs

    found: list[tuple[bool, float, Path]] = []
    for venv in (cache / "venvs").glob(f"starlette-{starlette}-*"):
        if not venv.is_dir():
            continue
        try:
            record = json.loads(venvs.record_path(venv).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        spec = record.get("spec") or {}
        if spec.get("starlette") != starlette:
            continue
        if venvs.mismatch(venv, str(record.get("interpreter")), spec) is not None:
            continue
        found.append((spec.get("anyio") is None, venv.stat().st_mtime, venv))
    if not found:
        raise SystemExit(f"no intact sandbox venv for starlette {starlette} in {cache / 'venvs'}")
    return max(found)[2] / "bin" / "python"


# -- counting uv calls ---------------------------------------------------------------------------

# bin/uv of the counting venv. The bot takes uv from its interpreter's scripts directory (the uv
# package's ``find_uv_bin``), so a shim on PATH is never reached; uv's environment keeps ``UV_*``.
# The whole line is written at once so that concurrent calls do not interleave.
_UV_SHIM = """\
#!/bin/sh
# bench: log this call to $UV_CALL_LOG (md5 of each requirements file it names, then argv), run uv.
if [ -n "$UV_CALL_LOG" ]; then
  tab=$(printf '\\t')
  sums=""
  for arg in "$@"; do
    case "$arg" in
      *.in|*.txt) if [ -f "$arg" ]; then sums="$sums $(md5sum < "$arg" | cut -c1-12)"; fi ;;
    esac
  done
  line="${sums# }"
  for arg in "$@"; do line="$line$tab$arg"; done
  printf '%s\\n' "$line" >> "$UV_CALL_LOG"
fi
exec {uv} "$@"
"""


def real_uv() -> str:
    """The uv binary the bot would run from this interpreter."""
    try:
        from uv import find_uv_bin

        return str(find_uv_bin())
    except (ImportError, FileNotFoundError):
        found = shutil.which("uv")
        if found is None:
            raise SystemExit("uv is not installed; run the bench with the project's .venv") from None
        return found


def counting_python(where: Path) -> Path:
    """Build a throwaway venv in ``where`` whose ``python`` imports this interpreter's packages (a
    ``.pth``) and whose ``bin/uv`` logs each call to ``$UV_CALL_LOG`` before running the real uv
    (``uv_calls`` reads the log). Returns its ``python``."""
    uv = real_uv()
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True)
    python = where / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    ours = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
    (Path(purelib) / "bench_project.pth").write_text("\n".join(ours) + "\n", encoding="utf-8")
    shim = where / "bin" / "uv"
    shim.write_text(_UV_SHIM.replace("{uv}", _sh_quote(uv)), encoding="utf-8")
    shim.chmod(0o755)
    return python


def _sh_quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


@dataclass(frozen=True)
class UvCall:
    """One logged uv call: its arguments (paths under the temp directory cut to their file name,
    so calls with the same input compare equal) and the md5 of each requirements file it named."""

    args: tuple[str, ...]
    digests: tuple[str, ...]

    @property
    def kind(self) -> str:
        """``compile``, ``python find`` or ``other``."""
        if self.args[:2] == ("pip", "compile"):
            return "compile"
        if self.args[:2] == ("python", "find"):
            return "python find"
        return "other"


def uv_calls(log: Path) -> list[UvCall]:
    """The calls ``counting_python``'s uv logged in ``log`` (none if it does not exist)."""
    try:
        lines = log.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    tmp = tempfile.gettempdir().rstrip("/") + "/"
    calls = []
    for line in lines:
        sums, *args = line.split("\t")
        calls.append(
            UvCall(
                tuple(Path(a).name if a.startswith(tmp) else a for a in args),
                tuple(sums.split()),
            )
        )
    return calls


def by_kind(calls: list[UvCall]) -> Counter[str]:
    """How many calls of each kind (every kind present, zeros included)."""
    counts: Counter[str] = Counter({"compile": 0, "python find": 0, "other": 0})
    counts.update(c.kind for c in calls)
    return counts
