"""The settings in force for a file: its configuration file, then the command line on top."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Dict, FrozenSet, Optional, Tuple

from recordlint.config import PYPROJECT, ConfigFile, load_config
from recordlint.globs import Pattern, compile_pattern, relative_to
from recordlint.selection import Layer, resolve

DEFAULT_EXCLUDES = (
    ".git", ".hg", ".svn", ".venv", "venv", ".tox", ".nox", ".eggs", ".mypy_cache", ".pytest_cache",
    ".ruff_cache", "__pycache__", "__pypackages__", "build", "dist", "node_modules", "site-packages",
    "_build", "buck-out",
)


@dataclass(frozen=True)
class Overrides:
    """What the command line says; None or empty where it says nothing."""

    layer: Layer = Layer()
    exclude: Optional[Tuple[str, ...]] = None
    extend_exclude: Tuple[str, ...] = ()
    respect_gitignore: Optional[bool] = None
    unsafe_fixes: Optional[bool] = None


@dataclass(frozen=True)
class Settings:
    root: str
    codes: FrozenSet[str]
    exclude: Tuple[Pattern, ...]
    per_file_ignores: Tuple[Tuple[Pattern, Tuple[str, ...]], ...] = ()
    respect_gitignore: bool = True
    unsafe_fixes: bool = False

    def codes_for(self, path: str) -> FrozenSet[str]:
        """The rules reported in ``path``, after the per-file ignores that match it."""
        codes = self.codes
        for pattern, prefixes in self.per_file_ignores:
            if self._matches(pattern, path) != pattern.negated:
                codes = frozenset(code for code in codes if not code.startswith(prefixes))
        return codes

    def excludes(self, path: str, is_dir: bool) -> bool:
        """Whether an exclude pattern matches ``path`` itself (its folders are judged on their own)."""
        verdict = False
        for pattern in self.exclude:
            if pattern.matches(path, is_dir):
                verdict = not pattern.negated
        return verdict

    def excludes_with_folders(self, path: str, is_dir: bool) -> bool:
        return any(self.excludes(folder, True) for folder in self._folders(path)) or self.excludes(path, is_dir)

    def _matches(self, pattern: Pattern, path: str) -> bool:
        return pattern.matches(path, False) or any(pattern.matches(folder, True) for folder in self._folders(path))

    def _folders(self, path: str):
        """The folders of ``path`` inside the root, outermost first."""
        folders = []
        folder = os.path.dirname(os.path.abspath(path))
        while relative_to(folder, self.root) is not None:
            folders.append(folder)
            folder = os.path.dirname(folder)
        return reversed(folders)


class SettingsResolver:
    """Settings per folder: the closest configuration file (or ``config_path``) and the overrides."""

    def __init__(self, config_path: Optional[str] = None, overrides: Overrides = Overrides()):
        self.overrides = overrides
        self._fixed = load_config(config_path, required=True) if config_path else None
        self._use_fixed = config_path is not None
        self._configs: Dict[str, Optional[ConfigFile]] = {}
        self._settings: Dict[Optional[str], Settings] = {}

    def for_path(self, path: str) -> Settings:
        """The settings for a file, or for the entries of a folder."""
        return self.for_folder(os.path.dirname(os.path.abspath(path)))

    def for_folder(self, folder: str) -> Settings:
        config = self._fixed if self._use_fixed else self._closest_config(os.path.abspath(folder))
        key = config.path if config else None
        if key not in self._settings:
            self._settings[key] = self._combine(config)
        return self._settings[key]

    def _closest_config(self, folder: str) -> Optional[ConfigFile]:
        if folder not in self._configs:
            candidate = os.path.join(folder, PYPROJECT)
            config = load_config(candidate) if os.path.isfile(candidate) else None
            parent = os.path.dirname(folder)
            if config is None and parent != folder:
                config = self._closest_config(parent)
            self._configs[folder] = config
        return self._configs[folder]

    def _combine(self, config: Optional[ConfigFile]) -> Settings:
        cli = self.overrides
        root = config.root if config else os.getcwd()
        layers = ([config.layer] if config else []) + [cli.layer]
        if cli.exclude is not None:
            exclude = _patterns(cli.exclude, os.getcwd())
        elif config and config.exclude is not None:
            exclude = config.exclude
        else:
            exclude = _patterns(DEFAULT_EXCLUDES, root)
        exclude += (config.extend_exclude if config else ()) + _patterns(cli.extend_exclude, os.getcwd())
        respect_gitignore = cli.respect_gitignore
        if respect_gitignore is None:
            respect_gitignore = config.respect_gitignore if config and config.respect_gitignore is not None else True
        return Settings(
            root=root,
            codes=resolve(layers),
            exclude=exclude,
            per_file_ignores=config.per_file_ignores if config else (),
            respect_gitignore=respect_gitignore,
            unsafe_fixes=cli.unsafe_fixes if cli.unsafe_fixes is not None else bool(config and config.unsafe_fixes),
        )


def _patterns(texts, base: str) -> Tuple[Pattern, ...]:
    return tuple(p for p in (compile_pattern(text, base) for text in texts) if p is not None)
