"""Source lines for `--show-source`, read again only for files that have findings."""
from __future__ import annotations

from typing import Dict, List, Optional

from recordlint.findings import Finding


class SourceLines:
    def __init__(self, contents: Optional[Dict[str, bytes]] = None):
        self._contents = dict(contents or {})  # content not on disk (stdin), by the path shown
        self._lines: Dict[tuple, Optional[List[str]]] = {}

    def line(self, finding: Finding) -> Optional[str]:
        key = (finding.path, finding.cell)
        if key not in self._lines:
            self._lines[key] = self._read(finding.path, finding.cell)
        lines = self._lines[key]
        if lines is None or not 0 < finding.line <= len(lines):
            return None
        return lines[finding.line - 1]

    def _read(self, path: str, cell: Optional[int]) -> Optional[List[str]]:
        from recordlint.notebook import NotebookError, read_notebook, split_lines
        from recordlint.source import SourceError, decode

        data = self._contents.get(path)
        if data is None:
            try:
                with open(path, "rb") as handle:
                    data = handle.read()
            except OSError:
                return None
        try:
            if cell is not None:
                return read_notebook(data).cell_lines.get(cell)
            return split_lines(decode(data))
        except (SourceError, NotebookError):
            return None
