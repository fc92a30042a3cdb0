"""Statements and expressions of generated programs.

Every node can render itself as Python source (given a Style) and run
itself on the model of model.py.  Simple statements run inside a
try/except, like under the oracle's catch-and-continue runner: an E1/E2 is
recorded at the statement's line and the program goes on.
"""
from __future__ import annotations

import math

from . import model
from .model import AutogradError, Handle, HostArray, Invalid, Memory


# ---------------------------------------------------------------------------
# execution context
# ---------------------------------------------------------------------------
class Ctx:
    """A frame: module globals, or a helper call's locals over them."""

    def __init__(self, state, local=None):
        self.state = state
        self.local = local
        self.returned = False
        self.retval = None

    def lookup(self, name):
        if self.local is not None and name in self.local:
            return self.local[name]
        if name in self.state.globals:
            return self.state.globals[name]
        raise Invalid("unbound name " + name)

    def bind(self, name, value):
        (self.local if self.local is not None else self.state.globals)[name] = value

    def names(self):
        merged = dict(self.state.globals)
        if self.local is not None:
            merged.update(self.local)
        return merged


def num_text(value):
    return repr(value) if isinstance(value, (int, float)) else str(value)


def nested_text(shape, values):
    """Literal for an array of `shape` with flat `values`."""
    if len(shape) == 1:
        return "[" + ", ".join(repr(float(v)) for v in values) + "]"
    rows = [values[i * shape[1]:(i + 1) * shape[1]] for i in range(shape[0])]
    return "[" + ", ".join(nested_text(shape[1:], r) for r in rows) + "]"


def shape_text(shape):
    return "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


def broadcastable(vshape, tshape):
    if math.prod(vshape) == 1:
        return True
    if len(vshape) > len(tshape):
        return False
    return all(v in (1, t) for v, t in zip(reversed(vshape), reversed(tshape)))


def as_handle(value):
    if not isinstance(value, Handle):
        raise Invalid("not an array")
    return value


def elementwise(fn, *operands):
    """Values of fn over handles/scalars of one shape; None when any is unknown."""
    lists = []
    size = None
    for op in operands:
        if isinstance(op, Handle):
            vals = op.values()
            if vals is None:
                return None
            lists.append(vals)
            size = len(vals) if size is None else max(size, len(vals))
        else:
            lists.append(None)
    if size is None:
        return None
    cols = []
    for op, vals in zip(operands, lists):
        if vals is None:
            cols.append([float(op)] * size)
        elif len(vals) == 1:
            cols.append(vals * size)
        else:
            cols.append(vals)
    try:
        result = [fn(*args) for args in zip(*cols)]
    except (OverflowError, ZeroDivisionError, ValueError):
        return None
    if any(v is None or not math.isfinite(v) for v in result):
        return None
    return [float(v) for v in result]


BINOPS = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
    "%": lambda a, b: None,  # value left unknown
    "**": lambda a, b: a ** b,
}
UNARY = {
    "relu": lambda a: max(a, 0.0),
    "sigmoid": lambda a: 1.0 / (1.0 + math.exp(-a)),
    "tanh": math.tanh,
}


# ---------------------------------------------------------------------------
# index keys
# ---------------------------------------------------------------------------
class Key:
    """A basic index: components are ints, (start, stop) slices, "..." or a loop variable name."""

    def __init__(self, *comps):
        self.comps = comps

    def render(self, st):
        parts = []
        for c in self.comps:
            if isinstance(c, tuple):
                start, stop = c
                parts.append("%s:%s" % ("" if start is None else start,
                                        "" if stop is None else stop))
            else:
                parts.append(str(c))
        return ", ".join(parts)

    @property
    def is_self(self):
        """`x[:]` returns `x` itself."""
        return self.comps == ((None, None),)

    def shapes(self, ctx, shape):
        """(numpy result shape, MXNet's indexed shape that keeps int axes)."""
        comps = []
        for c in self.comps:
            if isinstance(c, str) and c != "...":
                c = ctx.lookup(c)
                if not isinstance(c, int):
                    raise Invalid("index variable is not an int")
            comps.append(c)
        if "..." in comps:
            at = comps.index("...")
            fill = len(shape) - (len(comps) - 1)
            comps = comps[:at] + [(None, None)] * fill + comps[at + 1:]
        if len(comps) > len(shape) or not shape:
            raise Invalid("too many indices")
        comps += [(None, None)] * (len(shape) - len(comps))
        np_shape, indexed = [], []
        for c, dim in zip(comps, shape):
            if isinstance(c, int):
                if not -dim <= c < dim:
                    raise Invalid("index out of range")
                indexed.append(1)
            else:
                n = len(range(dim)[slice(*c)])
                if n == 0:
                    raise Invalid("empty slice")
                np_shape.append(n)
                indexed.append(n)
        return tuple(np_shape), tuple(indexed)


