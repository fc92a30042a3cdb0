"""Which files a run lints."""
from __future__ import annotations

import os
from typing import Iterable, Iterator

DEFAULT_EXCLUDES = frozenset({
    ".git", ".hg", ".svn", ".venv", "venv", ".tox", ".nox", ".eggs", ".mypy_cache", ".pytest_cache",
    ".ruff_cache", "__pycache__", "__pypackages__", "build", "dist", "node_modules", "site-packages",
    "_build", "buck-out",
})


def is_virtualenv(directory: str) -> bool:
    return os.path.exists(os.path.join(directory, "pyvenv.cfg"))


def python_files(paths: Iterable[str]) -> Iterator[str]:
    """Files named on the command line as they are; folders searched for *.py, skipping excludes."""
    for path in paths:
        if os.path.isdir(path):
            yield from _walk(path)
        else:
            yield path


def _walk(root: str) -> Iterator[str]:
    seen = set()
    for directory, subdirectories, files in os.walk(root, followlinks=False):
        real = os.path.realpath(directory)
        if real in seen:
            subdirectories[:] = []
            continue
        seen.add(real)
        subdirectories[:] = sorted(
            name for name in subdirectories
            if name not in DEFAULT_EXCLUDES and not is_virtualenv(os.path.join(directory, name))
        )
        for name in sorted(files):
            if name.endswith(".py"):
                yield os.path.normpath(os.path.join(directory, name))
