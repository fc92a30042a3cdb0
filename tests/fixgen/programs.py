"""Seeded MXNet programs that MXNet rejects, each with its functional reading.

A program is a module: imports in one of the styles of spelling.py, one or
two ``attach_grad`` leaves, maybe constants, a (3, 3) matrix and zero
buffers, then one ``with record():`` block of 3 to 10 statements (recorded
operations and in-place writes, sometimes one ``for step in range(2):``
loop) ending in ``loss = (...).sum()`` (or ``.mean()``), and
``loss.backward()`` at the end of the block or after it.

Every candidate statement runs through ``semantics.Tags`` (so the generator
knows which writes MXNet rejects; a program with none is dropped) and
through ``semantics.Functional`` (which writes the functional reading and
follows its values) before it is kept.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

from . import values as V
from .ir import (ELLIPSIS, FULL, LOOP_INDEX, Assign, Aug, Backward, Bin, CopyTo, Dot, Env, Fn, Item, Loop, Loss,
                 Num, Out, Ref, SetItem, Slice, StepNum, at_step, region, source_lines)
from .semantics import Functional, Tags
from .spelling import STYLES, Spelling

LEAVES = ("x", "w")
CONSTANTS = ("c", "k")
MATRIX = "m"
BUFFERS = ("acc", "buf")
TEMPS = ("t", "u", "h", "z", "y", "g", "r", "s")
ELEMENTS = (-2.5, -2.0, -1.5, -1.25, -1.0, -0.75, -0.5, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 2.5)
MATRIX_ELEMENTS = (-1.0, -0.5, 0.25, 0.5, 1.0)
SCALARS = (0.5, 1.5, 2.0, 3.0, 0.25, 1.0)
DIVISORS = (2.0, 4.0, 0.5, 1.5)
UNARY = ("relu", "sigmoid", "tanh")
MIN_STATEMENTS, MAX_STATEMENTS = 3, 10  # in the block, the loss included
ATTEMPTS = 25


@dataclass(frozen=True)
class FixProgram:
    """A program MXNet rejects and what the generator knows about it."""

    name: str
    source: str  # the program as written
    functional: str  # its functional reading: no in-place write, `.grad` read from the leaves
    forms: Tuple[str, ...]  # the in-place writes, as "form:target" labels, in order
    expected_error: str  # "E1" or "E2": what MXNet raises at the first rejected write
    interface: str  # "nd" or "np"
    style: str  # how autograd is imported (spelling.STYLES)
    leaves: Tuple[str, ...]


def keys_for(shape) -> List[Tuple[str, tuple]]:
    """(category, key) of the subscript writes made into an array of ``shape``; those of the
    categories starting with "step" use the loop's variable (in a loop only)."""
    whole = [("whole", (FULL,)), ("whole", (ELLIPSIS,))]
    if len(shape) == 1:
        stepped = [("step int", (LOOP_INDEX,))]
        keys = whole + [("int", (0,)), ("int", (1,)), ("int", (2,)), ("int", (-1,)),
                        ("partial", (Slice(0, 2),)), ("partial", (Slice(1, None),)),
                        ("partial", (Slice(None, 2),))]
    else:
        stepped = [("step row", (LOOP_INDEX,)), ("step column", (FULL, LOOP_INDEX)),
                   ("step element", (1, LOOP_INDEX))]
        keys = whole + [("row", (0,)), ("row", (1,)), ("row", (1, FULL)), ("row", (-1, FULL)),
                        ("column", (FULL, 1)), ("column", (FULL, 0)), ("column", (FULL, -1)),
                        ("element", (0, 1)), ("element", (1, 2)),
                        ("partial", (Slice(1, None),)), ("partial", (FULL, Slice(1, None))),
                        ("partial", (FULL, Slice(None, 2)))]
    return keys + stepped


def same_shape_key(rng, key, shape):
    """Another key selecting a part of the same shape (another row, a shifted slice)."""
    items = list(key) + [FULL] * (len(shape) - len(key))
    other = []
    for part, length in zip(items, shape):
        if isinstance(part, Slice) and not part.full:
            start, stop, _ = slice(part.lower, part.upper).indices(length)
            begin = rng.randrange(length - (stop - start) + 1)
            other.append(Slice(begin, begin + stop - start))
        elif isinstance(part, Slice):
            other.append(FULL)
        else:
            other.append(rng.randrange(length))
    while len(other) > len(key) and other[-1] == FULL:
        other.pop()
    return tuple(other)


