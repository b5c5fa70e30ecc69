"""Known advisories for exact (name, version) pairs, looked up through pip-audit's OSV service.

pip-audit does the talking and the parsing (its ``OsvService``) and folds the several records one
vulnerability has under different ids into one result (its ``Auditor``). This module adds what a
scan needs around that: parallel queries, one query per pair for the ``Auditor``'s lifetime,
failure as data, and one wait per run for a service that does not answer at all. A pair that could
not be audited is named in ``Audit.error``; it is never reported as clear.

``requests`` and pip-audit are imported on first use: pip-audit's import runs ``python -m pip
--version`` (its dependency pip_api does, at import), about 0.2 s a scan with the audit off
should not pay.
"""

from __future__ import annotations

import math
import queue
import re
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from starlette_2093_check.advisorycache import AdvisoryCache
from starlette_2093_check.model import Advisory, Audit
from starlette_2093_check.urls import without_userinfo

if TYPE_CHECKING:
    import requests

_LISTED = 5  # packages named in an error before "and N more"
_ERRNO = re.compile(r"\[Errno -?\d+\] ([^'\")\]]+)")


@dataclass(frozen=True)
class AuditConfig:
    service_url: str | None = None  # OSV-compatible query endpoint (POST JSON); None: pip-audit's default
    cache_dir: Path | None = None  # pip-audit's HTTP cache directory (None: pip-audit's own default)
    answers_dir: Path | None = (
        None  # today's answers, kept between runs (``starlette_2093_check.advisorycache``)
    )
    refresh: bool = False  # ask again instead of reading today's answers (still kept)
    timeout: float = 15.0
    workers: int = 8


@dataclass(frozen=True)
class _Answer:
    advisories: tuple[Advisory, ...] = ()
    error: str | None = None  # why the pair could not be audited


class _MalformedAnswer(Exception):
    """A 2xx answer that is not an OSV query result (pip-audit would read ``[]`` or ``null`` as clear)."""


def _check_answer(response: requests.Response, *args: Any, **kwargs: Any) -> None:
    """Session response hook: refuse a successful answer that is not a JSON object with a list of vulns."""
    if not response.ok:
        return
    try:
        body = response.json()
    except ValueError as exc:
        raise _MalformedAnswer("not JSON") from exc
    if not isinstance(body, dict) or not isinstance(body.get("vulns", []), list):
        raise _MalformedAnswer("not an OSV query result")


def _pip_audit() -> tuple[Any, Any]:
    """pip-audit's auditor and service modules, imported on first use.

    Importing them costs about 0.2 s; a scan with the audit off, or the republishing of an earlier
    report, should not pay that at start-up, and a scan pays it in the audit's thread. Importing
    only ``pip_audit._service.osv`` would not help: it imports ``pip_audit._cache``, which
    imports pip_api.
    """
    import pip_audit._audit as audit  # type: ignore[import-untyped]
    import pip_audit._service as service  # type: ignore[import-untyped]

    return audit, service


class _OneDependency:
    """The one-dependency source pip-audit's ``Auditor`` reads (it only calls ``collect``)."""

    def __init__(self, dependency: Any) -> None:
        self._dependency = dependency

    def collect(self) -> Iterator[Any]:
        yield self._dependency


