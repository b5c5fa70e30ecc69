"""A fake GitHub REST API: real HTTP on 127.0.0.1, in-memory state, injectable faults.

It serves the part of the API the action uses (repositories, issues, issue comments, labels,
pull requests with their changed files, review comments), in the shapes PyGithub parses, and behaves
like GitHub where it matters:

- every request must carry a known token (``Authorization: token X`` or ``Bearer X``), else 401;
- a read-only token gets 403 "Resource not accessible by integration" on every write;
- a token without push access (``"push": False``) may open issues and comment, but labels it names
  on a new issue or an edit are dropped silently and ``POST /labels`` is refused (403 for a bot's
  token, 404 for a person's), as on GitHub; ``GET /labels/{name}`` of a missing label is 404;
- ``GET /user`` answers for a person's token (a personal access token) and is 403 for a bot's (the
  workflow token, an app's installation token), as on GitHub;
- issues list with ``labels``, ``state`` and ``creator`` filters;
- a comment or issue body over 65,536 characters is refused with GitHub's 422 on create and edit;
- lists paginate with ``per_page``/``page`` and ``Link`` headers;
- a review comment can only target a line inside the hunks of its file's patch (422 otherwise), and
  turns outdated (``line`` null) when a push changes that file's patch (``push``);
- faults (any status, headers and body, or any JSON answer) can be injected per method and path,
  before the request is applied or after it (a 502 whose write nevertheless happened), and may
  first wait (``delay``: an API that hangs);
- organisations list their repositories (``/orgs/{org}/repos``), and a repository's files are served
  through the git data API (``git/ref/heads/{branch}`` names the branch's head commit,
  ``git/trees/{branch, commit or tree}?recursive=1``, ``git/blobs/{sha}``) with git's own blob
  and tree hashes; an empty repository answers 409, an archived one says so, a repository the token
  cannot see is 404 (and not listed), one it may list but not read is 403 on its contents;
- with ``rate_limit`` set, every response carries GitHub's ``X-RateLimit-*`` headers, each request
  spends one, and once none is left requests get GitHub's 403 "API rate limit exceeded" until the
  window resets (``exhaust_rate_limit`` makes it run out midway);
- GraphQL answers ``query { viewer { login databaseId } }`` at the address PyGithub derives from
  the REST one (``/graphql``; ``/api/graphql`` behind ``/api/v3``), for read-only tokens too: the
  viewer is the token's user unless the token's entry sets ``"viewer"`` (a user, or None for a
  GraphQL error); it is logged as ``POST /graphql`` and takes injected faults like any path;
- comments and issues written by a Bot carry ``performed_via_github_app`` (its app), as on GitHub;
- a pull request's files at its head commit are served by the contents API
  (``contents/{path}?ref={head sha}``): the ``head_files`` given, else, for a file the pull adds
  whole, the text of its patch.

Start it with ``with FakeGitHub() as gh:`` and point ``GITHUB_API_URL`` at ``gh.url``.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

BOT = {"login": "github-actions[bot]", "id": 41898282, "type": "Bot"}
HUMAN = {"login": "octocat", "id": 583231, "type": "User"}
# Another workflow's, or another app's, bot: the marker in its comments proves nothing.
OTHER_BOT = {"login": "renovate[bot]", "id": 29139614, "type": "Bot"}


def app_of(user: dict[str, Any], slug: str | None = None) -> dict[str, Any] | None:
    """``performed_via_github_app`` as GitHub fills it: the app behind a bot account (or ``slug``'s)."""
    if slug is None:
        if user.get("type") != "Bot":
            return None
        slug = str(user["login"]).removesuffix("[bot]")
    number = int(hashlib.sha1(slug.encode()).hexdigest()[:6], 16)
    return {
        "id": number,
        "slug": slug,
        "node_id": f"A_{number}",
        "name": slug.replace("-", " ").title(),
        "description": "",
        "owner": {"login": "github", "id": 9919, "type": "Organization"},
        "external_url": f"https://example.invalid/apps/{slug}",
        "html_url": f"https://example.invalid/apps/{slug}",
        "created_at": "2018-07-30T09:30:17Z",
        "updated_at": "2024-04-10T20:33:16Z",
        "permissions": {"issues": "write", "pull_requests": "write"},
        "events": [],
    }


NOT_ACCESSIBLE = "Resource not accessible by integration"


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _bytes(data: str | bytes) -> bytes:
    return data.encode() if isinstance(data, str) else data


def _git_sha(kind: str, data: bytes) -> str:
    """git's object id: sha1 of ``<kind> <size>\\0<data>`` (for trees, over a stand-in of the entries)."""
    return hashlib.sha1(f"{kind} {len(data)}\0".encode() + data).hexdigest()


RATE_LIMITED = (
    "API rate limit exceeded for installation ID 4711. If you reach out to GitHub Support for help, "
    "please include the request ID."
)


@dataclass
class Fault:
    method: str
    path: re.Pattern[str]
    status: int
    times: int = 1
    headers: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] = field(default_factory=lambda: {"message": "Server Error"})
    after: bool = False  # apply the request, then answer with the fault anyway
    delay: float = 0.0  # seconds to wait before answering (longer than the client waits: a hang)
    payload: Any = None  # the answer's JSON instead of ``body`` (a 200 of an unexpected shape)


