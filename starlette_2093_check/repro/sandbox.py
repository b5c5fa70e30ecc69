"""Build an isolated venv for one Starlette release and run the harness in it.

The sandbox installs wheels only (``--no-build``), from the configured index or uv's default,
and never reads configuration from the scanned checkout (``--no-config``). One exception: a
Starlette release published without a wheel is built from its own sdist, under the same
containment as the harness (the sandbox runs that release's code anyway); every other package,
build dependencies included, still comes from a wheel. The harness runs in a child process with a
scrubbed environment (no tokens, no ``GITHUB_*``/``INPUT_*``), resource limits and a hard timeout;
every way that can go wrong becomes an ``inconclusive`` verdict.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import resource
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from starlette_2093_check.budget import Budget
from starlette_2093_check.budget import run as run_within
from starlette_2093_check.builddirs import build_dir, remove_stale_builds
from starlette_2093_check.errors import SandboxFailure
from starlette_2093_check.manifests._python import request_problem
from starlette_2093_check.model import PythonRequest, SandboxSpec, Verdict, VerdictStatus
from starlette_2093_check.packs import CardError, Pack, load_pack, scenario_code
from starlette_2093_check.progress import SANDBOX, finished, started
from starlette_2093_check.repro import contain, harness, venvs
from starlette_2093_check.repro.cache import VerdictCache
from starlette_2093_check.repro.pythons import Found, Pythons
from starlette_2093_check.repro.venvs import record_path
from starlette_2093_check.repro.verdict import interpret
from starlette_2093_check.urls import hide_userinfo, redact

# The server the harness drives. Pinned so a verdict is reproducible; part of the cache key.
# 0.32.1 is the newest uvicorn that still installs on Python 3.8.
UVICORN_VERSION = "0.32.1"
HARNESS_PATH = Path(harness.__file__)
HARNESS_VERSION = harness.HARNESS_VERSION
# The package under test: the one package the sandbox may build from its sdist, when the release
# has no wheel. Its code runs in the harness anyway; a build runs it under the same containment.
TARGET = "starlette"
# Custom scenarios run as one of these uids when the bot runs as root (as it does in a Docker
# action), so they cannot read the bot's own environment through /proc or files only root may read.
# Each run claims one no other process or account uses (not ``nobody``: other daemons run as it), so
# that everything of that uid can be killed and removed when the run ends (``repro.contain``).
UNPRIVILEGED = contain.UIDS
# The oldest Python 3 minor version the harness (and uvicorn 0.32.1) runs on.
OLDEST_MINOR = 8

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
_PROXY_PREFIXES = (
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "NO_PROXY",
    "ALL_PROXY",
    "http_proxy",
    "https_proxy",
    "no_proxy",
    "all_proxy",
)
_INSTALL_ENV_PREFIXES = ("UV_", *_PROXY_PREFIXES)


# What uv needs, inside the sandbox, to reach the index the wheels-only install uses: the index
# settings, proxies and certificates. Nothing else of the caller's environment (no HOME, no NETRC).
_BUILD_ENV_KEEP = ("SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")
_BUILD_UV_KEEP = (
    "UV_INDEX_URL",
    "UV_DEFAULT_INDEX",
    "UV_EXTRA_INDEX_URL",
    "UV_INDEX",
    "UV_INDEX_STRATEGY",
    "UV_NATIVE_TLS",
    "UV_INSECURE_HOST",
    "UV_HTTP_TIMEOUT",
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
    """The environment for uv: index, proxy and certificate settings, no tokens.

    ``PATH`` keeps only absolute directories: uv runs every ``python*`` it finds on it to ask its
    version, and an empty or relative entry is the working directory (a checkout, in a workflow).
    """
    env = {
        k: v
        for k, v in environ.items()
        if (k in _INSTALL_ENV_KEEP or k.startswith(_INSTALL_ENV_PREFIXES))
        and not k.startswith(("GITHUB_", "INPUT_", "ACTIONS_"))
    }
    if "PATH" in env:
        env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if os.path.isabs(p))
    return env


def build_env(home: str, install: Mapping[str, str], index_url: str | None) -> dict[str, str]:
    """The environment of an sdist build in the sandbox: the harness's (private HOME and TMPDIR),
    plus only what uv needs to reach the configured index (``install`` is ``install_env``'s)."""
    env = harness_env(home, tmpdir=home)
    env.update(
        (k, v)
        for k, v in install.items()
        if k in _BUILD_ENV_KEEP or k in _BUILD_UV_KEEP or k.startswith(_PROXY_PREFIXES)
    )
    if index_url:
        env["UV_INDEX_URL"] = index_url
    env["UV_PYTHON_DOWNLOADS"] = "never"
    return env


def no_wheel(stderr: str, version: str) -> bool:
    """Whether uv's wheels-only install failed because the target release has no usable wheel (and
    not because of another package, which is never built)."""
    return bool(
        re.search(rf"\b{TARGET}=={re.escape(version)} has no usable wheels", stderr)
        or f"Wheels are required for `{TARGET}`" in stderr
    )


def harness_env(home: str, tmpdir: str | None = None) -> dict[str, str]:
    """The harness gets nothing from the caller's environment but a minimal PATH and locale, and
    its own private directory as HOME (and as TMPDIR, when given)."""
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": home,
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONHASHSEED": "0",
    }
    if tmpdir is not None:
        env["TMPDIR"] = tmpdir
    return env


