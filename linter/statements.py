"""Statements of a Python module by line, for relating run-time lines
(tracebacks, traced lines) to the statements that findings are about."""
from __future__ import annotations

import ast


def statement_starts(tree):
    """line -> first line of the innermost statement that spans it."""
    starts = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt):
            for line in range(node.lineno, (node.end_lineno or node.lineno) + 1):
                starts[line] = max(starts.get(line, 0), node.lineno)
    return starts


def module_level_leaves(body):
    """(line, N) of each `N.attach_grad(...)` statement of the module's own
    code (compound statements included, functions and classes not)."""
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        if (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
                and isinstance(node.value.func, ast.Attribute)
                and node.value.func.attr == "attach_grad"
                and isinstance(node.value.func.value, ast.Name)):
            yield node.lineno, node.value.func.value.id
        for name in ("body", "orelse", "finalbody", "handlers", "cases"):
            yield from module_level_leaves(getattr(node, name, None) or [])
