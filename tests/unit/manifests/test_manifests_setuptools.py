from __future__ import annotations

import codecs
import configparser
import tempfile
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from packaging.requirements import Requirement

from starlette_2093_check.manifests.setuptools import parse_setup_cfg, parse_setup_py, read_setup_py
from starlette_2093_check.model import Declared, Manifest, ManifestKind, ScanError

Tree = Callable[[dict[str, str | bytes]], Path]

RUN_TIME = "is computed at run time and cannot be read without executing setup.py"


def reqs(declared: tuple[Declared, ...]) -> list[tuple[str, str, str, str | None]]:
    return [(d.name, d.requirement, str(d.location), d.group) for d in declared]


def where(errors: list[ScanError]) -> list[tuple[str, int | None]]:
    return [(e.file, e.line) for e in errors]


# ------------------------------------------------------------------------------------------- setup.cfg

SETUP_CFG = """\
[metadata]
name = svc
version = 1.0

[options]
packages = find:
python_requires = >=3.9
install_requires =
    fastapi==0.100.1
    # the web framework
    Starlette==0.27.0  # pinned: see starlette#2093

    uvicorn[standard]>=0.20; python_version >= "3.9"
; a comment between options
zip_safe = False

[options.extras_require]
test =
    pytest==7.4.0
    httpx>=0.24
docs = sphinx==7.0.1

[flake8]
max-line-length = 110
"""


def test_setup_cfg_install_requires_extras_and_python_requires(tree: Tree) -> None:
    checkout = tree({"setup.cfg": SETUP_CFG})
    manifest, errors = parse_setup_cfg(checkout, "setup.cfg")
    assert errors == []
    assert manifest.kind is ManifestKind.SETUP_CFG
    assert manifest.path == "setup.cfg"
    assert manifest.requires_python == ">=3.9"
    assert manifest.includes == ()
    assert reqs(manifest.requirements) == [
        ("fastapi", "fastapi==0.100.1", "setup.cfg:9", None),
        ("starlette", "Starlette==0.27.0", "setup.cfg:11", None),
        ("uvicorn", 'uvicorn[standard]>=0.20; python_version >= "3.9"', "setup.cfg:13", None),
        ("pytest", "pytest==7.4.0", "setup.cfg:19", "extra:test"),
        ("httpx", "httpx>=0.24", "setup.cfg:20", "extra:test"),
        ("sphinx", "sphinx==7.0.1", "setup.cfg:21", "extra:docs"),
    ]
    assert manifest.requirements[1].exact_version == "0.27.0"


def test_setup_cfg_first_value_on_the_key_line_and_deeper_continuations(tree: Tree) -> None:
    text = "[options]\ninstall_requires = starlette==0.27.0\n  anyio>=3.4,\\\n    <5\n\tuvicorn\n"
    checkout = tree({"setup.cfg": text})
    manifest, errors = parse_setup_cfg(checkout, "setup.cfg")
    assert errors == []
    assert reqs(manifest.requirements) == [
        ("starlette", "starlette==0.27.0", "setup.cfg:2", None),
        ("anyio", "anyio<5,>=3.4", "setup.cfg:3", None),
        ("uvicorn", "uvicorn", "setup.cfg:5", None),
    ]


def test_setup_cfg_single_line_value_is_split_at_semicolons(tree: Tree) -> None:
    text = "[options]\ninstall_requires = starlette==0.27.0; anyio\n"
    manifest, errors = parse_setup_cfg(tree({"setup.cfg": text}), "setup.cfg")
    assert errors == []
    assert reqs(manifest.requirements) == [
        ("starlette", "starlette==0.27.0", "setup.cfg:2", None),
        ("anyio", "anyio", "setup.cfg:2", None),
    ]


def test_setup_cfg_marker_on_a_single_line_is_an_error_with_a_hint(tree: Tree) -> None:
    text = '[options]\nname = x\ninstall_requires = anyio; python_version < "3.11"\n'
    manifest, errors = parse_setup_cfg(tree({"setup.cfg": text}), "setup.cfg")
    assert reqs(manifest.requirements) == [("anyio", "anyio", "setup.cfg:3", None)]
    assert where(errors) == [("setup.cfg", 3)]
    assert errors[0].message.startswith("invalid requirement 'python_version < \"3.11\"': ")
    assert errors[0].message.endswith(
        "(a value on one line is split at ';': put each requirement on its own indented line)"
    )


def test_setup_cfg_dashed_key_duplicate_sections_and_keys_keep_the_last(tree: Tree) -> None:
    text = (
        "[options]\n"
        "install_requires =\n"
        "    starlette==0.26.1\n"
        "[metadata]\n"
        "name = x\n"
        "[options]\n"
        "install-requires =\n"
        "    starlette==0.27.0\n"
        "python_requires = >=3.8\n"
    )
    manifest, errors = parse_setup_cfg(tree({"setup.cfg": text}), "setup.cfg")
    assert errors == []
    assert reqs(manifest.requirements) == [("starlette", "starlette==0.27.0", "setup.cfg:8", None)]
    assert manifest.requires_python == ">=3.8"


