"""One walk over a module for what fixes need: parents, names in use, later reads of a name."""
from __future__ import annotations

from typing import Dict, List, Optional, Set, Tuple

import libcst as cst

SCOPES = (cst.FunctionDef, cst.Lambda, cst.ClassDef)
LOOPS = (cst.For, cst.While)
# Receivers that denote the array object itself, not its value: `x.grad`, `x.attach_grad()`.
IDENTITY_ATTRIBUTES = {"grad", "attach_grad"}


class ModuleIndex:
    def __init__(self, module: cst.Module):
        self.module = module
        self.parents: Dict[int, cst.CSTNode] = {}
        self.names: Set[str] = set()
        self.scoped_names: Set[str] = set()  # names read or written inside a def, lambda or class
        self._walk(module, in_scope=False)

    def _walk(self, root: cst.CSTNode, in_scope: bool) -> None:
        stack = [(root, in_scope)]
        while stack:
            node, scoped = stack.pop()
            if isinstance(node, cst.Name):
                self.names.add(node.value)
                if scoped:
                    self.scoped_names.add(node.value)
            inner = scoped or isinstance(node, SCOPES)
            for child in node.children:
                self.parents[id(child)] = node
                stack.append((child, inner))

    def parent(self, node: cst.CSTNode) -> Optional[cst.CSTNode]:
        return self.parents.get(id(node))

    def fresh_name(self, base: str) -> str:
        index = 1
        while "%s_%d" % (base, index) in self.names:
            index += 1
        name = "%s_%d" % (base, index)
        self.names.add(name)
        return name

    def statement_line(self, node: cst.CSTNode) -> Optional[cst.SimpleStatementLine]:
        while node is not None and not isinstance(node, cst.SimpleStatementLine):
            node = self.parent(node)
        return node

    def small_statement(self, node: cst.CSTNode) -> Optional[cst.BaseSmallStatement]:
        while node is not None and not isinstance(node, cst.BaseSmallStatement):
            node = self.parent(node)
        return node

    def later_statements(self, small: cst.BaseSmallStatement) -> Tuple[List[cst.CSTNode], bool]:
        """Statements that run after ``small`` in straight-line order within its scope, and
        whether a loop inside the scope encloses it."""
        later: List[cst.CSTNode] = []
        line = self.parent(small)
        siblings = list(line.body)
        later.extend(siblings[siblings.index(small) + 1:])
        node: cst.CSTNode = line
        in_loop = False
        while True:
            block = self.parent(node)
            if isinstance(block, cst.Module):
                later.extend(block.body[block.body.index(node) + 1:])
                return later, in_loop
            body = list(block.body)
            later.extend(body[body.index(node) + 1:])
            owner = self.parent(block)
            while not isinstance(self.parent(owner), (cst.IndentedBlock, cst.Module)):
                owner = self.parent(owner)  # else/elif/except clauses up to their statement
                if owner is None:
                    return later, in_loop
            if isinstance(owner, SCOPES):
                return later, in_loop
            if isinstance(owner, LOOPS):
                in_loop = True
            node = owner

    def renames(self, statements: List[cst.CSTNode], name: str) -> Tuple[List[cst.Name], str]:
        """The reads of ``name``'s value in ``statements`` (in order, up to a rebinding of it).

        Returns the Name nodes to rename, or an empty list and the reason renaming is unsound."""
        found: List[cst.Name] = []
        flat: List[cst.CSTNode] = []
        for statement in statements:
            flat.extend(statement.body if isinstance(statement, cst.SimpleStatementLine) else [statement])
        for statement in flat:
            reads, rebinds, reason = self._reads(statement, name)
            if reason:
                return [], reason
            found.extend(reads)
            if rebinds:
                break
        return found, ""

    def _reads(self, statement: cst.CSTNode, name: str):
        reads: List[cst.Name] = []
        rebinds = False
        stack = [statement]
        while stack:
            node = stack.pop()
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
        stack = [node]
        while stack:
            current = stack.pop()
            if isinstance(current, cst.Name) and current.value == name:
                return True
            stack.extend(current.children)
        return False


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
        for sub in ("mxnet.nd", "mxnet.np", "mxnet.npx"):
            spellings.setdefault(sub, spellings["mxnet"] + sub[len("mxnet"):])
    return spellings