class AdvKey:
    """An advanced index on a 1-D array: a list, or an index array."""

    def __init__(self, indices, as_array):
        self.indices = indices
        self.as_array = as_array

    def render(self, st):
        items = "[" + ", ".join(str(i) for i in self.indices) + "]"
        if not self.as_array:
            return items
        if st.ns == "np":
            return "%s.array(%s, dtype='int32')" % (st.arr, items)
        return "%s.array(%s)" % (st.arr, items)

    def shapes(self, ctx, shape):
        if len(shape) != 1 or any(not -shape[0] <= i < shape[0] for i in self.indices):
            raise Invalid("bad advanced index")
        return (len(self.indices),), None


# ---------------------------------------------------------------------------
# expressions
# ---------------------------------------------------------------------------
class Expr:
    atomic = True

    def operand(self, st):
        text = self.render(st)
        return text if self.atomic else "(" + text + ")"


class Num(Expr):
    def __init__(self, value):
        self.value = value

    def render(self, st):
        return num_text(self.value)

    def ev(self, ctx):
        return self.value


class Name(Expr):
    def __init__(self, name):
        self.name = name

    def render(self, st):
        return self.name

    def ev(self, ctx):
        return ctx.lookup(self.name)


class Create(Expr):
    """nd.array([...]) / nd.zeros(shape) / nd.ones(shape): no inputs, never tagged."""

    def __init__(self, kind, shape, values=None):
        self.kind = kind
        self.shape = tuple(shape)
        self.values = values

    def render(self, st):
        if self.kind == "array":
            return "%s.array(%s)" % (st.arr, nested_text(self.shape, self.values))
        return "%s.%s(%s)" % (st.arr, self.kind, shape_text(self.shape))

    def ev(self, ctx):
        size = math.prod(self.shape)
        values = {"array": self.values, "zeros": [0.0] * size, "ones": [1.0] * size}[self.kind]
        return Handle(self.shape, ctx.state.ns, Memory(list(values)))


class Host(Expr):
    """A real numpy array."""

    def __init__(self, shape, values):
        self.shape = tuple(shape)
        self.values = values

    def render(self, st):
        return "%s.array(%s)" % (st.host(), nested_text(self.shape, self.values))

    def ev(self, ctx):
        return HostArray(self.shape, self.values)


class PyList(Expr):
    def __init__(self, values):
        self.values = values

    def render(self, st):
        return nested_text((len(self.values),), self.values)

    def ev(self, ctx):
        return HostArray((len(self.values),), self.values)


class Bin(Expr):
    atomic = False

    def __init__(self, op, left, right):
        self.op, self.left, self.right = op, left, right

    def render(self, st):
        return "%s %s %s" % (self.left.operand(st), self.op, self.right.operand(st))

    def ev(self, ctx):
        a, b = self.left.ev(ctx), self.right.ev(ctx)
        arrays = [v for v in (a, b) if isinstance(v, Handle)]
        if not arrays or any(not isinstance(v, (Handle, int, float)) for v in (a, b)):
            raise Invalid("bad operands")
        if len(arrays) == 2 and (a.shape != b.shape or a.dtype != b.dtype):
            raise Invalid("operand shapes differ")
        shape, dtype = arrays[0].shape, arrays[0].dtype
        values = elementwise(BINOPS[self.op], a, b)
        return model.new_output(ctx.state, arrays, shape, ctx.state.ns, values, dtype)


