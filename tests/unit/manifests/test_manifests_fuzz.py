from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.manifests import parse_pyproject, parser_for
from bot.model import ManifestKind

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
)
TOTAL_EXAMPLES = 10_000
PER_PARSER = -(-TOTAL_EXAMPLES // len(FILES))

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


@st.composite
def _mutated(draw: st.DrawFn, seeds: list[bytes]) -> bytes:
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(["delete", "insert", "duplicate", "flip", "truncate"]))
        at = draw(st.integers(0, len(data)))
        if op == "delete":
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
        assert p.name and p.version, p


@pytest.mark.parametrize("name", FILES)
def test_every_parser_survives_generated_and_mutated_input(name: str) -> None:
    """No parser raises; every problem is an error with a file and a line."""
    ran = 0

    @settings(
        max_examples=PER_PARSER,
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
    assert ran >= PER_PARSER  # the 10,000 in total really ran


def test_the_fuzz_covers_every_parser() -> None:
    assert {kind for kind, _ in filter(None, map(parser_for, FILES))} == set(ManifestKind)


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
