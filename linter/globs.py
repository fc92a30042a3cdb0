"""Path patterns in .gitignore syntax, for .gitignore files and for the configuration.

A pattern without a slash (other than a trailing one) matches a file or folder of that name
at any depth; one with a slash is relative to its base folder. `*` and `?` stay within one
path segment, `**` spans any number of segments, a trailing `/` matches folders only, and a
leading `!` negates.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class Pattern:
    text: str
    base: str  # absolute folder that anchored patterns are relative to
    regex: "re.Pattern"
    anchored: bool
    directory_only: bool
    negated: bool

    def matches(self, path: str, is_dir: bool) -> bool:
        """Whether the absolute ``path`` itself (not its folders) matches."""
        if self.directory_only and not is_dir:
            return False
        if not self.anchored:
            return bool(self.regex.match(os.path.basename(path)))
        relative = relative_to(path, self.base)
        return relative is not None and bool(self.regex.match(relative))


def relative_to(path: str, base: str) -> Optional[str]:
    """``path`` relative to ``base`` with `/` separators, or None when it is not inside it."""
    relative = os.path.relpath(path, base)
    if relative == os.curdir or relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return None
    return relative.replace(os.sep, "/")


def compile_pattern(text: str, base: str) -> Optional[Pattern]:
    """The pattern of one .gitignore line (None for blank lines and comments)."""
    body = _strip_trailing_spaces(text.rstrip("\r\n"))
    if not body or body.startswith("#"):
        return None
    negated = body.startswith("!")
    if negated:
        body = body[1:]
    directory_only = body.endswith("/")
    body = body.rstrip("/")
    anchored = "/" in body
    body = body.lstrip("/")
    if not body:
        return None
    return Pattern(text, os.path.abspath(base), re.compile(_translate(body) + r"\Z"), anchored,
                   directory_only, negated)


def _strip_trailing_spaces(line: str) -> str:
    while line.endswith(" ") and not line.endswith("\\ "):
        line = line[:-1]
    return line


def _translate(body: str) -> str:
    segments = body.split("/")
    out = []
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == "**":
            out.append(".*" if last else "(?:[^/]*/)*")
        else:
            out.append(_translate_segment(segment) + ("" if last else "/"))
    return "".join(out)


def _translate_segment(segment: str) -> str:
    out, index = [], 0
    while index < len(segment):
        char = segment[index]
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "\\" and index + 1 < len(segment):
            index += 1
            out.append(re.escape(segment[index]))
        elif char == "[":
            end = _class_end(segment, index)
            if end < 0:
                out.append(re.escape(char))
            else:
                out.append(_translate_class(segment[index + 1:end]))
                index = end
        else:
            out.append(re.escape(char))
        index += 1
    return "".join(out)


def _translate_class(members: str) -> str:
    negate = members[:1] in ("!", "^")
    if negate:
        members = members[1:]
    out = ["[^/" if negate else "["]
    index = 0
    while index < len(members):
        char = members[index]
        if char == "\\" and index + 1 < len(members):
            index += 1
            char = members[index]
        out.append("-" if char == "-" and 0 < index < len(members) - 1 else re.escape(char))
        index += 1
    return "".join(out) + "]"


def _class_end(segment: str, start: int) -> int:
    """Index of the `]` closing the character class opened at ``start``, or -1."""
    index = start + 1
    if index < len(segment) and segment[index] in "!^":
        index += 1
    if index < len(segment) and segment[index] == "]":
        index += 1  # a `]` first in the class is a member
    return segment.find("]", index)
