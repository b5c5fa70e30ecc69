from __future__ import annotations

import codecs
import itertools
import json
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from starlette_2093_check.manifests.pipfile import json_key_lines, parse_pipfile, parse_pipfile_lock
from starlette_2093_check.model import Declared, IndexSource, Location, LockedPackage, ManifestKind, ScanError

Tree = Callable[[dict[str, str | bytes]], Path]

PIPFILE = """\
[[source]]
url = "https://index.invalid/simple"
verify_ssl = true
name = "pypi"

[[source]]
url = "https://${PRIVATE_USER}:${PRIVATE_TOKEN}@pkgs.example.invalid/simple"
verify_ssl = true
name = "private"

[packages]
FastAPI = "==0.100.1"
starlette = {version = ">=0.27,<0.29", extras = ["full"], markers = "python_version >= '3.8'", \
sys_platform = "!= 'win32'"}
requests = "*"
mylib = {path = "./lib", editable = true}
other = {git = "https://github.com/org/other.git", ref = "v1.2"}
sshdep = {git = "git@github.com:org/sshdep.git", ref = "main", subdirectory = "pkg"}
wheel-dep = {file = "https://files.example.invalid/wheel_dep-1.0-py3-none-any.whl"}
torch = {version = "*", index = "private"}
"zope.interface" = "~=6.0"

[dev-packages]
pytest = "~=7.4"

[docs]
sphinx = "==7.2.6"

[packages.httpx]
version = "==0.24.1"

[requires]
python_version = "3.11"

[scripts]
serve = "uvicorn app:app"

[pipenv]
allow_prereleases = false
"""


def test_pipfile_declares_every_category_with_lines_references_sources_and_python(tree: Tree) -> None:
    checkout = tree({"Pipfile": PIPFILE, "lib/setup.py": ""})
    manifest, errors = parse_pipfile(checkout, "Pipfile")
    assert errors == []
    assert manifest.kind is ManifestKind.PIPFILE
    assert manifest.python_version == "3.11"
    assert manifest.requires_python is None
    assert [(d.name, d.requirement, d.location.line, d.group) for d in manifest.requirements] == [
        ("fastapi", "FastAPI==0.100.1", 12, None),
        (
            "starlette",
            'starlette[full]<0.29,>=0.27; python_version >= "3.8" and sys_platform != "win32"',
            13,
            None,
        ),
        ("requests", "requests", 14, None),
        ("mylib", "mylib @ ./lib", 15, None),
        ("other", "other @ git+https://github.com/org/other.git@v1.2", 16, None),
        ("sshdep", "sshdep @ git+ssh://***@github.com/org/sshdep.git@main#subdirectory=pkg", 17, None),
        ("wheel-dep", "wheel-dep @ https://files.example.invalid/wheel_dep-1.0-py3-none-any.whl", 18, None),
        ("torch", "torch", 19, None),
        ("zope-interface", "zope.interface~=6.0", 20, None),
        ("httpx", "httpx==0.24.1", 28, None),
        ("pytest", "pytest~=7.4", 23, "dev"),
        ("sphinx", "sphinx==7.2.6", 26, "docs"),
    ]
    by_name = {d.name: d for d in manifest.requirements}
    assert (by_name["mylib"].reference, by_name["mylib"].editable) == ("lib", True)
    assert by_name["other"].reference == "git+https://github.com/org/other.git@v1.2"
    assert by_name["wheel-dep"].reference == "https://files.example.invalid/wheel_dep-1.0-py3-none-any.whl"
    assert by_name["requests"].reference is None
    assert all(d.location.file == "Pipfile" for d in manifest.requirements)
    assert manifest.indexes == (
        IndexSource("https://index.invalid/simple", Location("Pipfile", 2), "pypi", primary=True),
        IndexSource(
            "https://${PRIVATE_USER}:${PRIVATE_TOKEN}@pkgs.example.invalid/simple",
            Location("Pipfile", 7),
            "private",
            primary=False,
        ),
    )


