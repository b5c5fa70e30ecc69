"""What a project root installs by default, and its variants: the extras and the other groups.

A root's target comes from what the project's own tool installs by default: ``pip install .`` the
main dependencies, ``uv sync`` those and the ``dev`` group (or ``[tool.uv].default-groups``),
``poetry install`` every group not marked optional, ``pdm install`` every dependency group,
``pipenv install`` the ``[packages]``. A lock in the root names the tool; without one, the first
tool the pyproject configures (PEP 735 groups alone follow uv). Extras are never installed by
default. Each extra and each other group is a variant, resolved as the default set plus itself,
and becomes a target of its own (``Target.variant``) only when it changes the package's version,
or brings the package in where the default set has none. A variant that cannot be resolved never
costs the default its answer: it is named in a note (or, when the default set has no target, an
error).

Locks pin what they pin: uv, Poetry and PDM lock every extra and group, so a variant cannot move a
locked version. A lock whose graph reaches the package only through an extra or a group says so:
its target is marked with that variant.

The filtering is done on copies of the roots (``install_set``), which ``resolve`` then reads as
it reads any root.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from starlette_2093_check.model import (
    Declared,
    LockedPackage,
    Manifest,
    ManifestKind,
    ProjectRoot,
    Resolution,
    ScanError,
    Target,
)
from starlette_2093_check.resolve import ResolverConfig, resolve_root

# Resolver runs per root beyond its default set; the rest are named, never silently dropped.
MAX_VARIANTS = 24

_LOCK_TOOLS = {ManifestKind.UV_LOCK: "uv", ManifestKind.PDM_LOCK: "pdm", ManifestKind.POETRY_LOCK: "poetry"}


def label(group: str) -> str | None:
    """The variant a declaration's group stands for: ``extra:<name>`` or ``group:<name>``.

    None for Poetry's optional dependencies that no extra lists: nothing installs them.
    """
    if group.startswith("extra:"):
        return f"extra:{canonicalize_name(group[len('extra:') :])}"
    if group == "optional":
        return None
    return f"group:{group}"


def wanted_labels(extras: Iterable[str], groups: Iterable[str]) -> frozenset[str]:
    """The variant labels the policy's ``variants`` names (``extra:train``, ``group:docs``), in the
    form ``same_label`` compares."""
    return frozenset(
        {f"extra:{canonicalize_name(e)}" for e in extras} | {f"group:{canonicalize_name(g)}" for g in groups}
    )


def same_label(variant: str) -> str:
    """``variant`` with its name canonicalised (group names are kept as written elsewhere)."""
    kind, _, name = variant.partition(":")
    return f"{kind}:{canonicalize_name(name)}"


def describe(variant: str) -> str:
    """``the extra `train``` / ``the group `docs``` for a variant label."""
    kind, _, name = variant.partition(":")
    return f"the {kind} `{name}`" if name else variant


def _tool(root: ProjectRoot) -> str | None:
    """The installer whose lock sits in the root, if any: it decides what is installed by default."""
    return next((_LOCK_TOOLS[m.kind] for m in root.manifests if m.kind in _LOCK_TOOLS), None)


def _default_groups(manifest: Manifest, tool: str | None) -> frozenset[str]:
    """The groups of ``manifest`` that the project's installer adds to the main dependencies."""
    if manifest.kind is not ManifestKind.PYPROJECT:
        return frozenset()  # pip, pipenv (``[packages]`` only) and conda: no group by default
    recorded = dict(manifest.default_groups)
    if tool is None and manifest.default_groups:  # no lock: the first installer the file configures
        return frozenset(manifest.default_groups[0][1])
    if tool is None:
        # PEP 735 groups and no installer named: uv's default, the `dev` group (pip installs no
        # group without --group; uv, PDM and Poetry all install `dev`).
        return frozenset({"dev"})
    if tool in recorded:
        return frozenset(recorded[tool])
    if tool == "uv":
        return frozenset({"dev"})
    # pdm and poetry without their own tables: every dependency group
    return frozenset(
        d.group
        for d in manifest.requirements
        if d.group and not d.group.startswith("extra:") and d.group != "optional"
    )


@dataclass(frozen=True)
class Split:
    """A root's declarations: the default install set and each variant's additions."""

    default: tuple[Declared, ...]
    variants: dict[str, tuple[Declared, ...]]  # label -> declarations, in file order
    extras: dict[str, tuple[Declared, ...]]  # extra name -> declarations (for self-references)