@dataclass(frozen=True)
class Limits:
    """What one harness run may use. The rlimits are set in the harness (and inherited by all it
    starts); the rest is enforced by the run's supervisor (``starlette_2093_check/repro/supervisor.py``)."""

    memory_bytes: int = 2 * 1024**3
    cpu_seconds: int = 60
    open_files: int = 256
    # Threads count here too. Root ignores it; a custom scenario's uid of its own (as root) makes it
    # a bound on that run alone, while a normal user's count includes their other processes.
    processes: int = 512
    file_bytes: int = 16 * 1024**2
    wall_seconds: float = 60.0
    # Written in total, in files and bytes: the private directory, and, for a scenario with a uid of
    # its own, everything that uid owns in the world-writable directories. Polled every poll_seconds.
    disk_bytes: int = 64 * 1024**2
    disk_files: int = 10_000
    poll_seconds: float = 0.1
    output_bytes: int = 8 * 1024**2  # the harness's stdout; stderr keeps its last 64 KiB
    # The wall clock of building a release from its sdist (it downloads the build dependencies and
    # the release's own dependencies too); every other limit is the harness run's.
    build_seconds: float = 300.0

    def rlimits(self) -> dict[str, int]:
        """The resource limits by name, as the supervisor sets them in the harness."""
        return {
            "RLIMIT_AS": self.memory_bytes,
            "RLIMIT_CPU": self.cpu_seconds,
            "RLIMIT_NOFILE": self.open_files,
            "RLIMIT_NPROC": self.processes,
            "RLIMIT_FSIZE": self.file_bytes,
            "RLIMIT_CORE": 0,
        }

    def apply(self) -> None:
        """Set the resource limits in this process (the supervisor does it for the harness)."""
        for name, value in self.rlimits().items():
            resource.setrlimit(getattr(resource, name), (value, value))


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
    # The run's time budget (``budget``): installs, builds and harness runs get at most what
    # it has left, and a step it no longer allows is an inconclusive verdict saying so.
    budget: Budget | None = None


class SandboxError(SandboxFailure):
    """A step before the harness ran (interpreter, venv, install) failed."""


