"""Seeded random MXNet programs.

`generate_program(seed)` builds one complete module: imports in one of the
supported styles, optional module constants and helper functions, small
arrays (leaves with attach_grad, constants, buffers) and then random
statements over them.  Every statement is simulated with the model while it
is chosen, so that programs raise nothing but the two autograd in-place
errors; data-dependent conditions read arrays whose values the model knows,
so the generator also knows which branch MXNet takes.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from . import helpers, model
from .ir import (AdvKey, AttachGrad, AugAssign, Backward, Bin, Call, CopyTo, Create, Ctx,
                 DataCond, ExprStmt, For, GradCall, GradOf, HelperCall, Host, If, Key,
                 Name, Num, OutCall, PyList, Raw, Reduce, SetItem, StaticCond, View, With,
                 Assign, walk)
from .model import Handle, Invalid, tagged
from .style import AUTOGRAD_STYLES, Style

MIN_LINES, MAX_LINES = 8, 40

LEAF_NAMES = ["x", "w", "p"]
CONST_NAMES = ["c", "d", "m"]
BUFFER_NAMES = ["b", "buf", "acc", "out"]
TEMP_NAMES = ["t", "z", "h", "u", "y", "q", "r", "e", "s", "f"]
VIEW_NAMES = ["v", "row", "part", "xd", "tv", "col"]
HEAD_NAMES = ["loss", "obj", "total"]
ALIAS_NAMES = ["y2", "ref", "alias"]
GRAD_NAMES = ["g", "gx", "gw"]
LOOP_VARS = ["i", "step", "epoch"]
VALUES = [-2.0, -1.5, -1.0, -0.5, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0]


@dataclass(frozen=True)
class Program:
    """A generated program and what the generator knows about it."""

    name: str
    seed: int
    source: str
    data_dependent: bool  # has a condition on array values (the linter cannot decide it)
    statement_lines: frozenset  # first lines of all statements
    executed_lines: frozenset  # statements that run (per the model)
    model_events: tuple = field(default=())  # (line, "E1"/"E2") the model predicts

    @property
    def unexecuted_lines(self):
        return self.statement_lines - self.executed_lines

    @property
    def line_count(self):
        return self.source.count("\n")


class Failed(Exception):
    """A compound statement could not be built; the builder rolls back."""


class Builder:
    def __init__(self, rng):
        self.rng = rng
        self.ns = "np" if rng.random() < 0.25 else "nd"
        host = "np" if self.ns == "nd" and rng.random() < 0.15 else "onp"
        self.style = Style(rng.choice(AUTOGRAD_STYLES), self.ns, host)
        self.state = model.State(self.ns)
        self.consts = []  # Raw statements: module constants
        self.const_values = {}
        self.helpers = []  # (FuncDef, kinds)
        self.setup = []
        self.loops = []  # active loop variables: (name, count)
        self.record_blocks = 0

    # -- small utilities -------------------------------------------------
    @property
    def ctx(self):
        return Ctx(self.state)

    def arrays(self, pred=None):
        return [(n, v) for n, v in sorted(self.state.globals.items())
                if isinstance(v, Handle) and v.ns == self.ns and (pred is None or pred(v))]

    def fresh(self, pool):
        used = set(self.state.globals) | {h.name for h, _ in self.helpers}
        for name in pool:
            if name not in used:
                return name
        n = 2
        while True:
            for name in pool:
                if "%s%d" % (name, n) not in used:
                    return "%s%d" % (name, n)
            n += 1

    def pick(self, weighted):
        """Choice from [(weight, value), ...]."""
        total = sum(w for w, _ in weighted)
        r = self.rng.random() * total
        for w, v in weighted:
            r -= w
            if r < 0:
                return v
        return weighted[-1][1]

    def values(self, shape):
        size = 1
        for d in shape:
            size *= d
        return [self.rng.choice(VALUES) for _ in range(size)]

    def const(self, name, value):
        if name not in self.const_values:
            self.const_values[name] = value
            self.consts.append(Raw("%s = %r" % (name, value), (name, value)))
            self.state.globals[name] = value
        return self.const_values[name]

    def attempt(self, stmt):
        """Run a simple statement on the model; keep it unless it is invalid."""
        if stmt is None:
            return None
        snapshot = self.state.clone()
        try:
            stmt.execute(self.ctx)
        except Invalid:
            self.state = snapshot
            return None
        return stmt

    # -- program ------------------------------------------------------------
    def build(self):
        rng = self.rng
        main = (3,) if rng.random() < 0.65 else (2, 3)
        budget = rng.randint(MIN_LINES + 2, MAX_LINES - 2) - 4  # imports take up to 4 lines
        for _ in range(rng.choice([0, 0, 1, 1, 2])):
            name = rng.choice([n for n in helpers.TEMPLATE_NAMES
                               if n not in {h.name for h, _ in self.helpers}])
            self.helpers.append(helpers.make_helper(name))
        for func, _ in self.helpers:
            self.state.globals[func.name] = func
        self.build_setup(main)
        used = len(self.consts) + sum(f.size() for f, _ in self.helpers) + len(self.setup)
        body = self.block(max(budget - used, 4), depth=0, top=True)
        return body

    def build_setup(self, main):
        rng = self.rng
        other = (2, 3) if main == (3,) else (3,)
        specs = [("leaf", main)]
        if rng.random() < 0.35:
            specs.append(("leaf", main if rng.random() < 0.6 else other))
        for _ in range(rng.choice([0, 1, 1, 2])):
            specs.append(("const", main if rng.random() < 0.8 else other))
        for _ in range(rng.choice([0, 1, 1, 2])):
            specs.append(("buffer", main))
        rng.shuffle(specs)
        specs.sort(key=lambda s: s[0] != "leaf")  # a leaf first
        for kind, shape in specs:
            if kind == "leaf":
                name = self.fresh(LEAF_NAMES)
                self.emit_setup(Assign(name, Create("array", shape, self.values(shape))))
                req = self.pick([(8, "write"), (1, "null"), (1, "add")])
                self.emit_setup(AttachGrad(name, req))
            elif kind == "const":
                name = self.fresh(CONST_NAMES)
                expr = (Create("array", shape, self.values(shape)) if rng.random() < 0.7
                        else Create("ones", shape))
                self.emit_setup(Assign(name, expr))
            else:
                name = self.fresh(BUFFER_NAMES)
                self.emit_setup(Assign(name, Create(rng.choice(["zeros", "zeros", "ones"]), shape)))

    def emit_setup(self, stmt):
        stmt.execute(self.ctx)
        self.setup.append(stmt)

    # -- blocks ---------------------------------------------------------
    def block(self, budget, depth, top=False):
        """Statements filling about `budget` lines (at least one statement)."""
        body, used, failures = [], 0, 0
        target = budget if top else self.rng.randint(1, max(1, min(budget, 5)))
        while used < target and failures < 40:
            room = target - used
            stmt = self.statement(room, depth, force_record=top and not self.record_blocks
                                  and (room < 10 or self.rng.random() < 0.3))
            if stmt is None:
                failures += 1
                continue
            body.append(stmt)
            used += stmt.size()
        if not body:
            raise Failed("empty block")
        return body

    def statement(self, room, depth, force_record=False):
        rec = self.state.recording
        choices = [
            (30 if rec else 16, self.write),
            (20 if rec else 10, self.op_assign),
            (8, self.view_assign),
            (3, self.alias_assign),
            (4, self.create_assign),
            (7 if rec else 9, self.backward),
            (2, self.attach),
        ]
        if self.helpers:
            choices.append((10, self.helper_call))
        if room >= 2 and depth < 3:
            choices.append(((6 if rec else 30) if depth == 0 or rec else 10, self.with_block))
            choices.append((5, self.if_block))
            if not self.loops:
                choices.append((4, self.for_block))
        maker = self.with_block if force_record and room >= 2 else self.pick(choices)
        if maker in (self.with_block, self.if_block, self.for_block):
            snapshot = self.state.clone()
            saved_loops = list(self.loops)
            try:
                return maker(room, depth)
            except (Failed, Invalid):
                self.state = snapshot
                self.loops = saved_loops
                return None
        for _ in range(3):
            stmt = self.attempt(maker())
            if stmt is not None:
                return stmt
        return None

    # -- compound statements ------------------------------------------------
    def with_block(self, room, depth):
        rec = self.state.recording
        if rec:
            kind = self.pick([(4, "record"), (6, "pause")])
        else:
            kind = self.pick([(12, "record"), (1, "predict"), (1, "pause")])
        stmt = With(kind, [])
        saved = self.state.recording
        self.state.recording = kind != "pause"
        try:
            stmt.body = self.block(room - 1, depth + 1)
        finally:
            self.state.recording = saved
        if kind != "pause":
            self.record_blocks += 1
        return stmt

    def condition(self):
        rng = self.rng
        if rng.random() < 0.45:
            candidates = self.arrays(lambda h: h.values() is not None)
            if candidates:
                name, h = rng.choice(candidates)
                how = rng.choice(["sum", "sum", "mean", "max"])
                cond = DataCond(name, how, ">", 0.0)
                value = cond.measure(self.ctx)
                offset = rng.choice([0.5, 1.0, 1.5])
                cond.threshold = round(value + (offset if rng.random() < 0.5 else -offset), 1)
                cond.op = rng.choice([">", "<"])
                return cond
        options = [("True", True), ("False", False)]
        n = self.const("N", 2) if rng.random() < 0.5 else None
        if n is not None:
            options += [("N > 1", True), ("N > 2", False), ("N == 2", True)]
        else:
            self.const("DEBUG", False)
            options += [("DEBUG", False), ("not DEBUG", True)]
        text, value = rng.choice(options)
        return StaticCond(text, value)

    def if_block(self, room, depth):
        if room < 3:
            raise Failed("no room")
        cond = self.condition()
        taken = cond.ev(self.ctx)
        before = set(self.state.globals)
        entry = self.state.clone()  # the state both branches start from
        with_else = self.rng.random() < (0.7 if cond.data_dependent else 0.5)
        stmt = If(cond, [], [])
        budget = room - 1
        for branch in (True, False):
            if branch is False and not with_else:
                break
            part = max(1, budget // 2) if with_else else budget
            if branch == taken:
                body = self.block(part, depth + 1)
            else:  # never runs: chosen on a copy of the state at the `if`
                real = self.state
                self.state = entry.clone()
                try:
                    body = self.block(part, depth + 1)
                finally:
                    self.state = real
            if branch:
                stmt.then = body
            else:
                stmt.orelse = body
            budget -= sum(s.size() for s in body) + (0 if branch else 1)
        for name in set(self.state.globals) - before:  # branch-local names are not used later
            del self.state.globals[name]
        return stmt

    def for_block(self, room, depth):
        rng = self.rng
        var = rng.choice(LOOP_VARS)
        if not isinstance(self.state.globals.get(var, 0), int):
            raise Failed("loop variable name is taken")
        if rng.random() < 0.25:
            count, text = self.const("N", 2), "N"
        else:
            count = rng.choice([2, 2, 3])
            text = str(count)
        stmt = For(var, count, text, [])
        self.loops.append((var, count))
        self.state.globals[var] = 0
        try:
            stmt.body = self.block(room - 1, depth + 1)
        finally:
            self.loops.pop()
        ctx = self.ctx
        for i in range(1, count):  # the remaining iterations must be valid too
            ctx.bind(var, i)
            for s in stmt.body:
                s.execute(ctx)
        return stmt

    # -- simple statements ---------------------------------------------------
    def operand_pairs(self, pred=None):
        """(name, handle, same-shape partner names) for arrays."""
        arrays = self.arrays(pred)
        out = []
        for n, h in arrays:
            partners = [m for m, g in arrays if g.shape == h.shape and g.dtype == h.dtype]
            out.append((n, h, partners))
        return out

    def new_name(self, pool, reuse=0.15):
        existing = [n for n, _ in self.arrays()]
        if existing and self.rng.random() < reuse:
            return self.rng.choice(existing)
        return self.fresh(pool)

    def op_assign(self):
        rng = self.rng
        pairs = self.operand_pairs()
        if not pairs:
            return None
        a, h, partners = rng.choice(pairs)
        b = rng.choice(partners)
        k = Num(rng.choice([2, 3, 0.5, 1, 2.0]))
        kind = self.pick([(5, "scalar"), (5, "array"), (3, "unary"), (1, "pow"), (3, "reduce"),
                          (1, "dot"), (1, "elemwise"), (1, "chain")])
        pool = TEMP_NAMES
        if kind == "scalar":
            op = rng.choice(["*", "+", "-"])
            expr = Bin(op, Name(a), k) if rng.random() < 0.7 else Bin(op, k, Name(a))
        elif kind == "array":
            expr = Bin(rng.choice(["*", "+", "-"]), Name(a), Name(b))
        elif kind == "unary":
            expr = Call(rng.choice(["relu", "sigmoid", "tanh"]), [Name(a)])
        elif kind == "pow":
            expr = Bin("**", Name(a), Num(2))
        elif kind == "reduce":
            inner = rng.choice([Name(a), Bin("*", Name(a), Name(b)), Bin("*", Name(a), Name(a))])
            expr = Reduce(inner, rng.choice(["sum", "sum", "mean"]))
            pool = HEAD_NAMES
        elif kind == "dot":
            vectors = [n for n, g in self.arrays(lambda g: len(g.shape) == 1)]
            if len(h.shape) == 2:
                vectors = [n for n in vectors if self.state.globals[n].shape[0] == h.shape[1]]
            if not vectors:
                return None
            expr = Call("dot", [Name(a), Name(rng.choice(vectors))])
        elif kind == "elemwise":
            if self.ns == "np":
                expr = Call(rng.choice(["add", "multiply"]), [Name(a), Name(b)])
            else:
                expr = Call(rng.choice(["elemwise_add", "elemwise_mul"]), [Name(a), Name(b)])
        else:
            expr = Bin("*", Bin("+", Name(a), Num(1)), Name(b))
        return Assign(self.new_name(pool), expr)

    def view_keys(self, shape):
        if len(shape) == 1:
            n = shape[0]
            keys = [Key(0), Key(-1), Key("...")]
            if n > 1:
                keys += [Key((1, n)), Key((0, n - 1)), Key((0, n))]
            return keys
        if len(shape) == 2:
            return [Key(0), Key(shape[0] - 1), Key((None, None), 1), Key(0, (None, None)),
                    Key((0, 1)), Key("...")]
        return []

    def view_assign(self):
        rng = self.rng
        arrays = self.arrays(lambda h: len(h.shape) >= 1)
        if not arrays:
            return None
        a, h = rng.choice(arrays)
        kind = self.pick([(6, "index"), (1, "self"), (2, "reshape"), (1, "T"), (2, "copy"),
                          (2, "detach"), (1, "astype"), (1, "astype_nocopy"), (1, "context")])
        if kind == "index":
            expr = View(a, "index", rng.choice(self.view_keys(h.shape)))
        elif kind == "self":
            expr = View(a, "index", Key((None, None)))
        elif kind == "reshape":
            size = h.size
            shapes = {3: [(1, 3), (3, 1)], 6: [(3, 2), (6,), (1, 6)], 2: [(1, 2), (2, 1)],
                      1: [(1, 1)]}.get(size, [(size,)])
            expr = View(a, "reshape", rng.choice(shapes))
        elif kind == "T":
            expr = View(a, "T")
        elif kind in ("copy", "detach"):
            expr = View(a, kind)
        elif kind == "astype":
            expr = View(a, "astype", ("float32", True))
        elif kind == "astype_nocopy":
            expr = View(a, "astype", ("float32", False))
        else:
            expr = View(a, "as_in_context")
        return Assign(self.new_name(VIEW_NAMES, 0.1), expr)

    def alias_assign(self):
        arrays = self.arrays()
        if not arrays:
            return None
        a, _ = self.rng.choice(arrays)
        return Assign(self.new_name(ALIAS_NAMES, 0.2), Name(a))

    def create_assign(self):
        rng = self.rng
        shapes = sorted({h.shape for _, h in self.arrays() if h.shape}) or [(3,)]
        shape = rng.choice(shapes)
        kind = rng.choice(["zeros", "ones", "array"])
        expr = Create(kind, shape, self.values(shape) if kind == "array" else None)
        return Assign(self.new_name(BUFFER_NAMES + TEMP_NAMES, 0.2), expr)

    def attach(self):
        arrays = self.arrays()
        if not arrays:
            return None
        a, _ = self.rng.choice(arrays)
        return AttachGrad(a, self.pick([(6, "write"), (1, "null"), (1, "add")]))

    def backward(self):
        rng = self.rng
        heads = [n for n, h in self.arrays(lambda h: tagged(h) and h.node.kind == "op")]
        if not heads:
            return None
        head = rng.choice(heads)
        form = self.pick([(9, "method"), (3, "retain"), (3, "function"), (1, "function_retain"),
                          (4, "grad")])
        if form == "grad":
            leaves = [n for n, h in self.arrays(lambda h: tagged(h) and h.node.kind == "var"
                                                and h.node.grad_req != "null")]
            if not leaves:
                return None
            expr = GradCall(head, rng.choice(leaves), rng.random() < 0.25)
            return Assign(self.new_name(GRAD_NAMES, 0.1), expr)
        retain = form in ("retain", "function_retain")
        return Backward([head], retain, form in ("method", "retain"))

    def helper_call(self):
        func, kinds = self.rng.choice(self.helpers)
        args = []
        arrays = self.arrays()
        if not arrays:
            return None
        for kind in kinds:
            if kind == "scalar":
                args.append(Num(self.rng.choice([2, 0.5, 0.1, 3])))
            else:
                args.append(Name(self.rng.choice(arrays)[0]))
        call = HelperCall(func, args)
        if func.returns:
            return Assign(self.new_name(TEMP_NAMES + HEAD_NAMES), call)
        return ExprStmt(call)

    # -- writes ------------------------------------------------------------
    def write(self):
        rng = self.rng
        arrays = self.arrays()
        if not arrays:
            return None
        target, h = rng.choice(arrays)
        form = self.pick([(20, "aug_scalar"), (12, "aug_array"), (2, "pow"), (17, "set_whole"),
                          (14, "set_partial"), (5, "set_adv"), (14, "out"), (7, "copyto"),
                          (5, "grad")])
        return getattr(self, "write_" + form)(target, h)

    def same_shape(self, h, exclude=None):
        return [n for n, g in self.arrays()
                if g.shape == h.shape and g.dtype == h.dtype and g is not exclude]

    def write_aug_scalar(self, target, h):
        op = self.pick([(5, "+"), (3, "-"), (3, "*"), (2, "/"), (1, "%")])
        return AugAssign(target, op, Num(self.rng.choice([1, 2, 0.5, 3, 1.0])))

    def write_aug_array(self, target, h):
        rng = self.rng
        partners = self.same_shape(h) + [n for n, g in self.arrays(lambda g: g.size == 1)]
        if not partners:
            return None
        other = rng.choice(partners)
        rhs = Name(other) if rng.random() < 0.75 else Bin("*", Name(other), Num(2))
        return AugAssign(target, rng.choice(["+", "+", "-", "*"]), rhs)

    def write_pow(self, target, h):
        return AugAssign(target, "**", Num(2))

    def whole_keys(self, shape):
        keys = [Key((None, None))] * 5 + [Key("...")] * 2
        if len(shape) >= 1:
            n = shape[0]
            keys += [Key((0, n)), Key((None, n)), Key((0, None))]
            if n == 1:
                keys.append(Key(0))
        return keys

    def value_for(self, shape, target_handle, target_name):
        """A value expression for an assignment into a slot of numpy shape `shape`."""
        rng = self.rng
        options = [(5, "num"), (6, "array"), (2, "expr"), (2, "host"), (3, "view")]
        if shape == target_handle.shape:
            options.append((1, "self"))
        if len(shape) == 1:
            options.append((1, "list"))
        kind = self.pick(options)
        if kind == "num":
            return Num(rng.choice([0, 1, 2.0, 0.5, -1]))
        if kind == "self":
            return Name(target_name)
        if kind == "host":
            host_shape = shape or (1,)
            return Host(host_shape, self.values(host_shape))
        if kind == "list":
            return PyList(self.values(shape))
        if kind in ("array", "expr"):
            names = [n for n, g in self.arrays() if g.shape == shape
                     or (g.size == 1 and rng.random() < 0.3)]
            if not names:
                kind = "view"
            else:
                name = rng.choice(names)
                if kind == "expr":
                    return Bin(rng.choice(["*", "+"]), Name(name), Num(2))
                return Name(name)
        # a view of another array with the slot's shape
        candidates = []
        for n, g in self.arrays(lambda g: len(g.shape) >= 1):
            for key in self.view_keys(g.shape):
                try:
                    np_shape, _ = key.shapes(self.ctx, g.shape)
                except Invalid:
                    continue
                view_shape = np_shape or ((1,) if self.ns == "nd" else ())
                size = 1
                for d in view_shape:
                    size *= d
                if view_shape == shape or size == 1:
                    candidates.append(View(n, "index", key))
        if not candidates:
            return Num(1)
        return rng.choice(candidates)

    def write_set_whole(self, target, h):
        if not h.shape:
            return None
        key = self.rng.choice(self.whole_keys(h.shape))
        try:
            np_shape, _ = key.shapes(self.ctx, h.shape)
        except Invalid:
            return None
        return SetItem(Name(target), key, self.value_for(np_shape, h, target))

    def partial_keys(self, shape):
        keys = []
        if len(shape) == 1 and shape[0] > 1:
            n = shape[0]
            keys = [Key(0), Key(1), Key(-1), Key((1, n)), Key((0, n - 1))]
        elif len(shape) == 2:
            keys = [Key(0), Key(1), Key(0, (None, None)), Key((None, None), 1), Key(1, 2),
                    Key((0, 1))]
        for var, count in self.loops:
            if shape and shape[0] >= count and (shape[0] > 1 or len(shape) > 1):
                keys += [Key(var)] * 3
        return keys

    def write_set_partial(self, target, h):
        keys = self.partial_keys(h.shape)
        if not keys:
            return None
        key = self.rng.choice(keys)
        try:
            np_shape, indexed = key.shapes(self.ctx, h.shape)
        except Invalid:
            return None
        return SetItem(Name(target), key, self.value_for(np_shape, h, target))

    def write_set_adv(self, target, h):
        rng = self.rng
        if len(h.shape) != 1 or h.shape[0] < 3:
            return None
        indices = rng.choice([[0, 2], [0, 1], [1, 2]])
        key = AdvKey(indices, rng.random() < 0.5)
        kind = rng.choice(["num", "num", "view", "view", "array"])
        if kind == "num":
            value = Num(rng.choice([0, 1, 2.0]))
        elif kind == "view":
            sources = [n for n, g in self.arrays(lambda g: len(g.shape) == 1 and g.shape[0] >= 3)]
            value = View(rng.choice(sources), "index", rng.choice([Key((0, 2)), Key((1, 3))]))
        else:
            names = [n for n, g in self.arrays(lambda g: g.shape == (2,) or g.size == 1)]
            if not names:
                return None
            value = Name(rng.choice(names))
        return SetItem(Name(target), key, value)

    def write_out(self, target, h):
        rng = self.rng
        same = self.same_shape(h)
        if self.ns == "np":
            fns = [(4, "relu"), (2, "sigmoid"), (2, "tanh"), (4, "add"), (3, "multiply"),
                   (1, "zeros_like"), (1, "uniform"), (1, "dot")]
        else:
            fns = [(4, "relu"), (2, "sigmoid"), (2, "tanh"), (4, "elemwise_add"),
                   (3, "elemwise_mul"), (1, "zeros_like"), (1, "zeros"), (1, "ones"),
                   (1, "uniform"), (1, "dot")]
        fn = self.pick(fns)
        if fn in ("zeros", "ones", "uniform"):
            return OutCall(fn, [], target, h.shape)
        if fn == "dot":
            mats = [n for n, g in self.arrays(lambda g: len(g.shape) == 2)]
            vecs = [n for n, g in self.arrays(lambda g: len(g.shape) == 1)]
            if not mats or not vecs:
                return None
            return OutCall(fn, [Name(rng.choice(mats)), Name(rng.choice(vecs))], target)
        if fn in ("elemwise_add", "elemwise_mul", "add", "multiply"):
            first = target if rng.random() < 0.4 else rng.choice(same)
            if fn in ("add", "multiply") and rng.random() < 0.3:
                second = Num(rng.choice([1, 2]))
            else:
                second = Name(rng.choice(same))
            args = [Name(first), second]
            if rng.random() < 0.3:
                args.reverse()
            return OutCall(fn, args, target)
        src = target if rng.random() < 0.2 else rng.choice(same)
        return OutCall(fn, [Name(src)], target)

    def write_copyto(self, target, h):
        rng = self.rng
        sources = [n for n in self.same_shape(h, exclude=h)]
        if not sources:
            return None
        src = rng.choice(sources)
        expr = Name(src) if rng.random() < 0.8 else Bin("*", Name(src), Num(2))
        return CopyTo(expr, target)

    def write_grad(self, target, h):
        rng = self.rng
        leaves = [n for n, g in self.arrays(model.has_grad)]
        if not leaves:
            return None
        leaf = rng.choice(leaves)
        form = rng.choice(["zero", "sub", "assign"])
        if form == "zero":
            return SetItem(GradOf(leaf), Key((None, None)), Num(0))
        step = Bin("*", Num(rng.choice([0.1, 0.01])), GradOf(leaf))
        if form == "sub":
            return AugAssign(leaf, "-", step)
        return SetItem(Name(leaf), Key((None, None)), Bin("-", Name(leaf), step))


# ---------------------------------------------------------------------------
def layout(builder, body):
    """Render the whole module; returns (source, all top-level statements)."""
    style = builder.style
    middle = builder.consts + [f for f, _ in builder.helpers] + builder.setup + body
    scratch = []
    for stmt in middle:  # first pass: find which imports the program needs
        stmt.render(style, 0, scratch)
    imports = [Raw(line) for line in style.import_lines()]
    statements = imports + middle
    out = []
    for stmt in statements:
        stmt.render(style, 0, out)
    return "\n".join(out) + "\n", statements


def simulate(ns, statements):
    """Run the program on the model from scratch: (events, executed lines)."""
    state = model.State(ns)
    ctx = Ctx(state)
    for stmt in statements:
        stmt.execute(ctx)
    return sorted(set(state.events)), frozenset(state.executed)


def generate_program(seed, name=None):
    """One program, deterministic in `seed`."""
    for attempt in range(50):
        rng = random.Random("%d/%d" % (seed, attempt))
        builder = Builder(rng)
        try:
            body = builder.build()
        except Failed:
            continue
        source, statements = layout(builder, body)
        lines = source.count("\n")
        if not MIN_LINES <= lines <= MAX_LINES:
            continue
        try:
            events, executed = simulate(builder.ns, statements)
        except Invalid:
            continue
        data_dependent = any(isinstance(s, If) and s.cond.data_dependent for s in walk(statements))
        return Program(
            name=name or "random_%d" % seed,
            seed=seed,
            source=source,
            data_dependent=data_dependent,
            statement_lines=frozenset(s.line for s in walk(statements)),
            executed_lines=executed,
            model_events=tuple(events),
        )
    raise RuntimeError("could not generate a program for seed %d" % seed)


def generate_programs(seed, count):
    """`count` programs derived from `seed`, named random_<seed>_<index>."""
    return [generate_program(seed * 100003 + i, name="random_%d_%04d" % (seed, i))
            for i in range(count)]
