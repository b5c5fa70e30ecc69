"""Command line and action mode: the ONLY place errors become exit codes.

``entrypoint.py scan PATH ...`` is the local CLI; ``entrypoint.py`` with no arguments is action mode
(the environment GitHub gives a Docker action). Exit codes: 0 nothing reproduced (per fail-on),
1 reproduced (per fail-on), 2 usage or fatal error.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import sys
import threading
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from starlette_2093_check import NAME, __version__
from starlette_2093_check.model import Edit, OrgReport, Report, VerdictStatus

if TYPE_CHECKING:
    from starlette_2093_check.config import ActionConfig
    from starlette_2093_check.failure import Failure
    from starlette_2093_check.github.workflow import Commands
    from starlette_2093_check.scan import ScanOptions

EXIT_OK, EXIT_FOUND, EXIT_FATAL = 0, 1, 2
FAIL_ON = ("reproduced", "inconclusive", "never")
FORMATS = ("text", "json", "markdown", "sarif")
FIX_MODES = ("minimal", "latest")
AUDIT_SCOPES = ("starlette", "all", "off")
EXIT_CODES = """\
exit codes:
  0  nothing reproduced (per --fail-on)
  1  reproduced (per --fail-on; with --fail-on inconclusive, also an inconclusive
     project or a file that could not be read or resolved)
  2  usage or fatal error: a bad option, a missing path, uv not found, a cache
     directory inside the checkout"""
_FAIL_ON_HELP = (
    "what makes the exit code 1: reproduced (a project where the bug reproduced), inconclusive (also "
    "one that could not be checked, or a file that could not be read), never"
)
_REFRESH_HELP = (
    "resolve again instead of reusing the resolutions stored today (kept until the day changes: a "
    "release published since shows only with this flag, or tomorrow); the new answers are stored"
)


def default_cache_dir(environ: Mapping[str, str]) -> Path:
    if environ.get("REPRO_CACHE_DIR"):
        return Path(environ["REPRO_CACHE_DIR"])
    base = environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "starlette-2093-check"


def cache_inside(cache_dir: Path, checkout: Path) -> str | None:
    """Why ``cache_dir`` may not be used for a scan of ``checkout``, or None.

    Verdicts and sandboxes in the cache are trusted; the checkout is not (a pull request writes
    it). A cache the checkout contains could be committed with a forged verdict or a venv whose
    interpreter is the pull request's program, so it is refused whether it exists yet or not.
    """
    if cache_dir.resolve().is_relative_to(checkout.resolve()):
        return (
            f"the cache directory {cache_dir} is inside the checkout, whose files the scanned "
            "repository controls (a committed cache could forge verdicts or run its own interpreter); "
            "keep it outside, e.g. the default under $HOME/.cache (docs/security.md)"
        )
    return None


@contextmanager
def guarded_output() -> Iterator[TextIO]:
    """Run with ``sys.stdout``/``sys.stderr`` passing every line through ``neutralise``.

    GitHub's runner reads workflow commands from both streams of a step, and what the action prints
    carries repository text (directory names, versions from lock files, messages quoting files).
    Yields the raw stdout, where only ``Commands`` writes the action's own commands.
    """
    from starlette_2093_check.github.workflow import CommandFilter

    raw_out, raw_err = sys.stdout, sys.stderr
    guarded = CommandFilter(raw_out), CommandFilter(raw_err)
    sys.stdout, sys.stderr = guarded
    try:
        yield raw_out
    finally:
        for stream in guarded:
            stream.close_line()
        sys.stdout, sys.stderr = raw_out, raw_err


def _index_options(args: argparse.Namespace) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``--index-env`` and ``--index-host`` (``IndexPolicyError`` when malformed)."""
    from starlette_2093_check.indexes import parse_hosts, parse_names

    return parse_names(args.index_env or []), parse_hosts(args.index_host or [])


