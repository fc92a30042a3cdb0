"""One walk over a module for what fixes need: parents, names in use, later reads of a name."""
from __future__ import annotations

import re
from typing import Dict, List, Optional, Sequence, Set, Tuple

import libcst as cst

SCOPES = (cst.FunctionDef, cst.Lambda, cst.ClassDef)
LOOPS = (cst.For, cst.While)
# Receivers that denote the array object itself, not its value: `x.grad`, `x.attach_grad()`.
IDENTITY_ATTRIBUTES = {"grad", "attach_grad"}


IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def blocks_of(statement: cst.CSTNode) -> List[Sequence[cst.CSTNode]]:
    """The statement lists directly inside a compound statement (elif chains included)."""
    blocks: List[Sequence[cst.CSTNode]] = []
    parts = [statement]
    while parts:
        part = parts.pop()
        body = getattr(part, "body", None)
        if body is not None and hasattr(body, "body"):
            blocks.append(body.body)
        for name in ("orelse", "finalbody"):
            other = getattr(part, name, None)
            if other is not None:
                parts.append(other)
        parts.extend(getattr(part, "handlers", ()))
        parts.extend(getattr(part, "cases", ()))
    return blocks


class ModuleIndex:
    """What fixes need of the module, computed from the statements the analysis was running
    at the write (so no walk over the whole tree is needed)."""

    def __init__(self, module: cst.Module, text: str):
        self.module = module
        self.names: Set[str] = set(IDENTIFIER.findall(text))  # every word, so fresh names never collide
        self.has_lambda = "lambda" in self.names
        self._scoped_names: Optional[Set[str]] = None

    @property
    def scoped_names(self) -> Set[str]:
        """Names used inside a def, class or lambda anywhere in the module."""
        if self._scoped_names is None:
            self._scoped_names = set()
            # Lambdas hide inside expressions: only then is the whole tree walked.
            stack = [(self.module, False)] if self.has_lambda else [(scope, True) for scope in self._scopes()]
            while stack:
                node, inside = stack.pop()
                if inside and isinstance(node, cst.Name):
                    self._scoped_names.add(node.value)
                inside = inside or isinstance(node, SCOPES)
                stack.extend((child, inside) for child in node.children)
        return self._scoped_names

    def _scopes(self):
        """Every def and class, found through the statements alone."""
        stack: List[cst.CSTNode] = list(self.module.body)
        while stack:
            statement = stack.pop()
            if isinstance(statement, SCOPES):
                yield statement
            elif not isinstance(statement, cst.SimpleStatementLine):
                for block in blocks_of(statement):
                    stack.extend(block)

    def fresh_name(self, base: str) -> str:
        index = 1
        while "%s_%d" % (base, index) in self.names:
            index += 1
        name = "%s_%d" % (base, index)
        self.names.add(name)
        return name

    @staticmethod
    def statement_line(path) -> Optional[cst.SimpleStatementLine]:
        for statement in reversed(path):
            if isinstance(statement, cst.SimpleStatementLine):
                return statement
        return None

    @staticmethod
    def later_statements(path, scope_body, depth: Optional[int] = None) -> Tuple[List[cst.CSTNode], bool]:
        """Statements that run after the write in straight-line order within its scope, and
        whether a loop inside the scope encloses the write. ``path`` ends with the small
        statement written in; its first statements may belong to callers (never for fixes).
        With ``depth``: the statements after the compound statement ``path[depth]`` instead."""
        later: List[cst.CSTNode] = []
        in_loop = False
        if depth is None:
            small, line = path[-1], path[-2]
            siblings = list(line.body)
            later.extend(siblings[siblings.index(small) + 1:])
            depth = len(path) - 2
        for depth in range(depth, -1, -1):
            child = path[depth]
            if depth == 0 or any(child is statement for statement in scope_body):
                block = list(scope_body)
                at = next(i for i, statement in enumerate(block) if statement is child)
                later.extend(block[at + 1:])
                return later, in_loop
            owner = path[depth - 1]
            if isinstance(owner, SCOPES):
                return later, in_loop
            if isinstance(owner, LOOPS):
                in_loop = True
            for block in blocks_of(owner):
                at = next((i for i, statement in enumerate(block) if statement is child), None)
                if at is not None:
                    later.extend(block[at + 1:])
                    break
        return later, in_loop

    def renames(self, statements: List[cst.CSTNode], name: str, mentions=lambda statement: True
                ) -> Tuple[List[cst.Name], str]:
        """The reads of ``name``'s value in ``statements`` (in order, up to a rebinding of it).

        Returns the Name nodes to rename, or an empty list and the reason renaming is unsound."""
        found: List[cst.Name] = []
        flat: List[cst.CSTNode] = []
        for statement in statements:
            flat.extend(statement.body if isinstance(statement, cst.SimpleStatementLine) else [statement])
        for statement in flat:
            if not mentions(statement):
                continue  # the name is not in its text: nothing to walk
            reads, rebinds, reason = self._reads(statement, name)
            if reason:
                return [], reason
            found.extend(reads)
            if rebinds:
                break
        return found, ""

    def reads_in_loop(self, loop: cst.CSTNode, name: str, written: cst.CSTNode) -> Tuple[List[cst.Name], str]:
        """The reads of ``name`` in ``loop`` (its header included) outside the statement
        ``written``; a reason instead when the loop binds the name anywhere else."""
        reads, rebinds, reason = self._reads(loop, name, written)
        if reason or rebinds:
            return [], reason or "`%s` is rebound inside the loop" % name
        return reads, ""

    def _reads(self, statement: cst.CSTNode, name: str, skipped: Optional[cst.CSTNode] = None):
        reads: List[cst.Name] = []
        rebinds = False
        stack = [statement]
        while stack:
            node = stack.pop()
            if node is skipped:
                continue
            if isinstance(node, SCOPES) and self._mentions(node, name):
                return [], False, "`%s` is used inside a nested function or class" % name
            if isinstance(node, (cst.Global, cst.Nonlocal)):
                return [], False, "`%s` is declared global or nonlocal" % name
            if isinstance(node, (cst.Assign, cst.AnnAssign, cst.For, cst.With, cst.NamedExpr, cst.Del)) \
                    and self._binds(node, name):
                if node is not statement or not isinstance(node, (cst.Assign, cst.AnnAssign)):
                    return [], False, "`%s` is rebound inside a later block" % name
                rebinds = True
                value = node.value
                if value is not None:
                    stack.append(value)
                continue
            if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) \
                    and node.value.value == name and node.attr.value in IDENTITY_ATTRIBUTES:
                continue
            if isinstance(node, cst.Attribute):
                stack.append(node.value)  # `a.x`: the attribute name is not a variable
                continue
            if isinstance(node, cst.Name) and node.value == name:
                reads.append(node)
                continue
            stack.extend(reversed(node.children))
        return reads, rebinds, ""

    @staticmethod
    def _binds(node: cst.CSTNode, name: str) -> bool:
        if isinstance(node, cst.Assign):
            targets = [t.target for t in node.targets]
        elif isinstance(node, (cst.AnnAssign, cst.NamedExpr, cst.Del)):
            targets = [node.target]
        elif isinstance(node, cst.For):
            targets = [node.target]
        else:
            targets = [item.asname.name for item in node.items if item.asname is not None]
        stack = list(targets)
        while stack:
            target = stack.pop()
            if isinstance(target, cst.Name) and target.value == name:
                return True
            if isinstance(target, (cst.Tuple, cst.List)):
                stack.extend(element.value for element in target.elements)
            if isinstance(target, cst.StarredElement):
                stack.append(target.value)
        return False

    @staticmethod
    def _mentions(node: cst.CSTNode, name: str) -> bool:
        return any(isinstance(current, cst.Name) and current.value == name for current in walk(node))


def walk(node: cst.CSTNode):
    """The node and every node under it."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(current.children)


def module_spellings(module: cst.Module) -> Dict[str, str]:
    """How the module's top-level imports let it spell MXNet modules: qualified name -> local text."""
    from recordlint.analysis.mxnet_api import canonical

    spellings: Dict[str, str] = {}
    for statement in module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.Import):
                for alias in small.names:
                    dotted = module.code_for_node(alias.name)
                    local = alias.asname.name.value if alias.asname is not None else dotted
                    spellings.setdefault(canonical(dotted), local)
            elif isinstance(small, cst.ImportFrom) and small.module is not None and not small.relative \
                    and not isinstance(small.names, cst.ImportStar):
                base = module.code_for_node(small.module)
                for alias in small.names:
                    local = alias.asname.name.value if alias.asname is not None else alias.name.value
                    spellings.setdefault(canonical(base + "." + alias.name.value), local)
    if "mxnet" in spellings:
        for sub in ("mxnet.nd", "mxnet.np", "mxnet.npx", "mxnet.autograd"):
            spellings.setdefault(sub, spellings["mxnet"] + sub[len("mxnet"):])
    return spellings
