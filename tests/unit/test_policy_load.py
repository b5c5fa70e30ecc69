"""The policy file: found, read and validated (issue 19 §1); real files in temporary checkouts."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import yaml

from starlette_2093_check.config import ActionConfig
from starlette_2093_check.layout import DEFAULT_SKIP
from starlette_2093_check.model import Location
from starlette_2093_check.policy.load import (
    FILE_INPUTS,
    STEP_ONLY,
    PolicyError,
    load_checkout,
    load_file,
    schema,
)
from starlette_2093_check.policy.model import Policy
from tests.conftest import REPO, write_tree

YML = ".github/starlette-check.yml"

POLICY_YAML = """\
# the team's policy
ignore:
  - pack: starlette-2093
    root: services/*
    version: "<0.29"
    reason: legacy, retired in March
    until: 2027-03-01
  - root: tools
    reason: internal tool, never deployed
paths:
  exclude: [services/legacy, "*.ipynb"]
  include: [examples/app]
  default-excludes: false
packs:
  run: [starlette-2093, starlette-1438]
  fail-on:
    starlette-1438: inconclusive
variants:
  extras: [postgres]
  groups: [dev]
inputs:
  fail-on: inconclusive
  comment: always
  suggest: false
  time-budget: 900
  api-timeout: "30"
  json-file: reports/starlette.json
"""

POLICY_TOML = """\
[project]
name = "shop"
version = "1.0"

[tool.starlette-check]
paths = { exclude = ["services/legacy", "*.ipynb"], include = ["examples/app"], default-excludes = false }

[[tool.starlette-check.ignore]]
pack = "starlette-2093"
root = "services/*"
version = "<0.29"
reason = "legacy, retired in March"
until = 2027-03-01

[[tool.starlette-check.ignore]]
root = "tools"
reason = "internal tool, never deployed"

[tool.starlette-check.packs]
run = ["starlette-2093", "starlette-1438"]
fail-on = { starlette-1438 = "inconclusive" }

[tool.starlette-check.variants]
extras = ["postgres"]
groups = ["dev"]

[tool.starlette-check.inputs]
fail-on = "inconclusive"
comment = "always"
suggest = false
time-budget = 900
api-timeout = "30"
json-file = "reports/starlette.json"
"""


def yaml_checkout(tmp_path: Path, text: str) -> Path:
    return write_tree(tmp_path / "repo", {YML: text})


def toml_checkout(tmp_path: Path, text: str) -> Path:
    return write_tree(tmp_path / "repo", {"pyproject.toml": text})


def error_of(top: Path) -> PolicyError:
    with pytest.raises(PolicyError) as caught:
        load_checkout(top)
    return caught.value


def without_places(policy: Policy) -> Policy:
    """The policy with every line left out: what both forms must agree on."""
    from dataclasses import replace

    return replace(
        policy,
        source=None,
        ignore=tuple(replace(r, location=Location("")) for r in policy.ignore),
        packs=replace(policy.packs, locations={}),
        inputs={k: (v, Location("")) for k, (v, _) in policy.inputs.items()},
    )


def test_the_yaml_and_the_pyproject_forms_read_into_the_same_policy(tmp_path: Path) -> None:
    from_yaml = load_checkout(yaml_checkout(tmp_path / "a", POLICY_YAML))
    from_toml = load_checkout(toml_checkout(tmp_path / "b", POLICY_TOML))
    assert without_places(from_yaml) == without_places(from_toml)
    assert from_yaml.source == YML and from_toml.source == "pyproject.toml"
    first = from_yaml.ignore[0]
    assert (first.pack, first.root, first.version, first.until) == (
        "starlette-2093",
        "services/*",
        "<0.29",
        date(2027, 3, 1),
    )
    assert from_yaml.ignore[1].pack is None and from_yaml.ignore[1].until is None
    assert from_yaml.paths.exclude == ("services/legacy", "*.ipynb") and not from_yaml.paths.default_excludes
    assert from_yaml.packs.run == ("starlette-2093", "starlette-1438")
    assert dict(from_yaml.packs.fail_on) == {"starlette-1438": "inconclusive"}
    assert (from_yaml.variants.extras, from_yaml.variants.groups) == (("postgres",), ("dev",))
    # inputs are kept as the step would write them, each with its line
    assert {k: v for k, (v, _) in from_yaml.inputs.items()} == {
        "fail-on": "inconclusive",
        "comment": "always",
        "suggest": "false",
        "time-budget": "900",
        "api-timeout": "30",
        "json-file": "reports/starlette.json",
    }
    assert from_yaml.inputs["fail-on"] == ("inconclusive", Location(YML, 22))
    assert from_toml.inputs["fail-on"] == ("inconclusive", Location("pyproject.toml", 28))
    # places for P2's messages: each entry, each pack named
    assert from_yaml.ignore[1].location == Location(YML, 8)
    assert from_toml.ignore[1].location == Location("pyproject.toml", 15)
    assert from_yaml.packs.locations[("fail-on", "starlette-1438")] == Location(YML, 17)


def test_no_file_and_a_pyproject_without_the_table_are_no_policy(tmp_path: Path) -> None:
    assert load_checkout(write_tree(tmp_path / "a", {"requirements.txt": "x\n"})) == Policy()
    assert load_checkout(toml_checkout(tmp_path / "b", '[project]\nname = "x"\n')) == Policy()
    assert load_checkout(yaml_checkout(tmp_path / "c", "# nothing yet\n")) == Policy(source=YML)


@pytest.mark.parametrize(
    ("form", "text", "line", "words"),
    [
        ("yaml", "inputs:\n  fail-on: never\npath:\n  exclude: [x]\n", 3, "unknown key `path`"),
        ("yaml", "paths:\n  exclude: [x]\n  excludes: [y]\n", 3, "unknown key `excludes` in `paths`"),
        ("toml", "[tool.starlette-check]\nbogus = 1\n", 2, "unknown key `bogus`"),
        (
            "toml",
            '[tool.starlette-check.paths]\nexclude = ["x"]\nexcludes = ["y"]\n',
            3,
            "unknown key `excludes`",
        ),
        # an input at the top: the message says where inputs go
        ("yaml", "ignore: []\nfail-on: never\n", 2, "inputs go under `inputs:`"),
        # until: not a date, or a day that does not exist
        (
            "yaml",
            "ignore:\n  - pack: starlette-2093\n    reason: r\n    until: next spring\n",
            4,
            "`ignore[0].until` must be a date",
        ),
        (
            "yaml",
            "ignore:\n  - pack: starlette-2093\n    reason: r\n    until: 2027-02-30\n",
            4,
            "`ignore[0].until` must be a date",
        ),
        (
            "toml",
            '[[tool.starlette-check.ignore]]\npack = "starlette-2093"\nreason = "r"\nuntil = "2027-13-01"\n',
            4,
            "must be a date",
        ),
        # reason: required, and not blank
        (
            "yaml",
            "ignore:\n  - pack: starlette-2093\n    until: 2027-01-01\n",
            2,
            "`ignore[0]` needs `reason`",
        ),
        (
            "toml",
            '[[tool.starlette-check.ignore]]\npack = "starlette-2093"\n',
            1,
            "`ignore[0]` needs `reason`",
        ),
        (
            "yaml",
            "ignore:\n  - pack: starlette-2093\n    reason: '  '\n",
            3,
            "`ignore[0].reason` must not be empty",
        ),
        # an entry that names nothing would accept everything
        ("yaml", "ignore:\n  - reason: all of it\n", 2, "at least one of `pack`, `root` and `version`"),
        ("yaml", "ignore:\n  - version: banana\n    reason: r\n", 2, "'banana' is neither a version nor"),
        # fail-on values, per pack and as an input
        ("yaml", "packs:\n  fail-on:\n    starlette-2093: sometimes\n", 3, "must be one of reproduced"),
        (
            "toml",
            '[tool.starlette-check.packs]\nfail-on = { starlette-2093 = "maybe" }\n',
            2,
            "must be one of",
        ),
        (
            "yaml",
            "inputs:\n  comment: often\n",
            2,
            "`inputs.comment` must be one of reproduced, always, never",
        ),
        ("yaml", "inputs:\n  time-budget: soon\n", 2, "must be a number of seconds"),
        ("yaml", "inputs:\n  api-timeout: 0\n", 2, "must be a number of seconds (more than 0)"),
        ("yaml", "inputs:\n  json-file: ../out.json\n", 2, "must be a path inside the workspace"),
        ("yaml", "paths:\n  exclude: [a/../b]\n", 2, "parts may not be empty, '.' or '..'"),
        ("yaml", "packs:\n  run: [Starlette 2093]\n", 2, "is not a pack id"),
        ("yaml", "variants:\n  extras: postgres\n", 2, "`variants.extras` must be a list, not text"),
        ("yaml", "paths:\n  default-excludes: maybe\n", 2, "must be true or false"),
        # an input a file may not set
        (
            "yaml",
            "inputs:\n  fail-on: never\n  index-url: https://mirror.example.invalid/simple\n",
            3,
            "only be given to the step",
        ),
        ("toml", '[tool.starlette-check.inputs]\npacks = "evil-packs"\n', 2, "only be given to the step"),
        ("yaml", "inputs:\n  skip: tests\n", 2, "written `paths.exclude`"),
        # YAML itself
        ("yaml", "inputs: {comment: always}\ninputs: {comment: never}\n", 2, "`inputs` is given twice"),
        ("yaml", "- ignore\n", 1, "must be a mapping of keys"),
        ("yaml", "ignore:\n  - pack: [unclosed\n", 2, "invalid YAML"),
        ("toml", "[tool.starlette-check]\npaths = {\n", 2, "invalid TOML"),
    ],
)
def test_a_bad_key_or_value_is_an_error_naming_the_file_and_line(
    tmp_path: Path, form: str, text: str, line: int, words: str
) -> None:
    top = yaml_checkout(tmp_path, text) if form == "yaml" else toml_checkout(tmp_path, text)
    error = error_of(top)
    source = YML if form == "yaml" else "pyproject.toml"
    assert (error.file, error.line) == (source, line), str(error)
    assert str(error).startswith(f"{source}:{line}: ") and words in str(error), str(error)


def test_every_problem_is_listed_each_at_its_line(tmp_path: Path) -> None:
    text = "ignore:\n  - pack: starlette-2093\ninputs:\n  fail-on: sometimes\n  cache-dir: /tmp/x\nbogus: 1\n"
    error = error_of(yaml_checkout(tmp_path, text))
    assert [(p.location.line, p.message.split(" ")[0]) for p in error.problems] == [
        (2, "`ignore[0]`"),
        (4, "`inputs.fail-on`"),
        (5, "input"),
        (6, "unknown"),
    ]
    assert str(error).splitlines()[1:] == [f"{p.location}: {p.message}" for p in error.problems]


def test_both_files_are_an_error_naming_both(tmp_path: Path) -> None:
    top = write_tree(
        tmp_path / "repo",
        {
            YML: "inputs:\n  comment: always\n",
            "pyproject.toml": '[project]\nname = "x"\n\n[tool.starlette-check]\n',
        },
    )
    error = error_of(top)
    assert (error.file, error.line) == ("pyproject.toml", 4)
    assert YML in str(error) and "[tool.starlette-check]" in str(error)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # a "billion laughs": refused before anything is built
        (
            'a: &a ["x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b]\n',
            "anchors",
        ),
        ("inputs:\n  comment: *c\n", "aliases"),
        ("inputs: !!python/object/apply:os.system [echo hi]\n", "tags"),
        ("inputs:\n  comment: !!str always\n", "tags"),
        ("ignore: []\n---\ninputs: {}\n", "single YAML document"),
        ("a:\n" + "".join("  " * i + f" - l{i}:\n" for i in range(1, 12)), "nested more than"),
        ("ignore: []\n" + "# padding\n" * 8000, "larger than 64 KiB"),
    ],
)
def test_a_hostile_yaml_file_is_refused_before_it_is_built(tmp_path: Path, text: str, words: str) -> None:
    error = error_of(yaml_checkout(tmp_path, text))
    assert error.file == YML and words in str(error), str(error)


def test_a_symlink_out_of_the_checkout_is_not_followed(tmp_path: Path) -> None:
    outside = write_tree(tmp_path / "outside", {"policy.yml": "inputs:\n  fail-on: never\n"})
    top = write_tree(tmp_path / "repo", {"requirements.txt": "x\n"})
    (top / ".github").mkdir()
    (top / YML).symlink_to(outside / "policy.yml")
    error = error_of(top)
    assert error.file == YML and "outside the checkout" in str(error)


def test_load_file_reads_either_form_and_wants_the_table(tmp_path: Path) -> None:
    yml = write_tree(tmp_path, {"team.yml": POLICY_YAML})
    assert load_file(yml / "team.yml").inputs["comment"][0] == "always"
    toml = write_tree(tmp_path, {"team.toml": POLICY_TOML, "empty.toml": '[project]\nname = "x"\n'})
    assert load_file(toml / "team.toml").ignore[0].until == date(2027, 3, 1)
    with pytest.raises(PolicyError, match=r"empty\.toml:1: it has no `\[tool\.starlette-check\]` table"):
        load_file(toml / "empty.toml")
    with pytest.raises(PolicyError, match="cannot read it"):
        load_file(tmp_path / "missing.yml")


def test_the_schema_is_valid_and_lists_exactly_the_inputs_a_file_may_set() -> None:
    from jsonschema import Draft202012Validator

    shipped = json.loads((REPO / "starlette_2093_check/policy/schema.json").read_text())
    Draft202012Validator.check_schema(shipped)
    assert shipped == schema()
    declared = set(yaml.safe_load((REPO / "action.yml").read_text())["inputs"])
    assert set(FILE_INPUTS) <= declared and set(STEP_ONLY) <= declared
    assert not set(FILE_INPUTS) & set(STEP_ONLY)
    for name in FILE_INPUTS:  # its description states the default, as action.yml's does
        assert "Default:" in shipped["properties"]["inputs"]["properties"][name]["description"], name
    for name in ("index-url", "index-env", "index-hosts", "vulnerability-url", "packs", "github-token"):
        assert name in STEP_ONLY, name
    # the inputs a file may set default to "" in action.yml, so that "not given" can be told
    defaults = {
        n: s.get("default") for n, s in yaml.safe_load((REPO / "action.yml").read_text())["inputs"].items()
    }
    assert {n: defaults[n] for n in FILE_INPUTS} == dict.fromkeys(FILE_INPUTS, "")


def base_env(tmp_path: Path, **inputs: str) -> dict[str, str]:
    return {
        "GITHUB_WORKSPACE": str(tmp_path),
        "GITHUB_EVENT_NAME": "push",
        "GITHUB_REPOSITORY": "acme/shop",
        **{f"INPUT_{k.upper()}": v for k, v in inputs.items()},
    }


def test_an_input_in_the_file_applies_and_one_given_to_the_step_wins(tmp_path: Path) -> None:
    policy = load_checkout(yaml_checkout(tmp_path, POLICY_YAML))
    # GitHub passes an input the step leaves out as action.yml's default: now ""
    config = ActionConfig.from_environ(base_env(tmp_path, **{"fail-on": "", "suggest": ""}), policy)
    assert (config.fail_on, config.comment, config.suggest, config.time_budget) == (
        "inconclusive",
        "always",
        False,
        900,
    )
    assert (config.api_timeout, config.json_file) == (30.0, "reports/starlette.json")
    assert config.policy is policy
    given = ActionConfig.from_environ(base_env(tmp_path, **{"fail-on": "never", "comment": "never"}), policy)
    assert (given.fail_on, given.comment, given.suggest) == ("never", "never", False)
    # without a file: the built-in defaults
    plain = ActionConfig.from_environ(base_env(tmp_path), Policy())
    assert (plain.fail_on, plain.comment, plain.suggest, plain.time_budget) == (
        "reproduced",
        "reproduced",
        True,
        1800,
    )


def test_paths_are_laid_over_the_skip_and_include_inputs(tmp_path: Path) -> None:
    policy = load_checkout(
        yaml_checkout(tmp_path, "paths:\n  exclude: [legacy]\n  include: [examples/app]\n")
    )
    config = ActionConfig.from_environ(base_env(tmp_path, skip="old", include="tests"), policy)
    skipped = [p.text for p in config.layout.skip]
    assert skipped[: len(DEFAULT_SKIP)] == list(DEFAULT_SKIP) and skipped[-2:] == ["old", "legacy"]
    assert [p.text for p in config.layout.include] == ["tests", "examples/app"]
    assert config.layout.decide("legacy", True, None) is not None
    assert config.layout.decide("examples/app", True, None) is None
    bare = load_checkout(
        yaml_checkout(tmp_path / "b", "paths:\n  default-excludes: false\n  exclude: [legacy]\n")
    )
    layout = ActionConfig.from_environ(base_env(tmp_path), bare).layout
    assert [p.text for p in layout.skip] == ["legacy"]
    assert layout.decide("tests", True, None) is None  # the built-in skips are gone