def test_setup_cfg_file_directive_reads_requirements_files(tree: Tree) -> None:
    checkout = tree(
        {
            "pkg/setup.cfg": (
                "[options]\n"
                "install_requires = file: requirements.txt, requirements/extra.in\n"
                "[options.extras_require]\n"
                "dev = file: requirements/dev.txt\n"
            ),
            "pkg/requirements.txt": "# runtime\nstarlette==0.27.0\n--extra-index-url https://pypi.example.com/simple\n",
            "pkg/requirements/extra.in": "anyio\n",
            "pkg/requirements/dev.txt": "-r ../requirements.txt\npytest==7.4.0\n",
        }
    )
    manifest, errors = parse_setup_cfg(checkout, "pkg/setup.cfg")
    assert errors == []
    assert reqs(manifest.requirements) == [
        ("starlette", "starlette==0.27.0", "pkg/requirements.txt:2", None),
        ("anyio", "anyio", "pkg/requirements/extra.in:1", None),
        ("starlette", "starlette==0.27.0", "pkg/requirements.txt:2", "extra:dev"),
        ("pytest", "pytest==7.4.0", "pkg/requirements/dev.txt:2", "extra:dev"),
    ]
    assert manifest.includes == (
        "pkg/requirements.txt",
        "pkg/requirements/extra.in",
        "pkg/requirements/dev.txt",
    )
    assert [(i.url, str(i.location)) for i in manifest.indexes] == [
        ("https://pypi.example.com/simple", "pkg/requirements.txt:3")
    ]


def test_setup_cfg_file_directive_missing_or_outside_its_directory(tree: Tree) -> None:
    checkout = tree(
        {
            "requirements.txt": "starlette\n",
            "pkg/setup.cfg": (
                "[options]\ninstall_requires = file: missing.txt, ../requirements.txt, /etc/passwd\n"
            ),
        }
    )
    manifest, errors = parse_setup_cfg(checkout, "pkg/setup.cfg")
    assert manifest.requirements == ()
    assert manifest.includes == ()
    assert errors == [
        ScanError("pkg/setup.cfg", "install_requires = file: missing.txt: file not found", 2),
        ScanError(
            "pkg/setup.cfg",
            "refused: install_requires = file: ../requirements.txt is outside the directory of setup.cfg",
            2,
        ),
        ScanError(
            "pkg/setup.cfg",
            "refused: install_requires = file: /etc/passwd is outside the directory of setup.cfg",
            2,
        ),
    ]


def test_setup_cfg_without_options_is_an_empty_valid_manifest(tree: Tree) -> None:
    text = (
        "[flake8]\nmax-line-length = 100\nexclude =\n    .git,\n    build\n\n[tool:pytest]\naddopts = -ra\n"
    )
    manifest, errors = parse_setup_cfg(tree({"setup.cfg": text}), "setup.cfg")
    assert errors == []
    assert manifest.requirements == ()
    assert manifest.requires_python is None


def test_setup_cfg_empty_file(tree: Tree) -> None:
    manifest, errors = parse_setup_cfg(tree({"setup.cfg": ""}), "setup.cfg")
    assert errors == []
    assert manifest.requirements == ()


def test_setup_cfg_text_before_any_section_is_an_error_at_its_line(tree: Tree) -> None:
    text = "# comment\n\ninstall_requires = starlette\n[options]\n"
    manifest, errors = parse_setup_cfg(tree({"setup.cfg": text}), "setup.cfg")
    assert manifest.requirements == ()
    assert errors == [
        ScanError(
            "setup.cfg",
            "invalid setup.cfg: line 3 comes before any [section] header: 'install_requires = starlette'",
            3,
        )
    ]


def test_setup_cfg_invalid_lines_are_errors_and_the_rest_is_read(tree: Tree) -> None:
    text = "[options]\nthis line has no delimiter\ninstall_requires =\n    starlette==0.27.0\nalso bad\n"
    manifest, errors = parse_setup_cfg(tree({"setup.cfg": text}), "setup.cfg")
    assert reqs(manifest.requirements) == [("starlette", "starlette==0.27.0", "setup.cfg:4", None)]
    assert errors == [
        ScanError(
            "setup.cfg",
            "invalid setup.cfg line 'this line has no delimiter': "
            "not a [section], 'key = value' or indented continuation",
            2,
        ),
        ScanError(
            "setup.cfg",
            "invalid setup.cfg line 'also bad': not a [section], 'key = value' or indented continuation",
            5,
        ),
    ]


def test_setup_cfg_many_invalid_lines_are_capped(tree: Tree) -> None:
    text = "[options]\n" + "junk\n" * 60
    _, errors = parse_setup_cfg(tree({"setup.cfg": text}), "setup.cfg")
    assert len(errors) == 51
    assert errors[49].line == 51
    assert errors[50] == ScanError("setup.cfg", "10 more invalid lines not listed", 52)


def test_setup_cfg_invalid_requirement_and_python_requires(tree: Tree) -> None:
    text = (
        "[options]\npython_requires = >=three\ninstall_requires =\n    starlette==0.27.0\n    not valid !!\n"
    )
    manifest, errors = parse_setup_cfg(tree({"setup.cfg": text}), "setup.cfg")
    assert reqs(manifest.requirements) == [("starlette", "starlette==0.27.0", "setup.cfg:4", None)]
    assert manifest.requires_python is None
    assert where(errors) == [("setup.cfg", 5), ("setup.cfg", 2)]
    assert errors[0].message.startswith("invalid requirement 'not valid !!': ")
    assert errors[1].message == "python_requires '>=three' is not a version specifier"


