"""What the readers of deployed sets share (SBOMs, freeze output, site-packages): entries to locked
packages, one per name, and where a name is recorded at two versions, neither is guessed."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from starlette_2093_check.manifests._locks import UNKNOWN, is_version, shown_version, unique
from starlette_2093_check.model import Location, LockedPackage, ScanError

MAX_ENTRIES = 100_000  # packages read from one source; the rest is an error, never silently dropped


@dataclass(frozen=True)
class Entry:
    """One package a deployed set records, as read (before duplicates are settled)."""

    name: str  # canonical
    version: str | None  # as written; None when the source gives none
    location: Location
    dependencies: tuple[str, ...] = ()
    problem: str | None = None  # why it is no release from an index (a URL, a VCS checkout)


def version_problem(source: str, entry: Entry) -> tuple[str | None, ScanError | None]:
    """The ``problem`` of an entry whose version is missing or not one, and the error to report."""
    if entry.problem is not None:
        return entry.problem, None
    line = entry.location.line or 1
    if entry.version is None:
        why = f"{source} gives no version for {entry.name}, so it was not checked"
        return why, ScanError(entry.location.file, f"no version for {entry.name}", line)
    if not is_version(entry.version):
        shown = shown_version(entry.version)
        why = f"{source}'s version {shown} for {entry.name} is not a version, so it was not checked"
        return why, ScanError(
            entry.location.file, f"{entry.name} has version {shown}, which is not a version", line
        )
    return None, None


def locked_packages(
    entries: Sequence[Entry], source: str
) -> tuple[tuple[LockedPackage, ...], list[ScanError]]:
    """One locked package per name. A name recorded at several versions (two environments in one
    image, a broken install) is kept once, with a ``problem`` naming every version: which one the
    application imports is unknown, so none of them is run as if it were the one."""
    errors: list[ScanError] = []
    by_name: dict[str, list[Entry]] = {}
    for entry in entries:
        by_name.setdefault(entry.name, []).append(entry)
    out: list[LockedPackage] = []
    for name, found in by_name.items():
        first = found[0]
        problem, error = version_problem(source, first)
        if error is not None:
            errors.append(error)
        versions = unique(e.version or UNKNOWN for e in found)
        if len(versions) > 1:
            places = ", ".join(f"{e.version or UNKNOWN} ({e.location})" for e in found)
            problem = (
                f"{source} records {name} at several versions: {places}; which one runs is unknown, "
                "so none was checked"
            )
            errors.append(
                ScanError(
                    first.location.file,
                    f"{name} is recorded at several versions: {places}",
                    first.location.line or 1,
                )
            )
        version = first.version.strip() if first.version is not None and problem is None else UNKNOWN
        dependencies = unique(d for e in found for d in e.dependencies if d != name)
        out.append(LockedPackage(name, version, first.location, dependencies, problem))
    return tuple(out), errors


class LineIndex:
    """Offsets in a text to 1-based lines, and the line where a literal is written."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts = [0, *(m.end() for m in re.finditer("\n", text))]
        self._after: dict[str, int] = {}

    def line_at(self, offset: int) -> int:
        return bisect.bisect_right(self._starts, offset)

    def next_line_of(self, literal: str) -> int | None:
        """The line of the next occurrence of ``literal`` after the previous one found; None if absent.

        A document that records one package twice writes it twice: each lookup takes the next."""
        at = self.text.find(literal, self._after.get(literal, 0))
        if at < 0:
            return None
        self._after[literal] = at + len(literal)
        return self.line_at(at)
