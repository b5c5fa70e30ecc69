"""Known-bug packs: a card (what the bug is, where it is fixed, the texts reports use) and the
scenario that reproduces it in the sandbox.

Built-in packs live in ``starlette_2093_check/packs/<name>/``: ``card.yaml``, ``scenario.py`` (runs inside the
sandbox, through ``repro/harness.py``) and ``verdict.py`` (reads the scenario's measurements
in the bot's process). ``HEADLINE`` is the bug the product is about; the others are its neighbours
in Starlette's middleware/background-task machinery.

Custom packs come from a directory of the scanned repository that the user names explicitly
(``--packs`` / the ``packs`` input). Their scenarios are the repository's code: they only ever run
in the sandbox, and their checks report their own readings (see ``starlette_2093_check.repro.verdict``).
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from packaging.version import InvalidVersion, Version

from starlette_2093_check.errors import UsageError
from starlette_2093_check.model import ScanError
from starlette_2093_check.yamlguard import refusal

HEADLINE = "starlette_2093"
DEFAULT_CARD = HEADLINE
# Display order: the headline first, then the neighbours by issue number.
BUILTIN: tuple[str, ...] = ("starlette_2093", "starlette_1438", "starlette_2688", "starlette_3458")
PACKS_DIR = Path(__file__).resolve().parent
SCENARIO = "scenario.py"
MAX_SCENARIO_BYTES = 256 * 1024
MAX_CARD_BYTES = 64 * 1024
# A card is a mapping of strings, short lists and one more level of mappings; anything much deeper
# is not a card (and deep nesting is what recursive YAML construction chokes on).
MAX_CARD_DEPTH = 8
_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")


@dataclass(frozen=True)
class Card:
    id: str
    package: str
    title: str
    links: dict[str, str]
    fixed_in: str
    texts: dict[str, str]
    # Packages that depend on it and are commonly installed instead of it (FastAPI). Conda
    # environments list these at conda level; they are resolved like pip requirements.
    parents: tuple[str, ...] = ()
    # For a regression: the first release that has the bug (informational; never decides a verdict).
    introduced_in: str | None = None
    # The parts of the code pattern that trigger it ("middleware", "background"): when the bug
    # reproduces and the project's own code has them all, it is "triggered in your app".
    triggered_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class Pack:
    """A card and the scenario that reproduces it."""

    card: Card
    scenario: Path  # the scenario file, run inside the sandbox
    digest: str  # sha256 of the scenario's bytes: part of the verdict cache key
    custom: bool = False
    source: str | None = None  # custom packs: the card's path in the repository
    # Built-in packs read their checks here; None (custom packs) means self-reported readings.
    readers: Mapping[str, Any] | None = field(default=None, compare=False, hash=False)
    # The scenario's bytes as read when the pack was loaded: ``digest`` is their hash, and they are
    # what runs, whatever the file holds by then. None: read the file, if it still has that hash.
    code: bytes | None = field(default=None, compare=False, hash=False, repr=False)

    @property
    def id(self) -> str:
        return self.card.id


class CardError(UsageError):
    """A built-in card file is missing or malformed."""


def _card(data: Any) -> Card:
    return Card(
        id=str(data["id"]),
        package=str(data["package"]),
        title=str(data["title"]),
        links={str(k): str(v) for k, v in (data.get("links") or {}).items()},
        fixed_in=str(data["fixed_in"]),
        texts={str(k): str(v) for k, v in (data.get("texts") or {}).items()},
        parents=tuple(str(p) for p in data.get("parents") or ()),
        introduced_in=str(data["introduced_in"]) if data.get("introduced_in") else None,
        triggered_by=tuple(str(p) for p in data.get("triggered_by") or ()),
    )


@functools.cache
def load_card(name: str = DEFAULT_CARD) -> Card:
    """Read ``starlette_2093_check/packs/<name>/card.yaml``, once per process (every renderer asks for it)."""
    try:
        data: Any = yaml.safe_load((PACKS_DIR / name / "card.yaml").read_text(encoding="utf-8"))
        return _card(data)
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError) as exc:
        raise CardError(f"card {name}: {exc}") from exc


@functools.cache
def load_pack(name: str = HEADLINE) -> Pack:
    """A built-in pack: its card, its scenario file and its readers."""
    card = load_card(name)
    scenario = PACKS_DIR / name / SCENARIO
    try:
        code = scenario.read_bytes()
        readers = importlib.import_module(f"{__name__}.{name}.verdict").READERS
    except (OSError, ImportError, AttributeError) as exc:
        raise CardError(f"pack {name}: {exc}") from exc
    digest = hashlib.sha256(code).hexdigest()
    return Pack(card=card, scenario=scenario, digest=digest, readers=dict(readers), code=code)


def scenario_code(pack: Pack) -> bytes:
    """The bytes to run for ``pack``: the ones it was loaded with, whose hash is ``pack.digest`` (the
    cache key). A pack made without them reads its file, which must still have that hash."""
    code = pack.code
    if code is None:
        read = _read_bounded(pack.scenario, MAX_SCENARIO_BYTES, f"scenario file {pack.scenario}")
        if isinstance(read, str):
            raise CardError(f"pack {pack.id}: {read}")
        code = read
    if hashlib.sha256(code).hexdigest() != pack.digest:
        raise CardError(f"pack {pack.id}: the scenario changed since it was read; it was not run")
    return code


def builtin_card(card_id: str) -> Card | None:
    """The built-in card with this id, if there is one."""
    return next((load_card(n) for n in BUILTIN if load_card(n).id == card_id), None)


def measure(card_id: str, evidence: Mapping[str, Any]) -> str:
    """The one number a built-in pack's run is about (its verdict module's ``measure``), or "n/a".

    The evidence may come from a report file (the ``report`` input), so it is not trusted to have
    the shapes a run writes: what cannot be read is "n/a", never an exception."""
    for name in BUILTIN:
        if load_card(name).id == card_id:
            fn = getattr(importlib.import_module(f"{__name__}.{name}.verdict"), "measure", None)
            if fn is not None:
                try:
                    return str(fn(dict(evidence)))
                except (TypeError, ValueError, KeyError, AttributeError, IndexError, ArithmeticError):
                    return "n/a"
    return "n/a"


def builtin_packs() -> tuple[Pack, ...]:
    """Every built-in pack, headline first."""
    return tuple(load_pack(name) for name in BUILTIN)


# -- custom packs ---------------------------------------------------------------------------------


def _key_lines(text: str) -> dict[str, int]:
    """1-based line of each top-level key of a YAML mapping (composed, never constructed)."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {
        str(key.value): key.start_mark.line + 1 for key, _ in node.value if isinstance(key, yaml.ScalarNode)
    }


