"""Index URLs: what a repository may declare, how they combine with the input, what is never shown."""

from __future__ import annotations

import pytest

from starlette_2093_check.indexes import (
    IndexPolicy,
    IndexPolicyError,
    allowed_variables,
    default_index_url,
    parse_hosts,
    parse_names,
    scrub,
)
from starlette_2093_check.manifests._index import index_source
from starlette_2093_check.model import IndexSource, Location
from starlette_2093_check.resolve import ResolverConfig, plan_indexes
from starlette_2093_check.urls import redact

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


def cfg(
    index_url: str | None = None, *, hosts: tuple[str, ...] = (), untrusted: bool = False, **variables: str
) -> ResolverConfig:
    return ResolverConfig(
        uv="uv", index_url=index_url, policy=IndexPolicy(variables, frozenset(hosts), untrusted)
    )


def test_the_input_replaces_declared_primary_indexes_and_extra_ones_are_added() -> None:
    declared = [
        IndexSource("https://mirror.invalid/simple", Location("a.txt", 1), primary=True),
        IndexSource("https://${U}:${P}@private.invalid/simple", Location("a.txt", 2)),
        IndexSource("https://mirror.invalid/simple", Location("b.txt", 4), primary=True),
    ]
    listed = ("private.invalid",)
    plan = plan_indexes(declared, cfg("https://input.invalid/simple", hosts=listed, U="ci", P="tok-123"))
    assert plan.primary == "https://input.invalid/simple"
    assert plan.extra == ("https://ci:tok-123@private.invalid/simple",)  # the input replaced the mirror
    assert plan.secrets == ("ci", "tok-123")
    assert "tok-123" not in " ".join(plan.shown)
    assert plan.errors == ()
    # without the input, the repository's primary index replaces the default
    plan = plan_indexes(declared, cfg(hosts=listed, U="ci", P="tok-123"))
    assert plan.primary == "https://mirror.invalid/simple"
    assert plan.extra == ("https://ci:tok-123@private.invalid/simple",)


def test_named_sources_take_allowed_uv_or_poetry_variables_and_missing_ones_skip_the_index() -> None:
    declared = [
        IndexSource("https://a.invalid/simple", Location("pyproject.toml", 3), name="corp-a"),
        IndexSource("https://b.invalid/simple", Location("pyproject.toml", 7), name="Corp.B"),
        IndexSource("https://${NOPE}@c.invalid/simple", Location("pyproject.toml", 9)),
    ]
    plan = plan_indexes(
        declared,
        cfg(
            hosts=("a.invalid", "b.invalid", "c.invalid"),
            UV_INDEX_CORP_A_USERNAME="u1",
            UV_INDEX_CORP_A_PASSWORD="p/1",
            POETRY_HTTP_BASIC_CORP_B_USERNAME="u2",
            POETRY_HTTP_BASIC_CORP_B_PASSWORD="p2",
        ),
    )
    assert plan.extra == ("https://u1:p%2F1@a.invalid/simple", "https://u2:p2@b.invalid/simple")
    assert [(e.file, e.line) for e in plan.errors] == [("pyproject.toml", 9)]
    assert "NOPE is not set in the environment" in plan.errors[0].message
    assert "`index-env` (--index-env) does not list NOPE" in plan.errors[0].message


def test_values_go_only_to_listed_hosts_and_never_into_the_host_part() -> None:
    declared = [
        IndexSource("http://127.0.0.1:18081/leak/${TOKEN}/simple", Location("requirements.txt", 1)),
        IndexSource("https://${TOKEN}.attacker.invalid/simple", Location("requirements.txt", 2)),
        IndexSource("https://x.invalid/simple", Location("pyproject.toml", 4), name="corp"),
    ]
    plan = plan_indexes(
        declared, cfg(hosts=("x.invalid:8443",), TOKEN="s3cret-value", UV_INDEX_CORP_PASSWORD="pw-999")
    )
    assert plan.secrets == ()
    assert not any("s3cret-value" in u or "pw-999" in u for u in (plan.primary or "", *plan.extra))
    assert [e.line for e in plan.errors] == [1, 2]
    assert "index-hosts" in plan.errors[0].message and "host part" in plan.errors[1].message
    # a named source on an unlisted port of a listed host is asked without credentials
    assert plan.extra == ("https://x.invalid/simple",)


def test_an_untrusted_checkout_contacts_no_unlisted_host_at_all() -> None:
    declared = [
        IndexSource("https://mirror.invalid/simple", Location("Pipfile", 2), primary=True),
        IndexSource("https://corp.invalid/simple", Location("Pipfile", 6)),
        IndexSource("file:///srv/wheels", Location("Pipfile", 9)),
    ]
    plan = plan_indexes(declared, cfg(hosts=("corp.invalid",), untrusted=True))
    assert plan.primary is None and plan.extra == ("https://corp.invalid/simple",)
    assert [e.line for e in plan.errors] == [2, 9]
    assert all("untrusted" in e.message for e in plan.errors)
    # the same checkout on a trusted event asks them (without credentials)
    plan = plan_indexes(declared, cfg(hosts=("corp.invalid",)))
    assert plan.primary == "https://mirror.invalid/simple" and plan.errors == ()


