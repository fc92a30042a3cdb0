"""Lints many files, on every core when there are enough of them."""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, FrozenSet, List, Optional, Sequence, Tuple

from recordlint.api import lint_file
from recordlint.findings import Finding

# Below this many files, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 8


@dataclass
class RunResult:
    findings: List[Finding] = field(default_factory=list)
    errors: List[str] = field(default_factory=list)  # internal errors, one line each
    files: int = 0


def _lint_one(task: Tuple[str, Optional[FrozenSet[str]]]) -> Tuple[List[Finding], str]:
    path, codes = task
    try:
        return lint_file(path, codes), ""
    except Exception as error:  # an analysis bug must not stop the other files
        return [], "internal error while checking %s: %s: %s" % (path, type(error).__name__, error)


def lint_files(paths: Sequence[str], jobs: int = 0,
               codes_for: Optional[Callable[[str], FrozenSet[str]]] = None) -> RunResult:
    """Lint ``paths``; ``codes_for(path)`` gives the rules to report there (default: every rule)."""
    jobs = jobs or os.cpu_count() or 1
    result = RunResult(files=len(paths))
    tasks = [(path, codes_for(path) if codes_for else None) for path in paths]
    if jobs > 1 and len(tasks) >= PARALLEL_THRESHOLD:
        chunk = max(1, len(tasks) // (jobs * 4))
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            outcomes = list(pool.map(_lint_one, tasks, chunksize=chunk))
    else:
        outcomes = [_lint_one(task) for task in tasks]
    for findings, error in outcomes:
        result.findings.extend(findings)
        if error:
            result.errors.append(error)
    result.findings.sort()
    return result
