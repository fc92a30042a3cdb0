"""One `recordlint lint` run: settings, discovery, linting, output, exit status."""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

from recordlint.config import ConfigError
from recordlint.discovery import Discovery
from recordlint.findings import Finding
from recordlint.fixing import DIFF, WRITE
from recordlint.settings import Overrides, SettingsResolver

STDIN = "-"


class RunError(Exception):
    """A run that cannot go on; the message is the one line to show (exit status 2)."""


@dataclass(frozen=True)
class LintRequest:
    paths: Tuple[str, ...]
    output_format: str = "text"
    config_path: Optional[str] = None
    overrides: Overrides = Overrides()
    force_exclude: bool = False
    stdin_filename: Optional[str] = None
    show_source: bool = False
    no_color: bool = False
    statistics: bool = False
    exit_zero: bool = False
    output_file: Optional[str] = None
    jobs: int = 0
    fix_mode: Optional[str] = None  # recordlint.fixing.WRITE (--fix) or DIFF (--diff)
    fix_only: bool = False
    use_cache: bool = True
    cache_dir: Optional[str] = None  # default: .recordlint_cache in each file's settings root


def reads_stdin(request: LintRequest) -> bool:
    return request.paths == (STDIN,) or (not request.paths and request.stdin_filename is not None)


def run(request: LintRequest) -> int:
    """Lint what the request names and write the report; the exit status."""
    if STDIN in request.paths and len(request.paths) > 1:
        raise RunError("'-' (standard input) cannot be combined with other paths")
    try:
        resolver = SettingsResolver(request.config_path, request.overrides)
        discovery = Discovery(resolver, request.force_exclude)
        if reads_stdin(request):
            return _run_stdin(request, resolver, discovery)
        result = _lint_paths(request, resolver, discovery)
        unsafe = resolver.for_path(os.path.join(os.curdir, "-")).unsafe_fixes
    except ConfigError as error:
        raise RunError(str(error)) from None
    if request.fix_mode == DIFF:
        _write("".join(result.diffs), request.output_file)
    elif request.fix_only:
        if result.fixed:
            _write("Fixed %d finding%s.\n" % (result.fixed, "" if result.fixed == 1 else "s"), request.output_file)
    else:
        _write(_report(result.findings, request, {}, unsafe, result.fixed), request.output_file)
    for error in result.errors:
        print("recordlint: error: " + error, file=sys.stderr)
    return _status(request, result.errors, result.findings, bool(result.diffs))


def _status(request: LintRequest, errors, findings, changed: bool) -> int:
    """ruff's: 2 on errors; with --diff 1 when there is a diff; with --fix-only 0; else 1 when
    findings remain."""
    if errors:
        return 2
    if request.exit_zero:
        return 0
    if request.fix_mode == DIFF:
        return 1 if changed else 0
    if request.fix_only:
        return 0
    return 1 if findings else 0


def _lint_paths(request, resolver, discovery):
    from recordlint.runner import lint_files

    files = list(discovery.files(request.paths or (os.curdir,)))
    return lint_files(files, request.jobs, lambda path: resolver.for_path(path).codes_for(path),
                      request.fix_mode, lambda path: resolver.for_path(path).unsafe_fixes,
                      _cache_chooser(request, resolver))


def _cache_chooser(request: LintRequest, resolver: SettingsResolver):
    """path -> the cache of its lint results; None when the run caches nothing (fixes never are)."""
    if not request.use_cache or request.fix_mode is not None:
        return None
    caches: Dict[str, object] = {}

    def cache_for(path: str):
        # asked only for files worth parsing: a run with none never loads the cache code
        from recordlint.cache import FOLDER_NAME, ResultCache

        folder = request.cache_dir or os.path.join(resolver.for_path(path).root, FOLDER_NAME)
        if folder not in caches:
            caches[folder] = ResultCache(folder)
        return caches[folder]

    return cache_for


def _run_stdin(request, resolver, discovery) -> int:
    """Standard input: lint it; with --fix print the fixed source, with --diff its diff."""
    from recordlint.api import lint_source

    name = request.stdin_filename
    data = sys.stdin.buffer.read()
    if name is not None and request.force_exclude and discovery.excluded_with_folders(name, False):
        if request.fix_mode == WRITE:
            sys.stdout.buffer.write(data)
        return 0
    settings_path = name if name is not None else os.path.join(os.curdir, STDIN)
    settings = resolver.for_path(settings_path)
    codes = settings.codes_for(settings_path)
    shown = name if name is not None else STDIN
    if request.fix_mode is None:
        from recordlint.collection import fewer_collections

        with fewer_collections():
            findings = [finding for finding in lint_source(data, shown, codes) if finding.path == shown]
        _write(_report(findings, request, {shown: data}, settings.unsafe_fixes, 0), request.output_file)
        return _status(request, [], findings, False)
    from recordlint.fixing import fix_file

    outcome = fix_file(shown, data, codes, settings.unsafe_fixes, DIFF)
    # the report is of standard input alone, as an editor shows it
    outcome.remaining = [finding for finding in outcome.remaining if finding.path == shown]
    if request.fix_mode == DIFF:
        _write(outcome.diff, request.output_file)
    else:
        sys.stdout.buffer.write(outcome.fixed_data if outcome.fixed_data is not None else data)
        sys.stdout.flush()
        if not request.fix_only and outcome.remaining:
            # the fixed source owns standard output: the remaining findings go to standard error
            sys.stderr.write(_report(outcome.remaining, request, {}, settings.unsafe_fixes, outcome.fixed))
    return _status(request, [], outcome.remaining, bool(outcome.diff))


def _report(findings: List[Finding], request: LintRequest, contents: Dict[str, bytes],
            unsafe_fixes: bool = False, fixed: int = 0) -> str:
    from recordlint.formats import Options, render

    if request.statistics:
        from recordlint.formats.statistics import render_statistics

        return render_statistics(findings, request.output_format)
    sources = None
    if request.show_source:
        from recordlint.snippets import SourceLines

        sources = SourceLines(contents)
    return render(findings, request.output_format, Options(_use_color(request), request.show_source, sources,
                                                           unsafe_fixes, fixed, request.fix_mode is None))


def _use_color(request: LintRequest) -> bool:
    # https://no-color.org: any non-empty NO_COLOR turns colour off.
    if request.no_color or os.environ.get("NO_COLOR") or request.output_file is not None:
        return False
    return request.output_format == "text" and sys.stdout.isatty()


def _write(text: str, output_file: Optional[str]) -> None:
    if output_file is None:
        sys.stdout.write(text)
        return
    try:
        with open(output_file, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as error:
        raise RunError("cannot write %s: %s" % (output_file, error.strerror or error)) from None
