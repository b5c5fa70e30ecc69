from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from starlette_2093_check.manifests import parse_pyproject
from starlette_2093_check.manifests._toml import TomlPositions
from starlette_2093_check.model import Manifest, ManifestKind, ScanError

Tree = Callable[[dict[str, str | bytes]], Path]

PYPROJECT = '''\
[build-system]
requires = ["hatchling"]

[project]
name = "svc"
description = """A service.
[tool.fake]
dependencies = ["not-this==1"]
"""
requires-python = ">=3.10"
dependencies = [
    # the web stack
    "fastapi>=0.100,<0.101",
    'uvicorn[standard]>=0.20',

    "anyio; python_version >= \\"3.11\\"",
]

[project.optional-dependencies]
test = ["pytest"]

[tool.ruff]
line-length = 100
'''


def test_dependencies_with_their_lines_and_requires_python(tree: Tree) -> None:
    checkout = tree({"pyproject.toml": PYPROJECT})
    manifest, errors = parse_pyproject(checkout, "pyproject.toml")
    assert errors == []
    assert manifest.kind is ManifestKind.PYPROJECT
    assert manifest.requires_python == ">=3.10"
    assert [(d.name, d.requirement, str(d.location), d.group) for d in manifest.requirements] == [
        ("fastapi", "fastapi<0.101,>=0.100", "pyproject.toml:13", None),
        ("uvicorn", "uvicorn[standard]>=0.20", "pyproject.toml:14", None),
        ("anyio", 'anyio; python_version >= "3.11"', "pyproject.toml:16", None),
        ("pytest", "pytest", "pyproject.toml:20", "extra:test"),
    ]
    assert not any(d.constraint for d in manifest.requirements)


def test_inline_array_on_the_key_line(tree: Tree) -> None:
    checkout = tree(
        {"pyproject.toml": '[project]\nname = "x"\ndependencies = ["starlette==0.27.0", "anyio"]\n'}
    )
    manifest, errors = parse_pyproject(checkout, "pyproject.toml")
    assert errors == []
    assert [(d.name, d.location.line) for d in manifest.requirements] == [("starlette", 3), ("anyio", 3)]


def test_quoted_keys_and_headers_with_spaces(tree: Tree) -> None:
    checkout = tree({"pyproject.toml": '[ project ]\n"dependencies" = [\n  "starlette",\n]\n'})
    manifest, errors = parse_pyproject(checkout, "pyproject.toml")
    assert errors == []
    assert [(d.name, d.location.line) for d in manifest.requirements] == [("starlette", 3)]


def test_no_project_table_is_an_empty_valid_manifest(tree: Tree) -> None:
    checkout = tree({"pyproject.toml": "[tool.black]\nline-length = 100\n"})
    manifest, errors = parse_pyproject(checkout, "pyproject.toml")
    assert errors == []
    assert manifest.requirements == ()
    assert manifest.requires_python is None


def test_project_without_dependencies(tree: Tree) -> None:
    checkout = tree({"pyproject.toml": '[project]\nname = "x"\nrequires-python = "~=3.12"\n'})
    manifest, errors = parse_pyproject(checkout, "pyproject.toml")
    assert errors == []
    assert manifest.requirements == ()
    assert manifest.requires_python == "~=3.12"


def test_invalid_toml_reports_the_line(tree: Tree) -> None:
    checkout = tree({"pyproject.toml": '[project]\nname = "x"\ndependencies = [\n  "a" "b",\n]\n'})
    manifest, errors = parse_pyproject(checkout, "pyproject.toml")
    assert manifest.requirements == ()
    assert errors == [
        ScanError(
            "pyproject.toml",
            "invalid TOML at line 4: Unclosed array",
            4,
        )
    ]


def test_invalid_toml_on_the_first_line(tree: Tree) -> None:
    checkout = tree({"pyproject.toml": "this is not toml\n"})
    _, errors = parse_pyproject(checkout, "pyproject.toml")
    assert len(errors) == 1
    assert errors[0].file == "pyproject.toml" and errors[0].line == 1
    assert errors[0].message.startswith("invalid TOML at line 1: ")


def test_invalid_toml_at_end_of_document_points_at_the_last_line(tree: Tree) -> None:
    checkout = tree({"pyproject.toml": '[project]\ndependencies = [\n  "a",\n'})
    _, errors = parse_pyproject(checkout, "pyproject.toml")
    assert len(errors) == 1
    assert errors[0].line == 3
    assert errors[0].message.startswith("invalid TOML at line 3: ")


