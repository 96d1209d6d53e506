"""Every file the guide reads, read the same careful way: regular files only, never past a cap.

A FIFO blocks whoever opens it, ``/dev/zero`` never ends, and a FIFO or a device reports a size
of 0, so a size check before ``read_bytes()`` does not help (kiosk red-team B4: a FIFO or a
link to /dev/zero in the content or the settings hung or exhausted the app, ``validate``,
``lint`` and ``check-config``). Here a file is looked at before it is opened (``stat``: only a
regular file is opened, following links), opened without blocking, looked at again on the open
descriptor (``fstat``: the same regular file, not one swapped in between), and read up to its
cap plus one byte, so anything longer is "too large" however it grew.

The few small files the guide writes (settings, staff lock-out, bundle pointers, the status
file) go through :func:`write_atomically`: the old file or the new one, never half.

Qt-free and small, so ``validate`` and ``check-config`` use it without a display.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

KIB = 1024
#: The most each kind of file may hold. Generous for what ships (the largest content file is
#: about 30 KiB, the largest illustration about 20 KiB, the CJK font about 9 MiB).
CAPS = {
    "content": 256 * KIB,      # one content YAML file (a section or a topic)
    "catalog": 256 * KIB,      # a language's ui.yaml
    "settings": 64 * KIB,      # the site settings
    "svg": 2 * KIB * KIB,      # one illustration
    "font": 32 * KIB * KIB,    # one bundled font
}

_CHUNK = 64 * KIB


class SafeReadError(OSError):
    """A file that is not read: what is wrong with it, in words for the person who can fix it.

    ``str()`` is the reason alone (callers name the file, e.g. as ``file:line``); ``path`` is
    the file."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(reason)
        self.path = path
        self.reason = reason

    def __str__(self) -> str:
        return self.reason


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _not_regular(path: Path, mode: int) -> SafeReadError:
    where = ""
    if path.is_symlink():
        try:
            where = f" (a link to {os.readlink(path)})"
        except OSError:
            where = " (a link)"
    return SafeReadError(path, f"is {_kind(mode)}{where}, not a regular file; it was not "
                         "read. Replace it with an ordinary file.")


def _too_large(path: Path, size: int, cap: int) -> SafeReadError:
    shown = f"{size // KIB} KiB" if size < 10 * KIB * KIB else f"{size // (KIB * KIB)} MiB"
    limit = f"{cap // KIB} KiB" if cap < 10 * KIB * KIB else f"{cap // (KIB * KIB)} MiB"
    return SafeReadError(path, f"file is {shown}; the limit is {limit}. Split it or shorten it.")


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The whole content of the regular file at ``path``, at most ``max_bytes`` long.

    Raises :class:`SafeReadError` (a reason in plain words) for anything that is not a regular
    file or is larger than the cap, and OSError (e.g. missing, permission denied) as ``open``
    would. Never blocks on a FIFO, never reads a device.
    """
    path = Path(path)
    info = os.stat(path)  # follows links: a link to a regular file is fine
    if not stat.S_ISREG(info.st_mode):
        raise _not_regular(path, info.st_mode)
    if info.st_size > max_bytes:
        raise _too_large(path, info.st_size, max_bytes)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) \
        | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):  # swapped for something else since the stat
            raise _not_regular(path, opened.st_mode)
        chunks: list[bytes] = []
        total = 0
        while total <= max_bytes:
            chunk = os.read(fd, min(_CHUNK, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_bytes:  # it grew while being read
            raise _too_large(path, total, max_bytes)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read(path: Path, kind: str) -> bytes:
    """:func:`read_bytes` with the cap for a kind of file (a key of :data:`CAPS`)."""
    return read_bytes(path, CAPS[kind])


def line_of(data: bytes, offset: int) -> int:
    """The 1-based line number of byte ``offset`` in ``data``."""
    return data.count(b"\n", 0, max(0, offset)) + 1


def write_atomically(path: Path, text: str, mode: int = 0o600) -> None:
    """Write ``text`` to ``path`` so that a crash or power cut leaves the old file or the new
    one, never half of one: a temporary file beside it, flushed to disk, given ``mode``, renamed
    over the target, and the rename itself flushed. Raises OSError (the temporary file is gone)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        if os.name == "posix":
            os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    if os.name == "posix":  # make the rename itself survive a power cut
        try:
            dir_fd = os.open(path.parent, os.O_RDONLY)
        except OSError:
            return
        try:
            os.fsync(dir_fd)
        except OSError:
            pass
        finally:
            os.close(dir_fd)
