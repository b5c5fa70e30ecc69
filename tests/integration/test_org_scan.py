"""Organisation scans end to end: the CLI as a subprocess, PyGithub against the fake GitHub.

The fake organisation's repositories are the format fixtures (tests/fixtures/formats/, each with its
expected.json), served through the git data API, plus the awkward ones: archived, empty, a token that
may list but not read, one that does not exist. Every repository is read through trees and blobs;
nothing is cloned.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from starlette_2093_check.model import OrgReport, RepoResult, Report, RepoStatus
from tests.conftest import HEADLINE, REPO, clean_env
from tests.fakegithub import BOT, FakeGitHub
from tests.githubmd import read
from tests.unit.test_reports import reproduced

pytestmark = pytest.mark.integration

TOKEN = "ghs_org_scan_token"
ORG_SCAN = [sys.executable, str(REPO / "entrypoint.py"), "scan-org"]
FORMATS = REPO / "tests" / "fixtures" / "formats"
# Trees that need no credentials from the environment (the private-index ones do).
CASES = sorted(
    p.parent.name
    for p in FORMATS.glob("*/expected.json")
    if "environment" not in json.loads(p.read_text(encoding="utf-8"))
)


def fixture_files(name: str) -> dict[str, bytes]:
    base = FORMATS / name
    return {
        p.relative_to(base).as_posix(): p.read_bytes()
        for p in sorted(base.rglob("*"))
        if p.is_file() and p.name != "expected.json"
    }


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    with FakeGitHub(tokens={TOKEN: {"user": BOT, "readonly": True}}, rate_limit=5000) as gh:
        for name in CASES:
            gh.add_repo(f"acme/{name}", files=fixture_files(name))
        gh.add_repo("acme/legacy", files={"requirements.txt": "starlette==0.27.0\n"}, archived=True)
        gh.add_repo("acme/new-empty")
        gh.add_repo("acme/locked-out", files={"requirements.txt": "starlette==0.27.0\n"}, access="forbidden")
        gh.add_repo("acme/invisible", files={"requirements.txt": "starlette==0.27.0\n"}, access="hidden")
        gh.add_repo("acme/docs", files={"README.md": "# docs\n", "mkdocs.yml": "site_name: docs\n"})
        gh.add_repo(
            "acme/linked",
            files={"app/requirements.txt": "starlette==0.27.0\n"},
            symlinks={"requirements.txt": "app/requirements.txt"},
        )
        yield gh


def shared_cache(tmp_path: Path, repro_cache: Path) -> Path:
    """A cache of its own for the organisation's files, sharing the session's venvs and verdicts."""
    cache = tmp_path / "cache"
    cache.mkdir()
    for part in ("venvs", "verdicts"):
        (repro_cache / part).mkdir(exist_ok=True)
        (cache / part).symlink_to(repro_cache / part)
    return cache


def scan_org(
    fake: FakeGitHub, cache: Path, *args: str, fmt: str = "json"
) -> tuple[int, dict[str, Any] | str, str]:
    env = {**clean_env(), "GITHUB_TOKEN": TOKEN, "GITHUB_API_URL": fake.url}
    proc = subprocess.run(
        [*ORG_SCAN, "--cache-dir", str(cache), "--audit", "off", "--format", fmt, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert proc.stdout, proc.stderr[-3000:]
    return proc.returncode, json.loads(proc.stdout) if fmt == "json" else proc.stdout, proc.stderr


def by_repo(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["repo"]: r for r in report["repos"]}


def test_every_repository_is_read_through_the_api_and_resolves_as_a_checkout_would(
    fake: FakeGitHub, tmp_path: Path, repro_cache: Path
) -> None:
    code, report, stderr = scan_org(fake, shared_cache(tmp_path, repro_cache), "--org", "acme")
    assert isinstance(report, dict)
    assert code == 1, stderr[-3000:]  # 0.27.0 is everywhere
    repos = by_repo(report)
    for name in CASES:
        expected = json.loads((FORMATS / name / "expected.json").read_text(encoding="utf-8"))
        got = repos[f"acme/{name}"]
        assert got["status"] == "scanned", (name, got["reason"])
        summary = [
            {
                "root": t["root"],
                "version": t["version"],
                "source": f"{t['source']['file']}:{t['source']['line']}",
                "resolution": t["resolution"],
                "via": t["via"],
            }
            for t in got["targets"]
        ]
        want = [{k: v for k, v in t.items() if k != "notes"} for t in expected["targets"]]
        assert summary == want, (name, got["errors"])
        assert got["commit"] == fake.repos[f"acme/{name}"].commit()  # the commit whose tree was read
        assert sorted((e["file"], e["line"]) for e in got["errors"]) == sorted(
            (e["file"], e.get("line")) for e in expected.get("errors") or []
        ), name
        for target in got["targets"]:
            headline = target["packs"][0]
            assert headline["id"] == "starlette-2093" and target["verdict"] == headline["verdict"]
    assert repos["acme/legacy"] == {**repos["acme/legacy"], "status": "skipped", "reason": "archived"}
    assert repos["acme/new-empty"]["reason"] == "empty repository"
    assert repos["acme/locked-out"]["status"] == "skipped"
    assert "no access (HTTP 403" in repos["acme/locked-out"]["reason"]
    assert "acme/invisible" not in repos  # the token cannot see it, so it is not listed
    assert repos["acme/docs"]["status"] == "scanned" and repos["acme/docs"]["targets"] == []
    linked = repos["acme/linked"]  # a symlinked manifest is not followed, and says so
    assert [t["root"] for t in linked["targets"]] == ["app"]
    assert any(e["file"] == "requirements.txt" and "symlink" in e["message"] for e in linked["errors"])
    # Never a clone, never the contents API: the listing, one head commit and one tree per
    # repository (the tree of that commit, so both agree if the branch moves), blobs.
    paths = [c.path for c in fake.calls()]
    assert not [p for p in paths if "/contents" in p]
    assert {p.split("/git/")[1].split("/")[0] for p in paths if "/git/" in p} == {"ref", "trees", "blobs"}
    heads = [p for p in paths if "/git/ref/heads/" in p]
    assert len(heads) == len(CASES) + 4  # every live repository once (not the archived one)
    trees = sorted(p for p in paths if "/git/trees/" in p)
    scanned = [r for r in report["repos"] if r["status"] == "scanned"]
    assert trees == sorted(f"/repos/{r['repo']}/git/trees/{r['commit']}" for r in scanned)
    assert report["summary"]["api_calls"] == len(fake.calls())
    # Each distinct (starlette, anyio, interpreter) ran once for every repository that resolves to it:
    # "3.11", "^3.11" and no request at all come to one interpreter here, and to one run.
    targets = [t for r in report["repos"] for t in r["targets"]]
    ran = [(r["starlette"], r["anyio"], r["python"]) for r in report["runs"]]
    assert len(ran) == len(set(ran)) < len(targets)
    # a target that installs starlette from a fork or a vendored copy runs nothing
    not_run = [t for t in targets if t["unrunnable"]]
    assert not_run and all(
        t["verdict"] == "inconclusive" and t["evidence"] == {"not_run": True} for t in not_run
    )
    for t in [t for t in targets if not t["unrunnable"]]:
        spec = t["evidence"]["spec"]
        assert (spec["starlette"], spec["anyio"], spec["python"]) in ran
        assert (t["version"], t["companions"].get("anyio")) == (spec["starlette"], spec["anyio"])


def test_a_second_run_costs_two_requests_per_repository_and_a_push_refetches_only_what_changed(
    fake: FakeGitHub, tmp_path: Path, repro_cache: Path
) -> None:
    cache = shared_cache(tmp_path, repro_cache)
    _, first, _ = scan_org(fake, cache, "--org", "acme")
    assert isinstance(first, dict)
    fake.log.clear()
    _, second, _ = scan_org(fake, cache, "--org", "acme")
    assert isinstance(second, dict)
    live = [r for r in second["repos"] if r["reason"] != "archived"]
    scanned = [r for r in live if r["status"] == "scanned"]
    # The listing, then each repository's head commit, and the tree of each that has one (an empty
    # repository, or one the token may not read, stops at the first request).
    assert len(fake.calls()) == 1 + len(live) + len(scanned)
    assert all(r["reused"] for r in second["repos"] if r["status"] == "scanned")
    assert _same_but_cached(first, second)
    # The next day the resolutions are done again, from the trees already laid out: still no blob,
    # and what was refused then (a symlinked manifest) is still said.
    shutil.rmtree(cache / "org" / "resolved")
    fake.log.clear()
    _, later, _ = scan_org(fake, cache, "--org", "acme")
    assert isinstance(later, dict)
    assert not [c for c in fake.calls() if "/git/blobs/" in c.path]
    assert _same_but_cached(first, later)
    assert by_repo(later)["acme/linked"]["errors"] == by_repo(first)["acme/linked"]["errors"]
    # A push that changes one manifest: that repository's tree and that one blob, nothing else.
    files = fixture_files("setup-cfg")
    files["setup.cfg"] = files["setup.cfg"].replace(b"starlette==0.27.0", b"starlette==0.29.0")
    fake.set_files("acme/setup-cfg", files)
    fake.log.clear()
    _, third, _ = scan_org(fake, cache, "--org", "acme")
    assert isinstance(third, dict)
    blobs = [c.path for c in fake.calls() if "/git/blobs/" in c.path]
    assert blobs and all(p.startswith("/repos/acme/setup-cfg/") for p in blobs) and len(blobs) == 1
    [target] = by_repo(third)["acme/setup-cfg"]["targets"]
    assert target["version"] == "0.29.0" and target["verdict"] == "not_reproduced"
    assert not by_repo(third)["acme/setup-cfg"]["reused"]
    # The push moved the branch: the report names the new commit, the others keep theirs.
    assert by_repo(third)["acme/setup-cfg"]["commit"] == fake.repos["acme/setup-cfg"].commit()
    assert by_repo(third)["acme/setup-cfg"]["commit"] != by_repo(first)["acme/setup-cfg"]["commit"]
    assert by_repo(third)["acme/docs"]["commit"] == by_repo(first)["acme/docs"]["commit"]


def _same_but_cached(first: dict[str, Any], second: dict[str, Any]) -> bool:
    """The same findings, except that the second run's verdicts came from the cache."""

    def strip(report: dict[str, Any]) -> list[Any]:
        return [
            (r["repo"], [(t["root"], t["version"], t["verdict"], t["source"]) for t in r["targets"]])
            for r in report["repos"]
        ]

    return strip(first) == strip(second)


