"""Evaluation of expressions to abstract values (with their effects on array tags)."""
from __future__ import annotations

import ast
import builtins
import operator
import warnings
from typing import List, Optional, Tuple

import libcst as cst

from recordlint.analysis import mxnet_api as api
from recordlint.analysis import violations
from recordlint.analysis.graph import Operands
from recordlint.analysis.shapes import broadcast, indexed
from recordlint.analysis.state import State
from recordlint.analysis.values import (
    LEAF, OPAQUE, UNKNOWN_VALUE, Arrays, Block, Const, DeferredDefinition, Function, HostArray, Instance, Opaque, Param,
    ParamDict, ProjectImport, ProjectModule, Ref, Seq, StarImports, Super, Unknown, Value, STAR_IMPORTS, join_values,
    seq_element,
)

BUILTIN_NAMES = frozenset(dir(builtins))
MAX_UNROLLED_RANGE = 8

# Python operators that MXNet arrays implement as recorded operators.
COMPARISONS = (cst.LessThan, cst.LessThanEqual, cst.GreaterThan, cst.GreaterThanEqual, cst.Equal, cst.NotEqual)

# Folding of constant conditions (`if N > 2:` with `N = 2` at module level).
COMPARISON_FUNCTIONS = {
    cst.LessThan: operator.lt, cst.LessThanEqual: operator.le, cst.GreaterThan: operator.gt,
    cst.GreaterThanEqual: operator.ge, cst.Equal: operator.eq, cst.NotEqual: operator.ne,
    cst.Is: operator.is_, cst.IsNot: operator.is_not,
}
BINARY_FUNCTIONS = {
    cst.Add: operator.add, cst.Subtract: operator.sub, cst.Multiply: operator.mul,
    cst.Divide: operator.truediv, cst.FloorDivide: operator.floordiv, cst.Modulo: operator.mod,
}


def fold(function, left, right) -> Value:
    """The value of a constant expression over numbers, strings, bools and None."""
    simple = (int, float, str, bool, type(None))
    if function is None or not isinstance(left, simple) or not isinstance(right, simple):
        return OPAQUE
    if isinstance(left, str) and isinstance(right, (int, float)) and function is operator.mul:
        return OPAQUE  # no building of huge strings
    try:
        return Const(function(left, right))
    except Exception:  # a TypeError or ZeroDivisionError at run time: nothing known statically
        return OPAQUE


