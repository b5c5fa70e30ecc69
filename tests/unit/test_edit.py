"""edit: planning one-line manifest edits on real files, and applying them byte for byte."""

from __future__ import annotations

import codecs
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from starlette_2093_check.edit import (
    Applied,
    EditError,
    HashError,
    apply_edits,
    diff,
    hashes_with_uv,
    plan_edit,
)
from starlette_2093_check.manifests import parse_pipfile, parse_pyproject, parse_requirements, parse_setup_cfg
from starlette_2093_check.model import Declared, Edit, Location, Manifest, ManifestKind, ScanError
from tests.conftest import write_tree

Parser = Callable[[Path, str], tuple[Manifest, list[ScanError]]]
PARSERS: dict[ManifestKind, Parser] = {
    ManifestKind.REQUIREMENTS: parse_requirements,
    ManifestKind.REQUIREMENTS_IN: parse_requirements,
    ManifestKind.PYPROJECT: parse_pyproject,
    ManifestKind.PIPFILE: parse_pipfile,
    ManifestKind.SETUP_CFG: parse_setup_cfg,
}

HASH_A = "sha256:" + "a" * 64
HASH_B = "sha256:" + "b" * 64
HASH_C = "sha256:" + "c" * 64
NEW_1 = "sha256:" + "1" * 64
NEW_2 = "sha256:" + "2" * 64
ANY = "(any group)"


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A checkout under tmp_path, so that tmp_path itself is outside it."""
    path = tmp_path / "checkout"
    path.mkdir()
    return path


def declared(
    checkout: Path, relpath: str, kind: ManifestKind, name: str, group: str | None = ANY
) -> Declared:
    """The one declaration of ``name`` the real parser finds (its location is what gets edited)."""
    manifest, errors = PARSERS[kind](checkout, relpath)
    assert errors == []
    found = [d for d in manifest.requirements if d.name == name and (group == ANY or d.group == group)]
    assert len(found) == 1, found
    return found[0]


def plan(
    checkout: Path, relpath: str, kind: ManifestKind, name: str, spec: str, group: str | None = ANY
) -> Edit:
    return plan_edit(checkout, kind, declared(checkout, relpath, kind, name, group).location, name, spec)


def replaced(original: bytes, old: bytes, new: bytes) -> bytes:
    assert original.count(old) == 1
    return original.replace(old, new)


# -- requirements files -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "spec", "expected"),
    [
        ("fastapi==0.95.1", "==0.108.0", "fastapi==0.108.0"),
        (
            'FastAPI[all] >= 0.90, <0.96 ; python_version >= "3.8"  # pinned',
            ">=0.108.0",
            'FastAPI[all] >=0.108.0 ; python_version >= "3.8"  # pinned',
        ),
        ("fastapi", ">=0.108.0", "fastapi>=0.108.0"),
        ('fastapi ; python_version >= "3.8"', "==0.108.0", 'fastapi==0.108.0 ; python_version >= "3.8"'),
        ("fastapi[all]  # any version", "==0.108.0", "fastapi[all]==0.108.0  # any version"),
        ("  fastapi~=0.95.0", "==0.108.0", "  fastapi==0.108.0"),
        ("fastapi (>=0.90,<0.96)", ">=0.108.0", "fastapi (>=0.108.0)"),
        ("fastapi==0.95.1;python_version>='3.8'", "==0.108.0", "fastapi==0.108.0;python_version>='3.8'"),
    ],
)
def test_requirements_line_forms(checkout: Path, line: str, spec: str, expected: str) -> None:
    write_tree(checkout, {"requirements.txt": f"uvicorn==0.23.0\n{line}\n"})
    edit = plan(checkout, "requirements.txt", ManifestKind.REQUIREMENTS, "fastapi", spec)
    assert edit == Edit("requirements.txt", 2, line, expected, hashed=False)


def test_requirements_in_file(checkout: Path) -> None:
    write_tree(checkout, {"requirements.in": "fastapi>=0.95\n"})
    edit = plan(checkout, "requirements.in", ManifestKind.REQUIREMENTS_IN, "fastapi", ">=0.108.0")
    assert (edit.line, edit.new) == (1, "fastapi>=0.108.0")


def test_hash_continuation_and_inline_hash_mark_the_edit_hashed(checkout: Path) -> None:
    write_tree(
        checkout,
        {
            "requirements.txt": (
                f"fastapi==0.95.1 \\\n    --hash={HASH_A} \\\n    --hash={HASH_B}\n"
                f"starlette==0.26.1 --hash={HASH_C}\n"
            )
        },
    )
    edit = plan(checkout, "requirements.txt", ManifestKind.REQUIREMENTS, "fastapi", "==0.108.0")
    assert edit == Edit("requirements.txt", 1, "fastapi==0.95.1 \\", "fastapi==0.108.0 \\", hashed=True)
    edit = plan(checkout, "requirements.txt", ManifestKind.REQUIREMENTS, "starlette", "==0.29.0")
    assert edit == Edit(
        "requirements.txt",
        4,
        f"starlette==0.26.1 --hash={HASH_C}",
        f"starlette==0.29.0 --hash={HASH_C}",
        True,
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("-e ./libs/fastapi", "option line"),
        ("--editable=git+https://index.invalid/fastapi.git#egg=fastapi", "option line"),
        ("https://index.invalid/packages/fastapi-0.95.1-py3-none-any.whl", "URL or local path"),
        ("./vendor/fastapi-0.95.1.tar.gz", "URL or local path"),
        ("fastapi @ https://index.invalid/packages/fastapi-0.95.1-py3-none-any.whl", "direct reference"),
        ("uvicorn==0.23.0", "is 'uvicorn', not 'fastapi'"),
        ("fastapi-users==12.0", "is 'fastapi-users', not 'fastapi'"),
        ("# fastapi==0.95.1", "no requirement"),
    ],
)
def test_requirements_lines_that_are_not_rewritten(checkout: Path, line: str, message: str) -> None:
    write_tree(checkout, {"requirements.txt": f"# deps\n{line}\n"})
    with pytest.raises(EditError, match=re.escape(message)) as e:
        plan_edit(
            checkout, ManifestKind.REQUIREMENTS, Location("requirements.txt", 2), "fastapi", "==0.108.0"
        )
    assert "requirements.txt:2" in str(e.value)


def test_specifier_continued_on_the_next_line_is_refused(checkout: Path) -> None:
    write_tree(checkout, {"requirements.txt": "fastapi>=0.90, \\\n    <0.96\n"})
    with pytest.raises(EditError, match=re.escape("requirements.txt:1")):
        plan(checkout, "requirements.txt", ManifestKind.REQUIREMENTS, "fastapi", "==0.108.0")


def test_bad_specifier_and_missing_line(checkout: Path) -> None:
    write_tree(checkout, {"requirements.txt": "fastapi==0.95.1\n"})
    with pytest.raises(EditError, match="not a PEP 440"):
        plan_edit(checkout, ManifestKind.REQUIREMENTS, Location("requirements.txt", 1), "fastapi", "0.108")
    with pytest.raises(EditError, match="no line 7"):
        plan_edit(checkout, ManifestKind.REQUIREMENTS, Location("requirements.txt", 7), "fastapi", "==1.0")
    with pytest.raises(EditError, match="already reads"):
        plan_edit(checkout, ManifestKind.REQUIREMENTS, Location("requirements.txt", 1), "fastapi", "==0.95.1")


def test_requirements_file_included_from_pyproject_is_edited_as_requirements(checkout: Path) -> None:
    write_tree(
        checkout,
        {
            "pyproject.toml": (
                '[project]\nname = "x"\nversion = "1"\ndynamic = ["dependencies"]\n\n'
                '[tool.setuptools.dynamic]\ndependencies = {file = ["requirements/base.txt"]}\n'
            ),
            "requirements/base.txt": "uvicorn\nfastapi==0.95.1\n",
        },
    )
    d = declared(checkout, "pyproject.toml", ManifestKind.PYPROJECT, "fastapi")
    assert d.location == Location("requirements/base.txt", 2)
    edit = plan_edit(checkout, ManifestKind.PYPROJECT, d.location, "fastapi", "==0.108.0")
    assert edit == Edit("requirements/base.txt", 2, "fastapi==0.95.1", "fastapi==0.108.0")


# -- pyproject.toml ---------------------------------------------------------------------------


PYPROJECT = """\
# The API service.
[build-system]
requires = ["setuptools>=68", "wheel"]
build-backend = "setuptools.build_meta"

