"""The supervisor of one harness run: a small trusted process between the bot and the sandbox.

Started by the bot as ``<the bot's own python> -I -S -B supervisor.py`` (never the sandbox venv's
interpreter), with its configuration as one JSON object on stdin; it prints one JSON object, the
outcome, on stdout. Standard library only: it must not import the bot or anything installed.

What it does, in order:

1. It makes itself a child subreaper (``prctl(PR_SET_CHILD_SUBREAPER)``): whatever the harness
   starts and orphans (a double fork, a ``setsid``) is re-parented to it, not to init.
2. When given a uid (the bot runs as root and the pack is a repository's), it first removes what
   that uid may have left from an earlier run that did not end cleanly (processes, files, IPC).
3. It forks the harness into a session and process group of its own, with resource limits,
   ``no_new_privs`` (a setuid binary gives nothing), a parent-death signal, and the uid if given.
4. It relays the harness's stdout and stderr (bounded), owns the wall-clock timeout, and polls the
   disk usage of the run: everything under the private directory, and, with a uid, every file
   the uid owns in the world-writable directories it was told to watch. Over the budget, the run
   is stopped.
5. When the harness has ended (or was stopped), it kills the process group, then every
   descendant still alive, and, with a uid, every process of the uid: a forked child takes the
   uid and calls ``kill(-1, SIGKILL)`` until nothing is left to signal (one such call kills
   every process of the uid at once; a fork cannot slip past it). Then it removes every file and
   SysV IPC object the uid left outside the private directory, and reports.

The "harness" may also be uv building a release that has no wheel from its sdist: the release's
code runs there too, so the build is contained the same way (with ``"umask": 18``, 0o022, so a
custom scenario's uid can read what it installs; 0o077 otherwise).

Modes: ``{"mode": "run", ...}`` (the above) and ``{"mode": "sweep", "uid", "gid", "watch",
"keep"}``: step 5 alone, for the bot to call when a supervisor itself had to be killed.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import resource
import selectors
import shutil
import signal
import stat
import sys
import time
from collections.abc import Iterable, Sequence
from typing import Any

PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36
PR_SET_NO_NEW_PRIVS = 38
IPC_RMID = 0
STDERR_KEPT = 64 * 1024

_libc: Any = None


def _prctl(option: int, value: int) -> bool:
    """``prctl(option, value)``; False where the call is unavailable or refused."""
    global _libc
    try:
        if _libc is None:
            _libc = ctypes.CDLL(None, use_errno=True)
        return int(_libc.prctl(option, value, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


# -- processes --------------------------------------------------------------------------------------


def _proc_pids() -> list[int]:
    try:
        return [int(name) for name in os.listdir("/proc") if name.isdigit()]
    except OSError:
        return []


def _stat(pid: int) -> tuple[int, str] | None:
    """(ppid, state) of ``pid`` from ``/proc/PID/stat``, or None if it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            raw = fh.read()
    except OSError:
        return None
    fields = raw[raw.rfind(b")") + 2 :].split()  # the command name may hold spaces and ')'
    return int(fields[1]), fields[0].decode()


def descendants(root: int) -> list[int]:
    """Every live (non-zombie) process below ``root``, from ``/proc``."""
    children: dict[int, list[int]] = {}
    live: set[int] = set()
    for pid in _proc_pids():
        found = _stat(pid)
        if found is None:
            continue
        ppid, state = found
        children.setdefault(ppid, []).append(pid)
        if state != "Z":
            live.add(pid)
    out: list[int] = []
    stack = list(children.get(root, []))
    while stack:
        pid = stack.pop()
        if pid in live:
            out.append(pid)
        stack.extend(children.get(pid, []))
    return out


def processes_of(uid: int) -> list[int]:
    """Every live (non-zombie) process with ``uid`` as its real, effective, saved or fs uid."""
    found: list[int] = []
    for pid in _proc_pids():
        try:
            with open(f"/proc/{pid}/status", "rb") as fh:
                lines = fh.read().splitlines()
        except OSError:
            continue
        state = uids = b""
        for line in lines:
            if line.startswith(b"State:"):
                state = line.split()[1]
            elif line.startswith(b"Uid:"):
                uids = line
        if state != b"Z" and str(uid).encode() in uids.split()[1:]:
            found.append(pid)
    return found


def reap() -> dict[int, int]:
    """Collect every child that has ended (orphans re-parented to a subreaper included)."""
    ended: dict[int, int] = {}
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return ended
        if pid == 0:
            return ended
        ended[pid] = status


