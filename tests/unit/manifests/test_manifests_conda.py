from __future__ import annotations

import codecs
import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from starlette_2093_check.manifests.conda import conda_requirement, parse_conda_environment
from starlette_2093_check.model import Declared, ManifestKind, ScanError

Tree = Callable[[dict[str, str | bytes]], Path]

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "formats"


def reqs(declared: tuple[Declared, ...]) -> list[tuple[str, str, int | None, bool]]:
    return [(d.name, d.requirement, d.location.line, d.conda) for d in declared]


def test_conda_level_match_specs_become_pep508_with_their_lines(tree: Tree) -> None:
    checkout = tree(
        {
            "environment.yml": (
                "name: web\n"
                "channels:\n"
                "  - conda-forge\n"
                "dependencies:\n"
                "  - Starlette\n"
                "  - anyio=3.7\n"
                "  - starlette=0.27.0\n"
                "  - starlette==0.27.0\n"
                "  - starlette>=0.27,<0.29\n"
                "  - starlette 0.27.*\n"
                "  - starlette=0.27.0=pyhd8ed1ab_0\n"
                "  - conda-forge::fastapi=0.100\n"
                "  - conda-forge/noarch::uvicorn=0.23.2\n"
                "  - starlette[version='>=0.27']\n"
                '  - "h11 0.14.0 pyhd8ed1ab_0"\n'
                "  - sniffio=1.3.0=pyhd8ed1ab_0  # a YAML comment\n"
                "  - typing_extensions=4.7=pyha770c72_0\n"
                "  - idna *\n"
                "  - click!=8.1.*\n"
            )
        }
    )
    manifest, errors = parse_conda_environment(checkout, "environment.yml")
    assert errors == []
    assert manifest.kind is ManifestKind.CONDA
    assert manifest.path == "environment.yml"
    assert reqs(manifest.requirements) == [
        ("starlette", "starlette", 5, True),
        ("anyio", "anyio==3.7.*", 6, True),
        ("starlette", "starlette==0.27.0", 7, True),
        ("starlette", "starlette==0.27.0", 8, True),
        ("starlette", "starlette<0.29,>=0.27", 9, True),
        ("starlette", "starlette==0.27.*", 10, True),
        ("starlette", "starlette==0.27.0", 11, True),
        ("fastapi", "fastapi==0.100.*", 12, True),
        ("uvicorn", "uvicorn==0.23.2", 13, True),
        ("starlette", "starlette>=0.27", 14, True),
        ("h11", "h11==0.14.0", 15, True),
        ("sniffio", "sniffio==1.3.0", 16, True),
        # conda: a version followed by a build string is exact, even with two components
        ("typing-extensions", "typing-extensions==4.7", 17, True),
        ("idna", "idna", 18, True),
        ("click", "click!=8.1.*", 19, True),
    ]
    assert manifest.requirements[2].exact_version == "0.27.0"
    assert manifest.requirements[1].exact_version is None
    assert manifest.indexes == ()  # conda channels are not package indexes
    assert manifest.python_version is None and manifest.requires_python is None


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("numpy=1.26", ("numpy", "==1.26.*")),
        ("numpy=1", ("numpy", "==1.*")),
        ("numpy=1.26.*", ("numpy", "==1.26.*")),
        ("numpy>=1.26.*", ("numpy", ">=1.26")),
        ("numpy 1.26", ("numpy", "==1.26")),
        ("numpy=1.26,<2", ("numpy", "==1.26.*,<2")),
        ("numpy~=1.26", ("numpy", "~=1.26")),
        ("numpy >=1.0 , <2.0 py34_0", ("numpy", ">=1.0,<2.0")),
        ("numpy[version='>=1.2', build=py311*]", ("numpy", ">=1.2")),
        ("numpy=1.0[version='>=1.2']", ("numpy", ">=1.2")),
        ("uvicorn[standard]", ("uvicorn", "")),
        ("defaults::numpy", ("numpy", "")),
    ],
)
def test_match_spec_translation(spec: str, expected: tuple[str, str]) -> None:
    assert conda_requirement(spec) == expected


