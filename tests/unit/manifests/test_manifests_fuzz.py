"""Every parser against generated and mutated input: no parser raises, every problem is an error
with a file and a line, and nothing locked or resolved from a lock has a version that is not one.

The main run has a fixed seed, so CI sees the same 10,000 inputs every time. A smaller run with a
new seed each time looks further; its seed is printed (shown by pytest when the test fails), and
``FUZZ_SEED=<seed>`` replays it.
"""

from __future__ import annotations

import os
import re
import secrets
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from packaging.version import InvalidVersion, Version

from starlette_2093_check.manifests import parse_pyproject, parser_for
from starlette_2093_check.model import ManifestKind, ProjectRoot
from starlette_2093_check.resolve import ResolverConfig, resolve_root

# Every parser discovery uses, by a file name it answers to. 10,000 generated inputs in all.
FILES = (
    "requirements.txt",
    "requirements.in",
    "pyproject.toml",
    "setup.cfg",
    "setup.py",
    "Pipfile",
    "Pipfile.lock",
    "environment.yml",
    "uv.lock",
    "poetry.lock",
    "pdm.lock",
    "pylock.toml",
    ".python-version",
    "bom.json",
    "sbom.spdx.json",
)
TOTAL_EXAMPLES = 10_000
PER_PARSER = -(-TOTAL_EXAMPLES // len(FILES))
FIXED_SEED = 20_932_194  # the main run's inputs; change it only on purpose
RANDOM_PER_PARSER = 100  # the new-seed run: about a tenth more time
# One seed for the whole session's new-seed run, so one value replays every parser's.
RANDOM_SEED = int(os.environ.get("FUZZ_SEED") or secrets.randbits(32))
NO_UV = ResolverConfig(uv="/nonexistent/uv")  # resolving from a lock needs no resolver

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _seeds(name: str) -> list[bytes]:
    """Real manifests of this kind from the fixture trees: the mutations start from valid files."""
    pattern = "pylock*.toml" if name == "pylock.toml" else name
    found = [p.read_bytes() for p in sorted(FIXTURES.rglob(pattern)) if p.is_file()]
    return found or [b""]


# Pieces that matter to one format or another, mixed into the mutations.
_pieces = st.sampled_from(
    [
        "starlette==0.27.0",
        "-r ",
        "-c ",
        "-e ",
        "--index-url https://u:p@x.invalid/simple",
        "requirements.txt",
        "../",
        "/etc/passwd",
        "\\",
        "#",
        " ",
        "\n",
        "\r\n",
        "[",
        "]",
        "[[",
        "]]",
        "{",
        "}",
        ":",
        ",",
        '"',
        "'",
        '"""',
        "=",
        "==",
        "^",
        "~",
        "||",
        "@",
        ";",
        "[project]",
        "[tool.poetry.dependencies]",
        "[[package]]",
        "[[packages]]",
        "dependencies",
        "version",
        "name",
        "- pip:",
        "  - ",
        "&a",
        "*a",
        "!!python/object:os.system",
        "install_requires=",
        "setup(",
        ")",
        "open(",
        "\t",
        "\x00",
        "\ufeff",
        "\u2028",
    ]
)
_texts = st.one_of(st.text(), st.lists(st.one_of(_pieces, st.text(max_size=5))).map("".join))


# A version value as TOML (``version = "0.27.0"``) and Pipfile.lock (``"version": "==0.27.0"``) write it.
_VERSION_VALUE = re.compile(rb"""(\bversion"?\s*[=:]\s*)("[^"\n]*"|'[^'\n]*')""")
# What a version may be replaced with: nothing, the operator alone, text that is no version.
_BAD_VERSIONS = st.sampled_from(['""', '"=="', '"==="', '" "', '"1.0 beta"', '"latest"', '"==*"', "''", "1"])


@st.composite
def _mutated(draw: st.DrawFn, seeds: list[bytes]) -> bytes:
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(["delete", "insert", "duplicate", "flip", "truncate", "version"]))
        at = draw(st.integers(0, len(data)))
        if op == "version" and (found := list(_VERSION_VALUE.finditer(data))):
            value = draw(st.sampled_from(found)).span(2)
            data[value[0] : value[1]] = draw(_BAD_VERSIONS).encode()
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif op == "insert":
            data[at:at] = draw(_texts).encode("utf-8", "surrogatepass")
        elif op == "duplicate":
            data[at:at] = data[at : at + draw(st.integers(1, 200))]
        elif op == "flip" and data:
            data[min(at, len(data) - 1)] = draw(st.integers(0, 255))
        elif op == "truncate":
            del data[at:]
    encoding = draw(st.sampled_from(["as-is", "as-is", "as-is", "utf-16", "utf-8-sig"]))
    if encoding != "as-is":
        text = bytes(data).decode("utf-8", "replace")
        return text.encode(encoding)
    return bytes(data)


