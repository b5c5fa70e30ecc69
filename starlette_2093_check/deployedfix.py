"""A fix for what is deployed (an SBOM, an installed environment) said as what it is: a rebuild.

Such a target's fix is computed like one for a fully pinned requirements file (every package
pinned at its deployed version) and checked the same way, but nothing in the checkout is edited: an
SBOM is a record of a build, and an environment is changed by installing into it. The advice and
the reports say which versions to rebuild or reinstall with, from the fix's checked set.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette_2093_check.model import Resolution, SetCheck, Target

DEPLOYED = (Resolution.SBOM, Resolution.INSTALLED)
NOT_EDITED = {
    Resolution.SBOM: "an SBOM records a build, so nothing is edited and there is no suggestion to apply",
    Resolution.INSTALLED: (
        "an installed environment is changed by installing into it, so nothing is edited and there is "
        "no suggestion to apply"
    ),
}
_METADATA = ("/METADATA", "/PKG-INFO")


def is_deployed(target: Target) -> bool:
    """Whether ``target`` comes from an SBOM or an installed environment."""
    return target.resolution in DEPLOYED


def moved(target: Target, check: SetCheck | None) -> list[tuple[str, str]]:
    """The packages the checked change installs at another version than the deployed set has
    (or newly), as (name, version); empty when the change was not resolved."""
    if check is None or not check.resolves:
        return []
    now = dict(target.resolved)
    return [(name, version) for name, version in check.versions if now.get(name) != version]


def rebuild_step(
    target: Target,
    check: SetCheck | None,
    text: Callable[[str], str] = str,
    code: Callable[[str], str] = str,
) -> str | None:
    """What to do for a deployed target's fix: rebuild the image, or reinstall the environment,
    with the versions the change moves. None for other targets, or when nothing was resolved."""
    pins = moved(target, check)
    if not is_deployed(target) or not pins:
        return None
    listed = ", ".join(code(f"{name}=={version}") for name, version in pins)
    source = target.source.file
    if target.resolution is Resolution.SBOM:
        return (
            f"rebuild the image {text(source)} describes with {listed} and make its SBOM again "
            f"({NOT_EDITED[Resolution.SBOM]})"
        )
    if source.endswith(_METADATA) and source.startswith(f"{target.root}/"):
        where = f"at {text(target.root)}"
    else:
        where = f"{text(source)} lists"
    return f"reinstall the environment {where} with {listed} ({NOT_EDITED[Resolution.INSTALLED]})"
