"""Checks one decoded module: parse, analyse, and turn violations into findings."""
from __future__ import annotations

import ast
import warnings
from typing import List, Optional

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from recordlint.analysis.analyzer import Analyzer
from recordlint.findings import Finding, unreadable
from recordlint.fixes.planner import NO_FIX, FixPlanner, Plan
from recordlint.nesting import too_deep
from recordlint.rules import rule_for
from recordlint.source import has_lone_carriage_return


def check_text(text: str, path: str, project=None, shallow: bool = False, whole: Optional[str] = None) -> List[Finding]:
    """The findings of one module's text; with a recordlint.project.Project, also those in the
    project modules its calls reach (each with the path of its own file). ``shallow``: the
    nesting is known to be within what libcst parses. ``whole``: the module's text when
    ``text`` has lines blanked (fixes choose their fresh names from it)."""
    deep = None if shallow else too_deep(text)  # libcst would crash the process or take minutes on it
    if deep is not None:
        return [unreadable(path, deep.reason, deep.line, deep.column)]
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError as error:
        return [syntax_error(text, path, error)]
    except RecursionError:
        return [unreadable(path, "nesting too deep to parse", 1, 1)]
    try:
        return findings_of(module, text, path, project, whole)
    except Exception as error:
        if not _from_recursion(error):
            raise
        return [unreadable(path, "nesting too deep to analyse", 1, 1)]


def _from_recursion(error: BaseException) -> bool:
    """Whether the error is a RecursionError, or was raised while handling one (libcst's
    position pass turns a RecursionError into a KeyError)."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, RecursionError):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def findings_of(module: cst.Module, text: str, path: str, project=None, whole: Optional[str] = None) -> List[Finding]:
    analyzer = Analyzer(module, project)
    violations = analyzer.run()
    if not violations:
        return []
    positions = _Positions(module)
    planner = None
    if any(v.certain and v.source is None for v in violations):
        # libcst does not reproduce every layout (a form feed before an indented line comes
        # back on the lines after it): its positions would put the edits in the wrong place
        if module.code != text:
            planner = _NoFixes("the parser does not reproduce this file's layout exactly")
        elif has_lone_carriage_return(text):  # libcst's positions count lines the fixes' table does not
            planner = _NoFixes("a line of the file ends in a lone carriage return")
        else:
            planner = FixPlanner(module, positions.of(None), text, whole, analyzer.keys_seen)
    findings = []
    for violation in violations:
        rule = rule_for(violation.form, violation.certain)
        source = violation.source
        where = positions.of(source)[violation.node]
        via = violation.via
        # a block's forward analysed as in training is entered from its class, not from a call
        training = bool(via) and isinstance(via[0][0], cst.ClassDef)
        call_sites, previous = [], source
        for node, name, caller in via[training:]:
            call_sites.append((_place(positions, node, caller, previous, path), name))
            previous = caller
        # another module's writes are fixed where they are, when that module's own analysis finds them
        plan = planner.plan(violation) if planner is not None and source is None else NO_FIX
        later_line = None
        if violation.later is not None and _same_file(violation.later_source, source):
            later_line = positions.of(violation.later_source)[violation.later].start.line
        message = rule.message(violation, call_sites, later_line)
        if training:
            message += " (when `%s` runs while recording, as in training)" % via[0][0].name.value
        if plan.reason:
            message += " (no automatic fix: %s)" % plan.reason
        findings.append(Finding(
            path=source.file.path if source is not None else path,
            line=where.start.line,
            column=where.start.column + 1,
            end_line=where.end.line,
            end_column=where.end.column + 1,
            code=rule.code,
            message=message,
            fixable=plan.fix is not None,
            fix=plan.fix,
        ))
    return findings


class _Positions:
    """Positions of the analysed module's nodes and of the project modules' the analysis reached
    (each of their definitions parsed alone): a whole-tree pass each, computed only for the
    trees with something to report."""

    def __init__(self, module: cst.Module):
        self.module = module
        self.computed = {}

    def of(self, source):
        key = id(source)
        if key not in self.computed:
            module = source.module if source is not None else self.module
            positions = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
            offset = source.line_offset if source is not None else 0
            self.computed[key] = _Shifted(positions, offset) if offset else positions
        return self.computed[key]


class _Shifted:
    """Positions of a definition parsed alone, moved to its lines in the file."""

    def __init__(self, positions, lines: int):
        self.positions = positions
        self.lines = lines

    def __getitem__(self, node) -> CodeRange:
        where = self.positions[node]
        return CodeRange((where.start.line + self.lines, where.start.column),
                         (where.end.line + self.lines, where.end.column))


def _place(positions: _Positions, node, caller, previous, path: str) -> str:
    """Where a call on the way to a finding is: its line, and its file when it is not the file
    named just before (the previous call's, or for the first call the finding's)."""
    line = positions.of(caller)[node].start.line
    if _same_file(caller, previous):
        return "line %d" % line
    return "%s:%d" % (caller.file.path if caller is not None else path, line)


def _same_file(source, other) -> bool:
    """Whether two ModuleSources (None: the analysed module) are of one file: a followed module's
    functions and classes are parsed one by one, each a ModuleSource of its own."""
    if source is None or other is None:
        return source is other
    return source.file.path == other.file.path


def syntax_error(text: str, path: str, error: "cst.ParserSyntaxError") -> Finding:
    """REC901 worded and placed as Python itself reports the error, when it does."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarnings are not ours to report
            ast.parse(text, path)
    except SyntaxError as python_error:
        return unreadable(path, "syntax error: %s" % python_error.msg, python_error.lineno or 1,
                          python_error.offset or 1)
    except (ValueError, RecursionError, MemoryError):
        pass
    reason = "syntax error: %s" % " ".join(error.message.split())
    return unreadable(path, reason, error.raw_line, error.raw_column + 1)


def parses(text: str) -> bool:
    try:
        cst.parse_module(text)
    except (cst.ParserSyntaxError, RecursionError):
        return False
    return True


class _NoFixes:
    """Plans no fix, with the reason, for each finding of a module."""

    def __init__(self, reason: str):
        self.refusal = Plan(None, reason)

    def plan(self, violation) -> Plan:
        return self.refusal if violation.certain else NO_FIX