def _read_bounded(path: Path, limit: int, what: str) -> bytes | str:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes, else why not.

    The opened file is checked (``fstat``) before anything is read, and at most ``limit + 1``
    bytes are ever read; a symlink in the last component is not followed, a FIFO never blocks.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOFOLLOW)
    except OSError as exc:
        return f"cannot open {what}: {exc.strerror or exc}"
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            return f"{what} is not a regular file"
        if st.st_size > limit:
            return f"{what} is larger than {limit // 1024} KiB ({st.st_size} bytes); it was not read"
        data = fh.read(limit + 1)
    if len(data) > limit:
        return f"{what} is larger than {limit // 1024} KiB"
    return data


def _yaml_problem(text: str) -> tuple[str, int | None] | None:
    """Why a card's YAML is refused, found from its events alone (nothing is built from it yet).

    Anchors and aliases are refused (an alias bomb expands to gigabytes once built), and so is
    nesting deeper than ``MAX_CARD_DEPTH`` and more than one document.
    """
    try:
        return refusal(text, "a pack card", MAX_CARD_DEPTH)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "invalid YAML"
        return f"invalid YAML: {problem}", mark.line + 1 if mark is not None else None


def _read_card(real: Path, relpath: str) -> tuple[dict[str, Any], dict[str, int]] | ScanError:
    from starlette_2093_check.manifests._files import decode_text

    blob = _read_bounded(real, MAX_CARD_BYTES, "the card")
    if isinstance(blob, str):
        return ScanError(relpath, blob, 1)
    text = decode_text(blob, relpath)
    if isinstance(text, ScanError):
        return text
    problem = _yaml_problem(text)
    if problem is not None:
        return ScanError(relpath, problem[0], problem[1])
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem_text = getattr(exc, "problem", None) or "invalid YAML"
        return ScanError(relpath, f"invalid YAML: {problem_text}", line)
    if not isinstance(data, dict):
        return ScanError(relpath, "a pack card must be a YAML mapping (id, package, title, fixed_in, ...)", 1)
    return data, _key_lines(text)