def test_pipfile_python_full_version_is_the_exact_request(tree: Tree) -> None:
    checkout = tree({"Pipfile": '[requires]\npython_version = "3.11"\npython_full_version = "3.11.4"\n'})
    manifest, errors = parse_pipfile(checkout, "Pipfile")
    assert (manifest.python_version, errors) == ("3.11.4", [])


def test_pipfile_subtable_header_inside_a_multiline_string_is_not_taken_for_the_entry(tree: Tree) -> None:
    checkout = tree(
        {
            "Pipfile": (
                "[scripts]\n"
                "notes = '''\n"
                "[packages.starlette]\n"
                "'''\n"
                "\n"
                "[packages.starlette]\n"
                'version = "==0.27.0"\n'
            )
        }
    )
    manifest, errors = parse_pipfile(checkout, "Pipfile")
    assert errors == []
    assert [(d.requirement, d.location) for d in manifest.requirements] == [
        ("starlette==0.27.0", Location("Pipfile", 6))
    ]


def test_pipfile_tables_that_are_not_package_categories_are_ignored(tree: Tree) -> None:
    checkout = tree(
        {
            "Pipfile": (
                "[tool.formatter]\n"
                "line-length = 100\n"
                "[settings]\n"
                "debug = true\n"
                "[pipenv]\n"
                "allow_prereleases = true\n"
                "[scripts]\n"
                'test = "pytest"\n'
                "[packages]\n"
                'starlette = "==0.27.0"\n'
            )
        }
    )
    manifest, errors = parse_pipfile(checkout, "Pipfile")
    assert errors == []
    assert [(d.name, d.group, d.location.line) for d in manifest.requirements] == [("starlette", None, 10)]


def test_pipfile_bad_entries_are_reported_with_their_lines_and_the_rest_is_kept(tree: Tree) -> None:
    checkout = tree(
        {
            "Pipfile": (
                "[packages]\n"
                "anyio = 3\n"
                "fastapi = {version = 100}\n"
                'httpx = {version = "*", extras = "http2"}\n'
                'uvicorn = {version = "*", markers = "python_version >>> 3"}\n'
                'pydantic = "1.10"\n'
                '"not a name" = "*"\n'
                'lib = {git = ""}\n'
                'flag = {version = "*", editable = "yes"}\n'
                'win = {version = "*", sys_platform = 1}\n'
                'starlette = "==0.27.0"\n'
                "[dev-packages]\n"
                'far = {path = "../outside"}\n'
            )
        }
    )
    manifest, errors = parse_pipfile(checkout, "Pipfile")
    assert [(d.name, d.location.line) for d in manifest.requirements] == [("starlette", 11)]
    assert errors == [
        ScanError(
            "Pipfile", "package 'anyio' in [packages]: expected a version string or a table, got int", 2
        ),
        ScanError("Pipfile", "package 'fastapi' in [packages]: 'version' is not a string", 3),
        ScanError("Pipfile", "package 'httpx' in [packages]: 'extras' is not an array of strings", 4),
        ScanError("Pipfile", "package 'uvicorn' in [packages]: invalid marker 'python_version >>> 3'", 5),
        ScanError("Pipfile", "package 'pydantic' in [packages]: invalid version specifier '1.10'", 6),
        ScanError("Pipfile", "invalid package name 'not a name' in [packages]", 7),
        ScanError("Pipfile", "package 'lib' in [packages]: 'git' is not a non-empty string", 8),
        ScanError("Pipfile", "package 'flag' in [packages]: 'editable' is not true or false", 9),
        ScanError("Pipfile", "package 'win' in [packages]: 'sys_platform' is not a string", 10),
        ScanError("Pipfile", "refused: local path '../outside' leaves the checkout", 13),
    ]


