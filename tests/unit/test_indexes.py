"""Index URLs: what a repository may declare, how they combine with the input, what is never shown."""

from __future__ import annotations

from bot.manifests._index import index_source
from bot.model import IndexSource, Location
from bot.resolve import ResolverConfig, plan_indexes, scrub
from bot.urls import redact

HERE = Location("requirements.txt", 1)


def test_variables_and_plain_user_names_are_kept_literal_secrets_are_dropped() -> None:
    kept = [
        "https://${USER}:${TOKEN}@pkgs.invalid/simple",
        "https://__token__:${TOKEN}@pkgs.invalid/simple",
        "https://${TOKEN}@pkgs.invalid/simple",
        "https://pkgs.invalid/simple",
    ]
    for url in kept:
        source, error = index_source(url, HERE)
        assert error is None and source is not None and source.url == url
    for url in ("https://bob:hunter2@pkgs.invalid/simple", "https://ghp_abc123@pkgs.invalid/simple"):
        source, error = index_source(url, HERE)
        assert source is not None and source.url == "https://pkgs.invalid/simple"
        assert error is not None and error.line == 1
        assert "hunter2" not in error.message and "ghp_abc123" not in error.message
    for url in ("ftp://pkgs.invalid/simple", "https://[broken/simple", "not a url"):
        source, error = index_source(url, HERE)
        assert source is None and error is not None and error.file == "requirements.txt"
    assert redact("https://bob:hunter2@pkgs.invalid/simple") == "https://***@pkgs.invalid/simple"


def cfg(index_url: str | None = None, **credentials: str) -> ResolverConfig:
    return ResolverConfig(uv="uv", index_url=index_url, credentials=credentials)


def test_the_input_replaces_declared_primary_indexes_and_extra_ones_are_added() -> None:
    declared = [
        IndexSource("https://mirror.invalid/simple", Location("a.txt", 1), primary=True),
        IndexSource("https://${U}:${P}@private.invalid/simple", Location("a.txt", 2)),
        IndexSource("https://mirror.invalid/simple", Location("b.txt", 4), primary=True),
    ]
    plan = plan_indexes(declared, cfg("https://input.invalid/simple", U="ci", P="tok-123"))
    assert plan.primary == "https://input.invalid/simple"
    assert plan.extra == ("https://ci:tok-123@private.invalid/simple",)  # the input replaced the mirror
    assert plan.secrets == ("ci", "tok-123")
    assert "tok-123" not in " ".join(plan.shown)
    assert plan.errors == ()
    # without the input, the repository's primary index replaces the default
    plan = plan_indexes(declared, cfg(U="ci", P="tok-123"))
    assert plan.primary == "https://mirror.invalid/simple"
    assert plan.extra == ("https://ci:tok-123@private.invalid/simple",)


def test_named_sources_take_uv_or_poetry_variables_and_missing_ones_skip_the_index() -> None:
    declared = [
        IndexSource("https://a.invalid/simple", Location("pyproject.toml", 3), name="corp-a"),
        IndexSource("https://b.invalid/simple", Location("pyproject.toml", 7), name="Corp.B"),
        IndexSource("https://${NOPE}@c.invalid/simple", Location("pyproject.toml", 9)),
    ]
    plan = plan_indexes(
        declared,
        cfg(
            UV_INDEX_CORP_A_USERNAME="u1",
            UV_INDEX_CORP_A_PASSWORD="p/1",
            POETRY_HTTP_BASIC_CORP_B_USERNAME="u2",
            POETRY_HTTP_BASIC_CORP_B_PASSWORD="p2",
        ),
    )
    assert plan.extra == ("https://u1:p%2F1@a.invalid/simple", "https://u2:p2@b.invalid/simple")
    assert [(e.file, e.line) for e in plan.errors] == [("pyproject.toml", 9)]
    assert "NOPE not set" in plan.errors[0].message


def test_scrub_removes_secrets_raw_and_url_quoted_and_any_userinfo() -> None:
    message = "401 for https://u1:p%2F1@a.invalid/simple (password p/1) and http://x:y@b.invalid/"
    cleaned = scrub(message, ["p/1", "u1"])
    assert "p/1" not in cleaned and "p%2F1" not in cleaned and "x:y" not in cleaned
    assert "https://***@a.invalid/simple" in cleaned
