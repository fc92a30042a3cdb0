"""How a generated program spells MXNet: its imports, its array module and its record()."""
from __future__ import annotations

# How autograd is reached; the array interface (nd or np) is chosen separately.
STYLES = ("mx", "autograd", "ag", "record")


class Spelling:
    def __init__(self, style: str, interface: str):
        assert style in STYLES and interface in ("nd", "np")
        self.style = style
        self.interface = interface

    # -- modules -----------------------------------------------------------
    @property
    def arr(self) -> str:
        """Array creation and most operators: nd, mx.nd or np."""
        if self.interface == "np":
            return "np"
        return "mx.nd" if self.style == "mx" else "nd"

    @property
    def ext(self) -> str:
        """relu and sigmoid: the array module for nd, npx for np."""
        return "npx" if self.interface == "np" else self.arr

    def record(self) -> str:
        return {"mx": "mx.autograd.record()", "autograd": "autograd.record()",
                "ag": "ag.record()", "record": "record()"}[self.style]

    def import_lines(self):
        modules = "nd" if self.interface == "nd" else "np, npx"
        if self.style == "mx":
            lines = ["import mxnet as mx"]
            if self.interface == "np":
                lines.append("from mxnet import np, npx")
        elif self.style == "autograd":
            lines = ["from mxnet import autograd, " + modules]
        elif self.style == "ag":
            lines = ["from mxnet import autograd as ag", "from mxnet import " + modules]
        else:
            lines = ["from mxnet.autograd import record", "from mxnet import " + modules]
        if self.interface == "np":
            lines.append("")
            lines.append("npx.set_np()")
        return lines

    # -- operators ---------------------------------------------------------
    def unary(self, name: str) -> str:
        if name == "tanh":
            return self.arr + ".tanh"
        return self.ext + "." + name

    def binary(self, op: str) -> str:
        """The operator function of ``+``, ``-``, ``*`` that takes ``out=``."""
        if self.interface == "np":
            return "np." + {"+": "add", "-": "subtract", "*": "multiply"}[op]
        return self.arr + "." + {"+": "elemwise_add", "-": "elemwise_sub", "*": "elemwise_mul"}[op]

    def dot(self) -> str:
        return self.arr + ".dot"

    def array(self, nested) -> str:
        return "%s.array(%s)" % (self.arr, literal(nested))

    def zeros(self, shape) -> str:
        return "%s.zeros(%s)" % (self.arr, shape_text(shape))

    def reshape(self, value: str, shape) -> str:
        if self.interface == "np":
            return "np.reshape(%s, %s)" % (value, shape_text(shape))
        return "%s.reshape(%s, shape=%s)" % (self.arr, value, shape_text(shape))

    def broadcast_to(self, value: str, shape) -> str:
        if self.interface == "np":
            return "np.broadcast_to(%s, %s)" % (value, shape_text(shape))
        return "%s.broadcast_to(%s, shape=%s)" % (self.arr, value, shape_text(shape))

    def concat(self, parts, axis: int) -> str:
        if self.interface == "np":
            return "np.concatenate([%s], axis=%d)" % (", ".join(parts), axis)
        return "%s.concat(%s, dim=%d)" % (self.arr, ", ".join(parts), axis)


def number(value: float) -> str:
    return repr(float(value))


def literal(nested) -> str:
    if isinstance(nested, list):
        return "[%s]" % ", ".join(literal(item) for item in nested)
    return number(nested)


def shape_text(shape) -> str:
    return "(%d,)" % shape[0] if len(shape) == 1 else "(%s)" % ", ".join(str(n) for n in shape)