def test_pipfile_sections_sources_and_requires_of_the_wrong_type(tree: Tree) -> None:
    checkout = tree(
        {
            "Pipfile": (
                'packages = "fastapi"\n'
                "requires = 3.11\n"
                "[source]\n"
                'url = "https://index.invalid/simple"\n'
                "[dev-packages]\n"
                'pytest = "==7.4.0"\n'
            )
        }
    )
    manifest, errors = parse_pipfile(checkout, "Pipfile")
    assert [(d.name, d.group) for d in manifest.requirements] == [("pytest", "dev")]
    assert manifest.indexes == () and manifest.python_version is None
    assert errors == [
        ScanError("Pipfile", "[packages] is not a table", 1),
        ScanError("Pipfile", "'source' is not an array of tables (write [[source]])", 3),
        ScanError("Pipfile", "[requires] is not a table", 2),
    ]


def test_pipfile_source_without_url_bad_python_and_literal_credentials(tree: Tree) -> None:
    checkout = tree(
        {
            "Pipfile": (
                "[[source]]\n"
                'name = "nourl"\n'
                "verify_ssl = true\n"
                "\n"
                "[[source]]\n"
                'url = "https://bob:s3cret@pkgs.example.invalid/simple"\n'
                'name = "private"\n'
                "\n"
                "[requires]\n"
                'python_version = "three"\n'
            )
        }
    )
    manifest, errors = parse_pipfile(checkout, "Pipfile")
    assert manifest.indexes == (
        IndexSource("https://pkgs.example.invalid/simple", Location("Pipfile", 6), "private", primary=False),
    )
    assert manifest.python_version is None
    assert [(e.file, e.line) for e in errors] == [("Pipfile", 1), ("Pipfile", 6), ("Pipfile", 10)]
    assert errors[0].message == "source entry 1 has no url"
    assert "ignored" in errors[1].message and "environment" in errors[1].message
    assert errors[2].message == "[requires].python_version is not a Python version: 'three'"
    assert "s3cret" not in repr((manifest, errors)) and "bob" not in repr((manifest, errors))


def test_pipfile_invalid_toml_gives_the_line(tree: Tree) -> None:
    checkout = tree({"Pipfile": '[packages]\nstarlette = "==0.27.0"\nfastapi = \n'})
    manifest, errors = parse_pipfile(checkout, "Pipfile")
    assert manifest.requirements == ()
    assert len(errors) == 1 and (errors[0].file, errors[0].line) == ("Pipfile", 3)
    assert errors[0].message.startswith("invalid TOML at line 3")


def test_pipfile_empty_file_is_an_empty_manifest(tree: Tree) -> None:
    checkout = tree({"Pipfile": ""})
    manifest, errors = parse_pipfile(checkout, "Pipfile")
    assert (manifest.requirements, manifest.indexes, errors) == ((), (), [])


def test_pipfile_with_bom_and_utf16_keeps_lines(tree: Tree) -> None:
    text = '[packages]\r\nfastapi = "==0.100.1"\r\nstarlette = "==0.27.0"\r\n'
    checkout = tree(
        {
            "a/Pipfile": codecs.BOM_UTF8 + text.encode("utf-8"),
            "b/Pipfile": codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
        }
    )
    for relpath in ("a/Pipfile", "b/Pipfile"):
        manifest, errors = parse_pipfile(checkout, relpath)
        assert errors == []
        assert [(d.name, d.location) for d in manifest.requirements] == [
            ("fastapi", Location(relpath, 2)),
            ("starlette", Location(relpath, 3)),
        ]


def test_pipfile_missing_file_is_an_error(tree: Tree) -> None:
    checkout = tree({})
    manifest, errors = parse_pipfile(checkout, "Pipfile")
    assert manifest.requirements == () and errors == [ScanError("Pipfile", "file not found")]


