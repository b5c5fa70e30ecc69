"""Which package indexes a resolver run contacts, and with which credentials.

Indexes come from two places of different trust:

- the workflow (the ``index-url`` input, the ``index-env`` and ``index-hosts`` inputs and the
  variables the step sets): trusted;
- the scanned repository (``--extra-index-url`` lines, Pipfile/Poetry/uv/PDM/pylock sources):
  untrusted. A pull request can write any URL there.

So a repository may never choose a host that receives a secret. Its ``${VAR}`` references are
filled in only from variables the workflow lists in ``index-env`` (never ``GITHUB_*``, ``ACTIONS_*``,
``INPUT_*``, ``RUNNER_*`` or the token's value), only in the user, password, path or query part,
and only for a host the workflow lists in ``index-hosts`` (or the host of ``index-url``). The same
holds for the credentials of a named source (``UV_INDEX_<NAME>_*``). When the checkout is
untrusted (a pull request, another repository of an organisation scan), a declared index whose
host is not listed is not contacted at all.
"""

from __future__ import annotations

import fnmatch
import re
import urllib.parse
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from starlette_2093_check.errors import UsageError
from starlette_2093_check.model import IndexSource, ScanError
from starlette_2093_check.urls import ENV_REF, hide_userinfo, redact, without_userinfo

# Variables a repository's URL may never name, whatever the workflow lists: GitHub's own (the
# token, the runtime token for caches and artifacts, the inputs that carry secrets, the runner's).
FORBIDDEN_PREFIXES = ("GITHUB_", "ACTIONS_", "INPUT_", "RUNNER_")
_NAME_PATTERN = re.compile(r"[A-Za-z_*?][A-Za-z0-9_*?]*")
# What a declared index URL may look like: printable ASCII without backslashes or spaces, and an
# authority of an optional user[:password] (no '@', '/', '\\'), a host name or [IPv6], a port.
_PLAIN_URL = re.compile(r"[!-\[\]-~]+")
_NETLOC = re.compile(
    r"(?:[A-Za-z0-9._~%!$&'()*+,;=:{}-]*@)?(?:[A-Za-z0-9._${}-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?"
)
_SECRETISH = re.compile(r"TOKEN|SECRET|PASSWORD|KEY", re.IGNORECASE)
_HOST = re.compile(r"(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::\d{1,5})?")


class IndexPolicyError(UsageError, ValueError):
    """A bad ``index-env`` or ``index-hosts`` value; the message says which and why."""


def forbidden(name: str) -> bool:
    return name.upper().startswith(FORBIDDEN_PREFIXES)


def parse_names(values: Iterable[str]) -> tuple[str, ...]:
    """Variable names or glob patterns (``CORP_*``) from ``index-env``: comma, space or line separated.

    A name under a forbidden prefix is refused outright; a pattern may match such names, but they
    are never taken (``allowed_variables``).
    """
    names: list[str] = []
    for value in values:
        for name in value.replace(",", " ").split():
            if not _NAME_PATTERN.fullmatch(name):
                raise IndexPolicyError(f"index-env: {name!r} is not a variable name or a NAME_* pattern")
            if forbidden(name) and not any(c in name for c in "*?"):
                raise IndexPolicyError(
                    f"index-env: {name} can never be used in a repository's index URL "
                    f"(names starting with {', '.join(FORBIDDEN_PREFIXES)} are GitHub's)"
                )
            names.append(name)
    return tuple(dict.fromkeys(names))


def parse_hosts(values: Iterable[str]) -> tuple[str, ...]:
    """Host names (``pypi.corp.example`` or ``host:port``) from ``index-hosts``."""
    hosts: list[str] = []
    for value in values:
        for host in value.replace(",", " ").split():
            if "://" in host or "/" in host or "@" in host or not _HOST.fullmatch(host):
                raise IndexPolicyError(
                    f"index-hosts: {host!r} is not a host name (write it without scheme or path)"
                )
            hosts.append(host.lower())
    return tuple(dict.fromkeys(hosts))


