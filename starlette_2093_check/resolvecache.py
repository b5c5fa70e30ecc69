"""uv's resolutions, asked once: shared by the callers of one run, and kept on disk for the day.

``Answers`` is one run's memo. Callers asking for the same key at the same time (roots resolved
in parallel, identical manifests) wait for the first one's uv call rather than start their own.

``ResolveCache`` keeps answers between runs under ``cache_dir/resolve/<YYYY-MM-DD>/<key>.json``.
An answer depends on everything uv is given, which is in the key, and on what the indexes hold,
which changes when a release is published. The day bounds that: an entry is read only on the day
it was written, and opening the cache removes other days' directories. A release published today
shows tomorrow, or with ``--refresh``, which skips reading the cache but still writes to it.

The key is an HMAC-SHA256 over the day and every input of the call. The HMAC key is a random salt
(``resolve/salt``, mode 0600). The inputs include the index URLs and uv's environment, which may
hold credentials: they are never stored in clear, and without the salt they cannot be guessed
from a file name. A checkout chooses keys, never values: a value is uv's own answer for exactly
that input. A value is uv's output, or its error when the requirements have no solution. The
caller never stores an error that may not hold on the next call (an index that could not be
reached or refused, a spent time budget). An entry that does not parse, does not carry its own
key and MAC, or is larger than ``MAX_ENTRY`` is a miss, and is removed.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import hmac
import json
import os
import re
import secrets
import shutil
import tempfile
import threading
from collections.abc import Callable, Hashable, Mapping
from pathlib import Path

from starlette_2093_check import __version__
from starlette_2093_check.atomic import replace_file
from starlette_2093_check.budget import TimeBudgetSpent
from starlette_2093_check.stages import ResolutionError

SCHEMA = 1
MAX_ENTRY = 4 * 1024 * 1024  # bytes: a hostile manifest must not fill the disk through us
_SALT_BYTES = 32
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

Answer = str | ResolutionError
Keep = Callable[[BaseException], bool]  # which errors are kept as answers


class _Pending:
    """One uv call in flight: its askers wait on ``done``."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.value: str | None = None
        self.error: BaseException | None = None

    def result(self) -> str:
        self.done.wait()
        if self.error is not None:
            raise self.error
        assert self.value is not None
        return self.value


class Answers:
    """uv's answers during one run, by everything that decides them (thread-safe).

    The first caller of a key computes it; callers arriving meanwhile wait for its result. Answers
    are kept, and so are the errors ``keep`` accepts (a set without a solution stays without one).
    Other errors are raised to the callers who waited and forgotten, so the next caller asks again.
    A waiter whose computing caller ran out of time (``TimeBudgetSpent``, a budget of that caller's)
    computes the answer itself, within its own budget.
    """

    def __init__(self, limit: int = 4096) -> None:
        self._lock = threading.Lock()
        self._known: dict[Hashable, _Pending] = {}
        self._limit = limit  # an organisation scan resolves for hours: past it, start afresh

    def get(self, key: Hashable, compute: Callable[[], str], keep: Keep) -> str:
        """The answer for ``key``: known, awaited, or ``compute()``'s."""
        while True:
            with self._lock:
                pending = self._known.get(key)
                mine = pending is None
                if pending is None:
                    if len(self._known) >= self._limit:
                        self._known.clear()
                    pending = self._known[key] = _Pending()
            if mine:
                return self._compute(key, pending, compute, keep)
            try:
                return pending.result()
            except TimeBudgetSpent:
                continue  # the computing caller's budget, not necessarily ours: try again

    def _compute(self, key: Hashable, pending: _Pending, compute: Callable[[], str], keep: Keep) -> str:
        try:
            pending.value = compute()
        except BaseException as exc:
            pending.error = exc
            if not keep(exc):
                with self._lock:
                    if self._known.get(key) is pending:
                        del self._known[key]
            raise
        finally:
            pending.done.set()
        return pending.value


