"""Checks one decoded module: parse, analyse, and turn violations into findings."""
from __future__ import annotations

import ast
from typing import List

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from recordlint.analysis.analyzer import Analyzer
from recordlint.findings import Finding, unreadable
from recordlint.fixes.planner import NO_FIX, FixPlanner, Plan
from recordlint.nesting import too_deep
from recordlint.rules import rule_for


def check_text(text: str, path: str) -> List[Finding]:
    deep = too_deep(text)  # libcst would crash the process or take minutes on it
    if deep is not None:
        return [unreadable(path, deep.reason, deep.line, deep.column)]
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError as error:
        return [syntax_error(text, path, error)]
    except RecursionError:
        return [unreadable(path, "nesting too deep to parse", 1, 1)]
    try:
        return findings_of(module, text, path)
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


def findings_of(module: cst.Module, text: str, path: str) -> List[Finding]:
    violations = Analyzer(module).run()
    if not violations:
        return []
    # Positions cost a whole-tree pass: computed only for modules with something to report.
    positions = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    planner = None
    if any(v.certain for v in violations):
        # libcst does not reproduce every layout (a form feed before an indented line comes
        # back on the lines after it): its positions would put the edits in the wrong place
        planner = (FixPlanner(module, positions, text) if module.code == text
                   else _NoFixes("the parser does not reproduce this file's layout exactly"))
    findings = []
    for violation in violations:
        rule = rule_for(violation.form, violation.certain)
        where = positions[violation.node]
        call_sites = [(positions[node].start.line, name) for node, name in violation.via]
        plan = planner.plan(violation) if planner is not None else NO_FIX
        later_line = positions[violation.later].start.line if violation.later is not None else None
        message = rule.message(violation, call_sites, later_line)
        if plan.reason:
            message += " (no automatic fix: %s)" % plan.reason
        findings.append(Finding(
            path=path,
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



def syntax_error(text: str, path: str, error: "cst.ParserSyntaxError") -> Finding:
    """REC901 worded and placed as Python itself reports the error, when it does."""
    try:
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
