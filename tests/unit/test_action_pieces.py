"""The pure parts of action mode: workflow commands, outputs, config, comment state, SARIF, reload."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from starlette_2093_check.action import comment_renderer, destination, issue_planner, overall_verdict
from starlette_2093_check.config import ActionConfig, ConfigError
from starlette_2093_check.github.workflow import SUMMARY_LIMIT, append_summary, command, fit, write_outputs
from starlette_2093_check.model import (
    Edit,
    Finding,
    Location,
    PythonRequest,
    Reachability,
    Report,
    ScanError,
    Severity,
    TargetResult,
    Verdict,
    VerdictStatus,
)
from starlette_2093_check.report import render_json
from starlette_2093_check.report.common import rebase
from starlette_2093_check.report.load import ReportFormatError, load_report
from starlette_2093_check.report.markdown import MARKER, read_state, render_markdown
from starlette_2093_check.report.sarif import sarif_dict
from tests.actionrun import parse_outputs
from tests.conftest import HEADLINE
from tests.unit.test_reports import EVIDENCE, TARGET, reproduced

PASSED = Verdict(
    VerdictStatus.NOT_REPRODUCED,
    "finished",
    {**EVIDENCE, "http": {"requests": [{"latency_ms": 2.0}, {"latency_ms": 3.0}]}},
)
AFFECTED = Report(".", (reproduced(PASSED),), ("svc/requirements.txt",), ())
FIXED = Report(".", (TargetResult(replace(TARGET, version="0.29.0"), PASSED),), ("svc/requirements.txt",), ())
UNCHECKED = Report(
    ".", (TargetResult(TARGET, Verdict(VerdictStatus.INCONCLUSIVE, "could not install")),), (), ()
)


def base_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        "GITHUB_WORKSPACE": str(tmp_path),
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_REPOSITORY": "acme/shop",
        **extra,
    }


# ------------------------------------------------------------------ workflow commands and files
def test_commands_escape_data_and_properties() -> None:
    line = command("error", "50% done\nnext: line", file="a,b:c.txt", line=3, title=None)
    assert line == "::error file=a%2Cb%3Ac.txt,line=3::50%25 done%0Anext: line"
    assert command("endgroup") == "::endgroup::"


@given(st.dictionaries(st.from_regex(r"[a-z][a-z-]{0,10}", fullmatch=True), st.text(), max_size=5))
def test_outputs_round_trip_through_the_runner_format(tmp_path_factory: Any, values: dict[str, str]) -> None:
    path = tmp_path_factory.mktemp("out") / "set_output"
    # the runner splits on "\n"; a bare "\r" inside a value is kept, "\r\n" ends a line on Windows only
    values = {k: v.replace("\r", "") for k, v in values.items()}
    write_outputs(path, values)
    assert parse_outputs(path.read_text(encoding="utf-8")) == values


def test_fit_cuts_at_a_line_and_says_so() -> None:
    text = "".join(f"line {i}\n" for i in range(1000))
    cut = fit(text, 200, "CUT")
    assert len(cut.encode()) <= 200 and cut.endswith("\nCUT\n") and "line 5\n" in cut
    assert fit("short", 200, "CUT") == "short"


def test_summary_never_exceeds_githubs_limit(tmp_path: Path) -> None:
    path = tmp_path / "summary"
    path.write_text("x" * (SUMMARY_LIMIT - 5000))
    append_summary(path, "row\n" * 10_000)
    assert SUMMARY_LIMIT - 5000 < path.stat().st_size <= SUMMARY_LIMIT
    assert path.read_text().rstrip().endswith("the JSON report has it all._")


# ------------------------------------------------------------------ config
def test_inputs_are_read_with_hyphens_kept_or_underscored(tmp_path: Path) -> None:
    env = base_env(
        tmp_path, **{"INPUT_FAIL-ON": "never", "INPUT_INDEX_URL": "https://idx.example.invalid/simple"}
    )
    config = ActionConfig.from_environ({**env, "INPUT_GITHUB-TOKEN": "t0k"})
    assert (config.fail_on, config.index_url, config.token) == (
        "never",
        "https://idx.example.invalid/simple",
        "t0k",
    )
    assert (config.comment, config.issue_label, config.path) == ("reproduced", "starlette-2093", ".")
    assert config.api_url == "https://api.github.com"
    assert not config.org_mode


def test_organisation_inputs(tmp_path: Path) -> None:
    env = base_env(tmp_path, **{"INPUT_REPOSITORIES": "acme/api\nacme/web, acme/jobs", "INPUT_SHARD": "2/3"})
    config = ActionConfig.from_environ({**env, "INPUT_ORG-ISSUES": "true"})
    assert config.org_mode and config.repositories == ("acme/api", "acme/web", "acme/jobs")
    assert config.shard == (2, 3) and config.org_issues and config.org is None


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"INPUT_COMMENT": "sometimes"}, "input `comment` must be one of reproduced, always, never"),
        ({"INPUT_PATH": "../x"}, "input `path` must be a path inside the workspace"),
        ({"INPUT_SARIF-FILE": "/etc/x"}, "input `sarif-file` must be a path inside the workspace"),
        ({"GITHUB_EVENT_PATH": "/nonexistent/event.json"}, "cannot read the event payload"),
        (
            {"INPUT_ORG": "acme", "INPUT_MERGE": "shards/*.json"},
            "inputs `org` and `merge` exclude each other",
        ),
        ({"INPUT_SHARD": "1/4"}, "input `shard` needs `org` or `repositories`"),
        (
            {"INPUT_ORG": "acme", "INPUT_SHARD": "5/4"},
            "input `shard`: shard '5/4': K must be between 1 and N",
        ),
        ({"INPUT_REPOSITORIES": "acme/api, just-a-name"}, "input `repositories` must list owner/name"),
        ({"INPUT_MERGE": "../elsewhere/*.json"}, "input `merge` must be a path inside the workspace"),
    ],
)
def test_bad_configuration_names_the_input(tmp_path: Path, extra: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("`", ".")):
        ActionConfig.from_environ(base_env(tmp_path, **extra))


def test_missing_github_environment_says_how_to_run_locally() -> None:
    with pytest.raises(ConfigError, match=r"entrypoint\.py scan PATH"):
        ActionConfig.from_environ({})


@pytest.mark.parametrize(
    ("event_name", "ref", "payload", "where"),
    [
        ("pull_request", "", {}, "pr"),
        ("workflow_run", "", {}, "pr"),
        ("schedule", "", {}, "issue"),
        ("workflow_dispatch", "", {}, "issue"),
        ("push", "refs/heads/main", {"repository": {"default_branch": "main"}}, "issue"),
        ("push", "refs/heads/topic", {"repository": {"default_branch": "main"}}, "none"),
        ("release", "", {}, "none"),
    ],
)
def test_destination_by_event(
    tmp_path: Path, event_name: str, ref: str, payload: dict[str, Any], where: str
) -> None:
    event = tmp_path / "event.json"
    event.write_text(json.dumps(payload))
    env = base_env(tmp_path, GITHUB_EVENT_NAME=event_name, GITHUB_REF=ref, GITHUB_EVENT_PATH=str(event))
    assert destination(ActionConfig.from_environ(env)) == where


# ------------------------------------------------------------------ comment and issue bodies
def test_comment_state_carries_what_was_fixed_across_runs() -> None:
    first = render_markdown(AFFECTED)
    assert first.startswith(MARKER + "\n") and read_state(first) == {"svc": "0.27.0"}
    second = render_markdown(FIXED, read_state(first))
    assert (
        f"{HEADLINE} check: resolved" in second
        and "| `svc` | 0.27.0 | 0.29.0 | not reproduced | 3 ms |" in second
    )
    third = render_markdown(FIXED, read_state(second))
    assert read_state(third) == {"svc": "0.27.0"} and "resolved" in third
    assert read_state("a human wrote <!-- starlette-2093-check:state {oops} -->") == {}


def test_a_root_name_with_double_dashes_cannot_end_the_hidden_state() -> None:
    report = Report(".", (replace(reproduced(PASSED), target=replace(TARGET, root="a-->b")),), (), ())
    body = render_markdown(report)
    state_line = body.splitlines()[1]
    assert state_line.count("-->") == 1 and read_state(body) == {"a-->b": "0.27.0"}


def test_comment_modes() -> None:
    assert comment_renderer(FIXED, "reproduced", None)(None) is None
    assert comment_renderer(FIXED, "always", None)(None) is not None
    assert comment_renderer(AFFECTED, "never", None)(None) is None
    body = comment_renderer(FIXED, "reproduced", None)(render_markdown(AFFECTED))
    assert body is not None and "resolved" in body  # an existing comment is always kept current


def test_issue_plans() -> None:
    assert issue_planner(FIXED, None)(None) is None  # nothing to track, nothing opened
    opened = issue_planner(AFFECTED, None)(None)
    assert opened is not None and opened.open and opened.title == "Starlette #2093 reproduces in 1 project(s)"
    closing = issue_planner(FIXED, "https://example.invalid/run/1")(opened.body)
    assert closing is not None and not closing.open and closing.closing is not None
    assert "https://example.invalid/run/1" in closing.closing
    unsure = issue_planner(UNCHECKED, None)(opened.body)
    assert unsure is not None and not unsure.open and unsure.closing is None  # updated, left open


def test_overall_verdict() -> None:
    assert overall_verdict(AFFECTED) == "reproduced"
    assert overall_verdict(FIXED) == "not_reproduced"
    assert overall_verdict(UNCHECKED) == "inconclusive"
    assert overall_verdict(Report(".", (), (), (ScanError("x.toml", "bad"),))) == "inconclusive"
    assert overall_verdict(Report(".", (), (), ())) == "none"


# ------------------------------------------------------------------ SARIF and rebasing
def test_sarif_has_one_result_per_finding_at_the_manifest_line() -> None:
    report = rebase(Report(".", (*AFFECTED.targets, *FIXED.targets, *UNCHECKED.targets), (), ()), "services")
    sarif = sarif_dict(report)
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == [
        "starlette-2093",
        "starlette-2093/inconclusive",
    ]
    error, warning = run["results"]
    assert (error["level"], warning["level"]) == ("error", "warning")
    location = error["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "services/svc/requirements.txt"
    assert location["region"]["startLine"] == 4
    assert (
        "1.00 s" in error["message"]["text"] and "services/svc/requirements.txt:4" in error["message"]["text"]
    )
    assert error["partialFingerprints"] != warning["partialFingerprints"]


def test_rebase_moves_every_path() -> None:
    report = Report(
        ".",
        (
            replace(
                reproduced(
                    PASSED, edits=(Edit("svc/requirements.txt", 4, "starlette==0.27.0", "starlette==0.29.0"),)
                ),
                target=replace(TARGET, python=PythonRequest("3.12", Location(".python-version"))),
            ),
        ),
        ("svc/requirements.txt",),
        (ScanError("bad/pyproject.toml", "invalid", 2),),
    )
    moved = rebase(report, "services")
    [r] = moved.targets
    assert (r.target.root, str(r.target.source)) == ("services/svc", "services/svc/requirements.txt:4")
    assert r.fix is not None and r.fix.change.endswith(
        "change services/svc/requirements.txt:4 to `starlette==0.29.0`"
    )
    assert [e.file for e in r.fix.edits] == ["services/svc/requirements.txt"]
    assert r.target.python is not None and r.target.python.source.file == "services/.python-version"
    assert (
        moved.scanned == ("services/svc/requirements.txt",)
        and moved.errors[0].file == "services/bad/pyproject.toml"
    )
    assert rebase(report, ".") is report


# ------------------------------------------------------------------ reloading a JSON report
def test_json_report_round_trips() -> None:
    report = Report(
        ".",
        (*AFFECTED.targets, *UNCHECKED.targets),
        ("svc/requirements.txt",),
        (ScanError("bad/pyproject.toml", "invalid TOML at line 2", 2),),
    )
    text = render_json(report)
    assert render_json(load_report(json.loads(text))) == text


@pytest.mark.parametrize(
    ("mutate", "where"),
    [
        (lambda d: d.update(schema_version=2), "report.schema_version"),
        (lambda d: d["targets"][0].update(root=3), "report.targets[0].root"),
        (lambda d: d["targets"][0].update(verdict="safe"), "report.targets[0].verdict"),
        (lambda d: d["targets"][0]["source"].update(line=-1), "report.targets[0].source.line"),
        (lambda d: d["targets"][0]["fix"].update(to=None), "report.targets[0].fix.to"),
        (lambda d: d.update(targets={}), "report.targets"),
    ],
)
def test_a_malformed_report_is_refused_with_the_field(mutate: Any, where: str) -> None:
    data = json.loads(render_json(AFFECTED))
    mutate(data)
    with pytest.raises(ReportFormatError, match=rf"^{where.replace('[', '.').replace(']', '.')}"):
        load_report(data)


def test_retry_waits_are_bounded_and_cover_githubs_transient_statuses() -> None:
    from urllib3.response import HTTPResponse

    from starlette_2093_check.github.client import make_retry

    retry = make_retry(attempts=5, max_wait=7.0)
    assert {429, 500, 502, 503, 504, 403} <= set(retry.status_forcelist or ())
    assert {"GET", "POST", "PATCH", "DELETE"} <= set(retry.allowed_methods or ())
    slow = HTTPResponse(body=b"", headers={"Retry-After": "3600"}, status=429)
    assert retry.get_retry_after(slow) == 7.0
    for _ in range(4):
        retry = retry.increment("GET", "/x", response=HTTPResponse(body=b"", status=502))
    assert retry.max_wait == 7.0 and 0 < retry.get_backoff_time() <= 7.0


def test_annotations_point_at_the_manifest_line_for_findings_and_unchecked_files() -> None:
    import io

    from starlette_2093_check.action import annotate
    from starlette_2093_check.github.workflow import Commands

    out = io.StringIO()
    report = Report(
        ".",
        (*AFFECTED.targets, *FIXED.targets, *UNCHECKED.targets),
        (),
        (ScanError("bad/pyproject.toml", "invalid TOML at line 2", 2),),
    )
    annotate(report, Commands(out))
    lines = out.getvalue().splitlines()
    assert [line.split("::")[1].split(",")[0] for line in lines] == [
        "error file=svc/requirements.txt",
        "warning file=svc/requirements.txt",
        "warning file=bad/pyproject.toml",
    ]
    assert (
        "line=4" in lines[0]
        and "waited 1.00 s" in lines[0]
        and "Fix: upgrade starlette to 0.29.0 or later" in lines[0]
    )
    assert "could not be checked (not known to be safe): could not install" in lines[1]
    assert (
        lines[2]
        == "::warning file=bad/pyproject.toml,line=2,title=Manifest not checked::invalid TOML at line 2"
    )


def test_when_the_app_triggers_the_bug_its_middleware_gets_a_notice() -> None:
    import io

    from starlette_2093_check.action import annotate
    from starlette_2093_check.github.workflow import Commands

    reach = Reachability(
        reachable=True,
        middleware=(Finding("svc/app.py", 11, "subclass", "Timing"),),
        background=(Finding("svc/app.py", 23, "BackgroundTasks", "BackgroundTasks"),),
    )
    triggered = replace(AFFECTED.targets[0], reachability=reach, severity=Severity.TRIGGERED)
    report = Report(".", (triggered,), (), (ScanError("svc/broken.py", "invalid Python syntax", 3),))
    out = io.StringIO()
    annotate(report, Commands(out))
    error, notice, unread = out.getvalue().splitlines()
    assert error.startswith("::error file=svc/requirements.txt,line=4,")
    assert notice.startswith("::notice file=svc/app.py,line=11,title=Starlette #2093 is triggered here::")
    assert "BaseHTTPMiddleware (subclass Timing)" in notice
    assert unread == "::warning file=svc/broken.py,line=3,title=Code not read::invalid Python syntax"
    # Present only in a dependency: no notice on code that does not take part.
    out = io.StringIO()
    annotate(Report(".", (replace(triggered, severity=Severity.DEPENDENCY),), (), ()), Commands(out))
    assert [line.split(" ")[0] for line in out.getvalue().splitlines()] == ["::error"]


def test_action_yml_config_outputs_and_readme_agree() -> None:
    import re

    import yaml

    from starlette_2093_check.action import Outcome, outputs
    from tests.conftest import REPO

    action = yaml.safe_load((REPO / "action.yml").read_text())
    assert action["runs"] == {"using": "docker", "image": "Dockerfile"}
    assert len(action["description"]) <= 125 and set(action["branding"]) == {"icon", "color"}
    read = set(
        re.findall(
            r'(?:read_input|_choice|_relative|seconds|_budget)\(environ, "([a-z-]+)"',
            (REPO / "starlette_2093_check/config.py").read_text(),
        )
    )
    assert set(action["inputs"]) == read
    assert set(action["outputs"]) == set(outputs(Outcome(AFFECTED, None, None)))
    # docs/action.md has every input and output; the README's short tables name real ones only
    tables = (REPO / "docs" / "action.md").read_text()
    for name in [*action["inputs"], *action["outputs"]]:
        assert f"| `{name}` |" in tables, f"{name} is missing from the tables of docs/action.md"
    readme = (REPO / "README.md").read_text()
    rows = re.findall(r"^\| `([a-z-]+)` \|", readme, re.M)
    assert rows and set(rows) <= {*action["inputs"], *action["outputs"]}, rows
