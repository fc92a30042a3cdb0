"""Less text for libcst in a module with a recording region: its top-level functions and
classes that can find nothing are blanked line for line (positions and edits do not move).

Every function and method is analysed from its start, its arguments unknown, recording off:
it can find nothing unless it reaches a recording region, a Gluon block, a project module, or
arrays the module's top level left in the graph. Python's own parser finds the definitions;
which of them name which is read from their words (a superset of the names they use).
"""
from __future__ import annotations

import ast
from typing import Dict, Set

from recordlint.nesting import MAX_DEPTH, deeper_than, line_lengths
from recordlint.sparse import (
    DEFINITIONS, RECORDING_NAMES, WORD, Stripped, closure, holds_block, left_out, names_recording,
    plain_line_ends, span_of,
)


# The patterns of `match` statements, which bind names of their own (Python 3.10 and later).
MATCH_PATTERNS = getattr(ast, "pattern", ())


def region_text(text: str, tree: ast.Module, project) -> Stripped:
    """The text with the top-level functions and classes that can find nothing blanked: those
    that name no recording API, no block, no project import, no other kept definition, and no
    module-level name that code reaching a region may have bound. Only a module whose top
    level holds no region is stripped, so that no fix renames a name of the module's own
    scope (fixes look for the name in every function); fresh names are chosen from the whole
    text. ``project``: recordlint.project.Project, None when imports are not followed.
    """
    definitions = [node for node in tree.body if isinstance(node, DEFINITIONS)]
    others = [node for node in tree.body if not isinstance(node, DEFINITIONS)]
    names = [node.name for node in definitions]
    lines = text.split("\n")
    top_words = _words_of(others, lines)
    if not plain_line_ends(text) or len(set(names)) != len(names) or \
            (top_words & RECORDING_NAMES and any(names_recording(node) for node in others)):
        return _checked(text, tree.body, lines)
    spans = {node.name: span_of(node) for node in definitions}
    source = {name: "\n".join(lines[start - 1:end]) for name, (start, end) in spans.items()}
    words = {name: set(WORD.findall(code)) for name, code in source.items()}
    from_project = _project_names(others, project)
    if "*" in from_project:  # `from module import *` of a project module: any word may name it
        return _checked(text, tree.body, lines)
    # the words are a superset of the names used: a cheap first test, conservative
    active = {node.name for node in definitions if words[node.name] & RECORDING_NAMES
              or ("forward" in source[node.name] and holds_block(node))
              or ("import" in words[node.name] and _project_names([node], project, True))}
    active = _callers(active, words, from_project)
    # Beyond its imports (a followed module's arrays are unknown values to its importer), the top
    # level may record when it names a project name or a definition that reaches a region: then
    # every name it binds may hold arrays of the graph.
    running = [node for node in others if not isinstance(node, (ast.Import, ast.ImportFrom))]
    if _words_of(running, lines) & (active | from_project):
        active = _callers(active, words, bound_names(others))
    wanted = closure(active | (top_words & set(spans)), source)
    kept = [node for node in tree.body if not isinstance(node, DEFINITIONS) or node.name in wanted]
    for name, (start, end) in spans.items():
        if name not in wanted:
            left_out(lines, start, end)
    return _checked("\n".join(lines) if len(kept) < len(tree.body) else text, kept, lines)


def _checked(text: str, kept, lines) -> Stripped:
    """``text``, shallow when the statements kept nest within what libcst parses."""
    lengths = line_lengths(text)
    return Stripped(text, deeper_than(ast.Module(body=kept, type_ignores=[]), MAX_DEPTH, lengths) is None)


def _callers(active: Set[str], words: Dict[str, Set[str]], names: Set[str]) -> Set[str]:
    """``active`` and the definitions naming one of them or one of ``names``, transitively."""
    active = set(active)
    changed = True
    while changed:
        changed = False
        for name, used in words.items():
            if name not in active and used & (active | names):
                active.add(name)
                changed = True
    return active


def _project_names(statements, project, anywhere: bool = False) -> Set[str]:
    """The names that imports of project modules bind (in the statements' own scope, or with
    ``anywhere`` in nested ones too; then any such import gives a non-empty set)."""
    found: Set[str] = set()
    if project is None:
        return found
    for statement in statements:
        for node in (ast.walk(statement) if anywhere else _same_scope(statement)):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if project.find(alias.name) is not None:
                        found.add(alias.asname or alias.name.partition(".")[0])
            elif isinstance(node, ast.ImportFrom):
                if project.find(node.module or "", node.level) is not None:
                    found.update(alias.asname or alias.name for alias in node.names)
                elif any(project.find((node.module or "") + "." + alias.name if node.module else alias.name,
                                      node.level) is not None for alias in node.names):
                    found.update(alias.asname or alias.name for alias in node.names)  # submodules
    return found


def _same_scope(statement: ast.stmt):
    """The nodes of a module-level statement that run in the module's scope (of a function or
    class defined there: its decorators, bases and default values, not its body)."""
    stack = [statement]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, ast.ClassDef):
            stack.extend(node.decorator_list + node.bases + [keyword.value for keyword in node.keywords])
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            stack.extend(node.decorator_list + node.args.defaults + [d for d in node.args.kw_defaults if d])
        elif isinstance(node, ast.Lambda):
            stack.extend(node.args.defaults + [d for d in node.args.kw_defaults if d])
        else:
            stack.extend(ast.iter_child_nodes(node))


def bound_names(statements) -> Set[str]:
    """Every name the module-level statements bind (conservatively: every name they store);
    "*" for a star import."""
    bound: Set[str] = set()
    for statement in statements:
        for node in _same_scope(statement):
            if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
                bound.add(node.id)
            elif isinstance(node, DEFINITIONS):
                bound.add(node.name)
            elif isinstance(node, ast.alias):
                bound.add(node.asname or node.name.partition(".")[0])
            elif isinstance(node, (ast.Global, ast.Nonlocal)):
                bound.update(node.names)
            elif isinstance(node, MATCH_PATTERNS):  # `case Point(x=px)`, `case [*rest]`, `case {**rest}`
                bound.update(name for name in (getattr(node, "name", None), getattr(node, "rest", None)) if name)
    return bound


def _words_of(statements, lines) -> Set[str]:
    return set(WORD.findall("\n".join(line for node in statements for line in lines[node.lineno - 1:node.end_lineno])))
