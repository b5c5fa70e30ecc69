from __future__ import annotations

import dataclasses
import gc
import os
from pathlib import Path

import pytest

from starlette_2093_check.layout import DEFAULT_LAYOUT, Layout
from starlette_2093_check.manifests import discover
from starlette_2093_check.model import ScanError
from starlette_2093_check.reach import CodeScan, Finding, _scan, for_root, scan_code
from tests.conftest import REPO, write_tree

FIXTURES = REPO / "tests" / "fixtures" / "reach"
Row = tuple[str, int, str, str]

MIDDLEWARE_FILE = (
    "from starlette.middleware.base import BaseHTTPMiddleware\n\n\nclass M(BaseHTTPMiddleware):\n    pass\n"
)
BACKGROUND_FILE = "from fastapi import BackgroundTasks\n\ntasks = BackgroundTasks()\n"


def rows(findings: tuple[Finding, ...]) -> list[Row]:
    return [(f.file, f.line, f.kind, f.name) for f in findings]


def scan(name: str) -> CodeScan:
    result = scan_code(FIXTURES / name)
    assert result.errors == ()
    return result


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """An empty checkout under a subdirectory of tmp_path (so tmp_path itself is 'outside')."""
    path = tmp_path / "checkout"
    path.mkdir()
    return path


def test_starlette_subclass_with_a_background_task_on_the_response() -> None:
    result = scan("starlette_subclass")
    assert rows(result.middleware) == [("app.py", 8, "subclass", "TimingMiddleware")]
    assert rows(result.background) == [
        ("app.py", 18, "BackgroundTask", "BackgroundTask"),
        ("app.py", 19, "background=", "JSONResponse"),
    ]
    assert result.files == 1


def test_fastapi_http_middleware_decorators_and_background_tasks_parameters() -> None:
    result = scan("fastapi_decorator")
    assert rows(result.middleware) == [
        ("main.py", 8, "decorator", "log_requests"),
        ("main.py", 13, "decorator", "add_header"),  # middleware_type="http"
        ("main.py", 24, "decorator", "timing"),  # app.middleware("http")(timing)
    ]
    assert rows(result.background) == [
        ("main.py", 32, "BackgroundTasks", "BackgroundTasks"),
        ("main.py", 38, "BackgroundTasks", "BackgroundTasks"),  # Annotated[BackgroundTasks, Depends()]
        ("main.py", 44, "BackgroundTasks", "BackgroundTasks"),  # "BackgroundTasks"
    ]


def test_add_middleware_with_the_base_class_or_a_subclass_but_not_a_pure_asgi_class() -> None:
    result = scan("add_middleware")
    assert rows(result.middleware) == [
        ("app.py", 11, "subclass", "AuthMiddleware"),
        ("app.py", 25, "add_middleware", "BaseHTTPMiddleware"),
        ("app.py", 26, "add_middleware", "AuthMiddleware"),
        ("app.py", 27, "add_middleware", "AuthMiddleware"),  # middleware_class=
    ]  # line 28 adds PureASGIMiddleware: not reported
    assert rows(result.background) == [
        ("app.py", 33, "BackgroundTasks", "BackgroundTasks"),
        ("app.py", 35, "background=", "JSONResponse"),  # fastapi.responses
    ]


def test_middleware_wrappers_from_starlette_and_fastapi() -> None:
    result = scan("middleware_list")
    assert rows(result.middleware) == [
        ("app.py", 9, "subclass", "RequestIdMiddleware"),
        ("app.py", 20, "Middleware", "RequestIdMiddleware"),  # line 19 wraps CORSMiddleware: not reported
        ("app.py", 21, "Middleware", "BaseHTTPMiddleware"),  # cls=
        ("app.py", 24, "Middleware", "RequestIdMiddleware"),  # fastapi.middleware.Middleware, aliased
    ]
    assert result.background == ()