[project]
name = "api"
version = "1.2.0"
requires-python = ">=3.9"
dependencies = [
    "uvicorn[standard]>=0.23",  # server
    'FastAPI [all] >=0.95, <0.96 ; python_version >= "3.8"',  # web framework

    "httpx",
]

[project.optional-dependencies]
web = ["jinja2>=3", "fastapi==0.95.1", "itsdangerous"]

[dependency-groups]
test = [
  "pytest>=8",
  "FastAPI==0.95.1",
]

[tool.ruff]
line-length = 110
"""


@pytest.mark.parametrize(
    ("group", "line", "old", "new"),
    [
        (
            None,
            12,
            """    'FastAPI [all] >=0.95, <0.96 ; python_version >= "3.8"',  # web framework""",
            """    'FastAPI [all] >=0.108.0 ; python_version >= "3.8"',  # web framework""",
        ),
        (
            "extra:web",
            18,
            'web = ["jinja2>=3", "fastapi==0.95.1", "itsdangerous"]',
            'web = ["jinja2>=3", "fastapi>=0.108.0", "itsdangerous"]',
        ),
        ("test", 23, '  "FastAPI==0.95.1",', '  "FastAPI>=0.108.0",'),
    ],
)
def test_pyproject_pep621_and_groups(
    checkout: Path, group: str | None, line: int, old: str, new: str
) -> None:
    write_tree(checkout, {"pyproject.toml": PYPROJECT})
    edit = plan(checkout, "pyproject.toml", ManifestKind.PYPROJECT, "fastapi", ">=0.108.0", group)
    assert edit == Edit("pyproject.toml", line, old, new)
    original = (checkout / "pyproject.toml").read_bytes()
    (result,) = apply_edits(checkout, [edit])
    assert result.ok, result.message
    assert (checkout / "pyproject.toml").read_bytes() == replaced(original, old.encode(), new.encode())


