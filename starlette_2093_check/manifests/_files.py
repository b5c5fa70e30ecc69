"""Reading files from the checkout safely: inside it, regular, bounded in size, and text."""

from __future__ import annotations

import codecs
import contextlib
import contextvars
import os
import posixpath
import re
import stat
from collections.abc import Iterator
from pathlib import Path

from starlette_2093_check.model import ScanError

MAX_BYTES = 5 * 1024 * 1024
OUTSIDE_SYMLINK = "refused: symlink points outside the checkout"

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Files asked for but absent, while ``missing_files`` collects them (this thread's context only).
_MISSING: contextvars.ContextVar[set[str] | None] = contextvars.ContextVar("missing_files", default=None)


@contextlib.contextmanager
def missing_files() -> Iterator[set[str]]:
    """Collect the paths (relative to the checkout) that parsers asked for and did not find.

    An organisation scan materialises only the manifests of a repository; the files they include
    (``-r base.txt``, ``file: requirements.txt``) are learnt from this and fetched in a second round.
    """
    found: set[str] = set()
    token = _MISSING.set(found)
    try:
        yield found
    finally:
        _MISSING.reset(token)


def note_missing(relpath: str) -> None:
    """A parser looked for ``relpath`` (relative to the checkout) and it is not there."""
    missing = _MISSING.get()
    if missing is not None:
        missing.add(posixpath.normpath(relpath))


def read_text(checkout: Path, relpath: str, limit: int = MAX_BYTES) -> str | ScanError:
    """Return the text of ``relpath`` inside ``checkout``, or the ScanError saying why it can't be read.

    Refuses paths that resolve outside the checkout, non-regular files (a FIFO would block) and
    files over ``MAX_BYTES`` (without reading them). Accepts UTF-8 with or without a BOM, and
    UTF-16 with a BOM (what a Windows shell redirect of ``pip freeze`` or ``conda env export``
    produces), and ASCII-range UTF-16 without one.
    """
    root = checkout.resolve()
    try:
        real = (checkout / relpath).resolve(strict=True)
    except FileNotFoundError:
        note_missing(relpath)
        return ScanError(relpath, "file not found")
    except RuntimeError:  # Python 3.11's report of a symlink loop
        return ScanError(relpath, "cannot resolve path: symlink loop")
    except OSError as e:
        return ScanError(relpath, f"cannot resolve path: {e.strerror or type(e).__name__}")
    if not real.is_relative_to(root):
        return ScanError(relpath, OUTSIDE_SYMLINK)
    data = read_regular(real, relpath, limit=limit)
    return data if isinstance(data, ScanError) else decode_text(data, relpath)


def read_regular(path: str | Path, relpath: str, flags: int = 0, limit: int = MAX_BYTES) -> bytes | ScanError:
    """The bytes of ``path`` if it is a regular file of at most ``MAX_BYTES``; a larger one is refused
    before it is read, and a FIFO or device is never opened for reading. ``flags`` are added to the
    open (``O_NOFOLLOW`` where the caller saw a plain file); ``limit`` replaces ``MAX_BYTES`` (SBOMs)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | flags)
    except OSError as e:
        return ScanError(relpath, f"cannot open file: {e.strerror or e}")
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            return ScanError(relpath, "not a regular file")
        if st.st_size > limit:
            return ScanError(relpath, f"refused: file is larger than {limit >> 20} MiB ({st.st_size} bytes)")
        data = fh.read(limit + 1)
    if len(data) > limit:
        return ScanError(relpath, f"refused: file is larger than {limit >> 20} MiB")
    return data


def decode_text(data: bytes, relpath: str) -> str | ScanError:
    """Decode file bytes as text, or explain why they are not text."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not data.startswith(
        codecs.BOM_UTF32_LE
    ):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            line = data[: e.start].decode("utf-16", "replace").count("\n") + 1
            return ScanError(relpath, "not a text file (invalid UTF-16 after a UTF-16 byte order mark)", line)
    bare = _bare_utf16(data)
    if bare is not None:
        return bare
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return ScanError(relpath, "not a text file (contains NUL bytes)", line)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        return ScanError(relpath, f"not a text file (invalid UTF-8 at byte {e.start})", line)


def _bare_utf16(data: bytes) -> str | None:
    """Text from UTF-16 without a byte order mark, recognised by ASCII characters' zero bytes.

    Some Windows tools write UTF-16 LE without a BOM. Accept it only when it is unambiguous: every
    character is ASCII-range (one zero byte per code unit, all on the same side) and it decodes.
    """
    if len(data) < 4 or len(data) % 2:
        return None
    for zeros, chars, codec in ((data[1::2], data[0::2], "utf-16-le"), (data[0::2], data[1::2], "utf-16-be")):
        if not zeros.strip(b"\x00") and b"\x00" not in chars:
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
    return None


def split_lines(text: str) -> list[str]:
    """Split on LF, CRLF or CR only (``str.splitlines`` also breaks on form feeds and U+2028)."""
    return _LINE_BREAK.split(text)
