"""Linting entry points shared by the CLI and the other front ends."""
from __future__ import annotations

import os
from typing import Collection, List, Optional, Union

from recordlint.findings import Finding, unreadable
from recordlint.source import SourceError, decode, may_record
from recordlint.suppression import UNUSED_NOQA, may_have_noqa, suppress


# The parsed tree takes about a gigabyte of memory per megabyte of source, and the analysis of
# loop-heavy code grows faster than its size: bigger files, generated ones, are REC901.
MAX_ANALYSED_CHARACTERS = 2_000_000


def analyse_text(text: str, path: str) -> List[Finding]:
    """What the analysis finds in one module's text, before any `# noqa` is read."""
    if not may_record(text):
        return []
    if len(text) > MAX_ANALYSED_CHARACTERS:
        return [unreadable(path, "file too large to analyse (%.1f MB of source; recordlint analyses up to %.0f MB)"
                           % (len(text) / 1e6, MAX_ANALYSED_CHARACTERS / 1e6))]
    from recordlint.checker import check_text  # libcst is imported only for files worth parsing

    return sorted(check_text(text, path))


def lint_source(source: Union[str, bytes], path: str = "<stdin>",
                codes: Optional[Collection[str]] = None) -> List[Finding]:
    """Findings for one file's content, sorted by position, with `# noqa` comments applied.

    A path ending in `.ipynb` is read as a notebook. ``codes`` are the rules to report
    (default: every rule, the opt-in ones included).
    """
    from recordlint.notebook import is_notebook

    if codes is None:
        from recordlint.rules import RULES

        codes = RULES.keys()
    audit = UNUSED_NOQA in codes
    if not may_record(source) and not (audit and may_have_noqa(source)):
        return []
    if is_notebook(path):
        findings = _lint_notebook(source, path, audit)
    else:
        findings = _lint_module(source, path, audit)
    return [finding for finding in findings if finding.code in codes]


def _lint_module(source: Union[str, bytes], path: str, audit: bool) -> List[Finding]:
    try:
        text = source if isinstance(source, str) else decode(source)
    except SourceError as error:
        return [unreadable(path, str(error))]
    return suppress(analyse_text(text, path), text, path, audit)


def _lint_notebook(source: Union[str, bytes], path: str, audit: bool) -> List[Finding]:
    from recordlint.notebook import NotebookError, read_notebook

    try:
        notebook = read_notebook(source)
    except NotebookError as error:
        return [unreadable(path, str(error), error.line, error.column)]
    findings = suppress(analyse_text(notebook.text, path), notebook.text, path, audit)
    return sorted(notebook.locate(finding) for finding in findings)


def lint_file(path: Union[str, os.PathLike], codes: Optional[Collection[str]] = None) -> List[Finding]:
    path = os.fspath(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        return [unreadable(path, "cannot read file: %s" % (error.strerror or error))]
    return lint_source(data, path, codes)