def test_invalid_dependency_strings_are_errors_at_their_lines(tree: Tree) -> None:
    text = '[project]\ndependencies = [\n  "starlette",\n  "not valid !!",\n  3,\n  "anyio",\n]\n'
    checkout = tree({"pyproject.toml": text})
    manifest, errors = parse_pyproject(checkout, "pyproject.toml")
    assert [(d.name, d.location.line) for d in manifest.requirements] == [("starlette", 3), ("anyio", 6)]
    assert [(e.file, e.line) for e in errors] == [("pyproject.toml", 4), ("pyproject.toml", 5)]
    assert errors[0].message.startswith("invalid requirement 'not valid !!': ")
    assert errors[1].message == "dependency 3 is not a string"


def test_wrongly_typed_fields(tree: Tree) -> None:
    checkout = tree({"pyproject.toml": '[project]\nrequires-python = 3.12\ndependencies = "starlette"\n'})
    manifest, errors = parse_pyproject(checkout, "pyproject.toml")
    assert manifest.requirements == () and manifest.requires_python is None
    assert errors == [
        ScanError("pyproject.toml", "[project].requires-python is not a string", 2),
        ScanError("pyproject.toml", "[project].dependencies is not an array", 3),
    ]


def test_project_that_is_not_a_table(tree: Tree) -> None:
    checkout = tree({"pyproject.toml": 'project = "x"\n'})
    _, errors = parse_pyproject(checkout, "pyproject.toml")
    assert errors == [ScanError("pyproject.toml", "[project] is not a table", 1)]


def test_binary_pyproject(tree: Tree) -> None:
    checkout = tree({"pyproject.toml": b"\x00\x01"})
    manifest, errors = parse_pyproject(checkout, "pyproject.toml")
    assert manifest.requirements == ()
    assert errors == [ScanError("pyproject.toml", "not a text file (contains NUL bytes)", 1)]


def _rows(manifest: Manifest) -> list[tuple[str, str, int | None, str | None]]:
    return [(d.name, d.requirement, d.location.line, d.group) for d in manifest.requirements]


def _errors(errors: list[ScanError]) -> list[tuple[int | None, str]]:
    return [(e.line, e.message) for e in errors]


# -- TomlPositions.line ---------------------------------------------------------------------------

POSITIONS = """\
[project]
description = '''
[tool.poetry.dependencies]
starlette = "0.1"
'''
optional-dependencies.test = ["pytest",
  "httpx"]

[ "tool" . poetry.dependencies ]
starlette = { version = "^0.27", extras = ["full"] }

[tool.poetry.dependencies.anyio]
version = "^3.7"

[[tool.poetry.source]]
name = "a"
[[tool.poetry.source]]
url = "https://b.example/simple"
"""


def test_positions_line_finds_keys_tables_and_array_elements() -> None:
    positions = TomlPositions(POSITIONS)
    assert positions.line(("project", "optional-dependencies", "test", 1)) == 7
    assert positions.line(("project", "optional-dependencies", "test", 0)) == 6
    assert positions.line(("tool", "poetry", "dependencies")) == 9
    assert positions.line(("tool", "poetry", "dependencies", "starlette")) == 10
    assert positions.line(("tool", "poetry", "dependencies", "starlette", "extras", 0)) == 10
    assert positions.line(("tool", "poetry", "dependencies", "anyio")) == 12
    assert positions.line(("tool", "poetry", "dependencies", "anyio", "version")) == 13
    assert positions.line(("tool", "poetry", "source", 1, "url")) == 18
    assert positions.line(("tool", "poetry", "source", 0)) == 15
    assert positions.line(("tool",)) == 9  # only created implicitly: its first definition
    assert positions.line(("tool", "poetry", "source", 0, "url")) is None
    assert positions.nearest_line(("tool", "poetry", "source", 0, "url")) == 15


def test_positions_line_on_text_it_cannot_follow_gives_none() -> None:
    positions = TomlPositions("a = 1\nb = }\nc = 2\n")
    assert (positions.line(("a",)), positions.line(("b",)), positions.line(("c",))) == (1, 2, None)
    assert TomlPositions("").nearest_line(("a", "b")) is None


# -- [project.optional-dependencies] -------------------------------------------------------------