POETRY = """\
[tool.poetry]
name = "api"
version = "0.1.0"

[tool.poetry.dependencies]
python = "^3.9"
fastapi = "^0.95.1"  # web
Uvicorn = { version = "^0.23", extras = ["standard"] }
"starlette" = '0.26.1'
httpx.version = "~0.24"
Typing_Extensions = "^4.0"

[tool.poetry.group.dev.dependencies]
pytest = "^7"
fastapi = {extras = ["all"], version = "0.95.1"}

[tool.poetry.group.docs.dependencies.jinja2]
version = "^3.1"
optional = true

[build-system]
requires = ["poetry-core"]
build-backend = "poetry.core.masonry.api"
"""


@pytest.mark.parametrize(
    ("name", "group", "line", "old", "new"),
    [
        ("fastapi", None, 7, 'fastapi = "^0.95.1"  # web', 'fastapi = "==0.108.0"  # web'),
        (
            "uvicorn",
            None,
            8,
            'Uvicorn = { version = "^0.23", extras = ["standard"] }',
            'Uvicorn = { version = "==0.108.0", extras = ["standard"] }',
        ),
        ("starlette", None, 9, "\"starlette\" = '0.26.1'", "\"starlette\" = '==0.108.0'"),
        ("httpx", None, 10, 'httpx.version = "~0.24"', 'httpx.version = "==0.108.0"'),
        ("typing-extensions", None, 11, 'Typing_Extensions = "^4.0"', 'Typing_Extensions = "==0.108.0"'),
        (
            "fastapi",
            "dev",
            15,
            'fastapi = {extras = ["all"], version = "0.95.1"}',
            'fastapi = {extras = ["all"], version = "==0.108.0"}',
        ),
        ("jinja2", "docs", 18, 'version = "^3.1"', 'version = "==0.108.0"'),
    ],
)
def test_pyproject_poetry_forms(
    checkout: Path, name: str, group: str | None, line: int, old: str, new: str
) -> None:
    write_tree(checkout, {"pyproject.toml": POETRY})
    edit = plan(checkout, "pyproject.toml", ManifestKind.PYPROJECT, name, "==0.108.0", group)
    assert edit == Edit("pyproject.toml", line, old, new)


def test_poetry_vcs_dependency_and_non_entry_lines_are_refused(checkout: Path) -> None:
    write_tree(
        checkout,
        {
            "pyproject.toml": (
                '[tool.poetry.dependencies]\npython = "^3.9"\n'
                'fastapi = { git = "https://index.invalid/fastapi.git", tag = "0.95.1" }\n'
            )
        },
    )
    with pytest.raises(EditError, match=r"pyproject.toml:3: a VCS, path or URL dependency"):
        plan_edit(checkout, ManifestKind.PYPROJECT, Location("pyproject.toml", 3), "fastapi", "==0.108.0")
    with pytest.raises(EditError, match=r"pyproject.toml:2: no requirement for fastapi"):
        plan_edit(checkout, ManifestKind.PYPROJECT, Location("pyproject.toml", 2), "fastapi", "==0.108.0")