LOCK = """\
{
    "_meta": {
        "hash": {"sha256": "0f3c"},
        "pipfile-spec": 6,
        "requires": {"python_version": "3.11"},
        "sources": [
            {"name": "pypi", "url": "https://index.invalid/simple", "verify_ssl": true},
            {"name": "private", "url": "https://${TOKEN}@pkgs.example.invalid/simple", "verify_ssl": true}
        ]
    },
    "default": {
        "anyio": {
            "hashes": ["sha256:91dee416e570e92c64041bd18b900d1d6fa78dff7048769ce5ac5ddad004fbb5"],
            "markers": "python_version >= '3.7'",
            "version": "==3.7.1"
        },
        "FastAPI": {
            "hashes": [],
            "index": "pypi",
            "version": "==0.100.1"
        },
        "mylib": {"editable": true, "path": "."},
        "other": {"git": "https://github.com/org/other.git", "ref": "0123abcd"},
        "starlette": {
            "hashes": [],
            "markers": "python_version >= '3.7'",
            "version": "==0.27.0"
        }
    },
    "develop": {
        "starlette": {
            "version": "==0.36.3"
        },
        "pytest": {
            "version": "==7.4.0"
        }
    },
    "docs": {
        "sphinx": {"version": "==7.2.6"}
    }
}
"""


def test_pipfile_lock_pins_every_section_at_the_version_line(tree: Tree) -> None:
    checkout = tree({"svc/Pipfile.lock": LOCK})
    manifest, errors = parse_pipfile_lock(checkout, "svc/Pipfile.lock")
    assert errors == []
    assert manifest.kind is ManifestKind.PIPFILE_LOCK
    where = "svc/Pipfile.lock"
    local = {p.name: p for p in manifest.locked if p.problem}
    assert {n: p.version for n, p in local.items()} == {"mylib": "unknown", "other": "unknown"}
    assert "from a local path (.)" in (local["mylib"].problem or "")
    assert "from a git checkout (https://github.com/org/other.git)" in (local["other"].problem or "")
    assert tuple(p for p in manifest.locked if not p.problem) == (
        LockedPackage("anyio", "3.7.1", Location(where, 15)),
        LockedPackage("fastapi", "0.100.1", Location(where, 20)),
        LockedPackage("starlette", "0.27.0", Location(where, 27)),
        LockedPackage("pytest", "7.4.0", Location(where, 35)),
        LockedPackage("sphinx", "7.2.6", Location(where, 39)),
    )
    assert manifest.python_version == "3.11"
    assert manifest.indexes == (
        IndexSource("https://index.invalid/simple", Location(where, 7), "pypi", primary=True),
        IndexSource("https://${TOKEN}@pkgs.example.invalid/simple", Location(where, 8), "private"),
    )
    assert manifest.lock_roots == () and manifest.requirements == ()


def test_pipfile_lock_finds_version_lines_despite_same_keys_elsewhere_and_escapes(tree: Tree) -> None:
    lock = (
        "{\n"
        '  "default": {\n'
        '    "version": {\n'
        '      "markers": "extra == \\"version\\" or os_name == \\"nt\\"",\n'
        '      "hashes": ["version", "\\"version\\": "],\n'
        '      "version": "==1.0"\n'
        "    },\n"
        '    "nested": {"meta": {"version": "==9.9"}, "hashes": [{"version": "x"}],\n'
        '      "version": "==2.0"},\n'
        '    "esc\\"aped": {"version": "==3.0"},\n'
        '    "unicode": {"v\\u0065rsion": "==4.0"}\n'
        "  }\n"
        "}\n"
    )
    checkout = tree({"Pipfile.lock": lock})
    manifest, errors = parse_pipfile_lock(checkout, "Pipfile.lock")
    assert [(p.name, p.version, p.location.line) for p in manifest.locked] == [
        ("version", "1.0", 6),
        ("nested", "2.0", 9),
        ("unicode", "4.0", 11),
    ]
    assert errors == [ScanError("Pipfile.lock", "invalid package name 'esc\"aped' in 'default'", 10)]


