"""The statements and expressions of generated programs, and how they are written.

One tree is written twice: as the program (names refer to arrays that in-place
writes change) and as its functional reading (semantics.py: every write binds
a new name). ``render`` takes a ``names`` function that spells each array
name, so the same expression reads the current version in either program.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional, Tuple, Union

from .spelling import Spelling, number
from .values import size_of

LOOP_COUNT = 2  # `for step in range(2):`
LOOP_VARIABLE = "step"


# -- keys ---------------------------------------------------------------------
@dataclass(frozen=True)
class Slice:
    lower: Optional[int] = None
    upper: Optional[int] = None

    @property
    def full(self) -> bool:
        return self.lower is None and self.upper is None


FULL = Slice()
ELLIPSIS = "..."
LOOP_INDEX = "<loop variable>"  # the loop's variable as an int key: `t[step] = ...`
KeyItem = Union[int, Slice, str]
Key = Tuple[KeyItem, ...]


def key_text(key: Key, step: Optional[int] = None) -> str:
    """The key as written; ``step``: the loop variable's value, None to name the variable."""
    def item(part):
        if part == ELLIPSIS:
            return "..."
        if part == LOOP_INDEX:
            return LOOP_VARIABLE if step is None else str(step)
        if isinstance(part, Slice):
            return "%s:%s" % ("" if part.lower is None else part.lower,
                              "" if part.upper is None else part.upper)
        return str(part)
    return ", ".join(item(part) for part in key)


def at_step(key: Key, step: Optional[int]) -> Key:
    """The key with the loop variable's value (0 outside a loop: the part's shape is the same)."""
    return tuple((step or 0) if part == LOOP_INDEX else part for part in key)


@dataclass(frozen=True)
class Region:
    """What a key selects in an array of a given shape."""

    positions: Tuple[int, ...]  # flat positions, in row-major order of the part
    shape: Tuple[int, ...]  # the part's shape with indexed axes kept as length 1
    kind: str  # "whole", "broadcast" (ints and full slices) or "partial" (a partial slice)
    axis: int = -1  # for "partial": the one sliced axis
    bounds: Tuple[int, int] = (0, 0)  # for "partial": its start and stop

    @property
    def size(self) -> int:
        return len(self.positions)


def region(key: Key, shape: Tuple[int, ...]) -> Region:
    items = [FULL] * len(shape) if key == (ELLIPSIS,) else list(key) + [FULL] * (len(shape) - len(key))
    axes = []
    sliced = []
    for axis, (part, length) in enumerate(zip(items, shape)):
        if isinstance(part, Slice):
            start, stop, _ = slice(part.lower, part.upper).indices(length)
            axes.append(list(range(start, stop)))
            if not part.full:
                sliced.append((axis, start, stop))
        else:
            axes.append([part % length])
    positions = [()]
    for indices in axes:
        positions = [p + (i,) for p in positions for i in indices]
    strides = [size_of(shape[axis + 1:]) for axis in range(len(shape))]
    flat = tuple(sum(i * s for i, s in zip(p, strides)) for p in positions)
    part_shape = tuple(len(indices) for indices in axes)
    if all(isinstance(part, Slice) and part.full for part in items):
        return Region(flat, part_shape, "whole")
    if sliced:
        axis, start, stop = sliced[0]
        return Region(flat, part_shape, "partial", axis, (start, stop))
    return Region(flat, part_shape, "broadcast")


def indexed_shape(key: Key, shape: Tuple[int, ...], interface: str) -> Tuple[int, ...]:
    """The shape of ``a[key]``: indexed axes dropped; legacy nd gives (1,) for a single element."""
    part = region(key, shape)
    items = list(key) + [FULL] * (len(shape) - len(key)) if key != (ELLIPSIS,) else [FULL] * len(shape)
    kept = tuple(n for n, item in zip(part.shape, items) if isinstance(item, Slice))
    if not kept and interface == "nd":
        return (1,)
    return kept


# -- expressions --------------------------------------------------------------
@dataclass(frozen=True)
class Ref:
    name: str


@dataclass(frozen=True)
class Num:
    value: float


@dataclass(frozen=True)
class StepNum:
    """``(step + 1)`` inside the loop."""


@dataclass(frozen=True)
class Bin:
    op: str
    left: object
    right: object


@dataclass(frozen=True)
class Fn:
    name: str  # relu, sigmoid, tanh
    arg: object


@dataclass(frozen=True)
class Dot:
    left: object
    matrix: Ref


@dataclass(frozen=True)
class Item:
    base: Ref
    key: Key


@dataclass(frozen=True)
class CopyOf:
    src: object


PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}


def level(expr) -> int:
    if isinstance(expr, Bin):
        return PRECEDENCE[expr.op]
    if isinstance(expr, Num) and expr.value < 0:
        return 2  # `-1.5` as an operand of `*`: fine; of `**`: never made
    return 3


