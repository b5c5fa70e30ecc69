"""The comment's layout as a template file: Markdown with ``$name`` placeholders, nothing else.

The built-in templates ship in the package (``report/templates/*.md``). The ``comment-template``
input names a file of the repository that replaces the comment's; it is read from the checkout, so
it is data, never code: ``string.Template`` placeholders only (``$$`` is a dollar sign), from the
list below, at most ``MAX_BYTES``, one of them ``$heading`` (the verdict). Every value put in is
Markdown this package rendered, with the report's text escaped (``report.md``), and the hidden
marker and state lines are written above whatever the template says
(``starlette_2093_check.report.markdown.render_markdown``): no template can forge or move them.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

MAX_BYTES = 16 * 1024
BUILTIN_COMMENT = "comment.md"
# Each placeholder and what it holds (listed in the docs, "The comment template").
PLACEHOLDERS = {
    "heading": "the heading: the verdict for the whole repository, with its icon",
    "change": "on a pull request: what it changes (introduces, fixes, already on the base branch)",
    "bug": "the bug's one-line title, as a quote",
    "since": "what changed since the comment's last run (when the bug reproduced before)",
    "table": "the table: project, Starlette now → fix, verdict, triggered in your code?",
    "fix": "what to do for each project: the one-click suggestion or the edit and command",
    "unchecked": "the projects that could not be checked, with why (never called safe)",
    "policy": "collapsed: the policy's ignore entries that expired, are stale or could not apply",
    "evidence": "collapsed: what breaks, and what the reproduction measured in each project",
    "fix_details": "collapsed: the fix's runs, its verification, the advisories it clears, the diff",
    "versions": "collapsed: where each version comes from, notes, approximate versions",
    "related": "collapsed: related bugs of the same machinery that reproduced",
    "advisories": "collapsed: known advisories (pip-audit)",
    "when_not_to_apply": "collapsed: when not to apply the fix, and what to watch in production",
    "errors": "collapsed: files that could not be read or resolved",
    "footer": "files read, counts, the run log and the action's version",
    "version": "the action's version",
    "verdict": "one word: reproduced, inconclusive, not_reproduced or none",
}
REQUIRED = ("heading",)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BLANKS = re.compile(r"\n{3,}")


class TemplateError(ValueError):
    """A template that cannot be used: ``file`` and, where known, ``line`` say where; the message
    names them too."""

    def __init__(self, file: str, line: int | None, why: str) -> None:
        super().__init__(f"{file}:{line}: {why}" if line is not None else f"{file}: {why}")
        self.file = file
        self.line = line


@dataclass(frozen=True)
class CommentTemplate:
    text: str
    source: str  # where it was read: "built-in comment.md" or the repository path


@functools.cache
def builtin(name: str = BUILTIN_COMMENT) -> CommentTemplate:
    """A template shipped in the package."""
    text = (resources.files("starlette_2093_check.report") / "templates" / name).read_text(encoding="utf-8")
    return parse(text, f"built-in {name}")


def _line(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def parse(text: str, source: str) -> CommentTemplate:
    """``text`` as a template, checked: placeholders only, known names, ``$heading`` present."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        raise TemplateError(source, None, f"{size} bytes; a comment template may have at most {MAX_BYTES}")
    control = _CONTROL.search(text)
    if control:
        raise TemplateError(source, _line(text, control.start()), "a control character is not allowed")
    template = string.Template(text)
    found: set[str] = set()
    for match in template.pattern.finditer(text):
        if match.group("invalid") is not None:
            raise TemplateError(
                source,
                _line(text, match.start()),
                "a $ that is not a placeholder; write $$ for a dollar sign, and $name or ${name} "
                "for a placeholder",
            )
        name = match.group("named") or match.group("braced")
        if name is None:  # $$
            continue
        if name not in PLACEHOLDERS:
            raise TemplateError(
                source,
                _line(text, match.start()),
                f"unknown placeholder ${name}; known: {', '.join('$' + n for n in PLACEHOLDERS)}",
            )
        found.add(name)
    missing = [f"${n}" for n in REQUIRED if n not in found]
    if missing:
        raise TemplateError(source, None, f"the template must contain {', '.join(missing)} (the verdict)")
    return CommentTemplate(text, source)


def read_template(root: Path, relative: str) -> CommentTemplate:
    """The template at ``relative`` in the checkout ``root``: a regular file inside it (a symlink
    out of it is refused), bounded, UTF-8, then ``parse``. Errors name ``relative``."""
    path = (root / relative).resolve()
    if not path.is_relative_to(root.resolve()):
        raise TemplateError(relative, None, "leaves the workspace")
    if not path.is_file():
        raise TemplateError(relative, None, "not a file in the workspace")
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise TemplateError(
            relative, None, f"cannot read it ({exc.strerror or type(exc).__name__})"
        ) from None
    if len(data) > MAX_BYTES:
        raise TemplateError(relative, None, f"larger than {MAX_BYTES} bytes, the most a template may have")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TemplateError(relative, data.count(b"\n", 0, exc.start) + 1, "not UTF-8 text") from None
    return parse(text.replace("\r\n", "\n"), relative)


def fill(template: CommentTemplate, values: Mapping[str, str]) -> str:
    """The template with every placeholder replaced (an empty section leaves no run of blank lines)."""
    body = string.Template(template.text).substitute({name: values.get(name, "") for name in PLACEHOLDERS})
    return _BLANKS.sub("\n\n", body).strip("\n") + "\n"


@functools.cache
def _section_text(name: str) -> str:
    return (resources.files("starlette_2093_check.report") / "templates" / f"section-{name}.md").read_text(
        encoding="utf-8"
    )


def section(name: str, /, **values: str) -> str:
    """A built-in section (``templates/section-<name>.md``) filled with ``values``, which must name
    every placeholder it has (a missing one is a bug of ours: ``KeyError``)."""
    body = string.Template(_section_text(name)).substitute(values)
    return _BLANKS.sub("\n\n", body).strip("\n")