def test_an_interrupted_run_resumes_from_the_cache(
    fake: FakeGitHub, tmp_path: Path, repro_cache: Path
) -> None:
    cache = shared_cache(tmp_path, repro_cache)
    fake.read_delay = 0.3  # a slow API, so the run can be stopped part way
    env = {**clean_env(), "GITHUB_TOKEN": TOKEN, "GITHUB_API_URL": fake.url}
    cmd = [
        sys.executable,
        str(REPO / "entrypoint.py"),
        "scan-org",
        "--org",
        "acme",
        "--cache-dir",
        str(cache),
    ]
    run = subprocess.Popen(
        [*cmd, "--audit", "off", "--concurrency", "1", "-q"], env=env, stdout=subprocess.DEVNULL
    )
    resolved = cache / "org" / "resolved" / "acme"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and len(list(resolved.glob("*/*.json"))) < 3:
        time.sleep(0.05)
    run.kill()  # no clean shutdown: whatever was being written is left as it was
    run.wait()
    done = {p.parent.name for p in resolved.glob("*/*.json")}
    assert 3 <= len(done) < len(CASES)
    fake.read_delay = 0.0
    fake.log.clear()
    _, report, _ = scan_org(fake, cache, "--org", "acme")
    assert isinstance(report, dict)
    reused = {r["repo"].split("/")[1] for r in report["repos"] if r["reused"]}
    assert reused == done  # picked up where the stopped run got to
    blobs = {c.path.split("/")[3] for c in fake.calls() if "/git/blobs/" in c.path}
    assert not blobs & done  # their manifests were not fetched again
    assert all(r["status"] == "scanned" for r in report["repos"] if r["repo"].split("/")[1] in CASES)