@dataclass
class Repo:
    owner: str
    name: str
    id: int
    default_branch: str = "main"
    issues: dict[int, dict[str, Any]] = field(default_factory=dict)
    comments: dict[int, dict[str, Any]] = field(default_factory=dict)
    labels: dict[str, dict[str, Any]] = field(default_factory=dict)
    pulls: dict[int, dict[str, Any]] = field(default_factory=dict)
    review_comments: dict[int, dict[str, Any]] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)  # the default branch's files (git data API)
    symlinks: dict[str, str] = field(default_factory=dict)  # path → target, served as mode 120000
    archived: bool = False
    access: str = "ok"  # "ok", "forbidden" (listed, contents 403), "hidden" (404, not listed)

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"

    def blobs(self) -> dict[str, bytes]:
        """git blob sha → content, for the files and the symlinks' targets."""
        out = {_git_sha("blob", data): data for data in self.files.values()}
        out.update({_git_sha("blob", t.encode()): t.encode() for t in self.symlinks.values()})
        return out

    def tree(self) -> tuple[str, list[dict[str, Any]]]:
        """The recursive tree of the default branch: its sha and its entries, directories included."""
        entries: dict[str, dict[str, Any]] = {}
        leaves = [(p, d, "100644") for p, d in self.files.items()]
        leaves += [(p, t.encode(), "120000") for p, t in self.symlinks.items()]
        folders: set[str] = set()
        for path, data, mode in leaves:
            parts = path.split("/")
            folders.update("/".join(parts[:n]) for n in range(1, len(parts)))
            entries[path] = {"path": path, "mode": mode, "type": "blob", "size": len(data)}
            entries[path]["sha"] = _git_sha("blob", data)
        for folder in folders:  # a stand-in for git's tree hash: the paths and blobs below it
            inside = sorted(f"{p} {e['sha']}" for p, e in entries.items() if p.startswith(folder + "/"))
            sha = _git_sha("tree", "\n".join(inside).encode())
            entries[folder] = {"path": folder, "mode": "040000", "type": "tree", "sha": sha}
        ordered = [entries[p] for p in sorted(entries)]
        return _git_sha("tree", json.dumps(ordered, sort_keys=True).encode()), ordered

    def commit(self) -> str:
        """The default branch's head commit: a stand-in id over its tree (a push moves it)."""
        return _commit_of(self.tree()[0])


def _commit_of(tree: str) -> str:
    return _git_sha("commit", f"tree {tree}\n".encode())


@dataclass
class Logged:
    method: str
    path: str
    status: int
    token: str | None