def test_json_key_lines_records_each_key_by_path() -> None:
    text = '{"a": {"b": [1, {"c": "x,y}"}, {"c": 2,\n"d": [[], {"e\\\\": null}]}]},\n"f": "]"\n}'
    assert json.loads(text)  # the finder is only used on valid JSON
    assert json_key_lines(text) == {
        ("a",): 1,
        ("a", "b"): 1,
        ("a", "b", 1, "c"): 1,
        ("a", "b", 2, "c"): 1,
        ("a", "b", 2, "d"): 2,
        ("a", "b", 2, "d", 1, "e\\"): 2,
        ("f",): 3,
    }


def test_pipfile_lock_wrong_types_are_reported_with_lines_and_the_rest_is_kept(tree: Tree) -> None:
    lock = (
        "{\n"
        '  "_meta": {\n'
        '    "requires": {"python_version": 3.11},\n'
        '    "sources": [\n'
        '      {"name": "nourl"},\n'
        '      "https://index.invalid/simple"\n'
        "    ]\n"
        "  },\n"
        '  "default": {\n'
        '    "anyio": "==3.7.1",\n'
        '    "fastapi": {"version": 100},\n'
        '    "idna": {"hashes": []},\n'
        '    "sniffio": {"version": ">=1.3"},\n'
        '    "pydantic": {"version": "=="},\n'
        '    "starlette": {"version": "==0.27.0"}\n'
        "  },\n"
        '  "develop": ["pytest"]\n'
        "}\n"
    )
    checkout = tree({"Pipfile.lock": lock})
    manifest, errors = parse_pipfile_lock(checkout, "Pipfile.lock")
    # every entry with a name is listed; those without an exact pin of a version as not checked
    assert [(p.name, p.version, p.location.line, p.problem) for p in manifest.locked] == [
        ("anyio", "unknown", 10, "the lock gives no version for anyio, so it was not checked"),
        (
            "fastapi",
            "unknown",
            11,
            "the lock's version 100 for fastapi is not a version, so it was not checked",
        ),
        ("idna", "unknown", 12, "the lock gives no version for idna, so it was not checked"),
        (
            "sniffio",
            "unknown",
            13,
            "the lock's version '>=1.3' for sniffio is not a version, so it was not checked",
        ),
        (
            "pydantic",
            "unknown",
            14,
            "the lock's version '==' for pydantic is not a version, so it was not checked",
        ),
        ("starlette", "0.27.0", 15, None),
    ]
    assert manifest.python_version is None and manifest.indexes == ()
    assert errors == [
        ScanError("Pipfile.lock", "package 'anyio' in 'default' is not an object", 10),
        ScanError("Pipfile.lock", "package 'fastapi' in 'default' has a non-string version 100", 11),
        ScanError("Pipfile.lock", "package 'idna' in 'default' has no version", 12),
        ScanError(
            "Pipfile.lock", "package 'sniffio' in 'default' has version '>=1.3', not an exact '==' pin", 13
        ),
        ScanError(
            "Pipfile.lock",
            "package 'pydantic' in 'default' has version '==': '' is not a PEP 440 version",
            14,
        ),
        ScanError("Pipfile.lock", "'develop' is not an object", 17),
        ScanError("Pipfile.lock", "source entry 1 has no url", 4),
        ScanError("Pipfile.lock", "source entry 2 is not an object", 4),
        ScanError("Pipfile.lock", "_meta.requires.python_version is not a Python version: 3.11", 3),
    ]


