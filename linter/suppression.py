"""`# noqa` comments: on a line as flake8 reads them, for a whole file as `# recordlint: noqa`."""
from __future__ import annotations

import re
from typing import Dict, FrozenSet, Iterable, List, Optional, Set

from recordlint.findings import Finding

UNUSED_NOQA = "REC902"
# As ruff with syntax errors: a file that was not analysed must not look clean because of a comment.
UNSUPPRESSIBLE = "REC901"

_CODES = r"(?P<codes>[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*)"
# flake8's reading: `# noqa` anywhere on the physical line, optionally `:` and a list of codes.
LINE_NOQA = re.compile(r"# noqa(?::\s?" + _CODES + r")?", re.IGNORECASE)
# A comment line of its own: `# recordlint: noqa`, or `# recordlint: noqa: REC101, REC103`.
FILE_NOQA = re.compile(r"^[ \t]*#\s*recordlint\s*:\s*noqa(?::\s?" + _CODES + r")?", re.IGNORECASE | re.MULTILINE)


def may_have_noqa(data) -> bool:
    return (b"noqa" if isinstance(data, bytes) else "noqa") in data


def _codes(match) -> Optional[FrozenSet[str]]:
    """The codes a directive names; None for a bare directive (every code).

    `noqa` itself may be in any case; codes are compared as written, as flake8 compares them.
    """
    if match.group("codes") is None:
        return None
    return frozenset(code for code in re.split(r"[,\s]+", match.group("codes")) if code)


def _covers(codes: Optional[FrozenSet[str]], code: str) -> bool:
    return code != UNSUPPRESSIBLE and (codes is None or code.startswith(tuple(codes)))


def file_exemption(text: str) -> Optional[FrozenSet[str]]:
    """Codes a file-level directive turns off: None when there is none, an empty set for all."""
    exempt: Set[str] = set()
    for match in FILE_NOQA.finditer(text):
        codes = _codes(match)
        if codes is None:
            return frozenset()
        exempt |= codes
    return frozenset(exempt) if exempt else None


def exempted(findings: Iterable[Finding], text: str) -> List[Finding]:
    """The findings a file-level directive leaves."""
    exemption = file_exemption(text)
    if exemption is None:
        return list(findings)
    codes = exemption or None  # an empty exemption is a bare directive: every code
    return [f for f in findings if not _covers(codes, f.code)]


def suppress(findings: List[Finding], text: str, path: str, audit: bool) -> List[Finding]:
    """Drop what `# noqa` comments cover; with ``audit``, add a finding for each unused REC code."""
    from recordlint.rules import RULES

    lines = re.split(r"\r\n?|\n", text)  # the parser's line breaks, not str.splitlines()'s
    directives: Dict[int, "re.Match"] = {}
    for number, line in enumerate(lines, 1):
        if "noqa" in line.lower():
            match = LINE_NOQA.search(line)
            if match:
                directives[number] = match
    kept, used = [], {number: set() for number in directives}
    for finding in findings:
        match = directives.get(finding.line)
        codes = _codes(match) if match else None
        if match and _covers(codes, finding.code):
            if codes is not None:
                used[finding.line] |= {c for c in codes if finding.code.startswith(c)}
            continue
        kept.append(finding)
    if audit:
        rule = RULES[UNUSED_NOQA]
        for number, match in sorted(directives.items()):
            codes = _codes(match)
            if codes is None or UNUSED_NOQA.startswith(tuple(codes)):
                continue  # a bare noqa may be meant for any tool; one naming REC902 silences it
            unused = sorted(c for c in codes if c.startswith("REC") and c not in used[number])
            if unused:
                kept.append(Finding(path, number, match.start() + 1, number, match.end() + 1,
                                    rule.code, rule.message(unused)))
    return sorted(exempted(kept, text))