def test_pyproject_ambiguous_and_multiline_strings_are_refused(checkout: Path) -> None:
    write_tree(
        checkout,
        {
            "pyproject.toml": (
                '[project]\nname = "x"\nversion = "1"\n'
                "dependencies = [\"fastapi==0.95.1; python_version<'3.9'\", "
                "\"fastapi==0.99; python_version>='3.9'\"]\n"
                'description = """\nfastapi==0.95.1\n"""\n'
            )
        },
    )
    with pytest.raises(EditError, match="2 requirements for fastapi"):
        plan_edit(checkout, ManifestKind.PYPROJECT, Location("pyproject.toml", 4), "fastapi", "==0.108.0")
    with pytest.raises(EditError, match=re.escape("pyproject.toml:6")):
        plan_edit(checkout, ManifestKind.PYPROJECT, Location("pyproject.toml", 6), "fastapi", "==0.108.0")


# -- Pipfile ----------------------------------------------------------------------------------


PIPFILE = """\
[[source]]
url = "https://index.invalid/simple"
verify_ssl = true
name = "main"

[packages]
fastapi = "==0.95.1"
uvicorn = "*"
httpx = {version = "==0.24.1", extras = ["http2"]}
jinja2 = {extras = ["i18n"]}

[dev-packages.starlette]
extras = ["full"]
version = "==0.26.1"
"""


@pytest.mark.parametrize(
    ("name", "line", "old", "new"),
    [
        ("fastapi", 7, 'fastapi = "==0.95.1"', 'fastapi = "==0.108.0"'),
        ("uvicorn", 8, 'uvicorn = "*"', 'uvicorn = "==0.108.0"'),
        (
            "httpx",
            9,
            'httpx = {version = "==0.24.1", extras = ["http2"]}',
            'httpx = {version = "==0.108.0", extras = ["http2"]}',
        ),
        ("jinja2", 10, 'jinja2 = {extras = ["i18n"]}', 'jinja2 = {version = "==0.108.0", extras = ["i18n"]}'),
        ("starlette", 14, 'version = "==0.26.1"', 'version = "==0.108.0"'),
    ],
)
def test_pipfile_forms(checkout: Path, name: str, line: int, old: str, new: str) -> None:
    write_tree(checkout, {"Pipfile": PIPFILE})
    edit = plan(checkout, "Pipfile", ManifestKind.PIPFILE, name, "==0.108.0")
    assert edit == Edit("Pipfile", line, old, new)
    (result,) = apply_edits(checkout, [edit])
    assert result.ok
    manifest, errors = parse_pipfile(checkout, "Pipfile")
    assert errors == []
    assert next(d for d in manifest.requirements if d.name == name).exact_version == "0.108.0"


# -- setup.cfg --------------------------------------------------------------------------------


SETUP_CFG = """\
[metadata]
name = api

[options]
python_requires = >=3.9
install_requires =
    uvicorn>=0.23
    fastapi>=0.95,<0.96  # web
    # a comment line
    httpx

[options.extras_require]
web = jinja2; FastAPI[all]==0.95.1
"""


@pytest.mark.parametrize(
    ("group", "line", "old", "new"),
    [
        (None, 8, "    fastapi>=0.95,<0.96  # web", "    fastapi==0.108.0  # web"),
        ("extra:web", 13, "web = jinja2; FastAPI[all]==0.95.1", "web = jinja2; FastAPI[all]==0.108.0"),
    ],
)
def test_setup_cfg_forms(checkout: Path, group: str | None, line: int, old: str, new: str) -> None:
    write_tree(checkout, {"setup.cfg": SETUP_CFG})
    edit = plan(checkout, "setup.cfg", ManifestKind.SETUP_CFG, "fastapi", "==0.108.0", group)
    assert edit == Edit("setup.cfg", line, old, new)


def test_setup_cfg_value_on_the_key_line(checkout: Path) -> None:
    write_tree(checkout, {"setup.cfg": "[options]\ninstall_requires = fastapi==0.95.1\n"})
    edit = plan(checkout, "setup.cfg", ManifestKind.SETUP_CFG, "fastapi", "==0.108.0")
    assert edit.new == "install_requires = fastapi==0.108.0"