def _run(
    cmd: Sequence[str],
    env: Mapping[str, str],
    timeout: float,
    budget: Budget | None = None,
    before: str = "",
    cwd: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``cmd`` within ``timeout`` and, given one, what ``budget`` has left (``budget.run``)."""
    return run_within(
        cmd,
        timeout=timeout,
        budget=budget,
        before=before,
        env=env,
        check=False,
        stdin=subprocess.DEVNULL,
        cwd=cwd,
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

    def private_on_the_way(path: Path, hops: int = 0) -> Path | None:
        # The first directory others may not search on the way to ``path``, following each symlink
        # hop as the kernel does (venv/bin/python -> /root/private/python3 -> /usr/bin/python3.11).
        if hops > 40:
            raise OSError(f"too many levels of symbolic links at {path}")
        current = Path(path.parts[0])
        for name in path.parts[1:]:
            if not current.stat().st_mode & 0o001:
                return current
            step = current / name
            if step.is_symlink():
                found = private_on_the_way(current / os.readlink(step), hops + 1)
                if found is not None:
                    return found
                step = Path(os.path.realpath(step))
            current = step
        return None

    try:
        if venv.stat().st_mode & 0o005 != 0o005:
            venv.chmod(0o755)
        python = (venv / "bin" / "python").absolute()
        interpreter = python.resolve(strict=True)
        private = private_on_the_way(python)
        if private is not None:
            return f"{private} is private (interpreter {interpreter})"
        if interpreter.stat().st_mode & 0o001 == 0:
            return f"{interpreter} cannot be run by other users"
    except OSError as exc:
        return f"cannot check the sandbox's permissions: {exc}"
    return None


# How uv says that no interpreter here satisfies the request (kept as an answer; other failures are not).
_NOT_FOUND = re.compile(r"^error: (No interpreter found|Invalid version request)", re.MULTILINE)


def _refuse(request: str | None) -> None:
    """Raise ``SandboxError`` for a request uv's lookup would run (a path or a program name)."""
    problem = request_problem(request) if request else None
    if request and problem:
        raise SandboxError(f"refused the interpreter request {request[:80]!r}: it {problem}")


def _interpreter(found: Found | None) -> Interpreter | None:
    return None if found is None else Interpreter(found.path, found.implementation, found.version)


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
        # One lookup per request text at a time: roots resolved in parallel may ask the same.
        self._find_locks: dict[str | None, threading.Lock] = {}
        self._installed: set[str] = set()
        self.env = install_env(config.environ)
        # uv's answers from earlier runs. Kept with --no-cache too, which re-runs reproductions, not
        # lookups: which Python is here is a fact about this machine, checked on every use.
        self.pythons = Pythons(config.cache_dir, self.uv, self.env)
        # Every pack runs in the same venv: the first run for a spec builds it, the others wait.
        self._venv_locks: dict[Path, threading.Lock] = {}
        self._locks_guard = threading.Lock()
        stale = remove_stale_builds(config.cache_dir / "venvs")
        if stale:
            self.progress(f"removed {len(stale)} unfinished sandbox build(s) left by a run that was killed")

    # -- interpreter -------------------------------------------------------------------------
    def _find(self, request: str | None, install: bool = False) -> Interpreter | None:
        """The interpreter uv finds for ``request``, looked up once per request text (an organisation
        scan asks the same of hundreds of repositories), and across runs through ``self.pythons``.
        With ``install``, uv installs a request it cannot find (once per run)."""
        _refuse(request)
        with self._locks_guard:
            lock = self._find_locks.setdefault(request, threading.Lock())
        with lock:
            if request not in self._found:
                kept = self.pythons.recall(request)
                self._found[request] = self._look_up(request) if kept is None else _interpreter(kept.found)
            if install and request and self._found[request] is None and request not in self._installed:
                self._installed.add(request)
                self.progress(f"installing Python {request} with uv")
                _run([self.uv, "python", "install", "--no-config", request], self.env, 600)
                self._found[request] = self._look_up(request)
            return self._found[request]

    def _look_up(self, request: str | None) -> Interpreter | None:
        """Ask uv (and the interpreter it names), and keep the answer for later runs."""
        # The request comes from the repository: a path or a program name would be run by uv's
        # lookup, as this user. Discovery drops such values; this is the last line of defence.
        _refuse(request)
        places = self.pythons.places()  # before the lookup: a change during it is seen next time
        # --system: a virtualenv in the working directory is not an interpreter the project asked for.
        cmd = [self.uv, "python", "find", "--no-config", "--no-project", "--system"]
        if request:
            cmd.append(request)
        env = {**self.env, "UV_PYTHON_DOWNLOADS": "never"}
        # From an empty directory: a .python-version where we were started (a checkout's, read by
        # pyenv's shims) must not choose for uv, nor be remembered for the day.
        with tempfile.TemporaryDirectory(prefix="python-find-") as neutral:
            found = _run(cmd, env, 60, cwd=neutral)
        if found.returncode != 0 or not found.stdout.strip():
            if found.returncode != 0 and _NOT_FOUND.search(found.stderr):  # uv's answer, not a fault
                self.pythons.remember(request, None, places)
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
            return None  # not kept: it may work next time
        impl, version = probe.stdout.split()
        self.pythons.remember(request, Found(path, impl, version), places)
        return Interpreter(path=path, implementation=impl, version=version)

    def interpreter(self, python: PythonRequest | None) -> Interpreter:
        """The project's interpreter if uv can provide it, else the default one, with a note."""
        if python in self._interpreters:
            return self._interpreters[python]
        request = python.request if python else None
        chosen = self._find(request, install=self.config.python_downloads) if request else None
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
            try:
                return self._build_venv(final, spec, interp)
            finally:  # built, found built or failed: a terminal's count of builds moves on
                self.progress(finished(SANDBOX, final.name))

    def _build_venv(self, final: Path, spec: SandboxSpec, interp: Interpreter) -> Path:
        built_as = {"starlette": spec.starlette, "anyio": spec.anyio, "uvicorn": spec.uvicorn}
        if final.exists() or record_path(final).exists():
            why = venvs.mismatch(final, interp.path, built_as)
            if why is None:
                return final
            # Not the venv this bot built (restored from elsewhere, changed since, or half-made):
            # its interpreter and files would run as the bot's user. Build it again.
            self.progress(f"discarding the cached sandbox {final.name}: {why}")
            shutil.rmtree(final, ignore_errors=True)
            record_path(final).unlink(missing_ok=True)
        final.parent.mkdir(parents=True, exist_ok=True)
        # Held while it is built, so a later run removes it only if this one died (``builddirs``).
        with build_dir(final.parent) as building:
            self.progress(
                started(
                    SANDBOX,
                    final.name,
                    f"building sandbox: starlette=={spec.starlette} on Python {interp.version}",
                )
            )
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
                self.config.budget,
                f"the sandbox for starlette {spec.starlette} was built",
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
            # The index URL may carry credentials: through uv's environment, never its command line,
            # which every user (a custom scenario's uid) can read in /proc while it runs.
            env = {**self.env, "UV_INDEX_URL": self.config.index_url} if self.config.index_url else self.env
            installed = _run(
                cmd, env, 600, self.config.budget, f"the sandbox for starlette {spec.starlette} was installed"
            )
            from_sdist: tuple[str, ...] = ()
            if installed.returncode != 0 and no_wheel(installed.stderr, spec.starlette):
                self._build_from_sdist(building, wanted, spec, interp)
                from_sdist = (TARGET,)
            elif installed.returncode != 0:
                raise SandboxError(
                    f"could not install {' '.join(wanted)} from wheels on Python {interp.version}: "
                    f"{self._shown(installed.stderr)}"
                )
            (building / ".ready").write_text(" ".join(wanted) + "\n", encoding="utf-8")
            try:
                venvs.write_record(building, final, interp.path, built_as, from_sdist)
            except (OSError, ValueError) as exc:
                raise SandboxError(f"could not record the sandbox as built: {exc}") from exc
            try:
                building.rename(final)
            except OSError:  # another scan finished the same venv first; use that one if it checks out
                if venvs.mismatch(final, interp.path, built_as) is None:
                    return final
                shutil.rmtree(final, ignore_errors=True)
                venvs.write_record(building, final, interp.path, built_as, from_sdist)
                building.rename(final)
            return final

    def _wall(self, own: float, before: str) -> float:
        """A contained step's wall clock: its own, cut to what the run's time budget has left."""
        budget = self.config.budget
        return own if budget is None else budget.timeout(own, before)

    def _shown(self, stderr: str) -> str:
        """The end of uv's error output, without the index URL's credentials."""
        shown = _tail(stderr)
        if self.config.index_url:
            shown = shown.replace(self.config.index_url, redact(self.config.index_url))
        return hide_userinfo(shown)

    def _build_from_sdist(
        self, venv: Path, wanted: Sequence[str], spec: SandboxSpec, interp: Interpreter
    ) -> None:
        """Install ``wanted`` into ``venv`` with the target release built from its sdist.

        The build runs the release's own code (its setup script and build backend), which the
        harness runs anyway; so it runs as the harness does: under the supervisor, with the same
        resource and disk limits, a private HOME and TMPDIR, and an environment holding only what
        uv needs to reach the configured index. ``--only-binary :all: --no-binary starlette``:
        the target alone may be built, and every other package, build dependencies included,
        still comes from a wheel. No configuration file and no ``tool.uv.sources`` table is read,
        and uv's cache is not used, so nothing built here is reused as if it were a wheel.
        """
        self.progress(
            f"starlette {spec.starlette} has no wheel on the index: building its sdist in the sandbox"
        )
        limits = self.config.limits
        wall = self._wall(limits.build_seconds, f"starlette {spec.starlette} was built from its sdist")
        cmd = [
            self.uv,
            "pip",
            "install",
            "--no-config",
            "--no-sources",
            "--no-cache",
            "--quiet",
            "--only-binary",
            ":all:",
            "--no-binary",
            TARGET,
            "--python",
            str(venv / "bin" / "python"),
            *wanted,
        ]
        try:
            with tempfile.TemporaryDirectory(prefix="sdist-build-") as home:
                outcome = contain.supervise(
                    cmd,
                    home=home,
                    env=build_env(home, self.env, self.config.index_url),
                    rlimits=limits.rlimits(),
                    wall=wall,
                    disk_bytes=limits.disk_bytes,
                    disk_files=limits.disk_files,
                    output_bytes=limits.output_bytes,
                    poll=limits.poll_seconds,
                    umask=0o022,  # the venv is read by a custom scenario's uid too
                )
        except contain.ContainmentError as exc:
            raise SandboxError(f"could not build starlette {spec.starlette} from its sdist: {exc}") from exc
        failure = outcome.breach
        if failure is None and outcome.timed_out:
            failure = f"the build did not finish within {wall:g} s"
            if wall < limits.build_seconds and self.config.budget is not None:
                failure = self.config.budget.reason("the build finished")
        if failure is None and outcome.returncode != 0:
            failure = self._shown(outcome.stderr) or f"uv exited with code {outcome.returncode}"
        if failure is not None:
            raise SandboxError(
                f"starlette {spec.starlette} has no wheel, and building it from its sdist (every other "
                f"package from wheels) on Python {interp.version} failed: {failure}"
            )

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
        own_wall = limits.wall_seconds * len(packs)
        wall = self._wall(own_wall, "the reproduction ran")
        try:
            # What runs is exactly the bytes the cache key hashed (kept since the pack was read).
            codes = [scenario_code(pack) for pack in packs]
        except CardError as exc:
            raise SandboxError(str(exc)) from exc
        try:
            # As root, a custom scenario's uid is claimed before its private directory exists, and
            # released after that directory is gone (the supervisor has killed all of the uid).
            with (
                contain.claimed(UNPRIVILEGED, needed=drop) as claim,
                tempfile.TemporaryDirectory(prefix="repro-") as home,
            ):
                copies = [Path(home) / f"scenario_{n}.py" for n in range(len(packs))]
                for code, copy in zip(codes, copies, strict=True):
                    copy.write_bytes(code)
                runner = HARNESS_PATH
                if claim is not None:
                    runner = Path(home) / "harness.py"  # its uid may not read the bot's own files
                    shutil.copyfile(HARNESS_PATH, runner)
                    for path in (Path(home), runner, *copies):
                        os.chown(path, claim.uid, claim.gid)
                cmd = [
                    str(venv / "bin" / "python"),
                    "-I",
                    "-B",
                    str(runner),
                    str(self.config.hold_seconds),
                    str(self.config.check_timeout),
                    *map(str, copies),
                ]
                outcome = contain.supervise(
                    cmd,
                    home=home,
                    env=harness_env(home, tmpdir=home),
                    rlimits=limits.rlimits(),
                    wall=wall,
                    disk_bytes=limits.disk_bytes,
                    disk_files=limits.disk_files,
                    output_bytes=limits.output_bytes,
                    poll=limits.poll_seconds,
                    claim=claim,
                )
                user = claim.uid if claim is not None else os.geteuid()
        except contain.ContainmentError as exc:
            raise SandboxError(str(exc)) from exc
        if outcome.breach is not None:
            # The run broke a bound (disk, output, processes): what it printed is not a reading.
            return [SandboxError(outcome.breach) for _ in packs]
        out, err = outcome.stdout, outcome.stderr
        failure: str | None = None
        if outcome.timed_out:
            failure = f"the harness did not finish within {wall:g} s"
            if wall < own_wall and self.config.budget is not None:
                failure = self.config.budget.reason("the harness finished")
        elif outcome.returncode is None:
            failure = f"the harness's end could not be observed: {_tail(err)}"
        elif outcome.returncode != 0:
            failure = f"the harness exited with code {outcome.returncode}: {_tail(err)}"
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
            record["sandbox_user"] = user
            record["containment"] = outcome.facts
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

        When the project does not say which Python it runs (or the one it names is not here), the
        default interpreter is our guess. If the release fails on it (it raised in the scenario,
        as 0.13.3-0.13.8 do on Python 3.11), a project running that release cannot be running that
        Python: the packs run again on the newest older Python available, and the evidence says so.
        A Python the project declares and that is here is never swapped.
        """
        try:
            interp = self.interpreter(python)
        except (SandboxError, OSError, subprocess.SubprocessError) as exc:
            return [
                Verdict(VerdictStatus.INCONCLUSIVE, f"no interpreter for the sandbox: {exc}") for _ in packs
            ]
        found = self._verdicts_on(interp, starlette, anyio, packs)
        guessed = interp.requested is None or bool(interp.note)
        failed = [n for n, v in enumerate(found) if guessed and _failed_in_release(v)]
        if not failed:
            return found
        older = self._older(interp)
        if older is None:
            why = f"no Python older than {interp.version} is here to try the release on"
            return [
                replace(v, reason=f"{v.reason} ({why})") if n in failed else v for n, v in enumerate(found)
            ]
        older = replace(older, requested=interp.requested, requested_at=interp.requested_at)
        again = self._verdicts_on(older, starlette, anyio, [packs[n] for n in failed])
        for n, second in zip(failed, again, strict=True):
            first = found[n]
            if second.status is VerdictStatus.INCONCLUSIVE:
                found[n] = replace(
                    first,
                    reason=f"{first.reason}; on Python {older.version} too: {second.reason}",
                    evidence={
                        **first.evidence,
                        "older_python": {"version": older.version, "reason": second.reason},
                    },
                )
                continue
            why = _clip(_RAN_ON.sub("", first.reason))
            note = (
                f"{interp.note or 'the project declares no Python'}; starlette {starlette} failed on "
                f"Python {interp.version} ({why}), so it ran on {older.version}, the newest older Python here"
            )
            ran = {**second.evidence.get("interpreter", {}), "note": note}
            found[n] = replace(second, evidence={**second.evidence, "interpreter": ran})
        return found

    def _older(self, interp: Interpreter) -> Interpreter | None:
        """The interpreter of the newest minor version older than ``interp``'s that uv finds here,
        down to the oldest the harness supports."""
        try:
            major, minor = (int(part) for part in interp.version.split(".")[:2])
        except ValueError:
            return None
        for older in range(minor - 1, OLDEST_MINOR - 1, -1):
            try:
                found = self._find(f"{major}.{older}")
            except (SandboxError, OSError, subprocess.SubprocessError):
                continue
            if found is not None and found.implementation == interp.implementation:
                return found
        return None

    def _verdicts_on(
        self, interp: Interpreter, starlette: str, anyio: str | None, packs: Sequence[Pack]
    ) -> list[Verdict]:
        """``verdicts`` on one interpreter."""
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
                install = install_facts(venv, starlette)
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
                            VerdictStatus.INCONCLUSIVE,
                            str(record),
                            evidence={**facts[n], "install": install, **timing},
                        )
                        continue
                    status, reason = interpret(record, packs[n].readers)
                    verdict = Verdict(
                        status, reason, evidence={**record, **facts[n], "install": install, **timing}
                    )
                    self.cache.put(specs[n], verdict)
                    found[n] = verdict
        return [v or Verdict(VerdictStatus.INCONCLUSIVE, "the pack did not run") for v in found]


def install_facts(venv: Path, starlette: str) -> dict[str, Any]:
    """How the sandbox's packages were installed, for the evidence: which were built from their
    sdist (the target release only, when it has no wheel) and a sentence saying so."""
    built = list(venvs.from_sdist(venv))
    facts: dict[str, Any] = {"from_sdist": built}
    if built:
        facts["note"] = (
            f"starlette {starlette} has no wheel on the index: it was built from its sdist in the sandbox "
            "(every other package came from a wheel)"
        )
    return facts


# How a reason names the release and the Python it ran on; the note around it says both already.
_RAN_ON = re.compile(r"^on starlette \S+ / Python \S+: ")


def _clip(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _failed_in_release(verdict: Verdict) -> bool:
    """Whether the harness ran and the release raised: on import, or in a check (an exception, or a
    check that never finished), as a release does on a Python newer than it supports."""
    ev = verdict.evidence
    if verdict.status is not VerdictStatus.INCONCLUSIVE or "versions" not in ev:
        return False
    if ev.get("import_error"):
        return True
    checks = ev.get("checks") or []
    return any(isinstance(ev.get(c), dict) and ev[c].get("error") for c in checks if isinstance(c, str))
