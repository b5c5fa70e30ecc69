"""Why a requirement was left out of a fix's check, said plainly (from uv's real messages)."""

from __future__ import annotations

from starlette_2093_check.fixset import left_out_reason
from starlette_2093_check.model import Fix, Location, SetCheck, Verdict, VerdictStatus
from starlette_2093_check.report.fixtext import checked, left_out

NO_WHEEL = "no wheel for this Python and platform (the check never builds an sdist)"


def test_uv_messages_from_real_projects_become_short_reasons() -> None:
    # freqtrade, fastapi-admin, lnbits, Chainlit: uv's message about the declaration on its own.
    messages = {
        "ta-lib": (
            "error: No solution found when resolving dependencies: cause: Because ta-lib==0.4.28 has no "
            "usable wheels and you require ta-lib==0.4.28, we can conclude that your requirements are "
            "unsatisfiable. hint: Wheels are required for `ta-lib` because building from source is disabled"
        ),
        "ciso8601": (
            "Because ciso8601{implementation_name == 'cpython' and sys_platform != 'win32'}==2.1.3 has no "
            "usable wheels and you require ciso8601{implementation_name == 'cpython'}==2.1.3, we can conclude"
        ),
        "sqlalchemy-aio": (
            "Because sqlalchemy<=1.3.24 has no usable wheels and only the following versions of sqlalchemy "
            "are available: sqlalchemy<=1.3.24 sqlalchemy>=1.4 we can conclude that sqlalchemy<1.4 cannot be "
            "used. And because sqlalchemy-aio>=0.17.0 depends on sqlalchemy<1.4, we can conclude ..."
        ),
        "chainlit-client": (
            "Because chainlit-client was not found in the package registry and you require "
            "chainlit-client==0.1.0rc7, we can conclude that your requirements are unsatisfiable."
        ),
        "pandas-ta": (
            "Because there is no version of pandas-ta==0.3.14b0 and you require pandas-ta==0.3.14b0, we can "
            "conclude that your requirements are unsatisfiable."
        ),
        # What it needs is missing, not the package itself: no more is claimed than that.
        "acme-tools": (
            "Because acme-native was not found in the provided package locations and acme-tools==1.0 "
            "depends on acme-native>=9, we can conclude that acme-tools==1.0 cannot be used."
        ),
    }
    assert {name: left_out_reason(name, message) for name, message in messages.items()} == {
        "ta-lib": NO_WHEEL,
        "ciso8601": NO_WHEEL,
        "sqlalchemy-aio": "needs sqlalchemy, which has no wheel for this Python and platform",
        "chainlit-client": "not on the index",
        "pandas-ta": "the version asked for is not on the index",
        "acme-tools": "does not resolve here even on its own",
    }


def test_the_sentence_names_what_was_left_out_grouped_by_reason() -> None:
    entries = (
        f"ta-lib: {NO_WHEEL}",
        "pandas-ta: the version asked for is not on the index",
        f"sdnotify: {NO_WHEEL}",
        "the index https://mirror.invalid/simple (pyproject.toml:11): could not be reached",
    )
    assert left_out(entries) == (
        f"ta-lib, sdnotify: {NO_WHEEL}; pandas-ta: the version asked for is not on the index; "
        "the index https://mirror.invalid/simple (pyproject.toml:11): could not be reached"
    )
    check = SetCheck(True, ("requirements.txt",), (("starlette", "0.50.0"),), left_out=entries)
    fix = Fix(
        package="fastapi",
        from_version="0.103.0",
        to_version="0.108.0",
        location=Location("requirements.txt", 42),
        change="",
        minimal="0.29.0",
        recommended="0.50.0",
        verification=Verdict(VerdictStatus.NOT_REPRODUCED, "passed"),
        check=check,
        verified=False,
    )
    assert checked(fix, "starlette") == (
        "Not verified: with the change, the requirements in requirements.txt resolve (compile only, wheels "
        f"only) to starlette 0.50.0 only without {left_out(entries)}. The reproduction passes on starlette "
        "0.50.0. Check the whole set by hand before applying it."
    )