def kill_descendants(me: int) -> int:
    """SIGKILL every process below ``me`` until none is left; how many were found alive."""
    seen: set[int] = set()
    for _ in range(200):
        alive = descendants(me)
        if not alive:
            break
        seen.update(alive)
        for pid in alive:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        reap()
        time.sleep(0.005)
    return len(seen)


def kill_uid(uid: int, gid: int) -> bool:
    """Kill every process of ``uid``: a child takes the uid and signals everything it may (-1).

    True once ``/proc`` shows no live process of the uid. Only root can do this.
    """
    for _ in range(100):
        pid = os.fork()
        if pid == 0:  # pragma: no cover  (the child; its exit status is all it reports)
            code = 1
            try:
                os.setgroups([])
                os.setgid(gid)
                os.setuid(uid)
                # Zombies still count as signalled, so stop after a while and let the parent reap.
                for _ in range(200):
                    os.kill(-1, signal.SIGKILL)
            except ProcessLookupError:
                code = 0
            except BaseException:
                code = 3
            os._exit(code)
        os.waitpid(pid, 0)
        reap()
        if not processes_of(uid):
            return True
        time.sleep(0.01)
    return False


def remove_ipc(uid: int) -> int:
    """Remove the SysV shared memory, message queues and semaphores ``uid`` owns or created."""
    removed = 0
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return 0
    kinds = (("shm", "shmid", "shmctl"), ("msg", "msqid", "msgctl"), ("sem", "semid", "semctl"))
    for kind, ident, call in kinds:
        try:
            with open(f"/proc/sysvipc/{kind}", encoding="ascii", errors="replace") as fh:
                header, *rows = [line.split() for line in fh if line.strip()]
        except (OSError, ValueError):
            continue
        for row in rows:
            entry = dict(zip(header, row, strict=False))
            if str(uid) in (entry.get("uid"), entry.get("cuid")):
                fn = getattr(libc, call, None)
                if fn is None:
                    continue
                key = int(entry[ident])
                args = (key, 0, IPC_RMID) if kind == "sem" else (key, IPC_RMID, None)
                if fn(*args) == 0:
                    removed += 1
    return removed


# -- disk -------------------------------------------------------------------------------------------


class Usage:
    """What ``uid`` owns under the watched directories: bytes allocated, entries, top-level paths."""

    def __init__(self) -> None:
        self.bytes = 0
        self.files = 0
        self.tops: list[str] = []


def usage(roots: Iterable[str], uid: int, max_files: int | None = None) -> Usage:
    """Walk ``roots`` (never following a symlink) for entries owned by ``uid``.

    Descends into directories the uid owns and into world-writable ones (where it may create
    entries); any other directory is someone else's and the uid cannot write in it. ``tops`` are
    the owned entries whose parent is not owned (removing them removes the rest). Stops early
    once ``max_files`` is passed: the budget is already exceeded.
    """
    found = Usage()
    seen: set[tuple[int, int]] = set()
    stack: list[tuple[str, bool]] = []
    for root in roots:
        try:
            st = os.lstat(root)
        except OSError:
            continue
        if stat.S_ISDIR(st.st_mode) and (st.st_dev, st.st_ino) not in seen:
            seen.add((st.st_dev, st.st_ino))
            stack.append((root, st.st_uid == uid))
    while stack:
        path, owned = stack.pop()
        try:
            entries = os.scandir(path)
        except OSError:
            continue
        with entries:
            for entry in entries:
                try:
                    st = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                mine = st.st_uid == uid
                if mine:
                    found.files += 1
                    found.bytes += st.st_blocks * 512
                    if not owned:
                        found.tops.append(entry.path)
                    if max_files is not None and found.files > max_files:
                        return found
                if stat.S_ISDIR(st.st_mode) and (mine or st.st_mode & 0o002):
                    key = (st.st_dev, st.st_ino)
                    if key not in seen:
                        seen.add(key)
                        stack.append((entry.path, mine))
    return found


