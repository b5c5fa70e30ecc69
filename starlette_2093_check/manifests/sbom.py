"""CycloneDX and SPDX JSON SBOMs: the exact versions an image contains, read like a lock of the whole set.

Only Python packages count: a component whose package URL is ``pkg:pypi/...``. A document that
gives no package URL at all (some Python-only generators) has every component taken for a Python
package by its name and version. The dependency graph each format records (CycloneDX
``dependencies``, SPDX ``DEPENDS_ON`` / ``DEPENDENCY_OF`` relationships) gives the ``via`` chain.

JSON keeps no positions: a component's line is where its package URL (else its name) is written in
the text, found in document order; None when it cannot be found.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from packageurl import PackageURL
from packaging.utils import canonicalize_name

from starlette_2093_check.manifests._deployed import MAX_ENTRIES, Entry, LineIndex, locked_packages
from starlette_2093_check.manifests._files import read_text
from starlette_2093_check.model import Location, Manifest, ManifestKind, ScanError

MAX_SBOM_BYTES = 64 * 1024 * 1024  # an image's SBOM lists every file of every package: larger than a lock
MAX_DEPTH = 64  # components nested in components
MAX_ERRORS = 100  # errors listed per document; the rest are counted
CYCLONEDX_VERSIONS = ("1.2", "1.3", "1.4", "1.5", "1.6")
SPDX_VERSIONS = ("SPDX-2.2", "SPDX-2.3")
# Names that only say "a bill of materials": another JSON file so named is not read as one.
GENERIC_NAMES = ("bom.json", "sbom.json")

Parsed = tuple[Manifest, list[ScanError]]
_END = object()  # the end of a components array (``null`` is an element of one)
# The string values that name a component (a package URL, a name, an SPDX id), as written: one
# pass over the text finds them all. Searching the text once per component was quadratic: a
# document of many components whose values are written escaped (`\/`) took hours.
_NAMING = re.compile(r'"(?:purl|name|SPDXID|referenceLocator)"\s*:\s*("(?:[^"\\]|\\.)*")')


def parse_cyclonedx(checkout: Path, relpath: str) -> Parsed:
    """Parse ``relpath`` as a CycloneDX JSON SBOM (anything else is an error)."""
    return _strict(checkout, relpath, ManifestKind.CYCLONEDX)


def parse_spdx(checkout: Path, relpath: str) -> Parsed:
    """Parse ``relpath`` as an SPDX JSON SBOM (anything else is an error)."""
    return _strict(checkout, relpath, ManifestKind.SPDX)


def _strict(checkout: Path, relpath: str, kind: ManifestKind) -> Parsed:
    text = read_text(checkout, relpath, MAX_SBOM_BYTES)
    if isinstance(text, ScanError):
        return Manifest(relpath, kind), [text]
    manifest, errors = sbom_from_text(text, relpath, kind)
    if manifest is not None and manifest.kind is kind:
        return manifest, errors
    other = "an SPDX" if kind is ManifestKind.CYCLONEDX else "a CycloneDX"
    message = f"{other} document in a file named for {kind.value}: not read (the sbom input reads either)"
    return Manifest(relpath, kind), [*errors, ScanError(relpath, message, 1)]


def read_sbom(checkout: Path, relpath: str) -> tuple[Manifest | None, list[ScanError]]:
    """An SBOM found by its name: its format read from the content. A ``bom.json`` or ``sbom.json``
    that is valid JSON but neither format is some other file so named (None, no error); a
    ``*.cdx.json`` or ``*.spdx.json`` must be one."""
    text = read_text(checkout, relpath, MAX_SBOM_BYTES)
    if isinstance(text, ScanError):
        return Manifest(relpath, _kind_by_name(relpath)), [text]
    generic = relpath.rsplit("/", 1)[-1] in GENERIC_NAMES
    manifest, errors = sbom_from_text(text, relpath, None if generic else _kind_by_name(relpath))
    return manifest, errors


def _kind_by_name(relpath: str) -> ManifestKind:
    return ManifestKind.SPDX if relpath.endswith(".spdx.json") else ManifestKind.CYCLONEDX


def sbom_from_text(
    text: str, relpath: str, expected: ManifestKind | None
) -> tuple[Manifest | None, list[ScanError]]:
    """The SBOM in ``text``, its format read from the content (``bomFormat``, ``spdxVersion``).

    ``expected`` None: a document of neither format is no SBOM (None, no error). Otherwise it is an
    error, and the result is an empty manifest of that kind (its packages are unknown, never "none").
    """
    empty = Manifest(relpath, expected or ManifestKind.CYCLONEDX)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        return empty, [ScanError(relpath, f"invalid JSON at line {e.lineno}: {e.msg}", e.lineno)]
    except (ValueError, RecursionError) as e:  # an integer too long to convert, nesting too deep
        return empty, [ScanError(relpath, f"cannot read JSON: {type(e).__name__}: {str(e)[:200]}", 1)]
    if isinstance(data, dict) and data.get("bomFormat") == "CycloneDX":
        return _cyclonedx(data, text, relpath)
    if isinstance(data, dict) and "spdxVersion" in data:
        return _spdx(data, text, relpath)
    if expected is None:
        return None, []
    return empty, [
        ScanError(relpath, "not a CycloneDX or SPDX JSON document (no bomFormat or spdxVersion)", 1)
    ]


def _purl(value: Any, where: int | None, relpath: str, errors: list[ScanError]) -> PackageURL | None:
    """The package URL ``value``, if it is one of a Python package; a malformed one that claims to be
    is an error, any other is not ours to judge."""
    if not isinstance(value, str):
        if value is not None:
            errors.append(ScanError(relpath, f"package URL {str(value)[:80]!r} is not a string", where or 1))
        return None
    try:
        purl = PackageURL.from_string(value)
    except ValueError as e:
        if value.lower().startswith("pkg:pypi/"):
            errors.append(ScanError(relpath, f"invalid package URL {value[:200]!r}: {e}", where or 1))
        return None
    return purl if purl.type == "pypi" else None


class _Errors(list[ScanError]):
    """A document's errors, the first ``MAX_ERRORS`` kept: one per component could be millions (a
    64 MiB array of ``{}``), each carried into every report."""

    def __init__(self) -> None:
        super().__init__()
        self.more = 0

    def append(self, error: ScanError) -> None:
        if len(self) < MAX_ERRORS:
            super().append(error)
        else:
            self.more += 1


class _Reader:
    """The pieces both formats share: lines, errors, entries and the graph by element id."""

    def __init__(self, text: str, relpath: str) -> None:
        self.lines = LineIndex(text)
        self.relpath = relpath
        self.errors = _Errors()
        self.entries: list[Entry] = []
        self.names: dict[str, str] = {}  # element id (bom-ref, SPDXID) → canonical name
        self.edges: dict[str, list[str]] = {}  # canonical name → names it depends on
        self.capped = False  # more than MAX_ENTRIES packages (said once)
        self._written: dict[str, list[int]] | None = None  # value -> offsets where it is written

    def _offsets(self) -> dict[str, list[int]]:
        if self._written is None:
            self._written = {}
            for m in _NAMING.finditer(self.lines.text):
                literal = m.group(1)
                try:
                    value = json.loads(literal) if "\\" in literal else literal[1:-1]
                except ValueError:
                    continue
                self._written.setdefault(value, []).append(m.start(1))
            for offsets in self._written.values():
                offsets.reverse()  # popped from the end: document order
        return self._written

    def component_line(self, *values: Any) -> int | None:
        """The line of the next place the first of ``values`` (strings) that is written in the text
        is the value of a ``purl``, ``name``, ``SPDXID`` or ``referenceLocator`` key, in document
        order (a package recorded twice is written twice: each lookup takes the next)."""
        written = self._offsets()
        for value in values:
            offsets = written.get(value) if isinstance(value, str) and value else None
            if offsets:
                return self.lines.line_at(offsets.pop())
        return None

    def line_of(self, *values: Any) -> int | None:
        """The line of the first of ``values`` (strings) written in the text, as JSON writes them
        (keys, looked up once each; a component's line is ``component_line``)."""
        for value in values:
            if isinstance(value, str) and value:
                line = self.lines.next_line_of(json.dumps(value, ensure_ascii=False))
                if line is None and not value.isascii():
                    line = self.lines.next_line_of(json.dumps(value))
                if line is not None:
                    return line
        return None

    def add(
        self, element: str | None, name: Any, version: Any, purl: PackageURL | None, line: int | None
    ) -> None:
        if purl is not None:
            name, version = purl.name, purl.version or version
        if not isinstance(name, str) or not name.strip():
            self.errors.append(ScanError(self.relpath, "a Python package without a name", line or 1))
            return
        if len(self.entries) >= MAX_ENTRIES:
            if not self.capped:
                message = f"more than {MAX_ENTRIES} Python packages: the rest were not read"
                self.errors.append(ScanError(self.relpath, message, line or 1))
                self.capped = True
            return
        canonical = canonicalize_name(name)
        written = version if isinstance(version, str) else None if version is None else str(version)
        self.entries.append(Entry(canonical, written, Location(self.relpath, line)))
        if element is not None:
            self.names[element] = canonical

    def depend(self, parent: str, child: str) -> None:
        a, b = self.names.get(parent), self.names.get(child)
        if a is not None and b is not None and a != b:
            self.edges.setdefault(a, []).append(b)

    def result(self, kind: ManifestKind, source: str) -> Parsed:
        entries = [
            Entry(e.name, e.version, e.location, tuple(self.edges.get(e.name, ()))) for e in self.entries
        ]
        locked, errors = locked_packages(entries, source)
        for error in errors:
            self.errors.append(error)
        listed = list(self.errors)
        if self.errors.more:
            listed.append(ScanError(self.relpath, f"{self.errors.more} more errors, not listed", 1))
        return Manifest(path=self.relpath, kind=kind, locked=locked), listed


def _components(data: dict[str, Any], reader: _Reader) -> Iterator[dict[str, Any]]:
    """Every component of a CycloneDX document, nested ones too, in document order; the subject
    (``metadata.component``) is not one of them, its nested components are."""
    metadata = data.get("metadata")
    subject = metadata.get("component") if isinstance(metadata, dict) else None
    levels: list[tuple[Any, int, str]] = [(data.get("components"), 0, "components")]
    if isinstance(subject, dict):
        levels.append((subject.get("components"), 1, "metadata.component.components"))
    stack: list[tuple[Iterator[Any], int, str]] = []
    for items, depth, where in reversed(levels):
        if items is None:
            continue
        if not isinstance(items, list):
            line = reader.line_of(where.rsplit(".", 1)[-1]) or 1
            reader.errors.append(ScanError(reader.relpath, f"{where} is not an array", line))
            continue
        stack.append((iter(items), depth, where))
    while stack:
        items, depth, where = stack[-1]
        item = next(items, _END)
        if item is _END:
            stack.pop()
            continue
        if not isinstance(item, dict):
            reader.errors.append(ScanError(reader.relpath, f"a component in {where} is not an object", 1))
            continue
        yield item
        nested = item.get("components")
        if isinstance(nested, list) and depth < MAX_DEPTH:
            stack.append((iter(nested), depth + 1, "components"))
        elif nested is not None:
            message = (
                "nested components are not an array"
                if not isinstance(nested, list)
                else f"components nested more than {MAX_DEPTH} deep: not read"
            )
            reader.errors.append(ScanError(reader.relpath, message, 1))


def _cyclonedx(data: dict[str, Any], text: str, relpath: str) -> Parsed:
    reader = _Reader(text, relpath)
    spec = data.get("specVersion")
    if spec not in CYCLONEDX_VERSIONS:
        message = (
            f"unsupported CycloneDX specVersion {str(spec)[:40]!r}: 1.2 to 1.6 are understood (read anyway)"
        )
        reader.errors.append(ScanError(relpath, message, reader.line_of("specVersion") or 1))
    components = list(_components(data, reader))
    any_purl = any("purl" in c for c in components)
    for component in components:
        line = reader.component_line(component.get("purl"), component.get("name"))
        purl = _purl(component.get("purl"), line, relpath, reader.errors)
        if purl is None and (any_purl or component.get("type") not in (None, "library", "framework")):
            continue  # another ecosystem's package, an operating system, a file
        ref = component.get("bom-ref")
        reader.add(
            ref if isinstance(ref, str) else None, component.get("name"), component.get("version"), purl, line
        )
    dependencies = data.get("dependencies")
    for item in dependencies if isinstance(dependencies, list) else ():
        if isinstance(item, dict) and isinstance(item.get("ref"), str):
            on = item.get("dependsOn")
            for child in on if isinstance(on, list) else ():
                if isinstance(child, str):
                    reader.depend(item["ref"], child)
    return reader.result(ManifestKind.CYCLONEDX, f"the SBOM {relpath}")


def _spdx_purl(package: dict[str, Any]) -> Any:
    refs = package.get("externalRefs")
    for ref in refs if isinstance(refs, list) else ():
        if (
            isinstance(ref, dict)
            and ref.get("referenceCategory") in ("PACKAGE-MANAGER", "PACKAGE_MANAGER")
            and ref.get("referenceType") == "purl"
        ):
            return ref.get("referenceLocator")
    return None


def _spdx(data: dict[str, Any], text: str, relpath: str) -> Parsed:
    reader = _Reader(text, relpath)
    spec = data.get("spdxVersion")
    if spec not in SPDX_VERSIONS:
        message = (
            f"unsupported spdxVersion {str(spec)[:40]!r}: SPDX-2.2 and SPDX-2.3 are understood (read anyway)"
        )
        reader.errors.append(ScanError(relpath, message, reader.line_of("spdxVersion") or 1))
    packages = data.get("packages", [])
    if not isinstance(packages, list):
        reader.errors.append(ScanError(relpath, "packages is not an array", reader.line_of("packages") or 1))
        packages = []
    any_purl = any(_spdx_purl(p) is not None for p in packages if isinstance(p, dict))
    for package in packages:
        if not isinstance(package, dict):
            reader.errors.append(ScanError(relpath, "a package in packages is not an object", 1))
            continue
        written = _spdx_purl(package)
        line = reader.component_line(written, package.get("SPDXID"), package.get("name"))
        purl = _purl(written, line, relpath, reader.errors)
        if purl is None and any_purl:
            continue
        element = package.get("SPDXID")
        reader.add(
            element if isinstance(element, str) else None,
            package.get("name"),
            package.get("versionInfo"),
            purl,
            line,
        )
    relationships = data.get("relationships")
    for item in relationships if isinstance(relationships, list) else ():
        if not isinstance(item, dict):
            continue
        a, b, how = item.get("spdxElementId"), item.get("relatedSpdxElement"), item.get("relationshipType")
        if isinstance(a, str) and isinstance(b, str):
            if how == "DEPENDS_ON":
                reader.depend(a, b)
            elif how == "DEPENDENCY_OF":
                reader.depend(b, a)
    return reader.result(ManifestKind.SPDX, f"the SBOM {relpath}")
