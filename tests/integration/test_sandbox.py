"""The real sandbox: uv venvs, wheels from the index, the harness in a limited subprocess."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from starlette_2093_check.model import Location, PythonRequest, VerdictStatus
from starlette_2093_check.repro.sandbox import Limits, Sandbox, SandboxConfig, harness_env, install_env
from starlette_2093_check.repro.verdict import second_request_ms

pytestmark = pytest.mark.integration

HOLD = 1.0


@pytest.fixture(scope="module")
def sandbox(repro_cache: Path) -> Sandbox:
    return Sandbox(SandboxConfig(cache_dir=repro_cache, hold_seconds=HOLD))


def test_affected_release_reproduces_with_measured_evidence(sandbox: Sandbox) -> None:
    verdict = sandbox.verdict("0.27.0", None, None)
    assert verdict.status is VerdictStatus.REPRODUCED, verdict.reason
    ev = verdict.evidence
    assert ev["versions"]["starlette"] == "0.27.0"
    assert ev["versions"]["uvicorn"] == "0.32.1"
    assert ev["versions"]["anyio"] and ev["versions"]["python"]
    assert ev["harness_version"] == "4"
    assert [r["status"] for r in ev["http"]["requests"]] == [201, 201]
    assert ev["http"]["same_connection"] is True
    # The second request had to wait for the first request's background job.
    latency = second_request_ms(ev)
    assert latency is not None and latency >= HOLD * 1000 * 0.9
    assert ev["http"]["jobs"][0]["released_by"] == "deadline"
    assert ev["asgi"]["job"]["released_by"] == "deadline"


def test_fixed_release_is_not_reproduced_and_the_next_request_is_fast(sandbox: Sandbox) -> None:
    verdict = sandbox.verdict("0.29.0", None, None)
    assert verdict.status is VerdictStatus.NOT_REPRODUCED, verdict.reason
    latency = second_request_ms(verdict.evidence)
    assert latency is not None and latency < HOLD * 1000 / 2
    assert verdict.evidence["http"]["jobs"][0]["released_by"] == "event"
    assert all(j["completed"] for j in verdict.evidence["http"]["jobs"])


def test_a_locked_anyio_is_installed_and_recorded(sandbox: Sandbox) -> None:
    verdict = sandbox.verdict("0.27.0", "3.7.1", None)
    assert verdict.status is VerdictStatus.REPRODUCED, verdict.reason
    assert verdict.evidence["versions"]["anyio"] == "3.7.1"


def test_a_second_run_comes_from_the_cache(sandbox: Sandbox) -> None:
    first = sandbox.verdict("0.29.0", None, None)
    again = sandbox.verdict("0.29.0", None, None)
    assert again.cached is True
    assert again.status is first.status
    assert again.evidence["http"] == first.evidence["http"]


def test_a_release_without_a_wheel_is_built_from_its_sdist_and_gets_a_real_verdict(repro_cache: Path) -> None:
    progress: list[str] = []
    sandbox = Sandbox(
        SandboxConfig(cache_dir=repro_cache, hold_seconds=HOLD, use_cache=False), progress.append
    )
    verdict = sandbox.verdict("0.13.0", None, None)  # published as an sdist only
    assert verdict.status is VerdictStatus.REPRODUCED, verdict.reason
    ev = verdict.evidence
    assert ev["versions"]["starlette"] == "0.13.0"
    assert ev["install"]["from_sdist"] == ["starlette"]
    assert "built from its sdist in the sandbox" in ev["install"]["note"]
    latency = second_request_ms(ev)
    assert latency is not None and latency >= HOLD * 1000 * 0.9
    # the venv built from the sdist passes the check of its record and is used again as it is
    progress.clear()
    again = sandbox.verdict("0.13.0", None, None)
    assert again.status is VerdictStatus.REPRODUCED and again.evidence["install"]["from_sdist"] == [
        "starlette"
    ]
    assert not any("discarding" in line or "building" in line for line in progress), progress


def test_an_asgi2_release_runs_the_same_scenario(sandbox: Sandbox) -> None:
    verdict = sandbox.verdict("0.11.4", None, None)  # ASGI 2, no Middleware class, sdist only
    assert verdict.status is VerdictStatus.REPRODUCED, verdict.reason
    assert [r["status"] for r in verdict.evidence["http"]["requests"]] == [201, 201]
    assert verdict.evidence["asgi"]["job"]["released_by"] == "deadline"


def test_release_the_interpreter_cannot_run_is_inconclusive_without_an_older_python(
    repro_cache: Path,
) -> None:
    # Only the default interpreter is on PATH: nothing older to run the release on.
    environ = {**os.environ, "PATH": str(Path(sys.executable).resolve().parent) + ":/usr/bin:/bin"}
    sandbox = Sandbox(SandboxConfig(cache_dir=repro_cache, hold_seconds=HOLD, environ=environ))
    if sandbox.interpreter(None).version.startswith(("3.8", "3.9", "3.10")):
        pytest.skip("the default interpreter runs 0.13.8")
    verdict = sandbox.verdict("0.13.8", None, None)  # calls asyncio.wait() on bare coroutines
    assert verdict.status is VerdictStatus.INCONCLUSIVE
    assert "Passing coroutines is forbidden" in verdict.reason
    assert "no Python older than 3." in verdict.reason and "is here to try the release on" in verdict.reason


def test_unavailable_python_falls_back_and_says_so(sandbox: Sandbox) -> None:
    request = PythonRequest("3.4", Location(".python-version", 1))
    verdict = sandbox.verdict("0.29.0", None, request)
    interp = verdict.evidence["interpreter"]
    assert interp["requested"] == "3.4"
    assert "not available here" in interp["note"]
    assert ".python-version:1" in interp["note"]


def test_a_harness_that_overruns_is_killed_and_inconclusive(repro_cache: Path) -> None:
    slow = Sandbox(
        SandboxConfig(
            cache_dir=repro_cache, use_cache=False, hold_seconds=HOLD, limits=Limits(wall_seconds=0.2)
        )
    )
    verdict = slow.verdict("0.27.0", None, None)
    assert verdict.status is VerdictStatus.INCONCLUSIVE
    assert "did not finish within 0.2 s" in verdict.reason


def test_environments_carry_no_credentials() -> None:
    environ = {
        "GITHUB_TOKEN": "ghs_x",
        "INPUT_GITHUB-TOKEN": "ghs_x",
        "ACTIONS_RUNTIME_TOKEN": "y",
        "UV_INDEX_URL": "https://user:pw@index.example/simple",
        "PATH": "/usr/bin",
        "AWS_SECRET_ACCESS_KEY": "z",
        "SSL_CERT_FILE": "/etc/ssl/c.pem",
    }
    env = install_env(environ)
    assert env == {
        "UV_INDEX_URL": "https://user:pw@index.example/simple",
        "PATH": "/usr/bin",
        "SSL_CERT_FILE": "/etc/ssl/c.pem",
    }
    assert set(harness_env("/tmp/h")) == {"PATH", "HOME", "LANG", "PYTHONDONTWRITEBYTECODE", "PYTHONHASHSEED"}


def test_the_fallback_note_names_each_roots_own_file(sandbox: Sandbox) -> None:
    a = sandbox.interpreter(PythonRequest("3.4", Location("a/.python-version", 1)))
    b = sandbox.interpreter(PythonRequest("3.4", Location("b/.python-version", 1)))
    assert a.requested_at == "a/.python-version:1" and "a/.python-version:1" in a.note
    assert b.requested_at == "b/.python-version:1" and "b/.python-version:1" in b.note