def test_setup_cfg_utf8_bom_crlf_and_utf16(tree: Tree) -> None:
    text = "[options]\r\ninstall_requires =\r\n    starlette==0.27.0\r\n"
    checkout = tree({"a/setup.cfg": codecs.BOM_UTF8 + text.encode(), "b/setup.cfg": text.encode("utf-16")})
    for relpath in ("a/setup.cfg", "b/setup.cfg"):
        manifest, errors = parse_setup_cfg(checkout, relpath)
        assert errors == []
        assert reqs(manifest.requirements) == [("starlette", "starlette==0.27.0", f"{relpath}:3", None)]


def test_setup_cfg_binary_and_missing_files(tree: Tree) -> None:
    checkout = tree({"setup.cfg": b"[options]\x00\xff"})
    manifest, errors = parse_setup_cfg(checkout, "setup.cfg")
    assert manifest.requirements == ()
    assert errors == [ScanError("setup.cfg", "not a text file (contains NUL bytes)", 1)]
    _, errors = parse_setup_cfg(checkout, "other/setup.cfg")
    assert errors == [ScanError("other/setup.cfg", "file not found")]


SETUP_CFG_INTERPOLATED = """\
[DEFAULT]
web = fastapi==0.95.0
base =
    %(web)s
    anyio>=3.4,<4

[metadata]
name = %(pkg)s-svc
pkg = acme

[options]
py = 3.8
python_requires = >=%(py)s
server = uvicorn
install_requires =
    %(base)s
    %(server)s[standard]==0.22.0
    pydantic<2 ; python_version >= "%(py)s"
    discount @ https://example.com/discount-1.0.tar.gz?x=%%41

[options.extras_require]
all = %(base)s
"""


def _as_setuptools_reads(text: str, section: str, key: str) -> list[str]:
    """The requirement strings setuptools gets: ConfigParser() with its interpolation, then its list split."""
    parser = configparser.ConfigParser()
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(text)
    value = parser.get(section, key)
    pieces = value.splitlines() if "\n" in value else value.split(";")
    return [p.strip() for p in pieces if p.strip() and not p.strip().startswith("#")]


def test_setup_cfg_interpolation_is_read_as_setuptools_reads_it_and_keeps_each_line(tree: Tree) -> None:
    manifest, errors = parse_setup_cfg(tree({"setup.cfg": SETUP_CFG_INTERPOLATED}), "setup.cfg")
    assert errors == []
    assert manifest.project_name == "acme-svc"
    assert manifest.requires_python == ">=3.8"
    main = [d for d in manifest.requirements if d.group is None]
    assert [d.requirement for d in main] == [
        "fastapi==0.95.0",
        "anyio<4,>=3.4",
        "uvicorn[standard]==0.22.0",
        'pydantic<2; python_version >= "3.8"',
        "discount @ https://example.com/discount-1.0.tar.gz?x=%41",
    ]
    # the same requirements setuptools would install, one for one
    oracle = _as_setuptools_reads(SETUP_CFG_INTERPOLATED, "options", "install_requires")
    assert [Requirement(d.requirement) for d in main] == [Requirement(r) for r in oracle]
    # A line that is one whole reference takes the lines the requirements are written on: an
    # edit of fastapi goes to line 2, where `fastapi==0.95.0` is. Other lines keep their own.
    assert [(d.name, str(d.location)) for d in manifest.requirements] == [
        ("fastapi", "setup.cfg:2"),
        ("anyio", "setup.cfg:5"),
        ("uvicorn", "setup.cfg:17"),
        ("pydantic", "setup.cfg:18"),
        ("discount", "setup.cfg:19"),
        ("fastapi", "setup.cfg:2"),
        ("anyio", "setup.cfg:5"),
        ("fastapi", "setup.cfg:2"),
        ("fastapi", "setup.cfg:2"),
        ("anyio", "setup.cfg:5"),
    ]
    # [DEFAULT]'s options are options of every section, so setuptools has the extras web and base too
    extras = [d.group for d in manifest.requirements[5:]]
    assert extras == ["extra:all", "extra:all", "extra:web", "extra:base", "extra:base"]
    base = [Requirement(d.requirement) for d in manifest.requirements if d.group == "extra:base"]
    assert base == [
        Requirement(r) for r in _as_setuptools_reads(SETUP_CFG_INTERPOLATED, "options.extras_require", "base")
    ]
    assert main[0].exact_version == "0.95.0"


def test_setup_cfg_interpolation_in_a_one_line_value_and_file_directives(tree: Tree) -> None:
    text = (
        "[options]\n"  # 1
        "dir = reqs\n"  # 2: [options]' own option wins over [DEFAULT]'s
        "pins = starlette==0.27.0; anyio\n"  # 3
        "install_requires = %(pins)s\n"  # 4
        "[options.extras_require]\n"  # 5
        "dev = file: %(dir)s/dev.txt\n"  # 6: another section sees only its own and [DEFAULT]'s
        "base = file: %(dir)s/base.txt\n"  # 7
        "[DEFAULT]\n"  # 8
        "dir = shared\n"  # 9
    )
    files = {"setup.cfg": text, "shared/dev.txt": "pytest==7.4.0\n", "shared/base.txt": "httpx\n"}
    manifest, errors = parse_setup_cfg(tree(files), "setup.cfg")
    assert errors == []
    assert reqs(manifest.requirements) == [
        ("starlette", "starlette==0.27.0", "setup.cfg:3", None),
        ("anyio", "anyio", "setup.cfg:3", None),
        ("pytest", "pytest==7.4.0", "shared/dev.txt:1", "extra:dev"),
        ("httpx", "httpx", "shared/base.txt:1", "extra:base"),
        # [DEFAULT]'s options are options of every section: setuptools takes `dir` as an extra too
        ("shared", "shared", "setup.cfg:9", "extra:dir"),
    ]
    assert manifest.includes == ("shared/dev.txt", "shared/base.txt")