class Call(Expr):
    """An operator call returning a new array: relu/sigmoid/tanh/dot/elemwise_*."""

    def __init__(self, fn, args):
        self.fn, self.args = fn, args

    def render(self, st):
        return "%s(%s)" % (function_name(st, self.fn), ", ".join(a.render(st) for a in self.args))

    def ev(self, ctx):
        values = [a.ev(ctx) for a in self.args]
        shape, vals = op_result(ctx.state.ns, self.fn, values)
        arrays = [v for v in values if isinstance(v, Handle)]
        return model.new_output(ctx.state, arrays, shape, ctx.state.ns, vals, arrays[0].dtype)


def function_name(st, fn):
    if st.ns == "np":
        return {"relu": "npx.relu", "sigmoid": "npx.sigmoid", "tanh": "np.tanh", "dot": "np.dot",
                "add": "np.add", "multiply": "np.multiply", "zeros_like": "np.zeros_like",
                "uniform": "np.random.uniform"}[fn]
    return st.arr + "." + {"uniform": "random.uniform"}.get(fn, fn)


def op_result(ns, fn, values):
    """(shape, values) of operator `fn` applied to evaluated arguments."""
    arrays = [v for v in values if isinstance(v, Handle)]
    if not arrays or any(not isinstance(v, (Handle, int, float)) for v in values):
        raise Invalid("bad arguments")
    if any(a.dtype != arrays[0].dtype for a in arrays):
        raise Invalid("mixed dtypes")
    if fn in UNARY:
        return arrays[0].shape, elementwise(UNARY[fn], arrays[0])
    if fn == "zeros_like":
        return arrays[0].shape, [0.0] * arrays[0].size
    if fn in ("elemwise_add", "elemwise_mul", "add", "multiply"):
        if len(arrays) == 2 and arrays[0].shape != arrays[1].shape:
            raise Invalid("shapes differ")
        if fn.startswith("elemwise") and len(arrays) != 2:
            raise Invalid("elemwise needs two arrays")
        op = BINOPS["+" if fn in ("elemwise_add", "add") else "*"]
        return arrays[0].shape, elementwise(op, *values)
    if fn == "dot":
        a, b = values
        if not (isinstance(a, Handle) and isinstance(b, Handle)):
            raise Invalid("dot needs arrays")
        va, vb = a.values(), b.values()
        if len(a.shape) == 1 and a.shape == b.shape:
            vals = None if va is None or vb is None else [sum(x * y for x, y in zip(va, vb))]
            return model.scalar_shape(ns), vals
        if len(a.shape) == 2 and len(b.shape) == 1 and a.shape[1] == b.shape[0]:
            n = a.shape[1]
            vals = None if va is None or vb is None else [
                sum(va[r * n + k] * vb[k] for k in range(n)) for r in range(a.shape[0])]
            return (a.shape[0],), vals
        raise Invalid("dot shapes")
    raise Invalid("unknown operator " + fn)


class Reduce(Expr):
    """t.sum() / t.mean()."""

    def __init__(self, recv, how):
        self.recv, self.how = recv, how

    def render(self, st):
        return "%s.%s()" % (self.recv.operand(st), self.how)

    def ev(self, ctx):
        a = as_handle(self.recv.ev(ctx))
        vals = a.values()
        if vals is not None:
            total = sum(vals)
            vals = [total if self.how == "sum" else total / len(vals)]
        return model.new_output(ctx.state, [a], model.scalar_shape(ctx.state.ns), ctx.state.ns,
                                vals, a.dtype)