@pytest.mark.parametrize(
    "spec",
    [
        "openssl=1.1.1t",  # conda version, not PEP 440
        "openssl=1.1.1t=h7f8727e_0",
        "numpy 1.2|1.3",  # alternatives
        "numpy >=1.2,<2|==1.1",
        "_libgcc_mutex=0.1=conda_forge",  # not a PEP 508 name
        "__glibc",
        "https://conda.anaconda.org/conda-forge/noarch/starlette-0.27.0-pyhd8ed1ab_0.conda",
    ],
)
def test_conda_only_specs_are_skipped(spec: str) -> None:
    assert conda_requirement(spec) is None


def test_python_pip_and_conda_only_entries(tree: Tree) -> None:
    checkout = tree(
        {
            "environment.yml": (
                "dependencies:\n"
                "  - python=3.11\n"
                "  - pip\n"
                "  - pip=23.2.1=pyhd8ed1ab_0\n"
                "  - openssl=1.1.1t\n"
                "  - _libgcc_mutex=0.1=conda_forge\n"
                "  - numpy 1.2|1.3\n"
                "  - python>=3.12\n"  # only the first python request counts
                "  - starlette=0.27.0\n"
            )
        }
    )
    manifest, errors = parse_conda_environment(checkout, "environment.yml")
    assert errors == []
    assert manifest.python_version == "3.11"
    assert manifest.requires_python is None
    assert reqs(manifest.requirements) == [("starlette", "starlette==0.27.0", 9, True)]


@pytest.mark.parametrize(
    ("spec", "python_version", "requires_python"),
    [
        ("python=3.11", "3.11", None),
        ("python=3.11.4=hab00c5b_0_cpython", "3.11.4", None),
        ("python==3.12.1", "3.12.1", None),
        ("python 3.10.*", "3.10", None),
        ("python>=3.10", None, ">=3.10"),
        ("python>=3.10,<3.13", None, ">=3.10,<3.13"),
        ("python=3", None, "==3.*"),
        ("python", None, None),
        ("python 3.11|3.12", None, None),
    ],
)
def test_python_request(
    tree: Tree, spec: str, python_version: str | None, requires_python: str | None
) -> None:
    checkout = tree({"environment.yml": f"dependencies:\n  - {spec}\n"})
    manifest, errors = parse_conda_environment(checkout, "environment.yml")
    assert errors == []
    assert manifest.requirements == ()
    assert (manifest.python_version, manifest.requires_python) == (python_version, requires_python)


def test_pip_section_is_read_as_requirement_lines(tree: Tree) -> None:
    checkout = tree(
        {
            "envs/api/environment.yml": (
                "name: api\n"
                "channels: [conda-forge]\n"
                "dependencies:\n"
                "  - python=3.11\n"
                "  - pip\n"
                "  - pip:\n"
                "    - --extra-index-url https://${PIP_USER}:${PIP_TOKEN}@pkgs.invalid/simple\n"
                "    - fastapi==0.100.1\n"
                "    - 'uvicorn[standard]>=0.23  # comment'\n"
                "    - -r requirements.txt\n"
                "    - -e .\n"
                "  - anyio=3.7.1\n"
            ),
            "envs/api/requirements.txt": "starlette==0.27.0\n",
            "envs/api/pyproject.toml": "[project]\nname = 'api'\n",
        }
    )
    manifest, errors = parse_conda_environment(checkout, "envs/api/environment.yml")
    assert errors == []
    assert [
        (d.name, d.requirement, d.location.file, d.location.line, d.conda) for d in manifest.requirements
    ] == [
        ("fastapi", "fastapi==0.100.1", "envs/api/environment.yml", 8, False),
        ("uvicorn", "uvicorn[standard]>=0.23", "envs/api/environment.yml", 9, False),
        ("starlette", "starlette==0.27.0", "envs/api/requirements.txt", 1, False),
        ("", ".", "envs/api/environment.yml", 11, False),
        ("anyio", "anyio==3.7.1", "envs/api/environment.yml", 12, True),
    ]
    assert manifest.requirements[3].reference == "envs/api" and manifest.requirements[3].editable
    assert manifest.includes == ("envs/api/requirements.txt",)
    assert [(i.url, i.primary, i.location.line) for i in manifest.indexes] == [
        ("https://${PIP_USER}:${PIP_TOKEN}@pkgs.invalid/simple", False, 7)
    ]
    assert manifest.python_version == "3.11"


