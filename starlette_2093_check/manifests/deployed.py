"""The deployed sets a scan is told about (the ``sbom`` and ``environment`` inputs, ``--sbom`` and
``--environment``), read and added to what discovery found.

A file joins the project root of its directory (a freeze file discovery took for a requirements
file is read as freeze output instead); a ``site-packages`` directory is a root of its own. In the
action every path must stay inside the workspace; the command line may name one outside it, whose
root is then its own path.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from starlette_2093_check.manifests._files import MAX_BYTES, decode_text, read_regular
from starlette_2093_check.manifests.installed import freeze_from_text, read_site_packages, site_packages_of
from starlette_2093_check.manifests.sbom import MAX_SBOM_BYTES, sbom_from_text
from starlette_2093_check.model import Discovery, Manifest, ManifestKind, ProjectRoot, ScanError

OUTSIDE = "refused: outside the workspace (the action reads only what is mounted into it)"


def _shown(real: Path, checkout: Path, base: Path) -> tuple[str, bool]:
    """How reports name ``real``, and whether it is inside the checkout: relative to the checkout
    (POSIX); from a path inside ``base`` but outside the checkout (the action's workspace around
    its ``path``), with ``..`` as the action's reports are rebased onto the workspace; else absolute."""
    if real.is_relative_to(checkout):
        return real.relative_to(checkout).as_posix() or ".", True
    if real.is_relative_to(base):
        return Path(os.path.relpath(real, checkout)).as_posix(), False
    return real.as_posix(), False


def _read(
    checkout: Path, base: Path, given: str, sbom: bool, outside_ok: bool
) -> tuple[Manifest | None, list[ScanError], bool]:
    """The manifest ``given`` names (relative to ``base``), its errors, and whether it is inside
    the checkout."""
    path = Path(given) if os.path.isabs(given) else base / given
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError) as e:
        why = (
            "not found"
            if isinstance(e, FileNotFoundError)
            else f"cannot resolve path: {getattr(e, 'strerror', None) or e}"
        )
        return None, [ScanError(given, f"{'sbom' if sbom else 'environment'}: {why}")], False
    if not outside_ok and not real.is_relative_to(base):
        return None, [ScanError(given, OUTSIDE)], False
    shown, inside = _shown(real, checkout, base)
    if real.is_dir():
        if sbom:
            return None, [ScanError(shown, "sbom: a directory, not an SBOM file")], inside
        site = site_packages_of(real) or real
        if not outside_ok and not site.resolve().is_relative_to(base):  # lib/ or site-packages a symlink
            return None, [ScanError(shown, OUTSIDE)], inside
        manifest, errors = read_site_packages(site, _shown(site.resolve(), checkout, base)[0])
        return manifest, errors, inside
    data = read_regular(real, shown, limit=MAX_SBOM_BYTES if sbom else MAX_BYTES)
    text = data if isinstance(data, ScanError) else decode_text(data, shown)
    if isinstance(text, ScanError):
        kind = ManifestKind.CYCLONEDX if sbom else ManifestKind.FREEZE
        return Manifest(shown, kind), [text], inside
    if sbom:
        read, errors = sbom_from_text(text, shown, ManifestKind.CYCLONEDX)
        return read, errors, inside
    frozen, errors = freeze_from_text(text, shown)
    return frozen, errors, inside


def _root_of(manifest: Manifest, inside: bool) -> str:
    if manifest.kind is ManifestKind.SITE_PACKAGES or not inside:
        return manifest.path
    return posixpath.dirname(manifest.path) or "."


def add_deployed(
    found: Discovery,
    checkout: Path,
    sboms: Sequence[str] = (),
    environments: Sequence[str] = (),
    *,
    base: Path | None = None,
    outside_ok: bool = False,
) -> Discovery:
    """``found`` with the SBOMs and installed environments named explicitly read and added.

    Paths are relative to ``base`` (default: the checkout); with ``outside_ok`` false they must
    resolve inside it. A file discovery already read under another kind (a freeze file named
    ``requirements*.txt``) is read as what it was named for instead, and its earlier errors go.
    """
    checkout = checkout.resolve()
    base = (base or checkout).resolve()
    by_root = {root.path: list(root.manifests) for root in found.roots}
    errors: list[ScanError] = []
    scanned = set(found.scanned)
    replaced: set[str] = set()
    for given, sbom in [*((s, True) for s in sboms), *((e, False) for e in environments)]:
        manifest, new_errors, inside = _read(checkout, base, given, sbom, outside_ok)
        errors += new_errors
        if manifest is None:
            continue
        for manifests in by_root.values():
            manifests[:] = [m for m in manifests if m.path != manifest.path]
        replaced.add(manifest.path)
        by_root.setdefault(_root_of(manifest, inside), []).append(replace(manifest, named=True))
        scanned.add(manifest.path)
    kept = [*(e for e in found.errors if e.file not in replaced), *errors]
    skipped = tuple(
        replace(s, manifests=tuple(m for m in s.manifests if m not in replaced)) for s in found.skipped
    )
    return Discovery(
        roots=tuple(
            ProjectRoot(path, tuple(sorted(manifests, key=lambda m: m.path)))
            for path, manifests in sorted(by_root.items())
            if manifests
        ),
        scanned=tuple(sorted(scanned)),
        errors=tuple(sorted(kept, key=lambda e: (e.file, e.line or 0, e.message))),
        skipped=tuple(s for s in skipped if s.manifests),
    )