def test_setup_cfg_bad_interpolation_is_an_error_at_its_line_and_the_rest_is_read(tree: Tree) -> None:
    text = (
        "[options]\n"  # 1
        "install_requires =\n"  # 2
        "    fastapi==%(missing)s\n"  # 3
        "    starlette @ https://example.com/starlette-0.27.0.tar.gz?x=%41\n"  # 4
        "    anyio\n"  # 5
        "    %(loop)s\n"  # 6
        "loop = %(loop)s\n"  # 7
        "python_requires = >=%(py\n"  # 8
    )
    manifest, errors = parse_setup_cfg(tree({"setup.cfg": text}), "setup.cfg")
    assert reqs(manifest.requirements) == [("anyio", "anyio", "setup.cfg:5", None)]
    assert manifest.requires_python is None
    how = "(setuptools reads setup.cfg with %-interpolation; write %% for a literal %)"
    assert errors == [
        ScanError(
            "setup.cfg", f"install_requires: %(missing)s names no option of [options] or [DEFAULT] {how}", 3
        ),
        ScanError(
            "setup.cfg",
            "install_requires: invalid %-interpolation: '%' must be followed by '%' or '(', found: '%41' "
            + how,
            4,
        ),
        ScanError(
            "setup.cfg",
            "loop: its %(...)s references nest more than 10 deep (a reference to itself?)",
            7,
        ),
        ScanError(
            "setup.cfg",
            "python_requires: invalid %-interpolation: bad interpolation variable reference '%(py' " + how,
            8,
        ),
    ]


def test_setup_cfg_references_that_expand_without_bound_are_refused(tree: Tree) -> None:
    lines = ["[DEFAULT]", "a0 = starlette"]  # 1, 2
    lines += [f"a{i} = {f'%(a{i - 1})s' * 10}" for i in range(1, 10)]  # 3-11: 10**9 copies
    lines += [f"b{i} =" + f"\n    %(b{i - 1})s" * 10 for i in range(1, 10)]  # 12-110, lines of lines
    lines += ["b0 = httpx", "[options]", "install_requires ="]  # 111-113
    lines += ["    %(a9)s", "    %(b9)s", "    %(b2)s", "    anyio"]  # 114-117
    manifest, errors = parse_setup_cfg(tree({"setup.cfg": "\n".join(lines) + "\n"}), "setup.cfg")
    assert [d.name for d in manifest.requirements] == ["httpx", "anyio"]  # b2: 100 lines, one package
    message = "install_requires: its %(...)s references expand to more than 1 MB"
    assert errors == [ScanError("setup.cfg", message, 114), ScanError("setup.cfg", message, 115)]


# -------------------------------------------------------------------------------------------- setup.py

SETUP_PY_LITERAL = """\
from setuptools import find_packages, setup

setup(
    name="svc",
    packages=find_packages(),
    python_requires=">=3.9",
    install_requires=[
        "fastapi==0.100.1",
        # the web framework
        "Starlette==0.27.0",
        'uvicorn[standard]>=0.20; python_version >= "3.9"',
    ],
    extras_require={
        "test": ["pytest==7.4.0", "httpx>=0.24"],
        "win:sys_platform == 'win32'": ["colorama"],
        ":python_version < '3.11'": ["exceptiongroup"],
    },
)
"""


def test_setup_py_literal_lists_with_their_lines(tree: Tree) -> None:
    manifest, errors = parse_setup_py(tree({"setup.py": SETUP_PY_LITERAL}), "setup.py")
    assert errors == []
    assert manifest.kind is ManifestKind.SETUP_PY
    assert manifest.requires_python == ">=3.9"
    assert manifest.includes == ()
    assert reqs(manifest.requirements) == [
        ("fastapi", "fastapi==0.100.1", "setup.py:8", None),
        ("starlette", "Starlette==0.27.0", "setup.py:10", None),
        ("uvicorn", 'uvicorn[standard]>=0.20; python_version >= "3.9"', "setup.py:11", None),
        ("pytest", "pytest==7.4.0", "setup.py:14", "extra:test"),
        ("httpx", "httpx>=0.24", "setup.py:14", "extra:test"),
        ("colorama", 'colorama; sys_platform == "win32"', "setup.py:15", "extra:win"),
        ("exceptiongroup", 'exceptiongroup; python_version < "3.11"', "setup.py:16", None),
    ]


def test_setup_py_is_never_executed(tree: Tree) -> None:
    text = (
        "import pathlib\n"
        "pathlib.Path('executed').write_text('yes')\n"
        "raise SystemExit(1)\n"
        "import setuptools\n"
        "setuptools.setup(install_requires=['starlette==0.27.0'])\n"
    )
    checkout = tree({"setup.py": text})
    manifest, errors = parse_setup_py(checkout, "setup.py")
    assert errors == []
    assert reqs(manifest.requirements) == [("starlette", "starlette==0.27.0", "setup.py:5", None)]
    assert not (checkout / "executed").exists()


