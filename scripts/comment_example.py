#!/usr/bin/env python3
"""Write the docs' example of the pull-request comment: ``docs/comment-example.md`` (the Markdown
action mode posts for a scan of the bundled ``examples/shop``) and ``docs/comment-example.html``
(that Markdown rendered by cmark-gfm, GitHub's renderer, as a page to open in a browser).

    python scripts/comment_example.py                      # scans examples/shop first
    python scripts/comment_example.py --report shop.json   # or renders a JSON report of it
    python scripts/comment_example.py -- --vulnerability-url http://127.0.0.1:PORT/v1/query

Arguments after ``--`` go to ``entrypoint.py scan``. The places link to the repository and commit
given with ``--links`` (as on a pull request); without it they are plain text, as the CLI's
``--format markdown`` writes them. ``--screenshot`` also writes ``docs/comment-example.png`` with
a headless Chromium (Debian: ``apt-get install chromium fonts-noto-color-emoji``). Needs the dev
dependencies (cmarkgfm): ``python3 dev.py`` made ``.venv`` with them. Documentation tooling, not
part of the product.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

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


def scan_example(extra: list[str]) -> str:
    """The JSON report of ``examples/shop`` (exit code 1 is expected: the bug reproduces there)."""
    cmd = [
        sys.executable,
        str(ROOT / "entrypoint.py"),
        "scan",
        str(ROOT / "examples/shop"),
        "--format",
        "json",
    ]
    done = subprocess.run([*cmd, *extra], capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode not in (0, 1):
        sys.exit(f"the scan failed (exit {done.returncode}):\n{done.stderr}")
    return done.stdout


def main(argv: list[str]) -> int:
    extra = argv[argv.index("--") + 1 :] if "--" in argv else []
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--report", type=Path, help="a JSON report of examples/shop instead of scanning it")
    parser.add_argument("--links", nargs=3, metavar=("SERVER", "OWNER/REPO", "SHA"), help="link the places")
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="where to write (default: docs/)")
    parser.add_argument(
        "--screenshot", action="store_true", help="also a PNG of the page (headless Chromium)"
    )
    args = parser.parse_args(argv[: argv.index("--")] if "--" in argv else argv)

    import cmarkgfm
    from cmarkgfm.cmark import Options

    from starlette_2093_check.report.links import Links
    from starlette_2093_check.report.load import load_report
    from starlette_2093_check.report.markdown import render_markdown

    text = args.report.read_text(encoding="utf-8") if args.report else scan_example(extra)
    report = load_report(json.loads(text))  # paths as in the shop's own repository
    links = Links.of(*args.links) if args.links else None
    if args.links and links is None:
        sys.exit("--links: expected a server URL, owner/name and a 40-hex commit")
    markdown = render_markdown(report, links=links)
    rendered = cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "comment-example.md").write_text(markdown, encoding="utf-8")
    page = PAGE.format(title=html.escape("The pull-request comment for examples/shop"), body=rendered)
    (args.out / "comment-example.html").write_text(page, encoding="utf-8")
    print(f"wrote {args.out / 'comment-example.md'} and {args.out / 'comment-example.html'}")
    if args.screenshot:
        screenshot(args.out / "comment-example.html", args.out / "comment-example.png")
    return 0


def screenshot(page: Path, png: Path) -> None:
    """``page`` as a PNG, the collapsed sections closed, as a reader first sees the comment."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        sys.exit("--screenshot: no chromium on PATH")
    cmd = [browser, "--headless", "--disable-gpu", "--hide-scrollbars", "--window-size=1000,640"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--no-sandbox")  # Chromium refuses to run as root with its sandbox
    done = subprocess.run(
        [*cmd, f"--screenshot={png}", page.resolve().as_uri()], capture_output=True, text=True, check=False
    )
    if done.returncode != 0 or not png.is_file():
        sys.exit(f"--screenshot: chromium failed (exit {done.returncode}):\n{done.stderr[-2000:]}")
    print(f"wrote {png}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