def test_optional_dependencies_are_extra_groups(tree: Tree) -> None:
    text = (
        "[project]\n"
        'dependencies = ["fastapi==0.100.1"]\n'
        "[project.optional-dependencies]\n"
        'Web_Server = ["uvicorn>=0.23"]\n'
        "test = [\n"
        '  "pytest==7.4.0",\n'
        "  42,\n"
        "]\n"
        'broken = "pytest"\n'
    )
    manifest, errors = parse_pyproject(tree({"pyproject.toml": text}), "pyproject.toml")
    assert _rows(manifest) == [
        ("fastapi", "fastapi==0.100.1", 2, None),
        ("uvicorn", "uvicorn>=0.23", 4, "extra:web-server"),
        ("pytest", "pytest==7.4.0", 6, "extra:test"),
    ]
    assert _errors(errors) == [
        (7, "dependency 42 is not a string"),
        (9, "[project.optional-dependencies].broken is not an array"),
    ]


# -- PEP 735 [dependency-groups] ------------------------------------------------------------------

GROUPS = """\
[project]
name = "svc"
dependencies = ["fastapi>=0.100,<0.101"]

[dependency-groups]
test = [
    "pytest==7.4.0",
    "starlette==0.27.0",
]
Lint = ["ruff==0.0.280"]
dev = [
    {include-group = "test"},
    {include-group = "lint"},  # names are normalised
    "ipython>=8",
]
all = [{include-group = "dev"}, {include-group = "test"}]
"""


def test_dependency_groups_resolve_includes_and_keep_each_strings_line(tree: Tree) -> None:
    manifest, errors = parse_pyproject(tree({"pyproject.toml": GROUPS}), "pyproject.toml")
    assert errors == []
    assert _rows(manifest) == [
        ("fastapi", "fastapi<0.101,>=0.100", 3, None),
        ("pytest", "pytest==7.4.0", 7, "test"),
        ("starlette", "starlette==0.27.0", 8, "test"),
        ("ruff", "ruff==0.0.280", 10, "lint"),
        ("pytest", "pytest==7.4.0", 7, "dev"),
        ("starlette", "starlette==0.27.0", 8, "dev"),
        ("ruff", "ruff==0.0.280", 10, "dev"),
        ("ipython", "ipython>=8", 14, "dev"),
        # reached twice (through dev and directly), declared once
        ("pytest", "pytest==7.4.0", 7, "all"),
        ("starlette", "starlette==0.27.0", 8, "all"),
        ("ruff", "ruff==0.0.280", 10, "all"),
        ("ipython", "ipython>=8", 14, "all"),
    ]


def test_dependency_group_cycles_and_unknown_includes_are_errors_at_the_include(tree: Tree) -> None:
    text = (
        "[dependency-groups]\n"
        'a = [{include-group = "b"}, "anyio==3.7.1"]\n'
        'b = [\n  "sniffio==1.3.0",\n  {include-group = "a"},\n]\n'
        'c = [{include-group = "missing"}, "idna==3.4"]\n'
        'd = [{include-group = "c"}]\n'
    )
    manifest, errors = parse_pyproject(tree({"pyproject.toml": text}), "pyproject.toml")
    assert _errors(errors) == [
        (5, "include-group cycle: a -> b -> a"),  # reported once, at the include closing it
        (7, "include-group 'missing' names no group in [dependency-groups]"),
    ]
    assert _rows(manifest) == [
        ("sniffio", "sniffio==1.3.0", 4, "a"),
        ("anyio", "anyio==3.7.1", 2, "a"),
        ("sniffio", "sniffio==1.3.0", 4, "b"),
        ("idna", "idna==3.4", 7, "c"),
        ("idna", "idna==3.4", 7, "d"),
    ]


def test_bad_dependency_group_entries(tree: Tree) -> None:
    text = (
        "[dependency-groups]\n"
        'dev = "pytest"\n'
        "test = [\n"
        "  3,\n"
        "  {include-group = 3},\n"
        '  {include-group = "dev", extra = 1},\n'
        '  "not valid !!",\n'
        '  "pytest==7.4.0",\n'
        "]\n"
        'TEST = ["httpx"]\n'
    )
    manifest, errors = parse_pyproject(tree({"pyproject.toml": text}), "pyproject.toml")
    assert _rows(manifest) == [("pytest", "pytest==7.4.0", 8, "test")]
    assert [line for line, _ in _errors(errors)] == [10, 2, 4, 5, 6, 7]
    messages = [m for _, m in _errors(errors)]
    assert messages[0] == "dependency group 'TEST' repeats 'test' (names are normalised)"
    assert messages[1] == "dependency group 'dev' is not an array"
    assert messages[2].startswith("dependency group 'test': entry 3 is neither a requirement string")
    assert messages[3] == "include-group in dependency group 'test' is not a string"
    assert messages[4].startswith("dependency group 'test': entry {'include-group': 'dev', 'extra': 1}")
    assert messages[5].startswith("invalid requirement 'not valid !!': ")