class Env:
    """How names, the loop variable and the MXNet modules are spelled in one program text."""

    def __init__(self, spelling: Spelling, names: Callable[[str], str], step: Optional[int] = None):
        self.sp = spelling
        self.names = names
        self.step = step  # None: the loop variable itself; an int: its value (unrolled)


def render(expr, env: Env) -> str:
    if isinstance(expr, Ref):
        return env.names(expr.name)
    if isinstance(expr, Num):
        return number(expr.value)
    if isinstance(expr, StepNum):
        return "(%s + 1)" % LOOP_VARIABLE if env.step is None else number(env.step + 1)
    if isinstance(expr, Bin):
        left, right = render(expr.left, env), render(expr.right, env)
        mine = PRECEDENCE[expr.op]
        if level(expr.left) < mine:
            left = "(%s)" % left
        if level(expr.right) < mine or (level(expr.right) == mine and expr.op in "-/"):
            right = "(%s)" % right
        return "%s %s %s" % (left, expr.op, right)
    if isinstance(expr, Fn):
        return "%s(%s)" % (env.sp.unary(expr.name), render(expr.arg, env))
    if isinstance(expr, Dot):
        return "%s(%s, %s)" % (env.sp.dot(), render(expr.left, env), render(expr.matrix, env))
    if isinstance(expr, Item):
        return "%s[%s]" % (render(expr.base, env), key_text(expr.key, env.step))
    if isinstance(expr, CopyOf):
        return "%s.copy()" % atom(expr.src, env)
    raise TypeError(expr)


def atom(expr, env: Env) -> str:
    """The expression's text, parenthesized unless it is a name, call or subscript."""
    text = render(expr, env)
    return text if isinstance(expr, (Ref, Fn, Dot, Item, CopyOf)) else "(%s)" % text


def refs(expr):
    """Every array name the expression reads."""
    if isinstance(expr, Ref):
        yield expr.name
    elif isinstance(expr, Bin):
        yield from refs(expr.left)
        yield from refs(expr.right)
    elif isinstance(expr, (Fn,)):
        yield from refs(expr.arg)
    elif isinstance(expr, Dot):
        yield from refs(expr.left)
        yield expr.matrix.name
    elif isinstance(expr, Item):
        yield expr.base.name
    elif isinstance(expr, CopyOf):
        yield from refs(expr.src)


# -- statements ---------------------------------------------------------------
@dataclass(frozen=True)
class Assign:
    name: str
    expr: object


@dataclass(frozen=True)
class Aug:
    name: str
    op: str
    expr: object


@dataclass(frozen=True)
class Out:
    """``op(args..., out=name)``: op is relu, sigmoid, tanh, dot (args: array, matrix),
    or +, -, * (two arrays, as elemwise_add/np.add and friends)."""

    op: str
    args: Tuple[object, ...]
    out: str


@dataclass(frozen=True)
class SetItem:
    name: str
    key: Key
    value: object  # Num or an array expression


@dataclass(frozen=True)
class CopyTo:
    src: object
    dst: str


@dataclass(frozen=True)
class Loop:
    body: Tuple[object, ...]


@dataclass(frozen=True)
class Loss:
    expr: object
    reduce: str  # sum or mean


@dataclass(frozen=True)
class Backward:
    pass


WRITES = (Aug, Out, SetItem, CopyTo)


def call_text(op: str, args, env: Env) -> str:
    """The operator call of an Out statement, without ``out=``."""
    texts = [render(arg, env) for arg in args]
    if op in ("relu", "sigmoid", "tanh"):
        function = env.sp.unary(op)
    elif op == "dot":
        function = env.sp.dot()
    else:
        function = env.sp.binary(op)
    return "%s(%s)" % (function, ", ".join(texts))


def source_lines(statement, env: Env):
    """The statement as the program writes it (in-place writes stay in place)."""
    if isinstance(statement, Assign):
        return ["%s = %s" % (statement.name, render(statement.expr, env))]
    if isinstance(statement, Aug):
        return ["%s %s= %s" % (statement.name, statement.op, render(statement.expr, env))]
    if isinstance(statement, Out):
        call = call_text(statement.op, statement.args, env)
        return ["%s, out=%s)" % (call[:-1], statement.out)]
    if isinstance(statement, SetItem):
        return ["%s[%s] = %s" % (statement.name, key_text(statement.key, env.step), render(statement.value, env))]
    if isinstance(statement, CopyTo):
        return ["%s.copyto(%s)" % (atom(statement.src, env), statement.dst)]
    if isinstance(statement, Loop):
        lines = ["for %s in range(%d):" % (LOOP_VARIABLE, LOOP_COUNT)]
        for inner in statement.body:
            lines.extend("    " + line for line in source_lines(inner, env))
        return lines
    if isinstance(statement, Loss):
        return ["loss = %s.%s()" % (atom(statement.expr, env), statement.reduce)]
    if isinstance(statement, Backward):
        return ["loss.backward()"]
    raise TypeError(statement)