@pytest.mark.parametrize(
    ("relpath", "kind", "content"),
    [
        (
            "setup.py",
            ManifestKind.SETUP_PY,
            "from setuptools import setup\nsetup(install_requires=['fastapi==0.95.1'])\n",
        ),
        ("environment.yml", ManifestKind.CONDA, "dependencies:\n  - pip:\n    - fastapi==0.95.1\n"),
        ("poetry.lock", ManifestKind.POETRY_LOCK, '[[package]]\nname = "fastapi"\nversion = "0.95.1"\n'),
        ("uv.lock", ManifestKind.UV_LOCK, '[[package]]\nname = "fastapi"\nversion = "0.95.1"\n'),
    ],
)
def test_other_kinds_are_edited_by_hand(
    checkout: Path, relpath: str, kind: ManifestKind, content: str
) -> None:
    write_tree(checkout, {relpath: content})
    with pytest.raises(EditError, match="edit by hand") as e:
        plan_edit(checkout, kind, Location(relpath, 2), "fastapi", "==0.108.0")
    assert f"{relpath}:2" in str(e.value)


# -- applying: encodings, line endings, round trips ----------------------------------------------


def edit_and_apply(checkout: Path, relpath: str, kind: ManifestKind = ManifestKind.REQUIREMENTS) -> Applied:
    edit = plan(checkout, relpath, kind, "fastapi", "==0.108.0")
    (result,) = apply_edits(checkout, [edit])
    assert result.ok, result.message
    return result


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("crlf", b"uvicorn\r\nfastapi==0.95.1\r\nhttpx\r\n", b"uvicorn\r\nfastapi==0.108.0\r\nhttpx\r\n"),
        ("mixed", b"uvicorn\nfastapi==0.95.1\r\nhttpx\n", b"uvicorn\nfastapi==0.108.0\r\nhttpx\n"),
        ("no final newline", b"uvicorn\nfastapi==0.95.1", b"uvicorn\nfastapi==0.108.0"),
        (
            "utf-8 bom",
            codecs.BOM_UTF8 + "# café\r\nfastapi==0.95.1\r\n".encode(),
            codecs.BOM_UTF8 + "# café\r\nfastapi==0.108.0\r\n".encode(),
        ),
        (
            "utf-16 le bom",
            "# café\r\nfastapi==0.95.1\r\n".encode("utf-16"),
            "# café\r\nfastapi==0.108.0\r\n".encode("utf-16"),
        ),
        (
            "utf-16 be bom",
            codecs.BOM_UTF16_BE + "fastapi==0.95.1\nhttpx\n".encode("utf-16-be"),
            codecs.BOM_UTF16_BE + "fastapi==0.108.0\nhttpx\n".encode("utf-16-be"),
        ),
    ],
)
def test_encoding_and_line_endings_are_kept(checkout: Path, name: str, data: bytes, expected: bytes) -> None:
    write_tree(checkout, {"requirements.txt": data})
    result = edit_and_apply(checkout, "requirements.txt")
    assert (checkout / "requirements.txt").read_bytes() == expected
    assert "fastapi==0.95.1 -> fastapi==0.108.0" in result.message


def test_crlf_pyproject_round_trip(checkout: Path) -> None:
    original = PYPROJECT.replace("\n", "\r\n").encode()
    write_tree(checkout, {"pyproject.toml": original})
    edit = plan(checkout, "pyproject.toml", ManifestKind.PYPROJECT, "fastapi", "==0.108.0", "test")
    assert apply_edits(checkout, [edit])[0].ok
    expected = replaced(original, b'"FastAPI==0.95.1",\r\n', b'"FastAPI==0.108.0",\r\n')
    assert (checkout / "pyproject.toml").read_bytes() == expected


REQUIREMENTS = """\
# Production dependencies of the API.
#   Update with care: see docs/deps.md
-r base.txt
--extra-index-url https://index.invalid/simple

uvicorn[standard]==0.23.2   # server
FastAPI==0.95.1  # web framework; caps starlette
pydantic>=1.10,<2

# tooling
httpx ; python_version >= "3.8"
"""


def test_requirements_round_trip_is_byte_identical_but_one_line(checkout: Path) -> None:
    write_tree(checkout, {"services/api/requirements.txt": REQUIREMENTS, "services/api/base.txt": "anyio\n"})
    os.chmod(checkout / "services/api/requirements.txt", 0o640)
    original = (checkout / "services/api/requirements.txt").read_bytes()
    result = edit_and_apply(checkout, "services/api/requirements.txt")
    assert result.message == "services/api/requirements.txt:7: FastAPI==0.95.1 -> FastAPI==0.108.0"
    after = (checkout / "services/api/requirements.txt").read_bytes()
    assert after == replaced(original, b"FastAPI==0.95.1  #", b"FastAPI==0.108.0  #")
    assert stat.S_IMODE((checkout / "services/api/requirements.txt").stat().st_mode) == 0o640
    assert [p.name for p in (checkout / "services/api").iterdir() if p.name.startswith(".")] == []