class Builder:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.sp = Spelling(rng.choice(STYLES), "np" if rng.random() < 0.2 else "nd")
        self.shape = rng.choice([(3,), (2, 3)])
        self.kinds: Dict[str, str] = {}
        self.header: List[str] = []
        shapes: Dict[str, tuple] = {}
        values: Dict[str, V.Value] = {}

        def add(name, kind, shape, value, text):
            self.kinds[name] = kind
            shapes[name] = shape
            values[name] = value
            self.header.append("%s = %s" % (name, text))

        self.leaves = ["x"] + (["w"] if rng.random() < 0.5 else [])
        for name in self.leaves:
            value = self.random_value(self.shape, ELEMENTS)
            add(name, "leaf", self.shape, value, self.sp.array(value.nested()))
            self.header.append("%s.attach_grad()" % name)
        for name, chance in zip(CONSTANTS, (0.6, 0.25)):
            if rng.random() < chance:
                value = self.random_value(self.shape, ELEMENTS)
                add(name, "constant", self.shape, value, self.sp.array(value.nested()))
        if rng.random() < 0.35:
            value = self.random_value((3, 3), MATRIX_ELEMENTS)
            add(MATRIX, "matrix", (3, 3), value, self.sp.array(value.nested()))
        for name, chance in zip(BUFFERS, (0.4, 0.25)):
            if rng.random() < chance:
                add(name, "buffer", self.shape, V.Value.full(self.shape, 0.0), self.sp.zeros(self.shape))
        self.tags = Tags({name: kind == "leaf" for name, kind in self.kinds.items()})
        self.functional = Functional(self.sp, shapes, values)
        for name in self.leaves:
            self.functional.leaves[name] = frozenset([name])
        self.statements: List[object] = []
        self.forms: List[str] = []
        self.written: List[str] = []  # targets of writes, in order
        self.filled = set()  # buffers written so far (they are read only after that)
        self.in_loop = False

    def random_value(self, shape, elements) -> V.Value:
        return V.Value(shape, [self.rng.choice(elements) for _ in range(V.size_of(shape))])

    # -- names -------------------------------------------------------------------
    def names(self, *kinds) -> List[str]:
        return [n for n, k in self.kinds.items() if k in kinds]

    def tagged(self, name: str) -> bool:
        return self.tags.tags[name]

    def operands(self) -> List[str]:
        return [n for n, k in self.kinds.items()
                if k in ("leaf", "constant", "temp") or (k == "buffer" and n in self.filled)]

    def pick_operand(self, avoid: Optional[str] = None) -> str:
        names = [n for n in self.operands() if n != avoid]
        graph = [n for n in names if self.tagged(n) and self.kinds[n] in ("leaf", "temp")]
        if graph and self.rng.random() < 0.75:
            return self.rng.choice(graph)
        return self.rng.choice(names)

    def targets(self, kind: str) -> List[str]:
        if kind == "leaf":
            return self.names("leaf")
        if kind == "intermediate":
            return self.names("temp")
        if kind == "constant":
            return [n for n in self.names("constant") if self.tagged(n)]  # used by a recorded op
        return self.names("buffer")

    # -- expressions -------------------------------------------------------------
    def scalar(self, op: str = "*"):
        if op == "/":
            return Num(self.rng.choice(DIVISORS))
        if self.in_loop and self.rng.random() < 0.3:
            return StepNum()
        return Num(self.rng.choice(SCALARS))

    def expr(self, depth: int, need_tagged: bool = True, avoid: Optional[str] = None, bare: bool = True):
        """An expression of the program's shape; ``avoid``: a name it must not be on its own;
        ``bare``: whether a name on its own will do (not for an assignment: that is an alias)."""
        for _ in range(ATTEMPTS):
            candidate = self._expr(depth)
            if candidate == Ref(avoid) or (isinstance(candidate, Ref) and not bare):
                continue
            if need_tagged and not self.tags.peek(candidate):
                continue
            return candidate
        raise V.Reject("no expression")

    def _expr(self, depth: int):
        rng = self.rng
        if depth <= 0 or rng.random() < 0.2:
            return Ref(self.pick_operand())
        forms = ["scalar", "scalar", "rscalar", "pair", "pair", "unary", "unary"]
        if MATRIX in self.kinds:
            forms.append("dot")
        form = rng.choice(forms)
        if form == "scalar":
            op = rng.choice("+-*/")
            return Bin(op, self._expr(depth - 1), self.scalar(op))
        if form == "rscalar":
            return Bin(rng.choice("+-*"), self.scalar(), self._expr(depth - 1))
        if form == "pair":
            return Bin(rng.choice("+-*"), self._expr(depth - 1), self._expr(depth - 1))
        if form == "unary":
            return Fn(rng.choice(UNARY), self._expr(depth - 1))
        return Dot(self._expr(depth - 1), Ref(MATRIX))

    def part_value(self, target: str, key):
        """An array expression shaped like ``target[key]``."""
        rng = self.rng
        part = region(at_step(key, 0), self.shape)
        if part.kind == "whole":
            constants = self.names("constant")
            if constants and self.kinds[target] != "buffer" and rng.random() < 0.3:
                # A value from outside the graph (`t[:] = c * 2.0`): the new array has no graph input.
                value = Ref(rng.choice(constants))
                if rng.random() < 0.3:
                    return Fn("tanh", value)
                return Bin(rng.choice("+*"), value, self.scalar())
            return self.expr(rng.randint(1, 2), need_tagged=self.kinds[target] == "buffer", avoid=target)
        base = Item(Ref(self.pick_operand()), same_shape_key(rng, key, self.shape))
        form = rng.choice(["bare", "scalar", "scalar", "unary", "pair"])
        if form == "bare":
            return base
        if form == "scalar":
            op = rng.choice("+-*")
            return Bin(op, base, self.scalar(op))
        if form == "unary":
            return Fn(rng.choice(("sigmoid", "tanh")), base)
        other = Item(Ref(self.pick_operand()), same_shape_key(rng, key, self.shape))
        return Bin(rng.choice("+*"), base, other)

    # -- statements --------------------------------------------------------------
    def attempt(self, statement, label: Optional[str] = None, target: Optional[str] = None) -> bool:
        """Keeps ``statement`` if the program can go on after it."""
        tags, functional = self.tags.copy(), self.functional.copy()
        try:
            tags.run(statement)
            functional.run(statement)
        except V.Reject:
            return False
        self.tags, self.functional = tags, functional
        self.statements.append(statement)
        if label:
            self.forms.append(label)
        for name in ([target] if target else []):
            self.written.append(name)
            if self.kinds[name] == "buffer":
                self.filled.add(name)
        return True

    def new_temp(self, rebind_ok: bool = True) -> str:
        free = [n for n in TEMPS if n not in self.kinds]
        temps = self.names("temp")
        if temps and rebind_ok and (not free or self.rng.random() < 0.15):
            return self.rng.choice(temps)  # a plain rebinding: never in place
        if not free:
            raise V.Reject("no free name")
        return free[0]

    def assignment(self) -> Assign:
        name = self.new_temp()
        return Assign(name, self.expr(self.rng.randint(1, 2), bare=False))

    # Write forms: the kinds of target each can have, and how often it is chosen.
    FORMS = {"aug": (("leaf", "intermediate", "constant", "buffer"), 4),
             "set": (("leaf", "intermediate", "buffer"), 4),
             "out-self": (("leaf", "intermediate"), 2),  # nd.relu(t, out=t)
             "out-binary": (("leaf", "intermediate", "buffer"), 2),  # nd.elemwise_add(a, t, out=a)
             "out-other": (("leaf", "intermediate"), 1),  # nd.relu(t, out=x)
             "out-buffer": (("buffer",), 2),  # nd.relu(t, out=buf), again later
             "copyto": (("leaf", "intermediate", "buffer"), 2)}

    def write(self):
        """(statement, label, target) of an in-place write."""
        rng = self.rng
        forms = [form for form, (kinds, weight) in self.FORMS.items()
                 for _ in range(weight) if any(self.targets(kind) for kind in kinds)]
        form = rng.choice(forms)
        kind = rng.choice([kind for kind in self.FORMS[form][0] if self.targets(kind)])
        target = rng.choice(self.targets(kind))
        statement = getattr(self, "write_" + form.replace("-", "_"))(target, kind)
        label = "%s:%s" % (form, kind)
        if isinstance(statement, SetItem):
            label = "set[%s]:%s" % (dict((key, c) for c, key in keys_for(self.shape))[statement.key], kind)
        return statement, label, target

    def write_aug(self, target: str, kind: str) -> Aug:
        rng = self.rng
        if kind == "buffer":  # from the graph, so MXNet raises E2 (E1 once the buffer is in the graph)
            op = rng.choice("+-*" if self.tagged(target) else "+-")
            return Aug(target, op, self.expr(rng.randint(0, 2)))
        op = rng.choice("+-*/")
        constants = self.names("constant")
        if op == "/":
            value = Ref(rng.choice(constants)) if constants and rng.random() < 0.4 else self.scalar("/")
        elif rng.random() < 0.4:
            value = self.scalar(op)
        else:
            value = self.expr(rng.randint(0, 2), need_tagged=False)
        return Aug(target, op, value)

    def write_set(self, target: str, kind: str) -> SetItem:
        keys = keys_for(self.shape)
        stepped = self.in_loop and self.rng.random() < 0.5
        _, key = self.rng.choice([(category, key) for category, key in keys
                                  if category.startswith("step") == stepped])
        if self.rng.random() < 0.4:
            return SetItem(target, key, Num(self.rng.choice(SCALARS + (0.0, 5.0, -1.0))))
        return SetItem(target, key, self.part_value(target, key))

    def unary_or_dot(self) -> str:
        return self.rng.choice(list(UNARY) + (["dot"] if MATRIX in self.kinds else []))

    def write_out_self(self, target: str, kind: str) -> Out:
        op = self.unary_or_dot()
        return Out(op, (Ref(target), Ref(MATRIX)) if op == "dot" else (Ref(target),), target)

    def write_out_binary(self, target: str, kind: str) -> Out:
        other = Ref(self.pick_graph_operand(avoid=target))
        args = (Ref(target), other) if self.rng.random() < 0.7 else (other, Ref(target))
        return Out(self.rng.choice("+-*"), args, target)

    def write_out_other(self, target: str, kind: str) -> Out:
        op = self.unary_or_dot()
        if self.rng.random() < 0.6:
            arg = Ref(self.pick_graph_operand(avoid=target))
        else:
            arg = self.expr(1, avoid=target)
        return Out(op, (arg, Ref(MATRIX)) if op == "dot" else (arg,), target)

    def write_out_buffer(self, target: str, kind: str) -> Out:
        rng = self.rng
        if rng.random() < 0.3:
            a, b = self.pick_graph_operand(avoid=target), self.pick_graph_operand(avoid=target)
            return Out(rng.choice("+-*"), (Ref(a), Ref(b)), target)
        op = self.unary_or_dot()
        arg = self.expr(rng.randint(0, 1), avoid=target)
        return Out(op, (arg, Ref(MATRIX)) if op == "dot" else (arg,), target)

    def write_copyto(self, target: str, kind: str) -> CopyTo:
        if self.rng.random() < 0.5:
            return CopyTo(Ref(self.pick_graph_operand(avoid=target)), target)
        return CopyTo(self.expr(1, avoid=target), target)

    def pick_graph_operand(self, avoid: str) -> str:
        names = [n for n in self.names("leaf", "temp") if n != avoid and self.tagged(n)]
        if not names:
            raise V.Reject("no other array in the graph")
        return self.rng.choice(names)

    def loop(self) -> bool:
        """``for step in range(2):`` around a write, maybe after a new intermediate."""
        saved = (self.tags.copy(), self.functional.copy(), dict(self.kinds), set(self.filled))
        body = []
        self.in_loop = True
        try:  # the body is chosen on a scratch state after its first iteration's assignment
            if self.rng.random() < 0.4:
                expr = self.expr(self.rng.randint(1, 2), bare=False)
                assignment = Assign(self.new_temp(rebind_ok=False), expr)
                self.tags.run(assignment)
                self.functional.run(assignment, step=0)
                self.kinds[assignment.name] = "temp"
                body.append(assignment)
            statement, label, target = self.write()
            body.append(statement)
        except V.Reject:
            return False
        finally:
            self.in_loop = False
            self.tags, self.functional, self.kinds, self.filled = saved
        kinds = dict(self.kinds)
        for assignment in body[:-1]:
            self.kinds[assignment.name] = "temp"
        if not self.attempt(Loop(tuple(body)), "loop " + label, target):
            self.kinds = kinds
            return False
        return True

    def try_write(self) -> bool:
        for _ in range(ATTEMPTS):
            try:
                statement, label, target = self.write()
            except V.Reject:
                continue
            if self.attempt(statement, label, target):
                return True
        return False

    def try_assignment(self) -> bool:
        for _ in range(ATTEMPTS):
            try:
                statement = self.assignment()
            except V.Reject:
                continue
            if self.attempt(statement):
                self.kinds[statement.name] = "temp"
                return True
        return False

    def loss(self, backward_inside: bool) -> bool:
        rng = self.rng
        latest = []
        for name in reversed(self.written):
            if name not in latest and self.kinds[name] != "matrix":
                latest.append(name)
        for _ in range(ATTEMPTS):
            terms = latest[:2]
            if rng.random() < 0.6 or not terms:
                extra = self.pick_operand()
                if extra not in terms:
                    terms.append(extra)
            rng.shuffle(terms)
            expr = Ref(terms[0])
            multiplied = False
            for name in terms[1:]:
                op = "*" if not multiplied and rng.random() < 0.4 else "+"
                multiplied = multiplied or op == "*"
                expr = Bin(op, expr, Ref(name))
            statements = [Loss(expr, "sum" if rng.random() < 0.7 else "mean")]
            if backward_inside:
                statements.append(Backward())
            if all(self.attempt(statement) for statement in statements):
                return True
        return False

    def first_assignment(self) -> bool:
        """The block's first statement: an intermediate, often one that makes a constant of ``c``
        or ``k`` (``t = x * c``), so that later writes can target a constant."""
        constants = self.names("constant")
        if constants and self.rng.random() < 0.7:
            leaf, constant = self.rng.choice(self.leaves), self.rng.choice(constants)
            expr = Bin(self.rng.choice("*+-"), Ref(leaf), Ref(constant))
            if self.rng.random() < 0.3:
                expr = Fn(self.rng.choice(UNARY), expr)
            if self.attempt(Assign(self.new_temp(), expr)):
                self.kinds[self.statements[-1].name] = "temp"
                return True
        return self.try_assignment()

    def build(self, count: int) -> bool:
        rng = self.rng
        if rng.random() < 0.15:  # the block opens with a write (to a leaf, or a buffer)
            if not self.try_write():
                return False
        elif not self.first_assignment():
            return False
        looped = False
        slots = count - 2
        for slot in range(slots):
            last = slot == slots - 1
            choice = rng.random()
            if not looped and choice < 0.15:
                looped = self.loop()
                if looped:
                    continue
            if choice < 0.6 or (last and not self.forms):
                self.try_write()
            else:
                self.try_assignment()
        # The loss comes next: the block must reach MIN_STATEMENTS with it.
        return bool(self.forms) and bool(self.tags.errors) and len(self.statements) + 1 >= MIN_STATEMENTS


