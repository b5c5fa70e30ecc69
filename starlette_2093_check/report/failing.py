"""Why the step fails (or not), in words: the settings that decide it and the findings that do.

What fails is decided once, by ``policy.rules.step_failures`` (``cli.exit_code`` is 1 exactly when
it names something); this module only words its answer, for the text report's last line and the
action's one ``error`` annotation.
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette_2093_check.model import Report


def settings(report: Report, fail_on: str, option: str) -> str:
    """The settings that decide what fails: ``--fail-on never; packs.fail-on in
    .github/starlette-check.yml: starlette-3458 reproduced``. ``option`` names the headline's
    setting as the reader gave it (``--fail-on`` on the command line, ``fail-on`` in a workflow);
    the policy file's ``packs.fail-on`` entries are named when one of them can fail the step."""
    said = f"{option} {fail_on}"
    outcome = report.policy
    chosen = [f"{pack} {value}" for pack, value in outcome.fail_on if value != "never"] if outcome else []
    if outcome is not None and chosen:
        where = f" in {outcome.source}" if outcome.source else ""
        said += f"; packs.fail-on{where}: {', '.join(chosen)}"
    return said


def sentence(lead: str, report: Report, fail_on: str, option: str, reasons: Sequence[str]) -> str:
    """``lead (settings): reason; reason``: what fails the step, one finding after the other."""
    return f"{lead} ({settings(report, fail_on, option)}): {'; '.join(reasons)}"
