"""One report from the findings of many files' analyses.

The analysis of a script also finds the writes in the project modules its calls reach, and
reports them in those modules' files; the same write can then come from several analyses (that
module's own, and each script reaching it). Each write is reported once: where one analysis
proves that MXNet raises (REC1xx) and another only that it may (REC2xx, the same form), the
certain finding stands alone.
"""
from __future__ import annotations

import os
from dataclasses import replace
from typing import Callable, Dict, FrozenSet, Iterable, List, Optional

from recordlint.findings import Finding

CERTAIN, POSSIBLE = "REC1", "REC2"


def merged(findings: Iterable[Finding], linted: Iterable[str],
           codes_for: Optional[Callable[[str], FrozenSet[str]]] = None) -> List[Finding]:
    """``findings`` of a run over the files ``linted``: those in files outside the run are left
    out, the others spelled as the run names their file, selected by that file's codes, and
    each write reported once."""
    spelling: Dict[str, str] = {_identity(path): path for path in linted}
    kept: Dict[tuple, Finding] = {}
    for finding in findings:
        path = spelling.get(_identity(finding.path))
        if path is None:
            continue
        if path != finding.path:
            finding = replace(finding, path=path)
        if codes_for is not None and finding.code not in codes_for(path):
            continue
        place = (path, finding.cell, finding.line, finding.column, _form(finding.code))
        known = kept.get(place)
        if known is None or _preferred(finding, known):
            kept[place] = finding
    return sorted(kept.values())


def _identity(path: str) -> str:
    return os.path.normcase(os.path.abspath(path))


def _form(code: str) -> str:
    """REC101 and REC201 report the same form of write (augmented assignment), and so on."""
    return code[-2:] if code.startswith((CERTAIN, POSSIBLE)) else code


def _preferred(finding: Finding, known: Finding) -> bool:
    """Certain over possible, then a finding with a fix, then the first in report order."""
    rank = lambda f: (not f.code.startswith(CERTAIN), f.fix is None, f.sort_key())  # noqa: E731
    return rank(finding) < rank(known)