def test_import_aliases_module_aliases_and_assigned_aliases() -> None:
    result = scan("aliases")
    assert rows(result.middleware) == [
        ("app.py", 12, "subclass", "One"),  # ... import BaseHTTPMiddleware as B
        ("app.py", 16, "subclass", "Two"),  # import starlette.middleware.base as mb
        ("app.py", 20, "subclass", "Three"),  # starlette.middleware.base.BaseHTTPMiddleware
        ("app.py", 24, "subclass", "Four"),  # Base = B
    ]
    assert rows(result.background) == [
        ("app.py", 32, "BackgroundTasks", "BackgroundTasks"),  # jobs: Jobs
        ("app.py", 33, "BackgroundTask", "BackgroundTask"),  # Job(...)
        ("app.py", 33, "background=", "PlainTextResponse"),  # Text(..., background=...)
    ]


def test_reexport_through_a_package_init() -> None:
    result = scan("reexport")
    assert rows(result.middleware) == [
        ("myapp/main.py", 7, "add_middleware", "Timing"),
        ("myapp/timing.py", 6, "subclass", "Timing"),
    ]
    assert rows(result.background) == [("myapp/main.py", 11, "BackgroundTasks", "BackgroundTasks")]


def test_relative_imports_and_a_subclass_in_a_file_without_any_keyword() -> None:
    result = scan("relative")
    assert rows(result.middleware) == [
        ("pkg/app.py", 8, "subclass", "StrictAudit"),  # sub.Audit, through `from . import sub`
        ("pkg/app.py", 17, "add_middleware", "Audit"),  # from .sub import Audit (re-exported)
        ("pkg/app.py", 18, "add_middleware", "StrictAudit"),
        ("pkg/loud.py", 4, "subclass", "Loud"),  # from .sub.mw import Audit as Base
        ("pkg/sub/mw.py", 4, "subclass", "Audit"),
    ]
    assert rows(result.background) == [("pkg/app.py", 20, "BackgroundTasks", "BackgroundTasks")]


def test_star_imports_namespace_packages_and_src_layout(checkout: Path) -> None:
    write_tree(
        checkout,
        {
            "src/myapp/mw.py": (
                "from starlette.middleware.base import *\n\n\nclass Layer(BaseHTTPMiddleware):\n    pass\n"
            ),
            "src/myapp/api.py": "from myapp.mw import *\n\n\nclass Sub(Layer):\n    pass\n",
            "src/myapp/top.py": "import myapp.mw\n\n\nclass Other(myapp.mw.Layer):\n    pass\n",
            "weird.py": "from .. import nothing\nfrom . import Layer\n\n\nclass Odd(Layer):\n    pass\n",
        },
    )
    result = scan_code(checkout)
    assert rows(result.middleware) == [
        ("src/myapp/api.py", 4, "subclass", "Sub"),
        ("src/myapp/mw.py", 4, "subclass", "Layer"),
        ("src/myapp/top.py", 4, "subclass", "Other"),
    ]
    assert result.errors == ()


def test_subclass_chain_across_project_roots_resolves_the_closest_module() -> None:
    result = scan("chain")
    assert rows(result.middleware) == [
        ("libs/common/common/base.py", 4, "subclass", "AuditBase"),
        ("services/api/api/app.py", 6, "subclass", "Deeper"),
        ("services/api/api/app.py", 11, "add_middleware", "Deeper"),
        ("services/api/api/layers.py", 4, "subclass", "RequestLog"),
    ]  # services/web's `api.layers.RequestLog` is its own pure ASGI class: not reported
    assert rows(result.background) == [
        ("scripts/notify.py", 3, "BackgroundTasks", "BackgroundTasks"),
        ("services/api/api/app.py", 15, "BackgroundTasks", "BackgroundTasks"),
        ("services/api/worker/jobs.py", 3, "BackgroundTask", "BackgroundTask"),
    ]
    assert result.files == 10


def test_templates_response_subclasses_and_background_assignments() -> None:
    result = scan("templates")
    assert result.middleware == ()
    assert rows(result.background) == [
        ("app.py", 20, "BackgroundTask", "BackgroundTask"),
        ("app.py", 20, "background=", "TemplateResponse"),  # templates = Jinja2Templates(...)
        ("app.py", 24, "BackgroundTasks", "BackgroundTasks"),
        ("app.py", 27, "background=", "CSVResponse"),  # a Response subclass; the keyword's own line
        ("app.py", 34, "BackgroundTask", "BackgroundTask"),
        ("app.py", 34, "background=", "response.background"),
        ("app.py", 42, "BackgroundTasks", "BackgroundTasks"),
        ("app.py", 43, "background=", "render"),  # unknown callee, but given a BackgroundTasks
    ]  # line 47: background=None is no task