def test_pip_section_errors_keep_their_lines(tree: Tree) -> None:
    checkout = tree(
        {
            "environment.yml": (
                "dependencies:\n"
                "  - pip:\n"
                "      - --index-url https://bob:s3cret@pkgs.invalid/simple\n"
                "      - starlette==\n"
                "      - -r missing.txt\n"
                "      - 42\n"
                "      -\n"
                "      - [a, b]\n"
                "      - starlette==0.27.0\n"
            )
        }
    )
    manifest, errors = parse_conda_environment(checkout, "environment.yml")
    assert [(e.file, e.line) for e in errors] == [
        ("environment.yml", 6),
        ("environment.yml", 7),
        ("environment.yml", 8),
        ("environment.yml", 3),
        ("environment.yml", 4),
        ("environment.yml", 5),
    ]
    assert errors[0].message == "pip entry '42' is not a string (YAML int)"
    assert errors[1].message == "empty entry in the 'pip' list"
    assert errors[2].message == "pip entry is a nested list or mapping, not a requirement line"
    assert "credentials" in errors[3].message
    assert errors[4].message.startswith("invalid requirement 'starlette=='")
    assert errors[5].message == "included file not found: -r missing.txt"
    assert [i.url for i in manifest.indexes] == ["https://pkgs.invalid/simple"]
    assert reqs(manifest.requirements) == [("starlette", "starlette==0.27.0", 9, False)]
    assert "s3cret" not in repr((manifest, errors))


def test_malformed_entries_are_errors_at_their_lines_and_the_rest_is_read(tree: Tree) -> None:
    checkout = tree(
        {
            "environment.yml": (
                "dependencies:\n"
                "  - 3.11\n"
                "  -\n"
                "  - ''\n"
                "  - '>=1.2'\n"
                "  - numpy[version='>=1.2'\n"
                "  - [starlette]\n"
                "  - npm:\n"
                "      - left-pad\n"
                "  - pip: starlette\n"
                "  - yes\n"
                "  - starlette=0.27.0\n"
                "  - pip:\n"
            )
        }
    )
    manifest, errors = parse_conda_environment(checkout, "environment.yml")
    assert errors == [
        ScanError("environment.yml", "dependency '3.11' is not a string (YAML float)", 2),
        ScanError("environment.yml", "empty dependency entry", 3),
        ScanError("environment.yml", "invalid conda package spec '': empty", 4),
        ScanError("environment.yml", "invalid conda package spec '>=1.2': no package name", 5),
        ScanError(
            "environment.yml", "invalid conda package spec \"numpy[version='>=1.2'\": unbalanced brackets", 6
        ),
        ScanError("environment.yml", "dependency entry is a list, not a package spec or a 'pip:' mapping", 7),
        ScanError("environment.yml", "dependency mapping has 'npm'; only a 'pip:' list is supported here", 8),
        ScanError("environment.yml", "'pip' is not a list of requirement lines", 10),
        ScanError("environment.yml", "dependency 'yes' is not a string (YAML bool)", 11),
    ]
    assert reqs(manifest.requirements) == [("starlette", "starlette==0.27.0", 12, True)]


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("- starlette\n- fastapi\n", "the environment file is not a mapping of keys", 1),
        ("# header\n\njust text\n", "the environment file is not a mapping of keys", 3),
        ("name: x\ndependencies: starlette\n", "'dependencies' is not a list", 2),
        ("name: x\ndependencies:\n  pip: [starlette]\n", "'dependencies' is not a list", 2),
    ],
)
def test_wrong_shapes(tree: Tree, text: str, message: str, line: int) -> None:
    checkout = tree({"environment.yml": text})
    manifest, errors = parse_conda_environment(checkout, "environment.yml")
    assert errors == [ScanError("environment.yml", message, line)]
    assert manifest.requirements == ()