class View(Expr):
    """Views and copies of a named array: index, reshape, T, copy, detach, astype, as_in_context."""

    def __init__(self, name, kind, arg=None):
        self.name, self.kind, self.arg = name, kind, arg

    def render(self, st):
        n = self.name
        if self.kind == "index":
            return "%s[%s]" % (n, self.arg.render(st))
        if self.kind == "reshape":
            return "%s.reshape(%s)" % (n, shape_text(self.arg))
        if self.kind == "T":
            return n + ".T"
        if self.kind in ("copy", "detach"):
            return "%s.%s()" % (n, self.kind)
        if self.kind == "astype":
            dtype, copy = self.arg
            return "%s.astype('%s'%s)" % (n, dtype, "" if copy else ", copy=False")
        if self.kind == "as_in_context":
            return "%s.as_in_context(%s.cpu())" % (n, st.mx())
        raise AssertionError(self.kind)

    def ev(self, ctx):
        x = as_handle(ctx.lookup(self.name))
        state, ns = ctx.state, ctx.state.ns
        if self.kind == "index":
            if self.arg.is_self and x.shape:
                return x
            if not x.shape:
                raise Invalid("index of a 0-d array")
            np_shape, _ = self.arg.shapes(ctx, x.shape)
            if ns == "nd" and not np_shape:
                np_shape = (1,)
            view = Handle(np_shape, ns, x.mem, x.dtype, full=False)
            model.record(state, [x], [view])
            return view
        if self.kind == "reshape":
            if math.prod(self.arg) != x.size:
                raise Invalid("reshape size")
            view = Handle(self.arg, ns, x.mem, x.dtype, full=x.full)
            model.record(state, [x], [view])
            return view
        if self.kind == "T":
            if len(x.shape) <= 1 and ns == "nd":
                return x
            full = len(x.shape) <= 1 and x.full
            view = Handle(tuple(reversed(x.shape)), ns, x.mem, x.dtype, full=full)
            model.record(state, [x], [view])
            return view
        if self.kind == "copy":
            return model.new_output(state, [x], x.shape, ns, x.values(), x.dtype)
        if self.kind == "detach":
            return Handle(x.shape, ns, x.mem, x.dtype, full=x.full)
        if self.kind == "astype":
            dtype, copy = self.arg
            if not copy and dtype == x.dtype:
                return x
            return model.new_output(state, [x], x.shape, ns, x.values(), dtype)
        if self.kind == "as_in_context":
            if ns == "nd":
                return x
            # np: x.as_nd_ndarray().as_in_context(ctx).as_np_ndarray(), a shallow
            # copy: a new Python object on the same memory and the same graph node
            twin = Handle(x.shape, ns, x.mem, x.dtype, full=x.full)
            twin.node = x.node
            return twin
        raise AssertionError(self.kind)


class GradOf(Expr):
    """x.grad: a new untagged handle on the gradient buffer."""

    def __init__(self, name):
        self.name = name

    def render(self, st):
        return self.name + ".grad"

    def ev(self, ctx):
        x = as_handle(ctx.lookup(self.name))
        if not model.has_grad(x):
            raise Invalid("x.grad is None")
        return Handle(x.shape, ctx.state.ns, Memory(), x.dtype)


class GradCall(Expr):
    """autograd.grad(head, [var])[0]."""

    def __init__(self, head, var, retain):
        self.head, self.var, self.retain = head, var, retain

    def render(self, st):
        return "%s(%s, [%s]%s)[0]" % (st.grad_fn(), self.head, self.var,
                                      ", retain_graph=True" if self.retain else "")

    def ev(self, ctx):
        head = as_handle(ctx.lookup(self.head))
        var = as_handle(ctx.lookup(self.var))
        model.backward([head], self.retain, [var])
        # autograd.grad returns legacy NDArrays, in np programs too
        return Handle(var.shape, "nd", Memory(), var.dtype)


class HelperCall(Expr):
    def __init__(self, func, args):
        self.func, self.args = func, args

    def render(self, st):
        return "%s(%s)" % (self.func.name, ", ".join(a.render(st) for a in self.args))

    def ev(self, ctx):
        values = [a.ev(ctx) for a in self.args]
        return self.func.invoke(ctx, values)


# ---------------------------------------------------------------------------
# statements
# ---------------------------------------------------------------------------
class Stmt:
    line = None

    def size(self):
        return 1

    def render(self, st, indent, out):
        self.line = len(out) + 1
        out.append("    " * indent + self.text(st))

    def execute(self, ctx):
        ctx.state.executed.add(self.line)
        try:
            self.run(ctx)
        except AutogradError as err:
            ctx.state.events.append((self.line, err.kind))

    def names_bound(self):
        return ()