def test_pyproject_round_trip_is_byte_identical_but_one_line(checkout: Path) -> None:
    write_tree(checkout, {"pyproject.toml": PYPROJECT})
    original = (checkout / "pyproject.toml").read_bytes()
    edit = plan(checkout, "pyproject.toml", ManifestKind.PYPROJECT, "fastapi", "==0.108.0", None)
    assert apply_edits(checkout, [edit])[0].ok
    after = (checkout / "pyproject.toml").read_bytes()
    assert after == replaced(original, b"'FastAPI [all] >=0.95, <0.96 ;", b"'FastAPI [all] ==0.108.0 ;")
    manifest, errors = parse_pyproject(checkout, "pyproject.toml")
    assert errors == []
    main = next(d for d in manifest.requirements if d.name == "fastapi" and d.group is None)
    assert main.exact_version == "0.108.0"


def test_second_apply_of_the_same_edit_is_refused(checkout: Path) -> None:
    write_tree(checkout, {"requirements.txt": REQUIREMENTS, "base.txt": "anyio\n"})
    edit = plan(checkout, "requirements.txt", ManifestKind.REQUIREMENTS, "fastapi", "==0.108.0")
    assert apply_edits(checkout, [edit])[0].ok
    once = (checkout / "requirements.txt").read_bytes()
    (again,) = apply_edits(checkout, [edit])
    assert not again.ok
    assert again.message.startswith("requirements.txt:7: not applied: the line now reads")
    assert (checkout / "requirements.txt").read_bytes() == once


def test_several_edits_in_several_files(checkout: Path) -> None:
    write_tree(
        checkout, {"requirements.txt": REQUIREMENTS, "base.txt": "anyio\n", "pyproject.toml": PYPROJECT}
    )
    edits = [
        plan(checkout, "requirements.txt", ManifestKind.REQUIREMENTS, "fastapi", "==0.108.0"),
        plan(checkout, "pyproject.toml", ManifestKind.PYPROJECT, "fastapi", ">=0.108.0", "extra:web"),
        plan(checkout, "requirements.txt", ManifestKind.REQUIREMENTS, "pydantic", ">=2"),
        Edit("requirements.txt", 1, "# not what line 1 says", "# x"),
        plan(checkout, "pyproject.toml", ManifestKind.PYPROJECT, "fastapi", ">=0.108.0", "test"),
    ]
    results = apply_edits(checkout, edits)
    assert [r.edit for r in results] == edits
    assert [r.ok for r in results] == [True, True, True, False, True]
    text = (checkout / "requirements.txt").read_text()
    assert text == REQUIREMENTS.replace("FastAPI==0.95.1", "FastAPI==0.108.0").replace(
        "pydantic>=1.10,<2", "pydantic>=2"
    )
    toml = (checkout / "pyproject.toml").read_text()
    assert toml == PYPROJECT.replace('"fastapi==0.95.1"', '"fastapi>=0.108.0"').replace(
        '"FastAPI==0.95.1"', '"FastAPI>=0.108.0"'
    )


