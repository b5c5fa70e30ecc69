"""What to change, and where, once the bug reproduced. Pure: the verification run is an input.

The minimal fixed release comes from the card; whether it really clears the bug is decided by
running the harness on it (``verification``), never assumed.
"""

from __future__ import annotations

from bot.model import Fix, Resolution, Target, Verdict

LOCK_COMMANDS = {
    "uv.lock": "uv lock --upgrade-package {package}",
    "poetry.lock": "poetry update {package}",
}


def lock_command(lock_file: str, package: str) -> str | None:
    """The command that refreshes ``package`` in the lock ``lock_file``, if we know the tool."""
    template = LOCK_COMMANDS.get(lock_file.rsplit("/", 1)[-1])
    return template.format(package=package) if template else None


def _change(target: Target, to_version: str) -> str:
    want = f"`{target.package}>={to_version}`"
    if target.resolution is Resolution.LOCK:
        command = lock_command(target.source.file, target.package)
        step = f"run `{command}`" if command else f"update the lock at {target.source}"
        if target.via:
            return (
                f"{target.via[0]} holds {target.package} at {target.version}: upgrade it to a release "
                f"that allows {want}, then {step}"
            )
        return f"require {want} and {step}"
    if target.via:
        return (
            f"{target.via[0]} (declared at {target.source}) brings {target.package} {target.version}; "
            f"upgrade it to a release that allows {want}"
        )
    if target.resolution is Resolution.PIN:
        return f"change the pin at {target.source} to {want}"
    return f"raise the requirement at {target.source} to {want}"


def advise(target: Target, fixed_in: str, verification: Verdict | None) -> Fix:
    """The fix for a target on which the bug reproduced."""
    return Fix(
        package=target.package,
        from_version=target.version,
        to_version=fixed_in,
        location=target.source,
        change=_change(target, fixed_in),
        verification=verification,
    )
