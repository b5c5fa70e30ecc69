"""conda ``environment.yml`` / ``environment.yaml``: conda-level packages and the embedded ``pip:`` list.

The YAML is composed into nodes, never constructed into Python objects: nodes carry their lines, and
aliases stay references to one node (each node is visited at most once), so an alias bomb costs
nothing. Only ``dependencies`` and its ``pip`` list are walked; ``channels`` are conda channels, not
package indexes, and ``name``/``prefix`` say nothing about what is installed.

Conda-level entries are conda MatchSpecs. Those that translate to PEP 508 become ``Declared`` with
``conda=True``; those that do not (a version PEP 440 cannot express, ``|`` alternatives, names such as
``_libgcc_mutex``) are system packages for all we can tell, and are skipped without an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name

from starlette_2093_check.manifests._files import read_text, split_lines
from starlette_2093_check.manifests.requirements import parse_requirement_lines
from starlette_2093_check.model import Declared, IndexSource, Location, Manifest, ManifestKind, ScanError

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Conda's own MatchSpec grammar (conda.models.match_spec._parse_spec_str and
# _parse_version_plus_build), so that "name version build", "name=version=build" and
# "name>=1,<2" split the way conda splits them.
_NAME_REST = re.compile(r"([^ =<>!~]+)?([><!=~ ].+)?")
_VERSION_BUILD = re.compile(r"((?:.+?)[^><!,|]?)(?:(?<![=!|,<>~])(?:[ =])([^-=,|<>~]+?))?$")
_BRACKET_PAIR = re.compile(r"""([a-zA-Z0-9_-]+?)=(["']?)([^'"]*?)(\2)(?:[, ]|$)""")
_OPERATOR = re.compile(r"^(==|!=|>=|<=|~=|>|<|=)?(.*)$")
_PACKAGE_FILES = (".tar.bz2", ".conda")


class _Malformed(ValueError):
    """A dependency string that is not a MatchSpec at all (conda itself would refuse it)."""


@dataclass
class _State:
    checkout: Path
    relpath: str
    declared: list[Declared] = field(default_factory=list)
    indexes: list[IndexSource] = field(default_factory=list)
    includes: list[str] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    local_files: list[tuple[str, str, Location]] = field(default_factory=list)
    requires_python: str | None = None
    python_version: str | None = None
    python_seen: bool = False
    seen: set[int] = field(default_factory=set)  # ids of nodes already walked (aliases repeat them)

    def error(self, message: str, node: yaml.Node) -> None:
        self.errors.append(ScanError(self.relpath, message, node.start_mark.line + 1))


def parse_conda_environment(checkout: Path, relpath: str) -> tuple[Manifest, list[ScanError]]:
    """Parse a conda environment file's ``dependencies`` (conda MatchSpecs) and its ``pip:`` list.

    ``python`` sets the manifest's ``python_version`` (``python=3.11``, ``python=3.11.4``) or
    ``requires_python`` (``python>=3.10``); ``pip`` itself is skipped. The ``pip:`` entries are read as
    requirement-file lines, so ``-r`` includes (relative to this file's directory, as conda runs pip
    there), index options and editable/URL lines work as in a requirements file.
    """
    empty = Manifest(path=relpath, kind=ManifestKind.CONDA)
    text = read_text(checkout, relpath)
    if isinstance(text, ScanError):
        return empty, [text]
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        # At the end of the stream the mark is past the last line: point at the last written one.
        last = len(split_lines(text.rstrip())) or 1
        line = min(mark.line + 1, last) if mark is not None else 1
        return empty, [ScanError(relpath, f"invalid YAML: {e.problem or e.context or 'syntax error'}", line)]
    except yaml.reader.ReaderError as e:  # a character YAML does not allow; it knows the offset
        line = len(split_lines(text[: e.position])) if isinstance(e.position, int) else 1
        return empty, [ScanError(relpath, f"invalid YAML: {str(e).splitlines()[0]}", line)]
    except yaml.YAMLError as e:
        return empty, [ScanError(relpath, f"invalid YAML: {str(e).splitlines()[0] if str(e) else e}", 1)]
    except RecursionError:
        return empty, [ScanError(relpath, "invalid YAML: nested too deeply", 1)]
    except ValueError as e:  # defensive: the libyaml bindings on input they cannot convert
        return empty, [ScanError(relpath, f"invalid YAML: {e}", 1)]
    if root is None or (isinstance(root, yaml.ScalarNode) and root.tag == _NULL):
        return empty, []
    if not isinstance(root, yaml.MappingNode):
        line = root.start_mark.line + 1
        return empty, [ScanError(relpath, "the environment file is not a mapping of keys", line)]

    state = _State(checkout, relpath)
    dependencies: yaml.Node | None = None
    for key, value in root.value:
        if not (isinstance(key, yaml.ScalarNode) and key.value == "dependencies"):
            continue
        if dependencies is not None:
            state.error("duplicate key 'dependencies' (the first one is used)", key)
            continue
        dependencies = value
        if isinstance(value, yaml.SequenceNode):
            _dependencies(state, value)
        elif not (isinstance(value, yaml.ScalarNode) and value.tag == _NULL):
            state.error("'dependencies' is not a list", key)

    manifest = Manifest(
        path=relpath,
        kind=ManifestKind.CONDA,
        requirements=tuple(state.declared),
        indexes=tuple(state.indexes),
        requires_python=state.requires_python,
        python_version=state.python_version,
        includes=tuple(state.includes),
        local_files=tuple(state.local_files),
    )
    return manifest, state.errors


def _dependencies(state: _State, sequence: yaml.SequenceNode) -> None:
    for item in sequence.value:
        if id(item) in state.seen:
            continue  # an alias of an entry already read
        state.seen.add(id(item))
        if isinstance(item, yaml.MappingNode):
            _pip_section(state, item)
        elif isinstance(item, yaml.ScalarNode) and item.tag == _STR:
            _conda_entry(state, item)
        elif isinstance(item, yaml.ScalarNode) and item.tag == _NULL:
            state.error("empty dependency entry", item)
        elif isinstance(item, yaml.ScalarNode):
            state.error(f"dependency {item.value!r} is not a string (YAML {_kind(item)})", item)
        else:
            state.error("dependency entry is a list, not a package spec or a 'pip:' mapping", item)


def _pip_section(state: _State, mapping: yaml.MappingNode) -> None:
    for key, value in mapping.value:
        name = key.value if isinstance(key, yaml.ScalarNode) else None
        if name != "pip":
            shown = repr(name) if isinstance(name, str) else "a non-string key"
            state.error(f"dependency mapping has {shown}; only a 'pip:' list is supported here", key)
            continue
        if isinstance(value, yaml.ScalarNode) and value.tag == _NULL:
            continue
        if not isinstance(value, yaml.SequenceNode):
            state.error("'pip' is not a list of requirement lines", key)
            continue
        if id(value) in state.seen:
            continue
        state.seen.add(id(value))
        lines: list[tuple[int, str]] = []
        for item in value.value:
            if isinstance(item, yaml.ScalarNode) and item.tag == _STR:
                lines.append((item.start_mark.line + 1, item.value))
            elif isinstance(item, yaml.ScalarNode) and item.tag == _NULL:
                state.error("empty entry in the 'pip' list", item)
            elif isinstance(item, yaml.ScalarNode):
                state.error(f"pip entry {item.value!r} is not a string (YAML {_kind(item)})", item)
            else:
                state.error("pip entry is a nested list or mapping, not a requirement line", item)
        found = parse_requirement_lines(state.checkout, state.relpath, lines)
        state.declared += found.declared
        state.indexes += found.indexes
        state.includes += [i for i in found.includes if i not in state.includes]
        state.errors += found.errors
        state.local_files += found.local_files


def _conda_entry(state: _State, node: yaml.ScalarNode) -> None:
    line = node.start_mark.line + 1
    try:
        parsed = conda_requirement(node.value)
    except _Malformed as e:
        state.error(f"invalid conda package spec {_shown(node.value)}: {e}", node)
        return
    if parsed is None:
        return
    name, specifier = parsed
    if name == "pip":
        return
    if name == "python":
        if not state.python_seen:
            state.python_seen = True
            _python(state, specifier)
        return
    requirement = str(Requirement(f"{name}{specifier}"))
    state.declared.append(Declared(name, requirement, Location(state.relpath, line), conda=True))


def _python(state: _State, specifier: str) -> None:
    specs = list(SpecifierSet(specifier))
    if not specs:
        return
    if len(specs) == 1 and specs[0].operator == "==":
        version = specs[0].version
        if not version.endswith(".*"):
            state.python_version = version
            return
        if version.count(".") == 2:  # "3.11.*": an exact major.minor request
            state.python_version = version[:-2]
            return
    state.requires_python = specifier


def conda_requirement(spec: str) -> tuple[str, str] | None:
    """Translate a conda MatchSpec to (canonical name, PEP 440 specifier text, possibly "").

    Returns None for a valid spec that PEP 508 cannot express (a conda-only version such as
    ``1.1.1t``, ``|`` alternatives, a name pip would refuse, a package file URL). Raises
    ``_Malformed`` (a ValueError) for text that is no MatchSpec: empty, no name, broken brackets.
    """
    text = spec.split("#", 1)[0].strip()
    if not text:
        raise _Malformed("empty")
    if text.endswith(_PACKAGE_FILES):
        return None  # an explicit conda package file
    brackets: dict[str, str] = {}
    if "[" in text or "]" in text:
        start, end = text.find("["), text.rfind("]")
        if start < 0 or end < start:
            raise _Malformed("unbalanced brackets")
        inner = text[start + 1 : end]
        for pair in _BRACKET_PAIR.finditer(inner):
            key, _, value, _ = pair.groups()
            if not value:
                raise _Malformed(f"no value for {key!r} in brackets")
            brackets[key] = value
        text = (text[:start] + text[end + 1 :]).strip()
    text = text.rpartition("::")[2].strip()  # channel::name, channel/subdir::name
    match = _NAME_REST.match(text)
    raw_name = match.group(1) if match else None
    if not raw_name:
        raise _Malformed("no package name")
    rest = (match.group(2) or "").strip() if match else ""
    version: str | None = None
    if rest:
        version, build = _version_and_build(rest)
        exact = build is not None and version[:1] == "=" and not any(c in version[1:] for c in "=,|")
        if exact:
            version = "==" + version[1:]  # conda: "=1.2=build" is the exact version 1.2
    if "version" in brackets:
        version = brackets["version"]  # conda: brackets override the rest of the string
    specifier = _specifier(version) if version else ""
    if specifier is None:
        return None
    try:
        requirement = Requirement(f"{raw_name}{specifier}")
    except InvalidRequirement:
        return None
    if requirement.url or requirement.extras or requirement.marker:
        return None
    return canonicalize_name(requirement.name), specifier


def _version_and_build(text: str) -> tuple[str, str | None]:
    match = _VERSION_BUILD.search(text)
    if not match:
        return text.replace(" ", ""), None
    version, build = match.groups()
    return version.replace(" ", ""), (build.strip() if build else None)


def _specifier(version: str) -> str | None:
    """A conda version spec as PEP 440 specifier text ("" for any version), or None if it has no
    PEP 440 equivalent."""
    if "|" in version:
        return None
    parts: list[str] = []
    for part in version.split(","):
        part = part.strip()
        if part in ("", "*"):
            continue
        op_match = _OPERATOR.match(part)
        if op_match is None:
            return None
        operator, value = op_match.group(1) or "", op_match.group(2)
        if not value:
            return None
        if operator in ("", "=", "==") and value.endswith("*"):
            base = value.rstrip("*").rstrip(".")
            if base:
                parts.append(f"=={base}.*")
        elif operator == "=":
            # conda: "=1.2" is fuzzy (1.2.*); a full version such as "=1.2.3" is taken as exact
            parts.append(f"=={value}" if value.count(".") >= 2 else f"=={value}.*")
        elif operator == "":
            parts.append(f"=={value}")
        elif operator == "!=" and value.endswith("*"):
            parts.append(f"!={value.rstrip('*').rstrip('.')}.*")
        elif operator in (">=", "<=", ">", "<"):
            parts.append(operator + value.removesuffix("*").removesuffix("."))
        else:
            parts.append(operator + value)
    text = ",".join(parts)
    try:
        SpecifierSet(text)
    except InvalidSpecifier:
        return None
    return text


def _shown(text: str) -> str:
    return repr(text if len(text) <= 200 else text[:200] + "...")


def _kind(node: yaml.Node) -> str:
    """What a YAML tag makes of a value: "int", "bool", ... or the tag as written."""
    return node.tag.removeprefix("tag:yaml.org,2002:")
