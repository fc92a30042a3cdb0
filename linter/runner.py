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
    fixed: int = 0  # fixes applied (--fix) or that would be (--diff)
    diffs: List[str] = field(default_factory=list)


@dataclass(frozen=True)
class Task:
    path: str
    codes: Optional[FrozenSet[str]] = None
    fix_mode: Optional[str] = None  # recordlint.fixing.WRITE or DIFF; None only lints
    unsafe_fixes: bool = False


def _run_one(task: Task):
    try:
        if task.fix_mode is None:
            return lint_file(task.path, task.codes), 0, "", ""
        return _fix_one(task)
    except Exception as error:  # an analysis bug must not stop the other files
        return [], 0, "", "internal error while checking %s: %s: %s" % (task.path, type(error).__name__, error)


def _fix_one(task: Task):
    from recordlint.findings import unreadable
    from recordlint.fixing import fix_file

    try:
        with open(task.path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        return [unreadable(task.path, "cannot read file: %s" % (error.strerror or error))], 0, "", ""
    outcome = fix_file(task.path, data, task.codes, task.unsafe_fixes, task.fix_mode)
    if outcome.error:
        # the file keeps its findings: report them as they are on disk
        return lint_file(task.path, task.codes), 0, "", outcome.error
    return outcome.remaining, outcome.fixed, outcome.diff, ""


def lint_files(paths: Sequence[str], jobs: int = 0,
               codes_for: Optional[Callable[[str], FrozenSet[str]]] = None,
               fix_mode: Optional[str] = None,
               unsafe_for: Callable[[str], bool] = lambda path: False) -> RunResult:
    """Lint (and fix) ``paths``; ``codes_for(path)`` gives the rules to report there (default:
    every rule), ``unsafe_for(path)`` whether unsafe fixes apply there."""
    jobs = jobs or os.cpu_count() or 1
    result = RunResult(files=len(paths))
    tasks = [Task(path, codes_for(path) if codes_for else None, fix_mode, unsafe_for(path)) for path in paths]
    if jobs > 1 and len(tasks) >= PARALLEL_THRESHOLD:
        chunk = max(1, len(tasks) // (jobs * 4))
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            outcomes = list(pool.map(_run_one, tasks, chunksize=chunk))
    else:
        outcomes = [_run_one(task) for task in tasks]
    for findings, fixed, diff, error in outcomes:
        result.findings.extend(findings)
        result.fixed += fixed
        if diff:
            result.diffs.append(diff)
        if error:
            result.errors.append(error)
    result.findings.sort()
    return result
