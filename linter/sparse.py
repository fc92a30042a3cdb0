"""Less text for libcst: a module without a recording region, stripped to what its analysis uses.

Such a module is analysed only for writes in its Gluon blocks, so libcst (the slow part of a
run) need not see its other functions and classes. Python's own parser (many times faster)
finds the top-level statements; the definitions that matter are the classes whose body
mentions `forward`, with every top-level function or class their text names, and those
definitions' names in turn, when a write is among them. The others are blanked line for line, so that every
kept line keeps its number and its text, and with them every position and edit.
"""
from __future__ import annotations

import ast
import re
from typing import Dict, NamedTuple, Optional, Set, Tuple

from recordlint.nesting import MAX_DEPTH, deeper_than, line_lengths
from recordlint.source import block_with_write

WORD = re.compile(r"[A-Za-z_]\w*")
ATTRIBUTE = re.compile(r"\.\s*([A-Za-z_]\w*)")
# What Gluon runs of a block (the constructor, a call), and `super()` chains of the same names.
ENTRY_METHODS = ("__init__", "__call__", "forward", "hybrid_forward")
DEFINITIONS = (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


class Stripped(NamedTuple):
    text: str
    shallow: bool  # Python's tree showed no nesting too deep for libcst: no need to look again


def relevant_text(text: str) -> Optional[Stripped]:
    """``text`` with the top-level definitions its analysis cannot use blanked; None when no
    block is left (nothing to analyse); ``text`` itself when anything is unusual (Python cannot
    parse it, line ends that are not all newlines, nesting too deep)."""
    if "\r" in text.replace("\r\n", "") or "\f" in text or "\v" in text:
        return Stripped(text, False)  # line numbering differs between parsers there
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return Stripped(text, False)  # libcst reports it
    if deeper_than(tree, MAX_DEPTH, line_lengths(text)) is not None:
        return Stripped(text, False)
    lines = text.split("\n")
    spans: Dict[str, Tuple[int, int]] = {}
    classes: Dict[str, ast.ClassDef] = {}
    for node in tree.body:
        if isinstance(node, DEFINITIONS):
            spans[node.name] = _span_of(node)
            if isinstance(node, ast.ClassDef):
                classes[node.name] = node
    source = {name: "\n".join(lines[start - 1:end]) for name, (start, end) in spans.items()}
    wanted: Set[str] = set()
    for name in spans:
        if "forward" in source[name]:
            reached = _closure({name}, source)
            if block_with_write("\n".join(source[other] for other in reached).encode("utf-8", "surrogatepass")):
                wanted |= reached
    if not wanted:
        return None
    dropped: Set[int] = set()
    for name, (start, end) in spans.items():
        if name not in wanted:
            dropped.update(range(start - 1, end))
    # a method gives way to `pass`, so that a class left with no method still has a body
    passes: Dict[int, str] = {}
    for start, end in _unreachable_methods([classes[name] for name in wanted if name in classes], lines):
        dropped.update(range(start - 1, end))
        first = lines[start - 1]
        passes[start - 1] = first[:len(first) - len(first.lstrip())] + "pass" + ("\r" if first.endswith("\r") else "")
    if not dropped:
        return Stripped(text, True)
    return Stripped("\n".join(passes[index] if index in passes else
                              ("\r" if line.endswith("\r") else "") if index in dropped else line
                              for index, line in enumerate(lines)), True)


def _span_of(node) -> Tuple[int, int]:
    return (node.decorator_list[0].lineno if node.decorator_list else node.lineno), node.end_lineno


def _unreachable_methods(klasses, lines):
    """The spans of the methods of ``klasses`` that no forward, hybrid_forward or constructor of
    theirs can call: those whose name is not an attribute (`self.NAME`, `super().NAME`, ...) in
    a method that can be called, the classes taken together (a subclass calls its bases')."""
    methods = [(node.name, _span_of(node)) for klass in klasses for node in klass.body
               if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]
    reached = set(ENTRY_METHODS)
    read: Set[int] = set()
    changed = True
    while changed:
        changed = False
        for index, (name, (start, end)) in enumerate(methods):
            if name in reached and index not in read:
                read.add(index)
                reached.update(ATTRIBUTE.findall("\n".join(lines[start - 1:end])))
                changed = True
    return [span for name, span in methods if name not in reached]


def _closure(wanted: Set[str], source: Dict[str, str]) -> Set[str]:
    """``wanted`` and every definition their text names, transitively."""
    frontier = list(wanted)
    while frontier:
        for word in set(WORD.findall(source[frontier.pop()])):
            if word in source and word not in wanted:
                wanted.add(word)
                frontier.append(word)
    return wanted