def allowed_variables(
    patterns: Sequence[str], environ: Mapping[str, str], protected: Iterable[str] = ()
) -> tuple[dict[str, str], list[str]]:
    """The variables of ``environ`` that ``patterns`` allow, and why some matching ones were refused.

    Never a forbidden name, never one whose value is a protected value (the token), never empty.
    """
    secrets = {v for v in protected if v} | {
        v for k, v in environ.items() if forbidden(k) and _SECRETISH.search(k) and len(v) >= 8
    }
    taken: dict[str, str] = {}
    refused: list[str] = []
    for name, value in environ.items():
        if not any(fnmatch.fnmatchcase(name, p) for p in patterns) or not value:
            continue
        if forbidden(name):
            continue  # only reachable through a pattern: silently out of reach
        if value in secrets:
            refused.append(f"{name} holds the workflow's token and is never filled into an index URL")
            continue
        taken[name] = value
    return taken, refused


def host_of(url: str) -> tuple[str, int | None] | None:
    """(host, port) of ``url`` as written, before any variable is filled in; None if there is none."""
    try:
        parts = urllib.parse.urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        return None
    return (host.lower(), port) if host else None


def host_allowed(url: str, hosts: Iterable[str]) -> bool:
    """Whether ``url``'s host is one of ``hosts`` (a bare host allows every port)."""
    found = host_of(url)
    if found is None:
        return False
    host, port = found
    return any(h == host or (port is not None and h == f"{host}:{port}") for h in hosts)


@dataclass(frozen=True)
class IndexPolicy:
    """What the workflow allows a repository's declared indexes to use."""

    variables: Mapping[str, str]  # allowed variable → value: the only values filled into URLs
    hosts: frozenset[str]  # hosts that may receive credentials (and, untrusted, the only ones asked)
    untrusted: bool = False  # a pull request's checkout: unlisted declared hosts are not contacted
    # For messages only: the names or patterns the workflow listed, and the variables that are set.
    listed: tuple[str, ...] = ()
    present: frozenset[str] = frozenset()


@dataclass(frozen=True)
class IndexPlan:
    """The indexes one resolver run uses, ready for uv's environment."""

    primary: str | None
    extra: tuple[str, ...]
    secrets: tuple[str, ...]  # credential values placed in the URLs: scrubbed from any message
    shown: tuple[str, ...]  # the declared indexes, without credentials, for the report
    errors: tuple[ScanError, ...]


def _named_credentials(source: IndexSource, variables: Mapping[str, str]) -> tuple[str, str] | None:
    """User and password for a named index from uv's or Poetry's variables (allowed ones only)."""
    if not source.name:
        return None
    key = re.sub(r"[^A-Z0-9]", "_", source.name.upper())
    for prefix in (f"UV_INDEX_{key}_", f"POETRY_HTTP_BASIC_{key}_"):
        user, password = variables.get(prefix + "USERNAME"), variables.get(prefix + "PASSWORD")
        if user or password:
            return user or "", password or ""
    return None


def default_index_url() -> str:
    """The index the installers use when told of no other (pip's, which uv shares): never
    spelled out here, so it follows the tools."""
    try:
        from pip._internal.models.index import PyPI
    except ImportError:  # no pip beside us: no index is taken for the default
        return ""
    return str(PyPI.simple_url)


def _plain_default(url: str) -> bool:
    """Whether ``url`` is the installers' default index, with no variable and no credentials in
    it: declaring it (as nearly every Pipfile does) chooses no host the resolver would not contact
    anyway, so an untrusted checkout may name it."""
    default = default_index_url().rstrip("/").lower()
    if not default or ENV_REF.search(url) or "@" in urllib.parse.urlsplit(url).netloc:
        return False
    return url.rstrip("/").lower() == default