@pytest.mark.parametrize(
    "head",
    [
        {"sha": "../../../evil.example/x", "type": "commit"},  # not an object id: never in a URL
        {"sha": "0123456789ABCDEF0123456789ABCDEF01234567", "type": "commit"},  # not as git writes it
        {"sha": "0123456789abcdef0123456789abcdef01234567", "type": "tag"},  # not a commit
        "refs/heads/main",  # not an object at all
    ],
)
def test_a_head_commit_that_is_not_a_commit_id_gives_no_links_and_no_error(
    fake: FakeGitHub, tmp_path: Path, repro_cache: Path, head: object
) -> None:
    fake.inject(
        "GET",
        r"^/repos/acme/setup-cfg/git/ref/heads/main$",
        200,
        payload={"ref": "refs/heads/main", "url": "https://evil.example/", "object": head},
    )
    cache = shared_cache(tmp_path, repro_cache)
    _, report, stderr = scan_org(fake, cache, "--repos", "acme/setup-cfg")
    assert isinstance(report, dict)
    [repo] = report["repos"]
    assert repo["status"] == "scanned" and repo["errors"] == [], stderr[-2000:]
    assert repo["commit"] is None and [t["version"] for t in repo["targets"]] == ["0.27.0"]
    # The tree was read by the branch's name instead, and the summary has no link into the repository.
    assert [c.path for c in fake.calls("GET", "/git/trees/")] == ["/repos/acme/setup-cfg/git/trees/main"]
    _, markdown, _ = scan_org(fake, cache, "--repos", "acme/setup-cfg", fmt="markdown")
    assert isinstance(markdown, str)
    assert not [h for h in read(markdown).hrefs() if "/blob/" in h or "evil" in h]