class Raw(Stmt):
    """A statement with no effect on arrays (imports, constants, set_np)."""

    def __init__(self, text, bind=None):
        self._text, self.bind = text, bind

    def text(self, st):
        return self._text

    def run(self, ctx):
        if self.bind is not None:
            ctx.bind(*self.bind)


class Assign(Stmt):
    def __init__(self, name, expr):
        self.name, self.expr = name, expr

    def text(self, st):
        return "%s = %s" % (self.name, self.expr.render(st))

    def run(self, ctx):
        ctx.bind(self.name, self.expr.ev(ctx))


class ExprStmt(Stmt):
    def __init__(self, expr):
        self.expr = expr

    def text(self, st):
        return self.expr.render(st)

    def run(self, ctx):
        self.expr.ev(ctx)


class AttachGrad(Stmt):
    def __init__(self, name, grad_req="write"):
        self.name, self.grad_req = name, grad_req

    def text(self, st):
        arg = "" if self.grad_req == "write" else "grad_req=%r" % self.grad_req
        return "%s.attach_grad(%s)" % (self.name, arg)

    def run(self, ctx):
        model.attach_grad(as_handle(ctx.lookup(self.name)), self.grad_req)


class AugAssign(Stmt):
    def __init__(self, name, op, rhs):
        self.name, self.op, self.rhs = name, op, rhs

    def text(self, st):
        return "%s %s= %s" % (self.name, self.op, self.rhs.render(st))

    def run(self, ctx):
        target = as_handle(ctx.lookup(self.name))
        rhs = self.rhs.ev(ctx)
        if isinstance(rhs, Handle):
            if not (rhs.shape == target.shape or (rhs.size == 1 and rhs.dtype == target.dtype)):
                raise Invalid("augmented assignment shape")
            if rhs.dtype != target.dtype:
                raise Invalid("augmented assignment dtype")
            inputs = [target, rhs]
        elif isinstance(rhs, (int, float)):
            if self.op in ("/", "%") and rhs == 0:
                raise Invalid("division by zero")
            inputs = [target]
        else:
            raise Invalid("bad right-hand side")
        values = elementwise(BINOPS[self.op], target, rhs)
        if self.op == "**":  # no __ipow__: rebinds the name to a new array
            ctx.bind(self.name, model.new_output(ctx.state, inputs, target.shape, ctx.state.ns,
                                                 values, target.dtype))
            return
        model.write(ctx.state, target, inputs, values)


class SetItem(Stmt):
    """target[key] = value; the target is a Name or x.grad."""

    def __init__(self, target, key, value):
        self.target, self.key, self.value = target, key, value

    def text(self, st):
        return "%s[%s] = %s" % (self.target.render(st), self.key.render(st), self.value.render(st))

    def run(self, ctx):
        value = self.value.ev(ctx)  # Python evaluates the value first
        target = as_handle(self.target.ev(ctx))
        if not target.shape:
            raise Invalid("subscript assignment on a 0-d array")
        np_shape, indexed = self.key.shapes(ctx, target.shape)
        if isinstance(value, (Handle, HostArray)):
            if not broadcastable(value.shape, np_shape):
                raise Invalid("value shape")
            if isinstance(value, Handle) and value.dtype != target.dtype:
                raise Invalid("value dtype")
        elif not isinstance(value, (int, float)):
            raise Invalid("bad value")
        state = ctx.state
        if isinstance(self.key, AdvKey):  # _scatter_set_nd(lhs=target, out=target)
            inputs = [target] + ([value] if isinstance(value, Handle) else [])
            model.write(state, target, inputs)
            return
        if indexed == target.shape:  # whole array
            if isinstance(value, Handle):
                if value is target:
                    return  # skipped: assigning an array to itself
                model.write(state, target, [value])  # _copyto(value, out=target)
            elif isinstance(value, HostArray) and not isinstance(self.value, PyList):
                target.mem.values = None  # host copy: no operator, never checked
            else:
                model.write(state, target, [])  # _full / _copyto of an untagged array
            return
        # partial: _slice_assign(_scalar)(target, value, out=target)
        inputs = [target] + ([value] if isinstance(value, Handle) else [])
        model.write(state, target, inputs)


