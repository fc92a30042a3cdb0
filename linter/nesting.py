"""Refusing, before libcst sees it, source nested deeper than libcst can parse.

libcst's native parser recurses once per level of nesting: a few thousand levels (brackets,
`and` chains, unary operators, dotted module names) overflow the C stack and kill the
process, and long chains of subscripts or calls take it minutes. Python's own parser refuses
most of these at once, and what it accepts is measured on its tree, counting the levels that
libcst builds and Python's tree flattens.
"""
from __future__ import annotations

import ast
import warnings
from typing import NamedTuple, Optional, Tuple

from recordlint.source import has_lone_carriage_return

# The analysis itself runs out of recursion at about 400 levels, so nothing deeper could be
# analysed anyway; libcst parses this much safely and quickly.
MAX_DEPTH = 500

# Python's messages for its own nesting limits; other syntax errors are left to libcst, which
# may know syntax newer than the running Python.
LIMIT_MESSAGES = ("too many nested parentheses", "too many levels of indentation", "nested too deeply")


class TooDeep(NamedTuple):
    reason: str
    line: int = 1
    column: int = 1


def too_deep(text: str) -> Optional[TooDeep]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SyntaxWarnings are not ours to report
        try:
            tree = ast.parse(text)
        except (RecursionError, MemoryError):
            return TooDeep("nesting too deep to parse")
        except SyntaxError as error:
            if any(limit in (error.msg or "") for limit in LIMIT_MESSAGES):
                return TooDeep("syntax error: %s" % error.msg, error.lineno or 1, error.offset or 1)
            return None
        except ValueError:  # NUL characters: libcst reports them
            return None
    deep = deeper_than(tree, MAX_DEPTH, line_lengths(text))
    if deep is not None:
        depth, line = deep
        return TooDeep("nesting too deep to parse (%d levels; recordlint reads up to %d)" % (depth, MAX_DEPTH), line)
    return None


def line_lengths(text: str):
    """Each line's length in bytes (an upper bound of the levels on it), or None where lines
    may not be numbered as Python numbers them."""
    if has_lone_carriage_return(text):
        return None
    return [len(line) for line in text.encode("utf-8", "surrogatepass").split(b"\n")]


def deeper_than(tree: ast.AST, limit: int, lengths=None) -> Optional[Tuple[int, int]]:
    """A depth of libcst's tree for the same source (or more) beyond ``limit``, and the line
    where it is reached; None if there is none. Without recursion.

    Each level takes at least one character of source, so a simple statement shorter than the
    levels left cannot go beyond the limit, and its expressions need no walk."""
    deepest, deepest_line = 0, 1
    stack = [(tree, 1, 1)]
    while stack:
        node, level, line = stack.pop()
        level += _flattened_levels(node)
        line = getattr(node, "lineno", line)
        if level > deepest:
            deepest, deepest_line = level, line
        if lengths is not None and isinstance(node, ast.stmt) and not hasattr(node, "body") \
                and level + _span(node, lengths) <= limit:
            continue
        stack.extend((child, level + 1, line) for child in ast.iter_child_nodes(node))
    return (deepest, deepest_line) if deepest > limit else None


def _span(statement: ast.stmt, lengths) -> int:
    """The statement's length in bytes, or more; ``lengths``: each line's."""
    first, last = statement.lineno, statement.end_lineno or statement.lineno
    if first == last:
        return (statement.end_col_offset or lengths[first - 1]) - statement.col_offset
    return sum(lengths[first - 1:last]) + (last - first)


def _flattened_levels(node: ast.AST) -> int:
    """Levels libcst nests where Python's tree has one node: `a and b and c`, `import a.b.c`."""
    if isinstance(node, ast.BoolOp):
        return len(node.values) - 1
    if isinstance(node, ast.alias):
        return node.name.count(".")
    if isinstance(node, ast.ImportFrom):
        return (node.module or "").count(".")
    return 0