def test_pipfile_lock_meta_and_top_level_of_the_wrong_type(tree: Tree) -> None:
    checkout = tree(
        {
            "a/Pipfile.lock": '{\n  "_meta": [],\n  "default": {"starlette": {"version": "==0.27.0"}}\n}\n',
            "b/Pipfile.lock": '[\n  {"default": {}}\n]\n',
            "c/Pipfile.lock": (
                '{"_meta": {"sources": {"url": "https://index.invalid/simple"}, "requires": "3"}}'
            ),
        }
    )
    manifest, errors = parse_pipfile_lock(checkout, "a/Pipfile.lock")
    assert [p.location for p in manifest.locked] == [Location("a/Pipfile.lock", 3)]
    assert errors == [ScanError("a/Pipfile.lock", "'_meta' is not an object", 2)]
    manifest, errors = parse_pipfile_lock(checkout, "b/Pipfile.lock")
    assert manifest.locked == () and errors == [
        ScanError("b/Pipfile.lock", "Pipfile.lock is not a JSON object", 1)
    ]
    manifest, errors = parse_pipfile_lock(checkout, "c/Pipfile.lock")
    assert errors == [
        ScanError("c/Pipfile.lock", "'_meta.sources' is not an array", 1),
        ScanError("c/Pipfile.lock", "'_meta.requires' is not an object", 1),
    ]


def test_pipfile_lock_invalid_and_empty_json_give_the_line(tree: Tree) -> None:
    checkout = tree(
        {
            "bad/Pipfile.lock": '{\n  "default": {\n    "starlette": {"version": "==0.27.0",}\n  }\n}\n',
            "empty/Pipfile.lock": "",
        }
    )
    manifest, errors = parse_pipfile_lock(checkout, "bad/Pipfile.lock")
    assert manifest.locked == ()
    assert errors == [
        ScanError(
            "bad/Pipfile.lock", "invalid JSON at line 3: Expecting property name enclosed in double quotes", 3
        )
    ]
    manifest, errors = parse_pipfile_lock(checkout, "empty/Pipfile.lock")
    assert errors == [ScanError("empty/Pipfile.lock", "invalid JSON at line 1: Expecting value", 1)]


def test_pipfile_lock_with_bom_and_utf16(tree: Tree) -> None:
    text = '{\r\n  "default": {\r\n    "starlette": {\r\n      "version": "==0.27.0"\r\n    }\r\n  }\r\n}\r\n'
    checkout = tree(
        {
            "a/Pipfile.lock": codecs.BOM_UTF8 + text.encode("utf-8"),
            "b/Pipfile.lock": codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
        }
    )
    for relpath in ("a/Pipfile.lock", "b/Pipfile.lock"):
        manifest, errors = parse_pipfile_lock(checkout, relpath)
        assert errors == []
        assert manifest.locked == (LockedPackage("starlette", "0.27.0", Location(relpath, 4)),)


def test_pipfile_lock_literal_credentials_in_a_source_are_dropped(tree: Tree) -> None:
    lock = (
        '{\n  "_meta": {\n    "sources": [\n'
        '      {"url": "https://bob:s3cret@pkgs.example.invalid/simple"}\n'
        "    ]\n  }\n}\n"
    )
    checkout = tree({"Pipfile.lock": lock})
    manifest, errors = parse_pipfile_lock(checkout, "Pipfile.lock")
    assert [(i.url, i.primary, i.location.line) for i in manifest.indexes] == [
        ("https://pkgs.example.invalid/simple", True, 4)
    ]
    assert len(errors) == 1 and errors[0].line == 4
    assert "s3cret" not in repr((manifest, errors)) and "bob" not in repr((manifest, errors))


def test_fixture_trees_parse_cleanly() -> None:
    fixtures = Path(__file__).resolve().parents[2] / "fixtures" / "formats"
    lock, errors = parse_pipfile_lock(fixtures / "pipfile-lock", "Pipfile.lock")
    assert errors == []
    starlette = next(p for p in lock.locked if p.name == "starlette")
    assert (starlette.version, starlette.location) == ("0.27.0", Location("Pipfile.lock", 55))
    pipfile, errors = parse_pipfile(fixtures / "pipfile-lock", "Pipfile")
    assert errors == [] and [d.name for d in pipfile.requirements] == ["fastapi"]
    pipfile, errors = parse_pipfile(fixtures / "pipfile-only", "Pipfile")
    assert errors == []
    pins = [d for d in pipfile.requirements if isinstance(d, Declared) and d.name == "starlette"]
    assert [(d.exact_version, d.location) for d in pins] == [("0.27.0", Location("Pipfile", 8))]


