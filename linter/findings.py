"""The one finding type; every output format is a view of it."""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Optional


@dataclass(frozen=True)
class Finding:
    path: str
    line: int  # 1-based
    column: int  # 1-based
    end_line: int
    end_column: int  # 1-based, exclusive
    code: str
    message: str
    fixable: bool = False
    fix: Optional[Any] = field(default=None, compare=False)  # recordlint.fixes.edits.Fix
    cell: Optional[int] = None  # notebooks: 1-based cell number; line and column are within the cell

    def sort_key(self) -> tuple:
        return (self.path, self.cell or 0, self.line, self.column, self.end_line, self.end_column,
                self.code, self.message)

    def __lt__(self, other: "Finding") -> bool:
        return self.sort_key() < other.sort_key()

    def as_dict(self) -> dict:
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "fix"}
        data["fix"] = self.fix.as_dict() if self.fix is not None else None
        return data


def unreadable(path: str, reason: str, line: int = 1, column: int = 1) -> Finding:
    """A REC901 finding: the file could not be analysed, for ``reason``."""
    from recordlint.rules import RULES

    rule = RULES["REC901"]
    return Finding(path, line, column, line, column, rule.code, rule.message(reason), rule.fixable)
