"""A repository's manifests, and only those, laid out on disk from the git data API (never a clone).

The tree of the default branch's head commit is read (``OrgApi.tree``: two requests); the files
discovery would parse are fetched as blobs, then discovery runs on what was laid out. The files
those manifests include (``-r base.txt``, ``file: requirements.txt``, a ``setup.py`` reading a
requirements file) are learnt from the parsers themselves (``manifests._files.missing_files``) and
fetched in the next round, if the tree has them.

Blobs are kept by their git id, so an unchanged file is never fetched twice, and a laid-out tree is
kept by its tree id: a rescan of an unchanged repository costs two requests (the head commit and its
tree), and no blob. Symlinks and submodules are not followed; files over 5 MiB are refused as
discovery would refuse them, and so is an entry whose blob id is not a git object id (ids name files
in the cache).
"""

from __future__ import annotations

import json
import os
import posixpath
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from starlette_2093_check.builddirs import build_dir, remove_stale_builds
from starlette_2093_check.manifests import MAX_BYTES, SKIP_DIRS, discover, parser_for
from starlette_2093_check.manifests._files import missing_files
from starlette_2093_check.model import Discovery, ScanError
from starlette_2093_check.org.api import OrgApi, RepoRef, TreeEntry
from starlette_2093_check.report.org import OBJECT_ID

ROUNDS = 4  # manifests, then what they include, what those include, ...
_REGULAR = ("100644", "100755")
_DONE = ".fetched.json"


@dataclass
class Fetched:
    """A laid-out tree: where it is, which files it holds, and what reading it found."""

    tree: str
    directory: Path
    files: list[str] = field(default_factory=list)
    discovery: Discovery | None = None
    errors: list[ScanError] = field(default_factory=list)  # files refused (symlinks, too large, ...)
    reused: bool = False


def wanted(entry: TreeEntry) -> bool:
    """Whether discovery would parse this file of the tree."""
    parts = entry.path.split("/")
    if any(p in SKIP_DIRS for p in parts[:-1]):
        return False
    return parser_for(entry.path) is not None


class ManifestStore:
    """Blobs by git id and laid-out trees by tree id, under ``directory`` (``actions/cache`` keeps it)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        # Repositories share files (the same requirements.txt, a template's lock): one fetch per blob.
        self._fetching: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def _blob_path(self, sha: str) -> Path:
        return self.directory / "blobs" / sha[:2] / sha

    def _tree_dir(self, repo: str, tree: str) -> Path:
        return self.directory / "trees" / repo / tree

    def blob(self, api: OrgApi, repo: str, sha: str) -> bytes:
        path = self._blob_path(sha)
        with self._guard:
            lock = self._fetching.setdefault(sha, threading.Lock())
        with lock:
            try:
                return path.read_bytes()
            except OSError:
                return self._fetch_blob(api, repo, sha, path)

    def _fetch_blob(self, api: OrgApi, repo: str, sha: str, path: Path) -> bytes:
        data = api.blob(repo, sha)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
        return data

    def lay_out(self, api: OrgApi, ref: RepoRef, tree: str, entries: list[TreeEntry]) -> Fetched:
        """The manifests of ``tree`` on disk, with discovery's reading of them."""
        final = self._tree_dir(ref.full_name, tree)
        remove_stale_builds(final.parent)  # left by a run killed while laying this repository out
        done = final / _DONE
        if done.is_file():
            try:
                kept = json.loads(done.read_text(encoding="utf-8"))
                refusals = [ScanError(str(file), str(message)) for file, message in kept["refused"]]
                fetched = Fetched(tree, final, list(kept["files"]), errors=refusals, reused=True)
                fetched.discovery = discover(final)
                return fetched
            except (OSError, ValueError, KeyError, TypeError):
                shutil.rmtree(final, ignore_errors=True)
        final.parent.mkdir(parents=True, exist_ok=True)
        with build_dir(final.parent) as building:
            fetched = self._fetch(api, ref, tree, entries, building)
            refused = [[e.file, e.message] for e in fetched.errors]
            (building / _DONE).write_text(
                json.dumps({"files": fetched.files, "refused": refused}), encoding="utf-8"
            )
            shutil.rmtree(final, ignore_errors=True)
            building.rename(final)
            fetched.directory = final  # the discovery's paths are relative: it holds here too
            for older in final.parent.iterdir():  # one tree per repository is kept
                if older != final and not older.name.startswith("."):
                    shutil.rmtree(older, ignore_errors=True)
            return fetched

    def _fetch(self, api: OrgApi, ref: RepoRef, tree: str, entries: list[TreeEntry], where: Path) -> Fetched:
        by_path = {e.path: e for e in entries}
        fetched = Fetched(tree, where)
        todo = sorted(e.path for e in entries if wanted(e))
        seen: set[str] = set()
        for _ in range(ROUNDS):
            for path in todo:
                seen.add(path)
                entry = by_path[path]
                refused = _refusal(entry)
                if refused:
                    fetched.errors.append(ScanError(path, refused))
                    continue
                target = where / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(self.blob(api, ref.full_name, entry.sha))
                fetched.files.append(path)
            with missing_files() as missing:
                fetched.discovery = discover(where)
            todo = sorted(p for p in missing if p in by_path and p not in seen)
            if not todo:
                break
        fetched.files.sort()
        return fetched


def _refusal(entry: TreeEntry) -> str | None:
    if entry.mode == "120000":
        return "not followed: a symlink in the repository (the organisation scan reads blobs only)"
    if entry.mode not in _REGULAR:
        return f"not read: git mode {entry.mode}"
    if entry.size > MAX_BYTES:
        return f"refused: file is larger than 5 MiB ({entry.size} bytes)"
    if posixpath.isabs(entry.path) or ".." in entry.path.split("/"):
        return "refused: path leaves the repository"
    if not OBJECT_ID.fullmatch(entry.sha):
        return "refused: GitHub's answer gave it no git object id"
    return None