def test_response_classes_under_in_repo_names_without_response_in_them() -> None:
    result = scan("response_alias")
    assert rows(result.background) == [
        ("web/views.py", 5, "background=", "JSONResponse"),
        ("web/views.py", 9, "background=", "Csv"),
    ]


def test_lookalikes_are_not_reported() -> None:
    # background=0 / "white" in an image library, local classes named BaseHTTPMiddleware and
    # BackgroundTasks, middleware("websocket"), a bare @router.middleware, a pure ASGI class given
    # to add_middleware, the names in comments, strings and docstrings, and imports never used.
    result = scan("lookalikes")
    assert (result.middleware, result.background, result.files) == ((), (), 4)


def test_a_syntax_error_is_reported_and_the_other_files_are_still_scanned() -> None:
    result = scan_code(FIXTURES / "syntax_error")
    assert result.errors == (ScanError("broken.py", "cannot parse Python: expected ':'", 4),)
    assert rows(result.middleware) == [("good.py", 5, "subclass", "Timing")]
    assert rows(result.background) == [("good.py", 9, "BackgroundTasks", "BackgroundTasks")]
    assert result.files == 2


def test_files_that_are_not_text_are_errors(checkout: Path) -> None:
    write_tree(
        checkout,
        {
            "nul.py": b"from fastapi import BackgroundTasks\n\x00\n",
            "latin1.py": "x = 1\nname = 'caf\u00e9'\n".encode("latin-1"),
            "declared.py": b"# -*- coding: latin-1 -*-\n" + BACKGROUND_FILE.encode() + b"name = 'caf\xe9'\n",
            "unknown.py": b"# coding: no-such-codec\nfrom fastapi import BackgroundTasks\n",
        },
    )
    result = scan_code(checkout)
    assert result.errors == (
        ScanError("latin1.py", "not a text file (invalid UTF-8 at byte 17)", 2),
        ScanError("nul.py", "not a text file (contains NUL bytes)", 2),
        ScanError("unknown.py", "cannot read Python source: unknown encoding: no-such-codec", 1),
    )
    # PEP 263: a declared encoding is how Python reads the file, so it is how we read it
    assert rows(result.background) == [("declared.py", 4, "BackgroundTasks", "BackgroundTasks")]
    assert result.files == 4


def test_a_broken_file_that_cannot_hold_a_finding_is_not_parsed(checkout: Path) -> None:
    # Parsing is limited to files that could matter; this one names nothing of interest.
    write_tree(checkout, {"models.py": "def broken(:\n", "app.py": BACKGROUND_FILE})
    result = scan_code(checkout)
    assert result.errors == ()
    assert len(result.background) == 1
    # ...but it is reported as soon as it names an in-repo middleware class
    write_tree(checkout, {"mw.py": MIDDLEWARE_FILE, "models.py": "from mw import M\nclass N(M)\n"})
    assert scan_code(checkout).errors == (ScanError("models.py", "cannot parse Python: expected ':'", 2),)


SKIPPED = [
    "tests/app.py",
    "test/app.py",
    "pkg/tests/app.py",
    "test_app.py",
    "pkg/test_views.py",
    "views_test.py",
    "conftest.py",
    "pkg/conftest.py",
]
NEVER_SCANNED = [
    ".venv/lib/app.py",
    "venv/app.py",
    "env/app.py",  # has a pyvenv.cfg
    "lib/python3.11/site-packages/app.py",
    ".tox/py311/app.py",
    ".nox/app.py",
    "vendor/app.py",
    "pkg/_vendor/app.py",
    "vendored/app.py",
    "third_party/app.py",
    "third-party/app.py",
    "node_modules/pkg/app.py",
    ".hidden/app.py",
    "build/lib/app.py",
    "dist/app.py",
    "pkg/__pycache__/app.py",
]


