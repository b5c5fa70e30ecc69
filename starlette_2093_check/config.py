"""Action mode's configuration, read from the environment GitHub gives a Docker action.

Inputs arrive as ``INPUT_<NAME>`` with the name upper-cased and hyphens kept
(``fail-on`` → ``INPUT_FAIL-ON``). Both that spelling and the underscore one are read, so the
container also runs under tools that cannot pass hyphenated variable names.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from starlette_2093_check.budget import DEFAULT_ROOT_SECONDS, DEFAULT_RUN_SECONDS, parse_seconds
from starlette_2093_check.errors import UsageError
from starlette_2093_check.layout import DEFAULT_LAYOUT, Layout, LayoutError, split_patterns
from starlette_2093_check.policy.model import Paths, Policy

COMMENT_MODES = ("reproduced", "always", "never")
AUDIT_SCOPES = ("starlette", "all", "off")
SWITCH = ("true", "false")
# "introduced": only what a pull request makes worse (``compare.worse_roots``; elsewhere "reproduced").
FAIL_ON = ("reproduced", "introduced", "inconclusive", "never")
DEFAULT_LABEL = "starlette-2093"
MAX_ID = 100  # characters of the `id` input
# Events whose checkout is the repository's own branch, written by people with push access. On
# every other event (pull requests, merge queues, anything new) the checkout is untrusted.
TRUSTED_EVENTS = ("push", "schedule", "workflow_dispatch", "release")


class ConfigError(UsageError, ValueError):
    """A bad input or a missing part of the GitHub environment; the message says which."""


def read_input(environ: Mapping[str, str], name: str, default: str = "") -> str:
    for key in (f"INPUT_{name.upper()}", f"INPUT_{name.upper().replace('-', '_')}"):
        value = environ.get(key)
        if value is not None and value.strip():
            return value.strip()
    return default


def _choice(environ: Mapping[str, str], name: str, default: str, allowed: tuple[str, ...]) -> str:
    value = read_input(environ, name, default).lower()
    if value not in allowed:
        raise ConfigError(f"input `{name}` must be one of {', '.join(allowed)}, not {value!r}")
    return value


def _relative(environ: Mapping[str, str], name: str) -> str | None:
    """A path input, which must stay inside the workspace."""
    value = read_input(environ, name)
    if not value:
        return None
    path = PurePosixPath(value)
    if path.is_absolute() or ".." in path.parts:
        raise ConfigError(f"input `{name}` must be a path inside the workspace, not {value!r}")
    return str(path)


def _relative_paths(value: str, name: str) -> tuple[str, ...]:
    """The input ``name``'s ``value``: paths inside the workspace, one per line or separated by commas."""
    values = [v.strip() for v in value.replace(",", "\n").splitlines() if v.strip()]
    for value in values:
        path = PurePosixPath(value)
        if path.is_absolute() or ".." in path.parts:
            raise ConfigError(f"input `{name}` must list paths inside the workspace, not {value!r}")
    return tuple(values)


def _repositories(environ: Mapping[str, str]) -> tuple[str, ...]:
    """The ``repositories`` input: owner/name, one per line or separated by commas or spaces."""
    names = tuple(read_input(environ, "repositories").replace(",", " ").split())
    bad = [n for n in names if n.count("/") != 1]
    if bad:
        raise ConfigError(f"input `repositories` must list owner/name, not {', '.join(map(repr, bad))}")
    return names


