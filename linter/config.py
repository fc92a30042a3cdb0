"""The `[tool.recordlint]` table of a pyproject.toml: finding it, reading it, checking every value.

Each file is governed by the closest pyproject.toml above it that has the table, as with
ruff; pyproject.toml files without it are passed over. Any problem is a ConfigError whose
message is one line naming the file and the key.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Optional, Tuple

from recordlint.globs import Pattern, compile_pattern
from recordlint.selection import Layer, UnknownSelector, parse_selectors

PYPROJECT = "pyproject.toml"
TABLE = "[tool.recordlint]"

SELECTOR_LISTS = ("select", "ignore", "extend-select")
PATTERN_LISTS = ("exclude", "extend-exclude")
FLAGS = ("respect-gitignore", "unsafe-fixes")
KEYS = SELECTOR_LISTS + PATTERN_LISTS + FLAGS + ("per-file-ignores",)


class ConfigError(Exception):
    """A configuration recordlint cannot use; the message is the one line to show."""


@dataclass(frozen=True)
class ConfigFile:
    path: str
    root: str  # the folder that the file's patterns are relative to
    layer: Layer
    per_file_ignores: Tuple[Tuple[Pattern, Tuple[str, ...]], ...] = ()
    exclude: Optional[Tuple[Pattern, ...]] = None  # None: the default excludes
    extend_exclude: Tuple[Pattern, ...] = ()
    respect_gitignore: Optional[bool] = None
    unsafe_fixes: Optional[bool] = None


def load_config(path: str, required: bool = False) -> Optional[ConfigFile]:
    """The file's [tool.recordlint] settings; None when it has no such table (unless required)."""
    shown = display_path(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise ConfigError("%s: cannot read: %s" % (shown, error.strerror or error)) from None
    # Most pyproject.toml files never mention recordlint: they need no TOML parser at all.
    if b"recordlint" not in data and not required:
        return None
    document = _parse_toml(data, shown)
    table = document.get("tool", {}).get("recordlint") if isinstance(document.get("tool"), dict) else None
    if table is None:
        if required:
            raise ConfigError("%s: no %s table" % (shown, TABLE))
        return None
    if not isinstance(table, dict):
        raise ConfigError("%s: %s must be a table" % (shown, TABLE))
    return _read_table(table, shown, os.path.dirname(os.path.abspath(path)))


def display_path(path: str) -> str:
    relative = os.path.relpath(path)
    return path if relative.startswith(os.pardir) else relative


def _parse_toml(data: bytes, shown: str) -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python < 3.11
        import tomli as tomllib
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ConfigError("%s: not valid UTF-8: byte 0x%02x at offset %d" % (
            shown, data[error.start], error.start)) from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError("%s: invalid TOML: %s" % (shown, error)) from None


def _read_table(table: dict, shown: str, root: str) -> ConfigFile:
    def fail(key, problem):
        return ConfigError("%s: %s %s: %s" % (shown, TABLE, key, problem))

    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise ConfigError("%s: %s unknown key %r (known keys: %s)" % (shown, TABLE, unknown[0], ", ".join(sorted(KEYS))))
    values = {}
    for key in SELECTOR_LISTS:
        if key in table:
            values[key] = _selectors(table[key], lambda problem, key=key: fail(key, problem))
    for key in PATTERN_LISTS:
        if key in table:
            values[key] = tuple(_pattern(item, root, lambda problem, key=key: fail(key, problem))
                                for item in _strings(table[key], lambda problem, key=key: fail(key, problem)))
    for key in FLAGS:
        if key in table and not isinstance(table[key], bool):
            raise fail(key, "expected true or false, got %s" % _describe(table[key]))
    per_file_ignores = _per_file_ignores(table.get("per-file-ignores", {}), root,
                                         lambda problem: fail("per-file-ignores", problem))
    return ConfigFile(
        path=shown,
        root=root,
        layer=Layer(values.get("select"), values.get("extend-select", ()), values.get("ignore", ())),
        per_file_ignores=per_file_ignores,
        exclude=values.get("exclude"),
        extend_exclude=values.get("extend-exclude", ()),
        respect_gitignore=table.get("respect-gitignore"),
        unsafe_fixes=table.get("unsafe-fixes"),
    )


def _per_file_ignores(value, root, fail):
    if not isinstance(value, dict):
        raise fail("expected a table of file patterns to lists of rule selectors, got %s" % _describe(value))
    entries = []
    for text, selectors in value.items():
        entries.append((_pattern(text, root, fail),
                        _selectors(selectors, lambda problem, text=text: fail("%r: %s" % (text, problem)))))
    return tuple(entries)


def _strings(value, fail) -> Tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise fail("expected a list of strings, got %s" % _describe(value))
    return tuple(value)


def _selectors(value, fail) -> Tuple[str, ...]:
    try:
        return parse_selectors(_strings(value, fail))
    except UnknownSelector as error:
        raise fail(str(error)) from None


def _pattern(text: str, root: str, fail) -> Pattern:
    pattern = compile_pattern(text, root)
    if pattern is None:
        raise fail("%r is not a file pattern" % text)
    return pattern


def _describe(value) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        if not value:
            return "an empty list"
        return "a list of strings" if all(isinstance(v, str) for v in value) else "a list of mixed values"
    if isinstance(value, dict):
        return "a table"
    return "a date or time"
