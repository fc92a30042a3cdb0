"""Fixing notebooks: fixes are applied to the joined code cells and carried back to each cell.

Only fixes that stay inside one cell and keep its number of lines are applied, so that every
line of the joined text still belongs to the cell it came from; the rest are reported unfixed.
The notebook is written back as Jupyter writes it (JSON, one-space indent).
"""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import List

from recordlint.findings import Finding, unreadable
from recordlint.notebook import NotebookError, read_notebook, split_lines
from recordlint.magics import neutralise


@dataclass
class NotebookFix:
    remaining: List[Finding] = field(default_factory=list)
    applied: int = 0
    data: bytes = b""


def fix_notebook(data: bytes, path: str, unsafe: bool, codes) -> NotebookFix:
    from recordlint.fixes.apply import fix_text

    try:
        notebook = read_notebook(data)
    except NotebookError as error:
        return NotebookFix([unreadable(path, str(error), error.line, error.column)], 0, data)
    ranges = [(start, start + len(notebook.cell_lines[number]) - 1)
              for start, number in zip(notebook.starts, notebook.numbers)]

    def within_one_cell(fix) -> bool:
        for edit in fix.edits:
            added = edit.content.count("\n") - (edit.end[0] - edit.start[0])
            if added or not any(first <= edit.start[0] and edit.end[0] <= last for first, last in ranges):
                return False
        return True

    outcome = fix_text(notebook.text, path + ".py", unsafe, codes, accept=within_one_cell)
    remaining = sorted(notebook.locate(dataclasses.replace(f, path=path)) for f in outcome.remaining)
    if not outcome.applied:
        return NotebookFix(remaining, 0, data)
    document = json.loads(data)
    fixed_lines = split_lines(outcome.text)
    for start, number in zip(notebook.starts, notebook.numbers):
        original = notebook.cell_lines[number]
        neutral = neutralise(original)
        new = fixed_lines[start - 1:start - 1 + len(original)]
        # magics were `pass` in the joined text: they come back as written
        lines = [orig if orig != neut else line for orig, neut, line in zip(original, neutral, new)]
        if lines != original:
            cell = document["cells"][number - 1]
            written = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            source = "\n".join(lines) + ("\n" if written.endswith("\n") else "")
            cell["source"] = source if isinstance(cell["source"], str) else source.splitlines(keepends=True)
    text = json.dumps(document, indent=1, ensure_ascii=False) + "\n"
    return NotebookFix(remaining, outcome.applied, text.encode("utf-8"))
