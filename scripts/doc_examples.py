#!/usr/bin/env python3
"""Write the docs' examples of what the action shows, each as Markdown and as a page rendered by
cmark-gfm (GitHub's renderer) to open in a browser:

- ``docs/comment-example.{md,html}``: the pull-request comment action mode posts for a scan of the
  bundled ``examples/shop``;
- ``docs/step-summary-example.{md,html}``: the job summary of that same run (the report, then where
  the comment was posted);
- ``docs/org-summary-example.{md,html}``: the job summary of an organisation scan. A real
  ``entrypoint.py scan-org`` runs against the fake GitHub of the tests (``tests/fakegithub.py``, on
  127.0.0.1) serving four small repositories made from ``examples/shop``'s manifests: the shop as it
  is (reproduced), the shop after the fix (``starlette==0.29.0``), an archived copy (skipped) and one
  without a Python project.

    python scripts/doc_examples.py                      # scans examples/shop and the fake org first
    python scripts/doc_examples.py --report shop.json   # or renders a JSON report of the shop
    python scripts/doc_examples.py --only org-summary --org-report org.json
    python scripts/doc_examples.py --advisories service   # ask pip-audit's OSV service itself

Known advisories come from ``tests/fakeosv.py`` on 127.0.0.1, serving the records of
``tests/fixtures/osv`` copied from the public advisory databases (the invented ``TEST-*`` ones left
out), so that the examples are the same wherever they are made; ``--advisories service`` asks the
real service instead. Arguments after ``--`` go to ``entrypoint.py scan`` and ``scan-org`` alike
(``-- --vulnerability-url URL`` for a mirror). The places link to the
server, repository and commit given with ``--links`` (as on a pull request; the organisation's
repositories are then named under that owner and link to the commit each was scanned at); without
it they are plain text, as the CLI's ``--format markdown`` writes them. ``--screenshot`` also writes
each ``.png`` with a headless Chromium, collapsed sections closed (Debian: ``apt-get install chromium
fonts-noto-color-emoji``). Needs the dev dependencies (cmarkgfm): ``python3 dev.py`` made ``.venv``
with them. Documentation tooling, not part of the product.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHOP = ROOT / "examples" / "shop"
TOKEN = "ghs_doc_examples_token"
# Plausible ids for what a real run would have: the workflow run and the comment it posted.
RUN_ID, PULL, COMMENT_ID = 9876543210, 42, 2093000001

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font: 14px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; max-width: 880px;
       margin: 2em auto; padding: 0 1em; color: #1f2328; }}
table {{ border-collapse: collapse; }} th, td {{ border: 1px solid #d1d9e0; padding: 4px 10px; }}
code {{ background: #eff1f3; padding: 0 3px; border-radius: 4px; }}
pre {{ background: #f6f8fa; padding: 8px; }}
details {{ margin: 6px 0; }} summary {{ cursor: pointer; }} blockquote {{ color: #59636e; margin-left: 0;
       padding-left: 1em; border-left: 4px solid #d1d9e0; }}
</style>
</head>
<body>
{body}
</body>
</html>
"""


@dataclass(frozen=True)
class Example:
    """One example: its file name in docs/, the page's title and the browser window of its PNG."""

    name: str
    title: str
    window: str  # width,height: the whole first screen, collapsed sections closed


EXAMPLES = {
    e.name: e
    for e in (
        Example("comment", "The pull-request comment for examples/shop", "1000,680"),
        Example("step-summary", "The job summary of the action's run on examples/shop", "1000,720"),
        Example("org-summary", "The job summary of an organisation scan", "1100,700"),
    )
}


@dataclass(frozen=True)
class Place:
    """Where the examples' links lead (``--links``), and the pages a real run would link to."""

    server: str
    repository: str
    sha: str

    @property
    def owner(self) -> str:
        return self.repository.split("/")[0]

    @property
    def run_url(self) -> str:
        return f"{self.server}/{self.repository}/actions/runs/{RUN_ID}"

    @property
    def comment_url(self) -> str:
        return f"{self.server}/{self.repository}/pull/{PULL}#issuecomment-{COMMENT_ID}"


