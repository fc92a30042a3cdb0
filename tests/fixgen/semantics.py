"""What a generated program does: MXNet's tags, and the program's functional reading.

``Tags`` follows the rule of docs section 2 on the program as written (every
operator call: an output already tagged raises E1; with a tagged input,
untagged inputs become constants, and an output that is such an input raises
E2; otherwise the outputs are tagged iff an input is), going on after an
error as a linter does, so the generator knows which writes MXNet rejects.

``Functional`` writes the functional reading of the same statements: every
write binds a new version of its target (``t_1``, ``t_2``, ...) and later
reads use the newest version; leaves keep their own name for ``.grad``. It
builds subscript writes from constant masks (or a concatenation for a partial
slice with an array value) rather than the way the fixer does, and follows the
values, rejecting candidates that meet relu at 0, a divisor near 0 or a large
value. Loops are unrolled.
"""
from __future__ import annotations

import copy
from typing import Dict, List, Optional, Tuple

from . import values as V
from .ir import (FULL, LOOP_COUNT, Aug, Assign, Backward, Bin, CopyOf, CopyTo, Dot, ELLIPSIS, Env, Fn,
                 Item, Loop, Loss, Num, Out, Ref, SetItem, Slice, StepNum, atom, call_text,
                 at_step, indexed_shape, key_text, refs, region, render)
from .spelling import Spelling, number


def is_whole(key) -> bool:
    return key == (ELLIPSIS,) or all(isinstance(part, Slice) and part.full for part in key)


class Tags:
    """Which array handles carry autograd info, statement by statement, as MXNet decides it."""

    def __init__(self, tags: Dict[str, bool]):
        self.tags = dict(tags)
        self.errors: List[Tuple[object, str]] = []  # (statement, "E1"/"E2"), in order

    def copy(self) -> "Tags":
        return copy.deepcopy(self)

    def peek(self, expr) -> Optional[bool]:
        """Whether the expression's result would be tagged (None for a number)."""
        return self.copy().expr(expr)

    def _constants(self, operands) -> None:
        for operand in operands:
            if isinstance(operand, Ref):
                self.tags[operand.name] = True

    def expr(self, expr) -> Optional[bool]:
        if isinstance(expr, Ref):
            return self.tags[expr.name]
        if isinstance(expr, (Num, StepNum)):
            return None
        if isinstance(expr, Bin):
            left, right = self.expr(expr.left), self.expr(expr.right)
            tagged = bool(left) or bool(right)
            if tagged:
                self._constants([expr.left, expr.right])
            return tagged
        if isinstance(expr, Fn):
            return self.expr(expr.arg)
        if isinstance(expr, Dot):
            tagged = bool(self.expr(expr.left)) or self.tags[expr.matrix.name]
            if tagged:
                self._constants([expr.left, expr.matrix])
            return tagged
        if isinstance(expr, Item):
            return self.tags[expr.base.name]  # a view records a slice op only from a tagged array
        if isinstance(expr, CopyOf):
            return bool(self.expr(expr.src))
        raise TypeError(expr)

    def run(self, statement) -> None:
        if isinstance(statement, Loop):
            for _ in range(LOOP_COUNT):
                for inner in statement.body:
                    self.run(inner)
        elif isinstance(statement, Assign):
            self.tags[statement.name] = bool(self.expr(statement.expr))
        elif isinstance(statement, Aug):
            value = self.expr(statement.expr)
            self._write(statement, statement.name, [Ref(statement.name), statement.expr], [True, value])
        elif isinstance(statement, Out):
            inputs = [self.expr(arg) for arg in statement.args]
            self._write(statement, statement.out, list(statement.args), inputs)
        elif isinstance(statement, SetItem):
            value = self.expr(statement.value)
            if is_whole(statement.key):  # _full (no input) or _copyto (the value only)
                self._write(statement, statement.name, [statement.value], [value])
            else:  # _slice_assign(_scalar): the target is an input
                self._write(statement, statement.name, [Ref(statement.name), statement.value],
                            [True, value])
        elif isinstance(statement, CopyTo):
            self._write(statement, statement.dst, [statement.src], [self.expr(statement.src)])
        elif isinstance(statement, Loss):
            self.tags["loss"] = bool(self.expr(statement.expr))
        elif not isinstance(statement, Backward):
            raise TypeError(statement)

    def _write(self, statement, target: str, operands, tagged) -> None:
        """An operator writing ``target``; ``operands`` are its inputs (``tagged[i]`` is True for
        the target itself when it is an input, None for a number)."""
        if self.tags[target]:
            self.errors.append((statement, "E1"))
            return
        array_inputs = [(o, t) for o, t in zip(operands, tagged) if t is not None]
        if not any(self.tags[o.name] if isinstance(o, Ref) else t for o, t in array_inputs):
            return
        self._constants([o for o, _ in array_inputs])
        if self.tags[target]:  # the target was an input: step 3 just tagged it
            self.errors.append((statement, "E2"))
            return
        self.tags[target] = True


def mask(shape, positions, inside: float) -> V.Value:
    data = [1.0 - inside] * V.size_of(shape)
    for position in positions:
        data[position] = inside
    return V.Value(shape, data)