def split(root: ProjectRoot) -> Split:
    """The root's declarations by install set (lock manifests are left out: they pin, not declare)."""
    tool = _tool(root)
    default: list[Declared] = []
    variants: dict[str, list[Declared]] = {}
    extras: dict[str, list[Declared]] = {}
    for m in root.manifests:
        if m.kind.is_lock:
            continue
        groups = _default_groups(m, tool)
        for d in m.requirements:
            name = label(d.group) if d.group is not None else None
            if name is not None and name.startswith("extra:"):
                extras.setdefault(name[len("extra:") :], []).append(d)
            if d.group is None or d.group in groups:
                default.append(d)
            elif name is not None:
                variants.setdefault(name, []).append(d)
    return Split(
        tuple(default),
        {k: tuple(v) for k, v in variants.items()},
        {k: tuple(v) for k, v in extras.items()},
    )


def _extras_of(d: Declared) -> set[str]:
    try:
        return {canonicalize_name(e) for e in Requirement(d.requirement).extras}
    except InvalidRequirement:
        return set()


def _expand(
    chosen: Iterable[Declared], root: ProjectRoot, extras: Mapping[str, Sequence[Declared]]
) -> list[Declared]:
    """``chosen`` with the project's requirements on itself (``myproject[train,db]`` in an extra or
    a group) replaced by the declarations of the extras they name: the project is the checkout's
    own code, not a release to fetch."""
    own = {m.project_name for m in root.manifests if m.project_name}
    out: list[Declared] = []
    asked: set[str] = set()
    queue = deque(chosen)
    while queue:
        d = queue.popleft()
        if d.name not in own or d.reference is not None:
            out.append(d)
            continue
        for extra in sorted(_extras_of(d) - asked):
            asked.add(extra)
            queue.extend(extras.get(extra, ()))
    return list(dict.fromkeys(out))


def _keep(root: ProjectRoot, chosen: Iterable[Declared]) -> ProjectRoot:
    keep = {id(d) for d in chosen}
    return replace(
        root,
        manifests=tuple(
            m
            if m.kind.is_lock
            else replace(m, requirements=tuple(d for d in m.requirements if id(d) in keep))
            for m in root.manifests
        ),
    )


def _followed(chosen: Iterable[Declared], roots: Mapping[str, ProjectRoot]) -> dict[str, ProjectRoot]:
    """The roots as a dependency installs them: their main dependencies and the extras that local
    path references to them ask for (a dependency's groups are never installed). Only the roots
    that ``chosen`` reaches are read (``resolve.gather`` follows the same references); the
    others are handed on as they are."""
    parts: dict[str, Split] = {}
    asked: dict[str, set[str]] = {}
    queue = deque(chosen)
    while queue:
        d = queue.popleft()
        path = d.reference
        if path is None or path not in roots:
            continue
        wanted = _extras_of(d)
        if path in asked and wanted <= asked[path]:
            continue
        first = path not in asked
        new = wanted - asked.setdefault(path, set())
        asked[path] |= wanted
        part = parts[path] = parts[path] if path in parts else split(roots[path])
        queue.extend(d for d in part.default if d.group is None and first)
        queue.extend(d for extra in sorted(new) for d in part.extras.get(extra, ()))
    out = dict(roots)
    for path, extras in asked.items():
        part = parts[path]
        main = [d for d in part.default if d.group is None]
        main += [d for extra in sorted(extras) for d in part.extras.get(extra, ())]
        out[path] = _keep(roots[path], _expand(main, roots[path], part.extras))
    return out


def install_set(
    root: ProjectRoot, variant: str | None, roots: Mapping[str, ProjectRoot]
) -> tuple[ProjectRoot, dict[str, ProjectRoot]]:
    """``root`` keeping only what its default install set (plus ``variant``, when given) declares,
    and the checkout's roots as a local path dependency installs them: what ``starlette_2093_check.resolve``
    (``resolve_root``, ``gather``) is handed for that set."""
    part = split(root)
    chosen = _expand([*part.default, *part.variants.get(variant or "", ())], root, part.extras)
    return _keep(root, chosen), _followed(chosen, roots)