def test_ids_in_a_tree_that_are_not_git_object_ids_never_name_a_file_in_the_cache(
    fake: FakeGitHub, tmp_path: Path, repro_cache: Path
) -> None:
    entry = {"path": "requirements.txt", "mode": "100644", "type": "blob", "size": 18}
    tree = {"sha": "ab" * 20, "tree": [{**entry, "sha": "../../../../outside"}], "truncated": False}
    fake.inject("GET", r"^/repos/acme/setup-cfg/git/trees/", 200, payload=tree)
    fake.inject("GET", r"^/repos/acme/docs/git/trees/", 200, payload={**tree, "sha": "../../../x"})
    cache = shared_cache(tmp_path, repro_cache)
    _, report, stderr = scan_org(fake, cache, "--repos", "acme/setup-cfg,acme/docs")
    assert isinstance(report, dict)
    repos = by_repo(report)
    assert repos["acme/setup-cfg"]["status"] == "scanned", stderr[-2000:]
    [error] = repos["acme/setup-cfg"]["errors"]
    assert error["file"] == "requirements.txt" and "no git object id" in error["message"]
    assert repos["acme/docs"]["status"] == "skipped"
    assert "could not read its tree" in repos["acme/docs"]["reason"]
    assert not fake.calls("GET", "/git/blobs/")
    assert not [p for p in tmp_path.rglob("*") if p.name in ("x", "outside")]


