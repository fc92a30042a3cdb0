"""What git ignores: .gitignore files and .git/info/exclude of the work tree a path is in.

As in git, a deeper .gitignore takes precedence over those above it, .git/info/exclude comes
below all of them, the last matching line wins, and nothing inside an ignored folder can be
brought back. Paths outside a git work tree ignore nothing.
"""
from __future__ import annotations

import os
from typing import Dict, List, Optional

from recordlint.globs import Pattern, compile_pattern


class GitIgnore:
    def __init__(self):
        self._work_trees: Dict[str, Optional[str]] = {}
        self._rules: Dict[str, List[Pattern]] = {}

    def ignores(self, path: str, is_dir: bool) -> bool:
        """Whether git ignores ``path`` itself, given that its folders are not ignored."""
        path = os.path.abspath(path)
        verdict = False
        for pattern in self._rules_for(os.path.dirname(path)):
            if pattern.matches(path, is_dir):
                verdict = not pattern.negated
        return verdict

    def ignores_with_folders(self, path: str, is_dir: bool) -> bool:
        """Whether git ignores ``path`` or one of its folders inside the work tree."""
        path = os.path.abspath(path)
        root = self._work_tree(os.path.dirname(path))
        if root is None:
            return False
        folders = []
        folder = os.path.dirname(path)
        while folder != root and len(folder) > len(root):
            folders.append(folder)
            folder = os.path.dirname(folder)
        return any(self.ignores(f, True) for f in reversed(folders)) or self.ignores(path, is_dir)

    def _work_tree(self, folder: str) -> Optional[str]:
        if folder not in self._work_trees:
            parent = os.path.dirname(folder)
            if os.path.exists(os.path.join(folder, ".git")):
                self._work_trees[folder] = folder
            elif parent == folder:
                self._work_trees[folder] = None
            else:
                self._work_trees[folder] = self._work_tree(parent)
        return self._work_trees[folder]

    def _rules_for(self, folder: str) -> List[Pattern]:
        """The patterns that apply to the entries of ``folder``, lowest precedence first."""
        if folder not in self._rules:
            root = self._work_tree(folder)
            if root is None:
                rules = []
            elif folder == root:
                rules = _read_patterns(os.path.join(_git_dir(root), "info", "exclude"), root)
            else:
                rules = list(self._rules_for(os.path.dirname(folder)))
            if root is not None:
                rules += _read_patterns(os.path.join(folder, ".gitignore"), folder)
            self._rules[folder] = rules
        return self._rules[folder]


def _git_dir(root: str) -> str:
    """The repository folder: `.git` itself, or where a `.git` file (a submodule's) points."""
    dot_git = os.path.join(root, ".git")
    if os.path.isfile(dot_git):
        try:
            with open(dot_git, encoding="utf-8") as handle:
                first = handle.readline().strip()
        except (OSError, UnicodeDecodeError):
            return dot_git
        if first.startswith("gitdir:"):
            return os.path.join(root, first[len("gitdir:"):].strip())
    return dot_git


def _read_patterns(path: str, base: str) -> List[Pattern]:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return []
    return [p for p in (compile_pattern(line, base) for line in lines) if p is not None]
