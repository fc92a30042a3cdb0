"""Writing a fixed file: all or nothing, and never over changes made since it was read."""
from __future__ import annotations

import os
import signal
import stat
import time

# The fixed file is written beside the original as `.recordlint-NAME.XXXXXXXX.tmp`, then renamed over it.
TEMPORARY_PREFIX = ".recordlint-"
TEMPORARY_SUFFIX = ".tmp"
# A fix holds its temporary file for well under a second: one this old was left by a run killed between
# writing and renaming. (A run stalled longer than this that loses its file only fails that fix: the
# rename finds nothing and the original stays.)
STALE_AFTER_SECONDS = 600

_swept_folders = set()  # folders whose stale temporary files this process has removed
_in_flight = None  # the temporary file this process is writing, until it is renamed


class WriteRefused(Exception):
    """The file was left as it is; the message says why, in one line."""


def replace_file(path: str, original: bytes, fixed: bytes) -> None:
    global _in_flight
    path = os.path.realpath(path)  # through a symlink, the file it points to is fixed
    status = os.stat(path)
    if not status.st_mode & stat.S_IWUSR:
        raise WriteRefused("file is read-only")
    with open(path, "rb") as handle:
        if handle.read() != original:
            raise WriteRefused("file changed on disk while it was being fixed")
    directory = os.path.dirname(os.path.abspath(path))
    _remove_stale_temporary_files(directory)
    descriptor, temporary = _new_temporary_file(directory, os.path.basename(path))
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
    finally:
        _in_flight = None
    _sync_folder(directory)


def _new_temporary_file(directory: str, name: str):
    """A new file `.recordlint-NAME.XXXXXXXX.tmp` in ``directory``, opened for writing: its
    name is noted as in flight before the file exists, so that a SIGTERM at any moment finds
    the file to remove (or none yet)."""
    global _in_flight
    for _ in range(100):
        temporary = os.path.join(directory, "%s%s.%s%s" % (TEMPORARY_PREFIX, name, os.urandom(4).hex(),
                                                           TEMPORARY_SUFFIX))
        _in_flight = temporary
        try:
            return os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600), \
                temporary
        except FileExistsError:
            _in_flight = None  # another's file: never to be removed
    raise FileExistsError("no free name for a temporary file in %s" % directory)


def exit_on_termination() -> None:
    """In a worker process: on SIGTERM (sent to the other workers when one of them dies), remove
    the temporary file being written, if any, then end at once (the original file is intact)."""
    def terminated(signal_number, frame):
        if _in_flight is not None:
            try:
                os.unlink(_in_flight)
            except OSError:
                pass  # renamed already: the fix is in place
        os._exit(128 + signal_number)

    signal.signal(signal.SIGTERM, terminated)


def _sync_folder(directory: str) -> None:
    """Puts the rename itself on disk: until then, a power cut can bring the old file back."""
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # a filesystem that cannot sync a folder: the rename is done all the same
    finally:
        os.close(descriptor)


def _remove_stale_temporary_files(directory: str) -> None:
    """Removes, once per folder and process, this writer's own temporary files that a killed run
    left there: regular files of the user's, named as above, older than STALE_AFTER_SECONDS."""
    if directory in _swept_folders:
        return
    _swept_folders.add(directory)
    deadline = time.time() - STALE_AFTER_SECONDS
    try:
        names = os.listdir(directory)
    except OSError:
        return  # a folder that cannot be listed: tidying up must never stop the fix
    for name in names:
        if not (name.startswith(TEMPORARY_PREFIX) and name.endswith(TEMPORARY_SUFFIX)):
            continue
        candidate = os.path.join(directory, name)
        try:
            status = os.lstat(candidate)
            if stat.S_ISREG(status.st_mode) and status.st_uid == os.getuid() and status.st_mtime < deadline:
                os.unlink(candidate)
        except OSError:
            pass  # removed by another process first, or not ours to remove
