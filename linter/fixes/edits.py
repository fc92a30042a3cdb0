"""Text edits of a fix, and applying them to the original text."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, List, Tuple


@dataclass(frozen=True, order=True)
class Edit:
    """Replace the text between two positions (1-based line, 0-based column) with ``content``."""

    start: Tuple[int, int]
    end: Tuple[int, int]
    content: str

    def as_dict(self) -> dict:
        return {
            "location": {"row": self.start[0], "column": self.start[1] + 1},
            "end_location": {"row": self.end[0], "column": self.end[1] + 1},
            "content": self.content,
        }


@dataclass(frozen=True)
class Fix:
    applicability: str  # "safe" or "unsafe", as ruff's
    description: str
    edits: Tuple[Edit, ...]

    def as_dict(self) -> dict:
        return {"applicability": self.applicability, "message": self.description,
                "edits": [edit.as_dict() for edit in self.edits]}

    @property
    def span(self) -> Tuple[Tuple[int, int], Tuple[int, int]]:
        return min(e.start for e in self.edits), max(e.end for e in self.edits)


def line_offsets(text: str) -> List[int]:
    offsets = [0]
    for index, char in enumerate(text):
        if char == "\n":
            offsets.append(index + 1)
    return offsets


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Applies non-overlapping edits; everything outside them stays byte for byte."""
    offsets = line_offsets(text)
    pieces = []
    cursor = 0
    for edit in sorted(edits):
        start = offsets[edit.start[0] - 1] + edit.start[1]
        end = offsets[edit.end[0] - 1] + edit.end[1]
        if start < cursor:
            raise ValueError("overlapping edits")
        pieces.append(text[cursor:start])
        pieces.append(edit.content)
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


def compatible(fixes: Iterable[Fix]) -> List[Fix]:
    """The fixes, in order, that can be applied together: later ones overlapping earlier ones wait."""
    chosen: List[Fix] = []
    taken: List[Tuple[Tuple[int, int], Tuple[int, int]]] = []
    for fix in fixes:
        ranges = [(e.start, e.end) for e in fix.edits]
        if any(a_start < b_end and b_start < a_end or (a_start == b_start)
               for a_start, a_end in ranges for b_start, b_end in taken):
            continue
        chosen.append(fix)
        taken.extend(ranges)
    return chosen