def test_tests_virtualenvs_vendored_and_build_directories_are_skipped(checkout: Path) -> None:
    tree: dict[str, str | bytes] = {
        path: MIDDLEWARE_FILE.replace("class M", f"class M{i}")
        for i, path in enumerate(SKIPPED + NEVER_SCANNED)
    }
    write_tree(checkout, {**tree, "env/pyvenv.cfg": "home = /usr/bin\n", "app/main.py": MIDDLEWARE_FILE})
    result = scan_code(checkout)
    assert rows(result.middleware) == [("app/main.py", 4, "subclass", "M")]
    assert result.files == 1

    with_tests = scan_code(checkout, include_tests=True)
    assert sorted(f.file for f in with_tests.middleware) == sorted(["app/main.py", *SKIPPED])
    assert with_tests.files == 1 + len(SKIPPED)


def test_fixture_data_notebook_and_template_trees_are_skipped_like_discovery_skips_them(
    checkout: Path,
) -> None:
    skipped = [
        "fixtures/app.py",
        "web/__fixtures__/app.py",
        "testdata/app.py",
        "svc/test_data/app.py",
        "data/pipeline/app.py",
        "notebooks/app.py",
        "{{cookiecutter.slug}}/app.py",
    ]
    tree: dict[str, str | bytes] = {path: MIDDLEWARE_FILE for path in skipped}
    write_tree(checkout, {**tree, "app/main.py": MIDDLEWARE_FILE})
    result = scan_code(checkout)
    assert [f.file for f in result.middleware] == ["app/main.py"]
    # skip and include, as the scan's --skip/--include give them
    chosen = Layout.of(skip=["app"], include=["data/", "fixtures"])
    read = scan_code(checkout, layout=chosen)
    assert [f.file for f in read.middleware] == ["data/pipeline/app.py", "fixtures/app.py"]


def test_discovery_and_the_code_reader_leave_out_the_same_directories(checkout: Path) -> None:
    dirs = [
        "app",
        "services/api",
        "tests/fixtures/proj",
        "pkg/test",
        "testdata/x",
        "data",
        "notebooks",
        "vendor/lib",
        "build/lib",
        ".github/scripts",
        "{{cookiecutter.slug}}",
        "samples/shop",
        "legacy",
        "env",
    ]
    files: dict[str, str | bytes] = {"env/pyvenv.cfg": "home = /usr/bin\n"}
    for d in dirs:
        files[f"{d}/requirements.txt"] = "fastapi==0.95.0\n"
        files[f"{d}/mw.py"] = MIDDLEWARE_FILE
    write_tree(checkout, files)
    for chosen in (DEFAULT_LAYOUT, Layout.of(skip=["legacy"], include=["tests", "fixtures", "vendor/"])):
        roots = {r.path for r in discover(checkout, chosen).roots}
        code = scan_code(checkout, layout=chosen)
        assert roots == {f.file.rpartition("/")[0] for f in code.middleware}
    assert roots == {"app", "services/api", "samples/shop", "tests/fixtures/proj", "vendor/lib"}


def test_an_application_module_named_setup_py_does_not_take_its_directory(checkout: Path) -> None:
    """A real app lost 11 of its 14 middleware findings to an empty root at app/setup.py."""
    write_tree(
        checkout,
        {
            "requirements.txt": "fastapi==0.95.0\n",
            "app/setup.py": (
                "import logging\n\n\ndef setup(level: str = 'INFO') -> None:\n"
                "    logging.basicConfig(level=level)\n\n\nsetup()\n"
            ),
            "app/middleware.py": MIDDLEWARE_FILE,
            "app/main.py": (
                "from fastapi import BackgroundTasks, FastAPI\nfrom app.middleware import M\n\n"
                "app = FastAPI()\napp.add_middleware(M)\n\n\n@app.post('/')\n"
                "def post(tasks: BackgroundTasks) -> None:\n    pass\n"
            ),
        },
    )
    roots = [r.path for r in discover(checkout).roots]
    assert roots == ["."]
    found = for_root(scan_code(checkout), ".", roots)
    assert found.reachable
    assert rows(found.middleware) == [
        ("app/main.py", 5, "add_middleware", "M"),
        ("app/middleware.py", 4, "subclass", "M"),
    ]
    assert rows(found.background) == [("app/main.py", 9, "BackgroundTasks", "BackgroundTasks")]


