"""Containment of a harness run, on the bot's side.

Every run goes through ``repro/supervisor.py``, a small process of the bot's own interpreter
that starts the harness in a session of its own, owns the timeout, bounds what the run writes and
kills whatever the run started when it ends (see that module). This module starts it and reads
its outcome, and, when the bot runs as root, claims the uid a repository's scenario runs as.

The uid. As root, a custom scenario runs as a uid of its own, taken from ``UIDS`` (60200-60299):
inside the 16-bit range every user namespace maps (rootless containers map 65536 ids), above
the range of ordinary accounts (1000-59999) and below systemd's dynamic users (61184-65519).
A uid is used only if it has no account or group, no live process, is mapped here, and is not
held by another run (a lock in ``/run/starlette-2093-check``); one that owns files in the watched
directories, or processes, and was never used by this tool, belongs to someone else and is
skipped. While a run holds it, every process and every file of the uid is the run's: after the
run, all of them are killed or removed, and ``RLIMIT_NPROC`` bounds the run's processes alone.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import grp
import json
import os
import pwd
import random
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette_2093_check.errors import SandboxFailure
from starlette_2093_check.repro import supervisor

SUPERVISOR_PATH = Path(supervisor.__file__)
UIDS = range(60_200, 60_300)
# Directories any user may write to, where a scenario's uid could leave files. Watched (and
# cleaned) while a run has a uid of its own; the private directory is watched in every run.
WORLD_WRITABLE = ("/tmp", "/var/tmp", "/dev/shm", "/run/lock", "/var/lock", "/dev/mqueue")
LOCK_DIRS = ("/run/starlette-2093-check", f"{tempfile.gettempdir()}/starlette-2093-check-{os.geteuid()}")
_USED = b"used by starlette-2093-check\n"
# On top of the run's own wall clock: starting, sweeping and cleaning up.
GRACE_SECONDS = 60.0


class ContainmentError(SandboxFailure):
    """The run could not be contained as required, so it did not run (or its outcome is void)."""


def watched_dirs() -> list[str]:
    """The world-writable directories of this machine that exist (and the bot's temp dir), once each."""
    seen: set[tuple[int, int]] = set()
    found: list[str] = []
    for path in (*WORLD_WRITABLE, tempfile.gettempdir()):
        try:
            st = os.stat(path)
        except OSError:
            continue
        if stat.S_ISDIR(st.st_mode) and (st.st_dev, st.st_ino) not in seen:
            seen.add((st.st_dev, st.st_ino))
            found.append(os.path.realpath(path))
    return found


def _mapped(uid: int) -> bool:
    """Whether ``uid`` exists in this user namespace (a rootless container maps only some)."""
    try:
        rows = Path("/proc/self/uid_map").read_text(encoding="ascii").split("\n")
    except OSError:
        return True
    for row in rows:
        parts = row.split()
        if len(parts) == 3 and int(parts[0]) <= uid < int(parts[0]) + int(parts[2]):
            return True
    return False


def _has_name(uid: int) -> bool:
    for lookup in (pwd.getpwuid, grp.getgrgid):
        try:
            lookup(uid)
        except KeyError:
            continue
        return True
    return False


def _lock_dir() -> Path:
    for candidate in LOCK_DIRS:
        path = Path(candidate)
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:
            pass
        except OSError:
            continue
        st = os.lstat(path)
        if stat.S_ISDIR(st.st_mode) and st.st_uid == os.geteuid() and not st.st_mode & 0o022:
            return path
    raise ContainmentError(f"no private directory for the sandbox's uid locks ({', '.join(LOCK_DIRS)})")


@dataclass
class Claim:
    """A uid held for one run (until ``release``)."""

    uid: int
    gid: int
    fd: int = field(repr=False)

    def release(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)  # closing drops the flock
            self.fd = -1


def claim_uid(pool: Sequence[int] = UIDS, watch: Sequence[str] | None = None) -> Claim:
    """A uid of ``pool`` that nothing else uses, locked for this run (see the module docstring)."""
    watch = list(watch if watch is not None else watched_dirs())
    locks = _lock_dir()
    # In a random order: containers on one host share the kernel's uids but not /proc or the lock
    # directory, so two of them would both take the first free one (and each run's end would kill
    # the other's). A random pick makes that unlikely.
    for uid in random.sample(list(pool), len(pool)):
        if not _mapped(uid) or _has_name(uid):
            continue
        fd = os.open(locks / f"uid-{uid}.lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN):
                continue  # another run holds it
            raise
        ours = os.pread(fd, len(_USED), 0) == _USED
        busy = bool(supervisor.processes_of(uid)) or supervisor.usage(watch, uid, max_files=0).files > 0
        if busy and not ours:
            os.close(fd)  # someone else's: its processes or files are not ours to remove
            continue
        if not ours:
            os.pwrite(fd, _USED, 0)
        # Leftovers of an earlier run of ours that did not end cleanly are swept by the supervisor.
        return Claim(uid=uid, gid=uid, fd=fd)
    raise ContainmentError(
        f"no free uid in {pool[0]}-{pool[-1]} for the scenario (each has an account, a process or "
        "files of its own, or is used by another run)"
    )


@contextlib.contextmanager
def claimed(pool: Sequence[int] = UIDS, needed: bool = True) -> Iterator[Claim | None]:
    """A claimed uid for the duration of the block (None when ``needed`` is false)."""
    if not needed:
        yield None
        return
    claim = claim_uid(pool)
    try:
        yield claim
    finally:
        claim.release()


@dataclass(frozen=True)
class Outcome:
    """How a supervised run ended."""

    returncode: int | None
    stdout: str
    stderr: str
    timed_out: bool
    breach: str | None  # the run broke a bound (disk, output, processes): its readings do not count
    facts: dict[str, Any]


def _supervisor(config: Mapping[str, Any], timeout: float) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, "-I", "-S", "-B", str(SUPERVISOR_PATH)],
        input=json.dumps(config).encode(),
        capture_output=True,
        timeout=timeout,
        check=False,
        env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
        cwd="/",  # not the checkout: nothing of it is near the supervisor
    )
    try:
        result = json.loads(proc.stdout)
    except ValueError:
        result = None
    if proc.returncode != 0 or not isinstance(result, dict):
        err = [ln for ln in proc.stderr.decode("utf-8", "replace").splitlines() if ln.strip()][-3:]
        raise ContainmentError(
            f"the sandbox's supervisor failed (exit code {proc.returncode}): {' | '.join(err)}"
        )
    return result


