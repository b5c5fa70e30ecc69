"""The one rule of what is skipped, shared by discovery and the code reader (layout.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from starlette_2093_check.config import ActionConfig, ConfigError
from starlette_2093_check.layout import DEFAULT_LAYOUT, Layout, LayoutError, Pattern, Skip, split_patterns


def state(layout: Layout, relpath: str, is_dir: bool = True) -> Skip | None:
    """Walk ``relpath`` from the top as discovery and the code reader do, part by part."""
    why: Skip | None = None
    parts = relpath.split("/")
    for i in range(1, len(parts) + 1):
        last = i == len(parts)
        why = layout.decide("/".join(parts[:i]), is_dir or not last, why)
    return why


@pytest.mark.parametrize(
    ("relpath", "is_dir", "skipped_at"),
    [
        ("tests", True, ("tests", "tests/")),
        ("pkg/test/unit", True, ("pkg/test", "test/")),
        ("tests/fixtures/app", True, ("tests", "tests/")),  # the outermost skipped directory
        ("svc/testdata", True, ("svc/testdata", "testdata/")),
        ("web/__fixtures__", True, ("web/__fixtures__", "__fixtures__/")),
        ("data/raw", True, ("data", "data/")),
        ("notebooks", True, ("notebooks", "notebooks/")),
        ("third_party/lib", True, ("third_party", "third_party/")),
        (".github/workflows", True, (".github", ".*/")),
        ("{{cookiecutter.slug}}/app", True, ("{{cookiecutter.slug}}", "*{{*/")),
        ("sdk/generator/python/template", True, ("sdk/generator/python/template", "template/")),
        ("app/templates/emails", True, ("app/templates", "templates/")),
        ("app/test_views.py", False, ("app/test_views.py", "test_*.py")),
        ("app/conftest.py", False, ("app/conftest.py", "conftest.py")),
        ("app", True, None),
        ("services/api/main.py", False, None),
        ("latest", True, None),  # a name glob matches whole names only
        ("testing", True, None),
        ("data.py", False, None),  # `data/` names directories only
        (".python-version", False, None),  # `.*/` too
    ],
)
def test_default_rules(relpath: str, is_dir: bool, skipped_at: tuple[str, str] | None) -> None:
    why = state(DEFAULT_LAYOUT, relpath, is_dir)
    assert (None if why is None else (why.path, why.pattern)) == skipped_at


def test_skip_adds_to_the_defaults_and_include_wins_at_its_level() -> None:
    layout = Layout.of(
        skip=["legacy", "services/*/old/", "**/generated", "/samples"],
        include=["tests/fixtures/app", "data/"],
    )
    assert state(layout, "legacy/app") == Skip("legacy", "legacy")
    assert state(layout, "services/api/old/x") == Skip("services/api/old", "services/*/old/")
    assert state(layout, "services/api/older") is None
    assert state(layout, "a/b/generated/c") == Skip("a/b/generated", "**/generated")
    assert state(layout, "samples") == Skip("samples", "/samples")
    assert state(layout, "docs/samples") is None  # anchored at the top
    # included back: the named directory, everything below it, nothing beside it
    assert state(layout, "tests/fixtures/app/sub") is None
    assert state(layout, "tests/fixtures/app/build") == Skip("tests/fixtures/app/build", "build/")
    assert state(layout, "tests/fixtures/other") == Skip("tests", "tests/")
    assert state(layout, "data/raw") is None
    # the walk enters a skipped directory only where an include may lie below
    by_path = Layout.of(include=["tests/fixtures/app"])
    assert by_path.may_include_below("tests") and by_path.may_include_below("tests/fixtures")
    assert not by_path.may_include_below("tests/unit")
    assert layout.may_include_below("tests/unit")  # `data/` may name a directory at any depth
    assert not Layout.of(include=["/x/y"]).may_include_below("z")
    assert Layout.of(include=["snapshots"]).may_include_below("anything")


@pytest.mark.parametrize("text", ["", "  ", "/", "../x", "a/../b", "a//b", "./x", "a\\b", "**", "x\x00"])
def test_bad_patterns_are_refused_with_their_text(text: str) -> None:
    with pytest.raises(LayoutError, match="pattern"):
        Pattern.parse(text)


def test_split_patterns_takes_commas_and_lines() -> None:
    assert split_patterns(["tests, legacy\nexamples/old ", None, "legacy"]) == (
        "tests",
        "legacy",
        "examples/old",
    )


def _environ(tmp_path: Path, **inputs: str) -> dict[str, str]:
    return {
        "GITHUB_WORKSPACE": str(tmp_path),
        "GITHUB_EVENT_NAME": "push",
        "GITHUB_REPOSITORY": "acme/api",
        **{f"INPUT_{k.upper()}": v for k, v in inputs.items()},
    }


def test_action_inputs_skip_and_include(tmp_path: Path) -> None:
    config = ActionConfig.from_environ(_environ(tmp_path, skip="legacy,\nservices/*/old", include="tests"))
    assert state(config.layout, "legacy") == Skip("legacy", "legacy")
    assert state(config.layout, "services/a/old") == Skip("services/a/old", "services/*/old")
    assert state(config.layout, "tests/app") is None
    assert ActionConfig.from_environ(_environ(tmp_path)).layout == DEFAULT_LAYOUT
    with pytest.raises(ConfigError, match=r"input `include`: pattern '\.\./x'"):
        ActionConfig.from_environ(_environ(tmp_path, include="../x"))
    with pytest.raises(ConfigError, match="input `skip`: pattern"):
        ActionConfig.from_environ(_environ(tmp_path, skip="a//b"))