def test_duplicate_dependencies_key_keeps_the_first(tree: Tree) -> None:
    checkout = tree(
        {"environment.yml": "dependencies:\n  - starlette=0.27.0\ndependencies:\n  - starlette=0.28\n"}
    )
    manifest, errors = parse_conda_environment(checkout, "environment.yml")
    assert errors == [ScanError("environment.yml", "duplicate key 'dependencies' (the first one is used)", 3)]
    assert reqs(manifest.requirements) == [("starlette", "starlette==0.27.0", 2, True)]


@pytest.mark.parametrize(
    "text", ["", "\n\n", "# only a comment\n", "name: empty\n", "dependencies:\n", "---\n"]
)
def test_empty_files_and_environments_are_valid_and_empty(tree: Tree, text: str) -> None:
    checkout = tree({"environment.yml": text})
    manifest, errors = parse_conda_environment(checkout, "environment.yml")
    assert errors == []
    assert manifest.requirements == () and manifest.includes == () and manifest.indexes == ()


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("name: x\ndependencies:\n  - starlette\n - fastapi\n", 4, "invalid YAML: "),
        ("dependencies: [starlette,\nchannels: x\n", 2, "invalid YAML: did not find expected ',' or ']'"),
        ("dependencies:\n  - 'starlette\n", 2, "invalid YAML: found unexpected end of stream"),
        (
            "dependencies: [starlette]\n---\ndependencies: [fastapi]\n",
            2,
            "invalid YAML: but found another document",
        ),
        ("dependencies:\n  - *nothing\n", 2, "invalid YAML: found undefined alias"),
        ("name: x\r\ndependencies:\r\n  - a\x07\n", 3, "invalid YAML: unacceptable character #x0007"),
    ],
)
def test_invalid_yaml_reports_the_problem_line(tree: Tree, text: str, line: int, problem: str) -> None:
    checkout = tree({"environment.yml": text})
    manifest, errors = parse_conda_environment(checkout, "environment.yml")
    assert len(errors) == 1
    assert (errors[0].file, errors[0].line) == ("environment.yml", line)
    assert errors[0].message.startswith(problem)
    assert manifest.requirements == ()


def test_python_tags_are_never_constructed(tree: Tree) -> None:
    checkout = tree(
        {
            "environment.yml": (
                "x: !!python/object/apply:os.system [touch pwned]\n"
                "dependencies:\n"
                "  - !!python/object/apply:os.system [touch pwned]\n"
                "  - !!python/name:os.system\n"
                "  - !!str starlette=0.27.0\n"
            )
        }
    )
    manifest, errors = parse_conda_environment(checkout, "environment.yml")
    assert errors == [
        ScanError("environment.yml", "dependency entry is a list, not a package spec or a 'pip:' mapping", 3),
        ScanError("environment.yml", "dependency '' is not a string (YAML python/name:os.system)", 4),
    ]
    assert reqs(manifest.requirements) == [("starlette", "starlette==0.27.0", 5, True)]
    assert not (checkout / "pwned").exists()


def test_deep_nesting_is_an_error_not_a_crash(tree: Tree) -> None:
    checkout = tree({"environment.yml": "dependencies: " + "[" * 100_000 + "]" * 100_000 + "\n"})
    _, errors = parse_conda_environment(checkout, "environment.yml")
    assert len(errors) == 1 and errors[0].line == 1
    assert errors[0].message.startswith("invalid YAML")


