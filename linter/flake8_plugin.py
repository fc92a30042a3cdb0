"""The flake8 plugin (prefix REC): recordlint's findings, selected and `# noqa`-ed by flake8 itself.

flake8 runs every installed plugin on every file, whatever --select says, so a file whose text
cannot hold a recording region costs one substring search and nothing is imported for it. The
analysis of the others is cached as `recordlint lint` caches it, in `.recordlint_cache` of the
current folder unless --recordlint-cache-dir or --recordlint-no-cache says otherwise.
"""
from __future__ import annotations

import os

from recordlint import __version__
from recordlint.source import may_record


class RecordlintChecker:
    name = "recordlint"
    version = __version__
    cache_dir = None  # None: .recordlint_cache in the current folder
    use_cache = True
    _cache = None

    # flake8 hands a plugin what its parameters name; asking for `tree` is what makes this an
    # AST plugin, run once per file. The tree itself is not used: recordlint parses with libcst.
    def __init__(self, tree, filename, lines):
        self.filename = filename
        self.lines = lines

    @classmethod
    def add_options(cls, manager):
        manager.add_option("--recordlint-cache-dir", parse_from_config=True,
                           help="Where recordlint caches its analysis (default: .recordlint_cache).")
        manager.add_option("--recordlint-no-cache", action="store_true", parse_from_config=True,
                           help="Neither read nor write recordlint's cache.")

    @classmethod
    def parse_options(cls, options):
        cls.cache_dir = options.recordlint_cache_dir
        cls.use_cache = not options.recordlint_no_cache
        cls._cache = None

    def run(self):
        text = "".join(self.lines)
        if not may_record(text):
            return
        from recordlint.suppression import exempted

        # flake8 reports in the file it checks: writes this file's calls reach in other modules
        # are reported when those modules are checked (as "may raise", or by `recordlint lint`)
        own = [finding for finding in self._analysis(text) if finding.path == self.filename]
        for finding in exempted(own, text):
            # flake8 adds 1 to the column a plugin reports; recordlint's columns are 1-based.
            yield finding.line, finding.column - 1, "%s %s" % (finding.code, finding.message), type(self)

    def _analysis(self, text):
        """The findings before any `# noqa` is read, for every rule: flake8 selects and suppresses."""
        from recordlint.api import analyse_text
        from recordlint.collection import fewer_collections

        if not self.use_cache:
            with fewer_collections():
                return analyse_text(text, self.filename)
        from recordlint.cache import FOLDER_NAME, ResultCache, analysis_key

        cls = type(self)
        if cls._cache is None:
            cls._cache = ResultCache(os.path.abspath(cls.cache_dir or FOLDER_NAME))
        key = analysis_key(text)
        findings = cls._cache.load(key, self.filename)
        if findings is None:
            dependencies: list = []
            with fewer_collections():
                findings = analyse_text(text, self.filename, dependencies)
            cls._cache.store(key, findings, self.filename, dependencies)
        return findings