class FakeGitHub:
    """The server and its state. Methods under "test helpers" read and seed state directly."""

    def __init__(
        self,
        tokens: dict[str, dict[str, Any]] | None = None,
        write_delay: float = 0.0,
        prefix: str = "",
        rate_limit: int | None = None,
        rate_window: float = 3600.0,
    ) -> None:
        # token → {"user": {...}, "readonly": bool, "push": bool (default True), "viewer": ...}
        self.prefix = prefix.rstrip("/")  # "/api/v3" serves the API the way GitHub Enterprise Server does
        self.tokens = tokens or {"ghs_workflow_token": {"user": BOT, "readonly": False}}
        self.repos: dict[str, Repo] = {}
        self.faults: list[Fault] = []
        self.log: list[Logged] = []
        self.write_delay = write_delay  # widens race windows in concurrency tests
        self.lock = threading.RLock()
        self._ids = itertools.count(1001)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        # The primary rate limit: None means unlimited (and no X-RateLimit-* headers).
        self.rate_limit = rate_limit
        self.rate_window = rate_window
        self.rate_remaining = rate_limit or 0
        self.rate_reset = time.time() + rate_window
        self.rate_limited = 0  # requests refused for the rate limit
        self.read_delay = 0.0  # seconds each request takes: a slow API, to stop a scan part way

    # ---------------------------------------------------------------- lifecycle
    def __enter__(self) -> FakeGitHub:
        fake = self

        class Handler(_Handler):
            server_state = fake

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}{self.prefix}"

    # ---------------------------------------------------------------- test helpers
    def add_repo(
        self,
        full_name: str,
        default_branch: str = "main",
        files: dict[str, str | bytes] | None = None,
        *,
        archived: bool = False,
        access: str = "ok",
        symlinks: dict[str, str] | None = None,
    ) -> Repo:
        owner, name = full_name.split("/")
        with self.lock:
            repo = Repo(owner, name, next(self._ids), default_branch, archived=archived, access=access)
            repo.files = {p: _bytes(d) for p, d in (files or {}).items()}
            repo.symlinks = dict(symlinks or {})
            self.repos[full_name] = repo
            return repo

    def set_files(self, full_name: str, files: dict[str, str | bytes]) -> None:
        """A push to the default branch: its files become ``files``."""
        with self.lock:
            self.repos[full_name].files = {
                p: d.encode() if isinstance(d, str) else d for p, d in files.items()
            }

    def exhaust_rate_limit(self, after: int, reset_in: float) -> None:
        """Let ``after`` more requests through, then refuse until ``reset_in`` seconds from now."""
        with self.lock:
            if self.rate_limit is None:
                self.rate_limit = max(after, 1)
            self.rate_remaining = after
            self.rate_reset = time.time() + reset_in

    def _rate_headers(self) -> dict[str, str]:
        if self.rate_limit is None:
            return {}
        return {
            "X-RateLimit-Limit": str(self.rate_limit),
            "X-RateLimit-Remaining": str(max(0, self.rate_remaining)),
            "X-RateLimit-Reset": str(int(self.rate_reset + 0.999)),
            "X-RateLimit-Used": str(self.rate_limit - max(0, self.rate_remaining)),
            "X-RateLimit-Resource": "core",
        }

    def _spend(self) -> bool:
        """Spend one request of the window; False when none is left (callers hold the lock)."""
        if self.rate_limit is None:
            return True
        if time.time() >= self.rate_reset:
            self.rate_remaining = self.rate_limit
            self.rate_reset = time.time() + self.rate_window
        if self.rate_remaining <= 0:
            self.rate_limited += 1
            return False
        self.rate_remaining -= 1
        return True

    def add_pull(
        self,
        full_name: str,
        number: int,
        head_sha: str,
        head_repo: str | None = None,
        user: dict[str, Any] = HUMAN,
        files: dict[str, str | None] | None = None,
        head_files: dict[str, str | bytes] | None = None,
    ) -> None:
        """A pull request (which is also an issue, as on GitHub).

        ``files`` maps each changed path to its ``patch`` exactly as GitHub returns it (hunks starting
        at ``@@``, no ``diff --git`` header); None stands for a file GitHub gives no patch for
        (binary, too large). ``head_files`` are whole files at the head commit (contents API).
        """
        repo = self.repos[full_name]
        with self.lock:
            repo.issues[number] = self._issue(repo, number, f"PR {number}", "", user, [], pull=True)
            repo.pulls[number] = {
                "number": number,
                "head_sha": head_sha,
                "head_repo": head_repo or full_name,
                "files": dict(files or {}),
                "head_files": {p: _bytes(d) for p, d in (head_files or {}).items()},
                "commits": [head_sha],
            }

    def head_files(self, full_name: str, number: int) -> dict[str, bytes]:
        """The pull's files at its head commit: ``head_files``, and the files it adds whole."""
        pull = self.repos[full_name].pulls[number]
        whole = {path: _whole_file(patch) for path, patch in pull["files"].items()}
        return {**{p: d for p, d in whole.items() if d is not None}, **pull["head_files"]}

    def push(
        self,
        full_name: str,
        number: int,
        head_sha: str,
        files: dict[str, str | None],
        head_files: dict[str, str | bytes] | None = None,
    ) -> None:
        """A new head commit: the pull's files become ``files``.

        Review comments on a file whose patch changed, or whose line left the diff, turn outdated the
        way GitHub shows them: ``line`` and ``position`` become null, ``original_*`` stay.
        """
        repo = self.repos[full_name]
        with self.lock:
            pull = repo.pulls[number]
            before = pull["files"]
            pull.update(
                head_sha=head_sha,
                files=dict(files),
                head_files={p: _bytes(d) for p, d in (head_files or {}).items()},
            )
            pull["commits"].append(head_sha)
            for comment in repo.review_comments.values():
                if comment["_pull"] != number or comment["line"] is None:
                    continue
                patch = files.get(comment["path"])
                if patch != before.get(comment["path"]) or (comment["side"], comment["line"]) not in (
                    _commentable(patch)
                ):
                    comment.update(line=None, position=None)

    def add_review_comment(
        self,
        full_name: str,
        number: int,
        path: str,
        line: int,
        body: str,
        user: dict[str, Any] = HUMAN,
        side: str = "RIGHT",
    ) -> dict[str, Any]:
        """A review comment on the pull's head commit; the line must be in the diff."""
        repo = self.repos[full_name]
        with self.lock:
            pull = repo.pulls[number]
            comment = self._add_review_comment(repo, pull, body, user, path, line, side, pull["head_sha"])
            if comment is None:
                raise ValueError(f"{path}:{line} ({side}) is not part of the diff of pull {number}")
            return comment

    def add_comment(
        self,
        full_name: str,
        number: int,
        body: str,
        user: dict[str, Any] = HUMAN,
        via_app: str | None = None,
    ) -> dict[str, Any]:
        """A comment by ``user``; ``via_app`` names the app it was posted through (a user's token
        given to an app), else a bot's own app, as GitHub records it."""
        repo = self.repos[full_name]
        with self.lock:
            return self._add_comment(repo, number, body, user, via_app)

    def add_issue(
        self,
        full_name: str,
        title: str,
        body: str,
        user: dict[str, Any] = HUMAN,
        labels: list[str] | None = None,
    ) -> dict[str, Any]:
        """An issue opened by ``user`` (labels are created as GitHub does when an issue names them)."""
        repo = self.repos[full_name]
        with self.lock:
            for name in labels or []:
                repo.labels.setdefault(
                    name, {"id": next(self._ids), "name": name, "color": "ededed", "description": None}
                )
            number = max([*repo.issues, 0]) + 1
            repo.issues[number] = self._issue(repo, number, title, body, user, list(labels or []))
            return repo.issues[number]

    def inject(
        self,
        method: str,
        path: str,
        status: int,
        *,
        times: int = 1,
        headers: dict[str, str] | None = None,
        message: str = "Server Error",
        after: bool = False,
        delay: float = 0.0,
        payload: Any = None,
    ) -> Fault:
        body = {"message": message} if payload is None else payload
        fault = Fault(method, re.compile(path), status, times, headers or {}, body, after, delay, payload)
        with self.lock:
            self.faults.append(fault)
        return fault

    def comments(self, full_name: str, number: int) -> list[dict[str, Any]]:
        repo = self.repos[full_name]
        with self.lock:
            return [c for c in sorted(repo.comments.values(), key=lambda c: c["id"]) if c["_issue"] == number]

    def review_comments(self, full_name: str, number: int) -> list[dict[str, Any]]:
        """The pull request's review comments, oldest first (as stored: ``line`` None when outdated)."""
        repo = self.repos[full_name]
        with self.lock:
            return [
                c
                for c in sorted(repo.review_comments.values(), key=lambda c: c["id"])
                if c["_pull"] == number
            ]

    def issues(self, full_name: str, *, pulls: bool = False) -> list[dict[str, Any]]:
        repo = self.repos[full_name]
        with self.lock:
            return [i for n, i in sorted(repo.issues.items()) if (n in repo.pulls) == pulls]

    def calls(self, method: str | None = None, path: str = "") -> list[Logged]:
        with self.lock:
            return [c for c in self.log if (method is None or c.method == method) and re.search(path, c.path)]

    # ---------------------------------------------------------------- payloads
    def base(self, host: str) -> str:
        return f"http://{host}{self.prefix}"

    def _user(self, user: dict[str, Any]) -> dict[str, Any]:
        return {
            **user,
            "node_id": f"U_{user['id']}",
            "url": f"/users/{user['login']}",
            "html_url": f"https://example.invalid/{user['login']}",
            "site_admin": False,
        }

    def _issue(
        self,
        repo: Repo,
        number: int,
        title: str,
        body: str,
        user: dict[str, Any],
        labels: list[str],
        pull: bool = False,
    ) -> dict[str, Any]:
        now = _now()
        return {
            "id": next(self._ids),
            "number": number,
            "title": title,
            "body": body,
            "state": "open",
            "state_reason": None,
            "labels": labels,
            "user": user,
            "created_at": now,
            "updated_at": now,
            "closed_at": None,
            "performed_via_github_app": app_of(user),
            "_pull": pull,
        }

    def _add_comment(
        self, repo: Repo, number: int, body: str, user: dict[str, Any], via_app: str | None = None
    ) -> dict[str, Any]:
        now = _now()
        comment = {
            "id": next(self._ids),
            "body": body,
            "user": user,
            "created_at": now,
            "updated_at": now,
            "performed_via_github_app": app_of(user, via_app),
            "_issue": number,
        }
        repo.comments[comment["id"]] = comment
        return comment

    def _add_review_comment(
        self,
        repo: Repo,
        pull: dict[str, Any],
        body: str,
        user: dict[str, Any],
        path: str,
        line: int,
        side: str,
        commit_id: str,
    ) -> dict[str, Any] | None:
        """Store a single-line review comment, or return None when the line is not in the diff."""
        patch = pull["files"].get(path)
        where = _commentable(patch).get((side, line))
        if where is None:
            return None
        position, header = where
        assert patch is not None
        now = _now()
        comment = {
            "id": next(self._ids),
            "pull_request_review_id": next(self._ids),  # GitHub wraps a single comment in its own review
            "body": body,
            "user": user,
            "path": path,
            "commit_id": commit_id,
            "original_commit_id": commit_id,
            # the hunk from its header down to the commented line, as GitHub shows it above the thread
            "diff_hunk": "\n".join(patch.split("\n")[header : _first_header(patch) + position + 1]),
            "position": position,
            "original_position": position,
            "line": line,
            "original_line": line,
            "side": side,
            "start_line": None,
            "original_start_line": None,
            "start_side": None,
            "subject_type": "line",
            "created_at": now,
            "updated_at": now,
            "_pull": pull["number"],
        }
        repo.review_comments[comment["id"]] = comment
        return comment

    def render_issue(self, repo: Repo, issue: dict[str, Any], host: str) -> dict[str, Any]:
        api = f"{self.base(host)}/repos/{repo.full_name}"
        n = issue["number"]
        out = {k: v for k, v in issue.items() if not k.startswith("_")}
        out.update(
            node_id=f"I_{issue['id']}",
            url=f"{api}/issues/{n}",
            repository_url=api,
            comments_url=f"{api}/issues/{n}/comments",
            html_url=f"https://example.invalid/{repo.full_name}/{'pull' if issue['_pull'] else 'issues'}/{n}",
            user=self._user(issue["user"]),
            labels=[self.render_label(repo, repo.labels[name], host) for name in issue["labels"]],
            comments=sum(1 for c in repo.comments.values() if c["_issue"] == n),
            locked=False,
            assignees=[],
            author_association="NONE",
        )
        if issue["_pull"]:
            out["pull_request"] = {"url": f"{api}/pulls/{n}", "html_url": out["html_url"]}
        return out

    def render_comment(self, repo: Repo, comment: dict[str, Any], host: str) -> dict[str, Any]:
        api = f"{self.base(host)}/repos/{repo.full_name}"
        out = {k: v for k, v in comment.items() if not k.startswith("_")}
        out.update(
            node_id=f"IC_{comment['id']}",
            url=f"{api}/issues/comments/{comment['id']}",
            html_url=f"https://example.invalid/{repo.full_name}/issues/{comment['_issue']}#issuecomment-{comment['id']}",
            issue_url=f"{api}/issues/{comment['_issue']}",
            user=self._user(comment["user"]),
            author_association="NONE",
        )
        return out

    def render_review_comment(self, repo: Repo, comment: dict[str, Any], host: str) -> dict[str, Any]:
        api = f"{self.base(host)}/repos/{repo.full_name}"
        url = f"{api}/pulls/comments/{comment['id']}"
        html_url = (
            f"https://example.invalid/{repo.full_name}/pull/{comment['_pull']}#discussion_r{comment['id']}"
        )
        pull_url = f"{api}/pulls/{comment['_pull']}"
        out = {k: v for k, v in comment.items() if not k.startswith("_")}
        out.update(
            node_id=f"PRRC_{comment['id']}",
            url=url,
            html_url=html_url,
            pull_request_url=pull_url,
            user=self._user(comment["user"]),
            author_association="NONE",
            _links={"self": {"href": url}, "html": {"href": html_url}, "pull_request": {"href": pull_url}},
        )
        return out

    def render_file(self, repo: Repo, pull: dict[str, Any], path: str, host: str) -> dict[str, Any]:
        patch = pull["files"][path]
        lines = (patch or "").split("\n")
        additions = sum(1 for x in lines if x.startswith("+"))
        deletions = sum(1 for x in lines if x.startswith("-"))
        status = "modified"
        if patch and re.match(r"@@ -0,0 ", patch):
            status = "added"
        elif patch and re.match(r"@@ -\d+(,\d+)? \+0,0 @@", patch):
            status = "removed"
        head = pull["head_sha"]
        out = {
            "sha": hashlib.sha1(f"{path}\0{patch}".encode()).hexdigest(),
            "filename": path,
            "status": status,
            "additions": additions,
            "deletions": deletions,
            "changes": additions + deletions,
            "blob_url": f"https://example.invalid/{repo.full_name}/blob/{head}/{quote(path)}",
            "raw_url": f"https://example.invalid/{repo.full_name}/raw/{head}/{quote(path)}",
            "contents_url": f"{self.base(host)}/repos/{repo.full_name}/contents/{quote(path)}?ref={head}",
        }
        if patch is not None:  # GitHub leaves the key out for binary and very large diffs
            out["patch"] = patch
        return out

    def render_label(self, repo: Repo, label: dict[str, Any], host: str) -> dict[str, Any]:
        return {
            **label,
            "node_id": f"L_{label['id']}",
            "url": f"{self.base(host)}/repos/{repo.full_name}/labels/{quote(label['name'])}",
            "default": False,
        }

    def render_repo(self, repo: Repo, host: str) -> dict[str, Any]:
        owner = self._user({"login": repo.owner, "id": repo.id + 1, "type": "Organization"})
        return {
            "id": repo.id,
            "node_id": f"R_{repo.id}",
            "name": repo.name,
            "full_name": repo.full_name,
            "owner": owner,
            "private": False,
            "html_url": f"https://example.invalid/{repo.full_name}",
            "url": f"{self.base(host)}/repos/{repo.full_name}",
            "default_branch": repo.default_branch,
            "archived": repo.archived,
            "fork": False,
            "size": (sum(len(d) for d in repo.files.values()) + 1023) // 1024 if repo.files else 0,
            "pushed_at": _now(),
        }

    def render_pull(self, repo: Repo, pull: dict[str, Any], host: str) -> dict[str, Any]:
        issue = repo.issues[pull["number"]]
        head_owner, head_name = pull["head_repo"].split("/")
        head_repo = Repo(head_owner, head_name, repo.id + 7)
        return {
            "id": issue["id"],
            "number": pull["number"],
            "state": issue["state"],
            "title": issue["title"],
            "url": f"{self.base(host)}/repos/{repo.full_name}/pulls/{pull['number']}",
            "html_url": f"https://example.invalid/{repo.full_name}/pull/{pull['number']}",
            "user": self._user(issue["user"]),
            "head": {
                "ref": "feature",
                "sha": pull["head_sha"],
                "label": f"{head_owner}:feature",
                "repo": self.render_repo(head_repo, host),
            },
            "base": {
                "ref": repo.default_branch,
                "sha": "0" * 40,
                "label": f"{repo.owner}:{repo.default_branch}",
                "repo": self.render_repo(repo, host),
            },
        }


