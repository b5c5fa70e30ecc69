"""The pieces of a fix's check that need no resolver: the changed set, uv's names, the sentences."""

from __future__ import annotations

import json

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from starlette_2093_check.fixset import (
    Change,
    admits,
    ancestors,
    edited,
    named,
    requirements_of,
    with_specifier,
)
from starlette_2093_check.model import (
    Declared,
    Fix,
    Location,
    Report,
    Resolution,
    SetCheck,
    Target,
    TargetResult,
    Verdict,
    VerdictStatus,
)
from starlette_2093_check.report import render_json
from starlette_2093_check.report.fixtext import checked, fell_back, regenerate
from starlette_2093_check.report.load import load_report


def decl(
    requirement: str, line: int, *, constraint: bool = False, file: str = "requirements.txt"
) -> Declared:
    name = canonicalize_name(Requirement(requirement).name)
    return Declared(name, requirement, Location(file, line), constraint=constraint)


PROJECT = [
    decl("fastapi[all]==0.103.0; python_version >= '3.8'", 1),
    decl("starlette==0.27.0", 2),
    decl("acme-tools==1.0", 3),
    decl("anyio<4", 1, constraint=True, file="constraints.txt"),
]


def test_a_change_keeps_extras_and_markers_and_applies_to_its_declaration_only() -> None:
    assert with_specifier("fastapi[all]==0.103.0; python_version >= '3.8'", ">=0.108.0") == (
        'fastapi[all]>=0.108.0; python_version >= "3.8"'
    )
    changes = [Change(PROJECT[0], "==0.165.0"), Change(PROJECT[1], "==1.10.0")]
    assert changes[1].describe() == "requirements.txt:2 to starlette==1.10.0"
    after = edited(PROJECT, changes)
    assert [(d.requirement, d.constraint) for d in after] == [
        ('fastapi[all]==0.165.0; python_version >= "3.8"', False),
        ("starlette==1.10.0", False),
        ("acme-tools==1.0", False),
        ("anyio<4", True),
    ]
    assert [d.location for d in after] == [d.location for d in PROJECT]
    assert "acme-tools" not in {d.name for d in edited(PROJECT, changes, left_out=["acme-tools"])}
    assert requirements_of(PROJECT, changes, "starlette") == ["starlette==1.10.0"]


def test_uv_names_are_read_in_order_and_canonicalised() -> None:
    message = (
        "Because fastapi==0.103.0 depends on starlette>=0.27.0,<0.28.0 and Acme_Tools==1.0 depends on "
        "fastapi==0.103.0, we can conclude that acme-tools==1.0 and starlette==0.29.0 are incompatible."
    )
    assert named(message, ["acme-tools", "fastapi", "uvicorn"]) == ["fastapi", "acme-tools"]


def test_ancestors_walk_up_every_parent() -> None:
    parents = {"starlette": ["fastapi", "sse-starlette"], "fastapi": ["acme-app"], "sse-starlette": []}
    assert ancestors(parents, "starlette") == ["fastapi", "sse-starlette", "acme-app"]
    assert admits(decl("fastapi>=0.100", 1), "0.103.0") and not admits(decl("fastapi>=0.104", 1), "0.103.0")


TARGET = Target("svc", "starlette", "0.27.0", Location("svc/requirements.txt", 2), (), Resolution.PIN)
PASSED = Verdict(VerdictStatus.NOT_REPRODUCED, "passed")


def fix(**fields: object) -> Fix:
    base: dict[str, object] = {
        "package": "starlette",
        "from_version": "0.27.0",
        "to_version": "0.29.0",
        "location": TARGET.source,
        "change": "",
        "minimal": "0.29.0",
        "recommended": "1.10.0",
        "verification": PASSED,
    }
    return Fix(**{**base, **fields})  # type: ignore[arg-type]


RESOLVED = SetCheck(True, ("svc/requirements.txt",), (("anyio", "4.16.0"), ("starlette", "1.10.0")))


def test_only_a_set_that_resolves_and_passes_is_called_verified() -> None:
    assert checked(fix(check=RESOLVED, verified=True), "starlette") == (
        "Verified: with the change, the requirements in svc/requirements.txt resolve (compile only, wheels "
        "only) to anyio 4.16.0, starlette 1.10.0, and the reproduction passes on starlette 1.10.0."
    )
    failed = SetCheck(False, ("svc/requirements.txt",), error="no solution")
    assert checked(fix(check=failed), "starlette").startswith(
        "Not verified: with the change, the requirements in svc/requirements.txt do not resolve"
    )
    partial = SetCheck(True, RESOLVED.files, RESOLVED.versions, left_out=("acme-tools: no wheel",))
    assert "only without acme-tools: no wheel" in checked(fix(check=partial, verified=False), "starlette")
    assert checked(fix(), "starlette").startswith("Not verified")  # an older report: nothing was resolved
    assert fell_back(fix(), "starlette") is None
    assert regenerate(fix(regenerate="uv.lock")) == (
        "uv.lock still pins the old versions: its manifest allows the fix; regenerate it."
    )


def test_the_check_and_the_fallback_round_trip_through_a_report_file() -> None:
    why = "the newer sets the project allows did not pass the reproduction (starlette 1.10.0)"
    original = fix(
        recommended="0.29.0", check=RESOLVED, verified=True, fallback=why, regenerate="svc/requirements.txt"
    )
    result = TargetResult(TARGET, Verdict(VerdictStatus.REPRODUCED, "waited"), original)
    data = json.loads(render_json(Report(".", (result,), (), ())))
    assert data["targets"][0]["fix"]["check"] == {
        "resolves": True,
        "files": ["svc/requirements.txt"],
        "versions": {"anyio": "4.16.0", "starlette": "1.10.0"},
        "error": None,
        "left_out": [],
    }
    loaded = load_report(data).targets[0].fix
    assert loaded is not None
    assert (loaded.check, loaded.verified, loaded.fallback, loaded.regenerate) == (
        RESOLVED,
        True,
        why,
        "svc/requirements.txt",
    )
    del data["targets"][0]["fix"]["verified"]  # a report written before the check existed
    older = load_report(data).targets[0].fix
    assert older is not None and older.verified is False
