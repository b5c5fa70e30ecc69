from __future__ import annotations

from bot.advise import advise, lock_command
from bot.cli import exit_code
from bot.model import (
    Location,
    Report,
    Resolution,
    ScanError,
    Target,
    TargetResult,
    Verdict,
    VerdictStatus,
)


def target(resolution: Resolution, source: Location, via: tuple[str, ...] = ()) -> Target:
    return Target(
        root=".", package="starlette", version="0.27.0", source=source, via=via, resolution=resolution
    )


def test_direct_pin_advice_names_the_line() -> None:
    fix = advise(target(Resolution.PIN, Location("requirements.txt", 3)), "0.29.0", None)
    assert (fix.location, fix.from_version, fix.to_version) == (
        Location("requirements.txt", 3),
        "0.27.0",
        "0.29.0",
    )
    assert fix.change == "change the pin at requirements.txt:3 to `starlette>=0.29.0`"


def test_parent_advice_names_the_parent() -> None:
    fix = advise(
        target(Resolution.RESOLVER, Location("requirements.txt", 1), ("fastapi 0.95.1",)), "0.29.0", None
    )
    assert fix.change == (
        "fastapi 0.95.1 (declared at requirements.txt:1) brings starlette 0.27.0; "
        "upgrade it to a release that allows `starlette>=0.29.0`"
    )


def test_lock_advice_gives_the_tools_command() -> None:
    assert lock_command("svc/uv.lock", "starlette") == "uv lock --upgrade-package starlette"
    assert lock_command("poetry.lock", "starlette") == "poetry update starlette"
    assert lock_command("Pipfile.lock", "starlette") is None
    fix = advise(target(Resolution.LOCK, Location("svc/poetry.lock", 275)), "0.29.0", None)
    assert "run `poetry update starlette`" in fix.change


def report(*statuses: VerdictStatus, errors: int = 0) -> Report:
    results = tuple(
        TargetResult(target(Resolution.PIN, Location("r.txt", 1)), Verdict(s, "x")) for s in statuses
    )
    return Report(".", results, (), tuple(ScanError("bad.toml", "invalid") for _ in range(errors)))


def test_exit_codes_follow_fail_on() -> None:
    R, N, I = VerdictStatus.REPRODUCED, VerdictStatus.NOT_REPRODUCED, VerdictStatus.INCONCLUSIVE  # noqa: E741
    assert exit_code(report(N, N), "reproduced") == 0
    assert exit_code(report(N, R), "reproduced") == 1
    assert exit_code(report(N, I), "reproduced") == 0
    assert exit_code(report(N, I), "inconclusive") == 1
    assert exit_code(report(N, errors=1), "inconclusive") == 1
    assert exit_code(report(N, errors=1), "reproduced") == 0
    assert exit_code(report(R), "never") == 0
