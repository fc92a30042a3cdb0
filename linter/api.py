"""Linting entry points shared by the CLI and the other front ends."""
from __future__ import annotations

import os
from typing import Collection, List, Optional, Union

from recordlint.findings import Finding, unreadable
from recordlint.source import SourceError, decode, has_region, may_record
from recordlint.suppression import UNUSED_NOQA, may_have_noqa, suppress


# The parsed tree takes about a gigabyte of memory per megabyte of source, and the analysis of
# loop-heavy code grows faster than its size: bigger files, generated ones, are REC901.
MAX_ANALYSED_CHARACTERS = 2_000_000


def analyse_text(text: str, path: str, dependencies: Optional[list] = None) -> List[Finding]:
    """What the analysis finds in one module's text, before any `# noqa` is read: in the module,
    and in the project modules its calls reach (those findings carry their own file's path).
    ``dependencies``, when given, receives a recordlint.project.Dependency for each module read."""
    data = text.encode("utf-8", "surrogatepass")  # what the text tests read
    if not may_record(data):
        return []
    if len(text) > MAX_ANALYSED_CHARACTERS:
        return [unreadable(path, "file too large to analyse (%.1f MB of source; recordlint analyses up to %.0f MB)"
                           % (len(text) / 1e6, MAX_ANALYSED_CHARACTERS / 1e6))]
    from recordlint.checker import check_text  # libcst is imported only for files worth parsing
    from recordlint.project import Project, may_run_as_script

    from recordlint.region_sparse import region_text
    from recordlint.sparse import names_recording, python_tree, relevant_text

    tree = python_tree(text)
    # Imports are followed from files with a recording region, whose calls may reach writes in
    # other modules; a module of Gluon blocks alone is analysed by itself (much faster).
    region = has_region(data) and (tree is None or names_recording(tree, text))
    project = Project(path, may_run_as_script(tree)) if path not in ("<stdin>", "-") and region else None
    whole = text
    if region:
        shallow = False  # Python could not parse it: libcst says why
        if tree is not None:
            text, shallow = region_text(text, tree, project)
    else:
        stripped = relevant_text(text, tree)
        if stripped is None:
            return []
        text, shallow = stripped
    findings = sorted(check_text(text, path, project, shallow, whole))
    if dependencies is not None and project is not None:
        dependencies.extend(project.dependencies.values())
    return findings


def lint_source(source: Union[str, bytes], path: str = "<stdin>",
                codes: Optional[Collection[str]] = None, dependencies: Optional[list] = None) -> List[Finding]:
    """Findings for one file's content, sorted by position, with `# noqa` comments applied.

    A path ending in `.ipynb` is read as a notebook. ``codes`` are the rules to report
    (default: every rule, the opt-in ones included). Findings in other project modules reached
    from this one come after, with their paths (see `analyse_text`, also for ``dependencies``).
    """
    from recordlint.notebook import is_notebook

    if codes is None:
        from recordlint.rules import RULES

        codes = RULES.keys()
    audit = UNUSED_NOQA in codes
    if not may_record(source) and not (audit and may_have_noqa(source)):
        return []
    read = dependencies if dependencies is not None else []  # other modules' texts, for their noqa
    if is_notebook(path):
        findings = _lint_notebook(source, path, audit, read)
    else:
        findings = _lint_module(source, path, audit, read)
    return [finding for finding in findings if finding.code in codes]


def _lint_module(source: Union[str, bytes], path: str, audit: bool, dependencies) -> List[Finding]:
    try:
        text = source if isinstance(source, str) else decode(source)
    except SourceError as error:
        return [unreadable(path, str(error))]
    own, elsewhere = _split(analyse_text(text, path, dependencies), path)
    return suppress(own, text, path, audit) + _suppressed_elsewhere(elsewhere, dependencies)


def _lint_notebook(source: Union[str, bytes], path: str, audit: bool, dependencies) -> List[Finding]:
    from recordlint.notebook import NotebookError, read_notebook

    try:
        notebook = read_notebook(source)
    except NotebookError as error:
        return [unreadable(path, str(error), error.line, error.column)]
    own, elsewhere = _split(analyse_text(notebook.text, path, dependencies), path)
    own = suppress(own, notebook.text, path, audit)
    return sorted(notebook.locate(finding) for finding in own) + _suppressed_elsewhere(elsewhere, dependencies)


def _split(findings: List[Finding], path: str):
    own = [finding for finding in findings if finding.path == path]
    return own, [finding for finding in findings if finding.path != path]


def _suppressed_elsewhere(findings: List[Finding], dependencies) -> List[Finding]:
    """Findings in other modules, with those modules' own `# noqa` comments applied (read in the
    text the analysis read)."""
    texts = {dependency.path: dependency.text for dependency in dependencies}
    kept: List[Finding] = []
    for path in sorted({finding.path for finding in findings}):
        kept.extend(suppress([finding for finding in findings if finding.path == path], texts[path], path, False))
    return kept


def lint_file(path: Union[str, os.PathLike], codes: Optional[Collection[str]] = None) -> List[Finding]:
    path = os.fspath(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        return [unreadable(path, "cannot read file: %s" % (error.strerror or error))]
    return lint_source(data, path, codes)
