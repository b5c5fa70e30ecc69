"""Files written whole or not at all: a temporary file beside the target, then renamed over it.

A reader (another run sharing the cache, or this one after a kill) never sees half a file, and a
write that fails leaves no temporary behind.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def replace_file(path: Path, data: bytes, *, prefix: str = ".tmp-") -> None:
    """Write ``data`` to ``path`` atomically (mode 0600, as ``mkstemp`` creates it). Raises
    ``OSError`` when it cannot; the directory must exist."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
