"""Packs as data: the built-in ones load, and a repository's own cards are checked line by line."""

from __future__ import annotations

from pathlib import Path

import pytest

from starlette_2093_check.packs import BUILTIN, HEADLINE, builtin_card, builtin_packs, load_custom, load_pack
from tests.conftest import write_tree

GOOD_CARD = """\
id: acme-streaming
package: starlette
title: Our streaming endpoints lose their last chunk
fixed_in: "0.30.0"
links:
  issue: https://example.invalid/acme/issues/12
texts:
  what_broke: The last chunk of a streamed response goes missing behind our middleware.
"""
SCENARIO = "CHECKS = {}\n"


def test_every_builtin_pack_has_a_card_a_scenario_and_readers() -> None:
    packs = builtin_packs()
    assert packs[0].card.id == "starlette-2093"
    assert len(packs) == len(BUILTIN) and load_pack(HEADLINE) is packs[0]
    for pack in packs:
        assert pack.scenario.is_file() and pack.readers and not pack.custom
        assert len(pack.digest) == 64
        assert pack.card.links["issue"].startswith("https://github.com/")
        assert builtin_card(pack.card.id) == pack.card
        assert {"what_broke", "mechanism"} <= set(pack.card.texts)
    assert builtin_card("acme-streaming") is None


def test_a_directory_with_one_card_is_one_pack(tmp_path: Path) -> None:
    write_tree(tmp_path, {"checks/card.yaml": GOOD_CARD, "checks/scenario.py": SCENARIO})
    [pack], errors = load_custom(tmp_path, "checks")
    assert errors == []
    assert pack.id == "acme-streaming" and pack.custom and pack.readers is None
    assert pack.source == "checks/card.yaml" and pack.card.fixed_in == "0.30.0"
    assert pack.scenario == (tmp_path / "checks/scenario.py").resolve()


def test_subdirectories_load_in_order_and_a_bad_card_does_not_stop_the_others(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "packs/a/card.yaml": GOOD_CARD,
            "packs/a/scenario.py": SCENARIO,
            "packs/b/card.yaml": GOOD_CARD.replace('fixed_in: "0.30.0"', "fixed_in: soon").replace(
                "acme-streaming", "acme-b"
            ),
            "packs/b/scenario.py": SCENARIO,
            "packs/c/card.yaml": GOOD_CARD.replace("acme-streaming", "acme-other"),
            "packs/c/scenario.py": SCENARIO,
            "packs/notes.txt": "not a pack",
        },
    )
    packs, errors = load_custom(tmp_path, "packs/")
    assert [p.id for p in packs] == ["acme-streaming", "acme-other"]
    assert [(e.file, e.line) for e in errors] == [("packs/b/card.yaml", 4)]
    assert "'soon' is not a version" in errors[0].message


@pytest.mark.parametrize(
    ("card", "line", "message"),
    [
        (GOOD_CARD.replace("package: starlette", "package: flask"), 2, "can only target starlette"),
        (GOOD_CARD.replace("id: acme-streaming", "id: Acme Streaming!"), 1, "must be lower-case"),
        (GOOD_CARD.replace("id: acme-streaming", "id: starlette-2093"), 1, "already used by another pack"),
        (
            GOOD_CARD.replace("title: Our streaming endpoints lose their last chunk\n", ""),
            1,
            "needs a `title`",
        ),
        (GOOD_CARD + "scenario: ../../etc/passwd\n", 9, "must be a file inside checks/"),
        (GOOD_CARD + "scenario: other.py\n", 9, "scenario file checks/other.py not found"),
        (GOOD_CARD + "triggered_by: [everything]\n", 9, "must be a list of: middleware, background"),
        (GOOD_CARD.replace("links:\n", "links: [1]\nx:\n"), 5, "`links` must be a mapping"),
        ("id: [unclosed\n", 2, "invalid YAML"),
        ("- just\n- a list\n", 1, "must be a YAML mapping"),
    ],
)
def test_a_bad_card_is_an_error_at_its_line(tmp_path: Path, card: str, line: int, message: str) -> None:
    write_tree(tmp_path, {"checks/card.yaml": card, "checks/scenario.py": SCENARIO})
    packs, [error] = load_custom(tmp_path, "checks")
    assert packs == []
    assert (error.file, error.line) == ("checks/card.yaml", line)
    assert message in error.message


def test_a_packs_directory_must_exist_inside_the_repository(tmp_path: Path) -> None:
    (tmp_path / "repo").mkdir()
    write_tree(tmp_path, {"outside/card.yaml": GOOD_CARD, "outside/scenario.py": SCENARIO})
    (tmp_path / "repo/linked").symlink_to(tmp_path / "outside")
    for directory, message in [
        ("missing", "does not exist"),
        ("../outside", "must be inside the repository"),
        ("linked", "must be inside the repository"),
    ]:
        packs, [error] = load_custom(tmp_path / "repo", directory)
        assert packs == [] and message in error.message, directory
    (tmp_path / "repo/empty").mkdir()
    assert "no card.yaml" in load_custom(tmp_path / "repo", "empty")[1][0].message


def test_the_digest_follows_the_scenario_bytes(tmp_path: Path) -> None:
    write_tree(tmp_path, {"checks/card.yaml": GOOD_CARD, "checks/scenario.py": SCENARIO})
    [before], _ = load_custom(tmp_path, "checks")
    (tmp_path / "checks/scenario.py").write_text(SCENARIO + "# changed\n")
    [after], _ = load_custom(tmp_path, "checks")
    assert before.digest != after.digest