def test_symlink_out_of_the_checkout_is_refused(checkout: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("fastapi==0.95.1\n")
    (checkout / "requirements.txt").symlink_to(outside)
    edit = Edit("requirements.txt", 1, "fastapi==0.95.1", "fastapi==0.108.0")
    (result,) = apply_edits(checkout, [edit])
    assert not result.ok
    assert "symlink points outside the checkout" in result.message
    assert outside.read_text() == "fastapi==0.95.1\n"
    with pytest.raises(EditError, match="outside the checkout"):
        plan_edit(
            checkout, ManifestKind.REQUIREMENTS, Location("requirements.txt", 1), "fastapi", "==0.108.0"
        )
    (escaped,) = apply_edits(checkout, [Edit("../elsewhere.txt", 1, "fastapi==0.95.1", "fastapi==0.108.0")])
    assert not escaped.ok
    assert outside.read_text() == "fastapi==0.95.1\n"


def test_symlink_inside_the_checkout_edits_its_target(checkout: Path) -> None:
    write_tree(checkout, {"real/requirements.txt": "fastapi==0.95.1\n"})
    (checkout / "requirements.txt").symlink_to("real/requirements.txt")
    edit_and_apply(checkout, "requirements.txt")
    assert (checkout / "requirements.txt").is_symlink()
    assert (checkout / "real/requirements.txt").read_text() == "fastapi==0.108.0\n"


# -- hashes -------------------------------------------------------------------------------------


UV_HEADER = """\
# This file was autogenerated by uv via the following command:
#    uv pip compile requirements.in --generate-hashes -o requirements.txt
"""

HASHED = f"""\
anyio==3.7.1 \\
    --hash={HASH_A}
    # via starlette
fastapi==0.95.1 \\
    --hash={HASH_A} \\
    --hash={HASH_B} \\
    --hash={HASH_C}
    # via -r requirements.in
starlette==0.26.1 \\
    --hash={HASH_B}
    # via fastapi
"""


def test_hash_lines_are_regenerated_through_the_callback(checkout: Path) -> None:
    write_tree(checkout, {"requirements.txt": (UV_HEADER + HASHED).replace("\n", "\r\n")})
    asked: list[str] = []

    def hashes(requirement: str) -> list[str]:
        asked.append(requirement)
        return [NEW_1, NEW_2]

    edit = plan(checkout, "requirements.txt", ManifestKind.REQUIREMENTS, "fastapi", "==0.108.0")
    (result,) = apply_edits(checkout, [edit], hashes)
    assert result.ok
    assert asked == ["fastapi==0.108.0"]
    assert result.message == "requirements.txt:6: fastapi==0.95.1 -> fastapi==0.108.0 (2 hashes regenerated)"
    expected = (
        UV_HEADER
        + HASHED.replace(
            f"fastapi==0.95.1 \\\n    --hash={HASH_A} \\\n    --hash={HASH_B} \\\n    --hash={HASH_C}\n",
            f"fastapi==0.108.0 \\\n    --hash={NEW_1} \\\n    --hash={NEW_2}\n",
        )
    ).replace("\n", "\r\n")
    assert (checkout / "requirements.txt").read_bytes() == expected.encode()


def test_two_hashed_edits_in_one_file_whose_hash_blocks_change_length(checkout: Path) -> None:
    write_tree(checkout, {"requirements.txt": UV_HEADER + HASHED})
    edits = [
        plan(checkout, "requirements.txt", ManifestKind.REQUIREMENTS, "anyio", "==4.2.0"),
        plan(checkout, "requirements.txt", ManifestKind.REQUIREMENTS, "fastapi", "==0.108.0"),
    ]
    new = {"anyio==4.2.0": [NEW_1, NEW_2], "fastapi==0.108.0": [NEW_2]}
    results = apply_edits(checkout, edits, lambda requirement: new[requirement])
    assert [r.ok for r in results] == [True, True]
    assert results[0].message.endswith("(2 hashes regenerated)")
    assert results[1].message.endswith("(1 hash regenerated)")
    assert (checkout / "requirements.txt").read_text() == UV_HEADER + (
        f"anyio==4.2.0 \\\n    --hash={NEW_1} \\\n    --hash={NEW_2}\n    # via starlette\n"
        f"fastapi==0.108.0 \\\n    --hash={NEW_2}\n    # via -r requirements.in\n"
        f"starlette==0.26.1 \\\n    --hash={HASH_B}\n    # via fastapi\n"
    )


def test_inline_hashes_are_regenerated(checkout: Path) -> None:
    write_tree(
        checkout, {"requirements.txt": f"fastapi==0.95.1 --hash={HASH_A} --hash={HASH_B}  # api\nhttpx\n"}
    )
    edit = plan(checkout, "requirements.txt", ManifestKind.REQUIREMENTS, "fastapi", "==0.108.0")
    (result,) = apply_edits(checkout, [edit], lambda requirement: [NEW_1])
    assert result.ok
    assert (checkout / "requirements.txt").read_text() == f"fastapi==0.108.0 --hash={NEW_1}  # api\nhttpx\n"


def test_without_callback_hashes_stay_and_the_message_says_how_to_regenerate(checkout: Path) -> None:
    write_tree(checkout, {"requirements.txt": UV_HEADER + HASHED})
    edit = plan(checkout, "requirements.txt", ManifestKind.REQUIREMENTS, "fastapi", "==0.108.0")
    (result,) = apply_edits(checkout, [edit])
    assert result.ok
    assert (checkout / "requirements.txt").read_text() == UV_HEADER + HASHED.replace(
        "fastapi==0.95.1 \\", "fastapi==0.108.0 \\"
    )
    assert "--hash values no longer match and must be regenerated" in result.message
    assert "`uv pip compile requirements.in --generate-hashes -o requirements.txt`" in result.message


def test_failing_callback_leaves_hashes_and_names_the_pip_compile_command(checkout: Path) -> None:
    header = (
        "#\n# This file is autogenerated by pip-compile with Python 3.11\n# by the following command:\n#\n"
        "#    pip-compile --generate-hashes --output-file=requirements.txt requirements.in\n#\n"
    )
    write_tree(checkout, {"requirements.txt": header + HASHED})

    def hashes(requirement: str) -> list[str]:
        raise HashError("index unreachable")

    edit = plan(checkout, "requirements.txt", ManifestKind.REQUIREMENTS, "fastapi", "==0.108.0")
    (result,) = apply_edits(checkout, [edit], hashes)
    assert result.ok
    assert (checkout / "requirements.txt").read_text() == header + HASHED.replace(
        "fastapi==0.95.1 \\", "fastapi==0.108.0 \\"
    )
    assert "`pip-compile --generate-hashes --output-file=requirements.txt requirements.in`" in result.message
    assert "index unreachable" in result.message


# -- diff ---------------------------------------------------------------------------------------


def test_diff_is_a_unified_diff_that_patch_applies(checkout: Path) -> None:
    write_tree(checkout, {"services/api/requirements.txt": REQUIREMENTS, "services/api/base.txt": "anyio\n"})
    edit = plan(checkout, "services/api/requirements.txt", ManifestKind.REQUIREMENTS, "fastapi", "==0.108.0")
    text = diff(edit)
    lines = text.splitlines()
    assert lines[0] == "--- a/services/api/requirements.txt"
    assert lines[1] == "+++ b/services/api/requirements.txt"
    assert re.fullmatch(r"@@ -7,1 \+7,1 @@", lines[2])
    assert lines[3:] == [
        "-FastAPI==0.95.1  # web framework; caps starlette",
        "+FastAPI==0.108.0  # web framework; caps starlette",
    ]
    if shutil.which("patch") is None:
        return
    subprocess.run(["patch", "-p1", "--quiet"], input=text, text=True, cwd=checkout, check=True)
    assert (checkout / "services/api/requirements.txt").read_text() == REQUIREMENTS.replace(
        "FastAPI==0.95.1", "FastAPI==0.108.0"
    )


# -- hashes_with_uv against a stand-in uv (a real process) --------------------------------------


FAKE_UV = f"""\
#!{sys.executable}
import json, os, sys
with open(os.environ["FAKE_UV_LOG"], "w") as fh:
    source = next(a for a in sys.argv if a.endswith(".in"))
    index = os.environ.get("UV_INDEX_URL")
    json.dump({{"argv": sys.argv[1:], "index": index, "requirements": open(source).read()}}, fh)
if "fail" in os.environ.get("UV_INDEX_URL", ""):
    print("error: failed to fetch https://user:secret@index.invalid/simple/fastapi/", file=sys.stderr)
    sys.exit(2)
print("fastapi==0.108.0 \\\\\\n    --hash={NEW_1} \\\\\\n    --hash={NEW_2}")
"""


def test_hashes_with_uv_passes_the_index_through_the_environment(tmp_path: Path) -> None:
    uv = tmp_path / "uv"
    uv.write_text(FAKE_UV)
    uv.chmod(0o755)
    log = tmp_path / "log.json"
    env = {**os.environ, "FAKE_UV_LOG": str(log)}
    index = "https://user:secret@index.invalid/simple"
    compute = hashes_with_uv(str(uv), env, index, "3.11")
    assert compute("fastapi==0.108.0") == [NEW_1, NEW_2]
    seen = json.loads(log.read_text())
    assert seen["index"] == index
    assert not any("index.invalid" in a for a in seen["argv"])
    assert seen["argv"][:6] == [
        "pip",
        "compile",
        "--no-config",
        "--no-deps",
        "--generate-hashes",
        "--no-build",
    ]
    assert seen["argv"][-2:] == ["--python-version", "3.11"]
    assert seen["requirements"] == "fastapi==0.108.0\n"

    failing = hashes_with_uv(str(uv), env, "https://user:secret@fail.invalid/simple", None)
    with pytest.raises(HashError) as e:
        failing("fastapi==0.108.0")
    assert "secret" not in str(e.value)
    with pytest.raises(HashError, match="not a requirement"):
        compute("-r /etc/passwd")