def _custom_pack(checkout: Path, card_rel: str, taken: set[str], base: Path) -> Pack | ScanError:
    """The pack whose card is ``card_rel``. ``base`` is the packs directory (resolved): the pack's
    directory must resolve inside it, and its card and scenario inside that directory."""
    root = checkout.resolve()
    pack_dir = str(Path(card_rel).parent)
    try:
        real_dir = (root / pack_dir).resolve(strict=True)
        real_card = (root / card_rel).resolve(strict=True)
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop (Python 3.11)
        return ScanError(card_rel, f"cannot resolve the card: {getattr(exc, 'strerror', None) or exc}", 1)
    if not real_dir.is_relative_to(base):
        return ScanError(card_rel, "refused: the pack directory is a symlink out of the packs directory", 1)
    if not real_card.is_relative_to(real_dir):
        return ScanError(card_rel, f"refused: the card is a symlink to a file outside {pack_dir}/", 1)
    read = _read_card(real_card, card_rel)
    if isinstance(read, ScanError):
        return read
    data, lines = read

    def bad(key: str, message: str) -> ScanError:
        return ScanError(card_rel, message, lines.get(key, 1))

    for key in ("id", "package", "title", "fixed_in"):
        if not isinstance(data.get(key), str | int | float) or not str(data[key]).strip():
            return bad(key, f"the card needs a `{key}` (a non-empty string)")
    ident = str(data["id"])
    if not _ID.fullmatch(ident):
        return bad("id", f"id {ident!r} must be lower-case letters, digits, '.', '_' or '-' (at most 64)")
    if ident in taken:
        return bad("id", f"id {ident!r} is already used by another pack")
    if str(data["package"]).lower() != "starlette":
        return bad("package", f"package {data['package']!r}: custom packs can only target starlette")
    for key in ("fixed_in", "introduced_in"):
        if data.get(key) is not None:
            try:
                Version(str(data[key]))
            except InvalidVersion:
                return bad(key, f"{key} {data[key]!r} is not a version")
    for key in ("links", "texts"):
        if data.get(key) is not None and not isinstance(data[key], dict):
            return bad(key, f"`{key}` must be a mapping")
    triggers = data.get("triggered_by") or []
    if not isinstance(triggers, list) or not set(map(str, triggers)) <= {"middleware", "background"}:
        return bad("triggered_by", "`triggered_by` must be a list of: middleware, background")
    scenario_name = data.get("scenario") or SCENARIO
    if not isinstance(scenario_name, str):
        return bad("scenario", "`scenario` must be the name of a file in the pack's directory")
    scenario_rel = str(Path(pack_dir) / scenario_name)
    scenario = (root / scenario_rel).resolve()
    if not scenario.is_relative_to(real_dir) or scenario == real_dir:
        link = " (it is a symlink to a file outside)" if (root / scenario_rel).is_symlink() else ""
        return bad("scenario", f"scenario {scenario_name!r} must be a file inside {pack_dir}/{link}")
    if not scenario.exists():
        return bad("scenario", f"scenario file {scenario_rel} not found")
    blob = _read_bounded(scenario, MAX_SCENARIO_BYTES, f"scenario file {scenario_rel}")
    if isinstance(blob, str):
        return bad("scenario", blob)
    try:
        card = _card({**data, "parents": ()})
    except (KeyError, TypeError, AttributeError) as exc:
        return ScanError(card_rel, f"malformed card: {exc}", 1)
    return Pack(
        card=card,
        scenario=scenario,
        digest=hashlib.sha256(blob).hexdigest(),
        custom=True,
        source=card_rel,
        readers=None,
        code=blob,
    )


def load_custom(checkout: Path, directory: str) -> tuple[list[Pack], list[ScanError]]:
    """The packs in ``directory`` of the checkout: ``card.yaml`` there, or in each subdirectory.

    Nothing here runs the scenarios; it only reads the cards and checks the files are where they
    should be. Every problem is a ``ScanError`` with the file and line, and the other packs load.
    """
    root = checkout.resolve()
    rel = directory.strip().strip("/") or "."
    base = (checkout / rel).resolve()
    if not base.is_relative_to(root):
        return [], [ScanError(rel, "the packs directory must be inside the repository")]
    if not base.is_dir():
        return [], [ScanError(rel, "the packs directory does not exist")]
    # A card that is there in any form (a symlink, a FIFO) is a pack, to be refused with its reason.
    cards = (
        [base / "card.yaml"]
        if os.path.lexists(base / "card.yaml")
        else sorted(p / "card.yaml" for p in base.iterdir() if os.path.lexists(p / "card.yaml"))
    )
    if not cards:
        return [], [ScanError(rel, "no card.yaml here or in its subdirectories")]
    taken = {p.id for p in builtin_packs()}
    packs: list[Pack] = []
    errors: list[ScanError] = []
    for card in cards:
        card_rel = card.relative_to(root).as_posix()
        loaded = _custom_pack(checkout, card_rel, taken, base)
        if isinstance(loaded, ScanError):
            errors.append(loaded)
        else:
            taken.add(loaded.id)
            packs.append(loaded)
    return packs, errors
