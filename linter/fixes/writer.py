"""Writing a fixed file: all or nothing, and never over changes made since it was read."""
from __future__ import annotations

import os
import stat
import tempfile


class WriteRefused(Exception):
    """The file was left as it is; the message says why, in one line."""


def replace_file(path: str, original: bytes, fixed: bytes) -> None:
    path = os.path.realpath(path)  # through a symlink, the file it points to is fixed
    status = os.stat(path)
    if not status.st_mode & stat.S_IWUSR:
        raise WriteRefused("file is read-only")
    with open(path, "rb") as handle:
        if handle.read() != original:
            raise WriteRefused("file changed on disk while it was being fixed")
    directory = os.path.dirname(os.path.abspath(path))
    descriptor, temporary = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(fixed)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, stat.S_IMODE(status.st_mode))
        # The rename is atomic: a reader, or a kill at any moment, sees the old file or the new one.
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
