"""Lints many files: the cheap checks in this process, the parsing on every core when enough
files need it, and results from the cache where a file has not changed."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import Callable, FrozenSet, List, Optional, Sequence, Tuple

from recordlint.api import lint_file, lint_source
from recordlint.collection import fewer_collections
from recordlint.findings import Finding, unreadable
from recordlint.merging import merged
from recordlint.source import may_record
from recordlint.suppression import may_have_noqa

# Below this many files to parse, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 8


@dataclass
class RunResult:
    findings: List[Finding] = field(default_factory=list)
    errors: List[str] = field(default_factory=list)  # internal errors, one line each
    files: int = 0
    fixed: int = 0  # fixes applied (--fix) or that would be (--diff)
    diffs: List[str] = field(default_factory=list)
    parsed: int = 0  # lint runs: files analysed here, neither prefiltered out nor found in the cache


@dataclass(frozen=True)
class Task:
    path: str
    codes: Optional[FrozenSet[str]] = None
    fix_mode: Optional[str] = None  # recordlint.fixing.WRITE or DIFF; None only lints
    unsafe_fixes: bool = False


@dataclass(frozen=True)
class Analysis:
    """A file that needs the full analysis, with the very bytes its cache key was made of."""

    path: str
    data: bytes
    codes: Optional[FrozenSet[str]]


Outcome = Tuple[List[Finding], int, str, str]  # findings, fixes applied, diff, internal error


def _internal_error(path: str, error: Exception) -> Outcome:
    return [], 0, "", "internal error while checking %s: %s: %s" % (path, type(error).__name__, error)


def _analyse(work: Analysis) -> Tuple[Outcome, list]:
    """The outcome, and the other project modules (recordlint.project.Dependency) it depends on."""
    dependencies: list = []
    try:
        with fewer_collections():
            outcome = lint_source(work.data, work.path, work.codes, dependencies), 0, "", ""
        # the cache needs the modules' hashes, not their texts (which would cross the process pipe)
        return outcome, [replace(dependency, text=None) for dependency in dependencies]
    except Exception as error:  # an analysis bug must not stop the other files
        return _internal_error(work.path, error), []


def _run_fix(task: Task) -> Outcome:
    try:
        with fewer_collections():
            return _fix_one(task)
    except Exception as error:
        return _internal_error(task.path, error)


def _fix_one(task: Task) -> Outcome:
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
               unsafe_for: Callable[[str], bool] = lambda path: False,
               cache_for: Optional[Callable[[str], object]] = None) -> RunResult:
    """Lint (and fix) ``paths``; ``codes_for(path)`` gives the rules to report there (default:
    every rule), ``unsafe_for(path)`` whether unsafe fixes apply there, ``cache_for(path)`` the
    recordlint.cache.ResultCache for its lint results (None: no cache; fixing never uses one)."""
    jobs = jobs or os.cpu_count() or 1
    result = RunResult(files=len(paths))
    tasks = [Task(path, codes_for(path) if codes_for else None, fix_mode, unsafe_for(path)) for path in paths]
    if fix_mode is None:
        outcomes = _lint(tasks, jobs, cache_for, result)
    else:
        outcomes = _map(_run_fix, tasks, jobs)
    found = []
    for findings, fixed, diff, error in outcomes:
        found.extend(findings)
        result.fixed += fixed
        if diff:
            result.diffs.append(diff)
        if error:
            result.errors.append(error)
    result.findings = merged(found, paths, codes_for)
    return result


def _lint(tasks: List[Task], jobs: int, cache_for, result: RunResult) -> List[Outcome]:
    """Reads every file here: one that cannot hold a recording region, or whose findings are in
    the cache, costs no parse; the others are analysed, in parallel when there are enough (the
    workers start, and load the analysis, as soon as that many are found, while reading goes on)."""
    outcomes: List[Optional[Outcome]] = [None] * len(tasks)
    pending = []  # (index, cache, key, Analysis)
    pool = None
    try:
        for index, task in enumerate(tasks):
            try:
                with open(task.path, "rb") as handle:
                    data = handle.read()
            except OSError as error:
                outcomes[index] = [unreadable(task.path, "cannot read file: %s" % (error.strerror or error))], 0, "", ""
                continue
            if not may_record(data):
                # nothing to parse: only unused `# noqa` comments can be reported (see lint_source)
                outcomes[index] = _analyse(Analysis(task.path, data, task.codes))[0] if may_have_noqa(data) \
                    else ([], 0, "", "")
                continue
            cache = cache_for(task.path) if cache_for else None
            key = None
            if cache is not None:
                from recordlint.cache import lint_key
                from recordlint.notebook import is_notebook

                key = lint_key(data, task.codes, task.unsafe_fixes, is_notebook(task.path))
                cached = cache.load(key, task.path)
                if cached is not None:
                    outcomes[index] = cached, 0, "", ""
                    continue
            pending.append((index, cache, key, Analysis(task.path, data, task.codes)))
            if pool is None and jobs > 1 and len(pending) == PARALLEL_THRESHOLD:
                pool = _started_pool(jobs)
    except BaseException:
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        raise

    def store(position: int, analysed) -> None:  # as results come, while the workers go on
        index, cache, key, work = pending[position]
        outcome, dependencies = analysed
        if cache is not None and not outcome[3]:
            cache.store(key, outcome[0], work.path, dependencies)
        outcomes[index] = outcome

    _map(_analyse, [work for _, _, _, work in pending], jobs, [len(work.data) for *_, work in pending],
         died=lambda work, exit_code: (_worker_died(work.path, exit_code), []), pool=pool, done=store)
    result.parsed = len(pending)
    return outcomes


def _map(function, items: list, jobs: int, sizes: Optional[List[int]] = None,
         died: Callable = lambda item, exit_code: _worker_died(item.path, exit_code), pool=None,
         done: Callable = lambda index, result: None) -> list:
    """``function`` over ``items``, results in the order of ``items``, each also given to
    ``done(index, result)`` as soon as it is known; in worker processes when there are enough
    items (in ``pool`` first, when it was started already). With ``sizes``, the largest go
    first, one at a time, so that one long file started last does not leave the other workers
    idle.

    A worker that dies (killed, or a crash in native code) breaks the pool and takes the items in
    flight with it: the first unfinished item then runs alone in a fresh process, which tells a
    file that kills the process from one that was merely in flight, and a new pool takes the rest.
    ``died(item, exit_code)`` is the result for an item that killed its process.
    """
    if pool is None and (jobs <= 1 or len(items) < PARALLEL_THRESHOLD):
        results = [function(item) for item in items]
        for index, result in enumerate(results):
            done(index, result)
        return results
    if pool is None:
        _load_analysis_before_fork()
    if sizes is None:
        pending, chunk = list(range(len(items))), max(1, len(items) // (jobs * 4))
    else:
        pending, chunk = sorted(range(len(items)), key=lambda index: -sizes[index]), 1
    results: list = [None] * len(items)
    while pending:
        _run_in_pool(function, items, pending, pool or _new_pool(min(jobs, len(pending))), chunk, results, done)
        pool = None
        pending = [index for index in pending if results[index] is None]
        if pending:
            first = pending.pop(0)
            results[first] = _run_alone(function, items[first], died)
            done(first, results[first])
    return results


def _new_pool(workers: int):
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=workers, initializer=_worker_started)


def _started_pool(workers: int):
    """A pool whose workers start now (each loads the analysis), before any work is submitted."""
    pool = _new_pool(workers)
    for _ in range(workers):  # a pool creates its processes when work is submitted
        pool.submit(int)
    return pool


def _run_in_pool(function, items: list, order: List[int], pool, chunk: int, results: list, done) -> None:
    """Fills ``results[index]`` (and calls ``done``) for the indices of ``order`` whose chunk
    finished in ``pool`` (then shut down) before any worker died."""
    from concurrent.futures.process import BrokenProcessPool

    chunks = [order[start:start + chunk] for start in range(0, len(order), chunk)]
    with pool:
        submitted = []
        try:
            for indices in chunks:
                submitted.append((indices, pool.submit(_each, function, [items[index] for index in indices])))
        except BrokenProcessPool:
            pass  # a worker died already: the chunks not submitted stay pending
        for indices, future in submitted:
            try:
                outcomes = future.result()
            except BrokenProcessPool:
                continue
            for index, outcome in zip(indices, outcomes):
                results[index] = outcome
                done(index, outcome)


def _worker_started() -> None:
    # when one worker dies, the pool terminates the others: one may be writing a fixed file
    from recordlint.fixes.writer import exit_on_termination

    exit_on_termination()
    # loaded before the first file comes (a no-op when forked from a process that has it)
    import recordlint.checker  # noqa: F401


def _each(function, items: list) -> list:
    return [function(item) for item in items]


def _run_alone(function, item, died):
    """``function(item)`` in a fresh process of its own; if that dies too, the item killed it."""
    import multiprocessing

    receiver, sender = multiprocessing.Pipe(duplex=False)
    process = multiprocessing.Process(target=_send, args=(function, item, sender))
    process.start()
    sender.close()  # the child holds the only sending end: its death ends the pipe
    with receiver:
        try:
            outcome = receiver.recv()
        except EOFError:  # it died before sending
            outcome = None
    process.join()
    return died(item, process.exitcode) if outcome is None else outcome


def _send(function, item, sender) -> None:
    sender.send(function(item))
    sender.close()


def _worker_died(path: str, exit_code: int) -> Outcome:
    import signal

    if exit_code >= 0:
        how = "exit status %d" % exit_code
    else:  # real-time signals have no name of their own
        names = {known.value: known.name for known in signal.Signals}
        how = "killed by " + names.get(-exit_code, "signal %d" % -exit_code)
    return [], 0, "", "internal error while checking %s: the worker process died (%s)" % (path, how)


def _load_analysis_before_fork() -> None:
    """Forked workers share the modules loaded here instead of each importing libcst anew."""
    import multiprocessing

    if multiprocessing.get_start_method() == "fork":
        import recordlint.checker  # noqa: F401