def _key(declared: Iterable[Declared]) -> frozenset[tuple[str, str, str | None, bool]]:
    return frozenset((d.name, d.requirement, d.reference, d.constraint) for d in declared)


def variants_of(root: ProjectRoot) -> list[tuple[str, tuple[Declared, ...]]]:
    """The root's variants that add something to its default set: (label, its declarations)."""
    part = split(root)
    base = _key(_expand(part.default, root, part.extras))
    out = []
    for name, declared in part.variants.items():
        if _key(_expand([*part.default, *declared], root, part.extras)) != base:
            out.append((name, declared))
    return out


def _reach(locked: Sequence[LockedPackage], starts: Iterable[str]) -> set[str]:
    by_name = {p.name: p for p in locked}
    seen = {s for s in starts if s in by_name}
    queue = deque(seen)
    while queue:
        for dep in by_name[queue.popleft()].dependencies:
            if dep not in seen and dep in by_name:
                seen.add(dep)
                queue.append(dep)
    return seen


def _names(declared: Iterable[Declared]) -> set[str]:
    return {d.name for d in declared if d.name and not d.constraint}


def _lock_variant(
    target: Target, root: ProjectRoot, found: Sequence[tuple[str, tuple[Declared, ...]]]
) -> Target:
    """A lock target whose lock reaches the package only through an extra or a group: marked so."""
    lock = next((m for m in root.manifests if m.kind.is_lock and m.path == target.source.file), None)
    if lock is None or not any(p.dependencies for p in lock.locked):
        return target  # no graph to read (Pipfile.lock): the lock's answer stands as it is
    part = split(root)
    default = _names(_expand(part.default, root, part.extras))
    if not default or target.package in _reach(lock.locked, default):
        return target
    for name, declared in found:
        if target.package in _reach(lock.locked, default | _names(_expand(declared, root, part.extras))):
            note = (
                f"{lock.path} reaches {target.package} only through {describe(name)}: the default "
                "install does not include it"
            )
            return replace(target, variant=name, notes=(*target.notes, note))
    return target


def _same(a: Target, b: Target) -> bool:
    """Whether two answers give the same version (an unresolved one is the same as no other)."""
    return a.version == b.version and a.unrunnable is None and b.unrunnable is None


def _without(target: Target) -> str:
    """`` (resolved without flash-attn)`` when the answer left requirements out."""
    left = ", ".join(dict.fromkeys(item.requirement for item in target.left_out))
    return f" (resolved without {left}, which could not be resolved)" if left else ""


def _first_line(declared: Sequence[Declared]) -> str:
    return str(declared[0].location) if declared else "?"


def _asked(
    root: ProjectRoot, found: list[tuple[str, tuple[Declared, ...]]], wanted: Collection[str]
) -> list[tuple[str, tuple[Declared, ...]]]:
    """``found`` with the variants the policy names first, including those that add nothing to the
    default set: they are checked whatever they change."""
    if not wanted:
        return found
    every = [(n, d) for n, d in split(root).variants.items() if same_label(n) in wanted]
    named = {n for n, _ in every}
    return every + [(n, d) for n, d in found if n not in named]


def _locked_asked(
    target: Target,
    root: ProjectRoot,
    found: Sequence[tuple[str, tuple[Declared, ...]]],
    wanted: Collection[str],
    package: str,
) -> list[Target]:
    """The variants the policy names, for a locked target: the lock pins the version for every
    extra and group, so each is the same version, checked as a target of its own (when the lock's
    default set reaches the package only through an extra, only the variants that reach it too)."""
    lock = next((m for m in root.manifests if m.kind.is_lock and m.path == target.source.file), None)
    part = split(root)
    default = _names(_expand(part.default, root, part.extras))
    out = []
    for name, declared in found:
        if same_label(name) not in wanted or name == target.variant:
            continue
        if target.variant is not None and lock is not None:
            names = default | _names(_expand(declared, root, part.extras))
            if target.package not in _reach(lock.locked, names):
                continue
        note = (
            f"with {describe(name)} installed ({_first_line(declared)}); {target.source.file} pins the "
            f"same {package} version (checked on its own: the policy's variants name it)"
        )
        out.append(replace(target, variant=name, notes=(note, *target.notes)))
    return out


