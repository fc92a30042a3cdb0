"""`gluon.Block` and `gluon.HybridBlock`.

A Block runs its `forward` imperatively.  A HybridBlock runs
`hybrid_forward(F, x, ..., **parameters)` with F the array module, or, once
hybridized, through a trace (see tracing.py).
"""
from __future__ import annotations

import re
import threading
from collections import OrderedDict

from ..errors import unsupported
from . import tracing
from .parameter import Parameter, ParameterDict

_naming = threading.local()


def _scope():
    """Name counters of the innermost `name_scope()` (module level outside any)."""
    stack = getattr(_naming, "stack", None)
    if stack is None:
        stack = _naming.stack = [("", {})]
    return stack


def _new_prefix(hint):
    parent_prefix, counters = _scope()[-1]
    count = counters.get(hint, 0)
    counters[hint] = count + 1
    return "%s%s%d_" % (parent_prefix, hint, count)


class _NameScope:
    def __init__(self, block):
        self._block = block

    def __enter__(self):
        _scope().append((self._block.prefix, self._block._child_counters))
        return self

    def __exit__(self, *exc_info):
        _scope().pop()
        return False


def namespaces():
    """The stand-in modules a hybrid_forward gets as F: (arrays, symbols)."""
    from ..stand_in import stand_in_module
    return stand_in_module("mxnet.ndarray"), stand_in_module("mxnet.symbol")


class Block:
    """`gluon.Block`."""

    def __init__(self, prefix=None, params=None):
        object.__setattr__(self, "_children", OrderedDict())
        object.__setattr__(self, "_reg_params", OrderedDict())
        object.__setattr__(self, "_child_counters", {})
        hint = type(self).__name__.lower()
        object.__setattr__(self, "_prefix", _new_prefix(hint) if prefix is None else prefix)
        object.__setattr__(self, "_params", ParameterDict(self._prefix))
        if params is not None:
            self._params.update(params)

    def __setattr__(self, name, value):
        if isinstance(value, Block):
            self._children[name] = value
        elif isinstance(value, Parameter):
            self._reg_params[name] = value
        object.__setattr__(self, name, value)

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError("'%s' object has no attribute '%s'" % (type(self).__name__, name))
        unsupported("gluon.Block.%s" % name)

    def __repr__(self):
        return "%s(%s)" % (type(self).__name__, ", ".join(self._children))

    @property
    def prefix(self):
        return self._prefix

    @property
    def name(self):
        return self._prefix[:-1] if self._prefix.endswith("_") else self._prefix

    @property
    def params(self):
        return self._params

    def name_scope(self):
        return _NameScope(self)

    def register_child(self, block, name=None):
        self._children[name or str(len(self._children))] = block

    def collect_params(self, select=None):
        collected = ParameterDict(self._prefix)
        self._collect(collected)
        if select is None:
            return collected
        pattern = re.compile(select)
        selected = ParameterDict(self._prefix)
        selected.update({name: p for name, p in collected.items() if pattern.match(name)})
        return selected

    def _collect(self, collected):
        collected.update(self._params)
        for parameter in self._reg_params.values():
            collected[parameter.name] = parameter
        for child in self._children.values():
            child._collect(collected)

    def initialize(self, init=None, ctx=None, verbose=False, force_reinit=False):
        self.collect_params().initialize(init, ctx, verbose, force_reinit)

    def hybridize(self, active=True, **kwargs):
        for child in self._children.values():
            child.hybridize(active, **kwargs)

    def cast(self, dtype):
        unsupported("gluon.Block.cast")

    def __call__(self, *args, **kwargs):
        return self.forward(*args, **kwargs)

    def forward(self, *args):
        raise NotImplementedError


class HybridBlock(Block):
    """`gluon.HybridBlock`."""

    def __init__(self, prefix=None, params=None):
        super().__init__(prefix, params)
        object.__setattr__(self, "_active", False)
        object.__setattr__(self, "_trace", None)

    def hybridize(self, active=True, **kwargs):
        object.__setattr__(self, "_active", active)
        object.__setattr__(self, "_trace", None)
        super().hybridize(active, **kwargs)

    def infer_shape(self, *args):
        """Learn deferred parameter shapes from the first inputs (layers override)."""

    def _finish_initialization(self, *args):
        self.infer_shape(*args)
        for parameter in self._reg_params.values():
            parameter._finish_deferred_init()

    def forward(self, x, *args):
        trace = tracing.active_trace()
        arrays_module, symbols_module = namespaces()
        if trace is not None and getattr(x, "_traced", False):
            # part of an enclosing hybridized block being traced
            self._finish_initialization(x, *args)
            parameters = {name: trace.symbol_for(p) for name, p in self._reg_params.items()}
            return self.hybrid_forward(symbols_module, x, *args, **parameters)
        self._finish_initialization(x, *args)
        if self._active:
            if self._trace is None:
                def run(symbols):
                    trace = tracing.active_trace()
                    parameters = {name: trace.symbol_for(p) for name, p in self._reg_params.items()}
                    return self.hybrid_forward(symbols_module, *symbols, **parameters)
                object.__setattr__(self, "_trace", tracing.trace(self, (x,) + args, run))
            return tracing.call(self._trace, (x,) + args, type(x))
        parameters = {name: p.data() for name, p in self._reg_params.items()}
        return self.hybrid_forward(arrays_module, x, *args, **parameters)

    def hybrid_forward(self, F, x, *args, **kwargs):  # noqa: N803 - MXNet's name
        raise NotImplementedError

    def export(self, path, epoch=0, **kwargs):
        unsupported("gluon.HybridBlock.export")
