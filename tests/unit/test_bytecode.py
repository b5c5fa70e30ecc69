"""scripts/bytecode.py, the image's bytecode step: bytecode for what the tool imports, none for the rest.

Run as the Dockerfile runs it, in a subprocess; the bytecode goes to a fresh PYTHONPYCACHEPREFIX so
what was written, and only that, can be looked at.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "bytecode.py"


def run(package: Path, prefix: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(prefix)
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(package)], capture_output=True, text=True, env=env, check=False
    )


def written(prefix: Path, directory: Path) -> set[str]:
    """The modules under ``directory`` whose bytecode landed in ``prefix``, as dotted names."""
    root = prefix / directory.resolve().relative_to("/")
    return {
        ".".join(p.relative_to(root).with_suffix("").with_suffix("").parts).removesuffix(".__init__")
        for p in root.rglob("*.pyc")
    }


def test_the_package_and_what_it_imports_get_bytecode_the_rest_none(tmp_path: Path) -> None:
    result = run(REPO / "starlette_2093_check", tmp_path)
    assert result.returncode == 0, result.stderr
    site = written(tmp_path, Path(sysconfig.get_paths()["purelib"]))
    own = written(tmp_path, REPO)
    # the package, including modules imported only on demand
    assert {"starlette_2093_check.cli", "starlette_2093_check.report.sarif"} <= own
    # never imported here: scenarios run inside the sandbox under its own interpreter
    assert not {m for m in own if m.endswith(".scenario")}
    # dependencies the package imports only inside functions
    assert {"github.MainClass", "pip_audit._service.osv", "poetry.core.packages.dependency"} <= site
    # what pip-audit and rich bring for features the tool does not use: no bytecode
    assert not {m for m in site if m.split(".")[0] in {"pygments", "cyclonedx", "license_expression"}}


def test_a_module_the_package_names_but_cannot_import_fails_the_build(tmp_path: Path) -> None:
    package = tmp_path / "src" / "pkg"
    (package / "repro").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "repro" / "__init__.py").write_text("", encoding="utf-8")
    # sandbox-side: imports what only the sandbox has, and is left alone
    (package / "repro" / "harness.py").write_text("import starlette\n", encoding="utf-8")
    (package / "late.py").write_text(
        "def later():\n    from . import sibling\n    import no_such_module_anywhere\n", encoding="utf-8"
    )
    (package / "sibling.py").write_text("VALUE = 1\n", encoding="utf-8")
    result = run(package, tmp_path / "prefix")
    assert result.returncode == 1
    assert "cannot import no_such_module_anywhere" in result.stderr
    assert "starlette" not in result.stderr.replace("no_such_module_anywhere", "")
    assert {"pkg", "pkg.late", "pkg.sibling", "pkg.repro"} <= written(tmp_path / "prefix", tmp_path / "src")