def entrypoint(command: str, args: list[str], env: dict[str, str] | None = None) -> str:
    """``entrypoint.py COMMAND ARGS``' standard output (exit code 1 is expected: the bug
    reproduces in the examples)."""
    cmd = [sys.executable, str(ROOT / "entrypoint.py"), command, *args]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env, check=False)
    if done.returncode not in (0, 1):
        sys.exit(f"{command} failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return done.stdout


@contextlib.contextmanager
def advisories(source: str, extra: list[str]) -> Iterator[list[str]]:
    """``extra`` with, for ``fixtures`` (and no ``--vulnerability-url`` of the caller's), the URL of
    a local OSV serving the real records of ``tests/fixtures/osv``."""
    if source != "fixtures" or any(a.startswith("--vulnerability-url") for a in extra):
        yield extra
        return
    from tests.fakeosv import FakeOsv, load_records

    real = [r for r in load_records() if not str(r.get("id", "")).startswith("TEST-")]
    with FakeOsv(real) as osv:
        yield [*extra, "--vulnerability-url", osv.url]


def scan_shop(extra: list[str]) -> str:
    """The JSON report of ``examples/shop``."""
    return entrypoint("scan", [str(SHOP), "--format", "json", *extra])


def shop_files() -> dict[str, str]:
    """``examples/shop``'s manifests and README (an organisation scan reads nothing else)."""
    return {
        p.relative_to(SHOP).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(SHOP.rglob("*"))
        if p.is_file() and p.name in ("requirements.txt", "README.md")
    }


def fixed(files: dict[str, str]) -> dict[str, str]:
    """The shop after the fix the comment recommends: starlette 0.29.0, fastapi 0.108.0."""
    swaps = {"starlette==0.27.0": "starlette==0.29.0", "fastapi==0.95.1": "fastapi==0.108.0"}
    out = {}
    for path, text in files.items():
        for old, new in swaps.items():
            text = text.replace(old, new)
        out[path] = text
    if out == files:
        sys.exit("examples/shop changed: update fixed() in scripts/doc_examples.py")
    return out


def scan_org(owner: str, extra: list[str]) -> str:
    """The JSON report of ``scan-org`` over a small organisation served by the tests' fake GitHub."""
    from starlette_2093_check.cli import default_cache_dir
    from tests.fakegithub import BOT, FakeGitHub

    shop = shop_files()
    with (
        tempfile.TemporaryDirectory(prefix="doc-examples-") as tmp,
        FakeGitHub(tokens={TOKEN: {"user": BOT, "readonly": True}}, rate_limit=5000) as fake,
    ):
        fake.add_repo(f"{owner}/shop", files=dict(shop))
        fake.add_repo(f"{owner}/storefront", files={**fixed(shop)})
        fake.add_repo(f"{owner}/shop-2019", files=dict(shop), archived=True)
        fake.add_repo(
            f"{owner}/handbook", files={"README.md": "# Handbook\n", "mkdocs.yml": "site_name: Handbook\n"}
        )
        # The organisation's blobs and trees in a cache of their own; the sandboxes and verdicts
        # are the ones scans of examples/shop already built.
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "INPUT_"))}
        cache, shared = Path(tmp) / "cache", default_cache_dir(env)
        cache.mkdir()
        for part in ("venvs", "verdicts"):
            (shared / part).mkdir(parents=True, exist_ok=True)
            (cache / part).symlink_to(shared / part)
        env.update(GITHUB_TOKEN=TOKEN, GITHUB_API_URL=fake.url)
        args = ["--org", owner, "--cache-dir", str(cache), "--audit", "off", "-q", "--format", "json"]
        return entrypoint("scan-org", [*args, *extra], env)


def comment(report: Any, place: Place | None) -> str:
    from starlette_2093_check.report.links import Links
    from starlette_2093_check.report.markdown import render_markdown

    links = Links.of(place.server, place.repository, place.sha) if place else None
    return render_markdown(report, links=links)


def step_summary(report: Any, place: Place | None) -> str:
    """The summary as ``run_action`` writes it on a pull request: the report, then the comment it
    created (with ``--links``; without, nothing was posted and no run is linked)."""
    from starlette_2093_check.action import Outcome, summary
    from starlette_2093_check.github.sticky import Action, Posted
    from starlette_2093_check.report.links import Links

    if place is None:
        return summary(Outcome(report, None, None), None)
    posted = Posted(Action.CREATED, place.comment_url)
    links = Links.of(place.server, place.repository, place.sha)
    return summary(Outcome(report, posted, None), place.run_url, links=links)