Route = tuple[str, re.Pattern[str], Callable[..., tuple[int, Any]]]

_HUNK = re.compile(r"@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@")
LINE_NOT_IN_DIFF = "pull_request_review_thread.line must be part of the diff"


def _first_header(patch: str) -> int:
    return next((i for i, text in enumerate(patch.split("\n")) if _HUNK.match(text)), 0)


def _commentable(patch: str | None) -> dict[tuple[str, int], tuple[int, int]]:
    """(side, line) → (position, index of its hunk's header) for every line a review comment may target.

    ``position`` is GitHub's old diff position: lines below the first ``@@`` header, later headers
    included. Deleted lines are on the LEFT side, added ones on the RIGHT, context lines on both.
    """
    found: dict[tuple[str, int], tuple[int, int]] = {}
    if not patch:
        return found
    first = _first_header(patch)
    old = new = 0
    header = -1
    for index, text in enumerate(patch.split("\n")):
        hunk = _HUNK.match(text)
        if hunk:
            old, new, header = int(hunk.group(1)), int(hunk.group(2)), index
            continue
        if header < 0 or not text or text[0] not in "+- ":
            continue  # before the first hunk, "\\ No newline at end of file", the final newline
        where = (index - first, header)
        if text[0] in "- ":
            found[("LEFT", old)] = where
            old += 1
        if text[0] in "+ ":
            found[("RIGHT", new)] = where
            new += 1
    return found