def render_program(builder: Builder, backward_inside: bool) -> Tuple[str, str]:
    """The program's text and its functional reading's text."""
    sp = builder.sp
    head = sp.import_lines() + [""] + builder.header + ["with %s:" % sp.record()]
    env = Env(sp, lambda name: name)
    body = []
    for statement in builder.statements:
        body.extend("    " + line for line in source_lines(statement, env))
    tail = [] if backward_inside else ["loss.backward()"]
    source = "\n".join(head + body + tail) + "\n"
    functional = "\n".join(head + builder.functional.lines + tail) + "\n"
    return source, functional


def generate_fix_program(seed: int, name: str) -> FixProgram:
    rng = random.Random(seed)
    while True:
        builder = Builder(rng)
        count = rng.randint(MIN_STATEMENTS, MAX_STATEMENTS)
        backward_inside = rng.random() < 0.3
        if not builder.build(count) or not builder.loss(backward_inside):
            continue
        source, functional = render_program(builder, backward_inside)
        return FixProgram(name, source, functional, tuple(builder.forms), builder.tags.errors[0][1],
                          builder.sp.interface, builder.sp.style, tuple(builder.leaves))


def generate_fix_programs(seed: int, count: int) -> List[FixProgram]:
    """``count`` programs; program i depends only on ``seed`` and i."""
    master = random.Random(seed)
    seeds = [master.getrandbits(64) for _ in range(count)]
    return [generate_fix_program(s, "fixprog_%04d" % i) for i, s in enumerate(seeds)]