def test_the_tracking_issue_links_places_to_the_commit_scanned_and_advisories_to_their_pages() -> None:
    from starlette_2093_check.org.action import issue_publisher
    from starlette_2093_check.org.api import OrgApi, RateGate

    commit, server, writer = "89abcdef" * 5, "https://github.example", "ghs_org_issue_token"
    affected = Report("acme/api", (reproduced(None),), ("svc/requirements.txt",), ())
    report = OrgReport(
        "acme",
        None,
        (
            RepoResult("acme/api", RepoStatus.SCANNED, None, "main", "t1", affected, commit=commit),
            RepoResult("acme/web", RepoStatus.SCANNED, None, "main", "t2", affected),  # an old shard
        ),
        (),
    )
    with FakeGitHub(tokens={writer: {"user": BOT, "readonly": False}}) as gh:
        gh.add_repo("acme/api")
        gh.add_repo("acme/web")
        publish = issue_publisher(OrgApi(gh.url, writer, RateGate()), "starlette-2093", None, server)
        done = publish(report, lambda _m: None, lambda _m: None)
        assert [name for name, posted in done if not isinstance(posted, str)] == ["acme/api", "acme/web"]
        [api_issue], [web_issue] = gh.issues("acme/api"), gh.issues("acme/web")
    page = read(api_issue["body"])
    blob = f"{server}/acme/api/blob/{commit}/"
    assert f"{blob}svc/requirements.txt#L4" in page.hrefs()  # where the version comes from, and the fix
    assert "https://osv.dev/vulnerability/CVE-2024-47874" in page.hrefs()
    assert not [h for h in page.hrefs() if "/blob/" in h and not h.startswith(blob)]
    web = read(web_issue["body"])
    assert not [h for h in web.hrefs() if "/blob/" in h]  # no commit known: plain text
    assert "https://osv.dev/vulnerability/CVE-2024-47874" in web.hrefs()


def test_a_rate_limit_that_runs_out_midway_is_waited_for_not_failed(
    fake: FakeGitHub, tmp_path: Path, repro_cache: Path
) -> None:
    fake.exhaust_rate_limit(after=6, reset_in=3)
    started = time.monotonic()
    _, report, stderr = scan_org(
        fake, shared_cache(tmp_path, repro_cache), "--org", "acme", "--concurrency", "2"
    )
    elapsed = time.monotonic() - started
    assert isinstance(report, dict)
    repos = by_repo(report)
    assert all(repos[f"acme/{name}"]["status"] == "scanned" for name in CASES), stderr[-3000:]
    assert "rate limit: 0 requests left; waiting" in stderr
    assert elapsed >= 2.5  # it waited for the reset
    assert fake.rate_limited <= 2  # at most the requests already in flight were refused, then retried


def test_a_secondary_rate_limit_is_retried_after_the_time_github_asks_for(
    fake: FakeGitHub, tmp_path: Path, repro_cache: Path
) -> None:
    message = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."
    fake.inject(
        "GET", r"/repos/acme/setup-cfg/git/trees/", 403, headers={"Retry-After": "2"}, message=message
    )
    started = time.monotonic()
    _, report, stderr = scan_org(fake, shared_cache(tmp_path, repro_cache), "--repos", "acme/setup-cfg")
    assert isinstance(report, dict)
    assert by_repo(report)["acme/setup-cfg"]["status"] == "scanned", stderr[-2000:]
    tries = [c.status for c in fake.calls("GET", r"/repos/acme/setup-cfg/git/trees/")]
    assert tries == [403, 200] and time.monotonic() - started >= 2  # Retry-After was honoured
    assert "GitHub: Retrying after 2 seconds" in stderr


def test_a_reset_later_than_the_scan_may_wait_leaves_repositories_unchecked_never_safe(
    fake: FakeGitHub, tmp_path: Path, repro_cache: Path
) -> None:
    fake.exhaust_rate_limit(after=3, reset_in=600)
    code, report, _ = scan_org(
        fake,
        shared_cache(tmp_path, repro_cache),
        "--org",
        "acme",
        "--max-rate-wait",
        "2",
        "--fail-on",
        "inconclusive",
    )
    assert isinstance(report, dict)
    waiting = [r for r in report["repos"] if "rate limit" in (r["reason"] or "")]
    assert waiting and all(r["status"] == "skipped" for r in waiting)
    assert any("more than the 2 s this scan may wait" in r["reason"] for r in waiting)
    assert report["summary"]["unchecked"] >= len(waiting)
    assert code == 1  # under fail-on: inconclusive, an unchecked repository fails the step


def test_explicit_repositories_name_the_missing_ones(
    fake: FakeGitHub, tmp_path: Path, repro_cache: Path
) -> None:
    _, report, _ = scan_org(
        fake,
        shared_cache(tmp_path, repro_cache),
        "--repos",
        "acme/setup-cfg,acme/invisible,acme/nope",
    )
    assert isinstance(report, dict)
    repos = by_repo(report)
    assert report["org"] is None and repos["acme/setup-cfg"]["status"] == "scanned"
    for missing in ("acme/invisible", "acme/nope"):
        assert repos[missing]["status"] == "skipped" and "HTTP 404" in repos[missing]["reason"]