def _index_policy_inputs(environ: Mapping[str, str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The ``index-env`` and ``index-hosts`` inputs (``starlette_2093_check.indexes``)."""
    from starlette_2093_check.indexes import IndexPolicyError, parse_hosts, parse_names

    try:
        names = parse_names([read_input(environ, "index-env")])
        return names, parse_hosts([read_input(environ, "index-hosts")])
    except IndexPolicyError as exc:
        raise ConfigError(f"input {exc}") from None


def _layout(environ: Mapping[str, str], paths: Paths | None = None) -> Layout:
    """The ``skip`` and ``include`` inputs: patterns separated by commas or lines (``layout``), with
    the policy's ``paths`` (checked when the file was read)."""
    from starlette_2093_check.policy.inputs import layout_of

    skip = split_patterns([read_input(environ, "skip")])
    include = split_patterns([read_input(environ, "include")])
    try:  # each input alone first, so that the error names the one at fault
        Layout.of(skip=skip)
    except LayoutError as exc:
        raise ConfigError(f"input `skip`: {exc}") from None
    try:
        Layout.of(include=include)
    except LayoutError as exc:
        raise ConfigError(f"input `include`: {exc}") from None
    return layout_of(skip, include, paths or Paths())


def seconds(environ: Mapping[str, str], name: str, default: float) -> float:
    """A positive number of seconds from input ``name`` (``ConfigError`` otherwise)."""
    value = read_input(environ, name)
    if not value:
        return default
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or number <= 0:
        raise ConfigError(f"input `{name}`: expected a positive number of seconds, got {value!r}")
    return number


def _budget(environ: Mapping[str, str], name: str, default: float) -> float | None:
    """A time budget input (``starlette_2093_check.budget``): seconds, 0 for none."""
    try:
        return parse_seconds(read_input(environ, name, f"{default:g}"), f"input `{name}`")
    except ValueError as exc:
        raise ConfigError(str(exc)) from None


def _scope_id(environ: Mapping[str, str]) -> str | None:
    """The ``id`` input: a name of the job's own, one line of at most ``MAX_ID`` characters."""
    value = read_input(environ, "id")
    if len(value) > MAX_ID or not value.isprintable():
        raise ConfigError(f"input `id` must be one line of at most {MAX_ID} printable characters")
    return value or None


def _shard(environ: Mapping[str, str]) -> tuple[int, int] | None:
    from starlette_2093_check.org.merge import parse_shard

    value = read_input(environ, "shard")
    if not value:
        return None
    try:
        return parse_shard(value)
    except ValueError as exc:
        raise ConfigError(f"input `shard`: {exc}") from None


@dataclass(frozen=True)
class ActionConfig:
    token: str
    workspace: Path
    path: str  # relative to the workspace
    fail_on: str
    comment: str
    index_url: str | None
    # What the repository's declared indexes may use: variables for their ${VAR} references (names
    # or NAME_* patterns) and the hosts that may receive them (``starlette_2093_check.indexes``).
    index_env: tuple[str, ...]
    index_hosts: tuple[str, ...]
    issue_label: str
    sarif_file: str | None
    json_file: str | None
    report_file: str | None  # publish this earlier report instead of scanning (workflow_run)
    cache_dir: str | None
    audit: str  # known advisories: starlette, all (the whole resolved set) or off
    vulnerability_url: str | None  # OSV-compatible endpoint; None: pip-audit's default
    suggest: bool  # review comments with suggestion blocks on manifest lines in the diff
    packs: str | None  # a directory of the repository with custom packs (their scenarios run)
    reachability: bool  # read the code for the bug's pattern
    # Organisation scans: an organisation or a list of repositories (read through the API), the shard
    # of them this job takes, or a glob of shard reports to merge instead; per-repository issues.
    org: str | None
    repositories: tuple[str, ...]
    shard: tuple[int, int] | None
    merge: str | None
    org_issues: bool
    event_name: str
    event: dict[str, Any]
    repository: str
    api_url: str
    ref: str
    run_url: str | None
    output_file: Path | None
    summary_file: Path | None
    # What discovery and the code reader skip (the defaults plus the `skip` input) and include back.
    layout: Layout = DEFAULT_LAYOUT
    scope_id: str | None = None  # the `id` input: tells this job's comment and issue from others'
    # The longest the posting to GitHub may take in all (comment, suggestions, tracking issue).
    api_timeout: float = 120.0
    # Time budgets in seconds (``budget``): the scan's, and each project root's within it. None: none.
    time_budget: float | None = DEFAULT_RUN_SECONDS
    root_budget: float | None = DEFAULT_ROOT_SECONDS
    # Where the report's file:line places link to: GITHUB_SERVER_URL and the commit the runner checked
    # out (GITHUB_SHA; a pull request's head commit is taken from the event, ``action.links_of``).
    server_url: str = ""
    sha: str = ""
    comment_template: str | None = None  # a template file of the repository for the comment's layout
    # The repository's policy file (``policy.load``); its values for inputs are already merged in.
    policy: Policy = field(default_factory=Policy)
    # What is deployed (``manifests.deployed``): SBOM files and installed environments (freeze
    # output, site-packages directories), relative to the workspace and inside it.
    sboms: tuple[str, ...] = ()
    environments: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        chosen = [
            name
            for name, value in (("org", self.org), ("repositories", self.repositories), ("merge", self.merge))
            if value
        ]
        if len(chosen) > 1:
            raise ConfigError(f"inputs {' and '.join(f'`{n}`' for n in chosen)} exclude each other: give one")
        if self.shard and not (self.org or self.repositories):
            raise ConfigError("input `shard` needs `org` or `repositories`: it picks part of them")

    @property
    def untrusted_checkout(self) -> bool:
        """Whether the workspace may hold someone else's code (a pull request): anything but the
        events that check out the repository's own branches."""
        return self.event_name not in TRUSTED_EVENTS

    @property
    def scope(self) -> str | None:
        """What keeps this job's comment and tracking issue apart from another job's on the same
        pull request: the `id` input, else a `path` other than the default (None: the one job)."""
        if self.scope_id:
            return f"id:{self.scope_id}"
        return None if self.path == "." else f"path:{self.path}"

    @property
    def org_mode(self) -> bool:
        """An organisation scan or a merge of one, instead of scanning the workspace."""
        return bool(self.org or self.repositories or self.merge)

    @classmethod
    def from_environ(cls, environ: Mapping[str, str], policy: Policy | None = None) -> ActionConfig:
        """The configuration from GitHub's variables and the step's inputs; with ``policy`` (the
        repository's file, ``policy.load``), its inputs where the step gives none and its paths."""
        if policy is None:
            return cls._from_environ(environ)
        from starlette_2093_check.policy.inputs import merged_environ, named_in_file

        try:
            config = cls._from_environ(merged_environ(environ, policy))
        except ConfigError as exc:
            raise named_in_file(exc, environ, policy) from None
        return replace(config, policy=policy, layout=_layout(environ, policy.paths))

    @classmethod
    def _from_environ(cls, environ: Mapping[str, str]) -> ActionConfig:
        missing = [
            k for k in ("GITHUB_WORKSPACE", "GITHUB_EVENT_NAME", "GITHUB_REPOSITORY") if not environ.get(k)
        ]
        if missing:
            raise ConfigError(
                f"action mode needs {', '.join(missing)} from GitHub Actions; "
                "to scan locally run `entrypoint.py scan PATH`"
            )
        event_path = environ.get("GITHUB_EVENT_PATH")
        event: dict[str, Any] = {}
        if event_path:
            try:
                loaded = json.loads(Path(event_path).read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise ConfigError(f"cannot read the event payload {event_path}: {exc}") from exc
            if isinstance(loaded, dict):
                event = loaded
        server = environ.get("GITHUB_SERVER_URL", "").rstrip("/")
        run_id = environ.get("GITHUB_RUN_ID")
        repository = environ["GITHUB_REPOSITORY"]
        index_env, index_hosts = _index_policy_inputs(environ)
        return cls(
            token=read_input(environ, "github-token") or environ.get("GITHUB_TOKEN", ""),
            workspace=Path(environ["GITHUB_WORKSPACE"]),
            path=_relative(environ, "path") or ".",
            fail_on=_choice(environ, "fail-on", "reproduced", FAIL_ON),
            comment=_choice(environ, "comment", "reproduced", COMMENT_MODES),
            index_url=read_input(environ, "index-url") or environ.get("UV_INDEX_URL") or None,
            index_env=index_env,
            index_hosts=index_hosts,
            issue_label=read_input(environ, "issue-label", DEFAULT_LABEL),
            sarif_file=_relative(environ, "sarif-file"),
            json_file=_relative(environ, "json-file"),
            report_file=_relative(environ, "report"),
            cache_dir=read_input(environ, "cache-dir") or None,
            audit=_choice(environ, "audit", "starlette", AUDIT_SCOPES),
            vulnerability_url=read_input(environ, "vulnerability-url") or None,
            suggest=_choice(environ, "suggest", "true", SWITCH) == "true",
            packs=_relative(environ, "packs"),
            reachability=_choice(environ, "reachability", "true", SWITCH) == "true",
            org=read_input(environ, "org") or None,
            repositories=_repositories(environ),
            shard=_shard(environ),
            merge=_relative(environ, "merge"),
            org_issues=_choice(environ, "org-issues", "false", SWITCH) == "true",
            event_name=environ["GITHUB_EVENT_NAME"],
            event=event,
            repository=repository,
            api_url=environ.get("GITHUB_API_URL") or "https://api.github.com",
            ref=environ.get("GITHUB_REF", ""),
            run_url=f"{server}/{environ['GITHUB_REPOSITORY']}/actions/runs/{run_id}"
            if server and run_id
            else None,
            output_file=Path(environ["GITHUB_OUTPUT"]) if environ.get("GITHUB_OUTPUT") else None,
            summary_file=Path(environ["GITHUB_STEP_SUMMARY"]) if environ.get("GITHUB_STEP_SUMMARY") else None,
            layout=_layout(environ),
            scope_id=_scope_id(environ),
            api_timeout=seconds(environ, "api-timeout", 120.0),
            time_budget=_budget(environ, "time-budget", DEFAULT_RUN_SECONDS),
            root_budget=_budget(environ, "root-budget", DEFAULT_ROOT_SECONDS),
            server_url=server,
            sha=environ.get("GITHUB_SHA", ""),
            comment_template=_relative(environ, "comment-template"),
            sboms=_relative_paths(read_input(environ, "sbom"), "sbom"),
            environments=_relative_paths(read_input(environ, "environment"), "environment"),
        )
