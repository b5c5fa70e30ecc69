"""What of a report's fix may be shown as something to do: the commands and edits our advice
writes, and the sentence that says what to do, rebuilt from the fix's fields.

A report may be a file a pull request's workflow wrote (the ``report`` input). Its ``change``
sentence is never shown, its command only when it has the shape of one our advice writes, and an
edit only when it changes nothing but a version specifier of a manifest we edit.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from starlette_2093_check.deployedfix import rebuild_step
from starlette_2093_check.model import Edit, Fix, Target
from starlette_2093_check.report import md
from starlette_2093_check.report.load import editable_kind

# The commands our advice writes (advise: lock_command, compile_command). A report's command is
# shown only in one of these shapes: plain words, no shell syntax, no option that changes where
# packages come from, no path outside the project.
_PACKAGE = r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?"
_LOCK_COMMAND = re.compile(
    rf"uv lock(?: --upgrade-package {_PACKAGE})+|(?:poetry|pdm|pipenv) update(?: {_PACKAGE})+"
)
_COMPILE_COMMAND = re.compile(
    r"(?:pip-compile|uv pip compile)(?: (?:[A-Za-z0-9_./=:@+,%-]+|'[A-Za-z0-9_./=:@+,% -]*'))*"
)
_SOURCE_OPTIONS = (
    "--index-url",
    "--extra-index-url",
    "--index",
    "--default-index",
    "--find-links",
    "--trusted-host",
    "--pip-args",
    "--cert",
    "--client-cert",
    "--config-file",
    "--keyring-provider",
)
MAX_COMMAND = 500


def shown_command(command: str | None) -> str | None:
    """``command`` if it has the shape of a lock or compile command our advice writes, else None."""
    if not command or len(command) > MAX_COMMAND:
        return None
    if _LOCK_COMMAND.fullmatch(command):
        return command
    if not _COMPILE_COMMAND.fullmatch(command):
        return None
    for word in command.split(" "):
        value = word.strip("'").split("=", 1)[-1]
        if "://" in word or "@" in word or word.startswith(("-i", "-f")):
            return None
        if word.split("=", 1)[0] in _SOURCE_OPTIONS:
            return None
        if value.startswith(("/", "~")) or ".." in value.split("/"):
            return None
    return command


# What a version change may put into a manifest line where it differs from the old one: the
# specifier, and for TOML its quotes and a ``version =`` key. Never an option, a URL or a separator.
_SPEC_CHANGE = re.compile(r"""[A-Za-z0-9_.=<>!~,*^ "'+-]{0,200}""")
_BREAKS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def plausible_edit(edit: Edit) -> bool:
    """Whether ``edit`` looks like an edit our advice makes: one line of a manifest kind we edit,
    changed only in a version specifier. Others (a report's ``curl ... | bash`` into a workflow, an
    ``--index-url`` appended to a requirement) are never shown as something to apply."""
    old, new = edit.old, edit.new
    if editable_kind(edit.file) is None or old == new or any(c in old + new for c in _BREAKS):
        return False
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    changed = new[start : len(new) - end]
    return bool(_SPEC_CHANGE.fullmatch(changed)) and "--" not in changed and " -" not in changed


NOT_SHOWN = "an edit the report names is not shown: it is not a version change this action makes"
NO_COMMAND = (
    "update the lock or compiled file with the tool that manages it (the command the report names "
    "is not shown: it is not one this action writes)"
)


def fix_sentence(
    fix: Fix,
    target: Target,
    text: Callable[[str], str] = md.text,
    code: Callable[[str], str] = md.code,
    where: Callable[[str, int | None], str] | None = None,
) -> str:
    """What to do, as one sentence built from the fix's fields: first the minimum, then how.

    It says what ``starlette_2093_check.advise.with_sentence`` says, but every value goes through ``text`` or
    ``code`` (Markdown by default), a ``file:line`` through ``where`` (``text`` by default) and the
    command only when ``shown_command`` accepts it. The fix's own ``change`` text is never used:
    it may come from a report file.
    """

    def at(file: str, line: int | None) -> str:
        if where is not None:
            return where(file, line)
        return text(file) if line is None else f"{text(file)}:{line}"

    package = target.package
    if fix.minimal is None and fix.recommended is None:  # no release passed
        tried = ", ".join(f"{c.version} ({c.verdict.status.value})" for c in fix.tried) or "none"
        return (
            f"no release of {text(package)} from {text(fix.to_version)} on passed the reproduction "
            f"here (tried: {text(tried)}); check the upgrade by hand"
        )
    if fix.package != package:
        head = (
            f"upgrade {text(fix.package)} to {text(fix.to_version)} or later ({text(fix.from_version)} "
            f"now; {text(fix.to_version)} is its first release that allows {text(package)} "
            f"{text(fix.minimal or '?')})"
        )
    else:
        head = f"upgrade {text(package)} to {text(fix.to_version)} or later ({text(fix.from_version)} now)"
    if fix.check is not None and not fix.check.resolves:
        files = ", ".join(text(f) for f in fix.check.files)
        why = f"no change is suggested, because with it the requirements in {files} do not resolve"
        return f"{head}: {why} (see the notes)"
    steps = [f"change {at(e.file, e.line)} to {code(e.new.strip())}" for e in fix.edits if plausible_edit(e)]
    if any(not plausible_edit(e) for e in fix.edits):
        steps.append(f"edit by hand ({NOT_SHOWN})")
    command = shown_command(fix.command)
    if command:
        steps.append(f"run {code(command)}")
    elif fix.command:
        steps.append(NO_COMMAND)
    elif fix.regenerate:
        steps.append(f"regenerate {text(fix.regenerate)} with the tool that wrote it")
    rebuild = rebuild_step(target, fix.check, text, code)
    if rebuild:
        steps.append(rebuild)
    if not steps and not fix.notes:
        steps.append(f"update the requirement at {at(fix.location.file, fix.location.line)}")
    return f"{head}: {', then '.join(steps)}" if steps else head