def test_dependency_groups_that_are_not_a_table(tree: Tree) -> None:
    _, errors = parse_pyproject(
        tree({"pyproject.toml": 'x = 1\ndependency-groups = ["a"]\n'}), "pyproject.toml"
    )
    assert errors == [ScanError("pyproject.toml", "[dependency-groups] is not a table", 2)]


# -- Poetry -----------------------------------------------------------------------------------------

POETRY = """\
[tool.poetry]
name = "orders"

[tool.poetry.dependencies]
python = "^3.9"
fastapi = "^0.95.1"
starlette = "~0.27"
anyio = ">=3 <4"
sniffio = "*"
idna = "3.4"
Uvicorn = { version = "^0.22", extras = ["standard"], markers = "sys_platform == 'linux'" }
httpx = [
    { version = "^0.24", python = ">=3.8" },
    { version = "^0.23", python = "<3.8" },
]
h11 = { version = "^0.14", allow-prereleases = true, source = "private" }

[tool.poetry.dependencies.pydantic]
version = "^1.10"
extras = ["email"]

[tool.poetry.group.dev.dependencies]
pytest = "^7.4"

[tool.poetry.group.docs]
optional = true
dependencies = { mkdocs = "^1.5" }

[tool.poetry.dev-dependencies]
black = "23.7.0"
"""


def test_poetry_constraints_become_pep_508(tree: Tree) -> None:
    manifest, errors = parse_pyproject(tree({"pyproject.toml": POETRY}), "pyproject.toml")
    assert errors == []
    assert manifest.requires_python == ">=3.9,<4.0"
    assert _rows(manifest) == [
        ("fastapi", "fastapi<0.96.0,>=0.95.1", 6, None),
        ("starlette", "starlette<0.28,>=0.27", 7, None),
        ("anyio", "anyio<4,>=3", 8, None),
        ("sniffio", "sniffio", 9, None),
        ("idna", "idna==3.4", 10, None),
        ("uvicorn", 'Uvicorn[standard]<0.23,>=0.22; sys_platform == "linux"', 11, None),
        ("httpx", 'httpx<0.25,>=0.24; python_version >= "3.8"', 13, None),
        ("httpx", 'httpx<0.24,>=0.23; python_version < "3.8"', 14, None),
        ("h11", "h11<0.15,>=0.14", 16, None),
        ("pydantic", "pydantic[email]<2.0,>=1.10", 19, None),  # the version line of the sub-table
        ("black", "black==23.7.0", 30, "dev"),
        ("pytest", "pytest<8.0,>=7.4", 23, "dev"),
        ("mkdocs", "mkdocs<2.0,>=1.5", 27, "docs"),
    ]
    assert manifest.requirements[4].exact_version == "3.4"


def test_poetry_python_constraints(tree: Tree) -> None:
    cases = {
        '"3.11"': ">=3.11,<3.12",
        '"3.11.4"': "==3.11.4",
        '"~3.10"': ">=3.10,<3.11",
        '">=3.9,<3.13"': ">=3.9,<3.13",
        '"*"': None,
    }
    for value, expected in cases.items():
        text = f"[tool.poetry.dependencies]\npython = {value}\n"
        manifest, errors = parse_pyproject(tree({"pyproject.toml": text}), "pyproject.toml")
        assert (manifest.requires_python, errors) == (expected, []), value


def test_poetry_unions_and_junk_are_errors_at_their_lines(tree: Tree) -> None:
    text = (
        "[tool.poetry.dependencies]\n"
        'python = "not a version"\n'
        'pydantic = "^1.10 || ^2.1"\n'
        'junk = "latest please"\n'
        "typed = { version = 3 }\n"
        'extras = { version = "^1", extras = "full" }\n'
        "number = 3\n"
        'listed = ["^1"]\n'
        "empty = []\n"
        'markers = { version = "^1", markers = "not a marker" }\n'
        'starlette = "0.27.0"\n'
        'python2 = { version = "^1", python = 3.8 }\n'
    )
    manifest, errors = parse_pyproject(tree({"pyproject.toml": text}), "pyproject.toml")
    assert _rows(manifest) == [("starlette", "starlette==0.27.0", 11, None)]
    assert manifest.requires_python is None
    lines = [line for line, _ in _errors(errors)]
    messages = [m for _, m in _errors(errors)]
    assert lines == [2, 3, 4, 5, 6, 7, 8, 9, 10, 12]
    assert messages[0].startswith("cannot read the Poetry Python constraint 'not a version': ")
    assert messages[1] == (
        "Poetry constraint '^1.10 || ^2.1' for 'pydantic' cannot be expressed in PEP 440 "
        "(it is a union of ranges, '||')"
    )
    assert messages[2].startswith("cannot read Poetry dependency 'junk' = 'latest please': ")
    assert messages[3] == "Poetry dependency 'typed': version is not a string"
    assert messages[4] == "Poetry dependency 'extras': extras is not an array of strings"
    assert messages[5] == "Poetry dependency 'number' is not a version string, a table or an array of tables"
    assert messages[6] == "Poetry dependency 'listed': constraint 1 of the array is not a table"
    assert messages[7] == "Poetry dependency 'empty' is an empty array"
    assert messages[8].startswith("cannot read Poetry dependency 'markers' = ")
    assert messages[9] == "Poetry dependency 'python2': python is not a string"