def test_setup_py_names_concatenation_and_the_last_binding_before_the_call(tree: Tree) -> None:
    text = (
        "from setuptools import setup as _setup\n"  # 1
        "BASE = ['anyio']\n"  # 2
        "BASE = ['starlette==0.27.0']\n"  # 3
        "WEB = ('uvicorn',)\n"  # 4
        "BASE += ['httpx']\n"  # 5
        "BASE.append('sniffio')\n"  # 6
        "if __name__ == '__main__':\n"  # 7
        "    EXTRA = [*WEB, 'h11']\n"  # 8
        "    VERSION = '1.0'\n"  # 9
        "    _setup(install_requires=BASE + EXTRA + list(['click']), python_requires=f'>={VERSION}')\n"  # 10
        "BASE = ['never-used']\n"  # 11
    )
    manifest, errors = parse_setup_py(tree({"setup.py": text}), "setup.py")
    assert errors == []
    assert [(d.name, d.location.line) for d in manifest.requirements] == [
        ("starlette", 3),
        ("httpx", 5),
        ("sniffio", 6),
        ("uvicorn", 4),
        ("h11", 8),
        ("click", 10),
    ]
    assert manifest.requires_python == ">=1.0"


def test_setup_py_inside_a_function_sees_locals_then_module_names(tree: Tree) -> None:
    text = (
        "import setuptools\n"
        "def main(extra):\n"
        "    reqs = BASE + ['anyio']\n"
        "    setuptools.setup(install_requires=reqs, extras_require={'x': extra})\n"
        "BASE = ['starlette==0.27.0']\n"
        "main(['never'])\n"
    )
    manifest, errors = parse_setup_py(tree({"setup.py": text}), "setup.py")
    assert [(d.name, d.location.line) for d in manifest.requirements] == [("starlette", 5), ("anyio", 3)]
    assert errors == [
        ScanError("setup.py", f"extras_require['x'] {RUN_TIME}; `extra` is a function parameter", 4)
    ]


def test_setup_py_multi_line_string_and_splitlines(tree: Tree) -> None:
    text = (
        "from setuptools import setup\n"
        "REQS = '''\n"
        "starlette==0.27.0  # pinned\n"
        "# a comment\n"
        "\n"
        "anyio\n"
        "'''\n"
        "setup(install_requires=REQS, extras_require={'t': 'pytest\\nhttpx'.splitlines()})\n"
    )
    manifest, errors = parse_setup_py(tree({"setup.py": text}), "setup.py")
    assert errors == []
    assert reqs(manifest.requirements) == [
        ("starlette", "starlette==0.27.0", "setup.py:3", None),
        ("anyio", "anyio", "setup.py:6", None),
        ("pytest", "pytest", "setup.py:8", "extra:t"),
        ("httpx", "httpx", "setup.py:8", "extra:t"),
    ]


def test_setup_py_kwargs_dict_like_poetry_generates(tree: Tree) -> None:
    text = (
        "from setuptools import setup\n"  # 1
        "install_requires = \\\n"  # 2
        "['starlette>=0.27.0,<0.28.0']\n"  # 3
        "extras_require = {'test': ['pytest>=7.4,<8.0']}\n"  # 4
        "setup_kwargs = {\n"  # 5
        "    'name': 'svc',\n"  # 6
        "    'install_requires': install_requires,\n"  # 7
        "    'extras_require': extras_require,\n"  # 8
        "    'python_requires': '>=3.8,<4.0',\n"  # 9
        "}\n"  # 10
        "print('building')\n"  # 11
        "more = dict(install_requires=['ignored-earlier'])\n"  # 12
        "more.update({'install_requires': ['anyio==3.7.1']})\n"  # 13
        "setup(**setup_kwargs)\n"  # 14
        "setup(**more)\n"  # 15
    )
    manifest, errors = parse_setup_py(tree({"setup.py": text}), "setup.py")
    assert errors == []
    assert reqs(manifest.requirements) == [
        ("starlette", "starlette<0.28.0,>=0.27.0", "setup.py:3", None),
        ("pytest", "pytest<8.0,>=7.4", "setup.py:4", "extra:test"),
        ("anyio", "anyio==3.7.1", "setup.py:13", None),
    ]
    assert manifest.requires_python == ">=3.8,<4.0"


def test_setup_py_requirements_file_read_through_a_with_block(tree: Tree) -> None:
    text = (
        "import os\n"
        "from setuptools import setup\n"
        "here = os.path.abspath(os.path.dirname(__file__))\n"
        "with open(os.path.join(here, 'requirements.txt'), encoding='utf-8') as f:\n"
        "    requirements = f.read().splitlines()\n"
        "setup(install_requires=requirements)\n"
    )
    checkout = tree(
        {
            "svc/setup.py": text,
            "svc/requirements.txt": "-r requirements/base.txt\nstarlette==0.27.0\n",
            "svc/requirements/base.txt": "anyio==3.7.1\n",
        }
    )
    manifest, errors = parse_setup_py(checkout, "svc/setup.py")
    assert errors == []
    assert reqs(manifest.requirements) == [
        ("anyio", "anyio==3.7.1", "svc/requirements/base.txt:1", None),
        ("starlette", "starlette==0.27.0", "svc/requirements.txt:2", None),
    ]
    assert manifest.includes == ("svc/requirements.txt", "svc/requirements/base.txt")


