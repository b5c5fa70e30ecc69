"""The pieces of a sticky body: the scoped marker, the author line, the size limit, the ``id`` input."""

from __future__ import annotations

import json

import pytest

from starlette_2093_check.config import ActionConfig, ConfigError
from starlette_2093_check.github.identity import Identity
from starlette_2093_check.github.sticky import BODY_LIMIT, finished, scoped_marker, stamp_of, stamped
from starlette_2093_check.report.markdown import MARKER, read_state

BOT = Identity("github-actions[bot]", 41898282)
STATE = '<!-- starlette-2093-check:state {"reproduced": {"svc": "0.27.0"}, "was": {}} -->'
BODY = f"{MARKER}\n{STATE}\n## report\n"

HOSTILE_SCOPES = [
    "path:services/api",
    "id:a --> <script>alert(1)</script> <!--",
    "id:--!>",
    "id:-",
    "id:" + "-" * 300,
    "id:\u202egnp.exe",
    "id:支付 🚀",
    "id:line\nbreak -->",
    "path:" + "a/" * 400 + "z",
]


@pytest.mark.parametrize("scope", HOSTILE_SCOPES)
def test_a_scoped_marker_is_one_intact_hidden_comment(scope: str) -> None:
    marker = scoped_marker(MARKER, scope)
    inside = marker.removeprefix("<!--").removesuffix("-->")
    assert marker.startswith("<!-- starlette-2093-check scope=") and marker.endswith(" -->")
    assert "--" not in inside and ">" not in inside and "<" not in inside and "\n" not in marker
    assert len(marker) <= 100 and marker.isascii()
    # The report reads the state back from under it.
    assert read_state(f"{marker}\n{STATE}\n") == {"svc": "0.27.0"}


def test_the_default_job_keeps_the_marker_earlier_versions_wrote() -> None:
    assert scoped_marker(MARKER, None) == MARKER == "<!-- starlette-2093-check -->"


def test_scopes_that_read_the_same_are_told_apart() -> None:
    markers = {
        scoped_marker(MARKER, s) for s in ("id:a b", "id:a-b", "id:a\tb", "path:a b", "id:支付", "id:服务")
    }
    assert len(markers) == 6
    assert scoped_marker(MARKER, "path:services/api") == scoped_marker(MARKER, "path:services/api")


def test_the_path_and_id_inputs_give_the_scope() -> None:
    base = {"GITHUB_WORKSPACE": "/w", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_REPOSITORY": "a/b"}
    assert ActionConfig.from_environ(base).scope is None
    assert ActionConfig.from_environ({**base, "INPUT_PATH": "./"}).scope is None
    scopes = {ActionConfig.from_environ({**base, "INPUT_PATH": p}).scope for p in ("svc/", "./svc", "svc")}
    assert scopes == {"path:svc"}
    assert ActionConfig.from_environ({**base, "INPUT_PATH": "svc", "INPUT_ID": " api "}).scope == "id:api"
    with pytest.raises(ConfigError, match="input `id`"):
        ActionConfig.from_environ({**base, "INPUT_ID": "x" * 101})
    with pytest.raises(ConfigError, match="input `id`"):
        ActionConfig.from_environ({**base, "INPUT_ID": "a\u0000b"})


def test_the_author_line_is_read_back_and_changes_nothing_else() -> None:
    body = stamped(BODY, BOT)
    assert stamp_of(body) == BOT and read_state(body) == {"svc": "0.27.0"}
    assert body == BODY.replace(
        "state {", 'state {"by": {"id": 41898282, "login": "github-actions[bot]"}, '
    ), "the rest of the state line is as the report wrote it"
    assert stamped(body, BOT) == body, "stamping twice is stamping once"
    assert stamped("no state line\n", BOT) == "no state line\n"
    for forged in ('"by": "x"', '"by": {"login": "a b", "id": 1}', '"by": {"login": "a", "id": true}'):
        assert stamp_of(f"{MARKER}\n<!-- starlette-2093-check:state {{{forged}}} -->\n") is None


def test_a_finished_body_has_the_marker_the_author_and_fits() -> None:
    marker = scoped_marker(MARKER, "id:支付 🚀")
    body = finished(BODY, marker, BOT)
    assert body.split("\n")[0] == marker and stamp_of(body) == BOT
    # A renderer that used all of the limit: the body is cut again, in UTF-8 bytes.
    full = BODY + "服" * ((BODY_LIMIT - len(BODY.encode())) // 3) + "\n"
    cut = finished(full, marker, BOT)
    assert len(cut.encode()) <= BODY_LIMIT and len(cut) <= BODY_LIMIT
    assert cut.split("\n")[0] == marker and cut.endswith("_Cut to fit GitHub's comment size limit._\n")
    assert json.loads(cut.split("\n")[1][len("<!-- starlette-2093-check:state ") : -4])["reproduced"]
