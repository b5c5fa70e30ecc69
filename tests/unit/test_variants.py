"""The default install set of a root and its variants, read from real manifests on disk.

No resolver runs here except through locks (which need none): what each tool installs by default,
which extras and groups are variants, and what a variant hands to the resolver.
"""

from __future__ import annotations

from pathlib import Path

from starlette_2093_check.manifests import discover, parse_pyproject
from starlette_2093_check.model import ProjectRoot, ScanError
from starlette_2093_check.repro.sandbox import find_uv
from starlette_2093_check.resolve import ResolverConfig
from starlette_2093_check.variants import install_set, resolve_variants, split, variants_of
from tests.conftest import write_tree


def root_of(tmp_path: Path, files: dict[str, str | bytes], path: str = ".") -> ProjectRoot:
    found = discover(write_tree(tmp_path, files))
    return next(r for r in found.roots if r.path == path)


def names(declared: object) -> list[str]:
    return [d.name for d in declared]  # type: ignore[attr-defined]


def default_and_variants(root: ProjectRoot) -> tuple[list[str], dict[str, list[str]]]:
    part = split(root)
    return names(part.default), {k: names(v) for k, v in part.variants.items()}


GROUPS = """\
[project]
name = "svc"
dependencies = ["fastapi"]

[project.optional-dependencies]
Train = ["flash-attn"]

[dependency-groups]
dev = ["pytest"]
docs = ["mkdocs"]
"""


def test_pip_installs_the_main_dependencies_and_uv_the_dev_group(tmp_path: Path) -> None:
    # No installer named: `dev` is installed by default (uv, PDM and Poetry all do), extras never.
    assert default_and_variants(root_of(tmp_path / "a", {"pyproject.toml": GROUPS})) == (
        ["fastapi", "pytest"],
        {"extra:train": ["flash-attn"], "group:docs": ["mkdocs"]},
    )
    # setup.py extras, requirements files: only extras can be variants
    setup = (
        "from setuptools import setup\n"
        'setup(install_requires=["fastapi"], extras_require={"pg": ["psycopg2"]})\n'
    )
    assert default_and_variants(root_of(tmp_path / "b", {"setup.py": setup})) == (
        ["fastapi"],
        {"extra:pg": ["psycopg2"]},
    )


def test_uv_default_groups_as_a_list_or_all(tmp_path: Path) -> None:
    listed = GROUPS + '\n[tool.uv]\ndefault-groups = ["Docs"]\n'
    assert default_and_variants(root_of(tmp_path / "a", {"pyproject.toml": listed})) == (
        ["fastapi", "mkdocs"],
        {"extra:train": ["flash-attn"], "group:dev": ["pytest"]},
    )
    everything = GROUPS + '\n[tool.uv]\ndefault-groups = "all"\n'
    assert default_and_variants(root_of(tmp_path / "b", {"pyproject.toml": everything})) == (
        ["fastapi", "pytest", "mkdocs"],
        {"extra:train": ["flash-attn"]},
    )


def test_pdm_installs_every_dependency_group(tmp_path: Path) -> None:
    pdm = GROUPS + "\n[tool.pdm]\ndistribution = false\n"
    assert default_and_variants(root_of(tmp_path, {"pyproject.toml": pdm})) == (
        ["fastapi", "pytest", "mkdocs"],
        {"extra:train": ["flash-attn"]},
    )


POETRY = """\
[tool.poetry]
name = "svc"
version = "1.0"

[tool.poetry.dependencies]
python = "^3.10"
fastapi = "*"
psycopg2 = {version = "*", optional = true}

[tool.poetry.extras]
postgre = ["psycopg2"]

[tool.poetry.dev-dependencies]
pytest = "*"

[tool.poetry.group.lint.dependencies]
ruff = "*"

[tool.poetry.group.docs]
optional = true

[tool.poetry.group.docs.dependencies]
mkdocs = "*"
"""


def test_poetry_installs_every_group_not_marked_optional(tmp_path: Path) -> None:
    assert default_and_variants(root_of(tmp_path, {"pyproject.toml": POETRY})) == (
        ["fastapi", "pytest", "ruff"],
        {"extra:postgre": ["psycopg2"], "group:docs": ["mkdocs"]},
    )


def test_bad_default_group_settings_are_errors_at_their_lines(tmp_path: Path) -> None:
    write_tree(tmp_path, {"pyproject.toml": GROUPS + "\n[tool.uv]\ndefault-groups = 3\n"})
    manifest, errors = parse_pyproject(tmp_path, "pyproject.toml")
    assert errors == [
        ScanError("pyproject.toml", '[tool.uv].default-groups is not an array of strings or "all"', 13)
    ]
    assert manifest.default_groups == (("uv", ("dev",)),)

    write_tree(
        tmp_path, {"pyproject.toml": POETRY.replace("docs]\noptional = true", 'docs]\noptional = "yes"')}
    )
    manifest, errors = parse_pyproject(tmp_path, "pyproject.toml")
    assert errors == [ScanError("pyproject.toml", "[tool.poetry.group.docs].optional is not a boolean", 20)]
    assert manifest.default_groups == (("poetry", ("dev", "lint", "docs")),)