def test_poetry_direct_references(tree: Tree) -> None:
    text = (
        "[tool.poetry.dependencies]\n"
        'httpx = { git = "https://user:secret@github.com/encode/httpx.git", tag = "0.24.1" }\n'
        'starlette = { git = "git@github.com:encode/starlette.git", rev = "a1b2c3d" }\n'
        'anyio = { url = "https://files.example.com/anyio-3.7.1-py3-none-any.whl" }\n'
        'shared = { path = "libs/shared", develop = true }\n'
        'wheel = { path = "../dist/tool-1.0-py3-none-any.whl" }\n'
        'outside = { path = "/opt/lib" }\n'
    )
    checkout = tree(
        {
            "svc/pyproject.toml": text,
            "svc/libs/shared/pyproject.toml": "[project]\nname = 'shared'\n",
            "dist/tool-1.0-py3-none-any.whl": b"",
        }
    )
    manifest, errors = parse_pyproject(checkout, "svc/pyproject.toml")
    rows = [(d.name, d.requirement, d.reference, d.editable, d.location.line) for d in manifest.requirements]
    assert rows == [
        (
            "httpx",
            "httpx @ git+https://***@github.com/encode/httpx.git@0.24.1",
            "git+https://***@github.com/encode/httpx.git@0.24.1",
            False,
            2,
        ),
        (
            "starlette",
            "starlette @ git+ssh://***@github.com/encode/starlette.git@a1b2c3d",
            "git+ssh://***@github.com/encode/starlette.git@a1b2c3d",
            False,
            3,
        ),
        (
            "anyio",
            "anyio @ https://files.example.com/anyio-3.7.1-py3-none-any.whl",
            "https://files.example.com/anyio-3.7.1-py3-none-any.whl",
            False,
            4,
        ),
        ("shared", "./libs/shared", "svc/libs/shared", True, 5),  # relative to the pyproject
        # named by its key, as Poetry does, whatever the file is called
        ("wheel", "../dist/tool-1.0-py3-none-any.whl", "dist/tool-1.0-py3-none-any.whl", False, 6),
    ]
    assert errors == [ScanError("svc/pyproject.toml", "not followed: '/opt/lib' is an absolute path", 7)]


def test_poetry_optional_dependencies_take_their_extra(tree: Tree) -> None:
    text = (
        "[tool.poetry.dependencies]\n"
        'uvicorn = { version = "^0.23", optional = true }\n'
        'gunicorn = { version = "^21", optional = true }\n'
        "[tool.poetry.extras]\n"
        'Server = ["uvicorn"]\n'
        'bad = "uvicorn"\n'
    )
    manifest, errors = parse_pyproject(tree({"pyproject.toml": text}), "pyproject.toml")
    assert [(d.name, d.group) for d in manifest.requirements] == [
        ("uvicorn", "extra:server"),
        ("gunicorn", "optional"),
    ]
    assert errors == [ScanError("pyproject.toml", "[tool.poetry.extras].bad is not an array of strings", 6)]


def test_poetry_2_project_wins_over_tool_poetry_for_the_same_names(tree: Tree) -> None:
    text = (
        "[project]\n"
        'requires-python = ">=3.10"\n'
        'dependencies = ["fastapi (>=0.100.0,<0.101.0)", "Starlette==0.27.0"]\n'
        "[tool.poetry.dependencies]\n"
        'python = "^3.11"\n'
        'starlette = { source = "private" }\n'
        'extra-tool = "^1.0"\n'
        "[tool.poetry.group.dev.dependencies]\n"
        'fastapi = "^0.100"\n'
    )
    manifest, errors = parse_pyproject(tree({"pyproject.toml": text}), "pyproject.toml")
    assert errors == []
    assert manifest.requires_python == ">=3.10"
    assert _rows(manifest) == [
        ("fastapi", "fastapi<0.101.0,>=0.100.0", 3, None),
        ("starlette", "Starlette==0.27.0", 3, None),
        ("extra-tool", "extra-tool<2.0,>=1.0", 7, None),
        ("fastapi", "fastapi<0.101,>=0.100", 9, "dev"),
    ]