def test_symlinks_do_not_lead_out_of_the_checkout(tmp_path: Path, checkout: Path) -> None:
    write_tree(tmp_path / "outside", {"mw.py": MIDDLEWARE_FILE, "pkg/mw.py": MIDDLEWARE_FILE})
    write_tree(checkout, {"app/real.py": MIDDLEWARE_FILE})
    os.symlink(tmp_path / "outside" / "mw.py", checkout / "app" / "escape.py")
    os.symlink(tmp_path / "outside" / "pkg", checkout / "linked")  # a directory: not followed
    os.symlink("real.py", checkout / "app" / "alias.py")  # inside: read
    result = scan_code(checkout)
    assert result.errors == (ScanError("app/escape.py", "refused: symlink points outside the checkout"),)
    assert [f.file for f in result.middleware] == ["app/alias.py", "app/real.py"]


def test_for_root_attributes_each_finding_to_its_deepest_root() -> None:
    code = scan("chain")
    roots = [".", "libs/common", "services/api", "services/api/worker", "services/web"]

    def summary(root: str) -> tuple[bool, list[str], list[str]]:
        r = for_root(code, root, roots)
        return (
            r.reachable,
            [f"{f.file}:{f.line}" for f in r.middleware],
            [f"{f.file}:{f.line}" for f in r.background],
        )

    assert summary("services/api") == (
        True,
        ["services/api/api/app.py:6", "services/api/api/app.py:11", "services/api/api/layers.py:4"],
        ["services/api/api/app.py:15"],
    )
    assert summary("services/api/worker") == (False, [], ["services/api/worker/jobs.py:3"])
    assert summary("libs/common") == (False, ["libs/common/common/base.py:4"], [])
    assert summary(".") == (False, [], ["scripts/notify.py:3"])
    assert summary("services/web") == (False, [], [])
    # Without the nested roots, the top takes everything.
    everything = for_root(code, ".", ["."])
    assert everything.reachable
    assert (everything.middleware, everything.background) == (code.middleware, code.background)


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.iterdir()))
def test_the_text_prefilter_finds_what_parsing_every_file_finds(name: str) -> None:
    quick = scan_code(FIXTURES / name)
    full = _scan(FIXTURES / name, include_tests=False, prefilter=False)
    assert (quick.middleware, quick.background, quick.files) == (full.middleware, full.background, full.files)


def test_results_are_frozen() -> None:
    result = scan("starlette_subclass")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.middleware[0].line = 1  # type: ignore[misc]


def test_a_long_alias_chain_is_followed(checkout: Path) -> None:
    aliases = "".join(f"A{i + 1} = A{i}\n" for i in range(3000))
    head = "from starlette.middleware.base import BaseHTTPMiddleware as A0\n"
    write_tree(checkout, {"deep.py": f"{head}{aliases}class M(A3000):\n    pass\n"})
    result = scan_code(checkout)
    assert (rows(result.middleware), result.errors) == ([("deep.py", 3002, "subclass", "M")], ())


def test_a_chain_too_deep_to_follow_is_an_error_not_a_crash(checkout: Path) -> None:
    aliases = "".join(f"    t{i + 1} = t{i}\n" for i in range(3000))
    deep = (
        "from fastapi import BackgroundTasks\n\n\ndef f():\n    t0 = BackgroundTasks()\n"
        f"{aliases}    return render(background=t3000)\n"
    )
    write_tree(checkout, {"deep.py": deep, "app.py": MIDDLEWARE_FILE})
    result = scan_code(checkout)
    assert [e.file for e in result.errors] == ["deep.py"]
    assert "RecursionError" in result.errors[0].message
    assert rows(result.middleware) == [("app.py", 4, "subclass", "M")]


def test_the_garbage_collector_is_left_as_it_was() -> None:
    assert gc.isenabled()
    scan_code(FIXTURES / "chain")
    assert gc.isenabled()
    gc.disable()
    try:
        scan_code(FIXTURES / "chain")
        assert not gc.isenabled()
    finally:
        gc.enable()
