"""One `recordlint lint` run: settings, discovery, linting, output, exit status."""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

from recordlint.config import ConfigError
from recordlint.discovery import Discovery
from recordlint.findings import Finding
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
            findings, errors, contents = _lint_stdin(request, resolver, discovery)
        else:
            findings, errors, contents = _lint_paths(request, resolver, discovery)
    except ConfigError as error:
        raise RunError(str(error)) from None
    _write(_report(findings, request, contents), request.output_file)
    for error in errors:
        print("recordlint: error: " + error, file=sys.stderr)
    if errors:
        return 2
    return 1 if findings and not request.exit_zero else 0


def _lint_paths(request, resolver, discovery):
    from recordlint.runner import lint_files

    files = list(discovery.files(request.paths or (os.curdir,)))
    result = lint_files(files, request.jobs, lambda path: resolver.for_path(path).codes_for(path))
    return result.findings, result.errors, {}


def _lint_stdin(request, resolver, discovery) -> Tuple[List[Finding], List[str], Dict[str, bytes]]:
    from recordlint.api import lint_source

    name = request.stdin_filename
    data = sys.stdin.buffer.read()
    if name is not None and request.force_exclude and discovery.excluded_with_folders(name, False):
        return [], [], {}
    settings_path = name if name is not None else os.path.join(os.curdir, STDIN)
    codes = resolver.for_path(settings_path).codes_for(settings_path)
    shown = name if name is not None else STDIN
    return lint_source(data, shown, codes), [], {shown: data}


def _report(findings: List[Finding], request: LintRequest, contents: Dict[str, bytes]) -> str:
    from recordlint.formats import Options, render

    if request.statistics:
        from recordlint.formats.statistics import render_statistics

        return render_statistics(findings, request.output_format)
    sources = None
    if request.show_source:
        from recordlint.snippets import SourceLines

        sources = SourceLines(contents)
    return render(findings, request.output_format, Options(_use_color(request), request.show_source, sources))


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