def test_poetry_python_is_used_without_requires_python(tree: Tree) -> None:
    text = '[project]\nname = "x"\n[tool.poetry.dependencies]\npython = "^3.11"\n'
    manifest, errors = parse_pyproject(tree({"pyproject.toml": text}), "pyproject.toml")
    assert (manifest.requires_python, errors) == (">=3.11,<4.0", [])


def test_wrongly_typed_poetry_tables(tree: Tree) -> None:
    text = (
        "[tool.poetry]\n"
        'dependencies = "fastapi"\n'
        "dev-dependencies = 3\n"
        'group = { dev = "x", docs = { dependencies = [1] }, ok = { dependencies = { idna = "3.4" } } }\n'
    )
    manifest, errors = parse_pyproject(tree({"pyproject.toml": text}), "pyproject.toml")
    assert _rows(manifest) == [("idna", "idna==3.4", 4, "ok")]
    assert errors == [
        ScanError("pyproject.toml", "[tool.poetry.dependencies] is not a table", 2),
        ScanError("pyproject.toml", "[tool.poetry.dev-dependencies] is not a table", 3),
        ScanError("pyproject.toml", "[tool.poetry.group.dev] is not a table", 4),
        ScanError("pyproject.toml", "[tool.poetry.group.docs.dependencies] is not a table", 4),
    ]


def test_tool_that_is_not_a_table(tree: Tree) -> None:
    _, errors = parse_pyproject(
        tree({"pyproject.toml": 'name = "x"\n\ntool = 3\n[project]\n'}), "pyproject.toml"
    )
    assert errors == [ScanError("pyproject.toml", "[tool] is not a table", 3)]


# -- index sources ----------------------------------------------------------------------------------

SOURCES = """\
[[tool.poetry.source]]
name = "private"
url = "https://pypi.example.com/simple/"
priority = "supplemental"

[[tool.poetry.source]]
name = "mirror"
url = "https://deploy:hunter2@mirror.example.com/simple/"
priority = "default"

[[tool.poetry.source]]
name = "legacy"
url = "https://legacy.example.com/simple/"
default = true

[[tool.poetry.source]]
name = "corp"
url = "https://${CORP_USER}:${CORP_TOKEN}@corp.example.com/simple/"
priority = "primary"

[[tool.poetry.source]]
name = "PyPI"
priority = "primary"

[[tool.poetry.source]]
name = "nowhere"
priority = "explicit"

[[tool.poetry.source]]
name = "odd"
url = "https://odd.example.com/simple/"
priority = "first"

[[tool.poetry.source]]
name = "ftp"
url = "ftp://files.example.com/"
"""


def test_poetry_sources(tree: Tree) -> None:
    manifest, errors = parse_pyproject(tree({"pyproject.toml": SOURCES}), "pyproject.toml")
    assert [(i.name, i.url, i.primary, i.location.line) for i in manifest.indexes] == [
        ("private", "https://pypi.example.com/simple/", False, 3),
        ("mirror", "https://mirror.example.com/simple/", True, 8),
        ("legacy", "https://legacy.example.com/simple/", True, 13),
        ("corp", "https://${CORP_USER}:${CORP_TOKEN}@corp.example.com/simple/", True, 18),
        ("odd", "https://odd.example.com/simple/", False, 31),
    ]
    assert [line for line, _ in _errors(errors)] == [8, 25, 32, 36]
    assert "hunter2" not in repr(errors)
    assert errors[0].message.startswith("credentials written into the index URL for mirror.example.com")
    assert errors[1].message == "Poetry source 'nowhere' has no url"
    assert errors[2].message.startswith("Poetry source 'odd': unknown priority 'first'")
    assert errors[3].message == "ignored index URL: not an http(s) URL: 'ftp://files.example.com/'"


