"""IPython syntax in notebook cells: the lines to neutralise before a cell parses as Python."""
from __future__ import annotations

import re
from typing import List

# A line magic or shell escape, alone (`%timeit f()`, `!pip install mxnet`) or assigned (`files = !ls`).
# Neither `%` nor `!` can begin a Python statement or an assigned expression.
MAGIC = re.compile(r"^([ \t]*)(?:[%!]|[\w.]+[ \t]*=[ \t]*[%!])")


def is_cell_magic(lines: List[str]) -> bool:
    """A cell run by a cell magic (`%%time`, `%%bash`): its body need not be Python at all."""
    return bool(lines) and lines[0].lstrip().startswith("%%")


def neutralise(lines: List[str]) -> List[str]:
    """The cell's lines with each magic replaced by `pass` (its continuation lines by blank lines).

    Only lines that start a statement count: a `%` that opens a line inside brackets, a string or
    a backslash continuation is Python's modulo, and is left alone. The line count never changes.
    """
    result = []
    scanner = _Scanner()
    in_magic = False
    for line in lines:
        if in_magic:
            result.append("")
            in_magic = line.endswith("\\")
            continue
        match = MAGIC.match(line) if scanner.at_statement_start() else None
        if match:
            result.append(match.group(1) + "pass")
            in_magic = line.endswith("\\")
            continue
        scanner.feed(line)
        result.append(line)
    return result


class _Scanner:
    """Just enough of Python's tokenizer to know whether the next line starts a statement."""

    def __init__(self):
        self.depth = 0  # open brackets
        self.quote = ""  # the open string's delimiter, if a string is open across lines
        self.continued = False  # the last line ended with a backslash

    def at_statement_start(self) -> bool:
        return not (self.depth or self.quote or self.continued)

    def feed(self, line: str) -> None:
        index, length = 0, len(line)
        self.continued = False
        while index < length:
            char = line[index]
            if self.quote:
                if char == "\\":
                    index += 2
                    continue
                if line.startswith(self.quote, index):
                    index += len(self.quote)
                    self.quote = ""
                    continue
                index += 1
                continue
            if char == "#":
                break
            if char in "'\"":
                triple = char * 3
                self.quote = triple if line.startswith(triple, index) else char
                index += len(self.quote)
                continue
            if char in "([{":
                self.depth += 1
            elif char in ")]}":
                self.depth = max(0, self.depth - 1)
            elif char == "\\" and index == length - 1:
                self.continued = True
            index += 1
        if len(self.quote) == 1:  # a one-line string cannot span lines: the cell is broken, go on
            self.quote = ""
