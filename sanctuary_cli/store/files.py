"""Files the product writes: all at once, owner-readable only, and only over regular files.

A temp file in the target's own folder, created 0600, then os.replace: a reader (or a cron job
mailing the file) sees the old file or the complete new one, never half, and nobody else can
read a report or export even while it is being written. A target that exists and is not a
regular file -- a device such as /dev/full, a FIFO, a directory, or a symlink to one -- is
refused rather than replaced (run as root, os.replace would swap a device node for a file).
A symlink to a regular file is followed, so the link stays and its target gets the new data.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from sanctuary_cli.errors import UserError

OWNER_ONLY = 0o600


def atomic_write(path: str | Path, data: str | bytes, *, mode: int = OWNER_ONLY) -> Path:
    """Replace `path` with `data` atomically; on any failure the old file is left as it was."""
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    with atomic_output(path, mode=mode) as (handle, target):
        handle.write(payload)
    return target


@contextlib.contextmanager
def atomic_output(path: str | Path, *, mode: int = OWNER_ONLY) -> Iterator[tuple[BinaryIO, Path]]:
    """A binary handle on a private temp file beside `path`, renamed over it when the block
    ends without error and removed otherwise (an exception, Ctrl-C, SIGTERM turned into one)."""
    target = writable_target(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            yield handle, target
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise


def writable_target(path: str | Path) -> Path:
    """The regular file to write for `path`: a new one in an existing folder, an existing
    regular file, or the regular file a symlink points at. Anything else is a UserError."""
    given = Path(path).expanduser()
    if given.is_symlink() or given.exists():
        try:
            info = os.stat(given)  # follows symlinks
        except FileNotFoundError:
            raise UserError(f"{given} is a symlink to nothing; give a file name") from None
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(21, "Is a directory", str(given))
        if not stat.S_ISREG(info.st_mode):
            kind = "a FIFO" if stat.S_ISFIFO(info.st_mode) else "a device or socket"
            raise UserError(f"Refusing to write to {given}: it is {kind}, not a regular file")
        target = Path(os.path.realpath(given))
    else:
        target = given
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        # Say which folder is missing, rather than naming the temp file mkstemp could not make.
        raise FileNotFoundError(2, "No such directory", str(directory))
    return directory / target.name
