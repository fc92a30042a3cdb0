"""Applying fixes to a module's text until nothing more can be fixed."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import List

from recordlint.findings import Finding
from recordlint.fixes.edits import apply_edits, compatible

# A fix may make another possible (a renamed read, a second write to the same name).
MAX_ROUNDS = 20


@dataclass
class FixOutcome:
    text: str
    remaining: List[Finding] = field(default_factory=list)
    applied: int = 0
    data: bytes = b""  # the fixed file's bytes, for fix_bytes


def chosen_fixes(findings: List[Finding], unsafe: bool, accept=None):
    return compatible(f.fix for f in findings
                      if f.fix is not None and (unsafe or f.fix.applicability == "safe")
                      and (accept is None or accept(f.fix)))


def fix_text(text: str, path: str, unsafe: bool = False, codes=None, accept=None) -> FixOutcome:
    """Fixes of the findings reported with ``codes`` (`# noqa` respected), applied in rounds;
    ``accept(fix)`` can refuse fixes the caller cannot carry back (notebook cells)."""
    from recordlint.api import lint_source
    from recordlint.checker import parses

    outcome = FixOutcome(text)
    findings = lint_source(text, path, codes)
    for _ in range(MAX_ROUNDS):
        fixes = chosen_fixes(findings, unsafe, accept)
        if not fixes:
            break
        fixed = apply_edits(outcome.text, [edit for fix in fixes for edit in fix.edits])
        if not parses(fixed):  # never write a file that no longer parses
            break
        outcome.text = fixed
        outcome.applied += len(fixes)
        findings = lint_source(fixed, path, codes)
    outcome.remaining = findings
    return outcome


def fix_bytes(data: bytes, path: str, unsafe: bool = False, codes=None) -> FixOutcome:
    """Fixes a file's bytes in its own encoding (PEP 263, BOM kept); ``text`` is the result's text."""
    from recordlint.source import decode, source_encoding

    text = decode(data)
    outcome = fix_text(text, path, unsafe, codes)
    outcome.data = outcome.text.encode(source_encoding(data)) if outcome.applied else data
    return outcome
