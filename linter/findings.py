"""The one finding type; every output format is a view of it."""
from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int  # 1-based
    column: int  # 1-based
    end_line: int
    end_column: int  # 1-based, exclusive
    code: str
    message: str
    fixable: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


def unreadable(path: str, reason: str, line: int = 1, column: int = 1) -> Finding:
    """A REC901 finding: the file could not be analysed, for ``reason``."""
    from recordlint.rules import RULES

    rule = RULES["REC901"]
    return Finding(path, line, column, line, column, rule.code, rule.message(reason), rule.fixable)