def _refusal(source: IndexSource, policy: IndexPolicy) -> str | None:
    """Why the declared ``source`` may not be used as written, or None."""
    url = source.url
    shown = without_userinfo(url) if "@" in url else url
    parts = urllib.parse.urlsplit(url)
    local = parts.scheme == "file" and not parts.netloc
    if not _PLAIN_URL.fullmatch(url) or not (local or _NETLOC.fullmatch(parts.netloc)):
        # Python and uv must agree on the host: "http://evil\\@allowed/" is allowed's to Python and
        # evil's to a WHATWG parser. Backslashes, spaces, controls and odd userinfo are refused.
        return f"index {redact(url)!r} skipped: it is not a plain URL whose host is certain"
    if "$" in parts.netloc.rpartition("@")[2]:
        return f"index {shown} skipped: a variable in the host part could send its value anywhere"
    listed = host_allowed(url, policy.hosts)
    where = host_of(url)
    host = where[0] if where else parts.scheme + ":"
    if policy.untrusted and not listed and not _plain_default(url):
        return (
            f"index {shown} not contacted: the checkout is untrusted (a pull request's) and "
            f"{host} is not in `index-hosts` (--index-host)"
        )
    names = sorted(set(ENV_REF.findall(url)))
    barred = [n for n in names if forbidden(n)]
    if barred:
        return f"index {shown} skipped: {', '.join(barred)} can never be used in a repository's index URL"
    missing = [n for n in names if n not in policy.variables]
    if not names or (listed and not missing):
        return None
    # Say everything that is missing at once: the host, the listing, the value.
    needs = [] if listed else [f"{host} is not in `index-hosts` (--index-host)"]
    unlisted = [n for n in missing if not any(fnmatch.fnmatchcase(n, p) for p in policy.listed)]
    unset = [n for n in missing if n not in policy.present]
    if unlisted:
        needs.append(f"`index-env` (--index-env) does not list {', '.join(unlisted)}")
    if unset:
        needs.append(f"{', '.join(unset)} {'is' if len(unset) == 1 else 'are'} not set in the environment")
    return (
        f"index {shown} skipped: it names {', '.join(names)}, whose values are only filled in for a "
        f"listed host from listed, set variables: {'; '.join(needs)}"
    )


def plan(declared: Sequence[IndexSource], index_url: str | None, policy: IndexPolicy) -> IndexPlan:
    """Combine the ``index-url`` input with the indexes the repository declares, under ``policy``.

    The input, when given, is the primary index: it replaces uv's default and any index the
    repository marks as primary (a Pipfile or Poetry file that names the public index must not send
    an air-gapped runner there). Without the input, the first declared primary index that may be
    used is the primary one. Every other declared index is an extra one. An index that may not be
    used (see the module docstring) is skipped with an error at its file and line.
    """
    urls: list[tuple[str, bool]] = []
    secrets: list[str] = []
    shown: list[str] = []
    errors: list[ScanError] = []
    for source in declared:
        if source.primary and index_url:
            continue  # the input replaces the repository's primary index
        why = _refusal(source, policy)
        if why is not None:
            errors.append(ScanError(source.location.file, why, source.location.line))
            continue
        used = [policy.variables[name] for name in ENV_REF.findall(source.url)]
        url = ENV_REF.sub(lambda m: policy.variables[m.group(1)], source.url)
        named = _named_credentials(source, policy.variables) if host_allowed(url, policy.hosts) else None
        parts = urllib.parse.urlsplit(url)
        if named and "@" not in parts.netloc:
            user, password = named
            userinfo = urllib.parse.quote(user, safe="") + ":" + urllib.parse.quote(password, safe="")
            url = urllib.parse.urlunsplit(parts._replace(netloc=f"{userinfo}@{parts.netloc}"))
            used += [v for v in named if v]
        secrets += [v for v in used if v]
        if all(u != url for u, _ in urls):
            urls.append((url, source.primary))
            shown.append(f"{without_userinfo(source.url)} ({source.location})")
    primary = index_url or next((u for u, p in urls if p), None)
    extra = tuple(u for u, _ in urls if u != primary)
    return IndexPlan(primary, extra, tuple(secrets), tuple(shown), tuple(errors))


def scrub(message: str, secrets: Iterable[str]) -> str:
    """``message`` with every credential value (and its URL-quoted form) replaced by ``***``."""
    for secret in sorted(set(secrets), key=len, reverse=True):
        if len(secret) >= 3:
            message = message.replace(secret, "***").replace(urllib.parse.quote(secret, safe=""), "***")
    return hide_userinfo(message)