class Functional:
    """Writes the functional reading and follows its values."""

    def __init__(self, spelling: Spelling, shapes: Dict[str, tuple], values: Dict[str, V.Value]):
        self.sp = spelling
        self.shapes = dict(shapes)
        self.values = dict(values)
        self.versions: Dict[str, int] = {name: 0 for name in values}
        self.lines: List[str] = []
        # The leaves each array's graph reaches (leaves themselves are set by the builder).
        self.leaves: Dict[str, frozenset] = {name: frozenset() for name in values}

    def copy(self) -> "Functional":
        return copy.deepcopy(self)

    def current(self, name: str) -> str:
        version = self.versions[name]
        return name if version == 0 else "%s_%d" % (name, version)

    def bind(self, name: str) -> str:
        self.versions[name] = self.versions[name] + 1 if name in self.versions else 0
        return self.current(name)

    def env(self, step: Optional[int]) -> Env:
        return Env(self.sp, self.current, step)

    def reaches(self, expr) -> frozenset:
        """The leaves whose graph the expression's result is connected to."""
        found = frozenset()
        for name in refs(expr):
            found |= self.leaves[name]
        return found

    # -- values --------------------------------------------------------------
    def value(self, expr, step: Optional[int]):
        if isinstance(expr, Ref):
            return self.values[expr.name]
        if isinstance(expr, Num):
            return expr.value
        if isinstance(expr, StepNum):
            assert step is not None
            return float(step + 1)
        if isinstance(expr, Bin):
            return V.binary(expr.op, self.value(expr.left, step), self.value(expr.right, step))
        if isinstance(expr, Fn):
            return V.UNARY[expr.name](self.value(expr.arg, step))
        if isinstance(expr, Dot):
            return V.dot(self.value(expr.left, step), self.values[expr.matrix.name])
        if isinstance(expr, Item):
            shape = self.shapes[expr.base.name]
            part = region(expr.key, shape)
            return V.take(self.values[expr.base.name], part.positions,
                          indexed_shape(expr.key, shape, self.sp.interface))
        if isinstance(expr, CopyOf):
            return self.value(expr.src, step)
        raise TypeError(expr)

    def out_value(self, statement: Out, step):
        args = [self.value(arg, step) for arg in statement.args]
        if statement.op in V.UNARY:
            return V.UNARY[statement.op](args[0])
        if statement.op == "dot":
            return V.dot(args[0], args[1])
        return V.binary(statement.op, args[0], args[1])

    # -- statements ----------------------------------------------------------
    def run(self, statement, indent: str = "    ", step: Optional[int] = None) -> None:
        if isinstance(statement, Loop):
            for iteration in range(LOOP_COUNT):
                for inner in statement.body:
                    self.run(inner, indent, iteration)
            return
        env = self.env(step)
        if isinstance(statement, Assign):
            value = self.value(statement.expr, step)
            if isinstance(value, V.Value):
                self.shapes.setdefault(statement.name, value.shape)
            self._bind(statement.name, render(statement.expr, env), value, indent,
                       self.reaches(statement.expr))
        elif isinstance(statement, Aug):
            expr = Bin(statement.op, Ref(statement.name), statement.expr)
            self._bind(statement.name, render(expr, env), self.value(expr, step), indent, self.reaches(expr))
        elif isinstance(statement, Out):
            self._bind(statement.out, call_text(statement.op, statement.args, env),
                       self.out_value(statement, step), indent,
                       frozenset().union(*(self.reaches(arg) for arg in statement.args)))
        elif isinstance(statement, SetItem):
            self._set_item(statement, env, step, indent)
        elif isinstance(statement, CopyTo):
            self._bind(statement.dst, "%s.copy()" % atom(statement.src, env), self.value(statement.src, step),
                       indent, self.reaches(statement.src))
        elif isinstance(statement, Loss):
            if not self.reaches(statement.expr):
                raise V.Reject("the loss reaches no leaf")  # backward would raise
            value = self.value(statement.expr, step)
            V.total(value, statement.reduce)
            self.lines.append("%sloss = %s.%s()" % (indent, atom(statement.expr, env), statement.reduce))
        elif isinstance(statement, Backward):
            self.lines.append("%sloss.backward()" % indent)
        else:
            raise TypeError(statement)

    def _bind(self, name: str, text: str, value, indent: str, leaves: frozenset) -> None:
        if not isinstance(value, V.Value) or value.shape != self.shapes[name]:
            raise ValueError("%s: %r does not keep the shape %r" % (name, value, self.shapes[name]))
        self.values[name] = value
        self.leaves[name] = leaves
        self.lines.append("%s%s = %s" % (indent, self.bind(name), text))

    def _set_item(self, statement: SetItem, env: Env, step, indent: str) -> None:
        name = statement.name
        shape = self.shapes[name]
        part = region(at_step(statement.key, step), shape)
        old = self.current(name)
        value = self.value(statement.value, step)
        new_value = V.put(self.values[name], part.positions, value)
        if isinstance(statement.value, Num):
            text = "%s * %s + %s * %s" % (old, self.sp.array(mask(shape, part.positions, 0.0).nested()),
                                          self.sp.array(mask(shape, part.positions, 1.0).nested()),
                                          number(statement.value.value))
        elif part.kind == "partial":
            # The new array is the old one's pieces around the slice, with the value between them.
            start, stop = part.bounds
            lead = (FULL,) * part.axis
            pieces = []
            if start > 0:
                pieces.append("%s[%s]" % (old, key_text(lead + (Slice(None, start),))))
            pieces.append(render(statement.value, env))
            if stop < shape[part.axis]:
                pieces.append("%s[%s]" % (old, key_text(lead + (Slice(stop, None),))))
            text = self.sp.concat(pieces, part.axis)
        else:
            placed = self.sp.broadcast_to(self.sp.reshape(render(statement.value, env), part.shape), shape)
            text = "%s * %s + %s * %s" % (old, self.sp.array(mask(shape, part.positions, 0.0).nested()),
                                          placed, self.sp.array(mask(shape, part.positions, 1.0).nested()))
        # Built from the old array (masked or sliced): still connected to its graph.
        self._bind(name, text, new_value, indent, self.leaves[name] | self.reaches(statement.value))
