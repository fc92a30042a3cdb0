"""Which files a run lints.

Folders are searched for Python files and notebooks, leaving out what the settings exclude,
what git ignores (unless `respect-gitignore = false`) and virtual environments. Paths named
on the command line are linted even when excluded, unless ``force_exclude`` is set, as ruff does.
"""
from __future__ import annotations

import os
import stat
from typing import Iterable, Iterator

from recordlint.gitignore import GitIgnore
from recordlint.settings import SettingsResolver

SUFFIXES = (".py", ".ipynb")


def is_virtualenv(directory: str) -> bool:
    return os.path.exists(os.path.join(directory, "pyvenv.cfg"))


class Discovery:
    def __init__(self, resolver: SettingsResolver, force_exclude: bool = False):
        self.resolver = resolver
        self.force_exclude = force_exclude
        self.gitignore = GitIgnore()

    def files(self, paths: Iterable[str]) -> Iterator[str]:
        for path in paths:
            is_dir = os.path.isdir(path)
            if self.force_exclude and self.excluded_with_folders(path, is_dir):
                continue
            if is_dir:
                yield from self._walk(path)
            else:
                yield path

    def excluded_with_folders(self, path: str, is_dir: bool) -> bool:
        """Whether a path named by the user is excluded, by itself or by one of its folders."""
        settings = self.resolver.for_path(path)
        if settings.excludes_with_folders(path, is_dir):
            return True
        return settings.respect_gitignore and self.gitignore.ignores_with_folders(path, is_dir)

    def _excluded(self, path: str, is_dir: bool) -> bool:
        settings = self.resolver.for_path(path)
        if settings.excludes(path, is_dir):
            return True
        return settings.respect_gitignore and self.gitignore.ignores(path, is_dir)

    def _walk(self, root: str) -> Iterator[str]:
        seen = set()
        for directory, subdirectories, files in os.walk(root, followlinks=False):
            real = os.path.realpath(directory)
            if real in seen:
                subdirectories[:] = []
                continue
            seen.add(real)
            subdirectories[:] = sorted(
                name for name in subdirectories
                if not self._excluded(os.path.join(directory, name), True)
                and not is_virtualenv(os.path.join(directory, name))
            )
            for name in sorted(files):
                path = os.path.join(directory, name)
                if name.endswith(SUFFIXES) and not is_special_file(path) and not self._excluded(path, False):
                    yield os.path.normpath(path)


def is_special_file(path: str) -> bool:
    """A FIFO, socket or device: reading a FIFO found in a folder would wait forever. Paths named
    on the command line are read whatever they are (`recordlint lint <(cat train.py)`)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:  # a dangling symlink: reading it reports the error
        return False
    return not stat.S_ISREG(mode)
