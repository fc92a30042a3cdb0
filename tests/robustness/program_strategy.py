"""A hypothesis strategy for MXNet programs with recording regions, written as people write them.

A program imports MXNet in one of the usual styles, for the legacy `nd` or the `np`
interface, makes a few arrays (some of them `attach_grad` leaves), and records a region of
operations and in-place writes of every form, nested in `if`, `for`, `with` and `def`. The
same program is then laid out in one of several ways: indentation, line endings, comments,
`# noqa`, semicolons, parenthesised continuation lines, a byte order mark or a PEP 263 cookie.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import List, Tuple

from hypothesis import strategies as st

# A small pool, so that writes, reads and renames meet; x_1 collides with the fixer's fresh names.
NAMES = ("x", "y", "z", "w", "h", "loss", "x_1", "out")
Line = Tuple[int, str]  # (depth, text)


@dataclass(frozen=True)
class Spelling:
    """How a program names MXNet: its imports and the spelled-out modules it calls."""

    imports: Tuple[str, ...]
    arrays: str  # creation and arithmetic: nd, mx.nd, np, mx.np, ...
    activations: str  # relu and sigmoid: the array module for nd, npx for np
    autograd: str  # prefix of record() and pause(); "" when imported by name
    numpy_interface: bool


SPELLINGS = (
    Spelling(("import mxnet as mx",), "mx.nd", "mx.nd", "mx.autograd.", False),
    Spelling(("from mxnet import autograd, nd",), "nd", "nd", "autograd.", False),
    Spelling(("from mxnet import autograd as ag", "from mxnet import ndarray as nd"), "nd", "nd", "ag.", False),
    Spelling(("import mxnet",), "mxnet.nd", "mxnet.nd", "mxnet.autograd.", False),
    Spelling(("import mxnet.autograd as autograd", "import mxnet.ndarray as F"), "F", "F", "autograd.", False),
    Spelling(("from mxnet.autograd import record, pause", "from mxnet import nd"), "nd", "nd", "", False),
    Spelling(("import mxnet as mx", "mx.npx.set_np()"), "mx.np", "mx.npx", "mx.autograd.", True),
    Spelling(("from mxnet import autograd, np, npx", "npx.set_np()"), "np", "npx", "autograd.", True),
    Spelling(("from mxnet import np, npx", "from mxnet import autograd as ag", "npx.set_np()"), "np", "npx", "ag.",
             True),
)


class Writer:
    """Draws statements for one program in one spelling."""

    def __init__(self, draw, spelling: Spelling):
        self.draw = draw
        self.spelling = spelling
        self.leaves: List[str] = []

    def name(self) -> str:
        """Leaves half the time: writes to arrays in the graph are what the linter is about."""
        if self.leaves and self.draw(st.booleans()):
            return self.draw(st.sampled_from(self.leaves))
        return self.draw(st.sampled_from(NAMES))

    def operand(self) -> str:
        return self.draw(st.one_of(st.sampled_from(NAMES), st.sampled_from(("2", "0.5", "1"))))

    def expression(self) -> str:
        a, b = self.name(), self.operand()
        arrays, act = self.spelling.arrays, self.spelling.activations
        concat = ("%s.concatenate([%s, %s])" if self.spelling.numpy_interface else "%s.concat(%s, %s, dim=0)") % (
            arrays, a, self.name())
        return self.draw(st.sampled_from((
            "%s + %s" % (a, b), "%s * %s" % (a, b), "(%s - %s) ** 2" % (a, b), "%s.relu(%s)" % (act, a),
            "%s.sigmoid(%s)" % (act, a), "%s.exp(%s)" % (arrays, a), "%s.sum()" % a, "%s[0]" % a,
            "%s[1:]" % a, "%s.T" % a, "%s.copy()" % a, "%s.detach()" % a, "%s.reshape((-1,))" % a, concat,
            "%s.ones((2, 3))" % arrays, "%s.zeros_like(%s)" % (arrays, a), "%s.dot(%s, %s.T)" % (arrays, a, a),
        )))

    def index(self) -> str:
        return self.draw(st.sampled_from(("0", ":", "1:3", "...", "0, :", ":, 1", "-1", "%s > 0" % self.name())))

    def in_place_write(self) -> str:
        target = self.name()
        value = self.operand() if self.draw(st.booleans()) else self.expression()
        forms = ("augmented",) * 3 + ("out", "subscript", "copyto", "grad", "attach", "rebind", "step")
        form = self.draw(st.sampled_from(forms))
        if form == "augmented":
            operator = self.draw(st.sampled_from(("+=", "-=", "*=", "/=", "%=", "**=", "//=")))
            return "%s %s %s" % (target, operator, value)
        if form == "out" and self.spelling.numpy_interface:
            return "%s.add(%s, %s, out=%s)" % (self.spelling.arrays, self.name(), value, target)
        if form == "out":
            return "%s.relu(%s, out=%s)" % (self.spelling.activations, self.name(), target)
        if form == "subscript":
            return "%s[%s] = %s" % (target, self.index(), value)
        if form == "copyto":
            return "%s.copyto(%s)" % (self.name(), target)
        if form == "grad":
            return "%s.grad[:] = 0" % target
        if form == "attach":
            return "%s.attach_grad()" % target
        if form == "rebind":
            return "%s = %s" % (target, value)
        return "trainer.step(1)"  # a Gluon trainer's update, when the program made one

    def simple(self) -> str:
        if self.draw(st.integers(0, 2)) > 0:
            return self.in_place_write()
        return self.draw(st.sampled_from((
            "%s = %s" % (self.name(), self.expression()), "%s.backward()" % self.name(), "print(%s)" % self.name(),
            "pass",
        )))

    def record(self) -> str:
        return "%srecord()" % self.spelling.autograd

    def block(self, depth: int, budget: int) -> List[Line]:
        lines: List[Line] = []
        for _ in range(self.draw(st.integers(1, 4))):
            lines += self.statement(depth, budget)
        return lines

    def statement(self, depth: int, budget: int) -> List[Line]:
        if budget == 0 or self.draw(st.integers(0, 3)) > 0:
            return [(depth, self.simple())]
        inner = lambda: self.block(depth + 1, budget - 1)  # noqa: E731 - drawn only when chosen
        kind = self.draw(st.sampled_from(("if", "if-else", "for", "pause", "record", "def")))
        if kind == "if":
            return [(depth, "if %s.sum() > 0:" % self.name())] + inner()
        if kind == "if-else":
            return [(depth, "if flag:")] + inner() + [(depth, "else:")] + inner()
        if kind == "for":
            return [(depth, "for step in range(2):")] + inner()
        if kind == "pause":
            return [(depth, "with %spause():" % self.spelling.autograd)] + inner()
        if kind == "record":
            return [(depth, "with %s:" % self.record())] + inner()
        parameter = self.name()
        return ([(depth, "def helper(%s):" % parameter)] + inner() + [(depth + 1, "return %s" % parameter),
                (depth, "%s = helper(%s)" % (self.name(), self.name()))])

    def program(self) -> List[Line]:
        """Imports, arrays, and the recording region: in the module, in a loop, or in a function."""
        where = self.draw(st.sampled_from(("module", "module", "loop", "function")))
        inside = 1 if where == "function" else 0
        lines: List[Line] = [(0, line) for line in self.spelling.imports] + [(0, "flag = True")]
        if self.draw(st.booleans()):
            lines += [(0, "from mxnet import gluon"), (0, "net = gluon.nn.Dense(2)"), (0, "net.initialize()"),
                      (0, "trainer = gluon.Trainer(net.collect_params(), 'sgd')")]
        if where == "function":
            lines.append((0, "def train():"))
        for name in self.draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=5, unique=True)):
            creation = self.draw(st.sampled_from(("ones((2, 3))", "array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])",
                                                  "random.uniform(size=(2, 3))")))
            lines.append((inside, "%s = %s.%s" % (name, self.spelling.arrays, creation)))
            if self.draw(st.booleans()):
                lines.append((inside, "%s.attach_grad()" % name))
                self.leaves.append(name)
        if where == "loop":
            lines.append((0, "for epoch in range(3):"))
            inside = 1
        lines += [(inside, "with %s:" % self.record())] + self.block(inside + 1, 2)
        after = sorted(self.draw(st.lists(st.sampled_from((0, inside)), max_size=2)), reverse=True)
        lines += [(depth, self.simple()) for depth in after]
        return lines


@dataclass(frozen=True)
class Layout:
    indent: str
    newline: str
    comment: str  # appended to some lines: "", "  # noqa: REC101", non-ASCII text, ...
    joins: bool  # join some simple statements with semicolons
    wraps: bool  # split some right-hand sides over parenthesised lines


layouts = st.builds(
    Layout,
    indent=st.sampled_from(("    ", "  ", "\t", "        ")),
    newline=st.sampled_from(("\n", "\r\n")),
    comment=st.sampled_from(("", "  # note", "  # noqa: REC101", "  # noqa", "  # é → ✓", "  # recordlint: x")),
    joins=st.booleans(),
    wraps=st.booleans(),
)


def render(lines: List[Line], layout: Layout, draw) -> str:
    out = []
    joined = ""  # simple statements waiting to be joined with the next one by semicolons
    for number, (depth, text) in enumerate(lines):
        text = joined + text
        prefix = layout.indent * depth
        next_is_simple = number + 1 < len(lines) and lines[number + 1][0] == depth \
            and not text.endswith(":") and not lines[number + 1][1].endswith(":")
        if layout.joins and next_is_simple and draw(st.integers(0, 4)) == 0:
            joined = text + "; "
            continue
        joined = ""
        wrappable = " = " in text and "; " not in text and not text.endswith(":")
        if layout.wraps and wrappable and draw(st.integers(0, 3)) == 0:
            target, value = text.split(" = ", 1)
            out.append("%s%s = (%s%s%s%s)" % (prefix, target, layout.newline, prefix + layout.indent, value,
                                              layout.newline + prefix))
            continue
        comment = layout.comment if layout.comment and draw(st.integers(0, 2)) == 0 else ""
        out.append(prefix + text + comment)
    return layout.newline.join(out) + layout.newline


@st.composite
def programs(draw) -> bytes:
    """A program's bytes: UTF-8, UTF-8 with a byte order mark, or Latin-1 declared by a cookie."""
    spelling = draw(st.sampled_from(SPELLINGS))
    layout = draw(layouts)
    text = render(Writer(draw, spelling).program(), layout, draw)
    encoding = draw(st.sampled_from(("utf-8", "utf-8-sig", "latin-1")))
    if encoding == "latin-1":
        text = "# -*- coding: latin-1 -*-%s# café%s" % (layout.newline, layout.newline) + text.replace("→ ✓", "ñ")
    return text.encode(encoding)