class OutCall(Stmt):
    """An operator writing its result into `out=`."""

    def __init__(self, fn, args, out, shape=None):
        self.fn, self.args, self.out, self.shape = fn, args, out, shape

    def text(self, st):
        args = [a.render(st) for a in self.args]
        if self.fn in ("zeros", "ones"):
            args = [shape_text(self.shape)]
        elif self.fn == "uniform":
            args = ["%s=%s" % ("size" if st.ns == "np" else "shape", shape_text(self.shape))]
        return "%s(%s, out=%s)" % (function_name(st, self.fn), ", ".join(args), self.out)

    def run(self, ctx):
        target = as_handle(ctx.lookup(self.out))
        if self.fn in ("zeros", "ones", "uniform"):
            if self.shape != target.shape or target.dtype != "float32":
                raise Invalid("out shape")
            values = None if self.fn == "uniform" else [float(self.fn == "ones")] * target.size
            model.write(ctx.state, target, [], values)
            return
        values = [a.ev(ctx) for a in self.args]
        shape, vals = op_result(ctx.state.ns, self.fn, values)
        arrays = [v for v in values if isinstance(v, Handle)]
        if shape != target.shape or arrays[0].dtype != target.dtype:
            raise Invalid("out shape")
        if self.fn == "zeros_like" and ctx.state.ns == "np":
            # mxnet.numpy.zeros_like passes `out=ctx` on (1.9.1): `out` is ignored,
            # nothing is written
            return
        model.write(ctx.state, target, arrays, vals)


class CopyTo(Stmt):
    def __init__(self, src, dst):
        self.src, self.dst = src, dst

    def text(self, st):
        return "%s.copyto(%s)" % (self.src.operand(st), self.dst)

    def run(self, ctx):
        src = as_handle(self.src.ev(ctx))
        dst = as_handle(ctx.lookup(self.dst))
        if src is dst or src.shape != dst.shape or src.dtype != dst.dtype:
            raise Invalid("copyto")
        model.write(ctx.state, dst, [src], src.values())


class Backward(Stmt):
    """y.backward() / autograd.backward([y, ...])."""

    def __init__(self, heads, retain, method):
        self.heads, self.retain, self.method = heads, retain, method

    def text(self, st):
        retain = "retain_graph=True" if self.retain else ""
        if self.method:
            return "%s.backward(%s)" % (self.heads[0], retain)
        return "%s([%s]%s)" % (st.backward_fn(), ", ".join(self.heads),
                               ", " + retain if retain else "")

    def run(self, ctx):
        heads = [as_handle(ctx.lookup(h)) for h in self.heads]
        if len({id(h) for h in heads}) != len(heads):
            raise Invalid("repeated head")
        model.backward(heads, self.retain)


class Return(Stmt):
    def __init__(self, expr):
        self.expr = expr

    def text(self, st):
        return "return " + self.expr.render(st)

    def run(self, ctx):
        ctx.retval = self.expr.ev(ctx)
        ctx.returned = True


# -- compound statements -----------------------------------------------------
def render_body(body, st, indent, out):
    for stmt in body:
        stmt.render(st, indent, out)


def run_body(body, ctx):
    for stmt in body:
        stmt.execute(ctx)
        if ctx.returned:
            return


class With(Stmt):
    """with record(): / with record(train_mode=False): / with pause():"""

    def __init__(self, kind, body):
        self.kind, self.body = kind, body

    def size(self):
        return 1 + sum(s.size() for s in self.body)

    def header(self, st):
        if self.kind == "pause":
            return "with %s:" % st.pause()
        return "with %s:" % st.record(False if self.kind == "predict" else None)

    def render(self, st, indent, out):
        self.line = len(out) + 1
        out.append("    " * indent + self.header(st))
        render_body(self.body, st, indent + 1, out)

    def execute(self, ctx):
        ctx.state.executed.add(self.line)
        saved = ctx.state.recording
        ctx.state.recording = self.kind != "pause"
        try:
            run_body(self.body, ctx)
        finally:
            ctx.state.recording = saved


