"""The frozen dataclasses the pipeline stages hand to each other.

checkout ─discover─▶ Manifest ─resolve─▶ Target ─repro─▶ Verdict ─advise─▶ Fix ─report─▶ Report

Paths are POSIX strings relative to the scanned checkout. Partial failure is data: every stage
returns what it could do plus ``ScanError`` entries for what it could not.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any


@dataclass(frozen=True, order=True)
class Location:
    """A place in the checkout: a file and, where known, a 1-based line."""

    file: str
    line: int | None = None

    def __str__(self) -> str:
        return self.file if self.line is None else f"{self.file}:{self.line}"


@dataclass(frozen=True)
class ScanError:
    """Something that could not be read, parsed or resolved. Never counts as "safe"."""

    file: str
    message: str
    line: int | None = None
    # The project roots whose resolution reported it (empty for a file that could not be read): a
    # file that several roots include is reported once, naming them all.
    roots: tuple[str, ...] = ()


class ManifestKind(StrEnum):
    REQUIREMENTS = "requirements"  # requirements*.txt, requirements/*.txt
    REQUIREMENTS_IN = "requirements.in"  # pip-tools / uv input; a compiled .txt beside it wins
    PYPROJECT = "pyproject"  # PEP 621, PEP 735 groups, Poetry, uv/PDM/setuptools tool tables
    SETUP_CFG = "setup.cfg"
    SETUP_PY = "setup.py"  # read as an AST, never executed
    PIPFILE = "Pipfile"
    CONDA = "conda"  # environment.yml / environment.yaml
    UV_LOCK = "uv.lock"
    POETRY_LOCK = "poetry.lock"
    PDM_LOCK = "pdm.lock"
    PIPFILE_LOCK = "Pipfile.lock"
    PYLOCK = "pylock"  # PEP 751 pylock.toml / pylock.<name>.toml
    PYTHON_VERSION = "python-version"
    # What is deployed (``manifests.sbom``, ``manifests.installed``): read like a lock of the whole set.
    CYCLONEDX = "cyclonedx"  # a CycloneDX JSON SBOM
    SPDX = "spdx"  # an SPDX JSON SBOM
    FREEZE = "freeze"  # `pip freeze` / `uv pip freeze` output, named by the `environment` input
    SITE_PACKAGES = "site-packages"  # an installed environment's directory (its *.dist-info)

    @property
    def is_lock(self) -> bool:
        return self in _LOCKS

    @property
    def is_deployed(self) -> bool:
        """An SBOM or an installed environment: what runs, not what a tool would install."""
        return self in _DEPLOYED


_DEPLOYED = frozenset(
    {ManifestKind.CYCLONEDX, ManifestKind.SPDX, ManifestKind.FREEZE, ManifestKind.SITE_PACKAGES}
)
_LOCKS = (
    frozenset(
        {ManifestKind.UV_LOCK, ManifestKind.POETRY_LOCK, ManifestKind.PDM_LOCK, ManifestKind.PIPFILE_LOCK}
        | {ManifestKind.PYLOCK}
    )
    | _DEPLOYED
)


@dataclass(frozen=True)
class IndexSource:
    """A package index the repository declares (requirements options, Pipfile/Poetry/uv/PDM sources).

    ``url`` is as written, with ``${VAR}`` references left unexpanded; credentials written literally
    into the file are removed by the parser (they must come from the environment).
    """

    url: str
    location: Location
    name: str | None = None  # the source's name, where the format has one (used for credentials)
    primary: bool = False  # replaces the default index (pip --index-url, uv default = true, ...)


@dataclass(frozen=True)
class Declared:
    """One declared requirement (PEP 508 text), where it was written, and its role."""

    name: str  # canonicalised (packaging.utils.canonicalize_name)
    requirement: str  # the PEP 508 string, without pip options such as --hash
    location: Location
    constraint: bool = False  # from a `-c` file: limits versions, does not add a package
    group: str | None = None  # None for main dependencies; "dev", "extra:web", ... otherwise
    # A direct reference: URL, VCS reference or local path (relative to the checkout for local
    # paths). Never handed to the resolver; a local path that is a project root is followed.
    reference: str | None = None
    editable: bool = False
    via: tuple[str, ...] = ()  # parents the file itself records (pip-compile "# via" annotations)
    conda: bool = False  # a conda-level package (environment.yml), not a pip one
    # An override (uv's override-dependencies, PDM's resolution overrides): it replaces what every
    # requirement asks of that package. It is also a ``constraint``: it adds no package of its own.
    override: bool = False

    @property
    def exact_version(self) -> str | None:
        """The version if the specifier is a single ``==V`` (no wildcard), else None."""
        from packaging.requirements import Requirement

        specs = list(Requirement(self.requirement).specifier)
        if len(specs) == 1 and specs[0].operator in ("==", "===") and "*" not in specs[0].version:
            return specs[0].version
        return None


@dataclass(frozen=True)
class LockedPackage:
    """A package pinned by a lockfile, with the names it depends on (for the ``via`` chain)."""

    name: str
    version: str
    location: Location
    dependencies: tuple[str, ...] = ()
    # Why this entry is not a release the sandbox can install from the index: it comes from a VCS
    # checkout, a local directory or a URL (a fork, a vendored copy), or its version is not a
    # version. None for an ordinary release. Such an entry is reported, never run as a release.
    problem: str | None = None
    # Where the lock installs this entry, as a PEP 508 marker (uv's resolution-markers, the marker
    # of a pylock.toml, Poetry or PDM entry); None for everywhere. A lock may hold several entries
    # of one package, each for its own environments (one version below Python 3.10, one from it).
    marker: str | None = None
    # Dependencies installed only where a marker holds: (name, marker), also in ``dependencies``.
    conditional: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Manifest:
    """What one file contributes. Parsers fill what their format has; the rest stays empty."""

    path: str
    kind: ManifestKind
    requirements: tuple[Declared, ...] = ()
    locked: tuple[LockedPackage, ...] = ()
    # Names the project itself declares directly in a lock (uv.lock's root package); lets the
    # resolver start the `via` chain at the project's own dependencies.
    lock_roots: tuple[str, ...] = ()
    # Locks that record their projects (uv.lock, also for workspaces): each project's directory,
    # relative to the lock's directory, and its direct dependency names. When present, a root
    # takes from the lock only what its own project reaches.
    lock_projects: tuple[tuple[str, tuple[str, ...]], ...] = ()
    indexes: tuple[IndexSource, ...] = ()
    requires_python: str | None = None
    python_version: str | None = None  # an exact interpreter request (.python-version)
    includes: tuple[str, ...] = ()  # other files read through -r / -c
    project_name: str | None = None  # the project this manifest defines (canonical), where it says
    # Distribution files a local --find-links directory offers: (canonical name, file, where the
    # option is). The installer may take such a package from the checkout instead of an index.
    local_files: tuple[tuple[str, str, Location], ...] = ()
    # What each installer this pyproject configures ("uv", "pdm", "poetry", in that order) installs
    # by default besides the main dependencies: (tool, the ``Declared.group`` names it adds). Empty
    # when the file configures none of them (``pip install .``: the main dependencies only).
    default_groups: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # A deployed set the user named (the ``sbom`` / ``environment`` inputs): what is deployed, by
    # their word. One discovery found by its name (``bom.json``) may describe another build.
    named: bool = False


@dataclass(frozen=True)
class ProjectRoot:
    """A directory holding manifests that describe one installable set."""

    path: str  # "." for the checkout's top
    manifests: tuple[Manifest, ...]


@dataclass(frozen=True)
class Skipped:
    """Manifests left unread because a skip rule (``layout``) names the directory holding them."""

    path: str  # the directory (or file) the rule named, relative to the checkout
    pattern: str  # the rule, as written ("tests/", or the user's --skip pattern)
    manifests: tuple[str, ...]  # the files named like manifests under it that were not read

    def shown(self, most: int = 3) -> str:
        """The first few of ``manifests``, and how many more: ``a, b, c and 4 more``."""
        rest = len(self.manifests) - most
        return ", ".join(self.manifests[:most]) + (f" and {rest} more" if rest > 0 else "")


@dataclass(frozen=True)
class Discovery:
    roots: tuple[ProjectRoot, ...]
    scanned: tuple[str, ...]
    errors: tuple[ScanError, ...]
    skipped: tuple[Skipped, ...] = ()


class Resolution(StrEnum):
    LOCK = "lock"  # pinned by a lockfile
    PIN = "pin"  # an exact == pin in a declared manifest
    RESOLVER = "resolver"  # computed by uv's resolver from ranges
    REFERENCE = "reference"  # installed from a direct reference (VCS, URL, local directory): not run
    SBOM = "sbom"  # recorded by a CycloneDX or SPDX SBOM (what an image contains)
    INSTALLED = "installed"  # installed in an environment (freeze output, a site-packages directory)


@dataclass(frozen=True)
class PythonRequest:
    """What the project says about its interpreter, and where."""

    request: str  # "3.12" or a specifier such as ">=3.9"
    source: Location


@dataclass(frozen=True)
class LeftOut:
    """A declaration a resolver answer was computed without, and why (uv's reason)."""

    requirement: str
    location: Location
    reason: str


@dataclass(frozen=True)
class Target:
    """One project root whose resolved set contains the package."""

    root: str
    package: str
    version: str
    source: Location
    via: tuple[str, ...]  # parents from the project's direct dependency down, e.g. ("fastapi 0.95.1",)
    resolution: Resolution
    companions: tuple[tuple[str, str], ...] = ()  # locked companions that change behaviour (anyio)
    python: PythonRequest | None = None
    notes: tuple[str, ...] = ()  # e.g. sources in the root that disagree
    resolved_on: str | None = None  # ISO date of the resolver run, when resolution is RESOLVER
    # The whole resolved set (name, version), as far as it is known: the lock's packages, the
    # resolver's answer, or the exact pins. What the advisory audit reads.
    resolved: tuple[tuple[str, str], ...] = ()
    # Why the package cannot be checked by running a release (it is installed from a VCS checkout,
    # a local directory or a URL, or its version could not be read): the target is reported
    # inconclusive with this reason, and nothing else is run in its place.
    unrunnable: str | None = None
    # None for the root's default install set (what ``pip install .``, ``uv sync``, ``poetry install``
    # or ``pipenv install`` installs). Otherwise the extra or group whose installation changes the
    # package's version, or brings it in: "extra:train", "group:docs".
    variant: str | None = None
    # Declarations the resolver's answer was computed without, because the whole set could not be
    # resolved (``stages``): non-empty means the version is an approximation, and says so.
    left_out: tuple[LeftOut, ...] = ()

    def companion(self, name: str) -> str | None:
        return dict(self.companions).get(name)


class VerdictStatus(StrEnum):
    REPRODUCED = "reproduced"
    NOT_REPRODUCED = "not_reproduced"
    INCONCLUSIVE = "inconclusive"


@dataclass(frozen=True)
class SandboxSpec:
    """Exactly what one sandbox installs and runs; its fields make the verdict cache key."""

    starlette: str
    anyio: str | None  # only when the project locks it; otherwise the installer picks
    uvicorn: str
    python: str  # the interpreter request handed to uv ("3.11", or a path)
    harness_version: str  # the runner's version and the scenario's digest: "2/1a2b..."
    pack: str = "starlette-2093"  # the card id whose scenario runs


@dataclass(frozen=True)
class Verdict:
    """What running the harness showed. ``evidence`` is the harness record plus sandbox facts."""

    status: VerdictStatus
    reason: str
    evidence: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    cached: bool = False


@dataclass(frozen=True)
class Edit:
    """The one-click change: replace one line of a manifest.

    ``old`` is the line as it is now (without its line ending), so an edit made against a file
    that has moved on since is refused instead of applied to the wrong text.
    """

    file: str
    line: int
    old: str
    new: str
    # The requirement carries ``--hash`` options (on this line or on continuation lines after it)
    # that the new version invalidates: they must be regenerated.
    hashed: bool = False


@dataclass(frozen=True)
class Advisory:
    """A known vulnerability of one package version, as the vulnerability service reports it."""

    id: str
    package: str
    version: str  # the version audited
    fix_versions: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    summary: str = ""


@dataclass(frozen=True)
class Audit:
    """pip-audit's answer for a set of (name, version) pairs.

    ``error`` set means some or all of the set could not be audited: nothing absent from
    ``advisories`` may then be called clear.
    """

    advisories: tuple[Advisory, ...]
    audited: tuple[tuple[str, str], ...]
    error: str | None = None

    def of(self, package: str) -> tuple[Advisory, ...]:
        return tuple(a for a in self.advisories if a.package == package)


@dataclass(frozen=True)
class Check:
    """One reproduction run on a candidate fix: the versions it ran and what it showed."""

    version: str  # the package's version (starlette)
    verdict: Verdict


@dataclass(frozen=True)
class SetCheck:
    """A fix's changes applied to the root's declared requirements, resolved again (compile only,
    wheels only, with the indexes, constraints and Python of the target's own resolution)."""

    resolves: bool
    files: tuple[str, ...]  # the manifests whose declarations were resolved
    # The package's version in the answer, its companions' (anyio) and every package that moved
    versions: tuple[tuple[str, str], ...] = ()
    error: str | None = None  # uv's message, when it did not resolve
    # Requirements the check had to leave out, each with why (they do not resolve here even on
    # their own, e.g. no wheel): a check without them is an approximation, never "verified".
    left_out: tuple[str, ...] = ()

    def version(self, name: str) -> str | None:
        return dict(self.versions).get(name)


@dataclass(frozen=True)
class MinimalFix:
    """The minimal fix as a change to apply: each declaration that has to move goes to the lowest
    release that carries the fix (``fastapi==0.108.0``), where ``Fix.edits`` go to the newest set
    the project allows. Resolved again and run like the recommendation: ``verified`` only when the
    changed set resolves and the reproduction passes on what it resolves to. For ranges the two
    are the same change (``>=lowest`` either way)."""

    change: str  # a sentence: what to edit or run
    edits: tuple[Edit, ...] = ()
    command: str | None = None  # for locks and compiled files: the tool's update command
    version: str | None = None  # the package's version the changed set resolves to (the run's)
    parent: str | None = None  # the parent's version in the changed set, when the parent moves
    verification: Verdict | None = None  # the run on ``version``
    check: SetCheck | None = None
    verified: bool = False
    notes: tuple[str, ...] = ()
    remaining: tuple[Advisory, ...] = ()  # advisories ``version`` still has (the newest set may clear them)


@dataclass(frozen=True)
class Fix:
    """The upgrade to make, where to make it, and the repro runs that check it.

    ``package`` is what the project changes: the package itself, or the parent that caps it
    (fastapi). ``to_version`` is the lowest release of ``package`` that carries the fix ("or
    later"); ``recommended`` is the package version the verified recommendation installs.
    """

    package: str
    from_version: str
    to_version: str
    location: Location  # the manifest line to change (or the lock entry, when only a command is needed)
    change: str  # a human sentence: what to edit or run
    minimal: str | None = None  # lowest release >= the card's fixed version on which the repro passes
    recommended: str | None = None  # the version (of the bugged package) the recommendation installs
    recommended_parent: str | None = None  # the parent's version in the recommendation, when it moves
    verification: Verdict | None = None  # the run on ``recommended`` (or on the fallback)
    tried: tuple[Check, ...] = ()  # candidates that did not verify, in the order tried
    edits: tuple[Edit, ...] = ()  # declarations to change (a parent's and/or the package's own)
    command: str | None = None  # for locks and compiled files: the tool's update command
    remaining: tuple[Advisory, ...] = ()  # advisories the recommendation still has (constraints hold it)
    notes: tuple[str, ...] = ()
    # The changed declarations resolved again; None when there was nothing to resolve.
    check: SetCheck | None = None
    # The whole changed set resolves and the reproduction passed on what it resolves to.
    verified: bool = False
    # Why the recommendation is the minimal fix rather than the newest set allowed; None otherwise.
    fallback: str | None = None
    # The lock or compiled file to regenerate after the edits (the edits change its manifest).
    regenerate: str | None = None
    # The same fix at the lowest releases: what ``scan --fix`` applies by default. None when no
    # release passed (there is nothing to apply either way).
    minimal_fix: MinimalFix | None = None

    def change_for(self, mode: str = "minimal") -> tuple[tuple[Edit, ...], str | None, bool]:
        """(edits, update command, verified) of the change to apply: the minimal fix's
        (``"minimal"``, the default of ``scan --fix``) or the recommendation's (``"latest"``)."""
        if mode == "latest":
            return self.edits, self.command, self.verified
        low = self.minimal_fix
        return (low.edits, low.command, low.verified) if low is not None else ((), None, False)

    def minimal_view(self) -> Fix:
        """This fix with the minimal fix's change, check and run in place of the recommendation's,
        for a renderer that shows the default change; this fix itself when it has no minimal fix."""
        low = self.minimal_fix
        if low is None:
            return self
        return replace(
            self,
            change=low.change,
            recommended=low.version,
            recommended_parent=low.parent,
            verification=low.verification,
            edits=low.edits,
            command=low.command,
            remaining=low.remaining,
            notes=tuple(dict.fromkeys((*self.notes, *low.notes))),
            check=low.check,
            verified=low.verified,
            fallback=None,
            minimal_fix=None,
        )


@dataclass(frozen=True, order=True)
class Finding:
    """A place in the scanned code that takes part in a bug's pattern (read with ``ast``, never run)."""

    file: str  # posix path relative to the checkout
    line: int
    # "subclass" | "decorator" | "add_middleware" | "Middleware" | "BackgroundTasks" | "BackgroundTask"
    # | "background="
    kind: str
    name: str = ""  # the class, function or callee involved


@dataclass(frozen=True)
class Reachability:
    """Whether a project's own code combines ``BaseHTTPMiddleware`` with background tasks."""

    reachable: bool  # both kinds of finding are present
    middleware: tuple[Finding, ...] = ()
    background: tuple[Finding, ...] = ()
    # Files that may hold a finding but could not be read here: they use syntax newer than the
    # Python reading them, which the project targets. Non-empty: the findings are incomplete.
    unread: tuple[Location, ...] = ()
    note: str | None = None  # why ``unread`` could not be read, when it is not empty

    @property
    def complete(self) -> bool:
        """Whether every file that may hold a finding was read."""
        return not self.unread

    def has(self, kind: str) -> bool:
        """Whether findings of a pattern part ("middleware" or "background") are present."""
        return bool(
            self.middleware if kind == "middleware" else self.background if kind == "background" else ()
        )


class Severity(StrEnum):
    TRIGGERED = "triggered_in_app"  # reproduced, and the project's code has the whole pattern
    DEPENDENCY = "not_triggered_by_code"  # reproduced, but the project's own code lacks the pattern


@dataclass(frozen=True)
class PackVerdict:
    """One pack's verdict for one target."""

    pack: str  # the card id
    title: str
    fixed_in: str
    verdict: Verdict
    headline: bool = False
    custom: bool = False
    source: str | None = None  # custom packs: the card's path in the repository
    links: tuple[tuple[str, str], ...] = ()
    # The code pattern that triggers the bug ("middleware", "background"); empty = no claim made.
    triggered_by: tuple[str, ...] = ()
    severity: Severity | None = None
    # For a neighbour that reproduced: its run on the set the headline's fix recommends.
    after_fix: Check | None = None


@dataclass(frozen=True)
class TargetResult:
    target: Target
    verdict: Verdict  # the headline pack's
    fix: Fix | None = None
    audit: Audit | None = None
    packs: tuple[PackVerdict, ...] = ()  # every pack that ran, the headline first
    reachability: Reachability | None = None  # None: the code was not analysed
    severity: Severity | None = None  # the headline's, when it reproduced and the code was analysed


@dataclass(frozen=True)
class Report:
    path: str
    targets: tuple[TargetResult, ...]
    scanned: tuple[str, ...]
    errors: tuple[ScanError, ...]
    skipped: tuple[Skipped, ...] = ()  # manifests under skipped directories, not read
    # On a pull request: each project root compared with the base branch (``compare``); None: no
    # comparison was made (not a pull request, or a report from before it existed).
    comparison: Comparison | None = None
    # The repository policy's ignore entries as applied to this report (``policy.rules``); None: no
    # policy was applied. Never read from a report file: whoever publishes applies its own policy.
    policy: PolicyOutcome | None = None

    def count(self, status: VerdictStatus) -> int:
        return sum(1 for t in self.targets if t.verdict.status is status)


# -- pull requests: what the change does -------------------------------------------------------


class Change(StrEnum):
    """What a pull request does to one project root, from the headline bug's verdicts on its base
    and head. ``UNKNOWN`` whenever either side was not checked: never read as "unchanged"."""

    INTRODUCED = "introduced"  # head reproduced; the base did not (or had no such root)
    FIXED = "fixed"  # the base reproduced; the head does not (or no longer has the root)
    ALREADY = "already_on_base"  # both reproduced
    UNCHANGED = "unchanged"  # neither reproduced (both checked)
    UNKNOWN = "unknown"  # a side inconclusive, unreadable, or the base not read: ``reason`` says


@dataclass(frozen=True)
class RootChange:
    """One project root (with its extra or group) on both sides. A side's status is None when the
    root does not resolve starlette there (absent)."""

    root: str
    change: Change
    head: VerdictStatus | None
    base: VerdictStatus | None
    head_version: str | None = None
    base_version: str | None = None
    variant: str | None = None
    reason: str | None = None  # why UNKNOWN


@dataclass(frozen=True)
class Comparison:
    """A pull request's head compared with its base commit, root by root. ``error``: the base could
    not be read at all (then every root is UNKNOWN and says why)."""

    base_ref: str  # the base branch's name, as the event gave it ("" when it gave none)
    base_sha: str
    roots: tuple[RootChange, ...]
    error: str | None = None

    def count(self, change: Change) -> int:
        return sum(1 for r in self.roots if r.change is change)


# -- the repository's policy: accepted findings ------------------------------------------------


class RuleState(StrEnum):
    """What one ``ignore`` entry did in a run."""

    ACCEPTED = "accepted"  # it covers a finding (a pack that reproduced) and holds today
    EXPIRED = "expired"  # it covers a finding, but its ``until`` has passed: the finding counts again
    STALE = "stale"  # it covers nothing that reproduced (nor anything inconclusive): remove it
    # It covers only results that were inconclusive: an acceptance never applies to those (nothing
    # that was not checked is ever accepted), and the entry is not stale either.
    UNCONFIRMED = "unconfirmed"


@dataclass(frozen=True)
class Acceptance:
    """A finding (a pack that reproduced in a project) that an ``ignore`` entry covers."""

    root: str
    variant: str | None
    pack: str  # the card id
    reason: str
    rule: Location  # where the entry is written
    until: date | None = None  # the last day it holds
    expired: bool = False  # ``until`` has passed: the finding counts again, with a warning

    def shown(self) -> str:
        """``accepted until 2027-03-01: reason`` / ``accepted: reason`` / ``acceptance expired ...``."""
        if self.expired:
            return f"acceptance expired on {self.until}: {self.reason}"
        until = f" until {self.until}" if self.until is not None else ""
        return f"accepted{until}: {self.reason}"


@dataclass(frozen=True)
class RuleResult:
    """One ``ignore`` entry and what it did: ``matched`` names the findings (``api [extra:x]
    (starlette-2093)``) it covers, the inconclusive results for ``UNCONFIRMED``."""

    rule: Location
    state: RuleState
    reason: str
    until: date | None = None
    matched: tuple[str, ...] = ()


@dataclass(frozen=True)
class PolicyOutcome:
    """The policy as applied to a report, on ``today`` (the caller's date, in UTC)."""

    source: str | None  # the policy file (None: no file, nothing to apply)
    today: date
    findings: tuple[Acceptance, ...] = ()  # covered findings, accepted and expired
    rules: tuple[RuleResult, ...] = ()  # every ignore entry, in file order
    # card id -> fail-on ("reproduced", "inconclusive", "never") from the policy's ``packs``; a pack
    # absent here: the headline follows the ``fail-on`` input, the others never fail the step.
    fail_on: tuple[tuple[str, str], ...] = ()

    def acceptance(self, root: str, variant: str | None, pack: str) -> Acceptance | None:
        """The entry covering this finding, accepted or expired (None: no entry covers it)."""
        return next((a for a in self.findings if (a.root, a.variant, a.pack) == (root, variant, pack)), None)

    def accepted(self, root: str, variant: str | None, pack: str) -> Acceptance | None:
        """The acceptance that holds today for this finding, or None (expired ones do not)."""
        found = self.acceptance(root, variant, pack)
        return found if found is not None and not found.expired else None

    def count(self, state: RuleState) -> int:
        return sum(1 for r in self.rules if r.state is state)


# -- organisation scans --------------------------------------------------------------------------


class RepoStatus(StrEnum):
    SCANNED = "scanned"
    SKIPPED = "skipped"  # archived, empty, no access, not found: never "safe", always with a reason


@dataclass(frozen=True)
class RepoResult:
    """One repository of an organisation scan: its single-repository report, or why it has none."""

    repo: str  # "owner/name"
    status: RepoStatus
    reason: str | None = None  # skipped: why
    branch: str | None = None  # the default branch that was read
    tree: str | None = None  # the git tree sha whose manifests were read
    report: Report | None = None  # scanned: targets (paths relative to the repository), scanned, errors
    api_calls: int = 0  # API requests this repository cost in this run
    reused: bool = False  # its manifests came from the cache: the tree had not changed
    commit: str | None = None  # the commit whose tree was read (places link to it); None: not known


@dataclass(frozen=True)
class ComboRun:
    """One distinct (starlette, anyio, Python) the organisation resolves to, run once for all repos."""

    starlette: str
    anyio: str | None
    python: str | None  # the interpreter that ran it ("cpython-3.11.7"); None: none was found
    verdict: VerdictStatus = VerdictStatus.INCONCLUSIVE
    cached: bool = False


@dataclass(frozen=True)
class OrgReport:
    """An organisation scan (or a shard of one, or the merge of several)."""

    org: str | None  # None for an explicit list of repositories
    shard: str | None  # "2/8" for one shard; None for a whole scan or a merge
    repos: tuple[RepoResult, ...]  # sorted by name
    runs: tuple[ComboRun, ...]  # sorted
    api_calls: int = 0
    missing_shards: tuple[str, ...] = ()  # a merge without every shard: "3/4" (its repositories unchecked)

    def count(self, status: VerdictStatus) -> int:
        """Projects with this verdict, over every scanned repository."""
        return sum(r.report.count(status) for r in self.repos if r.report is not None)
