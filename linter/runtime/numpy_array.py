"""`mx.np.ndarray`: the NumPy-interface array (`npx.set_np()`).

It differs from the legacy NDArray where MXNet's does: full reductions and
integer indexing give 0-d arrays, comparisons give booleans, `reshape` and
`T` copy, `as_in_context` returns a new handle on the same memory and graph
entry, boolean masks can be read and written, and there are `@`, `&`, `|`,
`^` and their in-place forms.
"""
from __future__ import annotations

import numpy

from . import operators as ops
from .dispatch import apply
from .context import Context
from .errors import unsupported
from .ndarray import NDArray, _index_arrays, is_numeric, scalar_value


class ndarray(NDArray):  # noqa: N801 - MXNet's class name, shown in TypeErrors
    """`mxnet.numpy.ndarray`."""

    __slots__ = ()
    _scalar_shape = ()
    _bool_comparisons = True
    _assigns_in_order = False
    _reshape_operator = ops.RESHAPE
    _index_dtype = "int64"
    _api_name = "np.ndarray"

    @property
    def dtype(self):
        return self._data.dtype

    def __repr__(self):
        text = numpy.array2string(self._data, separator=", ", prefix="array(")
        if self._data.dtype != numpy.float32:
            return "array(%s, dtype=%s)" % (text, self._data.dtype)
        return "array(%s)" % text

    def __str__(self):
        return str(self._data)

    def item(self, *args):
        return self._data.item(*args)

    def tolist(self):
        return self._data.tolist()

    def __float__(self):
        return float(self.item())

    def __int__(self):
        return int(self.item())

    def asscalar(self):
        unsupported("np.ndarray.asscalar")

    @property
    def T(self):
        return apply(ops.TRANSPOSE, [self], {"axes": None})

    def as_in_context(self, context):
        if Context(context).device_type != "cpu":
            unsupported("arrays on %r" % (context,))
        return type(self)._wrap(self._data, self._entry)

    def as_nd_ndarray(self):
        return NDArray._wrap(self._data, self._entry)

    def as_np_ndarray(self):
        return self

    def __neg__(self):
        return apply(ops.NEGATIVE, [self])

    def __matmul__(self, other):
        return apply(ops.MATMUL, [self, other])

    def __rmatmul__(self, other):
        return apply(ops.MATMUL, [other, self])

    def __imatmul__(self, other):
        return apply(ops.MATMUL, [self, other], out=self)

    def _bitwise(self, other, symbol, out=None):
        if is_numeric(other):
            other = type(self)._wrap(numpy.asarray(scalar_value(other), dtype=self._data.dtype))
        return apply(ops.BITWISE[symbol], [self, other], out=out)

    def __and__(self, other):
        return self._bitwise(other, "&")

    def __or__(self, other):
        return self._bitwise(other, "|")

    def __xor__(self, other):
        return self._bitwise(other, "^")

    def __iand__(self, other):
        return self._bitwise(other, "&", out=self)

    def __ior__(self, other):
        return self._bitwise(other, "|", out=self)

    def __ixor__(self, other):
        return self._bitwise(other, "^", out=self)

    def __setitem__(self, key, value):
        if isinstance(value, NDArray) and not isinstance(value, ndarray):
            raise TypeError("Cannot assign mx.nd.NDArray to mxnet.numpy.ndarray")
        if self.ndim == 0:
            if not (isinstance(key, tuple) and not key) and key is not Ellipsis:
                raise IndexError("scalar tensor can only accept `()` as index")
            self._assign_whole(value)
            return
        super().__setitem__(key, value)

    def _boolean_index(self, key, numpy_key):
        return apply(ops.BOOLEAN_MASK, [self, _mask_array(key, numpy_key, type(self))])

    def _boolean_assign(self, key, numpy_key, value):
        mask = _mask_array(key, numpy_key, type(self))
        if is_numeric(value):
            apply(ops.BOOLEAN_MASK_ASSIGN, [self, mask], {"scalar": scalar_value(value)}, out=self)
        else:
            value = self._value_array(value, self._data[numpy_key].shape)
            apply(ops.BOOLEAN_MASK_ASSIGN, [self, mask, value], out=self)

    def reshape(self, *shape, **kwargs):
        kwargs.pop("order", None)
        return super().reshape(*shape, **kwargs)

    def _check_reshape(self, shape):
        """Left to the operator (an MXNetError)."""

    def sum(self, axis=None, dtype=None, out=None, keepdims=False):
        return self._reduce(ops.SUM, axis, keepdims, out=out)

    def mean(self, axis=None, dtype=None, out=None, keepdims=False):
        return self._reduce(ops.MEAN, axis, keepdims, out=out)

    def max(self, axis=None, out=None, keepdims=False):
        return self._reduce(ops.MAX, axis, keepdims, out=out)

    def min(self, axis=None, out=None, keepdims=False):
        return self._reduce(ops.MIN, axis, keepdims, out=out)

    def dot(self, other):
        from .numpy_api import dot
        return dot(self, other)

    def astype(self, dtype, order="K", casting="unsafe", subok=True, copy=True):
        return super().astype(dtype, copy)


def _mask_array(key, numpy_key, array_type):
    parts = _index_arrays(key, array_type)
    if len(parts) != 1:
        unsupported("boolean indexing mixed with other keys")
    return parts[0]