class Auditor:
    """Asks the vulnerability service about (name, version) pairs, each pair once per lifetime."""

    def __init__(self, config: AuditConfig) -> None:
        self.config = config
        self.url = without_userinfo(config.service_url) if config.service_url else None
        # pip-audit types its timeout as whole seconds; it is both the connect and the read timeout.
        self._timeout = max(1, math.ceil(config.timeout))
        self._lock = threading.Lock()
        self._memo: dict[tuple[str, str], Future[_Answer]] = {}
        # Services (each with its own requests session) are handed to one thread at a time.
        self._idle: queue.SimpleQueue[Any] = queue.SimpleQueue()
        # The first reason the service gave no answer at all, once it has not (see _no_answer):
        # the pairs not asked yet carry this exact reason, so one outage reads as one reason
        # whatever order the parallel lookups ran in, and the run waits on it once.
        self._down: str | None = None
        self._answered = False  # the service has answered a query successfully in this run
        self._kept = (
            AdvisoryCache(config.answers_dir, config.service_url, refresh=config.refresh)
            if config.answers_dir is not None
            else None
        )

    def audit(self, packages: Iterable[tuple[str, str]]) -> Audit:
        """Query every (name, version) pair (names canonicalised, duplicates once), in parallel threads.

        Thread-safe. An answer is kept for the ``Auditor``'s lifetime, so a pair is asked once per
        scan; a pair whose query failed is asked again by the next call, unless the service gave
        no answer at all earlier (refused, unreachable, or silent before it ever answered): then
        no pair is asked again and each fails with that first reason. Advisories are sorted by
        (package, id); ``audited`` lists the pairs the service answered. Never raises for a
        service failure: the pairs that could not be audited, and why, are in ``Audit.error``.
        """
        wanted: dict[tuple[str, str], None] = {}
        for name, version in packages:
            wanted[(canonicalize_name(name), version.strip())] = None
        invalid: list[tuple[str, str]] = []
        versions: dict[tuple[str, str], Version] = {}
        for key in wanted:
            try:
                versions[key] = Version(key[1])
            except InvalidVersion:
                invalid.append(key)

        futures: dict[tuple[str, str], Future[_Answer]] = {}
        todo: list[tuple[tuple[str, str], Future[_Answer]]] = []
        with self._lock:
            for key in versions:
                future = self._memo.get(key)
                if future is None or (future.done() and future.result().error is not None):
                    future = Future()
                    self._memo[key] = future
                    if self._down is not None:  # not asked: today's answer, else the outage
                        future.set_result(self._recall(key) or _Answer(error=self._down))
                    else:
                        todo.append((key, future))
                futures[key] = future
        if todo:
            workers = max(1, min(self.config.workers, len(todo)))
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="audit") as pool:
                for key, future in todo:
                    pool.submit(self._fill, future, key, versions[key])
        answers = {key: future.result() for key, future in futures.items()}

        advisories = sorted(
            (a for answer in answers.values() for a in answer.advisories),
            key=lambda a: (a.package, a.id, Version(a.version)),
        )
        audited = sorted(key for key, answer in answers.items() if answer.error is None)
        failed: dict[str, list[tuple[str, str]]] = {}
        for key in invalid:
            failed.setdefault("not a valid PEP 440 version", []).append(key)
        for key, answer in answers.items():
            if answer.error is not None:
                failed.setdefault(answer.error, []).append(key)
        error = _error_sentence(failed, len(wanted)) if failed else None
        return Audit(advisories=tuple(advisories), audited=tuple(audited), error=error)

    # ------------------------------------------------------------------ one pair
    def _fill(self, future: Future[_Answer], key: tuple[str, str], version: Version) -> None:
        try:
            future.set_result(self._ask(key, version))
        except Exception as exc:  # the future must always be resolved, or waiters hang
            future.set_result(_Answer(error=f"the audit failed unexpectedly ({type(exc).__name__})"))

    def _ask(self, key: tuple[str, str], version: Version) -> _Answer:
        """pip-audit's answer for one pair; ``key`` is (canonical name, version as the caller wrote it)."""
        name, written = key
        kept = self._recall(key)
        if kept is not None:
            return kept
        with self._lock:
            if self._down is not None:  # queued before the outage showed: not asked
                return _Answer(error=self._down)
        service = self._service()
        audit, services = _pip_audit()
        try:
            dependency = services.ResolvedDependency(name=name, version=version)
            results: list[Any] = []
            for _dependency, vulns in audit.Auditor(service).audit(_OneDependency(dependency)):
                results.extend(vulns)
        except Exception as exc:  # any failure of the service is data, not a crash
            reason = self._reason(exc)
            with self._lock:
                if self._down is None and _no_answer(_unwrapped(exc), answered=self._answered):
                    self._down = reason
            return _Answer(error=reason)
        finally:
            self._idle.put(service)
        with self._lock:
            self._answered = True
        answer = _Answer(
            advisories=tuple(
                Advisory(
                    id=str(result.id),
                    package=name,
                    version=written,
                    fix_versions=tuple(str(v) for v in sorted(result.fix_versions)),
                    aliases=tuple(sorted(str(a) for a in result.aliases)),
                    summary=str(result.description),
                )
                for result in results
            )
        )
        if self._kept is not None:
            self._kept.put(name, written, answer.advisories)
        return answer

    def _recall(self, key: tuple[str, str]) -> _Answer | None:
        """Today's answer for the pair, kept by an earlier run (None: ask the service)."""
        if self._kept is None:
            return None
        advisories = self._kept.get(*key)
        return None if advisories is None else _Answer(advisories=advisories)

    def _service(self) -> Any:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        kwargs: dict[str, Any] = {"cache_dir": self.config.cache_dir, "timeout": self._timeout}
        if self.config.service_url is not None:
            kwargs["osv_url"] = self.config.service_url
        service = _pip_audit()[1].OsvService(**kwargs)
        service.session.hooks["response"].append(_check_answer)
        return service

    def _reason(self, exc: Exception) -> str:
        """Why a query failed, in words that name the service (without credentials)."""
        service = (
            f"the vulnerability service at {self.url}"
            if self.url
            else "pip-audit's default vulnerability service (OSV; set --vulnerability-url for a mirror)"
        )
        import requests

        inner = _unwrapped(exc)
        if isinstance(inner, requests.HTTPError) and inner.response is not None:
            return f"{service} answered HTTP {inner.response.status_code}"
        if isinstance(inner, requests.ConnectTimeout):
            return f"{service} could not be reached within {self._timeout} s"
        if isinstance(inner, requests.Timeout) or _read_timed_out(inner):
            return f"{service} did not answer within {self._timeout} s"
        if isinstance(inner, requests.ConnectionError):
            detail = _ERRNO.search(str(inner))
            return f"{service} could not be reached" + (f" ({detail.group(1).lower()})" if detail else "")
        bad_url = (
            requests.exceptions.InvalidURL,
            requests.exceptions.InvalidSchema,
            requests.exceptions.MissingSchema,
        )
        if isinstance(inner, bad_url):  # these are ValueErrors too: test them before "malformed"
            return f"{self.url or 'the default URL'} is not a usable URL for the vulnerability service"
        if isinstance(inner, (_MalformedAnswer, ValueError, KeyError, TypeError, AttributeError)):
            return f"{service} sent an answer that is not an OSV query result"
        return f"{service} could not be queried ({type(inner).__name__})"