def resolve_variants(
    root: ProjectRoot,
    package: str,
    python: str | None,
    config: ResolverConfig,
    roots: Mapping[str, ProjectRoot],
    wanted: Collection[str] = (),
) -> tuple[list[Target], list[ScanError]]:
    """The root's target for its default install set, then a target for each extra or group that
    changes ``package``'s version or brings it in (``Target.variant``).

    The variants of a default set that cannot be resolved are not tried: they hold the same
    requirements (a default set resolved without some requirements, with no target, is tried: an
    extra may still bring the package in); nor are those of a locked version (locks record every
    extra and group) or of a package the checkout provides itself. A variant that fails is named
    in a note on the default target (an error when the default set has no target); so are variants
    beyond ``MAX_VARIANTS``.

    ``wanted`` (``wanted_labels``: the policy's ``variants``) are checked first and become targets
    of their own even when they give the default's version, a locked one included.
    """
    package = canonicalize_name(package)
    base, base_roots = install_set(root, None, roots)
    target, errors = resolve_root(base, package, python, config, base_roots)
    if target is not None and target.unrunnable is not None:
        return [target], errors  # the default set does not resolve: its variants hold the same
    found = _asked(root, variants_of(root), wanted)
    if target is not None and target.resolution is Resolution.LOCK:
        # uv, Poetry, PDM and pipenv lock every extra and group: none of them can move the version.
        locked = _lock_variant(target, root, found)
        return [locked, *_locked_asked(locked, root, found, wanted, package)], errors
    if target is not None and target.resolution is Resolution.REFERENCE:
        return [target], errors  # the checkout provides the package: no extra changes that
    if target is not None and target.resolution in (Resolution.SBOM, Resolution.INSTALLED):
        return [target], errors  # what is deployed is one set: no extra or group changes it
    seen = set(errors)
    out = [target] if target is not None else []
    same: list[str] = []
    failed: list[tuple[str, tuple[Declared, ...], ScanError]] = []
    for name, declared in found[:MAX_VARIANTS]:
        v_root, v_roots = install_set(root, name, roots)
        v_target, v_errors = resolve_root(v_root, package, python, config, v_roots)
        new = [e for e in v_errors if e not in seen]
        unresolved = v_target is None or v_target.unrunnable is not None
        if new and unresolved and (target is not None or v_target is None):
            failed.append((name, declared, new[0]))  # the default's answer stands; say what is unknown
            continue
        if v_target is None:
            continue
        asked = same_label(name) in wanted
        twin = None if asked else next((i for i, t in enumerate(out) if _same(t, v_target)), None)
        if twin is not None:  # `all` = `web` + `db`: one target, the others named on it
            shown = name + _without(v_target)
            if out[twin].variant is None:
                same.append(shown)
            elif out[twin].variant != name:
                out[twin] = replace(
                    out[twin],
                    notes=(*out[twin].notes, f"the same with {describe(name)} installed{_without(v_target)}"),
                )
            continue
        # A target of its own, with its errors: what it left out, or (when the default set has no
        # target) why it could not be resolved, as an inconclusive target that is never absent.
        seen.update(new)
        errors.extend(new)
        where = (
            f"the default install set gets {package} {target.version}"
            if target is not None
            else f"the default install set does not include {package}"
        )
        note = f"with {describe(name)} installed ({_first_line(declared)}); {where}"
        if asked and target is not None and _same(target, v_target):
            note = f"{note} too (checked on its own: the policy's variants name it)"
        out.append(replace(v_target, variant=name, notes=(note, *v_target.notes)))

    problems = [
        f"{describe(name)} ({_first_line(declared)}) could not be resolved with the default install set, "
        f"so whether it changes {package}'s version is not known: {error.message}"
        for name, declared, error in failed
    ]
    rest = found[MAX_VARIANTS:]
    if rest:
        problems.append(
            f"{len(rest)} more extras and groups were not resolved one by one (limit {MAX_VARIANTS}): "
            + ", ".join(name for name, _ in rest)
        )
    if not problems and not same:
        return out, errors
    if target is not None:
        notes = list(target.notes)
        if same:
            notes.append(
                f"resolved again with each of {', '.join(same)} installed: the same {package} version"
            )
        notes += [f"not checked: {p}" for p in problems]
        out[0] = replace(out[0], notes=tuple(notes))
    elif problems:
        at = (failed[0][1] if failed else rest[0][1])[0].location
        errors.append(ScanError(at.file, "; ".join(f"not checked: {p}" for p in problems), at.line))
    return out, errors
