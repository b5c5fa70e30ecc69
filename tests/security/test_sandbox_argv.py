"""Credentials never appear on a command line, where any user can read them in /proc.

A custom scenario runs as a uid of its own while other sandboxes are being built; everything on
their command lines is readable to it. The index URL (which may carry a user and password from a
secret) must reach uv through its environment only. ``uv`` is replaced here by a wrapper script
that logs its arguments and environment and then runs the real uv: a fake at the process boundary.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from starlette_2093_check.repro.sandbox import Sandbox, SandboxConfig, find_uv
from tests.fakeindex import FakeIndex

pytestmark = pytest.mark.integration

SECRET = "index-password-never-on-argv"


def test_the_index_url_goes_to_uv_through_its_environment_only(tmp_path: Path) -> None:
    log = tmp_path / "calls.jsonl"
    wrapper = tmp_path / "uv"
    wrapper.write_text(
        "#!/usr/bin/env python3\n"
        "import json, os, sys\n"
        f"with open({str(log)!r}, 'a') as fh:\n"
        "    fh.write(json.dumps({'argv': sys.argv, 'index': os.environ.get('UV_INDEX_URL')}) + '\\n')\n"
        f"os.execv({find_uv()!r}, [{find_uv()!r}, *sys.argv[1:]])\n"
    )
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    with FakeIndex({}, user="ci", password=SECRET) as index:
        url = index.url.replace("http://", f"http://ci:{SECRET}@")
        sandbox = Sandbox(SandboxConfig(cache_dir=tmp_path / "cache", index_url=url))
        sandbox.uv = str(wrapper)
        verdict = sandbox.verdict("0.27.0", None, None)
        assert index.log, "the install asked the index"
    calls = [json.loads(line) for line in log.read_text().splitlines()]
    installs = [c for c in calls if c["argv"][1:3] == ["pip", "install"]]
    assert installs and all(c["index"] == url for c in installs)
    assert not any(SECRET in arg for c in calls for arg in c["argv"])
    # the index has nothing: the install fails, and the reason does not repeat the password
    assert verdict.status.value == "inconclusive" and SECRET not in verdict.reason
