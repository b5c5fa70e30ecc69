"""The one-click suggestion's content, derived by our own edit rules and never copied from a report.

A report names an edit (file, line, old text, new text). On the ``workflow_run`` follow-up that
report was written by a workflow the pull request could change, so its ``new`` could be anything,
aimed anywhere (``curl ... | bash`` into ``.github/workflows/release.yml``). A suggestion is
therefore posted only when all of this holds:

- the file is a manifest kind ``edit`` rewrites, by discovery's naming (``requirements*.txt``
  and ``.in``, ``requirements/*.txt``, ``pyproject.toml``, ``setup.cfg``, ``Pipfile``);
- the line reads ``edit.old`` in the file as the pull request's head has it, and is one line;
- our manifest parser finds a declaration of the package the fix changes there (the headline
  package, or the parent that caps it), and ``starlette_2093_check.edit.plan_edit`` rewrites it, in the
  declaration's own shape (``edit.shaped_specifier``: ``==``, ``~=``, Poetry's ``^``), to a
  version the report's minimal fix names (``Fix.minimal_view``: what ``scan --fix`` applies by
  default), checked first: a PEP 440 version, for the headline package at least the card's fixed
  release, and never below a version the line already asks for;
- what ``plan_edit`` writes is exactly ``edit.new``.

What is posted is ``plan_edit``'s line. Anything else is refused with a reason of our own words.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from starlette_2093_check.edit import EditError, plan_edit, shaped_specifier, written_constraint
from starlette_2093_check.manifests import MAX_BYTES, parser_for
from starlette_2093_check.model import Declared, Edit, Location, TargetResult
from starlette_2093_check.packs import load_card
from starlette_2093_check.report.load import editable_kind, is_version

_BREAKS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


@dataclass(frozen=True)
class Target:
    """A package the fix moves: the version to pin (``exact``) or the floor (``floor``) to write."""

    name: str  # canonical
    exact: str
    floor: str


def _version(value: str | None) -> Version | None:
    if value is None or not is_version(value):
        return None
    try:
        return Version(value)
    except InvalidVersion:
        return None


def fix_targets(result: TargetResult) -> list[Target]:
    """The packages ``result``'s minimal fix moves (the recommendation's, for a report written
    before there was one), with versions that pass our checks."""
    fix, target = result.fix, result.target
    if fix is None:
        return []
    fix = fix.minimal_view()
    card = load_card()
    out: list[Target] = []
    own, minimal, recommended = (
        canonicalize_name(target.package),
        _version(fix.minimal),
        _version(fix.recommended),
    )
    fixed = _version(card.fixed_in)
    if (
        own == canonicalize_name(card.package)
        and fixed is not None
        and minimal is not None
        and recommended is not None
        and fixed <= minimal <= recommended
    ):
        out.append(Target(own, str(fix.recommended), str(fix.minimal)))
    parent = canonicalize_name(fix.package)
    floor, pinned = _version(fix.to_version), _version(fix.recommended_parent)
    if parent != own and floor is not None and pinned is not None and floor <= pinned:
        out.append(Target(parent, str(fix.recommended_parent), fix.to_version))
    return out


def _raises(declared: Declared, version: str) -> bool:
    """Whether ``version`` is above every lower bound and pin the declaration names (a suggestion
    never moves a package down)."""
    try:
        clauses = list(Requirement(declared.requirement).specifier)
        new = Version(version)
        for clause in clauses:
            if clause.operator in ("==", "===", ">=", ">", "~=") and "*" not in clause.version:
                bound = Version(clause.version)
                if new < bound or (new == bound and clause.operator in ("==", "===", ">")):
                    return False
    except (InvalidRequirement, InvalidVersion):
        return False
    return True


def _lines(text: str) -> list[str]:
    """The lines as ``starlette_2093_check.edit`` splits them (\\r\\n, \\r or \\n)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def derive(edit: Edit, result: TargetResult, head: bytes, line: int) -> Edit | str:
    """Our edit of the head's ``line`` of ``edit.file`` (whose content is ``head``), if it is
    exactly ``edit``; else why not, in our words (never the report's text)."""
    kind = editable_kind(edit.file)
    if kind is None:
        return "the file is not a manifest this action edits"
    if any(c in edit.old or c in edit.new for c in _BREAKS):
        return "the edit is not one line"
    if len(head) > MAX_BYTES:
        return "the file is too large"
    targets = fix_targets(result)
    if not targets:
        return "the fix names no version this action would suggest"
    found = parser_for(edit.file)
    assert found is not None
    parser = found[1]
    with tempfile.TemporaryDirectory(prefix="suggest-") as tmp:
        checkout = Path(tmp)
        path = checkout.joinpath(*edit.file.split("/"))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(head)
        try:
            text = head.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = ""
        lines = _lines(text)
        if not 1 <= line <= len(lines) or lines[line - 1] != edit.old:
            return "the line does not read as the report says in the pull request's head"
        try:
            manifest, _ = parser(checkout, edit.file)
        except Exception:  # the parsers' last-resort net, as in discovery
            return "the file could not be parsed"
        for declared in manifest.requirements:
            if declared.location.file != edit.file or declared.location.line is None:
                continue
            try:
                exact = declared.exact_version is not None
            except InvalidRequirement:
                continue
            where = Location(edit.file, declared.location.line)
            for t in targets:
                if declared.name != t.name:
                    continue
                written = written_constraint(checkout, kind, where, t.name)
                # A pin names the version the fix installs; a caret or ~= may name its floor.
                versions = [t.exact] if exact else list(dict.fromkeys((t.floor, t.exact)))
                ours = None
                for version in versions:
                    spec, instead = shaped_specifier(declared, version, t.floor, written)
                    try:
                        planned = plan_edit(checkout, kind, where, t.name, spec, written=instead)
                    except EditError:
                        continue
                    if planned.line != line or planned.old != edit.old:
                        continue
                    if not _raises(declared, version):
                        return "the suggested version is not above what the line asks for"
                    ours = planned
                    if planned.new == edit.new:
                        break
                if ours is None:
                    continue
                if ours.new != edit.new or any(c in ours.new for c in _BREAKS):
                    return "the suggested text is not what this action derives for that line"
                return ours
    return "the line does not declare a package the fix changes"