def test_uv_and_pdm_sources(tree: Tree) -> None:
    text = (
        "[tool.uv]\n"
        'index-url = "https://uv-primary.example.com/simple"\n'
        "extra-index-url = [\n"
        '  "https://uv-extra.example.com/simple",\n'
        "  7,\n"
        "]\n"
        'dev-dependencies = ["pytest==7.4.0"]\n'
        "\n"
        "[[tool.uv.index]]\n"
        'name = "corp"\n'
        'url = "https://corp.example.com/simple"\n'
        "default = true\n"
        "\n"
        "[[tool.uv.index]]\n"
        'name = "torch"\n'
        'url = "https://download.pytorch.org/whl/cpu"\n'
        "explicit = true\n"
        "\n"
        "[[tool.uv.index]]\n"
        'name = "wheels"\n'
        'url = "https://wheels.example.com/"\n'
        'format = "flat"\n'
        "\n"
        "[[tool.uv.index]]\n"
        'name = "nourl"\n'
        "\n"
        "[[tool.pdm.source]]\n"
        'name = "pypi"\n'
        'url = "https://pdm-mirror.example.com/simple"\n'
        "\n"
        "[[tool.pdm.source]]\n"
        'name = "extra"\n'
        'url = "https://pdm-extra.example.com/simple"\n'
        'type = "index"\n'
        "\n"
        "[[tool.pdm.source]]\n"
        'name = "links"\n'
        'url = "https://links.example.com/"\n'
        'type = "find_links"\n'
    )
    manifest, errors = parse_pyproject(tree({"pyproject.toml": text}), "pyproject.toml")
    assert [(i.name, i.url, i.primary, i.location.line) for i in manifest.indexes] == [
        ("corp", "https://corp.example.com/simple", True, 11),
        ("torch", "https://download.pytorch.org/whl/cpu", False, 16),
        (None, "https://uv-primary.example.com/simple", True, 2),
        (None, "https://uv-extra.example.com/simple", False, 4),
        ("pypi", "https://pdm-mirror.example.com/simple", True, 29),
        ("extra", "https://pdm-extra.example.com/simple", False, 33),
    ]
    assert _rows(manifest) == [("pytest", "pytest==7.4.0", 7, "dev")]
    assert _errors(errors) == [
        (24, "[[tool.uv.index]] entry 'nourl' has no url"),
        (5, "tool.uv.extra-index-url entry 7 is not a string"),
    ]


def test_wrongly_typed_sources(tree: Tree) -> None:
    text = (
        "[tool.poetry]\n"
        'source = "https://x.example.com"\n'
        "[tool.uv]\n"
        'index = { url = "https://y.example.com" }\n'
        'extra-index-url = "https://z.example.com"\n'
        "[[tool.pdm.source]]\n"
        "url = 5\n"
    )
    manifest, errors = parse_pyproject(tree({"pyproject.toml": text}), "pyproject.toml")
    assert manifest.indexes == ()
    assert errors == [
        ScanError("pyproject.toml", "[tool.poetry.source] is not an array of tables", 2),
        ScanError("pyproject.toml", "[tool.uv.index] is not an array of tables", 4),
        ScanError("pyproject.toml", "[tool.uv].extra-index-url is not an array of strings", 5),
        ScanError("pyproject.toml", "[tool.pdm.source].url is not a string", 7),
    ]


# -- setuptools dynamic dependencies ------------------------------------------------------------

DYNAMIC = """\
[project]
name = "inventory"
dynamic = ["version", "dependencies", "optional-dependencies"]

[tool.setuptools.dynamic]
dependencies = { file = [
    "requirements.in",
    "missing.txt",
    "../../outside.txt",
] }
optional-dependencies.test = { file = "requirements-test.in" }
"""


def test_setuptools_dynamic_dependencies_are_read_from_their_files(tree: Tree) -> None:
    checkout = tree(
        {
            "svc/pyproject.toml": DYNAMIC,
            "svc/requirements.in": "-i https://mirror.example.com/simple\n-r base.txt\nstarlette==0.27.0\n",
            "svc/base.txt": "anyio==3.7.1\n",
            "svc/requirements-test.in": "pytest==7.4.0\n",
        }
    )
    manifest, errors = parse_pyproject(checkout, "svc/pyproject.toml")
    assert [(d.name, str(d.location), d.group) for d in manifest.requirements] == [
        ("anyio", "svc/base.txt:1", None),
        ("starlette", "svc/requirements.in:3", None),
        ("pytest", "svc/requirements-test.in:1", "extra:test"),
    ]
    assert [(i.url, str(i.location), i.primary) for i in manifest.indexes] == [
        ("https://mirror.example.com/simple", "svc/requirements.in:1", True)
    ]
    assert manifest.includes == ("svc/requirements.in", "svc/base.txt", "svc/requirements-test.in")
    assert errors == [
        ScanError("svc/pyproject.toml", "dynamic dependencies file 'missing.txt': file not found", 8),
        ScanError(
            "svc/pyproject.toml",
            "refused: dynamic dependencies file '../../outside.txt' is outside the checkout",
            9,
        ),
    ]


