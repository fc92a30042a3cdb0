"""Fixing one file on disk (or showing the diff): the unit of work of `recordlint lint --fix`."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import FrozenSet, List, Optional

from recordlint.findings import Finding, unreadable

WRITE = "write"
DIFF = "diff"


@dataclass
class FileFix:
    remaining: List[Finding] = field(default_factory=list)
    fixed: int = 0  # fixes applied
    diff: str = ""
    error: str = ""  # why a fixed file could not be written, one line
    fixed_data: Optional[bytes] = None


def fix_file(path: str, data: bytes, codes: Optional[FrozenSet[str]], unsafe: bool, mode: str) -> FileFix:
    """Fix ``data`` (the content of ``path``); write it back (WRITE) or describe it (DIFF)."""
    from recordlint.api import lint_source
    from recordlint.notebook import is_notebook
    from recordlint.source import SourceError, may_record

    if not may_record(data):
        return FileFix(remaining=lint_source(data, path, codes))
    if is_notebook(path):
        from recordlint.notebook_fixes import fix_notebook

        outcome = fix_notebook(data, path, unsafe, codes)
    else:
        from recordlint.fixes.apply import fix_bytes

        try:
            outcome = fix_bytes(data, path, unsafe, codes)
        except SourceError as error:
            return FileFix(remaining=[unreadable(path, str(error))])
    result = FileFix(remaining=outcome.remaining, fixed=outcome.applied)
    if not outcome.applied:
        return result
    result.fixed_data = outcome.data
    if mode == DIFF:
        result.diff = unified_diff(path, data, outcome.data)
    elif mode == WRITE:
        from recordlint.fixes.writer import WriteRefused, replace_file

        try:
            replace_file(path, data, outcome.data)
        except WriteRefused as refusal:
            result.error = "cannot write the fixes to %s: %s" % (path, refusal)
        except OSError as error:
            result.error = "cannot write the fixes to %s: %s" % (path, error.strerror or error)
    return result


# Lines as Python counts them: str.splitlines would also split at form feeds and U+2028,
# which a comment may hold, and give a diff that patch rejects.
SOURCE_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def unified_diff(path: str, before: bytes, after: bytes) -> str:
    from recordlint.source import decode

    old = SOURCE_LINE.findall(decode(before))
    new = SOURCE_LINE.findall(decode(after))
    lines = difflib.unified_diff(old, new, fromfile=path, tofile=path)
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n"
                   for line in lines)
