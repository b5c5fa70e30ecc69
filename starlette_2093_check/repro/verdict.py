"""Turn a harness record into a verdict. Pure: the rules of DESIGN.md, nothing else.

Every pack's scenario runs two or more independent checks. A *reader* turns one check's result
into a reading: True (the bug showed), False (the scenario ran cleanly and the bug did not show),
or None (the check did not exercise the scenario), with a sentence saying why. The rules that
combine readings are the same for every pack, built-in or custom:

- ``reproduced`` needs positive evidence from EVERY check;
- ``not_reproduced`` needs every check to have exercised the scenario and seen it behave;
- anything else (an error, a crash, a missing check, checks that disagree) is ``inconclusive``
  with a reason a person can act on.

Built-in packs read their checks' raw measurements here, in the bot's process. A custom pack's
scenario is the repository's code, so its readers cannot run here: its checks report their own
reading as ``{"observed": true|false, "why": "..."}`` and ``self_reported`` takes it from there.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from starlette_2093_check.model import VerdictStatus

# One check's reading: True = the bug showed, False = it did not, None = the check tells nothing.
Reading = tuple[bool | None, str]
Reader = Callable[[dict[str, Any]], Reading]


def self_reported(name: str) -> Reader:
    """The reader for a custom scenario's check ``name``: its own ``observed`` and ``why``."""

    def read(result: dict[str, Any]) -> Reading:
        if "error" in result:
            return None, f"the {name} check failed: {result['error']}"
        observed = result.get("observed")
        why = str(result.get("why") or "").strip()[:300]
        if not isinstance(observed, bool):
            return None, f"the {name} check did not report what it observed (expected observed: true/false)"
        if not why:
            why = f"the {name} check {'saw' if observed else 'did not see'} the bug"
        return observed, why

    return read


def exchange_failed(check: dict[str, Any], name: str, status: int) -> Reading | None:
    """The reading a check gets before anything else is looked at, if it tells nothing: it failed,
    answered another status than the scenario's, or an unexpected body. None: go on reading."""
    if "error" in check:
        return None, f"the {name} check failed: {check['error']}"
    if check.get("status") != status:
        return None, f"the {name} check got status {check.get('status')}, expected {status}"
    if not check.get("body_ok"):
        return None, f"the {name} check got an unexpected or incomplete body"
    return None


def http_and_asgi(read: Callable[[dict[str, Any], str], Reading]) -> dict[str, Reader]:
    """Readers for a scenario's ``http`` and ``asgi`` checks, from one function given the check's name.

    The ASGI check comes first: it calls the app directly, so when the app crashes its error is the
    app's own, while the HTTP check only sees a reset connection; messages lead with it.
    """
    return {"asgi": lambda check: read(check, "ASGI"), "http": lambda check: read(check, "HTTP")}


def interpret(
    record: dict[str, Any], readers: Mapping[str, Reader] | None = None
) -> tuple[VerdictStatus, str]:
    """Apply the verdict rules to one harness record (the JSON the harness printed).

    ``readers`` name the checks a pack must have run; None means a custom pack, whose checks are
    whatever the record lists, each read by ``self_reported``.
    """
    versions = record.get("versions") or {}
    on = f"starlette {versions.get('starlette')} / Python {versions.get('python')}"
    if "import_error" in record:
        return (
            VerdictStatus.INCONCLUSIVE,
            f"starlette {versions.get('starlette')} could not be imported on Python "
            f"{versions.get('python')}: {record['import_error']}",
        )
    if readers is None:
        names = [str(n) for n in record.get("checks") or [] if isinstance(n, str)]
        if not names:
            return VerdictStatus.INCONCLUSIVE, f"on {on}: the scenario defines no checks"
        readers = {name: self_reported(name) for name in names}
    readings: list[tuple[bool | None, str]] = []
    for name, reader in readers.items():
        result = record.get(name)
        if not isinstance(result, dict):
            readings.append((None, f"no {name} result"))
            continue
        try:
            readings.append(reader(result))
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            readings.append((None, f"the {name} check returned a malformed result ({type(exc).__name__})"))
    failed = [why for reading, why in readings if reading is None]
    if failed:
        return VerdictStatus.INCONCLUSIVE, f"on {on}: " + "; ".join(failed)
    seen = {reading for reading, _ in readings}
    if len(seen) > 1:
        shown = [why for reading, why in readings if reading]
        clean = [why for reading, why in readings if not reading]
        return (
            VerdictStatus.INCONCLUSIVE,
            f"the checks disagree: {'; '.join(shown)}, but {'; '.join(clean)}",
        )
    status = VerdictStatus.REPRODUCED if seen == {True} else VerdictStatus.NOT_REPRODUCED
    return status, "; ".join(why for _, why in readings)


def second_request_ms(evidence: dict[str, Any]) -> float | None:
    """The measured latency of the second request on the shared connection, if there is one."""
    requests = (evidence.get("http") or {}).get("requests") or []
    if len(requests) > 1 and isinstance(requests[1], dict):
        latency = requests[1].get("latency_ms")
        if isinstance(latency, bool) or not isinstance(latency, int | float):
            return None
        try:
            value = float(latency)
        except OverflowError:  # a report file's number, not a measurement
            return None
        return value if math.isfinite(value) else None
    return None
