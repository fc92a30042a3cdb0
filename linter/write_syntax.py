"""Whether code holds the syntax of anything the analysis reports, read on Python's tree.

Every report of the analysis is made at one of these: an augmented assignment, an item
assignment (any target: `=`, `for`, `with`), an `out=` argument, a call of a writing method or
function (reached only through its name: an attribute, a name or an imported name), a call of
an `autograd.Function` subclass, or a `.grad` read (REC301). Code that holds none of them,
analysed without following its imports, can report nothing: libcst need not parse it.
"""
from __future__ import annotations

import ast
from typing import Collection, Iterable

# The names the analysis reports a write through (recordlint.analysis.calls): array and
# parameter methods, Trainer.step/update, nd.reset_arrays, and autograd.Function's subclasses.
WRITING_NAMES = frozenset((
    "copyto", "slice_assign", "slice_assign_scalar", "_sync_copyfrom", "set_data", "zero_grad",
    "step", "update", "reset_arrays", "Function", "grad",
))
OUT_KEYWORD = "out"


def holds_write(nodes: Iterable[ast.AST], skipped: Collection[ast.AST] = ()) -> bool:
    """Whether ``nodes`` hold a write's syntax, the functions of ``skipped`` left out."""
    stack = list(nodes)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.AugAssign):
            return True
        if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store):
            return True
        if isinstance(node, ast.keyword) and node.arg == OUT_KEYWORD:
            return True
        if isinstance(node, ast.Attribute) and node.attr in WRITING_NAMES:
            return True
        if isinstance(node, ast.Name) and node.id in WRITING_NAMES:
            return True
        if isinstance(node, ast.alias) and (node.asname in WRITING_NAMES or
                                            node.name.rpartition(".")[2] in WRITING_NAMES):
            return True
        if node in skipped:
            continue
        stack.extend(ast.iter_child_nodes(node))
    return False

