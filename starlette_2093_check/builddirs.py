"""Directories built beside their final place and renamed into it, and removing the ones left behind.

The sandbox builds a venv, and the organisation scan lays out a repository's files, in a
``.build-*`` directory next to where the result goes, then renames it into place, so a half-made
result is never used. A process killed during the build (``kill -9``, a cancelled job, the runner
losing power) leaves that directory behind, and nothing else would ever remove it.

The cache is shared by concurrent runs (two jobs on one cache, or the threads of one run), so a
``.build-*`` directory is removed only when no live process is building it: the builder holds an
exclusive ``flock`` on the directory itself for as long as it builds, and the kernel releases it
when the builder dies, however it dies. ``flock`` locks belong to an open file, not to a process,
so they also keep apart two threads of one process, and a recycled pid cannot fool them.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PREFIX = ".build-"


@contextmanager
def build_dir(parent: Path) -> Iterator[Path]:
    """A new empty ``.build-*`` directory in ``parent``, held by this process while the block runs.

    Rename it into place inside the block; whatever is still there when the block ends is removed
    (before the hold is released, so that no cleaner races with the removal).
    """
    while True:
        building = Path(tempfile.mkdtemp(dir=parent, prefix=PREFIX))
        fd = os.open(building, os.O_RDONLY | os.O_DIRECTORY)
        try:
            # Blocking: a cleaner holds it only while it removes the directory, which it does only
            # if it took the hold before we did. Then the directory is gone (no links): make another.
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:  # a file system without flock: no cleaner can take the hold there either
            break
        if os.fstat(fd).st_nlink > 0:
            break
        os.close(fd)
    try:
        yield building
    finally:
        try:
            if building.exists():
                shutil.rmtree(building, ignore_errors=True)
        finally:
            os.close(fd)  # releases the hold


def remove_stale_builds(parent: Path) -> list[str]:
    """Remove the ``.build-*`` directories in ``parent`` that no live process holds; their names.

    One listing of ``parent``; a directory being built is left alone, and so is anything that is
    not a directory (a symlink is not followed). A missing ``parent`` has nothing to remove.
    """
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return []
    removed: list[str] = []
    for entry in entries:
        if not entry.name.startswith(PREFIX):
            continue
        try:
            if not entry.is_dir(follow_symlinks=False):
                continue
            fd = os.open(entry.path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        except OSError:  # gone meanwhile (renamed into place, or removed by another cleaner)
            continue
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:  # held: a live process is building it
                continue
            shutil.rmtree(entry.path, ignore_errors=True)
            removed.append(entry.name)
        finally:
            os.close(fd)
    return removed