def _whole_file(patch: str | None) -> bytes | None:
    """The file a patch adds whole (``@@ -0,0 +1,N @@``), else None."""
    if not patch or not re.match(r"@@ -0,0 \+1(?:,\d+)? @@", patch):
        return None
    lines = patch.split("\n")[1:]
    added = [line[1:] for line in lines if line.startswith("+")]
    newline = not any(line.startswith("\\") for line in lines)
    return ("\n".join(added) + ("\n" if newline else "")).encode()


def graphql_path(prefix: str) -> str:
    """Where PyGithub sends GraphQL for a REST base path (``Requester.get_graphql_prefix``)."""
    base = prefix.rstrip("/")
    return base.removesuffix("/v3") + "/graphql"


def _graphql(identity: dict[str, Any], body: dict[str, Any]) -> tuple[int, Any, dict[str, str]]:
    query = body.get("query")
    if not isinstance(query, str) or "viewer" not in query:
        return 200, {"errors": [{"message": "this fake answers only the viewer query"}]}, {}
    viewer = identity.get("viewer", identity["user"])
    if viewer is None:
        error = {"type": "FORBIDDEN", "message": "Resource not accessible by integration"}
        return 200, {"data": None, "errors": [error]}, {}
    return 200, {"data": {"viewer": {"login": viewer["login"], "databaseId": viewer["id"]}}}, {}


BODY_CHARS = 65536  # GitHub's "body is too long (maximum is 65536 characters)"


def _too_long(body: Any) -> bool:
    return isinstance(body, str) and len(body) > BODY_CHARS


def _too_long_answer(resource: str) -> tuple[int, Any, dict[str, str]]:
    """GitHub's 422 for a comment (``IssueComment``) or issue (``Issue``) body over the limit."""
    error = {
        "resource": resource,
        "code": "unprocessable" if resource == "IssueComment" else "custom",
        "field": "data" if resource == "IssueComment" else "body",
        "message": f"Body is too long (maximum is {BODY_CHARS} characters)",
    }
    doc = "https://docs.github.com/rest/issues/comments#create-an-issue-comment"
    return 422, {"message": "Validation Failed", "errors": [error], "documentation_url": doc}, {}