def test_alias_bomb_is_never_expanded(tree: Tree) -> None:
    anchors = "".join(f"x{i}: &x{i} [*x{i - 1}, *x{i - 1}, *x{i - 1}, *x{i - 1}]\n" for i in range(1, 40))
    text = (
        "x0: &x0 [lol]\n"
        + anchors
        + "dependencies:\n"
        + "  - &pin starlette=0.27.0\n"
        + "  - *pin\n"
        + "  - *x39\n"
        + "  - pip: &piplist\n"
        + "      - fastapi==0.100.1\n"
        + "  - pip: *piplist\n"
    )
    checkout = tree({"environment.yml": text})
    start = time.monotonic()
    manifest, errors = parse_conda_environment(checkout, "environment.yml")
    assert time.monotonic() - start < 5
    assert errors == [
        ScanError("environment.yml", "dependency entry is a list, not a package spec or a 'pip:' mapping", 40)
    ]
    assert reqs(manifest.requirements) == [
        ("starlette", "starlette==0.27.0", 42, True),
        ("fastapi", "fastapi==0.100.1", 46, False),
    ]


def test_utf8_bom_and_crlf(tree: Tree) -> None:
    checkout = tree(
        {"environment.yml": codecs.BOM_UTF8 + b"dependencies:\r\n  - pip:\r\n    - starlette==0.27.0\r\n"}
    )
    manifest, errors = parse_conda_environment(checkout, "environment.yml")
    assert errors == []
    assert reqs(manifest.requirements) == [("starlette", "starlette==0.27.0", 3, False)]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_a_bom_as_powershell_writes_it(tree: Tree, encoding: str) -> None:
    text = (
        "name: api\r\n"
        "dependencies:\r\n"
        "  - python=3.11.4=hab00c5b_0_cpython\r\n"
        "  - pip:\r\n"
        "    - starlette==0.27.0\r\n"
    )
    checkout = tree({"environment.yml": "\ufeff".encode(encoding) + text.encode(encoding)})
    manifest, errors = parse_conda_environment(checkout, "environment.yml")
    assert errors == []
    assert manifest.python_version == "3.11.4"
    assert reqs(manifest.requirements) == [("starlette", "starlette==0.27.0", 5, False)]


def test_unreadable_files_are_errors(tree: Tree) -> None:
    checkout = tree({"environment.yml": b"dependencies:\n  - \x00\xff\n"})
    _, errors = parse_conda_environment(checkout, "environment.yml")
    assert [(e.file, e.message) for e in errors] == [
        ("environment.yml", "not a text file (contains NUL bytes)")
    ]
    manifest, errors = parse_conda_environment(checkout, "environment.yaml")
    assert errors == [ScanError("environment.yaml", "file not found")]
    assert manifest.kind is ManifestKind.CONDA


@pytest.mark.parametrize("name", ["conda-pip", "conda-level", "conda-utf16"])
def test_fixture_trees_declare_starlette_where_expected_json_says(name: str) -> None:
    root = FIXTURES / name
    expected = json.loads((root / "expected.json").read_text(encoding="utf-8"))
    (target,) = expected["targets"]
    file, line = target["source"].rsplit(":", 1)
    manifest, errors = parse_conda_environment(root, file)
    assert errors == []
    starlette = [d for d in manifest.requirements if d.name == "starlette"]
    assert [(d.location.file, d.location.line, d.exact_version) for d in starlette] == [
        (file, int(line), target["version"])
    ]


def test_fixture_utf16_is_the_conda_pip_file_as_powershell_writes_it() -> None:
    data = (FIXTURES / "conda-utf16" / "environment.yml").read_bytes()
    assert data.startswith(codecs.BOM_UTF16_LE)
    text = data[2:].decode("utf-16-le")
    assert text == (FIXTURES / "conda-pip" / "environment.yml").read_text(encoding="utf-8").replace(
        "\n", "\r\n"
    )
    utf16, _ = parse_conda_environment(FIXTURES / "conda-utf16", "environment.yml")
    plain, _ = parse_conda_environment(FIXTURES / "conda-pip", "environment.yml")
    assert reqs(utf16.requirements) == reqs(plain.requirements)
    assert utf16.python_version == plain.python_version == "3.11.4"
    # conda-level system packages with PEP 440 versions are kept (marked conda); the others are not
    assert [d.name for d in plain.requirements if d.conda] == [
        "bzip2",
        "ca-certificates",
        "libffi",
        "openssl",
        "setuptools",
    ]