def _unwrapped(exc: Exception) -> BaseException:
    """The requests error under ``exc``: pip-audit wraps some in its own ServiceError (as cause or
    as context)."""
    wrapped = exc.__cause__ or exc.__context__
    if isinstance(exc, _pip_audit()[1].ServiceError) and wrapped is not None:
        return wrapped
    return exc


def _read_timed_out(inner: BaseException) -> bool:
    """A read timeout that requests reports as a ConnectionError: the headers came, the body stalled."""
    import requests
    import urllib3

    return isinstance(inner, requests.ConnectionError) and any(
        isinstance(arg, urllib3.exceptions.ReadTimeoutError) for arg in inner.args
    )


def _no_answer(inner: BaseException, *, answered: bool) -> bool:
    """Whether the failure means the service is not there at all, so the run stops asking it.

    A refused or failed connection, or a connect timeout, does. A read timeout does only if the
    service has not answered yet in this run: after that it is one slow answer. An HTTP error or a
    malformed answer is an answer, and never does.
    """
    import requests

    if isinstance(inner, requests.ReadTimeout) or _read_timed_out(inner):
        return not answered
    return isinstance(inner, requests.ConnectionError)  # ConnectTimeout is one too


def _error_sentence(failed: dict[str, list[tuple[str, str]]], total: int) -> str:
    """One sentence: how many pairs could not be audited, which, and why."""
    count = sum(len(keys) for keys in failed.values())
    noun = "package" if total == 1 else "packages"
    head = f"could not audit {count} of {total} {noun}"
    if len(failed) == 1:
        [(reason, keys)] = failed.items()
        return f"{head} ({_pairs(keys)}): {reason}"
    return head + ": " + "; ".join(f"{_pairs(keys)}: {reason}" for reason, keys in failed.items())


def _pairs(keys: list[tuple[str, str]]) -> str:
    names = [f"{name} {version}" for name, version in sorted(keys)]
    if len(names) > _LISTED:
        names = [*names[:_LISTED], f"and {len(names) - _LISTED} more"]
    return ", ".join(names)


def clearing_floor(advisories: Iterable[Advisory]) -> str | None:
    """The lowest version at or above every advisory's lowest fix version, or None.

    For each advisory the fix considered is its lowest fix version above the audited version
    (a fix on an older release line does not help an upgrade). None when any advisory has no
    such fix version, and None when there are no advisories (nothing to clear).
    """
    floor: Version | None = None
    text: str | None = None
    for advisory in advisories:
        audited = Version(advisory.version)
        fixes = sorted(v for v in (Version(f) for f in advisory.fix_versions) if v > audited)
        if not fixes:
            return None
        if floor is None or fixes[0] > floor:
            floor = fixes[0]
            text = next(f for f in advisory.fix_versions if Version(f) == floor)
    return text
