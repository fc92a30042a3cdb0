"""`mx.nd.NDArray`: an array handle over numpy memory, with its autograd tag.

A handle's `_data` is a numpy array that may be a view of another handle's
memory (MXNet's views, `detach()`); writes always go into that memory, so
every handle sharing it sees them.  Its `_entry` is its autograd tag (see
graph.py).  Every write form of section 3 of the specification runs as the
operator MXNet uses for it, with the same inputs and outputs, so that the
recording rule raises E1 and E2 exactly where MXNet does.
"""
from __future__ import annotations

import warnings

import numpy

from . import graph, indexing
from . import operators as ops
from .context import Context, cpu
from .dispatch import apply
from .errors import no_other_arguments, unsupported

NUMERIC_TYPES = (int, float, numpy.generic)

# Attributes MXNet's arrays do not have either; asking for them is a plain
# AttributeError (programs probe for them with hasattr).
ABSENT_ATTRIBUTES = frozenset({"fill", "_set_value"})

# Callables told about every `attach_grad()` (recordlint confirm uses this to
# find the arrays a program's leaves refer to).
attach_grad_observers = []

BINARY_ARRAY_OPS = {"+": ops.ADD, "-": ops.SUBTRACT, "*": ops.MULTIPLY, "/": ops.DIVIDE,
                    "%": ops.MODULO, "**": ops.POWER}
BINARY_SCALAR_OPS = {"+": ops.PLUS_SCALAR, "-": ops.MINUS_SCALAR, "*": ops.MUL_SCALAR,
                     "/": ops.DIV_SCALAR, "%": ops.MOD_SCALAR, "**": ops.POWER_SCALAR}
REFLECTED_SCALAR_OPS = {"+": ops.PLUS_SCALAR, "-": ops.RMINUS_SCALAR, "*": ops.MUL_SCALAR,
                        "/": ops.RDIV_SCALAR, "%": ops.RMOD_SCALAR, "**": ops.RPOWER_SCALAR}


def is_numeric(value):
    return isinstance(value, NUMERIC_TYPES) and not isinstance(value, numpy.ndarray)


def scalar_value(value):
    return value.item() if isinstance(value, numpy.generic) else value