def test_setup_py_requirements_file_read_by_a_function_and_other_idioms(tree: Tree) -> None:
    text = (
        "import os\n"  # 1
        "from pathlib import Path\n"  # 2
        "from setuptools import setup\n"  # 3
        "HERE = Path(__file__).parent\n"  # 4
        "def read_reqs(name):\n"  # 5
        "    with open(name) as fh:\n"  # 6
        "        return [l.strip() for l in fh if l.strip() and not l.startswith('#')]\n"  # 7
        "def dev_requirements():\n"  # 8
        "    return (HERE / 'requirements' / 'dev.txt').read_text().splitlines()\n"  # 9
        "docs = []\n"  # 10
        "with open('requirements-docs.txt') as f:\n"  # 11
        "    for line in f:\n"  # 12
        "        docs.append(line.strip())\n"  # 13
        "setup(\n"  # 14
        "    install_requires=read_reqs('requirements/base.txt') + ['uvicorn==0.23.2'],\n"  # 15
        "    extras_require={\n"  # 16
        "        'dev': dev_requirements(),\n"  # 17
        "        'docs': docs,\n"  # 18
        "        'test': open(os.path.join('requirements', 'test.txt')).read().split('\\n'),\n"  # 19
        "        'lint': Path('requirements-lint.txt').read_text().splitlines(),\n"  # 20
        "    },\n"  # 21
        ")\n"  # 22
    )
    checkout = tree(
        {
            "setup.py": text,
            "README.md": "# svc\n",
            "requirements/base.txt": "starlette==0.27.0\n",
            "requirements/dev.txt": "pytest==7.4.0\n",
            "requirements/test.txt": "httpx==0.24.1\n",
            "requirements-docs.txt": "sphinx==7.0.1\n",
            "requirements-lint.txt": "ruff==0.1.0\n",
        }
    )
    manifest, errors = parse_setup_py(checkout, "setup.py")
    assert errors == []
    assert reqs(manifest.requirements) == [
        ("starlette", "starlette==0.27.0", "requirements/base.txt:1", None),
        ("uvicorn", "uvicorn==0.23.2", "setup.py:15", None),
        ("pytest", "pytest==7.4.0", "requirements/dev.txt:1", "extra:dev"),
        ("sphinx", "sphinx==7.0.1", "requirements-docs.txt:1", "extra:docs"),
        ("httpx", "httpx==0.24.1", "requirements/test.txt:1", "extra:test"),
        ("ruff", "ruff==0.1.0", "requirements-lint.txt:1", "extra:lint"),
    ]
    assert manifest.includes == (
        "requirements/base.txt",
        "requirements/dev.txt",
        "requirements-docs.txt",
        "requirements/test.txt",
        "requirements-lint.txt",
    )


def test_setup_py_run_time_values_are_errors_and_the_rest_is_read(tree: Tree) -> None:
    text = (
        "from setuptools import setup\n"  # 1
        "from mypkg import DEPS\n"  # 2
        "def get_deps():\n"  # 3
        "    return compute()\n"  # 4
        "setup(\n"  # 5
        "    install_requires=[\n"  # 6
        "        'starlette==0.27.0',\n"  # 7
        "        'anyio' if True else 'trio',\n"  # 8
        "        3,\n"  # 9
        "    ] + get_deps(),\n"  # 10
        "    extras_require={'a': DEPS, 'b': ['httpx'], KEY: ['x']},\n"  # 11
        "    python_requires=PY,\n"  # 12
        ")\n"  # 13
    )
    manifest, errors = parse_setup_py(tree({"setup.py": text}), "setup.py")
    assert reqs(manifest.requirements) == [
        ("starlette", "starlette==0.27.0", "setup.py:7", None),
        ("httpx", "httpx", "setup.py:11", "extra:b"),
    ]
    assert manifest.requires_python is None
    assert errors == [
        ScanError(
            "setup.py",
            "install_requires entry `'anyio' if True else 'trio'` is computed at run time and cannot be "
            "read without executing setup.py",
            8,
        ),
        ScanError("setup.py", "install_requires entry 3 is not a string", 9),
        ScanError(
            "setup.py",
            f"install_requires {RUN_TIME}; `compute()` is neither a list of requirement strings nor the "
            "read of a requirements file next to setup.py",
            4,
        ),
        ScanError("setup.py", f"extras_require['a'] {RUN_TIME}; `DEPS` is imported", 11),
        ScanError(
            "setup.py",
            f"extras_require entry `KEY` {RUN_TIME}",
            11,
        ),
        ScanError(
            "setup.py",
            "python_requires is computed at run time and cannot be read without executing setup.py",
            12,
        ),
    ]


def test_setup_py_unreadable_kwargs_and_extras(tree: Tree) -> None:
    text = (
        "import setuptools\n"
        "def extras():\n"
        "    return {k: [k] for k in 'ab'}\n"
        "setuptools.setup(install_requires=['starlette'], extras_require=extras(), **load_metadata())\n"
    )
    manifest, errors = parse_setup_py(tree({"setup.py": text}), "setup.py")
    assert reqs(manifest.requirements) == [("starlette", "starlette", "setup.py:4", None)]
    assert errors == [
        ScanError(
            "setup.py",
            "setup() arguments `load_metadata()` are computed at run time and cannot be read without "
            "executing setup.py; install_requires, extras_require or python_requires given through them "
            "are not seen",
            4,
        ),
        ScanError(
            "setup.py",
            f"extras_require {RUN_TIME}; `extras()` is not a dict setup.py spells out",
            4,
        ),
    ]


