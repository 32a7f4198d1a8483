"""Opening for reading a file that may not be a file.

The cache folder is the user's, and something other than a regular file can stand where
coach keeps one: a named pipe, a device, a folder. Opening a named pipe for reading
waits until something writes to it, so a plain open() there would stall coach for good.
The file is opened without waiting and taken only when it is a regular file.
"""

from __future__ import annotations

import errno
import os
import stat
from typing import BinaryIO


def not_a_file(path: str | os.PathLike[str]) -> str | None:
    """What stands at `path` when it is not a regular file ("a folder", "a named pipe"),
    or None: a regular file, or nothing at all."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    return "a device or socket"


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """`path` opened for reading in binary; OSError when it is not a regular file."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", os.fspath(path))
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