def _invalid(field: str, message: str) -> tuple[int, Any, dict[str, str]]:
    error = {"resource": "PullRequestReviewComment", "code": "custom", "field": field, "message": message}
    return 422, {"message": "Validation Failed", "errors": [error]}, {}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_state: FakeGitHub

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    # ------------------------------------------------------------------ plumbing
    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_PATCH(self) -> None:
        self._serve("PATCH")

    def do_DELETE(self) -> None:
        self._serve("DELETE")

    def _send(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        data = b"" if payload is None else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def _serve(self, method: str) -> None:
        fake = self.server_state
        if fake.read_delay:
            time.sleep(fake.read_delay)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        split = urlsplit(self.path)
        path, query = split.path, {k: v[-1] for k, v in parse_qs(split.query).items()}
        if path == graphql_path(fake.prefix):
            path = "/graphql"  # logged and matched by faults as this
        elif fake.prefix:
            if not path.startswith(fake.prefix + "/"):
                self._send(404, {"message": "Not Found"})
                return
            path = path[len(fake.prefix) :]
        auth = self.headers.get("Authorization", "")
        token = auth.split(" ", 1)[1] if " " in auth else None
        identity = fake.tokens.get(token or "")

        def finish(status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
            with fake.lock:
                fake.log.append(Logged(method, path, status, token))
                rate = fake._rate_headers()
            self._send(status, payload, {**rate, **(headers or {})})

        if identity is None:
            finish(401, {"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"})
            return
        if path == "/rate_limit":  # free, as on GitHub
            with fake.lock:
                core = {
                    "limit": fake.rate_limit or 5000,
                    "remaining": max(0, fake.rate_remaining) if fake.rate_limit else 5000,
                    "reset": int(fake.rate_reset),
                    "used": (fake.rate_limit or 0) - max(0, fake.rate_remaining) if fake.rate_limit else 0,
                }
            finish(200, {"resources": {"core": core}, "rate": core})
            return
        with fake.lock:
            allowed = fake._spend()
        if not allowed:
            doc = "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting"
            finish(403, {"message": RATE_LIMITED, "documentation_url": doc})
            return
        with fake.lock:
            fault = next(
                (f for f in fake.faults if f.times > 0 and f.method == method and f.path.search(path)), None
            )
            if fault is not None:
                fault.times -= 1
        if fault is not None and fault.delay:
            time.sleep(fault.delay)
        if fault is not None and not fault.after:
            finish(fault.status, fault.body, fault.headers)
            return
        if path == "/graphql":  # a query: read-only tokens may ask it too
            if method != "POST":
                finish(404, {"message": "Not Found"})
                return
            try:
                status, payload, headers = _graphql(identity, json.loads(raw) if raw else {})
            except ValueError:
                status, payload, headers = 400, {"message": "Problems parsing JSON"}, {}
            finish(
                *(
                    (fault.status, fault.body, fault.headers)
                    if fault is not None
                    else (status, payload, headers)
                )
            )
            return
        if method != "GET" and identity.get("readonly"):
            finish(403, {"message": NOT_ACCESSIBLE, "documentation_url": "https://docs.github.com/rest"})
            return
        try:
            body = json.loads(raw) if raw else {}
        except ValueError:
            finish(400, {"message": "Problems parsing JSON"})
            return
        if method != "GET" and fake.write_delay:
            time.sleep(fake.write_delay)
        status, payload, headers = self._route(method, path, query, body, identity)
        if fault is not None:
            finish(fault.status, fault.body, fault.headers)
            return
        finish(status, payload, headers)

    def _route(
        self, method: str, path: str, query: dict[str, str], body: dict[str, Any], identity: dict[str, Any]
    ) -> tuple[int, Any, dict[str, str]]:
        fake = self.server_state
        if path == "/user":
            if method == "GET" and identity["user"].get("type") == "User":  # a person's token
                return 200, self.server_state._user(identity["user"]), {}
            return 403, {"message": NOT_ACCESSIBLE}, {}
        host = self.headers.get("Host", "127.0.0.1")
        m = re.fullmatch(r"/orgs/([^/]+)(/repos)?", path)
        if m and method == "GET":
            with fake.lock:
                listed = sorted(
                    (r for r in fake.repos.values() if r.owner == m.group(1) and r.access != "hidden"),
                    key=lambda r: r.full_name,  # GitHub's default order for org repos is by name too
                )
                if not listed:
                    return 404, {"message": "Not Found"}, {}
                if m.group(2) is None:
                    org = {"login": m.group(1), "id": listed[0].id + 1, "type": "Organization"}
                    return 200, {**org, "url": f"{fake.base(host)}/orgs/{m.group(1)}"}, {}
                items = [fake.render_repo(r, host) for r in listed]
            return _page(items, query, host, self.path)
        m = re.fullmatch(r"/repos/([^/]+)/([^/]+)(/.*)?", path)
        if not m:
            return 404, {"message": "Not Found"}, {}
        repo = fake.repos.get(f"{m.group(1)}/{m.group(2)}")
        if repo is None or repo.access == "hidden":
            return 404, {"message": "Not Found"}, {}
        if repo.access == "forbidden" and (m.group(3) or "").startswith(("/git/", "/contents")):
            return 403, {"message": NOT_ACCESSIBLE}, {}
        rest = m.group(3) or ""
        with fake.lock:
            return _dispatch(fake, repo, method, rest, query, body, identity, host, self.path)


def _page(
    items: list[Any], query: dict[str, str], host: str, full_path: str
) -> tuple[int, Any, dict[str, str]]:
    per_page = max(1, min(100, int(query.get("per_page", 30))))
    page = max(1, int(query.get("page", 1)))
    last = max(1, -(-len(items) // per_page))
    chunk = items[(page - 1) * per_page : page * per_page]
    split = urlsplit(full_path)
    params = {k: v[-1] for k, v in parse_qs(split.query).items()}

    def link(n: int) -> str:
        q = "&".join(
            f"{k}={quote(v)}" for k, v in {**params, "per_page": str(per_page), "page": str(n)}.items()
        )
        return f"<http://{host}{split.path}?{q}>"

    links = []
    if page < last:
        links += [f'{link(page + 1)}; rel="next"', f'{link(last)}; rel="last"']
    if page > 1:
        links += [f'{link(1)}; rel="first"', f'{link(page - 1)}; rel="prev"']
    return 200, chunk, ({"Link": ", ".join(links)} if links else {})


def _dispatch(
    fake: FakeGitHub,
    repo: Repo,
    method: str,
    rest: str,
    query: dict[str, str],
    body: dict[str, Any],
    identity: dict[str, Any],
    host: str,
    full_path: str,
) -> tuple[int, Any, dict[str, str]]:
    user = identity["user"]
    not_found = (404, {"message": "Not Found"}, {})
    if rest == "" and method == "GET":
        return 200, fake.render_repo(repo, host), {}

    m = re.fullmatch(r"/git/ref/heads/(.+)", rest)
    if m and method == "GET":
        if not repo.files and not repo.symlinks:
            return 409, {"message": "Git Repository is empty."}, {}
        if unquote(m.group(1)) != repo.default_branch:
            return not_found
        api, commit = f"{fake.base(host)}/repos/{repo.full_name}/git", repo.commit()
        head = {"sha": commit, "type": "commit", "url": f"{api}/commits/{commit}"}
        ref = f"refs/heads/{repo.default_branch}"
        return 200, {"ref": ref, "node_id": f"REF_{repo.id}", "url": f"{api}/{ref}", "object": head}, {}
    m = re.fullmatch(r"/git/trees/([^/]+)", rest)
    if m and method == "GET":
        if not repo.files and not repo.symlinks:
            return 409, {"message": "Git Repository is empty."}, {}
        sha, entries = repo.tree()
        if unquote(m.group(1)) not in (repo.default_branch, sha, _commit_of(sha)):
            return not_found
        api = f"{fake.base(host)}/repos/{repo.full_name}/git"
        listed = [
            {**e, "url": f"{api}/{'blobs' if e['type'] == 'blob' else 'trees'}/{e['sha']}"}
            for e in entries
            if query.get("recursive") or "/" not in e["path"]
        ]
        return 200, {"sha": sha, "url": f"{api}/trees/{sha}", "tree": listed, "truncated": False}, {}
    m = re.fullmatch(r"/git/blobs/([0-9a-f]{40})", rest)
    if m and method == "GET":
        data = repo.blobs().get(m.group(1))
        if data is None:
            return not_found
        encoded = base64.encodebytes(data).decode()  # GitHub wraps base64 at 60 columns; so does this
        url = f"{fake.base(host)}/repos/{repo.full_name}/git/blobs/{m.group(1)}"
        blob = {"sha": m.group(1), "node_id": f"B_{m.group(1)[:12]}", "size": len(data), "url": url}
        return 200, {**blob, "content": encoded, "encoding": "base64"}, {}

    m = re.fullmatch(r"/contents/(.+)", rest)
    if m and method == "GET":
        path = unquote(m.group(1))
        ref = query.get("ref") or repo.default_branch
        if ref == repo.default_branch:
            files = repo.files
        else:
            pull = next((p for p in repo.pulls.values() if p["head_sha"] == ref), None)
            if pull is None:
                return 404, {"message": f"No commit found for the ref {ref}"}, {}
            files = fake.head_files(repo.full_name, pull["number"])
        data = files.get(path)
        if data is None:
            return not_found
        sha = _git_sha("blob", data)
        api = f"{fake.base(host)}/repos/{repo.full_name}"
        url = f"{api}/contents/{quote(path)}?ref={quote(ref)}"
        html = f"https://example.invalid/{repo.full_name}/blob/{quote(ref)}/{quote(path)}"
        return (
            200,
            {
                "type": "file",
                "encoding": "base64",
                "size": len(data),
                "name": path.rsplit("/", 1)[-1],
                "path": path,
                "content": base64.encodebytes(data).decode(),
                "sha": sha,
                "url": url,
                "git_url": f"{api}/git/blobs/{sha}",
                "html_url": html,
                "download_url": None,
                "_links": {"self": url, "git": f"{api}/git/blobs/{sha}", "html": html},
            },
            {},
        )

    if rest == "/issues" and method == "GET":
        state = query.get("state", "open")
        wanted = [unquote(x) for x in query.get("labels", "").split(",") if x]
        creator = query.get("creator", "").lower()
        items = [
            fake.render_issue(repo, i, host)
            for _, i in sorted(repo.issues.items(), key=lambda kv: -kv[0])  # newest first, like GitHub
            if (state == "all" or i["state"] == state)
            and all(w in i["labels"] for w in wanted)
            and (not creator or i["user"]["login"].lower() == creator)
        ]
        return _page(items, query, host, full_path)
    if rest == "/issues" and method == "POST":
        if not body.get("title"):
            return (
                422,
                {"message": "Validation Failed", "errors": [{"field": "title", "code": "missing"}]},
                {},
            )
        if _too_long(body.get("body")):
            return _too_long_answer("Issue")
        # Without push access GitHub drops the labels, silently; with it, it creates unknown ones.
        labels = [str(x) for x in body.get("labels") or []] if identity.get("push", True) else []
        for name in labels:
            repo.labels.setdefault(
                name, {"id": next(fake._ids), "name": name, "color": "ededed", "description": None}
            )
        number = max([*repo.issues, 0]) + 1
        repo.issues[number] = fake._issue(repo, number, body["title"], body.get("body") or "", user, labels)
        return 201, fake.render_issue(repo, repo.issues[number], host), {}

    m = re.fullmatch(r"/issues/(\d+)", rest)
    if m:
        issue = repo.issues.get(int(m.group(1)))
        if issue is None:
            return not_found
        if method == "GET":
            return 200, fake.render_issue(repo, issue, host), {}
        if method == "PATCH":
            if _too_long(body.get("body")):
                return _too_long_answer("Issue")
            for key in ("title", "body", "state_reason"):
                if key in body:
                    issue[key] = body[key]
            if "state" in body:
                issue["state"] = body["state"]
                issue["closed_at"] = _now() if body["state"] == "closed" else None
            if "labels" in body and identity.get("push", True):
                issue["labels"] = [str(x) for x in body["labels"]]
            issue["updated_at"] = _now()
            return 200, fake.render_issue(repo, issue, host), {}

    m = re.fullmatch(r"/issues/(\d+)/comments", rest)
    if m:
        number = int(m.group(1))
        if number not in repo.issues:
            return not_found
        if method == "GET":
            items = [
                fake.render_comment(repo, c, host)
                for c in sorted(repo.comments.values(), key=lambda c: c["id"])
                if c["_issue"] == number
            ]
            return _page(items, query, host, full_path)
        if method == "POST":
            if not isinstance(body.get("body"), str) or not body["body"]:
                return 422, {"message": "Validation Failed"}, {}
            if _too_long(body["body"]):
                return _too_long_answer("IssueComment")
            comment = fake._add_comment(repo, number, body["body"], user)
            return 201, fake.render_comment(repo, comment, host), {}

    m = re.fullmatch(r"/issues/comments/(\d+)", rest)
    if m:
        comment = repo.comments.get(int(m.group(1)))
        if comment is None:
            return not_found
        if method == "GET":
            return 200, fake.render_comment(repo, comment, host), {}
        if method == "PATCH":
            if comment["user"]["login"] != user["login"] and user["type"] != "Bot":
                return 403, {"message": "Must have admin rights to Repository."}, {}
            if _too_long(body.get("body")):
                return _too_long_answer("IssueComment")
            comment["body"] = body.get("body", comment["body"])
            comment["updated_at"] = _now()
            return 200, fake.render_comment(repo, comment, host), {}
        if method == "DELETE":
            del repo.comments[comment["id"]]
            return 204, None, {}

    m = re.fullmatch(r"/labels/([^/]+)", rest)
    if m and method == "GET":
        label = repo.labels.get(unquote(m.group(1)))
        return (200, fake.render_label(repo, label, host), {}) if label else not_found
    if rest == "/labels" and method == "POST":
        if not identity.get("push", True):  # GitHub hides what a person may not do behind a 404
            return (403, {"message": NOT_ACCESSIBLE}, {}) if user.get("type") == "Bot" else not_found
        name = body.get("name")
        if not name:
            return 422, {"message": "Validation Failed"}, {}
        if name in repo.labels:
            return 422, {"message": "Validation Failed", "errors": [{"code": "already_exists"}]}, {}
        repo.labels[name] = {
            "id": next(fake._ids),
            "name": name,
            "color": body.get("color", "ededed"),
            "description": body.get("description"),
        }
        return 201, fake.render_label(repo, repo.labels[name], host), {}

    if rest == "/pulls" and method == "GET":
        state = query.get("state", "open")
        items = [
            fake.render_pull(repo, p, host)
            for n, p in sorted(repo.pulls.items(), reverse=True)
            if state == "all" or repo.issues[n]["state"] == state
        ]
        return _page(items, query, host, full_path)
    m = re.fullmatch(r"/pulls/(\d+)", rest)
    if m and method == "GET":
        pull = repo.pulls.get(int(m.group(1)))
        return (200, fake.render_pull(repo, pull, host), {}) if pull else not_found

    m = re.fullmatch(r"/pulls/(\d+)/files", rest)
    if m and method == "GET":
        pull = repo.pulls.get(int(m.group(1)))
        if pull is None:
            return not_found
        items = [fake.render_file(repo, pull, path, host) for path in pull["files"]]
        return _page(items, query, host, full_path)

    m = re.fullmatch(r"/pulls/(\d+)/comments", rest)
    if m:
        pull = repo.pulls.get(int(m.group(1)))
        if pull is None:
            return not_found
        if method == "GET":  # ascending by id, GitHub's default order
            items = [
                fake.render_review_comment(repo, c, host)
                for c in sorted(repo.review_comments.values(), key=lambda c: c["id"])
                if c["_pull"] == pull["number"]
            ]
            return _page(items, query, host, full_path)
        if method == "POST":
            for key in ("body", "commit_id", "path"):
                if not isinstance(body.get(key), str) or not body[key]:
                    return _invalid(key, f"{key} wasn't supplied.")
            if not isinstance(body.get("line"), int):
                return _invalid("line", "line wasn't supplied.")  # this fake has no position/file comments
            if len(body["body"]) > 65536:
                return _invalid("body", "body is too long (maximum is 65536 characters)")
            side = body.get("side", "RIGHT")
            if side not in ("LEFT", "RIGHT"):
                return _invalid("side", "side must be LEFT or RIGHT")
            if body["commit_id"] not in pull["commits"]:
                return _invalid("commit_id", "commit_id is not part of the pull request")
            comment = fake._add_review_comment(
                repo, pull, body["body"], user, body["path"], body["line"], side, body["commit_id"]
            )
            if comment is None:
                return _invalid("pull_request_review_thread.line", LINE_NOT_IN_DIFF)
            return 201, fake.render_review_comment(repo, comment, host), {}

    m = re.fullmatch(r"/pulls/comments/(\d+)", rest)
    if m:
        comment = repo.review_comments.get(int(m.group(1)))
        if comment is None:
            return not_found
        if method == "GET":
            return 200, fake.render_review_comment(repo, comment, host), {}
        if method == "PATCH":
            if comment["user"]["login"] != user["login"] and user["type"] != "Bot":
                return 403, {"message": "Must have admin rights to Repository."}, {}
            if not isinstance(body.get("body"), str) or not body["body"]:
                return _invalid("body", "body wasn't supplied.")
            comment["body"] = body["body"]
            comment["updated_at"] = _now()
            return 200, fake.render_review_comment(repo, comment, host), {}
        if method == "DELETE":
            del repo.review_comments[comment["id"]]
            return 204, None, {}
    return not_found