def held(pids: Iterable[int]) -> Usage:
    """What ``pids`` hold open that no directory shows: unlinked files and memfds (``st_nlink`` 0).

    A run can write to a file, unlink it and keep it open (in ``/tmp``, ``/dev/shm``, or a memfd,
    which no limit on address space counts): the walk of the directories never sees it.
    """
    found = Usage()
    seen: set[tuple[int, int]] = set()
    for pid in pids:
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                st = os.stat(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            key = (st.st_dev, st.st_ino)
            if stat.S_ISREG(st.st_mode) and st.st_nlink == 0 and key not in seen:
                seen.add(key)
                found.files += 1
                found.bytes += st.st_blocks * 512
    return found


def remove_owned(roots: Sequence[str], uid: int, keep: Sequence[str] = ()) -> list[str]:
    """Remove every entry ``uid`` owns under ``roots`` except ``keep`` (and what is inside them).

    Only called once no process of the uid is alive, so nothing of it can race the removal;
    ``shutil.rmtree`` never follows a symlink.
    """
    kept: set[tuple[int, int]] = set()
    for path in keep:
        with contextlib.suppress(OSError):
            st = os.lstat(path)
            kept.add((st.st_dev, st.st_ino))
    removed: list[str] = []
    for top in usage(roots, uid).tops:
        try:
            st = os.lstat(top)
        except OSError:
            continue
        if st.st_uid != uid or (st.st_dev, st.st_ino) in kept:
            continue
        try:
            if stat.S_ISDIR(st.st_mode):
                shutil.rmtree(top)
            else:
                os.unlink(top)
        except OSError:
            continue
        removed.append(top)
    return removed


def sweep(uid: int, gid: int, watch: Sequence[str], keep: Sequence[str]) -> dict[str, Any]:
    """Kill every process of ``uid``, then remove its files outside ``keep`` and its IPC objects."""
    dead = kill_uid(uid, gid)
    removed = remove_owned(watch, uid, keep) if dead else []
    return {"killed": dead, "removed": removed, "ipc_removed": remove_ipc(uid) if dead else 0}


# -- the run ----------------------------------------------------------------------------------------


def _child(cfg: dict[str, Any], out_w: int, err_w: int, supervisor: int) -> None:  # pragma: no cover
    """In the forked child: become the harness. Never returns."""
    try:
        os.setsid()
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.dup2(out_w, 1)
        os.dup2(err_w, 2)
        os.closerange(3, 65536)
        for name, value in cfg["rlimits"].items():
            resource.setrlimit(getattr(resource, name), (value, value))
        os.umask(int(cfg.get("umask", 0o077)))
        _prctl(PR_SET_NO_NEW_PRIVS, 1)
        if cfg.get("uid") is not None:
            os.setgroups([])
            os.setgid(cfg["gid"])
            os.setuid(cfg["uid"])
        # Set after the uid change, which clears it: if the supervisor dies, so does the harness.
        _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != supervisor:
            os._exit(125)
        os.chdir(cfg["cwd"])
        os.execve(cfg["cmd"][0], cfg["cmd"], cfg["env"])
    except BaseException as exc:
        with contextlib.suppress(BaseException):
            os.write(2, f"the sandbox could not start the harness: {exc!r}\n".encode())
    os._exit(127)


def _mib(n: int) -> str:
    return f"{n / 1024**2:.0f} MiB"


def _shown(path: str) -> str:
    """A path the run chose, safe to put in a report: printable, escaped, and short."""
    if not path.isprintable():
        path = path.encode("unicode_escape", "backslashreplace").decode("ascii")
    return path if len(path) <= 120 else path[:117] + "..."


def run(cfg: dict[str, Any]) -> dict[str, Any]:
    """Run the harness as configured; the outcome (see the module docstring)."""
    me = os.getpid()
    uid: int | None = cfg.get("uid")
    gid: int = cfg.get("gid") or 0
    home: str = cfg["home"]
    watch: list[str] = list(cfg.get("watch") or [])
    counted_uid = uid if uid is not None else os.geteuid()
    # Without a uid of its own, the run's files cannot be told from the user's: only home counts.
    roots = [*watch, home] if uid is not None else [home]
    max_bytes, max_files = int(cfg["disk_bytes"]), int(cfg["disk_files"])
    facts: dict[str, Any] = {"session": True, "subreaper": _prctl(PR_SET_CHILD_SUBREAPER, 1), "uid": uid}
    if uid is not None:
        before = sweep(uid, gid, watch, [home])
        if not before["killed"]:
            return {"error": f"processes of uid {uid} could not be killed before the run", "facts": facts}
        if before["removed"]:
            facts["removed_before"] = len(before["removed"])
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover
        _child(cfg, out_w, err_w, me)
    os.close(out_w)
    os.close(err_w)
    started = time.monotonic()
    deadline = started + float(cfg["wall"])
    poll = float(cfg.get("poll", 0.1))
    out_cap = int(cfg["output_bytes"])
    out, err = bytearray(), bytearray()
    sel = selectors.DefaultSelector()
    for fd in (out_r, err_r):
        os.set_blocking(fd, False)
        sel.register(fd, selectors.EVENT_READ)
    pidfd: int | None = None
    with contextlib.suppress(AttributeError, OSError):
        pidfd = os.pidfd_open(pid)  # readable once the harness has ended: no polling for that
        sel.register(pidfd, selectors.EVENT_READ)

    def pump(wait: float) -> None:
        """Read what the pipes have, waiting at most ``wait`` seconds for something to happen."""
        if len(sel.get_map()) == 0:
            time.sleep(min(wait, 0.01))
            return
        for key, _ in sel.select(wait):
            if key.fd == pidfd:
                continue
            try:
                chunk = os.read(key.fd, 65536)
            except BlockingIOError:
                continue
            if not chunk:
                sel.unregister(key.fd)
            elif key.fd == out_r:
                out.extend(chunk[: max(0, out_cap + 1 - len(out))])
            else:
                err.extend(chunk)
                del err[:-STDERR_KEPT]

    peak = Usage()

    def over_budget() -> str | None:
        nonlocal peak
        used = usage(roots, counted_uid, max_files)
        hidden = held(processes_of(uid) if uid is not None else descendants(os.getpid()))
        used.bytes += hidden.bytes
        used.files += hidden.files
        if used.bytes > peak.bytes or used.files > peak.files:
            peak = used
        if used.bytes <= max_bytes and used.files <= max_files:
            return None
        inside = home.rstrip("/") + "/"
        outside = sorted(p for p in used.tops if p != home and not p.startswith(inside))
        shown = ", ".join(_shown(p) for p in outside[:3])
        where = f", outside its private directory: {shown}" if outside else ""
        if hidden.bytes:
            where += f"; {_mib(hidden.bytes)} of it in files it deleted but kept open"
        # The walk stops counting once the number of files is over: then only that is known.
        what = f"more than {max_files} files" if used.files > max_files else _mib(used.bytes)
        return (
            f"the run wrote more than the sandbox allows ({what}{where}; the limit is "
            f"{_mib(max_bytes)} in {max_files} files): it was stopped, and what it wrote was removed"
        )

    status: int | None = None
    timed_out = False
    breach: str | None = None
    left: list[int] = []
    try:
        next_poll = started
        while True:
            now = time.monotonic()
            if now >= deadline:
                timed_out = True
                break
            pump(max(0.0, min(next_poll, deadline) - now))
            ended = reap()
            if pid in ended:
                status = ended[pid]
                break
            if len(out) > out_cap:
                breach = f"the harness printed more than {_mib(out_cap)} on stdout; it was stopped"
                break
            if time.monotonic() >= next_poll:
                breach = over_budget()
                if breach:
                    break
                next_poll = time.monotonic() + poll
    finally:
        # The end of the run, however it came: nothing it started may outlive it.
        left = [p for p in descendants(me) if p != pid]
        with contextlib.suppress(OSError):
            os.killpg(pid, signal.SIGKILL)
        if uid is not None:  # first: one kill(-1) takes every process of the uid at once
            facts["uid_cleared"] = kill_uid(uid, gid)
        kill_descendants(me)
        ended = reap()
        if status is None and pid in ended:
            status = ended[pid]
        if status is None:
            with contextlib.suppress(ChildProcessError):
                status = os.waitpid(pid, 0)[1]
        if pidfd is not None:
            with contextlib.suppress(KeyError):
                sel.unregister(pidfd)
            os.close(pidfd)
            pidfd = None
        end = time.monotonic() + 2.0  # every writer is dead: the pipes are at their end
        while sel.get_map() and time.monotonic() < end:
            pump(0.05)
        sel.close()
        os.close(out_r)
        os.close(err_r)
    facts["left_running"] = len(left)
    breach = breach or over_budget()
    facts["disk"] = {"bytes": peak.bytes, "files": peak.files}
    if uid is not None:
        if facts["uid_cleared"]:
            removed = remove_owned(watch, uid, [home])
            facts["removed_after"] = len(removed)
            facts["ipc_removed"] = remove_ipc(uid)
        else:
            breach = breach or f"processes of uid {uid} survived the end of the run"
    return {
        "returncode": None if status is None else os.waitstatus_to_exitcode(status),
        "stdout": out[:out_cap].decode("utf-8", "replace"),
        "stderr": err.decode("utf-8", "replace"),
        "timed_out": timed_out,
        "breach": breach,
        "elapsed_s": round(time.monotonic() - started, 3),
        "facts": facts,
    }


def main() -> int:
    """Read the configuration on stdin, print the outcome on stdout."""
    cfg = json.loads(sys.stdin.buffer.read(1 << 20))
    if cfg.get("mode") == "sweep":
        result = sweep(int(cfg["uid"]), int(cfg["gid"]), list(cfg["watch"]), list(cfg.get("keep") or []))
    else:
        result = run(cfg)
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
