"""Less text for libcst: whether a module has a recording region, by Python's own parse, and a
module without one stripped to what its analysis uses.

A module without a region is analysed only for writes in its Gluon blocks (classes that bind
`forward` or `hybrid_forward`), so libcst (the slow part of a run) need not see its other
functions and classes. Python's own parser (many times faster) finds the top-level statements;
the definitions that matter are those that define a block, with every top-level function or
class their text names, and those definitions' names in turn, when a write is among them. The
others are blanked line for line, so that every kept line keeps its number and its text, and
with them every position and edit.
"""
from __future__ import annotations

import ast
import bisect
import re
import warnings
from typing import Dict, List, NamedTuple, Optional, Set, Tuple

from recordlint.nesting import MAX_DEPTH, deeper_than, line_lengths
from recordlint.source import block_with_write, has_lone_carriage_return
from recordlint.write_syntax import holds_write

WORD = re.compile(r"[A-Za-z_]\w*")
ATTRIBUTE = re.compile(r"\.\s*([A-Za-z_]\w*)")
# What Gluon runs of a block (the constructor, a call), and `super()` chains of the same names.
ENTRY_METHODS = ("__init__", "__call__", "forward", "hybrid_forward")
# What the analysis runs of a HybridBlock without `forward`: `hybrid_forward`, `self` unknown.
SYMBOLIC_ENTRIES = ("hybrid_forward",)
DEFINITIONS = (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
# The names through which every region the analysis recognises is reached.
RECORDING_NAMES = frozenset(("record", "set_recording"))
RECORDING_WORD = re.compile(r"\b(?:%s)\b" % "|".join(sorted(RECORDING_NAMES)))
# The methods the analysis runs a Gluon block from, in training and hybridized.
BLOCK_ENTRIES = frozenset(("forward", "hybrid_forward"))
# The fields of a statement that hold statements.
STATEMENT_LISTS = ("body", "orelse", "finalbody")


class Stripped(NamedTuple):
    text: str
    shallow: bool  # Python's tree showed no nesting too deep for libcst: no need to look again


def python_tree(text: str) -> Optional[ast.Module]:
    """Python's tree of the text; None when Python cannot parse it (libcst then reports why)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SyntaxWarnings are not ours to report
        try:
            return ast.parse(text)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return None


def plain_line_ends(text: str) -> bool:
    """Whether Python and libcst number the text's lines alike (not so with a lone carriage
    return, a form feed or a vertical tab), so that lines can be blanked or cut out."""
    return not has_lone_carriage_return(text) and "\f" not in text and "\v" not in text


def names_recording(tree: ast.AST, text: Optional[str] = None) -> bool:
    """Whether the module's code names `record` or `set_recording` as an attribute or an
    imported name: the analysis reaches `autograd.record`, whatever the module calls it, through
    one of these. The word in a comment, a string, `recordio`, or a variable of that name (a
    logging formatter's `record`) is not a region. With the module's ``text``, only the
    statements on lines where the word is are looked into."""
    lines = _lines_of(RECORDING_WORD, text) if text is not None and plain_line_ends(text) else None
    stack = [tree]
    while stack:
        node = stack.pop()
        if lines is not None and getattr(node, "end_lineno", None) is not None:
            first, last = span_of(node)
            at = bisect.bisect_left(lines, first)
            if at == len(lines) or lines[at] > last:
                continue  # no line of the node has the word
        stack.extend(ast.iter_child_nodes(node))
        if isinstance(node, ast.Attribute):
            if node.attr in RECORDING_NAMES:
                return True
        elif isinstance(node, ast.alias) and node.name.rpartition(".")[2] in RECORDING_NAMES:
            return True
    return False


def _lines_of(pattern, text: str) -> List[int]:
    """The numbers of the lines where ``pattern`` matches, in order."""
    lines, line, counted = [], 1, 0
    for match in pattern.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        if not lines or lines[-1] != line:
            lines.append(line)
    return lines


def relevant_text(text: str, tree: Optional[ast.Module] = None) -> Optional[Stripped]:
    """``text`` with the top-level definitions its analysis cannot use blanked; None when no
    block is left (nothing to analyse); ``text`` itself when anything is unusual (Python cannot
    parse it, line ends that are not all newlines, nesting too deep). ``tree``: Python's tree of
    ``text``, when it has been parsed already."""
    if not plain_line_ends(text):
        return Stripped(text, False)
    if tree is None:
        tree = python_tree(text)
    if tree is None:
        return Stripped(text, False)  # libcst reports it
    lines = text.split("\n")
    spans: Dict[str, Tuple[int, int]] = {}
    classes: Dict[str, ast.ClassDef] = {}
    for node in tree.body:
        if isinstance(node, DEFINITIONS):
            spans[node.name] = span_of(node)
            if isinstance(node, ast.ClassDef):
                classes[node.name] = node
    source = {name: "\n".join(lines[start - 1:end]) for name, (start, end) in spans.items()}
    seeds, symbolic = [], {}
    for node in tree.body:
        if not holds_block(node):
            continue
        if not isinstance(node, DEFINITIONS) or spans[node.name] != span_of(node):
            # a block under `if` or `try`, or a name defined twice: kept whole
            if not holds_write(tree.body):
                return None
            return Stripped(text, deeper_than(tree, MAX_DEPTH, line_lengths(text)) is None)
        if _only_symbolic(node):
            symbolic[node.name] = node
        else:
            seeds.append(node.name)
    slim_unused = {name: _unreachable_methods([klass], lines, SYMBOLIC_ENTRIES) for name, klass in symbolic.items()}
    slim_text = {name: _without(lines, span_of(symbolic[name]), [span_of(method) for method in methods])
                 for name, methods in slim_unused.items()}
    wanted, slim = _wanted(seeds, slim_text, source)
    if not wanted and not slim:
        return None
    kept = [node for node in tree.body if not isinstance(node, DEFINITIONS) or node.name in wanted or node.name in slim]
    unused = _unreachable_methods([classes[name] for name in wanted if name in classes], lines)
    for name in slim:
        unused += slim_unused[name]
    if not holds_write(kept, unused):
        return None  # the byte test saw a write's word in a comment, a string, or code not run
    if deeper_than(ast.Module(body=kept, type_ignores=[]), MAX_DEPTH, line_lengths(text)) is not None:
        return Stripped(text, False)  # checked again, and reported, before libcst sees it
    left = [span for name, span in spans.items() if name not in wanted and name not in slim]
    if not left and not unused:
        return Stripped(text, True)
    for start, end in left:
        left_out(lines, start, end)
    for method in unused:
        left_out(lines, *span_of(method), "pass")  # so that a class left with no method still has a body
    return Stripped("\n".join(lines), True)


def blanked(line: str, replacement: str = "") -> str:
    """What a line becomes when its code is left out: ``replacement``, with the line's carriage
    return kept (a CRLF file stays CRLF, every line keeps its number)."""
    return replacement + ("\r" if line.endswith("\r") else "")


def left_out(lines: List[str], start: int, end: int, head: str = "") -> None:
    """Leaves out lines ``start`` to ``end`` (1-based, inclusive: whole statements) of ``lines``,
    in place: ``head`` first, at their indentation, if given (a statement standing for them),
    and the others blank, as one string literal when there are several (libcst reads it as one
    token, where it builds a node for each blank line: several times the parse of the string)."""
    first = lines[start - 1]
    indent = first[:len(first) - len(first.lstrip())]
    rest = range(start if head else start - 1, end)
    if head:
        lines[start - 1] = blanked(first, indent + head)
    for index in rest:
        lines[index] = blanked(lines[index])
    if len(rest) >= 2:
        lines[rest[0]] = blanked(lines[rest[0]], indent + '"""')
        lines[rest[-1]] = blanked(lines[rest[-1]], indent + '"""')


def _wanted(seeds, slim_text: Dict[str, str], source: Dict[str, str]) -> Tuple[Set[str], Set[str]]:
    """The definitions kept whole, and the HybridBlocks kept slim (``slim_text``: their text with
    only `hybrid_forward`, what it calls and their other statements): a HybridBlock without
    `forward` is analysed from `hybrid_forward` alone, with `self` unknown, unless code kept
    whole names it. Each seed counts only when a write is among what it reaches."""
    wanted: Set[str] = set()
    for name in seeds:
        reached = closure({name}, source)
        if _with_write(reached, source):
            wanted |= reached
    slim: Set[str] = set()
    changed = True
    while changed:
        changed = False
        for name in sorted(set(slim_text) - wanted - slim):
            reached = closure(set(), source, WORD.findall(slim_text[name]))
            if _with_write(reached, source, slim_text[name]):
                slim.add(name)
                wanted |= reached - {name}
                changed = True
        if slim & wanted:  # named by code kept whole: kept whole too
            slim -= wanted
            changed = True
    return wanted, slim


def _with_write(names: Set[str], source: Dict[str, str], extra: str = "") -> bool:
    return block_with_write("\n".join([extra] + [source[name] for name in names]).encode("utf-8", "surrogatepass"))


def _only_symbolic(node: ast.stmt) -> bool:
    """A top-level class that binds `hybrid_forward` and not `forward`, with no block inside."""
    if not isinstance(node, ast.ClassDef):
        return False
    bound = {name for child in node.body for name in _entries_bound(child)}
    return bound == {"hybrid_forward"} and not any(
        holds_block(child) for child in node.body if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
        or child.name != "hybrid_forward")


def _without(lines, span: Tuple[int, int], dropped_spans) -> str:
    """The text of the lines of ``span`` but those of ``dropped_spans``."""
    dropped = {index for start, end in dropped_spans for index in range(start - 1, end)}
    return "\n".join(lines[index] for index in range(span[0] - 1, span[1]) if index not in dropped)


def holds_block(statement: ast.stmt) -> bool:
    """Whether the statement defines a class that binds `forward` or `hybrid_forward` in its own
    body: the analysis runs such a class as a Gluon block (a class defined in a function runs
    when the function does). Classes are statements: only statement bodies are searched."""
    stack = [statement]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.ClassDef) and any(_entries_bound(child) for child in node.body):
            return True
        for field in STATEMENT_LISTS:
            stack.extend(getattr(node, field, ()))
        for handler in getattr(node, "handlers", ()):  # try/except
            stack.extend(handler.body)
        for case in getattr(node, "cases", ()):  # match
            stack.extend(case.body)
    return False


