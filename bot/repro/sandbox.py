"""Build an isolated venv for one Starlette release and run the harness in it.

The sandbox installs wheels only (``--no-build``), from the configured index or uv's default,
and never reads configuration from the scanned checkout (``--no-config``). The harness runs in a
child process with a scrubbed environment (no tokens, no ``GITHUB_*``/``INPUT_*``), resource
limits and a hard timeout; every way that can go wrong becomes an ``inconclusive`` verdict.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import resource
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from bot.model import PythonRequest, SandboxSpec, Verdict, VerdictStatus
from bot.packs import Pack, load_pack
from bot.repro import harness
from bot.repro.cache import VerdictCache
from bot.repro.verdict import interpret

# The server the harness drives. Pinned so a verdict is reproducible; part of the cache key.
# 0.32.1 is the newest uvicorn that still installs on Python 3.8.
UVICORN_VERSION = "0.32.1"
HARNESS_PATH = Path(harness.__file__)
HARNESS_VERSION = harness.HARNESS_VERSION
# Custom scenarios run as this user when the bot runs as root (as it does in a Docker action), so
# they cannot read the bot's own environment through /proc or files only root may read.
UNPRIVILEGED = (65534, 65534)

Progress = Callable[[str], None]

# Variables the installer may need (index, proxy, certificates, uv settings). Everything else,
# notably GITHUB_*, INPUT_* and anything that looks like a credential, stays out.
_INSTALL_ENV_KEEP = (
    "PATH",
    "HOME",
    "LANG",
    "LC_ALL",
    "TMPDIR",
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
    "REQUESTS_CA_BUNDLE",
    "CURL_CA_BUNDLE",
    "NETRC",
)
_INSTALL_ENV_PREFIXES = (
    "UV_",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "NO_PROXY",
    "ALL_PROXY",
    "http_proxy",
    "https_proxy",
    "no_proxy",
    "all_proxy",
)


_FIND_UV_LOCK = threading.Lock()


def find_uv() -> str:
    """The uv binary shipped with the ``uv`` package, else the one on PATH.

    Serialised and memoised: ``uv.find_uv_bin`` reads ``sysconfig``, whose first initialisation
    is not thread-safe (two scans starting at once in threads saw ``EXE`` as None).
    """
    with _FIND_UV_LOCK:
        return _find_uv()


@functools.cache
def _find_uv() -> str:
    try:
        from uv import find_uv_bin

        return str(find_uv_bin())
    except (ImportError, FileNotFoundError):
        found = shutil.which("uv")
        if found is None:
            raise FileNotFoundError("uv is not installed; install the locked dependencies") from None
        return found


def install_env(environ: Mapping[str, str]) -> dict[str, str]:
    """The environment for uv: index, proxy and certificate settings, no tokens."""
    return {
        k: v
        for k, v in environ.items()
        if (k in _INSTALL_ENV_KEEP or k.startswith(_INSTALL_ENV_PREFIXES))
        and not k.startswith(("GITHUB_", "INPUT_", "ACTIONS_"))
    }


def harness_env(home: str) -> dict[str, str]:
    """The harness gets nothing from the caller's environment but a minimal PATH and locale."""
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": home,
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONHASHSEED": "0",
    }


@dataclass(frozen=True)
class Limits:
    memory_bytes: int = 2 * 1024**3
    cpu_seconds: int = 60
    open_files: int = 256
    processes: int = 512  # threads count here too; root ignores this limit
    file_bytes: int = 16 * 1024**2
    wall_seconds: float = 60.0

    def apply(self) -> None:
        """Runs in the child between fork and exec."""
        resource.setrlimit(resource.RLIMIT_AS, (self.memory_bytes, self.memory_bytes))
        resource.setrlimit(resource.RLIMIT_CPU, (self.cpu_seconds, self.cpu_seconds))
        resource.setrlimit(resource.RLIMIT_NOFILE, (self.open_files, self.open_files))
        resource.setrlimit(resource.RLIMIT_NPROC, (self.processes, self.processes))
        resource.setrlimit(resource.RLIMIT_FSIZE, (self.file_bytes, self.file_bytes))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    def apply_unprivileged(self) -> None:
        """``apply``, then drop to ``UNPRIVILEGED`` (only called when running as root)."""
        self.apply()
        os.setgroups([])
        os.setgid(UNPRIVILEGED[1])
        os.setuid(UNPRIVILEGED[0])


@dataclass(frozen=True)
class Interpreter:
    """The interpreter a sandbox runs on, and how it relates to what the project asked for."""

    path: str
    implementation: str
    version: str
    requested: str | None = None
    requested_at: str | None = None
    note: str = ""

    @property
    def key(self) -> str:
        return f"{self.implementation}-{self.version}"