def test_shards_cover_every_repository_once_and_merge_to_one_report_in_any_order(
    fake: FakeGitHub, tmp_path: Path, repro_cache: Path
) -> None:
    cache = shared_cache(tmp_path, repro_cache)
    _, whole, _ = scan_org(fake, cache, "--org", "acme")
    assert isinstance(whole, dict)
    files = []
    for k in (1, 2, 3):
        _, shard, _ = scan_org(fake, cache, "--org", "acme", "--shard", f"{k}/3")
        assert isinstance(shard, dict) and shard["shard"] == f"{k}/3"
        path = tmp_path / f"shard-{k}.json"
        path.write_text(json.dumps(shard))
        files.append(path)
    names = [r["repo"] for f in files for r in json.loads(f.read_text())["repos"]]
    assert sorted(names) == sorted(r["repo"] for r in whole["repos"])  # each exactly once
    merged = []
    for order in (files, files[::-1], [files[1], files[2], files[0]]):
        proc = subprocess.run(
            [sys.executable, str(REPO / "entrypoint.py"), "merge-org", *map(str, order)],
            capture_output=True,
            text=True,
            check=True,
            env=clean_env(),
        )
        merged.append(proc.stdout)
    assert merged[0] == merged[1] == merged[2]  # byte for byte, whatever the order
    report = json.loads(merged[0])
    assert report["shard"] is None
    assert [(r["repo"], r["status"], [t["verdict"] for t in r["targets"]]) for r in report["repos"]] == [
        (r["repo"], r["status"], [t["verdict"] for t in r["targets"]]) for r in whole["repos"]
    ]
    markdown = subprocess.run(
        [sys.executable, str(REPO / "entrypoint.py"), "merge-org", "--format", "markdown", *map(str, files)],
        capture_output=True,
        text=True,
        check=True,
        env=clean_env(),
    ).stdout
    assert markdown.startswith(f"## ❌ {HEADLINE} organisation scan (acme): reproduced in")
    assert "`acme/legacy`: archived" in markdown


def test_a_shard_file_that_is_not_a_report_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps({"schema_version": 1, "kind": "organisation", "repos": [{"repo": 3}], "runs": []})
    )
    proc = subprocess.run(
        [sys.executable, str(REPO / "entrypoint.py"), "merge-org", str(bad)],
        capture_output=True,
        text=True,
        check=False,
        env=clean_env(),
    )
    assert proc.returncode == 2 and "report.repos[0].repo: expected owner/name" in proc.stderr


def test_no_token_is_a_usage_error() -> None:
    env = {k: v for k, v in clean_env().items() if k != "GITHUB_TOKEN"}
    proc = subprocess.run(
        [sys.executable, str(REPO / "entrypoint.py"), "scan-org", "--org", "acme"],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert proc.returncode == 2 and "no token in $GITHUB_TOKEN" in proc.stderr


def test_a_root_past_its_time_budget_is_inconclusive_and_not_remembered(
    fake: FakeGitHub, tmp_path: Path, repro_cache: Path
) -> None:
    from tests.hangindex import HangingIndex

    fake.add_repo("acme/ranged", files={"requirements.txt": "starlette>=0.27,<0.28\n"})
    cache = shared_cache(tmp_path, repro_cache)
    with HangingIndex() as index:
        for run in range(2):
            _, report, _ = scan_org(
                fake, cache, "--repos", "acme/ranged", "--index-url", index.url, "--root-budget", "3"
            )
            assert isinstance(report, dict)
            [repo] = report["repos"]
            assert repo["status"] == "scanned" and not repo["reused"], f"run {run}: not remembered"
            [target] = repo["targets"]
            assert (target["version"], target["verdict"]) == ("unknown", "inconclusive")
            assert "time budget of 3 s for the root . of acme/ranged" in json.dumps(target)