def test_setup_py_named_requirements_file_that_is_missing(tree: Tree) -> None:
    text = (
        "from setuptools import setup\nsetup(install_requires=open('requirements.txt').read().splitlines())\n"
    )
    manifest, errors = parse_setup_py(tree({"setup.py": text}), "setup.py")
    assert manifest.requirements == ()
    assert errors == [
        ScanError(
            "setup.py",
            f"install_requires {RUN_TIME}; it reads 'requirements.txt', which is not in the checkout",
            2,
        )
    ]


def test_setup_py_files_outside_the_checkout_or_not_requirements_are_not_read(
    tmp_path: Path, tree: Tree
) -> None:
    (tmp_path / "requirements.txt").write_text("evil\n")
    text = (
        "from setuptools import setup\n"
        "setup(\n"
        "    install_requires=open('../requirements.txt').read().splitlines(),\n"
        "    extras_require={'x': open('README.md').read().splitlines()},\n"
        ")\n"
    )
    checkout = tree({"setup.py": text, "README.md": "starlette\n"})
    manifest, errors = parse_setup_py(checkout, "setup.py")
    assert manifest.requirements == ()
    assert manifest.includes == ()
    assert where(errors) == [("setup.py", 3), ("setup.py", 4)]
    assert errors[0].message.startswith(f"install_requires {RUN_TIME}; ")
    assert errors[1].message.startswith(f"extras_require['x'] {RUN_TIME}; ")


def test_setup_py_invalid_requirement_strings_and_python_requires(tree: Tree) -> None:
    text = (
        "import setuptools\n"
        "setuptools.setup(\n"
        "    install_requires=['ok', 'not valid !!'],\n"
        "    python_requires='>=three',\n"
        ")\n"
    )
    manifest, errors = parse_setup_py(tree({"setup.py": text}), "setup.py")
    assert [d.name for d in manifest.requirements] == ["ok"]
    assert manifest.requires_python is None
    assert where(errors) == [("setup.py", 3), ("setup.py", 4)]
    assert errors[0].message.startswith("invalid requirement 'not valid !!': ")
    assert errors[1].message == "python_requires '>=three' is not a version specifier"


def test_setup_py_invalid_extras_marker(tree: Tree) -> None:
    text = "from setuptools import setup\nsetup(extras_require={'x:not a marker': ['a']})\n"
    manifest, errors = parse_setup_py(tree({"setup.py": text}), "setup.py")
    assert manifest.requirements == ()
    assert where(errors) == [("setup.py", 2)]
    assert errors[0].message.startswith(
        "extras_require key 'x:not a marker' has an invalid environment marker: "
    )


def test_setup_py_without_a_setup_call_or_empty_is_an_empty_manifest(tree: Tree) -> None:
    checkout = tree({"a/setup.py": "print('hello')\nREQS = ['starlette']\n", "b/setup.py": ""})
    for relpath in ("a/setup.py", "b/setup.py"):
        manifest, errors = parse_setup_py(checkout, relpath)
        assert errors == []
        assert manifest.requirements == ()
        assert manifest.kind is ManifestKind.SETUP_PY


def test_an_application_module_named_setup_py_is_no_manifest(tree: Tree) -> None:
    """Only a call of setuptools' or distutils' setup() makes a manifest (discovery's reading)."""
    app = (
        "import logging\n"
        "from app.settings import setup as configure\n"
        "def setup(level='INFO'):\n"
        "    logging.basicConfig(level=level, install_requires=None)\n"
        "setup()\n"
        "configure(install='x')\n"
        "logging.setup(name='x')\n"
    )
    checkout = tree({"app/setup.py": app, "empty/setup.py": ""})
    for relpath in ("app/setup.py", "empty/setup.py"):
        assert read_setup_py(checkout, relpath) == (None, [])
        assert parse_setup_py(checkout, relpath) == (Manifest(relpath, ManifestKind.SETUP_PY), [])
    projects = {
        "from setuptools import setup as s\ns(install_requires=['starlette'])\n": 2,
        "import setuptools\nsetuptools.setup(install_requires=['starlette'])\n": 2,
        "from distutils import core\ncore.setup(install_requires=['starlette'])\n": 2,
        "from numpy.distutils.core import setup\nsetup(install_requires=['starlette'])\n": 2,
        # an unknown wrapper given packaging arguments is one too
        "from helpers import setup\n\nsetup(\n  install_requires=['starlette'])\n": 4,
    }
    for text, line in projects.items():
        manifest, errors = read_setup_py(tree({"setup.py": text}), "setup.py")
        assert manifest is not None and errors == [], text
        assert [(d.name, d.location.line) for d in manifest.requirements] == [("starlette", line)], text


def test_an_application_setup_py_in_newer_syntax_is_no_manifest_and_no_error(tree: Tree) -> None:
    # `except A, B:` is Python 3.14 syntax; the module never mentions setuptools
    app = "import httpx\n\n\ndef setup(url):\n    try:\n        httpx.get(url)\n"
    app += "    except ValueError, OSError:\n        pass\n"
    assert read_setup_py(tree({"setup.py": app}), "setup.py") == (None, [])
    # a setup script that cannot be parsed is still reported (Python 2 here)
    old = "from distutils.core import setup\nprint 'building'\nsetup(name='x')\n"
    manifest, errors = read_setup_py(tree({"setup.py": old}), "setup.py")
    assert manifest is not None and where(errors) == [("setup.py", 2)]


