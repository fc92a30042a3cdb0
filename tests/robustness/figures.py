"""The robustness figures of one test session, printed at its end and by report.py.

Tests add to the one ``FIGURES`` tally; ``RECORDLINT_FIGURES=PATH`` also saves it as JSON
so that report.py, which runs the tests in a child process, can print it.
"""
from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from typing import Dict, List

FIGURES_FILE_VARIABLE = "RECORDLINT_FIGURES"


@dataclass
class Figures:
    programs_fuzzed: int = 0
    mutations_tried: int = 0
    files_fixed: int = 0  # fuzzed inputs where at least one fix applied: the fixer was exercised
    unreadable: int = 0  # fuzzed inputs reported as REC901
    internal_errors: int = 0
    broken_fixes: int = 0  # fix results that do not parse
    not_idempotent: int = 0
    bytes_lost: int = 0  # bytes outside the fixes' edits that changed
    hostile_inputs: int = 0  # hostile-input tests passed
    kills: int = 0
    kills_survived: int = 0  # kills after which every file was original or fully fixed
    temporary_files_left: int = 0  # by kills between writing a fixed file and renaming it
    timings: Dict[str, float] = field(default_factory=dict)  # seconds, by what was timed

    def has_any(self) -> bool:
        return any((self.programs_fuzzed, self.mutations_tried, self.hostile_inputs, self.kills, self.timings))

    def lines(self) -> List[str]:
        rows = [
            ("programs fuzzed", self.programs_fuzzed),
            ("fixture mutations tried", self.mutations_tried),
            ("fuzzed inputs fixed", self.files_fixed),
            ("fuzzed inputs reported REC901", self.unreadable),
            ("internal errors", self.internal_errors),
            ("fixes that broke parsing", self.broken_fixes),
            ("fixes that were not idempotent", self.not_idempotent),
            ("bytes lost outside the fixes' edits", self.bytes_lost),
            ("hostile-input tests passed", self.hostile_inputs),
            ("kills survived", "%d of %d" % (self.kills_survived, self.kills)),
            ("temporary files left by kills", self.temporary_files_left),
        ]
        rows += [(what, "%.2f s" % seconds) for what, seconds in sorted(self.timings.items())]
        width = max(len(label) for label, _ in rows)
        return ["%s  %s" % (label.ljust(width), value) for label, value in rows]

    def save(self) -> None:
        path = os.environ.get(FIGURES_FILE_VARIABLE)
        if path:
            with open(path, "w", encoding="utf-8") as handle:
                json.dump(asdict(self), handle)


def load(path: str) -> Figures:
    with open(path, encoding="utf-8") as handle:
        return Figures(**json.load(handle))


FIGURES = Figures()