def _entries_bound(statement: ast.stmt) -> Set[str]:
    """Which of `forward` and `hybrid_forward` a statement of a class body binds there: a
    method, an assignment, an import, also under `if` or `try` (not inside a method or a nested
    class)."""
    bound: Set[str] = set()
    stack = [statement]
    while stack:
        node = stack.pop()
        if isinstance(node, DEFINITIONS):
            if node.name in BLOCK_ENTRIES:
                bound.add(node.name)
            # its body binds names of its own scope; the rest runs in the class body
            stack.extend(child for field, child in _fields(node) if field != "body")
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and node.id in BLOCK_ENTRIES:
            bound.add(node.id)
        elif isinstance(node, ast.alias) and (node.asname or node.name) in BLOCK_ENTRIES:
            bound.add(node.asname or node.name)
        stack.extend(ast.iter_child_nodes(node))
    return bound


def _fields(node: ast.AST):
    for field, value in ast.iter_fields(node):
        for child in value if isinstance(value, list) else [value]:
            if isinstance(child, ast.AST):
                yield field, child


def span_of(node) -> Tuple[int, int]:
    """A node's first and last lines, a definition's decorators (on lines before its own) included."""
    decorators = getattr(node, "decorator_list", None)
    return (decorators[0].lineno if decorators else node.lineno), node.end_lineno


def _unreachable_methods(klasses, lines, entries=ENTRY_METHODS):
    """The methods of ``klasses`` that none of their ``entries`` can call: those
    whose name is not an attribute (`self.NAME`, `super().NAME`, ...) in a method that can be
    called, the classes taken together (a subclass calls its bases')."""
    methods = [(node.name, span_of(node), node) for klass in klasses for node in klass.body
               if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]
    reached = set(entries)
    read: Set[int] = set()
    changed = True
    while changed:
        changed = False
        for index, (name, (start, end), _) in enumerate(methods):
            if name in reached and index not in read:
                read.add(index)
                reached.update(ATTRIBUTE.findall("\n".join(lines[start - 1:end])))
                changed = True
    return [method for name, _, method in methods if name not in reached]


def closure(wanted: Set[str], source: Dict[str, str], words=()) -> Set[str]:
    """``wanted`` and every definition their text (and ``words``) names, transitively."""
    frontier = list(wanted)
    for word in set(words):
        if word in source and word not in wanted:
            wanted.add(word)
            frontier.append(word)
    while frontier:
        for word in set(WORD.findall(source[frontier.pop()])):
            if word in source and word not in wanted:
                wanted.add(word)
                frontier.append(word)
    return wanted