def test_an_untrusted_checkout_may_name_the_default_index_but_send_it_nothing() -> None:
    """Nearly every Pipfile declares the default index; naming it chooses no new host. With a
    variable or credentials in it, it is a URL like any other (pip's own default, never spelled here)."""
    default = default_index_url()
    scheme, _, rest = default.partition("://")
    declared = [
        IndexSource(default + "/", Location("Pipfile", 2), primary=True),
        IndexSource(f"{scheme}://${{CORP_TOKEN}}@{rest}", Location("Pipfile", 7)),
        IndexSource(f"{scheme}://user:pw@{rest}", Location("Pipfile", 8)),
    ]
    plan = plan_indexes(declared, cfg(untrusted=True, CORP_TOKEN="s3cret"))
    assert plan.primary == default + "/" and plan.extra == () and plan.secrets == ()
    assert [e.line for e in plan.errors] == [7, 8]
    assert all("untrusted" in e.message for e in plan.errors)


def test_the_workflow_lists_variables_never_githubs_own_or_the_token() -> None:
    assert parse_names(["CORP_TOKEN, UV_INDEX_*", "OTHER"]) == ("CORP_TOKEN", "UV_INDEX_*", "OTHER")
    for bad in ("GITHUB_TOKEN", "ACTIONS_RUNTIME_TOKEN", "INPUT_GITHUB-TOKEN", "RUNNER_TEMP", "a/b"):
        with pytest.raises(IndexPolicyError):
            parse_names([bad])
    environ = {
        "GITHUB_TOKEN": "ghs_workflowtoken1",
        "ACTIONS_RUNTIME_TOKEN": "runtime-token-2",
        "CORP_TOKEN": "corp-secret",
        "COPIED": "ghs_workflowtoken1",
        "EMPTY": "",
    }
    taken, refused = allowed_variables(["*"], environ, protected=())
    assert taken == {"CORP_TOKEN": "corp-secret"}
    assert refused == ["COPIED holds the workflow's token and is never filled into an index URL"]
    assert parse_hosts(["pypi.corp.invalid, 127.0.0.1:8080"]) == ("pypi.corp.invalid", "127.0.0.1:8080")
    for bad in ("https://pypi.corp.invalid", "pypi.corp.invalid/simple", "user@host"):
        with pytest.raises(IndexPolicyError):
            parse_hosts([bad])


def test_scrub_removes_secrets_raw_and_url_quoted_and_any_userinfo() -> None:
    message = "401 for https://u1:p%2F1@a.invalid/simple (password p/1) and http://x:y@b.invalid/"
    cleaned = scrub(message, ["p/1", "u1"])
    assert "p/1" not in cleaned and "p%2F1" not in cleaned and "x:y" not in cleaned
    assert "https://***@a.invalid/simple" in cleaned


def test_a_url_whose_host_parsers_disagree_on_is_refused() -> None:
    """Python reads the host after the last '@'; uv's (WHATWG) parser ends the host at a backslash."""
    declared = [
        IndexSource("http://evil.invalid\\@allowed.invalid/${TOKEN}/simple", Location("requirements.txt", 1)),
        IndexSource("https://a b@allowed.invalid/simple", Location("requirements.txt", 2)),
        IndexSource("https://user@name@allowed.invalid/simple", Location("requirements.txt", 3)),
    ]
    plan = plan_indexes(declared, cfg(hosts=("allowed.invalid",), TOKEN="s3cret-value"))
    assert plan.extra == () and plan.secrets == ()
    assert [e.line for e in plan.errors] == [1, 2, 3]
    assert all("not a plain URL" in e.message and "s3cret" not in e.message for e in plan.errors)


def test_one_message_says_everything_a_skipped_index_needs() -> None:
    declared = [IndexSource("https://${CORP_TOKEN}@pkgs.corp.invalid/simple", Location("pyproject.toml", 9))]
    policy = IndexPolicy({}, frozenset(), listed=(), present=frozenset({"CORP_TOKEN"}))
    [error] = plan_indexes(declared, ResolverConfig(uv="uv", policy=policy)).errors
    assert "pkgs.corp.invalid is not in `index-hosts` (--index-host)" in error.message
    assert "`index-env` (--index-env) does not list CORP_TOKEN" in error.message
    assert "not set" not in error.message  # it is set: only the listing is missing
    policy = IndexPolicy({}, frozenset({"pkgs.corp.invalid"}), listed=("CORP_*",), present=frozenset())
    [error] = plan_indexes(declared, ResolverConfig(uv="uv", policy=policy)).errors
    assert error.message.endswith("listed, set variables: CORP_TOKEN is not set in the environment")
