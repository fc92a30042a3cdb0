"""Lints many files, on every core when there are enough of them."""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import List, Sequence, Tuple

from recordlint.api import lint_file
from recordlint.findings import Finding

# Below this many files, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 8


@dataclass
class RunResult:
    findings: List[Finding] = field(default_factory=list)
    errors: List[str] = field(default_factory=list)  # internal errors, one line each
    files: int = 0


def _lint_one(path: str) -> Tuple[List[Finding], str]:
    try:
        return lint_file(path), ""
    except Exception as error:  # an analysis bug must not stop the other files
        return [], "internal error while checking %s: %s: %s" % (path, type(error).__name__, error)


def lint_files(paths: Sequence[str], jobs: int = 0) -> RunResult:
    jobs = jobs or os.cpu_count() or 1
    result = RunResult(files=len(paths))
    if jobs > 1 and len(paths) >= PARALLEL_THRESHOLD:
        chunk = max(1, len(paths) // (jobs * 4))
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            outcomes = list(pool.map(_lint_one, paths, chunksize=chunk))
    else:
        outcomes = [_lint_one(path) for path in paths]
    for findings, error in outcomes:
        result.findings.extend(findings)
        if error:
            result.errors.append(error)
    result.findings.sort()
    return result