def sweep(claim: Claim, home: str, watch: Sequence[str] | None = None) -> dict[str, Any]:
    """Kill every process of the claimed uid and remove its files outside ``home`` (a separate
    process: the bot has threads, and the sweep forks)."""
    config = {
        "mode": "sweep",
        "uid": claim.uid,
        "gid": claim.gid,
        "watch": list(watch if watch is not None else watched_dirs()),
        "keep": [home],
    }
    return _supervisor(config, GRACE_SECONDS)


def supervise(
    cmd: Sequence[str],
    *,
    home: str,
    env: Mapping[str, str],
    rlimits: Mapping[str, int],
    wall: float,
    disk_bytes: int,
    disk_files: int,
    output_bytes: int,
    poll: float,
    claim: Claim | None = None,
    umask: int = 0o077,
) -> Outcome:
    """Run ``cmd`` (the harness) under the supervisor, in ``home``; as ``claim``'s uid if given.

    ``umask`` is the run's: private files by default; an install into a venv that another uid
    may run (a custom scenario's) needs files others can read.
    """
    watch = watched_dirs() if claim is not None else []
    config = {
        "mode": "run",
        "cmd": list(cmd),
        "cwd": home,
        "home": home,
        "env": dict(env),
        "rlimits": dict(rlimits),
        "wall": wall,
        "poll": poll,
        "disk_bytes": disk_bytes,
        "disk_files": disk_files,
        "output_bytes": output_bytes,
        "uid": claim.uid if claim else None,
        "gid": claim.gid if claim else None,
        "watch": watch,
        "umask": umask,
    }
    try:
        result = _supervisor(config, wall + GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        # subprocess.run has killed the supervisor; the harness had a parent-death signal, and
        # whatever else is left of the uid is swept here.
        if claim is not None:
            with contextlib.suppress(ContainmentError, OSError, subprocess.SubprocessError):
                sweep(claim, home, watch)
        raise ContainmentError(
            f"the sandbox's supervisor did not finish within {wall + GRACE_SECONDS:g} s"
        ) from None
    except ContainmentError:
        if claim is not None:
            with contextlib.suppress(ContainmentError, OSError, subprocess.SubprocessError):
                sweep(claim, home, watch)
        raise
    if "error" in result:
        raise ContainmentError(str(result["error"]))
    return Outcome(
        returncode=result.get("returncode"),
        stdout=str(result.get("stdout") or ""),
        stderr=str(result.get("stderr") or ""),
        timed_out=bool(result.get("timed_out")),
        breach=result.get("breach"),
        facts=dict(result.get("facts") or {}),
    )