def exit_code(report: Report, fail_on: str) -> int:
    """0 or 1 from the report and ``--fail-on`` (the headline pack's), with the policy the report
    was given (``policy.rules.failures``: accepted findings do not fail, ``packs.fail-on`` can make
    another pack fail). Errors count as failures under "inconclusive". Under "introduced", the
    headline fails only where the pull request made it worse (``compare``). The reasons it is 1
    are ``policy.rules.step_failures``, which the text report and the action print."""
    from starlette_2093_check.policy.rules import step_failures

    return EXIT_FOUND if step_failures(report, fail_on) else EXIT_OK


def org_exit_code(report: OrgReport, fail_on: str) -> int:
    """``exit_code`` over every repository; a repository that could not be read (not an archived or
    empty one) counts as a failure under "inconclusive"."""
    from starlette_2093_check.report.org import unchecked

    if fail_on == "never":
        return EXIT_OK
    if report.count(VerdictStatus.REPRODUCED):
        return EXIT_FOUND
    if fail_on == "inconclusive" and (
        report.count(VerdictStatus.INCONCLUSIVE)
        or report.missing_shards
        or any(unchecked(r) or (r.report and r.report.errors) for r in report.repos)
    ):
        return EXIT_FOUND
    return EXIT_OK


def build_parser(environ: Mapping[str, str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="entrypoint.py",
        description="Run the starlette#2093 reproduction against the Starlette version each project\n"
        "resolves to.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"{NAME} {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    scan = sub.add_parser(
        "scan",
        help="scan a checkout and print the report",
        description="Scan a checkout: find its projects, run the reproduction against the Starlette\n"
        "version each one resolves to, and print the report (progress on stderr).",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    scan.add_argument(
        "path",
        nargs="?",
        type=Path,
        default=None,
        help="the checkout to scan (default: the current directory)",
    )
    scan.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (for a terminal, the default), json (the contract scripts read), markdown (the pull "
        "request comment), sarif (code scanning)",
    )
    _output_argument(scan)
    scan.add_argument(
        "--fail-on",
        choices=(*FAIL_ON, "introduced"),
        default="reproduced",
        help=_FAIL_ON_HELP + "; introduced (with --base: only a project where the bug reproduces here "
        "and did not on the base; without it, as reproduced) (default: reproduced)",
    )
    scan.add_argument(
        "--base",
        type=Path,
        default=None,
        metavar="DIR",
        help="another checkout (a pull request's base) to compare with: each project is introduced, "
        "fixed, already on the base, unchanged or unknown (docs/action.md, pull requests). The base "
        "gets the headline bug's verdicts only",
    )
    scan.add_argument(
        "--index-url",
        default=environ.get("UV_INDEX_URL"),
        help="package index for resolving and for the sandbox (default: uv's)",
    )
    _index_arguments(scan)
    scan.add_argument(
        "--untrusted",
        action="store_true",
        help="the checkout is someone else's (a pull request): indexes it declares are contacted only "
        "when --index-host lists their host",
    )
    scan.add_argument(
        "--cache-dir",
        type=Path,
        default=None,
        help="where venvs, verdicts and the day's resolutions are kept (default: $REPRO_CACHE_DIR or "
        "~/.cache); never inside the scanned checkout",
    )
    scan.add_argument(
        "--no-cache",
        action="store_true",
        help="re-run every reproduction instead of reusing stored verdicts (venvs and today's "
        "resolutions are reused: see --refresh)",
    )
    scan.add_argument("--refresh", action="store_true", help=_REFRESH_HELP)
    scan.add_argument(
        "--python-downloads",
        action="store_true",
        help="let uv download the Python a project asks for when it is not installed",
    )
    scan.add_argument(
        "--hold",
        type=float,
        default=1.0,
        help="seconds a background job holds before giving up (default: 1.0)",
    )
    scan.add_argument(
        "--fix",
        nargs="?",
        const="minimal",
        metavar="minimal|latest",  # checked in _command: `--fix PATH` reads PATH as the path
        help="apply the computed fix: edit the pins in requirements and pyproject files in place "
        "(hashes regenerated where the file has them); lock commands are printed, not run. minimal "
        "(the default): each package moves to its lowest release that carries the fix (fastapi "
        "0.108.0); latest: to the newest set the project allows",
    )
    scan.add_argument(
        "--audit",
        choices=AUDIT_SCOPES,
        default=environ.get("BOT_AUDIT", "starlette"),
        help="known advisories (pip-audit): starlette only (default), the whole resolved set (all), or off",
    )
    scan.add_argument(
        "--vulnerability-url",
        default=environ.get("BOT_VULNERABILITY_URL"),
        help="OSV-compatible query endpoint for the advisory audit (default: pip-audit's)",
    )
    scan.add_argument(
        "--packs",
        metavar="DIR",
        help="run the custom packs in DIR (relative to PATH): their scenarios are the repository's "
        "code and run only when named here, in the sandbox",
    )
    scan.add_argument(
        "--no-reachability",
        action="store_true",
        help="do not read the project's Python code for the bug's pattern (no severity is claimed)",
    )
    scan.add_argument(
        "--sbom",
        action="append",
        metavar="FILE",
        help="also read this CycloneDX or SPDX JSON SBOM (relative to PATH; repeatable): the versions "
        "an image contains, checked as they are (bom.json, sbom.json, *.cdx.json and *.spdx.json in "
        "PATH are found without it)",
    )
    scan.add_argument(
        "--environment",
        action="append",
        metavar="PATH",
        help="also read this installed environment (relative to PATH; repeatable): `pip freeze` / `uv "
        "pip freeze` output, a site-packages directory or a virtual environment; read, never run",
    )
    scan.add_argument(
        "--skip",
        action="append",
        metavar="PATTERN",
        help="also skip these directories or files (glob; 'name', 'dir/', 'path/from/top'; repeatable, "
        "comma-separated) in discovery and the code reading; tests, fixtures, data, vendored and hidden "
        "directories are skipped by default",
    )
    scan.add_argument(
        "--include",
        action="append",
        metavar="PATTERN",
        help="read these default-skipped directories or files after all (same patterns, e.g. 'tests', "
        "'examples/demo'); repeatable, comma-separated",
    )
    _budget_arguments(scan)
    scan.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    from starlette_2093_check.policy.options import scan_defaults

    scan_defaults(scan)  # --config, --no-config; the options a policy file may set
    _org_parsers(sub, environ)
    return parser


def _budget_arguments(parser: argparse.ArgumentParser) -> None:
    """``--time-budget`` and ``--root-budget`` (``starlette_2093_check.budget``)."""
    from starlette_2093_check.budget import DEFAULT_ROOT_SECONDS, DEFAULT_RUN_SECONDS, parse_seconds

    def seconds(text: str) -> float | None:
        try:
            return parse_seconds(text, "a time budget")
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    parser.add_argument(
        "--time-budget",
        type=seconds,
        default=DEFAULT_RUN_SECONDS,
        metavar="SECONDS",
        help=f"the most the whole scan may take (default: {DEFAULT_RUN_SECONDS:g}; 0: no limit); what it "
        "leaves unfinished is reported inconclusive, with the reason",
    )
    parser.add_argument(
        "--root-budget",
        type=seconds,
        default=DEFAULT_ROOT_SECONDS,
        metavar="SECONDS",
        help=f"the most one project root's resolution and fix advice may take, within --time-budget "
        f"(default: {DEFAULT_ROOT_SECONDS:g}; 0: no limit of its own)",
    )


def _output_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="write the report to FILE instead of stdout (replaced whole, never half-written; '-': stdout)",
    )


def _index_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--index-env",
        action="append",
        metavar="NAMES",
        help="variables (names or NAME_* patterns, comma-separated, repeatable) that ${VAR} in the "
        "repository's index URLs may use; never GITHUB_*, ACTIONS_*, INPUT_*, RUNNER_* (default: none)",
    )
    parser.add_argument(
        "--index-host",
        action="append",
        metavar="HOST",
        help="a host (or host:port) the repository's declared indexes may send those values to "
        "(repeatable; the --index-url host is one)",
    )


def _org_parsers(sub: Any, environ: Mapping[str, str]) -> None:
    org = sub.add_parser(
        "scan-org",
        help="scan the repositories of an organisation (or a list) through the GitHub API, no clone",
        epilog=EXIT_CODES.replace("a missing path", "no token"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    which = org.add_mutually_exclusive_group(required=True)
    which.add_argument("--org", help="the organisation whose repositories to scan")
    which.add_argument("--repos", help="owner/name,owner/name,...: these repositories instead")
    which.add_argument("--repos-file", type=Path, help="a file with one owner/name per line")
    org.add_argument("--shard", help="K/N: scan only the K-th of N shards (see merge-org)")
    org.add_argument(
        "--api-url",
        default=environ.get("GITHUB_API_URL") or None,
        help="the GitHub API (default: $GITHUB_API_URL, else PyGithub's default)",
    )
    org.add_argument(
        "--token-env",
        default="GITHUB_TOKEN",
        metavar="NAME",
        help="the environment variable holding the token (default: GITHUB_TOKEN)",
    )
    org.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help="text (default), json (what merge-org reads), markdown (the tracking issue)",
    )
    _output_argument(org)
    org.add_argument(
        "--fail-on", choices=FAIL_ON, default="reproduced", help=_FAIL_ON_HELP + " (default: reproduced)"
    )
    org.add_argument(
        "--index-url",
        default=environ.get("UV_INDEX_URL") or None,
        help="the package index for resolving and for the sandboxes",
    )
    org.add_argument(
        "--cache-dir", type=Path, default=None, help="kept between runs: blobs, trees, verdicts, resolutions"
    )
    _index_arguments(org)
    org.add_argument("--no-cache", action="store_true", help="run every reproduction again")
    org.add_argument("--refresh", action="store_true", help=_REFRESH_HELP)
    org.add_argument("--concurrency", type=int, default=8, help="repositories read at once (default 8)")
    org.add_argument("--reserve", type=int, default=0, help="API requests to leave for other jobs")
    org.add_argument(
        "--max-rate-wait",
        type=float,
        default=3600.0,
        help="the longest wait for a rate limit reset, in seconds (default 3600)",
    )
    org.add_argument(
        "--audit",
        choices=("starlette", "off"),
        default="starlette",
        help="known advisories (pip-audit) of each starlette release found (default), or off",
    )
    org.add_argument(
        "--vulnerability-url",
        default=environ.get("BOT_VULNERABILITY_URL"),
        help="OSV-compatible query endpoint for the advisory audit (default: pip-audit's)",
    )
    org.add_argument(
        "--hold",
        type=float,
        default=1.0,
        help="seconds a background job holds before giving up (default: 1.0)",
    )
    _budget_arguments(org)
    org.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    merge = sub.add_parser(
        "merge-org",
        help="merge the JSON reports of the shards of one scan",
        epilog=EXIT_CODES.replace("a missing path", "a shard's report that cannot be read"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    merge.add_argument("reports", nargs="+", type=Path, help="the shards' JSON reports")
    merge.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="json",
        help="json (default), text, markdown (the tracking issue)",
    )
    _output_argument(merge)
    merge.add_argument(
        "--fail-on", choices=FAIL_ON, default="never", help=_FAIL_ON_HELP + " (default: never)"
    )


def _progress(quiet: bool, stream: TextIO) -> Callable[[str], None]:
    """Progress as log lines: one line per message (names from the checkout may hold line breaks,
    ``neutralise`` shows them escaped), one write per line (sandboxes report from threads)."""
    from starlette_2093_check.github.workflow import neutralise
    from starlette_2093_check.progress import LineProgress

    return (lambda _message: None) if quiet else LineProgress(stream, neutralise)


@contextmanager
def _progress_shown(quiet: bool, stream: TextIO, env: Mapping[str, str]) -> Iterator[Callable[[str], None]]:
    """The CLI's progress: counts and an estimate redrawn in place on a terminal (rich, imported only
    then), log lines elsewhere (CI)."""
    from starlette_2093_check.progress import on_terminal

    if quiet or not on_terminal(stream, env):
        yield _progress(quiet, stream)
        return
    try:
        from starlette_2093_check.progress import TerminalProgress

        display = TerminalProgress(stream, env)
    except ImportError:  # rich comes with pip-audit; without it, lines
        yield _progress(quiet, stream)
        return
    with display:
        yield display


def action_main(env: Mapping[str, str]) -> int:
    """Action mode: configuration from ``INPUT_*``/``GITHUB_*``, results to GitHub.

    Whatever fails ends the step through ``guard``: exit 2 (never 1, which means "reproduced"), an
    error annotation, the step summary and the outputs (verdict ``error``), all through the output
    filter.
    """
    from starlette_2093_check.failure import ActionReporter
    from starlette_2093_check.github.workflow import Commands

    with guarded_output() as raw:
        commands = Commands(raw)  # one for the run and its failure: GitHub's cap counts them all
        code = guard(lambda: _action(env, commands), ActionReporter(env, commands))
    from starlette_2093_check.action import PUBLISHING

    if any(t.name == PUBLISHING and t.is_alive() for t in threading.enumerate()):
        # Posting was given up on (api-timeout) and its thread still waits on the API: end here,
        # everything written, rather than let interpreter shutdown catch it mid-write.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code


def _action(env: Mapping[str, str], commands: Commands) -> int:
    from starlette_2093_check.action import run_action
    from starlette_2093_check.config import ActionConfig, ConfigError
    from starlette_2093_check.github.client import connect
    from starlette_2093_check.policy.rules import utc_today
    from starlette_2093_check.scan import ScanOptions, scan

    config = ActionConfig.from_environ(env)
    if not config.org_mode:  # the policy file (the default branch's on pull requests) sets inputs too
        from starlette_2093_check.policy.remote import action_policy

        config = ActionConfig.from_environ(env, action_policy(config))
    cache_dir = Path(config.cache_dir) if config.cache_dir else default_cache_dir(env)
    cache_dir = cache_dir if cache_dir.is_absolute() else config.workspace / cache_dir
    refused = cache_inside(cache_dir, config.workspace)
    if refused is not None:
        raise ConfigError(f"input `cache-dir`: {refused}")
    if config.org_mode:
        return org_action_main(config, env, cache_dir, commands)
    options = ScanOptions(
        cache_dir=cache_dir,
        index_url=config.index_url,
        environ=env,
        audit=config.audit,
        vulnerability_url=config.vulnerability_url,
        packs_dir=config.packs,
        packs_base=config.workspace,
        reachability=config.reachability,
        layout=config.layout,
        index_env=config.index_env,
        index_hosts=config.index_hosts,
        untrusted=config.untrusted_checkout,
        protected=(config.token,),
        time_budget=config.time_budget,
        root_budget=config.root_budget,
        policy=config.policy,
        sboms=config.sboms,
        environments=config.environments,
        deployed_base=config.workspace,
    )
    options.index_policy()
    progress = _progress(False, sys.stdout)

    def scan_path(path: Path) -> Report:
        return scan(path, options, progress)

    github = connect(config.api_url, config.token) if config.token else None

    def scan_base(path: Path) -> Report:  # a pull request's base: its verdicts only (``prbase``)
        from starlette_2093_check.prbase import verdicts_only

        return verdicts_only(path, options, progress)

    outcome = run_action(config, scan_path, github, commands, today=utc_today(), base_scan=scan_base)
    return exit_code(outcome.report, config.fail_on)


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    env = dict(os.environ if environ is None else environ)
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments:
        return action_main(env)
    if env.get("GITHUB_ACTIONS") == "true":
        # The CLI in a workflow's `run:` step: its output is read for workflow commands too.
        with guarded_output():
            return _cli(arguments, env)
    return _cli(arguments, env)


def _cli(arguments: list[str], env: Mapping[str, str]) -> int:
    from starlette_2093_check.failure import print_failure

    args = build_parser(env).parse_args(arguments)  # a usage error exits 2 here, as argparse does
    return guard(lambda: _command(args, env), print_failure)


def guard(work: Callable[[], int], report: Callable[[Failure], None]) -> int:
    """The one place errors become exit codes: ``work``'s own code, or 2 for anything raised.

    ``CheckError`` (and what the world throws at us: ``OSError``, the API's ``GithubException``)
    ends the run with its message; anything else is an internal error, with its traceback.
    ``report`` tells the user (stderr, or annotation, summary and outputs); it never raises.
    """
    from starlette_2093_check.failure import INTERNAL, Failure, failure_of

    try:
        return work()
    except Exception as exc:  # the one catch-all: exit 2, never 1 (which means "reproduced")
        try:
            failure = failure_of(exc)
        except Exception:  # an exception that cannot even be told: say that much
            failure = Failure("check", INTERNAL, traceback.format_exc())
        try:
            report(failure)
        except Exception:  # telling about the failure failed too: at least the log has it
            traceback.print_exc(file=sys.stderr)
        return EXIT_FATAL


def _command(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    from starlette_2093_check.errors import UsageError

    if args.command == "scan-org":
        return org_main(args, env)
    if args.command == "merge-org":
        return merge_main(args)
    if args.fix is not None and args.fix not in FIX_MODES:
        if args.path is not None:
            raise UsageError(f"--fix takes minimal or latest, not {args.fix!r}")
        args.path, args.fix = Path(args.fix), "minimal"  # `scan --fix PATH`: the path, minimal fix
    path: Path = Path.cwd() if args.path is None else args.path
    if not path.is_dir():
        raise UsageError(f"{path} is not a directory")
    if args.hold <= 0:
        raise UsageError("--hold must be positive")

    from starlette_2093_check.layout import split_patterns
    from starlette_2093_check.policy.inputs import layout_of
    from starlette_2093_check.policy.options import scan_policy

    policy = scan_policy(args, path, env)  # the repository's policy file; it fills options not given
    from starlette_2093_check.policy.rules import apply as apply_policy
    from starlette_2093_check.policy.rules import utc_today
    from starlette_2093_check.scan import ScanOptions, scan

    index_env, index_hosts = _index_options(args)
    options = ScanOptions(
        cache_dir=args.cache_dir or default_cache_dir(env),
        index_url=args.index_url,
        use_cache=not args.no_cache,
        refresh=args.refresh,
        python_downloads=args.python_downloads,
        hold_seconds=args.hold,
        environ=env,
        audit=args.audit,
        vulnerability_url=args.vulnerability_url,
        packs_dir=args.packs,
        reachability=not args.no_reachability,
        layout=layout_of(split_patterns(args.skip or ()), split_patterns(args.include or ()), policy.paths),
        policy=policy,
        index_env=index_env,
        index_hosts=index_hosts,
        untrusted=args.untrusted,
        protected=tuple(env.get(k, "") for k in ("GITHUB_TOKEN", "GH_TOKEN")),
        time_budget=args.time_budget,
        root_budget=args.root_budget,
        sboms=tuple(args.sbom or ()),
        environments=tuple(args.environment or ()),
        deployed_outside=True,
    )
    options.index_policy()
    refused = cache_inside(options.cache_dir, path)
    if refused is not None:
        raise UsageError(refused)
    if args.base is not None:
        if not args.base.is_dir():
            raise UsageError(f"--base: {args.base} is not a directory")
        refused = cache_inside(options.cache_dir, args.base)
        if refused is not None:
            raise UsageError(f"--base: {refused}")
    with _progress_shown(args.quiet, sys.stderr, env) as progress:
        report = scan(path, options, progress)
        if args.base is not None:
            from dataclasses import replace

            from starlette_2093_check.compare import compare
            from starlette_2093_check.prbase import verdicts_only

            base = verdicts_only(args.base, options, progress)
            name = args.base.resolve().name
            shown = name if name.isprintable() and len(name) <= 255 else ""
            report = replace(report, comparison=compare(report, base, shown, ""))
    report = apply_policy(report, options.policy, utc_today())
    _write(_rendered(report, args.format, args.output, env, args.fail_on), args.output)
    if args.fix:
        return apply_fixes(path, report, options, args.fix) or exit_code(report, args.fail_on)
    return exit_code(report, args.fail_on)


def apply_fixes(path: Path, report: Report, options: ScanOptions, mode: str = "minimal") -> int:
    """``scan --fix[=minimal|latest]``: apply every computed edit of the minimal fix (each package at
    its lowest release that carries the fix) or of the recommendation (the newest set allowed);
    say what was done, what is left to run, and which changes were not verified.

    Progress and results go to stderr so that ``--format json --fix`` still prints clean JSON.
    Returns EXIT_FATAL when an edit could not be applied, else 0 (the caller's exit code stands).
    """
    from starlette_2093_check.deployedfix import NOT_EDITED, is_deployed, rebuild_step
    from starlette_2093_check.edit import apply_edits, hashes_with_uv
    from starlette_2093_check.repro.sandbox import find_uv, install_env

    edits: list[Edit] = []
    commands: list[str] = []
    for r in report.targets:
        if r.fix is None:
            continue
        if is_deployed(r.target):  # an SBOM or an environment: rebuilt, never edited
            view = r.fix if mode == "latest" else r.fix.minimal_view()
            step = rebuild_step(r.target, view.check) or NOT_EDITED[r.target.resolution]
            print(f"--fix: {r.target.root}: not edited: {step}", file=sys.stderr)
            continue
        changed, command, verified = r.fix.change_for(mode)
        edits += changed
        commands += [command] if command else []
        if mode == "minimal" and not changed and r.fix.edits:
            print(
                f"--fix: {r.target.root}: no minimal change was found; --fix=latest applies the "
                "recommended one",
                file=sys.stderr,
            )
        elif (changed or command) and not verified:
            print(
                f"--fix: {r.target.root}: the {mode} change is not verified (see the report)", file=sys.stderr
            )
    edits = list(dict.fromkeys(edits))  # a root's variants may share a line to change
    if not edits and not commands:
        print("--fix: nothing to change", file=sys.stderr)
        return 0
    hashes = hashes_with_uv(find_uv(), install_env(options.environ), options.index_url, None)
    failed = 0
    for applied in apply_edits(path.resolve(), edits, hashes):
        print(f"--fix: {'changed' if applied.ok else 'NOT changed'}: {applied.message}", file=sys.stderr)
        failed += not applied.ok
    for command in dict.fromkeys(commands):
        print(f"--fix: now run: {command}", file=sys.stderr)
    return EXIT_FATAL if failed else 0


def _rendered(
    report: Report, fmt: str, output: Path | None, env: Mapping[str, str], fail_on: str | None = None
) -> str:
    """The report in ``fmt``; text in colour only on a terminal (``progress.use_color``), as
    wide as the terminal when it is narrower than 80 columns, ending with what ``fail_on`` makes
    of it (the reasons ``exit_code`` is 1)."""
    from starlette_2093_check.report import renderer  # the one format printed is imported, not all four

    if fmt != "text":
        return renderer(fmt)(report)
    from starlette_2093_check.progress import on_terminal, use_color
    from starlette_2093_check.report.text import WIDTH, render_text

    to_stdout = output is None or str(output) == "-"
    width = WIDTH
    if to_stdout and on_terminal(sys.stdout, env):
        columns = shutil.get_terminal_size((WIDTH, 24)).columns
        width = max(40, min(WIDTH, columns))
    return render_text(report, width=width, color=to_stdout and use_color(sys.stdout, env), fail_on=fail_on)


def _write(text: str, output: Path | None) -> None:
    """``text`` to stdout, or to ``output`` (``-``: stdout) replaced whole: written beside it under
    another name, then renamed over it, so a reader never sees half a report."""
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.name}.{os.getpid()}.{secrets.token_hex(4)}.partial")
    try:
        with open(partial, "x", encoding="utf-8") as fh:  # created with the umask's permissions
            fh.write(text)
        os.replace(partial, output)
    finally:
        partial.unlink(missing_ok=True)


def org_main(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """``scan-org``: an organisation (or a list, or a shard of either) through the API."""
    from starlette_2093_check.errors import UsageError
    from starlette_2093_check.org.merge import parse_shard
    from starlette_2093_check.org.scan import OrgOptions, OrgSource, scan_org
    from starlette_2093_check.report.org import ORG_RENDERERS
    from starlette_2093_check.scan import ScanOptions

    try:
        shard = parse_shard(args.shard) if args.shard else None
    except ValueError as exc:
        raise UsageError(f"--shard: {exc}") from None
    if args.repos_file:
        names = args.repos_file.read_text(encoding="utf-8").split()
    else:
        names = (args.repos or "").replace(",", " ").split()
    bad = [n for n in names if n.count("/") != 1]
    if bad:
        raise UsageError(f"not owner/name: {', '.join(bad)}")
    if args.concurrency < 1 or args.hold <= 0:
        raise UsageError("--concurrency and --hold must be positive")
    index_env, index_hosts = _index_options(args)
    token = env.get(args.token_env, "")
    if not token:
        raise UsageError(f"no token in ${args.token_env}; an organisation scan reads through the API")
    options = OrgOptions(
        scan=ScanOptions(
            cache_dir=args.cache_dir or default_cache_dir(env),
            index_url=args.index_url,
            use_cache=not args.no_cache,
            refresh=args.refresh,
            hold_seconds=args.hold,
            environ=env,
            audit=args.audit,
            vulnerability_url=args.vulnerability_url,
            reachability=False,
            index_env=index_env,
            index_hosts=index_hosts,
            untrusted=True,  # every repository's files are its own writers', not this job's
            protected=(token,),
            time_budget=args.time_budget,
            root_budget=args.root_budget,
        ),
        token=token,
        api_url=args.api_url,
        concurrency=args.concurrency,
        reserve=args.reserve,
        max_rate_wait=args.max_rate_wait,
    )
    source = OrgSource(org=args.org, repos=tuple(names), shard=shard)
    with _progress_shown(args.quiet, sys.stderr, env) as progress:
        report = scan_org(source, options, progress)
    _write(ORG_RENDERERS[args.format](report), args.output)
    return org_exit_code(report, args.fail_on)


def merge_main(args: argparse.Namespace) -> int:
    """``merge-org``: one report from the shards' JSON files."""
    import json

    from starlette_2093_check.errors import ReportError
    from starlette_2093_check.org.merge import merge
    from starlette_2093_check.report.org import ORG_RENDERERS, load_org

    reports = []
    for path in args.reports:
        try:
            reports.append(load_org(json.loads(path.read_text(encoding="utf-8"))))
        except (OSError, ValueError, RecursionError) as exc:  # ReportFormatError is a ValueError
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            raise ReportError(f"{path}: {why}") from None
    merged = merge(reports)
    _write(ORG_RENDERERS[args.format](merged), args.output)
    return org_exit_code(merged, args.fail_on)


def org_action_main(config: ActionConfig, env: Mapping[str, str], cache_dir: Path, commands: Commands) -> int:
    """Action mode, organisation scan (inputs ``org``/``repositories`` with ``shard``) or merge."""
    from starlette_2093_check.org.action import issue_publisher, load_shards, run_org_action
    from starlette_2093_check.org.api import OrgApi, RateGate
    from starlette_2093_check.org.scan import OrgOptions, OrgScanError, OrgSource, scan_org
    from starlette_2093_check.scan import ScanOptions

    say = _progress(False, sys.stdout)
    options = OrgOptions(
        scan=ScanOptions(
            cache_dir=cache_dir,
            index_url=config.index_url,
            environ=env,
            audit="off" if config.audit == "off" else "starlette",
            vulnerability_url=config.vulnerability_url,
            reachability=False,
            index_env=config.index_env,
            index_hosts=config.index_hosts,
            untrusted=True,  # every repository's files are its own writers', not this job's
            protected=(config.token,),
            time_budget=config.time_budget,
            root_budget=config.root_budget,
        ),
        token=config.token,
        api_url=config.api_url,
        group=commands.group,
    )

    def obtain() -> OrgReport:
        if config.merge:
            with commands.group("Merging the shards' reports"):
                return load_shards(config.workspace, config.merge)
        source = OrgSource(org=config.org, repos=config.repositories, shard=config.shard)
        return scan_org(source, options, say)

    api = OrgApi(config.api_url, config.token, RateGate(say=say))
    publisher = (
        issue_publisher(api, config.issue_label, config.run_url, config.server_url) if config.token else None
    )
    if not config.token and not config.merge:
        raise OrgScanError("an organisation scan reads through the API: input `github-token` is empty")
    report = run_org_action(config, obtain, publisher, commands, say)
    return org_exit_code(report, config.fail_on)
