"""Jupyter notebooks: the code cells as one module, and positions mapped back to cells.

Code cells are joined top to bottom, as "Run All" executes them, so that state set up in one
cell (an `attach_grad()`) counts in the cells after it. Cells are numbered 1, 2, ... over all
cells of the notebook, markdown included, as they appear in the file.
"""
from __future__ import annotations

import bisect
import dataclasses
import json
import re
from typing import Dict, List

from recordlint.findings import Finding
from recordlint.magics import is_cell_magic, neutralise

NOTEBOOK_SUFFIX = ".ipynb"


class NotebookError(Exception):
    """A file that is not a notebook recordlint can read; the message is the one-line reason."""

    def __init__(self, reason: str, line: int = 1, column: int = 1):
        super().__init__(reason)
        self.line, self.column = line, column


@dataclasses.dataclass
class Notebook:
    text: str  # the code cells as one module, with IPython magics neutralised
    starts: List[int]  # the line of `text` where each included cell begins
    numbers: List[int]  # the cell number of each included cell
    cell_lines: Dict[int, List[str]]  # each code cell's own lines, as written

    def locate(self, finding: Finding) -> Finding:
        """The finding with its line and end line counted within its cell."""
        index = bisect.bisect_right(self.starts, finding.line) - 1
        if index < 0:
            return finding
        offset = self.starts[index] - 1
        return dataclasses.replace(finding, cell=self.numbers[index], line=finding.line - offset,
                                   end_line=max(finding.end_line - offset, 1))


def is_notebook(path: str) -> bool:
    return path.lower().endswith(NOTEBOOK_SUFFIX)


def split_lines(text: str) -> List[str]:
    lines = re.split(r"\r\n?|\n", text)
    return lines[:-1] if lines[-1] == "" else lines


def read_notebook(data: bytes) -> Notebook:
    """The notebook's code cells; NotebookError for anything but a Python nbformat 4 notebook."""
    try:
        document = json.loads(data)
    except json.JSONDecodeError as error:
        raise NotebookError("not a notebook: invalid JSON: %s" % error.msg, error.lineno, error.colno) from None
    except ValueError as error:  # not UTF-8, -16 or -32
        raise NotebookError("not a notebook: %s" % error) from None
    if not isinstance(document, dict):
        raise NotebookError("not a notebook: the JSON document is not an object")
    version = document.get("nbformat")
    if version != 4:
        raise NotebookError("unsupported notebook format: nbformat %s (recordlint reads nbformat 4)" % (
            "missing" if version is None else json.dumps(version)))
    cells = document.get("cells")
    if not isinstance(cells, list):
        raise NotebookError("not a notebook: no `cells` list")
    language = _kernel_language(document.get("metadata"))
    if language and language.lower() != "python":
        raise NotebookError("not a Python notebook: the kernel language is %s" % json.dumps(language))
    return _join_code_cells(cells)


def _kernel_language(metadata) -> str:
    if not isinstance(metadata, dict):
        return ""
    for section, key in (("kernelspec", "language"), ("language_info", "name")):
        value = metadata.get(section)
        if isinstance(value, dict) and isinstance(value.get(key), str):
            return value[key]
    return ""


def _join_code_cells(cells: list) -> Notebook:
    parts, starts, numbers, cell_lines = [], [], [], {}
    next_line = 1
    for number, cell in enumerate(cells, 1):
        if not isinstance(cell, dict):
            raise NotebookError("not a notebook: cell %d is not an object" % number)
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list) and all(isinstance(part, str) for part in source):
            source = "".join(source)
        if not isinstance(source, str):
            raise NotebookError("not a notebook: cell %d has no text source" % number)
        lines = split_lines(source)
        cell_lines[number] = lines
        if not lines or is_cell_magic(lines):
            continue
        parts.extend(neutralise(lines))
        starts.append(next_line)
        numbers.append(number)
        next_line += len(lines)
    text = "".join(line + "\n" for line in parts)
    return Notebook(text, starts, numbers, cell_lines)