_json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text())
_json_values = st.recursive(
    _json_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(), inner, max_size=4)),
    max_leaves=20,
)


def _serialise(
    value: object, breaks: Iterator[bool], path: tuple[str | int, ...], out: list[str]
) -> dict[tuple[str | int, ...], int]:
    """JSON text for ``value`` into ``out``, breaking lines where ``breaks`` says; returns key lines."""
    lines: dict[tuple[str | int, ...], int] = {}

    def newline() -> None:
        if next(breaks):
            out.append("\n ")

    if isinstance(value, dict):
        out.append("{")
        for i, (key, item) in enumerate(value.items()):
            out.append("," if i else "")
            newline()
            lines[(*path, key)] = "".join(out).count("\n") + 1
            out.append(json.dumps(key) + ":")
            newline()
            lines.update(_serialise(item, breaks, (*path, key), out))
        out.append("}")
    elif isinstance(value, list):
        out.append("[")
        for i, item in enumerate(value):
            out.append("," if i else "")
            newline()
            lines.update(_serialise(item, breaks, (*path, i), out))
        out.append("]")
    else:
        out.append(json.dumps(value))
    return lines


@settings(max_examples=300, deadline=None)
@given(value=_json_values, pattern=st.lists(st.booleans(), min_size=1, max_size=16))
def test_json_key_lines_match_where_each_key_was_written(value: object, pattern: list[bool]) -> None:
    out: list[str] = []
    expected = _serialise(value, itertools.cycle(pattern), (), out)
    text = "".join(out)
    assert json.loads(text) == value
    assert json_key_lines(text) == expected


_pieces = st.sampled_from(
    [
        "[packages]",
        "[dev-packages]",
        "[[source]]",
        "[requires]",
        'starlette = "==0.27.0"',
        '{version = "*"',
        "git",
        "path",
        "=",
        '"',
        "'''",
        "{",
        "}",
        "[",
        "]",
        ":",
        ",",
        '"default"',
        '"version"',
        '"==1.0"',
        '"_meta"',
        "\\",
        "\n",
        " ",
    ]
)
_texts = st.one_of(st.text(), st.lists(st.one_of(_pieces, st.text(max_size=4))).map("".join))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pipfile=_texts, lock=st.one_of(_texts, st.binary()))
def test_pipfile_parsers_never_raise_and_errors_carry_lines(pipfile: str, lock: str | bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        checkout = Path(tmp)
        (checkout / "Pipfile").write_bytes(pipfile.encode("utf-8", "surrogatepass"))
        data = lock.encode("utf-8", "surrogatepass") if isinstance(lock, str) else lock
        (checkout / "Pipfile.lock").write_bytes(data)
        for parse, name in ((parse_pipfile, "Pipfile"), (parse_pipfile_lock, "Pipfile.lock")):
            manifest, errors = parse(checkout, name)
            assert manifest.path == name
            assert all(e.file == name and e.line is not None and e.line >= 1 for e in errors)


def test_pipfile_dotted_keys_and_inline_tables_get_their_lines(tree: Tree) -> None:
    checkout = tree(
        {
            "Pipfile": (
                'dev-packages = {pytest = "==7.4.0"}\n'
                "\n"
                "[packages]\n"
                'fastapi = "==0.100.1"\n'
                'starlette.version = "==0.27.0"\n'
                'starlette.extras = ["full"]\n'
            )
        }
    )
    manifest, errors = parse_pipfile(checkout, "Pipfile")
    assert errors == []
    assert [(d.requirement, d.location.line, d.group) for d in manifest.requirements] == [
        ("pytest==7.4.0", 1, "dev"),
        ("fastapi==0.100.1", 4, None),
        ("starlette[full]==0.27.0", 5, None),
    ]
