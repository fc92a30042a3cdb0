"""Import styles: how a generated program spells MXNet's API."""
from __future__ import annotations

# (key, description) of the ways of reaching autograd.
AUTOGRAD_STYLES = ("mx", "autograd", "ag", "functions", "module")


class Style:
    """Names a program uses for the array module, autograd and host numpy.

    `used` collects which optional names rendering needed, so that the
    import block can be written afterwards.
    """

    def __init__(self, autograd_style, ns, host_name="onp"):
        self.autograd_style = autograd_style
        self.ns = ns  # "nd" or "np"
        self.host_name = host_name  # real numpy: "onp", or "np" in nd programs
        self.used = set()

    # -- array API ---------------------------------------------------------
    @property
    def arr(self):
        """Module of array creation and operators: nd / mx.nd / np."""
        if self.ns == "np":
            return "np"
        return "mx.nd" if self.autograd_style == "mx" else "nd"

    @property
    def ext(self):
        """Module of relu/sigmoid: nd for legacy programs, npx for np programs."""
        return "npx" if self.ns == "np" else self.arr

    def host(self):
        self.used.add("host")
        return self.host_name

    def mx(self):
        self.used.add("mx")
        return "mx"

    # -- autograd API ------------------------------------------------------
    def _autograd(self, name):
        style = self.autograd_style
        if style == "mx":
            return "mx.autograd." + name
        if style == "ag":
            return "ag." + name
        if style == "functions":
            self.used.add(name)
            return name
        return "autograd." + name

    def record(self, train_mode=None):
        call = self._autograd("record")
        return call + ("(train_mode=False)" if train_mode is False else "()")

    def pause(self):
        return self._autograd("pause") + "()"

    def backward_fn(self):
        return self._autograd("backward")

    def grad_fn(self):
        return self._autograd("grad")

    # -- imports -----------------------------------------------------------
    def import_lines(self):
        lines = []
        style = self.autograd_style
        if style == "mx" or "mx" in self.used:
            lines.append("import mxnet as mx")
        if style == "autograd":
            names = ["autograd"] + (["nd"] if self.ns == "nd" else ["np", "npx"])
            lines.append("from mxnet import " + ", ".join(names))
        elif style == "ag":
            lines.append("from mxnet import autograd as ag")
        elif style == "functions":
            names = ["record", "pause"] + [n for n in ("backward", "grad") if n in self.used]
            lines.append("from mxnet.autograd import " + ", ".join(names))
        elif style == "module":
            lines.append("import mxnet.autograd as autograd")
        if style != "autograd":
            if self.ns == "np":
                lines.append("from mxnet import np, npx")
            elif style != "mx":
                lines.append("from mxnet import nd")
        if "host" in self.used:
            lines.append("import numpy as " + self.host_name)
        if self.ns == "np":
            lines.append("npx.set_np()")
        return lines