class ExpressionsMixin:
    def lookup(self, name: str, state: State, frame) -> Value:
        value = self.bound(name, state, frame)
        if isinstance(value, ProjectImport):
            return self.project_member(value.module, value.name)
        if isinstance(value, DeferredDefinition):
            return self.materialized(value)
        return value

    def bound(self, name: str, state: State, frame) -> Value:
        if name in state.bindings:
            return state.bindings[name]
        if frame.closure is not None and name in frame.closure:
            return frame.closure[name]
        if frame.globals is not None and name in frame.globals:
            return frame.globals[name]
        if name in ("True", "False", "None"):
            return Const({"True": True, "False": False, "None": None}[name])
        if name in BUILTIN_NAMES:  # (a star import could shadow one: too rare to pay for)
            return Ref("builtins." + name)
        # A followed module's top level runs only to learn its names: what its star imports
        # give it stays unknown there, as its arrays do (its functions look the names up).
        if frame.globals is None and frame.source is not None:
            return UNKNOWN_VALUE
        star = (frame.globals if frame.globals is not None else state.bindings).get(STAR_IMPORTS)
        if isinstance(star, StarImports):
            found = self.star_member(star, name)
            if found is not None:
                return found
        return UNKNOWN_VALUE

    def eval(self, node: cst.BaseExpression, state: State, frame) -> Value:
        method = getattr(self, "eval_" + type(node).__name__, None)
        if method is not None:
            return method(node, state, frame)
        self.eval_children(node, state, frame)
        return UNKNOWN_VALUE

    def eval_children(self, node: cst.CSTNode, state: State, frame) -> None:
        """Evaluate sub-expressions for their effects (calls inside unknown constructs)."""
        for child in node.children:
            if isinstance(child, cst.BaseExpression):
                self.eval(child, state, frame)
            elif isinstance(child, (cst.Arg, cst.Element, cst.DictElement, cst.StarredDictElement)):
                self.eval_children(child, state, frame)

    def eval_Name(self, node, state, frame):
        return self.lookup(node.value, state, frame)

    def eval_Integer(self, node, state, frame):
        return Const(int(node.value, 0))

    def eval_Float(self, node, state, frame):
        return Const(float(node.value))

    def eval_Imaginary(self, node, state, frame):
        return Const(complex(node.value))

    def eval_SimpleString(self, node, state, frame):
        text = node.value
        if text[0] in "'\"" and "\\" not in text:  # no prefix, no escapes: the text between the quotes
            quotes = 3 if text[:3] in ("'''", '"""') and len(text) >= 6 else 1
            return Const(text[quotes:-quotes])
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # an invalid escape (`"C:\Temp"`) is not ours to report
                return Const(ast.literal_eval(text))
        except (ValueError, SyntaxError):
            return OPAQUE

    def eval_ConcatenatedString(self, node, state, frame):
        return OPAQUE

    def eval_FormattedString(self, node, state, frame):
        self.eval_children(node, state, frame)
        return OPAQUE

    def eval_Ellipsis(self, node, state, frame):
        return Const(Ellipsis)

    def eval_Tuple(self, node, state, frame):
        return self.eval_elements(node.elements, state, frame)

    eval_List = eval_Tuple

    def eval_elements(self, elements, state, frame) -> Seq:
        items: List[Value] = []
        exact = True
        for element in elements:
            value = self.eval(element.value, state, frame)
            if isinstance(element, cst.StarredElement):
                exact = False
                items.append(seq_element(value) if isinstance(value, Seq) else value)
            else:
                items.append(value)
        return Seq(tuple(items), exact) if exact else Seq((seq_element(Seq(tuple(items))),), False)

    def eval_Set(self, node, state, frame):
        self.eval_children(node, state, frame)
        return OPAQUE

    def eval_Dict(self, node, state, frame):
        for element in node.elements:  # libcst's generic children walk costs more than the rest of this
            if isinstance(element, cst.DictElement):
                self.eval(element.key, state, frame)
            self.eval(element.value, state, frame)
        return OPAQUE

    def eval_Lambda(self, node, state, frame):
        return Function(node=node, key=id(node), closure=dict(state.bindings) if frame.globals is not None else None,
                        source=frame.source)

    def eval_IfExp(self, node, state, frame):
        test = self.eval(node.test, state, frame)
        if isinstance(test, Const):
            return self.eval(node.body if test.value else node.orelse, state, frame)
        other = state.copy()
        body = self.eval(node.body, state, frame)
        orelse = self.eval(node.orelse, other, frame)
        state.__dict__.update(state.join(other).__dict__)
        return join_values(body, orelse)

    def eval_BooleanOperation(self, node, state, frame):
        left = self.eval(node.left, state, frame)
        if isinstance(left, Const):
            decided = not left.value if isinstance(node.operator, cst.And) else bool(left.value)
            return left if decided else self.eval(node.right, state, frame)
        return join_values(left, self.eval(node.right, state, frame))

    def eval_NamedExpr(self, node, state, frame):
        value = self.eval(node.value, state, frame)
        self.note_holders(Seq((value,)), self.serial)
        self.assign(node.target, value, state, frame, node)
        return value

    def eval_Await(self, node, state, frame):
        self.eval(node.expression, state, frame)
        return UNKNOWN_VALUE

    def eval_UnaryOperation(self, node, state, frame):
        operand = self.eval(node.expression, state, frame)
        if isinstance(node.operator, cst.Not):
            return Const(not operand.value) if isinstance(operand, Const) else OPAQUE
        if isinstance(operand, Arrays):
            return self.array_op(state, frame, node, Operands((operand.ids,)), like=operand, elementwise=True)
        if isinstance(operand, Const) and isinstance(operand.value, (int, float)):
            return Const(-operand.value if isinstance(node.operator, cst.Minus) else operand.value)
        return operand if isinstance(operand, (HostArray, Opaque)) else UNKNOWN_VALUE

    def eval_BinaryOperation(self, node, state, frame):
        # `a + b + c + ...` nests to the left: walk the chain without recursing on it.
        chain = []
        while isinstance(node, cst.BinaryOperation):
            chain.append(node)
            node = node.left
        value = self.eval(node, state, frame)
        for operation in reversed(chain):
            right = self.eval(operation.right, state, frame)
            value = self.binary(value, right, state, frame, operation)
        return value

    def binary(self, left: Value, right: Value, state, frame, node, boolean=False) -> Value:
        if isinstance(left, Arrays) or isinstance(right, Arrays):
            operands = self.operands_of([left, right])
            like = left if isinstance(left, Arrays) else right
            return self.array_op(state, frame, node, operands, like=like, boolean=boolean, elementwise=True)
        if isinstance(left, Seq) and isinstance(right, Seq):
            return Seq((join_values(seq_element(left), seq_element(right)),), False)
        if isinstance(left, Const) and isinstance(right, Const) and isinstance(node, cst.BinaryOperation):
            return fold(BINARY_FUNCTIONS.get(type(node.operator)), left.value, right.value)
        if isinstance(left, (Const, Opaque)) and isinstance(right, (Const, Opaque)):
            return OPAQUE
        if isinstance(left, HostArray) or isinstance(right, HostArray):
            return HostArray() if not isinstance(left, Unknown) and not isinstance(right, Unknown) else UNKNOWN_VALUE
        return UNKNOWN_VALUE

    def eval_Comparison(self, node, state, frame):
        left = self.eval(node.left, state, frame)
        results = []
        for target in node.comparisons:
            right = self.eval(target.comparator, state, frame)
            if isinstance(target.operator, COMPARISONS) and (isinstance(left, Arrays) or isinstance(right, Arrays)):
                results.append(self.binary(left, right, state, frame, node, boolean=True))
            elif isinstance(left, Const) and isinstance(right, Const):
                results.append(fold(COMPARISON_FUNCTIONS.get(type(target.operator)), left.value, right.value))
            else:
                results.append(OPAQUE)
            left = right
        if len(results) == 1:
            return results[0] if isinstance(results[0], (Arrays, Const)) else OPAQUE
        if any(r == Const(False) for r in results):
            return Const(False)  # a chain `a < b < c` is false as soon as one link is
        return Const(True) if all(isinstance(r, Const) and r.value for r in results) else OPAQUE

    def eval_Attribute(self, node, state, frame):
        receiver = self.eval(node.value, state, frame)
        if node.attr.value == "grad" and isinstance(node.value, cst.Name):
            self.check_lost_gradient(node, receiver, state, frame)
        return self.attribute(receiver, node.attr.value, state, frame, node)

    def check_lost_gradient(self, read, receiver: Value, state, frame) -> None:
        """`x.grad` where `x` was a leaf until rebound while recording: REC301 at the rebinding."""
        rebound = frame.rebound_leaves.get(read.value.value)
        if rebound is None or not isinstance(receiver, Arrays):
            return
        if any(i not in state.heap or state.heap[i].origin == LEAF for i in receiver.ids):
            return  # it may be a leaf after all
        statement, context = rebound
        self.report(statement, violations.REBIND, True, "lost", read.value.value, LEAF, "rebinding",
                    later=read, context=context)

    def attribute(self, receiver: Value, name: str, state, frame, node) -> Value:
        if isinstance(receiver, ProjectModule):
            return self.project_member(receiver, name)
        if isinstance(receiver, Super):
            return self.super_member(receiver, name)
        if isinstance(receiver, Instance) or (isinstance(receiver, Block) and receiver.klass is not None):
            member = self.instance_attribute(receiver, name)  # set by its methods, or a method
            if member is not UNKNOWN_VALUE or isinstance(receiver, Instance):
                return member
        if isinstance(receiver, Ref):
            return Ref(api.canonical(receiver.qualname + "." + name))
        if isinstance(receiver, Arrays):
            return self.array_attribute(receiver, name, state, frame, node)
        if isinstance(receiver, Block):
            if name in ("params",):
                return ParamDict(receiver.params)
            return Param((receiver.params, name)) if receiver.params else UNKNOWN_VALUE
        if isinstance(receiver, (Const, Opaque)):
            return OPAQUE
        if isinstance(receiver, HostArray):
            return HostArray() if name == "T" else OPAQUE
        return UNKNOWN_VALUE

    def array_attribute(self, receiver: Arrays, name: str, state, frame, node) -> Value:
        if name in api.NON_ARRAY_ATTRIBUTES:
            return OPAQUE
        if name == "grad":
            return self.grad_handle(receiver, state, frame, node)
        if name == "T":
            return self.transpose(receiver, state, frame, node)
        return UNKNOWN_VALUE

    def transpose(self, receiver: Arrays, state, frame, node) -> Value:
        """nd's 1-D ``x.T`` is ``x`` itself; otherwise a new array (recorded while recording)."""
        arrays = [state.heap.get(i) for i in receiver.ids]
        interfaces = {a.interface if a else None for a in arrays}
        shapes = {a.shape if a else None for a in arrays}
        shape = shapes.pop() if len(shapes) == 1 else None
        if interfaces == {"nd"} and shape is not None and len(shape) == 1:
            return receiver
        copy = self.array_op(state, frame, node, Operands((receiver.ids,)), like=receiver,
                             shape=tuple(reversed(shape)) if shape is not None else None)
        if interfaces != {"np"} and shape is None:
            return Arrays(copy.ids | receiver.ids)  # unknown rank: the array itself or a copy
        return copy

    def grad_handle(self, receiver: Arrays, state, frame, node) -> Value:
        """``x.grad`` of a leaf is a new, untagged handle on the gradient memory."""
        states = [state.heap.get(i) for i in receiver.ids]
        if any(s is not None and s.origin == LEAF for s in states):
            site = self.site(node, frame)
            first = next(s for s in states if s is not None and s.origin == LEAF)
            self.new_untagged(state, site, interface=first.interface, shape=first.shape)
            return Arrays(frozenset([site]))
        return UNKNOWN_VALUE

    def eval_Subscript(self, node, state, frame):
        container = self.eval(node.value, state, frame)
        keys = [self.eval(element.slice.value, state, frame) if isinstance(element.slice, cst.Index)
                else self.eval_slice(element.slice, state, frame) for element in node.slice]
        if isinstance(container, Arrays):
            if len(keys) == 1 and keys[0] == Const(slice(None)):
                return container  # x[:] returns x itself
            shape = indexed(self.shape_of(container, state), [k.value if isinstance(k, Const) else k for k in keys])
            if shape == () and self.interface_of(container, state) == "nd":
                shape = (1,)  # legacy indexing never makes a 0-d array
            view = self.array_op(state, frame, node, self.operands_of(keys, container.ids), like=container,
                                 shape=shape)
            if not state.recording and all(isinstance(k, Const) and (type(k.value) is int or (
                    isinstance(k.value, slice) and k.value.step in (None, 1))) for k in keys):
                self.share_memory(state, next(iter(view.ids)), container)  # a basic view, not a copy
            return view
        if isinstance(container, Seq):
            if len(keys) == 1 and isinstance(keys[0], Const) and isinstance(keys[0].value, int) and container.exact:
                index = keys[0].value
                if -len(container.items) <= index < len(container.items):
                    return container.items[index]
            if len(keys) == 1 and isinstance(keys[0], Opaque) and node.slice[0].slice.__class__ is cst.Slice:
                return container
            return seq_element(container)
        if isinstance(container, ParamDict):
            return Param((container.params, "item")) if container.params else UNKNOWN_VALUE
        if isinstance(container, HostArray):
            return HostArray()
        return UNKNOWN_VALUE

    def eval_slice(self, node: cst.Slice, state, frame) -> Value:
        """``Const(slice)`` when every bound is a literal int or absent."""
        bounds = []
        for part in (node.lower, node.upper, node.step):
            value = self.eval(part, state, frame) if part is not None else Const(None)
            bounds.append(value.value if isinstance(value, Const) and (
                value.value is None or type(value.value) is int) else OPAQUE)
        if OPAQUE in bounds:
            return OPAQUE
        return Const(slice(*bounds))

    def eval_ListComp(self, node, state, frame):
        return self.comprehension(node, [node.elt], state, frame)

    eval_GeneratorExp = eval_ListComp
    eval_SetComp = eval_ListComp

    def eval_DictComp(self, node, state, frame):
        self.comprehension(node, [node.key, node.value], state, frame)
        return OPAQUE

    def comprehension(self, node, elements, state, frame) -> Value:
        saved = dict(state.bindings)
        clause = node.for_in
        while clause is not None:
            iterable = self.eval(clause.iter, state, frame)
            self.assign(clause.target, self.element_of(iterable, state, frame, clause), state, frame, clause)
            for condition in clause.ifs:
                self.eval(condition.test, state, frame)
            clause = clause.inner_for_in
        values = [self.eval(element, state, frame) for element in elements]
        for name in list(state.bindings):
            if name not in saved:
                del state.bindings[name]
            else:
                state.bindings[name] = saved[name]
        return Seq((values[-1],), False)

    def element_of(self, iterable: Value, state, frame, node) -> Value:
        """One element of an iterable (a row view of an array)."""
        if isinstance(iterable, Seq):
            return seq_element(iterable)
        if isinstance(iterable, Arrays):
            return self.array_op(state, frame, node, Operands((iterable.ids,)), like=iterable)
        if isinstance(iterable, HostArray):
            return HostArray()
        return UNKNOWN_VALUE

    def operands_of(self, values, extra: frozenset = frozenset()) -> Operands:
        groups = [extra] if extra else []
        unknown = False
        for value in values:
            if isinstance(value, Arrays):
                groups.append(value.ids)
            elif isinstance(value, Seq):
                inner = self.operands_of(value.items)
                groups.extend(inner.groups)
                unknown = unknown or inner.unknown
            elif isinstance(value, Unknown):
                unknown = True
        return Operands(tuple(groups), unknown)

    def array_op(self, state, frame, node, operands: Operands, like: Optional[Value] = None,
                 interface=None, shape=None, boolean=False, index=0, elementwise=False) -> Arrays:
        """A recorded operator returning a new array; ``elementwise`` ones broadcast their operands."""
        if interface is None and isinstance(like, Arrays):
            interfaces = {state.heap[i].interface for i in like.ids if i in state.heap}
            interface = interfaces.pop() if len(interfaces) == 1 else None
        if shape is None and elementwise:
            shape = broadcast([self.shape_of(Arrays(group), state) for group in operands.groups])
        site = self.site(node, frame, index)
        self.record_fresh(state, operands, site, interface=interface, shape=shape, boolean=boolean)
        return Arrays(frozenset([site]))

    @staticmethod
    def shape_of(value: Arrays, state) -> Optional[tuple]:
        shapes = {state.heap[i].shape if i in state.heap else None for i in value.ids}
        return shapes.pop() if len(shapes) == 1 else None

    def eval_Call(self, node, state, frame):
        return self.call(node, state, frame)

    def evaluate_arguments(self, node: cst.Call, state, frame) -> Tuple[List[Value], dict]:
        positional: List[Value] = []
        keywords = {}
        for arg in node.args:
            value = self.eval(arg.value, state, frame)
            if arg.keyword is not None:
                keywords[arg.keyword.value] = value
            elif arg.star == "*":
                positional.append(Seq((seq_element(value) if isinstance(value, Seq) else value,), False))
            elif arg.star == "**":
                keywords["**"] = value
            else:
                positional.append(value)
        return positional, keywords


def constant_shape(value: Value) -> Optional[tuple]:
    """The shape a creation function builds from a literal ``shape`` argument."""
    if isinstance(value, Const) and isinstance(value.value, int) and not isinstance(value.value, bool):
        return (value.value,)
    if isinstance(value, Seq) and value.exact and all(
        isinstance(item, Const) and isinstance(item.value, int) for item in value.items
    ):
        return tuple(item.value for item in value.items)
    return None


def literal_shape(value: Value) -> Optional[tuple]:
    """The shape of nested list literals (``nd.array([[1, 2], [3, 4]])``)."""
    if isinstance(value, Const) and isinstance(value.value, (int, float)):
        return ()
    if isinstance(value, Seq) and value.exact:
        inner = {literal_shape(item) for item in value.items}
        if len(inner) == 1 and None not in inner:
            return (len(value.items),) + inner.pop()
        if not value.items:
            return (0,)
    return None
