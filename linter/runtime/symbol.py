"""Symbols: what a hybridized block's `hybrid_forward` computes with.

The engine traces a hybridized block by running `hybrid_forward` once on
Symbol handles: they compute like arrays (so the trace can be replayed and
differentiated), while the NDArray-only operations raise as MXNet's symbols
do: in-place arithmetic raises NotImplementedForSymbol, item assignment a
TypeError.
"""
from __future__ import annotations

from .errors import MXNetError, NotImplementedForSymbol, unsupported
from .ndarray import NDArray


class Symbol(NDArray):
    """`mx.sym.Symbol` inside a traced `hybrid_forward`."""

    __slots__ = ()
    _traced = True
    _api_name = "Symbol"

    def _refuse(name, alias):
        def method(self, other):
            raise NotImplementedForSymbol(name, alias, other, 1)
        method.__name__ = name
        return method

    __iadd__ = _refuse("__iadd__", "+=")
    __isub__ = _refuse("__isub__", "-=")
    __imul__ = _refuse("__imul__", "*=")
    __itruediv__ = _refuse("__itruediv__", "/=")
    __imod__ = _refuse("__imod__", "%=")
    del _refuse

    def _binary(self, other, symbol, reflected=False):
        # A Symbol operator on two symbols is elementwise, without broadcasting;
        # MXNet finds a shape mismatch when the traced graph first runs.
        if isinstance(other, NDArray) and other.shape != self.shape:
            from .gluon.tracing import active_trace
            shapes = (other.shape, self.shape) if reflected else (self.shape, other.shape)
            active_trace().errors.append(MXNetError(
                "Check failed: assign(&dattr, vec.at(i)): Incompatible attr in node at 1-th "
                "input: expected %s, got %s" % tuple("[%s]" % ",".join(map(str, s)) for s in shapes)))
        return super()._binary(other, symbol, reflected)

    def __setitem__(self, key, value):
        raise TypeError("'Symbol' object does not support item assignment")

    def __getitem__(self, key):
        unsupported("indexing a Symbol in a hybridized block")

    def __repr__(self):
        return "<Symbol>"

    __str__ = __repr__

    def asnumpy(self):
        unsupported("Symbol.asnumpy")

    def asscalar(self):
        unsupported("Symbol.asscalar")

    def attach_grad(self, grad_req="write", stype=None):
        unsupported("Symbol.attach_grad")

    def backward(self, out_grad=None, retain_graph=False, train_mode=True):
        unsupported("Symbol.backward")
