"""The flake8 plugin (prefix REC): recordlint's findings, selected and `# noqa`-ed by flake8 itself.

flake8 runs every installed plugin on every file, whatever --select says, so a file whose text
cannot hold a recording region costs one substring search and nothing is imported for it.
"""
from __future__ import annotations

from recordlint import __version__
from recordlint.source import may_record


class RecordlintChecker:
    name = "recordlint"
    version = __version__

    # flake8 hands a plugin what its parameters name; asking for `tree` is what makes this an
    # AST plugin, run once per file. The tree itself is not used: recordlint parses with libcst.
    def __init__(self, tree, filename, lines):
        self.filename = filename
        self.lines = lines

    def run(self):
        text = "".join(self.lines)
        if not may_record(text):
            return
        from recordlint.api import analyse_text
        from recordlint.suppression import exempted

        for finding in exempted(analyse_text(text, self.filename), text):
            # flake8 adds 1 to the column a plugin reports; recordlint's columns are 1-based.
            yield finding.line, finding.column - 1, "%s %s" % (finding.code, finding.message), type(self)
