#!/usr/bin/env python3
"""Reachability (``starlette_2093_check.reach.scan_code``) time on a generated 2,000-file monorepo.

The repository: ``libs/common`` (a shared ``BaseHTTPMiddleware`` subclass, helpers) and services
``services/svcNN/app`` that look like real FastAPI/Starlette code: models, schemas, business logic,
repositories, routers (some taking ``BackgroundTasks`` and returning responses with ``background=``),
middleware modules (subclass chains across modules and into ``libs/common``, ``@app.middleware("http")``,
``add_middleware``, ``Middleware(...)``), image helpers with ``background=0`` look-alikes, comments that
say "background", and a few files with syntax errors. Modules are 100 to 300 lines. Tests, virtualenvs
and vendored code are not generated: every file counts.

Each run is a fresh interpreter (as each scan is), timing ``scan_code()`` alone; a first run warms the
page cache and is not counted. One more run parses every file (no text pre-filter) and must find the
same; its time shows what the pre-filter saves.

Target (issue 6): 1.5 s or less. Last line: ``reach-median: X.XX s``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
from pathlib import Path
from typing import Any

from _util import REPO, run_child, table

HEADER = '"""{doc}"""\n\nfrom __future__ import annotations\n\n'


def _pad(rng: random.Random, lines: int, prefix: str) -> str:
    """Ordinary code, about ``lines`` long: functions with branches, loops, dicts, comprehensions."""
    out: list[str] = []
    n = 0
    while len(out) < lines:
        n += 1
        kind = rng.randrange(4)
        if kind == 0:
            out += [
                f"def {prefix}_compute_{n}(items: list[dict[str, Any]], limit: int = {n}) -> int:",
                f'    """Sum the weights of the first ``limit`` active items ({n})."""',
                "    total = 0",
                "    for index, item in enumerate(items):",
                "        if index >= limit:",
                "            break",
                '        if not item.get("active", True):',
                "            continue",
                f'        total += int(item.get("weight", {rng.randint(1, 9)})) * {rng.randint(1, 7)}',
                "    return total",
                "",
                "",
            ]
        elif kind == 1:
            out += [
                f"class {prefix.title()}Record{n}:",
                f'    """A plain record kept in memory ({n})."""',
                "",
                "    def __init__(self, key: str, value: int) -> None:",
                "        self.key = key",
                "        self.value = value",
                "",
                "    def as_dict(self) -> dict[str, Any]:",
                '        return {"key": self.key, "value": self.value, "kind": self.__class__.__name__}',
                "",
                "    def __repr__(self) -> str:",
                f'        return f"{prefix}{n}({{self.key!r}}, {{self.value}})"',
                "",
                "",
            ]
        elif kind == 2:
            out += [
                f"def {prefix}_index_{n}(rows: list[tuple[str, int]]) -> dict[str, list[int]]:",
                "    grouped: dict[str, list[int]] = {}",
                "    for name, value in rows:",
                "        grouped.setdefault(name.lower(), []).append(value)",
                "    return {k: sorted(v) for k, v in grouped.items() if v}",
                "",
                "",
            ]
        else:
            out += [
                f"async def {prefix}_fetch_{n}(client: Any, ids: list[int]) -> list[dict[str, Any]]:",
                "    # Fetch in pages so one slow page does not hold the whole list.",
                "    results: list[dict[str, Any]] = []",
                f"    for start in range(0, len(ids), {rng.choice([10, 25, 50])}):",
                f"        page = ids[start : start + {rng.choice([10, 25, 50])}]",
                f'        response = await client.get("/items", params={{"ids": page, "n": {n}}})',
                "        results.extend(response.json())",
                "    return results",
                "",
                "",
            ]
    return "\n".join(out) + "\n"  # whole blocks: a cut one would be a syntax error


def _size(rng: random.Random) -> int:
    return rng.randint(100, 300)


def model_module(rng: random.Random, name: str) -> str:
    head = (
        HEADER.format(doc=f"Data models: {name}.")
        + "from typing import Any\n\nfrom pydantic import BaseModel\n\n\n"
    )
    fields = "".join(f"    field_{i}: str | None = None\n" for i in range(rng.randint(5, 15)))
    body = f"class {name.title()}(BaseModel):\n{fields}\n\n"
    return head + body + _pad(rng, _size(rng), name)


def service_module(rng: random.Random, name: str, comment_background: bool) -> str:
    head = HEADER.format(doc=f"Business logic: {name}.") + "import logging\nfrom typing import Any\n\n"
    head += "log = logging.getLogger(__name__)\n\n\n"
    if comment_background:
        head += "# The heavy part runs later, in the background, so callers are not kept waiting.\n"
    return head + _pad(rng, _size(rng), name)


def router_module(rng: random.Random, name: str, with_background: bool) -> str:
    imports = "from typing import Any\n\nfrom fastapi import APIRouter, Depends, HTTPException\n"
    if with_background:
        imports = (
            "from typing import Annotated, Any\n\n"
            "from fastapi import APIRouter, BackgroundTasks, Depends, HTTPException\n"
            "from fastapi.responses import JSONResponse\n"
        )
    out = (
        HEADER.format(doc=f"HTTP routes: {name}.") + imports + f'\nrouter = APIRouter(prefix="/{name}")\n\n\n'
    )
    for i in range(rng.randint(4, 9)):
        out += (
            f'@router.get("/{name}/{i}")\n'
            f"async def get_{name}_{i}(item_id: int, limit: int = 10) -> dict[str, Any]:\n"
            f"    if item_id < 0:\n"
            f'        raise HTTPException(status_code=404, detail="not found")\n'
            f'    return {{"id": item_id, "limit": limit, "route": {i}}}\n\n\n'
        )
    if with_background:
        out += (
            f'@router.post("/{name}")\n'
            f"async def create_{name}(\n"
            f"    payload: dict[str, Any], background_tasks: BackgroundTasks\n"
            f") -> JSONResponse:\n"
            f"    background_tasks.add_task(print, payload)\n"
            f'    return JSONResponse({{"ok": True}}, status_code=201, background=background_tasks)\n\n\n'
            f'@router.put("/{name}")\n'
            f"async def update_{name}(tasks: Annotated[BackgroundTasks, Depends()]) -> dict[str, Any]:\n"
            f"    tasks.add_task(print, 'updated')\n"
            f'    return {{"ok": True}}\n\n\n'
        )
    return out + _pad(rng, _size(rng), name)


def image_module(rng: random.Random, name: str) -> str:
    head = HEADER.format(doc="Thumbnails (background=0 is a colour here).") + "from typing import Any\n\n"
    head += "from PIL import Image\n\n\n"
    head += f"def blank_{name}(size: tuple[int, int]) -> Any:\n"
    head += "    return Image.new('RGB', size, background=0)\n\n\n"
    return head + _pad(rng, _size(rng), name)


def middleware_module(rng: random.Random, svc: int) -> str:
    """A service's middleware: a subclass of the shared base, and one of the service's own."""
    head = HEADER.format(doc="Request middleware.") + "from typing import Any\n\n"
    head += "from common.middleware import AuditBase\n"
    head += "from starlette.middleware.base import BaseHTTPMiddleware\n\n\n"
    head += (
        f"class Svc{svc}Audit(AuditBase):\n    pass\n\n\n"
        "class TimingMiddleware(BaseHTTPMiddleware):\n"
        "    async def dispatch(self, request: Any, call_next: Any) -> Any:\n"
        "        return await call_next(request)\n\n\n"
    )
    return head + _pad(rng, _size(rng), f"mw{svc}")


def chain_module(rng: random.Random, svc: int) -> str:
    """No keyword at all: found only through the in-repo name of its base."""
    head = HEADER.format(doc="Stricter auditing.") + "from typing import Any\n\n"
    head += f"from app.middleware import Svc{svc}Audit\n\n\n"
    head += f"class Strict{svc}Audit(Svc{svc}Audit):\n    pass\n\n\n"
    return head + _pad(rng, _size(rng), f"chain{svc}")


def main_module(rng: random.Random, svc: int, routers: list[str]) -> str:
    imports = "".join(f"from app.routers.{r} import router as {r}_router\n" for r in routers)
    out = HEADER.format(doc=f"Service {svc}.") + "from typing import Any\n\n"
    out += "from fastapi import FastAPI\nfrom fastapi.middleware import Middleware\n"
    out += (
        f"from app.middleware import TimingMiddleware\nfrom app.strict import Strict{svc}Audit\n{imports}\n"
    )
    out += f"app = FastAPI(middleware=[Middleware(Strict{svc}Audit)])\napp.add_middleware(TimingMiddleware)\n"
    out += "".join(f"app.include_router({r}_router)\n" for r in routers)
    out += (
        '\n\n@app.middleware("http")\n'
        "async def add_process_time(request: Any, call_next: Any) -> Any:\n"
        "    return await call_next(request)\n\n\n"
    )
    return out + _pad(rng, rng.randint(100, 150), f"main{svc}")


BROKEN_WITH_KEYWORD = (
    "from fastapi import BackgroundTasks\n\n\ndef handler(tasks: BackgroundTasks)\n    return tasks\n"
)
BROKEN_PLAIN = "def half_written(\n    value: int,\n"


def generate(base: Path, files: int, services: int, seed: int = 2093) -> int:
    rng = random.Random(seed)
    tree: dict[str, str] = {
        "libs/common/common/__init__.py": "",
        "libs/common/common/middleware.py": (
            HEADER.format(doc="Shared middleware.")
            + "from typing import Any\n\nfrom starlette.middleware.base import BaseHTTPMiddleware\n\n\n"
            + "class AuditBase(BaseHTTPMiddleware):\n"
            + "    async def dispatch(self, request: Any, call_next: Any) -> Any:\n"
            + "        return await call_next(request)\n\n\n"
            + _pad(rng, 150, "common")
        ),
    }
    fixed = 5  # per service: two __init__.py, middleware.py, strict.py, main.py
    modules = files - len(tree) - fixed * services
    for svc in range(services):
        root = f"services/svc{svc:02d}/app"
        own: dict[str, str] = {
            f"{root}/__init__.py": "",
            f"{root}/routers/__init__.py": "",
            f"{root}/middleware.py": middleware_module(rng, svc),
            f"{root}/strict.py": chain_module(rng, svc),
        }
        routers: list[str] = []
        count = modules // services + (modules % services if svc == services - 1 else 0)
        for n in range(count):
            kind = n % 10
            name = f"m{svc:02d}_{n:03d}"
            if kind in (0, 1):
                own[f"{root}/models/{name}.py"] = model_module(rng, name)
            elif kind in (2, 3, 4):
                own[f"{root}/services/{name}.py"] = service_module(rng, name, comment_background=n % 20 == 3)
            elif kind in (5, 6, 7):
                routers.append(name)
                own[f"{root}/routers/{name}.py"] = router_module(rng, name, with_background=n % 30 == 5)
            elif kind == 8:
                own[f"{root}/images/{name}.py"] = image_module(rng, name)
            elif n % 40 == 9:
                own[f"{root}/broken/{name}.py"] = BROKEN_WITH_KEYWORD if n % 80 == 9 else BROKEN_PLAIN
            else:
                own[f"{root}/repositories/{name}.py"] = service_module(rng, name, comment_background=False)
        own[f"{root}/main.py"] = main_module(rng, svc, routers[:20])
        tree.update(own)
    for rel, text in tree.items():
        path = base / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return sum(1 for _ in base.rglob("*.py"))


CHILD = """
import hashlib, json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from starlette_2093_check.reach import _scan
started = time.perf_counter()
code = _scan(Path(sys.argv[1]), include_tests=False, prefilter=sys.argv[3] == "prefilter")
elapsed = time.perf_counter() - started
print(json.dumps({
    "seconds": elapsed,
    "files": code.files,
    "middleware": len(code.middleware),
    "background": len(code.background),
    "errors": len(code.errors),
    "digest": hashlib.sha256(repr((code.middleware, code.background)).encode()).hexdigest(),
}))
"""


def run_once(base: Path, mode: str = "prefilter") -> dict[str, Any]:
    """One scan in a fresh interpreter, timed inside it, imports excluded."""
    return run_child(CHILD, str(base), str(REPO), mode)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--services", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reach-speed-") as tmp:
        base = Path(tmp)
        total = generate(base, args.files, args.services)
        size = sum(p.stat().st_size for p in base.rglob("*.py"))
        run_once(base)  # warm-up: the page cache
        runs = [run_once(base) for _ in range(args.runs)]
        full = run_once(base, "full")
    times = [r["seconds"] for r in runs]
    print(f"{total} Python files, {size / 1e6:.1f} MB, {args.services} services")
    print(
        table(
            ["run", "seconds", "files", "findings", "middleware", "background", "errors"],
            [
                [
                    str(i),
                    f"{r['seconds']:.2f}",
                    str(r["files"]),
                    str(r["middleware"] + r["background"]),
                    str(r["middleware"]),
                    str(r["background"]),
                    str(r["errors"]),
                ]
                for i, r in enumerate(runs, 1)
            ],
        )
    )
    same = "same findings" if full["digest"] == runs[-1]["digest"] else "DIFFERENT FINDINGS"
    print(f"parsing every file instead: {full['seconds']:.2f} s, {full['errors']} errors, {same}")
    print(f"median {statistics.median(times):.2f} s, min {min(times):.2f} s, max {max(times):.2f} s")
    print(f"reach-median: {statistics.median(times):.2f} s")
    if same != "same findings":
        raise SystemExit(1)


if __name__ == "__main__":
    main()