class NDArray:
    """`mxnet.ndarray.NDArray` (legacy mode)."""

    __slots__ = ("_data", "_entry", "__weakref__")
    __hash__ = object.__hash__
    __array_priority__ = 1000.0  # numpy defers `numpy_array + nd_array` to the array
    _traced = False  # a Symbol of a hybridized block being traced
    _scalar_shape = (1,)  # shape of a full reduction: (1,) in legacy mode, () for np

    @classmethod
    def _wrap(cls, data, entry=None):
        array = object.__new__(cls)
        array._data = data
        array._entry = entry
        return array

    def __init__(self, *args, **kwargs):
        unsupported("constructing %s directly" % type(self).__name__)

    def __getattr__(self, name):
        if name.startswith("__") or name in ABSENT_ATTRIBUTES:
            raise AttributeError("'%s' object has no attribute '%s'" % (type(self).__name__, name))
        unsupported("%s.%s" % (self._api_name, name))

    _api_name = "NDArray"

    # -- description ---------------------------------------------------------
    @property
    def shape(self):
        return self._data.shape

    @property
    def ndim(self):
        return self._data.ndim

    @property
    def size(self):
        return self._data.size

    @property
    def dtype(self):
        return self._data.dtype.type

    @property
    def context(self):
        return cpu()

    ctx = context

    @property
    def stype(self):
        return "default"

    @property
    def writable(self):
        return True

    def __len__(self):
        if not self.shape:
            raise TypeError("len() of unsized object")
        return self.shape[0]

    def __iter__(self):
        if not self.shape:
            raise TypeError("iteration over a 0-d array")
        return (self[index] for index in range(self.shape[0]))

    def __bool__(self):
        if self.size == 0:
            return False
        if self.size == 1:
            return bool(self._data.reshape(-1)[0])
        raise ValueError("The truth value of an %s with multiple elements is ambiguous."
                         % type(self).__name__)

    def __repr__(self):
        shape = "x".join(str(size) for size in self.shape)
        return "\n%s\n<%s %s @%s>" % (str(self._data), type(self).__name__, shape, self.context)

    __str__ = __repr__

    def asnumpy(self):
        return self._data.copy()

    def asscalar(self):
        if self.size != 1:
            raise ValueError("The current array is not a scalar")
        return self._data.reshape(-1)[0].copy()

    def wait_to_read(self):
        return None

    def wait_to_write(self):
        return None

    # -- autograd ----------------------------------------------------------
    def attach_grad(self, grad_req="write", stype=None):
        if grad_req not in ("write", "add", "null"):
            raise ValueError("grad_req must be one of 'write', 'add', 'null'")
        graph.mark_variable(self, grad_req, numpy.zeros_like(self._data))
        for observer in attach_grad_observers:
            observer(self)

    @property
    def grad(self):
        memory = graph.gradient_memory(self)
        return None if memory is None else type(self)._wrap(memory)

    def backward(self, out_grad=None, retain_graph=False, train_mode=True):
        from .autograd import backward
        backward([self], None if out_grad is None else [out_grad], retain_graph, train_mode)

    def detach(self):
        return type(self)._wrap(self._data)

    # -- operators --------------------------------------------------------------
    def _binary(self, other, symbol, reflected=False):
        if isinstance(other, NDArray):
            inputs = [other, self] if reflected else [self, other]
            return apply(BINARY_ARRAY_OPS[symbol], inputs)
        if is_numeric(other):
            table = REFLECTED_SCALAR_OPS if reflected else BINARY_SCALAR_OPS
            return apply(table[symbol], [self], {"scalar": scalar_value(other)})
        raise TypeError("type %s not supported" % str(type(other)))

    def _inplace(self, other, symbol):
        if isinstance(other, NDArray):
            return apply(BINARY_ARRAY_OPS[symbol], [self, other], out=self)
        if is_numeric(other):
            return apply(BINARY_SCALAR_OPS[symbol], [self], {"scalar": scalar_value(other)}, out=self)
        raise TypeError("type %s not supported" % str(type(other)))

    def _compare(self, other, symbol, out=None):
        boolean = self._bool_comparisons
        if isinstance(other, NDArray):
            return apply(ops.COMPARE[symbol], [self, other], {"boolean": boolean}, out=out)
        if is_numeric(other):
            return apply(ops.COMPARE_SCALAR[symbol], [self],
                         {"scalar": scalar_value(other), "boolean": boolean}, out=out)
        raise TypeError("type %s not supported" % str(type(other)))

    _bool_comparisons = False
    # a partial `x[key] = value` reads a value overlapping x element by element (legacy only)
    _assigns_in_order = True

    def __add__(self, other):
        return self._binary(other, "+")

    def __radd__(self, other):
        return self._binary(other, "+", reflected=True)

    def __sub__(self, other):
        return self._binary(other, "-")

    def __rsub__(self, other):
        return self._binary(other, "-", reflected=True)

    def __mul__(self, other):
        return self._binary(other, "*")

    def __rmul__(self, other):
        return self._binary(other, "*", reflected=True)

    def __truediv__(self, other):
        return self._binary(other, "/")

    def __rtruediv__(self, other):
        return self._binary(other, "/", reflected=True)

    def __mod__(self, other):
        return self._binary(other, "%")

    def __rmod__(self, other):
        return self._binary(other, "%", reflected=True)

    def __pow__(self, other):
        return self._binary(other, "**")

    def __rpow__(self, other):
        return self._binary(other, "**", reflected=True)

    # No __ipow__ and no __floordiv__, as in MXNet: `x **= 2` rebinds and
    # `x //= 2` is a TypeError.
    def __iadd__(self, other):
        return self._inplace(other, "+")

    def __isub__(self, other):
        return self._inplace(other, "-")

    def __imul__(self, other):
        return self._inplace(other, "*")

    def __itruediv__(self, other):
        return self._inplace(other, "/")

    def __imod__(self, other):
        return self._inplace(other, "%")

    def __neg__(self):
        return apply(ops.MUL_SCALAR, [self], {"scalar": -1.0})

    def __abs__(self):
        return apply(ops.ABS, [self])

    def __eq__(self, other):
        return self._compare(other, "==")

    def __ne__(self, other):
        return self._compare(other, "!=")

    def __gt__(self, other):
        return self._compare(other, ">")

    def __ge__(self, other):
        return self._compare(other, ">=")

    def __lt__(self, other):
        return self._compare(other, "<")

    def __le__(self, other):
        return self._compare(other, "<=")

    # -- indexing ----------------------------------------------------------
    def __getitem__(self, key):
        if (isinstance(key, tuple) and not key) or _is_full_slice(key):
            return self
        numpy_key, kind = indexing.to_numpy_key(key, NDArray)
        if kind == indexing.BOOLEAN:
            return self._boolean_index(key, numpy_key)
        if kind == indexing.ADVANCED:
            result_shape = self._data[numpy_key].shape
            return apply(ops.GATHER, [self] + _index_arrays(key, type(self)),
                         {"key": numpy_key, "shape": result_shape})
        slices, _ = indexing.expand(numpy_key, self.shape)
        result_shape = self._data[numpy_key].shape or self._scalar_shape
        operator = ops.SLICE_VIEW if indexing.is_contiguous(slices, self.shape) else ops.SLICE
        # one-element slices for ints, so that numpy returns a view, not a scalar
        return apply(operator, [self], {"key": tuple(slices), "shape": result_shape})

    def _boolean_index(self, key, numpy_key):
        raise ValueError(LEGACY_BOOLEAN_TEXT)

    def __setitem__(self, key, value):
        numpy_key, kind = indexing.to_numpy_key(key, NDArray)
        if kind == indexing.BOOLEAN:
            self._boolean_assign(key, numpy_key, value)
            return
        if kind == indexing.ADVANCED:
            value = self._value_array(value, self._data[numpy_key].shape)
            apply(ops.SCATTER_SET, [self, value] + _index_arrays(key, type(self)),
                  {"key": numpy_key}, out=self)
            return
        slices, int_axes = indexing.expand(numpy_key, self.shape)
        if indexing.covers_whole(slices, self.shape):
            self._assign_whole(value, int_axes)
        elif is_numeric(value):
            apply(ops.SLICE_ASSIGN_SCALAR, [self], {"key": tuple(slices), "scalar": scalar_value(value)},
                  out=self)
        else:
            if not isinstance(value, NDArray):
                value = type(self)._wrap(numpy.array(value, dtype=self._data.dtype))
            # MXNet prepares the value in Python first: a shape that does not fit is a ValueError
            indexing.fit_value(value._data, self._data[tuple(slices)].shape, int_axes)
            apply(ops.SLICE_ASSIGN, [self, value], {"key": tuple(slices), "int_axes": tuple(int_axes),
                                                    "in_order": self._assigns_in_order}, out=self)

    def _boolean_assign(self, key, numpy_key, value):
        raise ValueError(LEGACY_BOOLEAN_TEXT)

    def _assign_whole(self, value, int_axes=()):
        """`x[:] = value` and every other key that covers the whole array."""
        attrs = {"shape": self.shape, "dtype": self._data.dtype, "int_axes": tuple(int_axes)}
        if isinstance(value, NDArray):
            if value is not self:
                indexing.fit_value(value._data, self.shape, int_axes)  # a ValueError, as in MXNet
                apply(ops.ASSIGN, [value], attrs, out=self)
        elif is_numeric(value):
            apply(ops.FULL, [], {"shape": self.shape, "value": scalar_value(value),
                                 "dtype": self._data.dtype}, out=self)
        elif isinstance(value, numpy.ndarray):
            # a host copy: no operator runs, nothing is checked
            self._data[...] = indexing.fit_value(value, self.shape, int_axes)
        else:
            source = type(self)._wrap(numpy.array(value, dtype=self._data.dtype))
            indexing.fit_value(source._data, self.shape, int_axes)
            apply(ops.ASSIGN, [source], attrs, out=self)

    def _value_array(self, value, shape):
        """The right-hand side of a partial assignment as an array (a new one
        unless it already is an array)."""
        if isinstance(value, NDArray):
            return value
        return type(self)._wrap(numpy.array(numpy.broadcast_to(
            numpy.asarray(scalar_value(value) if is_numeric(value) else value, dtype=self._data.dtype),
            shape)))

    def slice_assign(self, rhs, begin, end, step):
        key = _begin_end_key(begin, end, step)
        return apply(ops.SLICE_ASSIGN, [self, rhs], {"key": key}, out=self)

    def slice_assign_scalar(self, value, begin, end, step):
        key = _begin_end_key(begin, end, step)
        return apply(ops.SLICE_ASSIGN_SCALAR, [self], {"key": key, "scalar": float(value)}, out=self)

    def _sync_copyfrom(self, source_array):
        """A synchronous host copy: no operator runs, nothing is checked."""
        source = numpy.asarray(source_array, dtype=self._data.dtype)
        if source.shape != self.shape:
            raise ValueError("Shape inconsistent: expected %s vs got %s"
                             % (str(source.shape), str(self.shape)))
        self._data[...] = source

    # -- copies and views ---------------------------------------------------
    def copy(self):
        return apply(ops.COPYTO, [self])

    def copyto(self, other):
        if isinstance(other, NDArray):
            if other is self:
                warnings.warn("You are attempting to copy an array to itself", RuntimeWarning)
                return False
            return apply(ops.COPYTO, [self], {"dtype": other._data.dtype}, out=other)
        if isinstance(other, Context):
            return apply(ops.COPYTO, [self])
        raise TypeError("copyto does not support type " + str(type(other)))

    def as_in_context(self, context):
        if Context(context).device_type != "cpu":
            unsupported("arrays on %r" % (context,))
        return self

    def astype(self, dtype, copy=True):
        if not copy and numpy.dtype(dtype) == self._data.dtype:
            return self
        return apply(ops.COPYTO, [self], {"dtype": numpy.dtype(dtype)})

    def reshape(self, *shape, **kwargs):
        shape = _shape_argument(shape, kwargs)
        if not kwargs.pop("reverse", False):
            no_other_arguments("%s.reshape" % self._api_name, kwargs)
        else:
            unsupported("%s.reshape(reverse=True)" % self._api_name)
        shape = legacy_shape(shape, self.shape)
        self._check_reshape(shape)
        return apply(self._reshape_operator, [self], {"shape": shape})

    def _check_reshape(self, shape):
        """The legacy method checks the size in Python (the np one leaves it to the operator)."""
        known = int(numpy.prod([size for size in shape if size != -1]))
        inferred = list(shape).count(-1)
        if inferred > 1 or (known and self.size % known) or (not inferred and known != self.size):
            raise ValueError("Cannot reshape array of size %d into shape %s" % (self.size, tuple(shape)))

    _reshape_operator = ops.RESHAPE_VIEW

    def reshape_like(self, other):
        return apply(ops.RESHAPE_LIKE, [self, other])

    def expand_dims(self, axis):
        return apply(ops.EXPAND_DIMS, [self], {"axis": axis})

    def squeeze(self, axis=None):
        return apply(ops.SQUEEZE, [self], {"axis": axis})

    def flatten(self):
        return apply(ops.RESHAPE, [self], {"shape": (self.shape[0], -1) if self.ndim else (1, 1)})

    @property
    def T(self):
        if self.ndim < 2:
            return self
        return apply(ops.TRANSPOSE, [self], {"axes": None})

    def transpose(self, *axes, **kwargs):
        axes = kwargs.get("axes", axes[0] if len(axes) == 1 and isinstance(axes[0], (tuple, list)) else axes)
        return apply(ops.TRANSPOSE, [self], {"axes": tuple(axes) if axes else None})

    def broadcast_to(self, shape):
        numpy.broadcast_to(self._data, shape)  # checked in Python: a ValueError, as in MXNet
        return apply(ops.BROADCAST_TO, [self], {"shape": tuple(shape)})

    def broadcast_like(self, other):
        return apply(ops.BROADCAST_LIKE, [self, other])

    def zeros_like(self, out=None):
        return apply(ops.ZEROS_LIKE, [self], out=out)

    def ones_like(self, out=None):
        return apply(ops.ONES_LIKE, [self], out=out)

    def split(self, num_outputs, axis=1, squeeze_axis=False):
        return apply(ops.SPLIT, [self], {"num_outputs": num_outputs, "axis": axis,
                                         "squeeze_axis": squeeze_axis})

    def slice_axis(self, axis, begin, end):
        return apply(ops.SLICE_AXIS, [self], {"axis": axis, "begin": begin, "end": end})

    def take(self, indices, axis=0, mode="clip"):
        return apply(ops.TAKE, [self, indices], {"axis": axis})

    def pick(self, index, axis=-1, keepdims=False):
        return apply(ops.PICK, [self, index], {"axis": axis, "keepdims": keepdims})

    def one_hot(self, depth, on_value=1.0, off_value=0.0, dtype="float32"):
        return apply(ops.ONE_HOT, [self], {"depth": depth, "on_value": on_value,
                                           "off_value": off_value, "dtype": dtype})

    # -- elementwise and reductions ------------------------------------------
    def _unary(self, operator):
        return apply(operator, [self])

    def relu(self):
        return self._unary(ops.RELU)

    def sigmoid(self):
        return self._unary(ops.SIGMOID)

    def tanh(self):
        return self._unary(ops.TANH)

    def exp(self):
        return self._unary(ops.EXP)

    def log(self):
        return self._unary(ops.LOG)

    def sqrt(self):
        return self._unary(ops.SQRT)

    def square(self):
        return self._unary(ops.SQUARE)

    def abs(self):
        return self._unary(ops.ABS)

    def sign(self):
        return self._unary(ops.SIGN)

    def round(self):
        return self._unary(ops.ROUND)

    def floor(self):
        return self._unary(ops.FLOOR)

    def ceil(self):
        return self._unary(ops.CEIL)

    def reciprocal(self):
        return self._unary(ops.RECIPROCAL)

    def clip(self, a_min=None, a_max=None, out=None):
        return apply(ops.CLIP, [self], {"a_min": a_min, "a_max": a_max}, out=out)

    def softmax(self, axis=-1, temperature=None):
        return apply(ops.SOFTMAX, [self], {"axis": axis, "temperature": temperature})

    def log_softmax(self, axis=-1, temperature=None):
        return apply(ops.LOG_SOFTMAX, [self], {"axis": axis, "temperature": temperature})

    def _reduce(self, operator, axis=None, keepdims=False, exclude=False, out=None):
        return apply(operator, [self], {"axis": _axis_argument(axis), "keepdims": keepdims,
                                        "exclude": exclude, "scalar_shape": self._scalar_shape},
                     out=out)

    def sum(self, axis=None, keepdims=False, exclude=False, out=None):
        return self._reduce(ops.SUM, axis, keepdims, exclude, out)

    def mean(self, axis=None, keepdims=False, exclude=False, out=None):
        return self._reduce(ops.MEAN, axis, keepdims, exclude, out)

    def max(self, axis=None, keepdims=False, exclude=False, out=None):
        return self._reduce(ops.MAX, axis, keepdims, exclude, out)

    def min(self, axis=None, keepdims=False, exclude=False, out=None):
        return self._reduce(ops.MIN, axis, keepdims, exclude, out)

    def norm(self, ord=2, axis=None, keepdims=False):
        if ord != 2:
            unsupported("%s.norm(ord=%r)" % (self._api_name, ord))
        return apply(ops.NORM, [self], {"axis": _axis_argument(axis), "keepdims": keepdims,
                                        "scalar_shape": self._scalar_shape})

    def argmax(self, axis=None, keepdims=False):
        return apply(ops.ARGMAX, [self], {"axis": axis, "keepdims": keepdims,
                                          "dtype": self._index_dtype, "scalar_shape": self._scalar_shape})

    def argmin(self, axis=None, keepdims=False):
        return apply(ops.ARGMIN, [self], {"axis": axis, "keepdims": keepdims,
                                          "dtype": self._index_dtype, "scalar_shape": self._scalar_shape})

    _index_dtype = "float32"

    def as_nd_ndarray(self):
        return self

    def as_np_ndarray(self):
        from .numpy_array import ndarray
        return ndarray._wrap(self._data, self._entry)