def _contents(name: str) -> st.SearchStrategy[bytes]:
    return st.one_of(
        _mutated(_seeds(name)),
        _mutated(_seeds(name)),
        _texts.map(lambda s: s.encode("utf-8", "surrogatepass")),
        st.binary(max_size=200),
    )


def _check(name: str, content: bytes) -> None:
    kind_parser = parser_for(name)
    assert kind_parser is not None
    kind, parser = kind_parser
    with tempfile.TemporaryDirectory() as tmp:
        checkout = Path(tmp)
        (checkout / name).write_bytes(content)
        (checkout / "requirements-extra.txt").write_text("anyio==4.0.0\n")
        manifest, errors = parser(checkout, name)
    assert manifest.path == name
    assert manifest.kind is kind
    for e in errors:
        assert e.file and not e.file.startswith(("/", "..")), e
        assert isinstance(e.line, int) and e.line >= 1, e
        assert e.message, e
    for d in manifest.requirements:
        assert d.location.file and (d.location.line is None or d.location.line >= 1), d
    for p in manifest.locked:
        assert p.name, p
        _assert_version(p.version, p.problem, p)
    if kind.is_lock:
        # What a root locked by this file resolves to: a lock never needs the resolver here.
        target, _ = resolve_root(ProjectRoot(".", (manifest,)), "starlette", None, NO_UV)
        if target is not None:
            _assert_version(target.version, target.unrunnable, target)


def _assert_version(version: str, problem: str | None, what: object) -> None:
    """A version is a PEP 440 version, or ``unknown`` on something that says why it is not run."""
    if version == "unknown" and problem:
        return
    try:
        Version(version)
    except InvalidVersion:
        pytest.fail(f"not a version: {version!r} in {what}")


def _fuzz(name: str, examples: int, fuzz_seed: int) -> int:
    """Run ``examples`` inputs for the parser of ``name`` from ``fuzz_seed``; how many ran."""
    ran = 0

    @seed(fuzz_seed)
    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        database=None,
    )
    @given(content=_contents(name))
    def run(content: bytes) -> None:
        nonlocal ran
        ran += 1
        _check(name, content)

    run()
    return ran


@pytest.mark.parametrize("name", FILES)
def test_every_parser_survives_generated_and_mutated_input(name: str) -> None:
    """No parser raises; every problem is an error with a file and a line (the same inputs each run)."""
    assert _fuzz(name, PER_PARSER, FIXED_SEED) >= PER_PARSER  # the 10,000 in total really ran


@pytest.mark.parametrize("name", FILES)
def test_every_parser_survives_inputs_from_a_new_seed(name: str, request: pytest.FixtureRequest) -> None:
    """The same checks from a seed of this session: printed, so a failure can be replayed."""
    replay = f"FUZZ_SEED={RANDOM_SEED} pytest '{request.node.nodeid}'"
    print(f"fuzz seed {RANDOM_SEED}; replay with: {replay}")
    try:
        ran = _fuzz(name, RANDOM_PER_PARSER, RANDOM_SEED)
    except BaseException as e:
        e.add_note(f"fuzz seed {RANDOM_SEED}; replay with: {replay}")
        raise
    assert ran >= RANDOM_PER_PARSER


def test_the_fuzz_covers_every_parser() -> None:
    named_only = {ManifestKind.FREEZE, ManifestKind.SITE_PACKAGES}  # fuzzed in test_manifests_deployed.py
    assert {kind for kind, _ in filter(None, map(parser_for, FILES))} == set(ManifestKind) - named_only


_names = st.from_regex(r"[a-z][a-z0-9]{0,8}", fullmatch=True)
_layout = st.lists(
    st.tuples(_names, st.sampled_from(["same", "next", "gap", "comment"]), st.sampled_from(['"', "'"])),
    min_size=1,
    max_size=8,
)


@settings(max_examples=200, deadline=None)
@given(layout=_layout)
def test_pyproject_dependency_lines_follow_the_layout(layout: list[tuple[str, str, str]]) -> None:
    lines = ["[project]", 'description = """', "dependencies = ['decoy']", '"""', "dependencies = ["]
    expected: list[tuple[str, int]] = []
    for name, where, quote in layout:
        if where == "gap":
            lines.append("")
        elif where == "comment":
            lines.append(f"  # {name} 'quoted' \"too\"")
        if where != "same" or len(lines) == 5:
            lines.append("")
        lines[-1] += f" {quote}{name}>=1{quote},"
        expected.append((name, len(lines)))
    lines.append("]")
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "pyproject.toml").write_text("\n".join(lines) + "\n")
        manifest, errors = parse_pyproject(Path(tmp), "pyproject.toml")
    assert errors == []
    assert [(d.name, d.location.line) for d in manifest.requirements] == expected