def uv_identity(path: str) -> str | None:
    """Which uv binary ``path`` is, from ``stat`` alone (no process): None when it cannot be read."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return f"{os.path.realpath(path)}:{found.st_size}:{found.st_mtime_ns}"


class ResolveCache:
    """uv's answers kept on disk for the day (see the module's description).

    ``read`` False (``--refresh``) skips reading: every call runs uv, and its answer is stored.
    ``today`` gives the day the entries belong to. Nothing here raises: a cache that cannot be
    read or written is a cache that misses.
    """

    def __init__(
        self, directory: Path, *, read: bool = True, today: Callable[[], datetime.date] = datetime.date.today
    ) -> None:
        self.directory = directory
        self.read = read
        self.today = today
        self._salt: bytes | None = None
        self._lock = threading.Lock()

    def prune(self) -> None:
        """Remove the directories of other days (best effort)."""
        today = self.today().isoformat()
        try:
            children = list(self.directory.iterdir())
        except OSError:
            return
        for child in children:
            if _DAY.fullmatch(child.name) and child.name != today and child.is_dir():
                shutil.rmtree(child, ignore_errors=True)

    def slot(self, inputs: Mapping[str, object]) -> Path | None:
        """Where today's answer for ``inputs`` (JSON values: strings, lists, None) is kept; None
        when the cache cannot be used."""
        salt = self._load_salt()
        if salt is None:
            return None
        day = self.today().isoformat()
        text = json.dumps([SCHEMA, __version__, day, inputs], sort_keys=True, separators=(",", ":"))
        key = hmac.new(salt, text.encode(), hashlib.sha256).hexdigest()
        return self.directory / day / f"{key}.json"

    def get(self, slot: Path) -> Answer | None:
        """The answer kept at ``slot``, or None (also when reading is off)."""
        if not self.read:
            return None
        try:
            with slot.open("rb") as stream:
                data = stream.read(MAX_ENTRY + 1)
        except OSError:
            return None
        answer = self._decode(slot, data)
        if answer is None:
            with contextlib.suppress(OSError):
                slot.unlink(missing_ok=True)
        return answer

    def put(self, slot: Path, answer: Answer) -> None:
        """Keep ``answer`` at ``slot`` (atomically; not when larger than ``MAX_ENTRY``)."""
        salt = self._load_salt()
        if salt is None:
            return
        if isinstance(answer, ResolutionError):
            body = {"kind": "unsatisfiable", "message": str(answer), "detail": answer.detail}
        else:
            body = {"kind": "output", "output": answer}
        entry = {"key": slot.stem, **body, "mac": _mac(salt, slot.stem, body)}
        data = json.dumps(entry).encode()
        if len(data) > MAX_ENTRY:
            return
        with contextlib.suppress(OSError):  # a cache that cannot be written is only slower
            slot.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            replace_file(slot, data)

    def _decode(self, slot: Path, data: bytes) -> Answer | None:
        salt = self._load_salt()
        if salt is None or len(data) > MAX_ENTRY:
            return None
        try:
            entry = json.loads(data)
        except ValueError:
            return None
        if not isinstance(entry, dict) or entry.get("key") != slot.stem:
            return None
        body = {k: v for k, v in entry.items() if k not in ("key", "mac")}
        mac = entry.get("mac")
        if not isinstance(mac, str) or not hmac.compare_digest(mac, _mac(salt, slot.stem, body)):
            return None
        output = body.get("output")
        if body.get("kind") == "output" and isinstance(output, str):
            return output
        message, detail = body.get("message"), body.get("detail")
        if body.get("kind") == "unsatisfiable" and isinstance(message, str) and isinstance(detail, str):
            return ResolutionError(message, detail)
        return None

    def _load_salt(self) -> bytes | None:
        with self._lock:
            if self._salt is None:
                self._salt = _salt(self.directory / "salt")
            return self._salt or None


def _mac(salt: bytes, key: str, body: Mapping[str, object]) -> str:
    text = json.dumps([key, body], sort_keys=True, separators=(",", ":"))
    return hmac.new(salt, text.encode(), hashlib.sha256).hexdigest()


def _salt(path: Path) -> bytes:
    """The cache's salt, created (mode 0600, atomically) when missing or malformed; ``b""`` when
    neither reading nor creating it worked."""
    try:
        found = path.read_bytes()
        if len(found) == _SALT_BYTES:
            return found
    except FileNotFoundError:
        pass
    except OSError:
        return b""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".salt-")  # mode 0600
        try:
            with os.fdopen(fd, "wb") as stream:
                stream.write(secrets.token_bytes(_SALT_BYTES))
            try:
                os.link(temporary, path)  # never replaces a salt another run created meanwhile
            except FileExistsError:
                if len(path.read_bytes()) != _SALT_BYTES:  # the malformed one: replace it
                    os.replace(temporary, path)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        found = path.read_bytes()
    except OSError:
        return b""
    return found if len(found) == _SALT_BYTES else b""


def open_cache(
    directory: Path, *, refresh: bool = False, today: Callable[[], datetime.date] = datetime.date.today
) -> ResolveCache:
    """The cache under ``directory`` (``cache_dir/resolve``), other days' entries removed;
    ``refresh`` skips reading it."""
    cache = ResolveCache(directory, read=not refresh, today=today)
    cache.prune()
    return cache