def test_setup_py_syntax_error_reports_its_line(tree: Tree) -> None:
    text = "from setuptools import setup\n\nprint 'python 2'\nsetup(install_requires=['starlette'])\n"
    manifest, errors = parse_setup_py(tree({"setup.py": text}), "setup.py")
    assert manifest.requirements == ()
    assert where(errors) == [("setup.py", 3)]
    assert errors[0].message.startswith("invalid Python syntax at line 3: ")


def test_setup_py_nul_character_in_utf16_text_reports_its_line(tree: Tree) -> None:
    text = "import setuptools\nx = 1\ny = '\x00'\n"
    _, errors = parse_setup_py(tree({"setup.py": text.encode("utf-16")}), "setup.py")
    assert where(errors) == [("setup.py", 3)]
    assert errors[0].message.startswith("invalid Python syntax at line 3: ")


def test_setup_py_pathological_nesting_is_an_error_not_a_crash(tree: Tree) -> None:
    text = "from setuptools import setup\nsetup(install_requires=" + "[" * 300 + "]" * 300 + ")\n"
    manifest, errors = parse_setup_py(tree({"setup.py": text}), "setup.py")
    assert manifest.requirements == ()
    assert len(errors) == 1 and errors[0].file == "setup.py" and errors[0].line in (1, 2)


def test_setup_py_deep_chain_of_names_stops_with_an_error(tree: Tree) -> None:
    lines = ["from setuptools import setup", "r0 = ['starlette']"]
    lines += [f"r{i} = r{i - 1}" for i in range(1, 60)]
    lines.append("setup(install_requires=r59)")
    _, errors = parse_setup_py(tree({"setup.py": "\n".join(lines) + "\n"}), "setup.py")
    assert len(errors) == 1
    assert errors[0].message == f"install_requires {RUN_TIME}; it is nested too deeply to follow"


def test_setup_py_values_that_double_on_every_line_stop_with_an_error(tree: Tree) -> None:
    text = "from setuptools import setup\nr = ['anyio']\n" + "r += r\n" * 40 + "setup(install_requires=r)\n"
    manifest, errors = parse_setup_py(tree({"setup.py": text}), "setup.py")
    assert manifest.requirements == ()
    assert errors == [ScanError("setup.py", f"install_requires {RUN_TIME}; it is too large to follow", 43)]


def test_credentials_in_unreadable_expressions_are_not_repeated(tree: Tree) -> None:
    text = (
        "from setuptools import setup\n"
        "setup(install_requires=['pkg @ https://user:hunter2@example.com/pkg.tar.gz#' + tag()])\n"
    )
    _, errors = parse_setup_py(tree({"setup.py": text}), "setup.py")
    assert errors == [
        ScanError(
            "setup.py",
            f"install_requires entry `'pkg @ https://***@example.com/pkg.tar.gz#' + tag()` {RUN_TIME}",
            2,
        )
    ]
    cfg = "index = https://user:hunter2@example.com/simple\n[options]\n"
    _, errors = parse_setup_cfg(tree({"setup.cfg": cfg}), "setup.cfg")
    assert "hunter2" not in errors[0].message
    assert errors[0].line == 1


def test_setup_py_utf8_bom_and_utf16_and_crlf(tree: Tree) -> None:
    text = "from setuptools import setup\r\nsetup(\r\n    install_requires=['starlette==0.27.0'],\r\n)\r\n"
    checkout = tree({"a/setup.py": codecs.BOM_UTF8 + text.encode(), "b/setup.py": text.encode("utf-16")})
    for relpath in ("a/setup.py", "b/setup.py"):
        manifest, errors = parse_setup_py(checkout, relpath)
        assert errors == []
        assert reqs(manifest.requirements) == [("starlette", "starlette==0.27.0", f"{relpath}:3", None)]


def test_setup_py_binary_file(tree: Tree) -> None:
    manifest, errors = parse_setup_py(tree({"setup.py": b"\x89PNG\x00\x00"}), "setup.py")
    assert manifest.requirements == ()
    assert errors == [ScanError("setup.py", "not a text file (contains NUL bytes)", 1)]


_pieces = st.sampled_from(
    [
        "setup(",
        ")",
        "install_requires=",
        "extras_require=",
        "**",
        "[",
        "]",
        "{",
        "}",
        "'starlette==0.27.0'",
        "'requirements.txt'",
        "open(",
        "R",
        "R = ",
        "+",
        ",",
        ":",
        "\n",
        "    ",
        "[options]\n",
        "install_requires =\n",
        "file: requirements.txt",
        "#",
        ";",
    ]
)
_texts = st.lists(st.one_of(_pieces, st.text(max_size=4))).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(setup_py=_texts, setup_cfg=_texts)
def test_parsers_never_raise(setup_py: str, setup_cfg: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        checkout = Path(tmp)
        (checkout / "setup.py").write_bytes(setup_py.encode("utf-8", "surrogatepass"))
        (checkout / "setup.cfg").write_bytes(setup_cfg.encode("utf-8", "surrogatepass"))
        (checkout / "requirements.txt").write_text("starlette==0.27.0\n")
        for parse, name in ((parse_setup_py, "setup.py"), (parse_setup_cfg, "setup.cfg")):
            manifest, errors = parse(checkout, name)
            assert manifest.path == name
            assert all(e.file and (e.line is None or e.line >= 1) for e in errors)