LEGACY_BOOLEAN_TEXT = ("Cannot perform boolean indexing in legacy mode. Please activate numpy "
                       "semantics by calling `npx.set_np()` in the global scope before calling "
                       "this function.")


def _is_full_slice(key):
    return isinstance(key, slice) and key.start is None and key.stop is None and key.step is None


def _index_arrays(key, array_type):
    """The index arrays of an advanced key as handles (they are operator inputs)."""
    parts = key if isinstance(key, tuple) else (key,)
    handles = []
    for part in parts:
        if isinstance(part, NDArray):
            handles.append(part)
        elif isinstance(part, (list, numpy.ndarray)):
            handles.append(array_type._wrap(numpy.asarray(part)))
    return handles


def _begin_end_key(begin, end, step):
    step = step or (None,) * len(begin)
    return tuple(slice(b, e, s) for b, e, s in zip(begin, end, step))


def _shape_argument(shape, kwargs):
    if "shape" in kwargs:
        shape = kwargs.pop("shape")
    elif len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = shape[0]
    return tuple(int(size) for size in shape)


def legacy_shape(shape, source):
    """MXNet's reshape codes: 0 keeps the source's size on that axis, -1 is inferred."""
    return tuple(source[axis] if size == 0 and axis < len(source) else size
                 for axis, size in enumerate(shape))


def _axis_argument(axis):
    if isinstance(axis, list):
        return tuple(axis)
    return axis
