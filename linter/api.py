"""Linting entry points shared by the CLI and the other front ends."""
from __future__ import annotations

import os
from typing import Iterable, List, Union

from recordlint.findings import Finding, unreadable
from recordlint.source import SourceError, decode, may_record

def lint_source(source: Union[str, bytes], path: str = "<stdin>") -> List[Finding]:
    """Findings for one module's source text, sorted by position."""
    data = source.encode("utf-8") if isinstance(source, str) else source
    if not may_record(data):
        return []
    try:
        text = source if isinstance(source, str) else decode(data)
    except SourceError as error:
        return [unreadable(path, str(error))]
    from recordlint.checker import check_text  # libcst is imported only for files worth parsing

    return sorted(check_text(text, path))


def lint_file(path: Union[str, os.PathLike]) -> List[Finding]:
    path = os.fspath(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        return [unreadable(path, "cannot read file: %s" % (error.strerror or error))]
    return lint_source(data, path)


def select_findings(findings: Iterable[Finding], select=(), ignore=()) -> List[Finding]:
    """Keep findings whose code starts with a selected prefix and with no ignored one."""
    kept = []
    for finding in findings:
        if select and not finding.code.startswith(tuple(select)):
            continue
        if ignore and finding.code.startswith(tuple(ignore)):
            continue
        kept.append(finding)
    return kept
