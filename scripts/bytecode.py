#!/usr/bin/env python3
"""Write bytecode for what the tool imports, and for nothing else (a step of the image's build).

pip compiles every module of every wheel it installs: 27 MB of ``.pyc`` in the image, a third of
it for modules this tool never imports (pygments' lexers, cyclonedx, pyparsing, ...: what pip-audit
and rich bring for features we do not use). Installed with ``--no-compile`` instead, a module
without bytecode is compiled at its first import in every fresh container; for what a run does
import that costs about a second per job, so that part is written here, at build time.

What is imported: every module of the package (all but the files that run inside the sandbox under
another interpreter), then every module an ``import`` statement of the package names, also inside
functions (PyGithub, pip-audit and poetry-core are imported only when needed). Importing writes the
bytecode of everything it loads, the way the first run would. A module that is named but cannot be
imported is listed and fails the build: the image would fail the same way at run time.

Usage: ``python scripts/bytecode.py [PACKAGE_DIR]`` (default: the package beside this script).
"""

from __future__ import annotations

import ast
import importlib
import os
import sys
from pathlib import Path

PACKAGE = "starlette_2093_check"
# Run by the sandbox's interpreter (Python 3.8+, with starlette installed), never imported here.
SANDBOX_SIDE = ("repro/harness.py", "packs/*/scenario.py")


def module_name(package_dir: Path, path: Path) -> str:
    parts = list(path.relative_to(package_dir.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def sources(package_dir: Path) -> list[Path]:
    """The package's modules that run in the tool's own interpreter."""
    skipped = {p for pattern in SANDBOX_SIDE for p in package_dir.glob(pattern)}
    return sorted(p for p in package_dir.rglob("*.py") if p not in skipped and p.name != "__main__.py")


def named_imports(package_dir: Path, path: Path) -> set[str]:
    """The absolute module names the ``import`` statements of ``path`` name, wherever they are."""
    names: set[str] = set()
    here = module_name(package_dir, path).split(".")
    if path.name != "__init__.py":
        here.pop()  # a module's relative imports start from its package
    for node in ast.walk(ast.parse(path.read_bytes(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = here[: len(here) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names.add(base)
            # ``from package import module``: the name may be a submodule
            names.update(f"{base}.{alias.name}" for alias in node.names if alias.name != "*")
    return {n for n in names if n and n != "__future__"}


def wanted(package_dir: Path) -> list[str]:
    """Every module to import, the package's own first."""
    own = [module_name(package_dir, p) for p in sources(package_dir)]
    named: set[str] = set()
    for path in sources(package_dir):
        named |= named_imports(package_dir, path)
    return own + sorted(named - set(own))


def is_attribute(name: str) -> bool:
    """``from x import y`` where y is a name in x, not a submodule: nothing to import."""
    parent, _, leaf = name.rpartition(".")
    if not parent:
        return False
    try:
        return hasattr(importlib.import_module(parent), leaf)
    except ImportError:
        return False


def main(argv: list[str]) -> int:
    default = Path(__file__).resolve().parent.parent / PACKAGE
    package_dir = Path(argv[1] if len(argv) > 1 else default).resolve()
    if sys.dont_write_bytecode:
        print("bytecode: writing bytecode is disabled (PYTHONDONTWRITEBYTECODE): nothing would be written")
        return 2
    sys.path.insert(0, str(package_dir.parent))
    os.chdir(package_dir.parent)
    failed: list[str] = []
    names = wanted(package_dir)
    for name in names:
        try:
            importlib.import_module(name)
        except ImportError as exc:
            if not is_attribute(name):
                failed.append(f"{name}: {exc}")
    for line in failed:
        print(f"bytecode: cannot import {line}", file=sys.stderr)
    print(f"bytecode: {len(names) - len(failed)} modules imported, their bytecode written")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