@dataclass
class SandboxConfig:
    cache_dir: Path
    index_url: str | None = None
    hold_seconds: float = 1.0
    check_timeout: float = 10.0
    python_downloads: bool = False
    use_cache: bool = True
    limits: Limits = field(default_factory=Limits)
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))


class SandboxError(Exception):
    """A step before the harness ran (interpreter, venv, install) failed."""


def _run(cmd: Sequence[str], env: Mapping[str, str], timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(cmd),
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def _tail(text: str, lines: int = 6) -> str:
    kept = [ln for ln in text.strip().splitlines() if ln.strip()][-lines:]
    return " | ".join(kept)


def _unreachable_by_others(venv: Path) -> str | None:
    """Why an unprivileged user could not run the venv's interpreter, or None if it can.

    The venv itself is made searchable here (``mkdtemp`` creates it 0700). Its ancestors, and the
    interpreter its ``bin/python`` links to, are the user's choice: a cache or an interpreter under a
    private directory (``/root/.pyenv``) cannot be used by another user.
    """
    try:
        if venv.stat().st_mode & 0o005 != 0o005:
            venv.chmod(0o755)
        interpreter = (venv / "bin" / "python").resolve(strict=True)
        for path in (venv.resolve(), interpreter):
            for parent in path.parents:
                if not parent.stat().st_mode & 0o001:
                    return f"{parent} is private (interpreter {interpreter})"
        if interpreter.stat().st_mode & 0o001 == 0:
            return f"{interpreter} cannot be run by other users"
    except OSError as exc:
        return f"cannot check the sandbox's permissions: {exc}"
    return None


class Sandbox:
    """Runs the harness for a ``SandboxSpec``, reusing venvs and verdicts across scans."""

    def __init__(self, config: SandboxConfig, progress: Progress | None = None) -> None:
        self.config = config
        self.progress: Progress = progress or (lambda _msg: None)
        self.uv = find_uv()
        self.cache = VerdictCache(config.cache_dir)
        # Keyed by the whole request (text and where it was declared): the evidence names the file.
        self._interpreters: dict[PythonRequest | None, Interpreter] = {}
        self._found: dict[str | None, Interpreter | None] = {}
        self.env = install_env(config.environ)
        # Every pack runs in the same venv: the first run for a spec builds it, the others wait.
        self._venv_locks: dict[Path, threading.Lock] = {}
        self._locks_guard = threading.Lock()

    # -- interpreter -------------------------------------------------------------------------
    def _find(self, request: str | None) -> Interpreter | None:
        """The interpreter uv finds for ``request``, looked up once per request text (an organisation
        scan asks the same of hundreds of repositories)."""
        if request not in self._found:
            self._found[request] = self._look_up(request)
        return self._found[request]

    def _look_up(self, request: str | None) -> Interpreter | None:
        # --system: a virtualenv in the working directory is not an interpreter the project asked for.
        cmd = [self.uv, "python", "find", "--no-config", "--no-project", "--system"]
        if request:
            cmd.append(request)
        env = {**self.env, "UV_PYTHON_DOWNLOADS": "never"}
        found = _run(cmd, env, 60)
        if found.returncode != 0 or not found.stdout.strip():
            return None
        path = found.stdout.strip().splitlines()[-1]
        probe = _run(
            [
                path,
                "-I",
                "-c",
                "import platform; print(platform.python_implementation().lower(), platform.python_version())",
            ],
            harness_env(tempfile.gettempdir()),
            30,
        )
        if probe.returncode != 0:
            return None
        impl, version = probe.stdout.split()
        return Interpreter(path=path, implementation=impl, version=version)

    def interpreter(self, python: PythonRequest | None) -> Interpreter:
        """The project's interpreter if uv can provide it, else the default one, with a note."""
        if python in self._interpreters:
            return self._interpreters[python]
        request = python.request if python else None
        chosen = self._find(request) if request else None
        if chosen is None and request and self.config.python_downloads:
            self.progress(f"installing Python {request} with uv")
            _run([self.uv, "python", "install", "--no-config", request], self.env, 600)
            chosen = self._found[request] = self._look_up(request)
        note = ""
        if chosen is None:
            chosen = self._find(None)
            if chosen is None:
                raise SandboxError("no Python interpreter found for the sandbox")
            if python is not None:
                note = (
                    f"Python {request} (declared at {python.source}) is not available here; "
                    f"ran on {chosen.version} instead"
                )
        chosen = replace(
            chosen, requested=request, requested_at=str(python.source) if python else None, note=note
        )
        self._interpreters[python] = chosen
        return chosen

    def spec(
        self, starlette: str, anyio: str | None, interp: Interpreter, pack: Pack | None = None
    ) -> SandboxSpec:
        pack = pack or load_pack()
        return SandboxSpec(
            starlette=starlette,
            anyio=anyio,
            uvicorn=UVICORN_VERSION,
            python=interp.key,
            harness_version=f"{HARNESS_VERSION}/{pack.digest[:16]}",
            pack=pack.id,
        )

    # -- venv ----------------------------------------------------------------------------------
    def _venv_dir(self, spec: SandboxSpec) -> Path:
        ident = json.dumps([spec.starlette, spec.anyio, spec.uvicorn, spec.python, self.config.index_url])
        digest = hashlib.sha256(ident.encode()).hexdigest()[:16]
        return self.config.cache_dir / "venvs" / f"starlette-{spec.starlette}-{digest}"

    def _ensure_venv(self, spec: SandboxSpec, interp: Interpreter) -> Path:
        final = self._venv_dir(spec)
        with self._locks_guard:
            lock = self._venv_locks.setdefault(final, threading.Lock())
        with lock:
            return self._build_venv(final, spec, interp)

    def _build_venv(self, final: Path, spec: SandboxSpec, interp: Interpreter) -> Path:
        if (final / ".ready").is_file():
            return final
        final.parent.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(dir=final.parent, prefix=".build-"))
        try:
            self.progress(f"building sandbox: starlette=={spec.starlette} on Python {interp.version}")
            made = _run(
                [
                    self.uv,
                    "venv",
                    "--no-config",
                    "--quiet",
                    "--relocatable",
                    "--python",
                    interp.path,
                    str(building),
                ],
                self.env,
                120,
            )
            if made.returncode != 0:
                raise SandboxError(f"could not create a virtualenv: {_tail(made.stderr)}")
            wanted = [f"starlette=={spec.starlette}", f"uvicorn=={spec.uvicorn}"]
            if spec.anyio:
                wanted.append(f"anyio=={spec.anyio}")
            cmd = [
                self.uv,
                "pip",
                "install",
                "--no-config",
                "--quiet",
                "--no-build",
                "--python",
                str(building / "bin" / "python"),
                *wanted,
            ]
            if self.config.index_url:
                cmd += ["--index-url", self.config.index_url]
            installed = _run(cmd, self.env, 600)
            if installed.returncode != 0:
                raise SandboxError(
                    f"could not install {' '.join(wanted)} from wheels on Python {interp.version}: "
                    f"{_tail(installed.stderr)}"
                )
            (building / ".ready").write_text(" ".join(wanted) + "\n", encoding="utf-8")
            try:
                building.rename(final)
            except OSError:  # another scan finished the same venv first; use that one
                if not (final / ".ready").is_file():
                    shutil.rmtree(final, ignore_errors=True)
                    building.rename(final)
            return final
        finally:
            if building.exists():
                shutil.rmtree(building, ignore_errors=True)

    # -- run -------------------------------------------------------------------------------------
    def _run_harness(self, venv: Path, packs: Sequence[Pack]) -> list[dict[str, Any] | SandboxError]:
        """Run the scenarios of ``packs`` in one harness process, in order: one record (or the error
        that kept it from being printed) per pack. A custom pack always runs alone."""
        limits = self.config.limits
        custom = any(p.custom for p in packs)
        if custom and len(packs) != 1:
            raise ValueError("a custom pack runs in a process of its own")
        drop = custom and os.geteuid() == 0
        if drop:
            # As root, a repository's scenario could read the bot's own environment (the token)
            # through /proc. It runs as an unprivileged user, or not at all.
            why = _unreachable_by_others(venv)
            if why is not None:
                raise SandboxError(
                    "a custom scenario runs as an unprivileged user when the bot runs as root, and "
                    f"that user cannot run the sandbox: {why}"
                )
        wall = limits.wall_seconds * len(packs)
        failure: str | None = None
        with tempfile.TemporaryDirectory(prefix="repro-") as home:
            # Scenarios run from copies: what ran is exactly the bytes the cache key hashed.
            copies = [Path(home) / f"scenario_{n}.py" for n in range(len(packs))]
            for pack, copy in zip(packs, copies, strict=True):
                shutil.copyfile(pack.scenario, copy)
            if drop:
                for path in (Path(home), *copies):
                    os.chown(path, *UNPRIVILEGED)
            cmd = [
                str(venv / "bin" / "python"),
                "-I",
                "-B",
                str(HARNESS_PATH),
                str(self.config.hold_seconds),
                str(self.config.check_timeout),
                *map(str, copies),
            ]
            proc = subprocess.Popen(
                cmd,
                cwd=home,
                env=harness_env(home),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                start_new_session=True,
                preexec_fn=limits.apply_unprivileged if drop else limits.apply,
            )
            try:
                out, err = proc.communicate(timeout=wall)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                out, err = proc.communicate()
                failure = f"the harness did not finish within {wall:g} s"
        if failure is None and proc.returncode != 0:
            failure = f"the harness exited with code {proc.returncode}: {_tail(err)}"
        lines = [ln for ln in out.splitlines() if ln.startswith("{")]
        results: list[dict[str, Any] | SandboxError] = []
        for n in range(len(packs)):
            if n >= len(lines):
                results.append(SandboxError(failure or f"the harness printed no result: {_tail(err)}"))
                continue
            try:
                record = json.loads(lines[n])
            except ValueError as exc:
                results.append(SandboxError(f"the harness printed an unreadable result: {exc}"))
                continue
            if not isinstance(record, dict):
                results.append(SandboxError("the harness printed a result that is not a JSON object"))
                continue
            record["sandbox_user"] = UNPRIVILEGED[0] if drop else os.geteuid()
            results.append(record)
        return results

    def verdict(
        self, starlette: str, anyio: str | None, python: PythonRequest | None, pack: Pack | None = None
    ) -> Verdict:
        """Run (or recall) a pack's reproduction (the headline by default) for one starlette/anyio pair."""
        return self.verdicts(starlette, anyio, python, [pack or load_pack()])[0]

    def verdicts(
        self, starlette: str, anyio: str | None, python: PythonRequest | None, packs: Sequence[Pack]
    ) -> list[Verdict]:
        """Run (or recall) several packs' reproductions for one starlette/anyio pair, in one process.

        Each pack keeps its own cached verdict; only the ones not cached run. Built-in packs only,
        or a single custom one.
        """
        try:
            interp = self.interpreter(python)
        except (SandboxError, OSError, subprocess.SubprocessError) as exc:
            return [
                Verdict(VerdictStatus.INCONCLUSIVE, f"no interpreter for the sandbox: {exc}") for _ in packs
            ]
        specs = [self.spec(starlette, anyio, interp, pack) for pack in packs]
        interpreter = {
            "path": interp.path,
            "version": interp.version,
            "implementation": interp.implementation,
            "requested": interp.requested,
            "requested_at": interp.requested_at,
            "note": interp.note,
        }
        facts = [{"interpreter": interpreter, "spec": asdict(spec)} for spec in specs]
        found: list[Verdict | None] = [None] * len(packs)
        if self.config.use_cache:
            for n, spec in enumerate(specs):
                hit = self.cache.get(spec)
                if hit is not None:
                    # The stored run is valid for this spec; the interpreter facts are today's.
                    found[n] = Verdict(hit.status, hit.reason, {**hit.evidence, **facts[n]}, cached=True)
        todo = [n for n, v in enumerate(found) if v is None]
        if todo:
            started = time.monotonic()
            ids = [packs[n].id for n in todo]
            try:
                venv = self._ensure_venv(specs[todo[0]], interp)  # every pack of a release shares it
                built = time.monotonic()
                self.progress(f"running the {', '.join(ids)} reproduction against starlette {starlette}")
                records = self._run_harness(venv, [packs[n] for n in todo])
            except (SandboxError, OSError, subprocess.SubprocessError) as exc:
                spent = {"duration_s": round(time.monotonic() - started, 3)}
                for n in todo:
                    found[n] = Verdict(VerdictStatus.INCONCLUSIVE, str(exc), evidence={**facts[n], **spent})
            else:
                timing: dict[str, Any] = {
                    "sandbox_s": round(built - started, 3),
                    "run_s": round(time.monotonic() - built, 3),
                }
                if len(todo) > 1:
                    timing["ran_with"] = ids  # one process ran these, one after the other
                for n, record in zip(todo, records, strict=True):
                    if isinstance(record, SandboxError):
                        found[n] = Verdict(
                            VerdictStatus.INCONCLUSIVE, str(record), evidence={**facts[n], **timing}
                        )
                        continue
                    status, reason = interpret(record, packs[n].readers)
                    verdict = Verdict(status, reason, evidence={**record, **facts[n], **timing})
                    self.cache.put(specs[n], verdict)
                    found[n] = verdict
        return [v or Verdict(VerdictStatus.INCONCLUSIVE, "the pack did not run") for v in found]