class StaticCond:
    """A condition the linter can decide: a literal or a module constant compared."""

    def __init__(self, text, value):
        self._text, self.value = text, value
        self.data_dependent = False

    def render(self, st):
        return self._text

    def ev(self, ctx):
        return self.value


class DataCond:
    """A condition on array values: `float(t.sum().asscalar()) > 2.5` and the like."""

    data_dependent = True

    def __init__(self, name, how, op, threshold):
        self.name, self.how, self.op, self.threshold = name, how, op, threshold

    def render(self, st):
        n = self.name
        if self.how == "max":
            expr = "%s.asnumpy().max()" % n
        elif st.ns == "np":
            expr = "float(%s.%s())" % (n, self.how)
        else:
            expr = "float(%s.%s().asscalar())" % (n, self.how)
        return "%s %s %s" % (expr, self.op, num_text(self.threshold))

    def measure(self, ctx):
        x = ctx.lookup(self.name)
        if not isinstance(x, Handle) or x.values() is None:
            raise Invalid("condition on an array of unknown value")
        vals = x.values()
        if self.how == "max":
            return max(vals)
        return sum(vals) / (len(vals) if self.how == "mean" else 1)

    def ev(self, ctx):
        value = self.measure(ctx)
        if abs(value - self.threshold) < 0.2 + 1e-3 * abs(value) or not math.isfinite(value):
            raise Invalid("condition too close to call")
        # t.sum() is recorded like any operator, but its output is discarded and
        # a single-input operator does not change the tags of named arrays.
        return value > self.threshold if self.op == ">" else value < self.threshold


class If(Stmt):
    def __init__(self, cond, then, orelse):
        self.cond, self.then, self.orelse = cond, then, orelse

    def size(self):
        return 1 + sum(s.size() for s in self.then) + (
            1 + sum(s.size() for s in self.orelse) if self.orelse else 0)

    def render(self, st, indent, out):
        self.line = len(out) + 1
        out.append("    " * indent + "if %s:" % self.cond.render(st))
        render_body(self.then, st, indent + 1, out)
        if self.orelse:
            out.append("    " * indent + "else:")
            render_body(self.orelse, st, indent + 1, out)

    def execute(self, ctx):
        ctx.state.executed.add(self.line)
        run_body(self.then if self.cond.ev(ctx) else self.orelse, ctx)


class For(Stmt):
    def __init__(self, var, count, count_text, body):
        self.var, self.count, self.count_text, self.body = var, count, count_text, body

    def size(self):
        return 1 + sum(s.size() for s in self.body)

    def render(self, st, indent, out):
        self.line = len(out) + 1
        out.append("    " * indent + "for %s in range(%s):" % (self.var, self.count_text))
        render_body(self.body, st, indent + 1, out)

    def execute(self, ctx):
        ctx.state.executed.add(self.line)
        for i in range(self.count):
            ctx.bind(self.var, i)
            run_body(self.body, ctx)
            if ctx.returned:
                return


class FuncDef(Stmt):
    def __init__(self, name, params, body):
        self.name, self.params, self.body = name, params, body

    def size(self):
        return 1 + sum(s.size() for s in self.body)

    def render(self, st, indent, out):
        self.line = len(out) + 1
        out.append("    " * indent + "def %s(%s):" % (self.name, ", ".join(self.params)))
        render_body(self.body, st, indent + 1, out)

    def execute(self, ctx):
        ctx.state.executed.add(self.line)

    @property
    def returns(self):
        return any(isinstance(s, Return) for s in self.body)

    def invoke(self, ctx, args):
        if len(args) != len(self.params):
            raise Invalid("arity")
        frame = Ctx(ctx.state, dict(zip(self.params, args)))
        run_body(self.body, frame)
        return frame.retval


def walk(stmts):
    """Every statement, compound bodies included, in source order."""
    for s in stmts:
        yield s
        for attr in ("body", "then", "orelse"):
            yield from walk(getattr(s, attr, None) or [])
