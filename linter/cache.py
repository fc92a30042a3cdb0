"""A content-hash cache of lint results, so that unchanged files are not parsed again.

An entry's key hashes everything its findings depend on: the file's bytes, the settings that
shape the findings (the codes reported in that file, unsafe-fixes, notebook or module), the
Python version and the linter itself. Entries are files named by their key, written whole
through a temporary file and `os.replace`, so concurrent runs at worst write the same entry
twice. Each entry starts with a checksum of its payload: one that does not match, or cannot
be read or decoded, is a miss, and the entry is written anew.
"""
from __future__ import annotations

import hashlib
import os
import sys
from typing import Collection, List, Optional

from recordlint import __version__
from recordlint.cache_format import CorruptEntry, findings_from_payload, findings_to_payload
from recordlint.findings import Finding

FOLDER_NAME = ".recordlint_cache"
SUFFIX = ".entry"
# Backup and archiving tools skip folders that hold this file (https://bford.info/cachedir/).
CACHEDIR_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# This folder is recordlint's cache.\n"

ENGINE = "runtime"  # the package folder of recordlint.runtime

_fingerprint: Optional[bytes] = None


def linter_fingerprint() -> bytes:
    """What identifies this linter: its version, the size and time of each of its source files
    (an edited checkout is a different linter), libcst's install and the Python version.
    The engine of `recordlint confirm` is left out: linting never imports it."""
    global _fingerprint
    if _fingerprint is None:
        import importlib.util

        digest = hashlib.blake2b(digest_size=16)
        digest.update(("%s\0%s\0" % (__version__, sys.version)).encode())
        package = os.path.dirname(os.path.abspath(__file__))
        rules = importlib.util.find_spec("recordlint.rules")
        folders = [package]
        for folder in (rules.submodule_search_locations or ()) if rules else ():
            # an installed wheel has the rules inside the package; a checkout has them beside it
            if not os.path.abspath(folder).startswith(package + os.sep):
                folders.append(folder)
        for folder in folders:
            for name, stat in _source_files(folder):
                digest.update(("%s\0%d\0%d\0" % (name, stat.st_size, stat.st_mtime_ns)).encode())
        libcst = importlib.util.find_spec("libcst")
        if libcst is not None and libcst.origin:
            stat = os.stat(libcst.origin)
            digest.update(("libcst\0%d\0%d\0" % (stat.st_size, stat.st_mtime_ns)).encode())
        _fingerprint = digest.digest()
    return _fingerprint


def _source_files(folder: str):
    for directory, subdirectories, files in os.walk(folder):
        subdirectories[:] = sorted(name for name in subdirectories
                                   if name != "__pycache__" and not (directory == folder and name == ENGINE))
        for name in sorted(files):
            if name.endswith(".py"):
                path = os.path.join(directory, name)
                yield os.path.relpath(path, folder), os.stat(path)


def lint_key(data: bytes, codes: Optional[Collection[str]], unsafe_fixes: bool, notebook: bool) -> str:
    """The key of `lint_source`'s findings for a file's bytes (``codes`` None: every rule)."""
    selection = "all" if codes is None else ",".join(sorted(codes))
    return _key(data, "lint\0%s\0%d\0%d" % (selection, unsafe_fixes, notebook))


def analysis_key(text: str) -> str:
    """The key of `analyse_text`'s findings (before `# noqa` and selection) for a module's text."""
    return _key(text.encode("utf-8", "surrogatepass"), "analysis")


def _key(data: bytes, settings: str) -> str:
    digest = hashlib.blake2b(digest_size=32)
    digest.update(linter_fingerprint())
    digest.update(settings.encode() + b"\0")
    digest.update(data)
    return digest.hexdigest()


class ResultCache:
    """The entries in one cache folder (created, with its own `.gitignore`, on the first write)."""

    def __init__(self, folder: str):
        self.folder = folder
        self._prepared = False

    def load(self, key: str, path: str) -> Optional[List[Finding]]:
        """The findings stored under ``key``, for ``path``; None when there is no sound entry, or
        when a project module the findings depend on has changed since, or a module has
        appeared or gone where the analysis looked for one."""
        try:
            with open(self._entry(key), "rb") as handle:
                raw = handle.read()
        except OSError:
            return None
        try:
            findings, dependencies = findings_from_payload(_verified(raw, key), path)
        except CorruptEntry:
            return None
        return findings if all(_unchanged(*dependency) for dependency in dependencies) else None

    def store(self, key: str, findings: List[Finding], path: str, dependencies=()) -> None:
        """Best effort: a cache that cannot be written only costs time."""
        payload = findings_to_payload(findings, path, dependencies)
        try:
            self._prepare()
            _write_atomically(self._entry(key), _checksum(payload, key) + b"\n" + payload, self.folder)
        except OSError:
            pass

    def _entry(self, key: str) -> str:
        return os.path.join(self.folder, key + SUFFIX)

    def _prepare(self) -> None:
        if self._prepared:
            return
        os.makedirs(self.folder, exist_ok=True)
        for name, text in ((".gitignore", "# Created by recordlint.\n*\n"), ("CACHEDIR.TAG", CACHEDIR_TAG)):
            if not os.path.exists(os.path.join(self.folder, name)):
                _write_atomically(os.path.join(self.folder, name), text.encode(), self.folder)
        self._prepared = True


def _unchanged(path: str, digest: str) -> bool:
    from recordlint.project import ABSENT, EXISTS, content_digest

    if digest in (EXISTS, ABSENT):
        return os.path.isfile(path) == (digest == EXISTS)
    try:
        with open(path, "rb") as handle:
            return content_digest(handle.read()) == digest
    except OSError:
        return False


def _checksum(payload: bytes, key: str) -> bytes:
    # The key is hashed in too: an entry copied or renamed under another key is not trusted.
    return hashlib.blake2b(key.encode() + b"\0" + payload, digest_size=16).hexdigest().encode()


def _verified(raw: bytes, key: str) -> bytes:
    checksum, newline, payload = raw.partition(b"\n")
    if not newline or checksum != _checksum(payload, key):
        raise CorruptEntry("checksum mismatch")
    return payload


def _write_atomically(path: str, content: bytes, folder: str) -> None:
    import tempfile  # only runs that write entries pay for it

    descriptor, temporary = tempfile.mkstemp(prefix=".tmp-", dir=folder)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
