"""Find, read and validate a repository's policy file, into ``Policy``.

Two forms, one schema (``schema.json``, JSON Schema 2020-12): ``.github/starlette-check.yml``, or the
``[tool.starlette-check]`` table of the top-level ``pyproject.toml``; a repository with both is an
error naming both. Every problem is a ``PolicyError`` naming the file and line.

The file may be hostile (a checkout is anyone's), so: at most ``MAX_BYTES`` (YAML), one document, no
anchors or aliases (an alias bomb expands to gigabytes once built), no tags, bounded nesting. The
YAML is composed into nodes (their lines are the error positions) and only scalars are built, by
PyYAML's safe constructor. tomllib gives no positions: the lines come from ``manifests._toml``.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from starlette_2093_check.errors import UsageError
from starlette_2093_check.layout import LayoutError, Pattern
from starlette_2093_check.model import Location
from starlette_2093_check.policy.model import IgnoreRule, PackRules, Paths, Policy, Variants
from starlette_2093_check.yamlguard import refusal

__all__ = [
    "FILE_INPUTS",
    "MAX_BYTES",
    "PYPROJECT",
    "STEP_ONLY",
    "TOOL_TABLE",
    "YAML_FILE",
    "PolicyError",
    "Problem",
    "load_checkout",
    "load_file",
    "parse_pyproject",
    "parse_yaml",
    "read_policy",
    "schema",
]

YAML_FILE = ".github/starlette-check.yml"
PYPROJECT = "pyproject.toml"
TOOL_TABLE = "starlette-check"
MAX_BYTES = 64 * 1024  # the YAML file; a pyproject.toml is a manifest and has the manifests' cap
MAX_DEPTH = 8  # mappings and lists inside each other

# Inputs that a policy file may never set, and why: they choose hosts that receive credentials,
# secrets, files read or code run, or they belong to one job of several sharing the file.
STEP_ONLY = {
    "github-token": "a secret",
    "index-url": "it chooses a host that receives the job's requests and credentials",
    "index-env": "it chooses the secrets the repository's own index URLs may take",
    "index-hosts": "it chooses the hosts those secrets may be sent to",
    "vulnerability-url": "it chooses a host the job sends its dependency list to",
    "packs": "it names code of the repository that the job runs",
    "cache-dir": "the job's cache of trusted verdicts and sandboxes is the workflow's",
    "report": "it names a report to publish in place of a scan",
    "comment-template": "it chooses a file of the repository whose text the job posts",
    "org": "organisation scans are set up in the workflow",
    "repositories": "organisation scans are set up in the workflow",
    "shard": "organisation scans are set up in the workflow",
    "merge": "organisation scans are set up in the workflow",
    "org-issues": "organisation scans are set up in the workflow",
    "path": "several jobs may scan different paths with one policy file",
    "id": "it names one job's comment, and several jobs share the file",
}
# Inputs the file writes as `paths` keys instead.
PATHS_INSTEAD = {"skip": "paths.exclude", "include": "paths.include"}


class PolicyError(UsageError, ValueError):
    """A policy file that cannot be used: its problems, each at its file and line (the first one's
    place is ``file``/``line``, for the action's error annotation)."""

    def __init__(self, problems: Sequence[Problem], note: str = "") -> None:
        self.problems = tuple(problems)
        first = self.problems[0].location
        self.file: str | None = first.file
        self.line: int | None = first.line
        lines = [f"{p.location}: {p.message}" for p in self.problems[:20]]
        if len(self.problems) > 20:
            lines.append(f"... and {len(self.problems) - 20} more")
        text = lines[0] if len(lines) == 1 else "the policy file has errors:\n" + "\n".join(lines)
        super().__init__(text + note)


@dataclass(frozen=True)
class Problem:
    location: Location
    message: str


@functools.cache
def schema() -> dict[str, Any]:
    """The policy's JSON Schema (``schema.json``, shipped in the package for editors as well)."""
    text = resources.files("starlette_2093_check.policy").joinpath("schema.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _inputs_schema() -> dict[str, Any]:
    inputs: dict[str, Any] = schema()["properties"]["inputs"]["properties"]
    return inputs


FILE_INPUTS: tuple[str, ...] = tuple(_inputs_schema())

# A path into the data: keys and list indexes. Its line: that of the key or item, else the nearest
# enclosing one that is written in the file.
KeyPath = tuple[str | int, ...]
LineOf = Callable[[KeyPath], int | None]


# -- YAML -----------------------------------------------------------------------------------------

_SCALARS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}


def _yaml_refusal(text: str) -> tuple[str, int] | None:
    """Why the YAML is refused before anything is built: anchors, aliases, tags, depth, documents."""
    refused = refusal(text, "the policy file", MAX_DEPTH, tags=False)
    return None if refused is None else (refused[0], refused[1] or 1)


class _Nodes:
    """Plain data from composed YAML nodes, with the line of every key and list item."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.lines: dict[KeyPath, int] = {}
        self.problems: list[Problem] = []
        self._constructor = yaml.SafeLoader("")  # builds one scalar at a time

    def value(self, node: yaml.Node, path: KeyPath) -> Any:
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key, value in node.value:
                line = key.start_mark.line + 1
                if not isinstance(key, yaml.ScalarNode) or key.tag not in _SCALARS:
                    self.problems.append(Problem(Location(self.source, line), "a key must be a plain name"))
                    continue
                name = str(key.value)
                if name in out:
                    self.problems.append(Problem(Location(self.source, line), f"`{name}` is given twice"))
                    continue
                self.lines[(*path, name)] = line
                out[name] = self.value(value, (*path, name))
            return out
        if isinstance(node, yaml.SequenceNode):
            items = []
            for i, item in enumerate(node.value):
                self.lines[(*path, i)] = item.start_mark.line + 1
                items.append(self.value(item, (*path, i)))
            return items
        if node.tag == "tag:yaml.org,2002:timestamp":  # a date stays as written: the schema checks it
            return str(node.value)
        try:
            return self._constructor.construct_object(node, deep=True)
        except (ValueError, OverflowError, yaml.YAMLError):
            return str(node.value)

    def line_of(self, path: KeyPath) -> int | None:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1


def parse_yaml(text: str, source: str, note: str = "") -> Policy:
    """The policy written in ``text`` (the YAML form); ``PolicyError`` naming ``source`` and the line."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise PolicyError([Problem(Location(source, 1), f"larger than {MAX_BYTES // 1024} KiB")], note)
    try:
        refused = _yaml_refusal(text)
        if refused is not None:
            raise PolicyError([Problem(Location(source, refused[1]), refused[0])], note)
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        last = max(1, len(text.rstrip().splitlines()))
        line = min(mark.line + 1, last) if mark is not None else 1
        why = exc.problem or exc.context or "syntax error"
        raise PolicyError([Problem(Location(source, line), f"invalid YAML: {why}")], note) from None
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise PolicyError([Problem(Location(source, 1), f"invalid YAML: {first}")], note) from None
    if root is None:
        return Policy(source=source)
    nodes = _Nodes(source)
    data = nodes.value(root, ())
    if nodes.problems:
        raise PolicyError(nodes.problems, note)
    if data is None:
        return Policy(source=source)
    return _policy(data, source, nodes.line_of, note)


# -- pyproject.toml -------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """TOML's dates and times as the text the schema checks (a date is written YYYY-MM-DD)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    return value


def parse_pyproject(text: str, source: str, note: str = "") -> Policy | None:
    """The ``[tool.starlette-check]`` table of a pyproject.toml's ``text``; None when it has none.

    A file that is not valid TOML is a policy error only when its text names the table: a broken
    pyproject.toml of a project without a policy is discovery's error for that file, and the scan
    goes on without a policy, as it would without the file."""
    from starlette_2093_check.manifests._toml import TomlPositions, load_toml

    try:
        loaded = load_toml(text, source)
    except RecursionError:  # tomllib recurses once per nested array or inline table
        if TOOL_TABLE not in text:
            return None
        raise PolicyError([Problem(Location(source, 1), "invalid TOML: nested too deeply")], note) from None
    if not isinstance(loaded, dict):
        if TOOL_TABLE not in text:
            return None
        raise PolicyError([Problem(Location(source, loaded.line), loaded.message)], note)
    tool = loaded.get("tool")
    if not isinstance(tool, dict) or TOOL_TABLE not in tool:
        return None
    positions = TomlPositions(text)
    prefix = ("tool", TOOL_TABLE)

    def line_of(path: KeyPath) -> int | None:
        return positions.nearest_line((*prefix, *path))

    table = tool[TOOL_TABLE]
    if not isinstance(table, dict):
        problem = Problem(Location(source, line_of(())), f"`tool.{TOOL_TABLE}` must be a table")
        raise PolicyError([problem], note)
    return _policy(_plain(table), source, line_of, note)


# -- validation -----------------------------------------------------------------------------------


def _name(path: KeyPath) -> str:
    """``ignore[0].until``, ``inputs.fail-on``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the policy"


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "empty" if value is None else type(value).__name__


_WANTED = {
    "array": "a list",
    "object": "a mapping (table)",
    "string": "text",
    "boolean": "true or false",
    "number": "a number",
    "integer": "a whole number",
}


def _shown(value: Any) -> str:
    text = json.dumps(value) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _messages(error: Any, data: Any) -> Iterator[tuple[KeyPath, str]]:
    """What a jsonschema error means, in the policy's words, and the path it is about."""
    path: KeyPath = tuple(error.absolute_path)
    where = _name(path)
    kind = error.validator
    value = error.instance
    if kind == "additionalProperties" and isinstance(value, dict):
        known = list(error.schema.get("properties") or {})
        for key in sorted(set(value) - set(known)):
            yield (*path, key), _unknown(path, key, known)
    elif kind == "required":
        for key in error.validator_value:
            if isinstance(value, dict) and key not in value:
                yield (
                    path,
                    f"`{where}` needs `{key}`"
                    + (" (why the finding is accepted)" if key == "reason" else ""),
                )
    elif kind == "anyOf" and path[:1] == ("ignore",) and len(path) == 2:
        yield (
            path,
            f"`{where}` must name at least one of `pack`, `root` and `version` (it would match everything)",
        )
    elif kind == "anyOf":
        zero = "more than 0" if "exclusiveMinimum" in str(error.schema) else "0: no limit"
        yield path, f"`{where}` must be a number of seconds ({zero}), not {_shown(value)}"
    elif kind == "enum":
        allowed = ", ".join(str(v).lower() if isinstance(v, bool) else str(v) for v in error.validator_value)
        yield path, f"`{where}` must be one of {allowed}, not {_shown(value)}"
    elif kind == "type":
        wanted = error.validator_value
        names = [_WANTED.get(t, t) for t in ([wanted] if isinstance(wanted, str) else wanted)]
        yield path, f"`{where}` must be {' or '.join(names)}, not {_type_name(value)}"
    elif kind in ("format", "pattern") and path[-1:] == ("until",):
        yield path, f"`{where}` must be a date written YYYY-MM-DD, not {_shown(value)}"
    elif kind == "pattern" and error.validator_value == "\\S":
        yield path, f"`{where}` must not be empty"
    elif kind == "pattern" and "a-z0-9._-" in error.validator_value:
        yield path, f"`{where}`: {_shown(value)} is not a pack id (lowercase letters, digits, '.', '_', '-')"
    elif kind == "pattern" and "[^\\n\\r]" in error.validator_value:
        yield path, f"`{where}` must be one line of text"
    elif kind == "pattern":
        yield path, f"`{where}`: {_shown(value)} is not a valid name here"
    elif kind == "minLength":
        yield path, f"`{where}` must not be empty"
    elif kind in ("maxLength", "maxItems", "maxProperties"):
        yield path, f"`{where}` is too long (at most {error.validator_value})"
    elif kind == "uniqueItems":
        yield path, f"`{where}` lists a value twice"
    elif kind == "not":
        yield (
            path,
            f"`{where}` must be a path inside the workspace (relative, without '..'), not {_shown(value)}",
        )
    else:
        yield path, f"`{where}`: {error.message}"


def _unknown(path: KeyPath, key: str, known: Iterable[str]) -> str:
    where = f" in `{_name(path)}`" if path else ""
    if path == ("inputs",) and key in STEP_ONLY:
        return (
            f"input `{key}` can only be given to the step (`with:` in the workflow), never in the "
            f"policy file: {STEP_ONLY[key]}"
        )
    if path == ("inputs",) and key in PATHS_INSTEAD:
        return f"input `{key}` is written `{PATHS_INSTEAD[key]}` in the policy file"
    if not path and (key in FILE_INPUTS or key in STEP_ONLY):
        return f"unknown key `{key}`: inputs go under `inputs:` (`inputs.{key}`)"
    return f"unknown key `{key}`{where}; the keys here are {', '.join(known)}"


def _problems(data: Any, source: str, line_of: LineOf) -> list[Problem]:
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)
    found: dict[tuple[int, str], Problem] = {}
    for error in validator.iter_errors(data):
        for path, message in _messages(error, data):
            line = line_of(path) or 1
            found.setdefault((line, message), Problem(Location(source, line), message))
    for problem in _meanings(data, source, line_of):
        found.setdefault((problem.location.line or 1, problem.message), problem)
    return [found[k] for k in sorted(found)]


def _meanings(data: Mapping[str, Any], source: str, line_of: LineOf) -> Iterator[Problem]:
    """What the schema cannot say: versions and path patterns that do not parse (values of the
    wrong type are the schema's to report)."""
    entries = data.get("ignore")
    for i, entry in enumerate(entries if isinstance(entries, list) else []):
        version = entry.get("version") if isinstance(entry, dict) else None
        if isinstance(version, str) and version and not _is_version(version):
            path: KeyPath = ("ignore", i, "version")
            yield Problem(
                Location(source, line_of(path)),
                f"`{_name(path)}`: {version!r} is neither a version nor a version specifier (PEP 440)",
            )
    paths = data.get("paths")
    for key in ("exclude", "include"):
        patterns = paths.get(key) if isinstance(paths, dict) else None
        for i, text in enumerate(patterns if isinstance(patterns, list) else []):
            if not isinstance(text, str) or not text.strip():
                continue
            try:
                Pattern.parse(text)
            except LayoutError as exc:
                yield Problem(Location(source, line_of(("paths", key, i))), f"`paths.{key}[{i}]`: {exc}")


def _is_version(text: str) -> bool:
    try:
        Version(text)
        return True
    except InvalidVersion:
        pass
    try:
        SpecifierSet(text)
        return True
    except InvalidSpecifier:
        return False


# -- the Policy -----------------------------------------------------------------------------------


def _input_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _policy(data: Any, source: str, line_of: LineOf, note: str) -> Policy:
    if not isinstance(data, dict):
        keys = ", ".join(schema()["properties"])
        message = f"the policy must be a mapping of keys ({keys}), not {_type_name(data)}"
        raise PolicyError([Problem(Location(source, 1), message)], note)
    problems = _problems(data, source, line_of)
    if problems:
        raise PolicyError(problems, note)

    def at(*path: str | int) -> Location:
        return Location(source, line_of(path))

    ignore = tuple(
        IgnoreRule(
            reason=entry["reason"].strip(),
            location=at("ignore", i),
            pack=entry.get("pack"),
            root=entry.get("root"),
            version=entry.get("version"),
            until=date.fromisoformat(entry["until"]) if "until" in entry else None,
        )
        for i, entry in enumerate(data.get("ignore") or [])
    )
    paths = data.get("paths") or {}
    packs = data.get("packs") or {}
    variants = data.get("variants") or {}
    return Policy(
        source=source,
        ignore=ignore,
        paths=Paths(
            exclude=tuple(paths.get("exclude") or ()),
            include=tuple(paths.get("include") or ()),
            default_excludes=paths.get("default-excludes", True),
        ),
        packs=PackRules(
            run=tuple(packs["run"]) if "run" in packs else None,
            fail_on=dict(packs.get("fail-on") or {}),
            locations={
                **({("run", ""): at("packs", "run")} if "run" in packs else {}),
                **{("run", card): at("packs", "run", i) for i, card in enumerate(packs.get("run") or ())},
                **{("fail-on", card): at("packs", "fail-on", card) for card in packs.get("fail-on") or {}},
            },
        ),
        variants=Variants(tuple(variants.get("extras") or ()), tuple(variants.get("groups") or ())),
        inputs={
            name: (_input_text(value), at("inputs", name))
            for name, value in (data.get("inputs") or {}).items()
        },
    )


# -- finding the file -----------------------------------------------------------------------------

# Reads a file of the repository by its path from the top: its bytes, None when there is none, or
# a Problem (it exists but cannot be read).
Reader = Callable[[str], bytes | Problem | None]


def _text(data: bytes, source: str, note: str) -> str:
    from starlette_2093_check.manifests._files import decode_text

    text = decode_text(data, source)
    if not isinstance(text, str):
        raise PolicyError([Problem(Location(source, text.line or 1), text.message)], note)
    return text


def read_policy(read: Reader, note: str = "") -> Policy:
    """The policy of a repository whose files ``read`` gives: the YAML file, or the pyproject's
    table; ``Policy()`` when there is neither; ``PolicyError`` when both are there, or either is bad."""
    found: dict[str, Policy] = {}
    for source in (YAML_FILE, PYPROJECT):
        data = read(source)
        if isinstance(data, Problem):
            raise PolicyError([data], note)
        if data is None:
            continue
        if source == YAML_FILE:
            if len(data) > MAX_BYTES:
                raise PolicyError(
                    [Problem(Location(source, 1), f"larger than {MAX_BYTES // 1024} KiB; it was not read")],
                    note,
                )
            found[source] = parse_yaml(_text(data, source, note), source, note)
        else:
            table = parse_pyproject(_text(data, source, note), source, note)
            if table is not None:
                found[source] = table
    if len(found) == 2:
        line = found[PYPROJECT].source and _table_line(read)
        message = (
            f"the policy is written both here and in {YAML_FILE}: keep one of them "
            f"(`[tool.{TOOL_TABLE}]` in {PYPROJECT} or {YAML_FILE})"
        )
        raise PolicyError([Problem(Location(PYPROJECT, line or 1), message)], note)
    return next(iter(found.values()), Policy())


def _table_line(read: Reader) -> int | None:
    from starlette_2093_check.manifests._toml import TomlPositions

    data = read(PYPROJECT)
    if not isinstance(data, bytes):
        return None
    return TomlPositions(data.decode("utf-8", "replace")).nearest_line(("tool", TOOL_TABLE))


def checkout_reader(top: Path) -> Reader:
    """Files of the checkout ``top``: regular files inside it only (``manifests._files``)."""
    from starlette_2093_check.manifests._files import read_regular

    root = top.resolve()

    def read(relpath: str) -> bytes | Problem | None:
        try:
            real = (top / relpath).resolve(strict=True)
        except FileNotFoundError:
            return None
        except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop (Python 3.11)
            return Problem(
                Location(relpath, None), f"cannot resolve the path: {getattr(exc, 'strerror', None) or exc}"
            )
        if not real.is_relative_to(root):
            return Problem(Location(relpath, None), "refused: a symlink that points outside the checkout")
        data = read_regular(real, relpath)
        if not isinstance(data, bytes):
            return Problem(Location(relpath, data.line), data.message)
        return data

    return read


def load_checkout(top: Path) -> Policy:
    """The policy of the checkout ``top`` (its ``.github/starlette-check.yml`` or its top-level
    ``pyproject.toml``'s table); ``Policy()`` when it has none."""
    return read_policy(checkout_reader(top))


def load_file(path: Path) -> Policy:
    """The policy in the file ``path`` (``scan --config``): a ``.toml`` file's ``[tool.starlette-check]``
    table, or YAML. A file without the table is an error: it was named to be used."""
    source = str(path)
    try:
        with open(path, "rb") as fh:
            data = fh.read(5 * 1024 * 1024 + 1)
    except OSError as exc:
        raise PolicyError(
            [Problem(Location(source, None), f"cannot read it: {exc.strerror or exc}")]
        ) from None
    if path.suffix == ".toml":
        policy = parse_pyproject(_text(data, source, ""), source)
        if policy is None:
            raise PolicyError([Problem(Location(source, 1), f"it has no `[tool.{TOOL_TABLE}]` table")])
        return policy
    if len(data) > MAX_BYTES:
        raise PolicyError(
            [Problem(Location(source, 1), f"larger than {MAX_BYTES // 1024} KiB; it was not read")]
        )
    return parse_yaml(_text(data, source, ""), source)