def test_a_lock_names_the_installer(tmp_path: Path) -> None:
    # uv.lock beside a pyproject that configures Poetry's groups: `uv sync` installs `dev` only.
    root = root_of(
        tmp_path,
        {"pyproject.toml": GROUPS.replace("dev =", "test =") + "[tool.poetry]\n", "uv.lock": "version = 1\n"},
    )
    assert default_and_variants(root) == (
        ["fastapi"],
        {"extra:train": ["flash-attn"], "group:test": ["pytest"], "group:docs": ["mkdocs"]},
    )


def test_pipenv_installs_packages_only(tmp_path: Path) -> None:
    pipfile = '[packages]\nfastapi = "*"\n\n[dev-packages]\npytest = "*"\n\n[docs]\nmkdocs = "*"\n'
    assert default_and_variants(root_of(tmp_path, {"Pipfile": pipfile})) == (
        ["fastapi"],
        {"group:dev": ["pytest"], "group:docs": ["mkdocs"]},
    )


def test_an_extra_naming_the_project_itself_brings_in_those_extras(tmp_path: Path) -> None:
    pyproject = (
        '[project]\nname = "My_Svc"\ndependencies = ["fastapi"]\n'
        "[project.optional-dependencies]\n"
        'web = ["uvicorn"]\n'
        'db = ["asyncpg"]\n'
        'all = ["my-svc[web,db]", "rich"]\n'
    )
    root = root_of(tmp_path, {"pyproject.toml": pyproject})
    kept, _ = install_set(root, "extra:all", {root.path: root})
    [manifest] = kept.manifests
    assert names(manifest.requirements) == ["fastapi", "uvicorn", "asyncpg", "rich"]
    # `all` adds what `web` and `db` add: three variants, none of them empty
    assert [name for name, _ in variants_of(root)] == ["extra:web", "extra:db", "extra:all"]


def test_a_local_path_dependency_brings_its_main_dependencies_and_the_extras_asked(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "app/requirements.txt": "-e ../lib\nlib2[pg] @ file:../lib2\n",
        "lib/pyproject.toml": (
            '[project]\nname = "lib"\ndependencies = ["fastapi"]\n'
            '[project.optional-dependencies]\npg = ["psycopg2"]\n'
            '[dependency-groups]\ndev = ["pytest"]\n'
        ),
        "lib2/pyproject.toml": (
            '[project]\nname = "lib2"\ndependencies = ["httpx"]\n'
            '[project.optional-dependencies]\npg = ["asyncpg"]\nother = ["rich"]\n'
        ),
    }
    found = discover(write_tree(tmp_path, files))
    roots = {r.path: r for r in found.roots}
    _, followed = install_set(roots["app"], None, roots)
    assert names(followed["lib"].manifests[0].requirements) == ["fastapi"]
    assert names(followed["lib2"].manifests[0].requirements) == ["httpx", "asyncpg"]


def test_a_lock_that_reaches_starlette_only_through_an_extra_marks_its_target(tmp_path: Path) -> None:
    pyproject = (
        '[tool.poetry]\nname = "svc"\nversion = "1.0"\n\n'
        '[tool.poetry.dependencies]\npython = "^3.11"\nclick = "*"\n'
        'fastapi = {version = "*", optional = true}\n\n'
        '[tool.poetry.extras]\nweb = ["fastapi"]\n'
    )
    lock = (
        '[[package]]\nname = "click"\nversion = "8.1.6"\noptional = false\npython-versions = ">=3.7"\n'
        "files = []\n\n"
        '[[package]]\nname = "fastapi"\nversion = "0.100.1"\noptional = true\npython-versions = ">=3.7"\n'
        'files = []\n\n[package.dependencies]\nstarlette = ">=0.27.0,<0.28.0"\n\n'
        '[[package]]\nname = "starlette"\nversion = "0.27.0"\noptional = true\npython-versions = ">=3.7"\n'
        "files = []\n\n"
        '[metadata]\nlock-version = "2.0"\npython-versions = "^3.11"\ncontent-hash = "0"\n'
    )
    root = root_of(tmp_path, {"pyproject.toml": pyproject, "poetry.lock": lock})
    targets, errors = resolve_variants(root, "starlette", "3.11", ResolverConfig(uv=find_uv()), {".": root})
    assert errors == []
    [target] = targets
    assert (target.version, target.variant, str(target.source)) == ("0.27.0", "extra:web", "poetry.lock:20")
    assert "poetry.lock reaches starlette only through the extra `web`" in " ".join(target.notes)
