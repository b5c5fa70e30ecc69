from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.manifests import parse_pyproject, parse_requirements

# Lines built from the pieces that matter to the parsers, mixed with arbitrary text.
_pieces = st.sampled_from(
    [
        "starlette==0.27.0",
        "-r ",
        "-c ",
        "--requirement=",
        "requirements.txt",
        "../",
        "\\",
        "#",
        " ",
        "\n",
        "\r\n",
        "[",
        "]",
        '"',
        "'",
        '"""',
        "=",
        "[project]",
        "dependencies",
        ";",
        "@",
        "-e",
        "--hash=sha256:00",
    ]
)
_texts = st.one_of(st.text(), st.lists(st.one_of(_pieces, st.text(max_size=5))).map("".join))
_contents = st.one_of(_texts, st.binary(), _texts.map(lambda s: s.encode("utf-8")))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(requirements=_contents, pyproject=_contents)
def test_parsers_never_raise(requirements: str | bytes, pyproject: str | bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        checkout = Path(tmp)
        for name, content in (("requirements.txt", requirements), ("pyproject.toml", pyproject)):
            data = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
            (checkout / name).write_bytes(data)
        manifest, errors = parse_requirements(checkout, "requirements.txt")
        assert manifest.path == "requirements.txt"
        assert all(e.file for e in errors)
        manifest, errors = parse_pyproject(checkout, "pyproject.toml")
        assert manifest.path == "pyproject.toml"
        assert all(e.file for e in errors)


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