def org_summary(report: Any, place: Place | None) -> str:
    from starlette_2093_check.report.org import render_org_markdown

    if place is None:
        return render_org_markdown(report)
    return render_org_markdown(report, place.run_url, place.server)


def write(example: Example, markdown: str, out: Path, shot: bool) -> None:
    """``NAME-example.md``, its page ``.html`` and, with ``shot``, its ``.png``."""
    import cmarkgfm
    from cmarkgfm.cmark import Options

    if "127.0.0.1" in markdown or "localhost" in markdown:
        sys.exit(f"{example.name}: the fake server's address leaked into the Markdown")
    rendered = cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)
    stem = out / f"{example.name}-example"
    stem.with_suffix(".md").write_text(markdown, encoding="utf-8")
    page = PAGE.format(title=html.escape(example.title), body=rendered)
    stem.with_suffix(".html").write_text(page, encoding="utf-8")
    print(f"wrote {stem.with_suffix('.md')} and {stem.with_suffix('.html')}")
    if shot:
        screenshot(stem.with_suffix(".html"), stem.with_suffix(".png"), example.window)


def screenshot(page: Path, png: Path, window: str) -> None:
    """``page`` as a PNG, the collapsed sections closed, as a reader first sees it."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        sys.exit("--screenshot: no chromium on PATH")
    cmd = [browser, "--headless", "--disable-gpu", "--hide-scrollbars", f"--window-size={window}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--no-sandbox")  # Chromium refuses to run as root with its sandbox
    done = subprocess.run(
        [*cmd, f"--screenshot={png}", page.resolve().as_uri()], capture_output=True, text=True, check=False
    )
    if done.returncode != 0 or not png.is_file():
        sys.exit(f"--screenshot: chromium failed (exit {done.returncode}):\n{done.stderr[-2000:]}")
    print(f"wrote {png}")


def main(argv: list[str]) -> int:
    extra = argv[argv.index("--") + 1 :] if "--" in argv else []
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--only", choices=sorted(EXAMPLES), action="append", help="write only this example (repeatable)"
    )
    parser.add_argument("--report", type=Path, help="a JSON report of examples/shop instead of scanning it")
    parser.add_argument(
        "--org-report", type=Path, help="a JSON scan-org report instead of scanning the fake org"
    )
    parser.add_argument("--links", nargs=3, metavar=("SERVER", "OWNER/REPO", "SHA"), help="link the places")
    parser.add_argument(
        "--advisories",
        choices=("fixtures", "service"),
        default="fixtures",
        help="known advisories from tests/fixtures/osv's records (default) or from pip-audit's service",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="where to write (default: docs/)")
    parser.add_argument(
        "--screenshot", action="store_true", help="also a PNG of each page (headless Chromium)"
    )
    args = parser.parse_args(argv[: argv.index("--")] if "--" in argv else argv)

    from starlette_2093_check.report.links import Links
    from starlette_2093_check.report.load import load_report
    from starlette_2093_check.report.org import load_org

    place = Place(*args.links) if args.links else None
    if place and Links.of(place.server, place.repository, place.sha) is None:
        sys.exit("--links: expected a server URL, owner/name and a 40-hex commit")
    wanted = [EXAMPLES[name] for name in (args.only or EXAMPLES)]
    args.out.mkdir(parents=True, exist_ok=True)
    renderers: dict[str, Callable[[Any, Place | None], str]] = {
        "comment": comment,
        "step-summary": step_summary,
        "org-summary": org_summary,
    }
    shop: Any = None
    for example in wanted:
        if example.name == "org-summary":
            text = args.org_report.read_text(encoding="utf-8") if args.org_report else None
            report = load_org(json.loads(text or scan_org(place.owner if place else "your-org", extra)))
        else:
            if shop is None:  # paths as in the shop's own repository
                if args.report:
                    text = args.report.read_text(encoding="utf-8")
                else:
                    with advisories(args.advisories, extra) as scan_args:
                        text = scan_shop(scan_args)
                shop = load_report(json.loads(text))
            report = shop
        write(example, renderers[example.name](report, place), args.out, args.screenshot)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