def test_setuptools_dynamic_is_read_only_when_project_says_so(tree: Tree) -> None:
    text = '[project]\nname = "x"\ndependencies = ["idna"]\n' + DYNAMIC.split("\n", 3)[3]
    checkout = tree({"pyproject.toml": text, "requirements.in": "starlette==0.27.0\n"})
    manifest, errors = parse_pyproject(checkout, "pyproject.toml")
    assert (_rows(manifest), errors, manifest.includes) == ([("idna", "idna", 3, None)], [], ())


def test_setuptools_dynamic_errors(tree: Tree) -> None:
    text = (
        "[project]\n"
        'dynamic = ["dependencies", "optional-dependencies"]\n'
        "[tool.setuptools.dynamic]\n"
        'dependencies = { attr = "pkg.DEPS" }\n'
        "optional-dependencies = { test = { file = [1] } }\n"
    )
    checkout = tree({"pyproject.toml": text, "bad.txt": b"\x00"})
    _, errors = parse_pyproject(checkout, "pyproject.toml")
    assert errors == [
        ScanError(
            "pyproject.toml", "[tool.setuptools.dynamic].dependencies is not a table {file = [...]}", 4
        ),
        ScanError(
            "pyproject.toml",
            "[tool.setuptools.dynamic.optional-dependencies.test].file is not a string or an array "
            "of strings",
            5,
        ),
    ]
    text = '[project]\ndynamic = "dependencies"\n'
    _, errors = parse_pyproject(tree({"pyproject.toml": text}), "pyproject.toml")
    assert errors == [ScanError("pyproject.toml", "[project].dynamic is not an array of strings", 2)]
    text = (
        '[project]\ndynamic = ["dependencies"]\n[tool.setuptools.dynamic]\n'
        'dependencies = {file = ["bad.txt", "requirements.txt"]}\n'
    )
    checkout = tree({"pyproject.toml": text, "requirements.txt": "-r missing.txt\nidna==3.4\n"})
    manifest, errors = parse_pyproject(checkout, "pyproject.toml")
    assert _rows(manifest) == [("idna", "idna==3.4", 2, None)]
    assert manifest.includes == ("requirements.txt",)
    assert [(e.file, e.line, e.message) for e in errors] == [
        ("bad.txt", 1, "not a text file (contains NUL bytes)"),
        ("requirements.txt", 1, "included file not found: -r missing.txt"),
    ]


# -- encodings and empty files --------------------------------------------------------------------


def test_empty_pyproject(tree: Tree) -> None:
    manifest, errors = parse_pyproject(tree({"pyproject.toml": ""}), "pyproject.toml")
    assert (manifest.requirements, manifest.indexes, errors) == ((), (), [])


def test_utf8_bom_and_utf16_keep_lines(tree: Tree) -> None:
    text = '[tool.poetry.dependencies]\npython = "^3.10"\nstarlette = "0.27.0"\nbad = "^1 || ^2"\n'
    for data in (b"\xef\xbb\xbf" + text.encode(), text.encode("utf-16")):
        manifest, errors = parse_pyproject(tree({"pyproject.toml": data}), "pyproject.toml")
        assert _rows(manifest) == [("starlette", "starlette==0.27.0", 3, None)]
        assert manifest.requires_python == ">=3.10,<4.0"
        assert [(e.file, e.line) for e in errors] == [("pyproject.toml", 4)]


def test_invalid_toml_in_a_poetry_table(tree: Tree) -> None:
    text = '[tool.poetry.dependencies]\nstarlette = "0.27.0"\nfastapi = {version = "^0.100"\n'
    manifest, errors = parse_pyproject(tree({"pyproject.toml": text}), "pyproject.toml")
    assert manifest.requirements == ()
    assert len(errors) == 1 and errors[0].line == 3
    assert errors[0].message.startswith("invalid TOML at line 3: ")


# -- the fixture trees ----------------------------------------------------------------------------

FORMATS = Path(__file__).resolve().parents[2] / "fixtures" / "formats"


def test_fixture_trees_parse_cleanly() -> None:
    found = {}
    for name in ("poetry-new", "poetry-old", "dependency-groups", "setuptools-dynamic"):
        manifest, errors = parse_pyproject(FORMATS / name, "pyproject.toml")
        assert errors == [], name
        found[name] = [
            (d.name, str(d.location), d.group) for d in manifest.requirements if d.name == "starlette"
        ]
    assert found == {
        "poetry-new": [],
        "poetry-old": [("starlette", "pyproject.toml:10", None)],
        "dependency-groups": [
            ("starlette", "pyproject.toml:14", "test"),
            ("starlette", "pyproject.toml:14", "dev"),
        ],
        "setuptools-dynamic": [("starlette", "requirements.in:3", None)],
    }
