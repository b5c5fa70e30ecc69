"""Every fixture tree under tests/fixtures/formats/ through discovery and resolution, as a scan runs them.

Each tree holds an ``expected.json``: per project root the starlette version, the ``file:line`` that
fixes it, how it was fixed (lock, pin, resolver) and the ``via`` chain, plus the errors (file and
line) the scan must report. Trees that need the resolver use the real uv against the configured index.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from starlette_2093_check.manifests import discover
from starlette_2093_check.packs import load_card
from starlette_2093_check.pipeline import resolve_targets
from starlette_2093_check.repro.sandbox import Sandbox, SandboxConfig
from starlette_2093_check.resolve import ResolverConfig

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats"
CASES = sorted(p.parent for p in FIXTURES.glob("*/expected.json"))


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Sandbox:
    return Sandbox(SandboxConfig(cache_dir=tmp_path_factory.mktemp("cache")))


def test_there_is_a_tree_for_every_format() -> None:
    kinds = set()
    for case in CASES:
        kinds.update(m.kind for root in discover(case).roots for m in root.manifests)
    from starlette_2093_check.model import ManifestKind

    # Freeze output and site-packages are read only when named (test_manifests_deployed.py).
    assert kinds == set(ManifestKind) - {ManifestKind.FREEZE, ManifestKind.SITE_PACKAGES}


@pytest.mark.integration
@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_fixture_tree(case: Path, sandbox: Sandbox) -> None:
    expected: dict[str, Any] = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    card = load_card()
    found = discover(case)
    resolver = ResolverConfig(
        uv=sandbox.uv,
        environ=sandbox.env,
        parents=card.parents,
    )
    targets, errors = resolve_targets(found, card.package, sandbox, resolver, lambda _msg: None)
    got = [
        {
            "root": t.root,
            "version": t.version,
            "source": str(t.source),
            "resolution": t.resolution.value,
            "via": list(t.via),
        }
        for t in targets
    ]
    want = [{k: v for k, v in e.items() if k != "notes"} for e in expected["targets"]]
    all_errors = [*found.errors, *errors]
    assert got == want, f"errors: {all_errors}"
    for target, wanted in zip(targets, expected["targets"], strict=True):
        for fragment in wanted.get("notes", []):
            assert any(fragment in note for note in target.notes), (fragment, target.notes)
    assert sorted((e.file, e.line) for e in all_errors) == sorted(
        (e["file"], e.get("line")) for e in expected.get("errors", [])
    ), all_errors


@pytest.mark.integration
def test_a_vcs_entry_in_pipfile_lock_does_not_cost_the_via_chain(tmp_path: Path, sandbox: Sandbox) -> None:
    """An entry the lock records without a release version (a VCS checkout) constrains nothing: the
    chain that brings starlette in is still found."""
    import shutil

    case = tmp_path / "pipenv"
    shutil.copytree(FIXTURES / "pipfile-lock", case)
    lock = json.loads((case / "Pipfile.lock").read_text(encoding="utf-8"))
    lock["default"]["ourlib"] = {"git": "https://git.example.invalid/ourlib.git", "ref": "0" * 40}
    (case / "Pipfile.lock").write_text(json.dumps(lock, indent=4), encoding="utf-8")
    card = load_card()
    resolver = ResolverConfig(uv=sandbox.uv, environ=sandbox.env, parents=card.parents)
    targets, _ = resolve_targets(discover(case), card.package, sandbox, resolver, lambda _msg: None)
    [target] = targets
    assert (target.version, target.resolution.value, target.via) == ("0.27.0", "lock", ("fastapi 0.100.1",))
