"""The functions of `mx.np` (the NumPy interface).  Operators accept `out=`."""
from __future__ import annotations

import numpy

from . import creation
from . import operators as ops
from .dispatch import apply
from .errors import no_other_arguments, unsupported
from .ndarray import NDArray, is_numeric, scalar_value
from .numpy_array import ndarray

float16, float32, float64 = numpy.float16, numpy.float32, numpy.float64
int8, int32, int64, uint8 = numpy.int8, numpy.int32, numpy.int64, numpy.uint8
bool_ = numpy.bool_
dtype = numpy.dtype
pi, e, inf, nan, newaxis = numpy.pi, numpy.e, numpy.inf, numpy.nan, None


def array(object, dtype=None, ctx=None):  # noqa: A002 - NumPy's name
    if isinstance(object, NDArray) and not isinstance(object, ndarray):
        raise ValueError("If you're trying to create a mxnet.numpy.ndarray from mx.nd.NDArray, "
                         "please use the zero-copy as_np_ndarray function.")
    if dtype is None and not isinstance(object, (NDArray, numpy.ndarray)):
        dtype = creation.FLOAT32
    return creation.from_source(ndarray, object, dtype, ctx)


def asarray(obj, dtype=None, ctx=None):
    return obj if isinstance(obj, ndarray) and dtype is None else array(obj, dtype, ctx)


def zeros(shape, dtype=None, order="C", ctx=None):
    return creation.constant(ndarray, shape, 0, dtype, ctx)


def ones(shape, dtype=None, order="C", ctx=None):
    return creation.constant(ndarray, shape, 1, dtype, ctx)


def full(shape, fill_value, dtype=None, order="C", ctx=None, out=None):
    return creation.constant(ndarray, shape, fill_value, dtype, ctx, out)


def empty(shape, dtype=None, order="C", ctx=None):
    return creation.constant(ndarray, shape, 0, dtype, ctx)


def arange(start, stop=None, step=1, dtype=None, ctx=None):
    return creation.arange(ndarray, start, stop, step, 1, dtype, ctx)


def zeros_like(a, dtype=None, order="C", ctx=None, out=None):
    # MXNet 1.9.1 passes `out=ctx` on here: `out` is ignored and nothing is written.
    return apply(ops.FULL_LIKE, [a], {"value": 0, "dtype": dtype})


def ones_like(a, dtype=None, order="C", ctx=None, out=None):
    return apply(ops.FULL_LIKE, [a], {"value": 1, "dtype": dtype}, out=out)


def full_like(a, fill_value, dtype=None, order="C", ctx=None, out=None):
    return apply(ops.FULL_LIKE, [a], {"value": fill_value, "dtype": dtype}, out=out)


def _binary(array_operator, scalar_operator, reflected_operator):
    def function(x1, x2, out=None, **kwargs):
        no_other_arguments("np." + array_operator.name, kwargs)
        if isinstance(x1, NDArray) and isinstance(x2, NDArray):
            return apply(array_operator, [x1, x2], out=out)
        if isinstance(x1, NDArray) and is_numeric(x2):
            return apply(scalar_operator, [x1], {"scalar": scalar_value(x2)}, out=out)
        if isinstance(x2, NDArray) and is_numeric(x1):
            return apply(reflected_operator, [x2], {"scalar": scalar_value(x1)}, out=out)
        if is_numeric(x1) and is_numeric(x2):
            unsupported("np.%s of two scalars" % array_operator.name)
        raise TypeError("type %s not supported" % str(type(x2 if isinstance(x1, NDArray) else x1)))
    return function


add = _binary(ops.ADD, ops.PLUS_SCALAR, ops.PLUS_SCALAR)
subtract = _binary(ops.SUBTRACT, ops.MINUS_SCALAR, ops.RMINUS_SCALAR)
multiply = _binary(ops.MULTIPLY, ops.MUL_SCALAR, ops.MUL_SCALAR)
divide = true_divide = _binary(ops.DIVIDE, ops.DIV_SCALAR, ops.RDIV_SCALAR)
mod = remainder = _binary(ops.MODULO, ops.MOD_SCALAR, ops.RMOD_SCALAR)
power = _binary(ops.POWER, ops.POWER_SCALAR, ops.RPOWER_SCALAR)
maximum = _binary(ops.MAXIMUM, ops.MAXIMUM_SCALAR, ops.MAXIMUM_SCALAR)
minimum = _binary(ops.MINIMUM, ops.MINIMUM_SCALAR, ops.MINIMUM_SCALAR)


def _comparison(symbol):
    def function(x1, x2, out=None, **kwargs):
        no_other_arguments("np.compare" + symbol, kwargs)
        return x1._compare(x2, symbol)
    return function


equal = _comparison("==")
not_equal = _comparison("!=")
greater = _comparison(">")
greater_equal = _comparison(">=")
less = _comparison("<")
less_equal = _comparison("<=")


def _unary(operator):
    def function(x, out=None, **kwargs):
        no_other_arguments("np." + operator.name, kwargs)
        return apply(operator, [x], out=out)
    function.__name__ = operator.name
    return function


exp = _unary(ops.EXP)
log = _unary(ops.LOG)
sqrt = _unary(ops.SQRT)
square = _unary(ops.SQUARE)
abs = absolute = _unary(ops.ABS)  # noqa: A001 - NumPy's name
tanh = _unary(ops.TANH)
sin = _unary(ops.SIN)
cos = _unary(ops.COS)
negative = _unary(ops.NEGATIVE)
sign = _unary(ops.SIGN)
floor = _unary(ops.FLOOR)
ceil = _unary(ops.CEIL)
log1p = _unary(ops.LOG1P)
reciprocal = _unary(ops.RECIPROCAL)


def dot(a, b, out=None):
    return apply(ops.DOT, [a, b], {"scalar_shape": ()}, out=out)


def matmul(a, b, out=None, **kwargs):
    no_other_arguments("np.matmul", kwargs)
    return apply(ops.MATMUL, [a, b], out=out)


def _reduction(operator):
    def function(a, axis=None, dtype=None, out=None, keepdims=False, **kwargs):
        no_other_arguments("np." + operator.name, kwargs)
        return a._reduce(operator, axis, keepdims, out=out)
    function.__name__ = operator.name
    return function


sum = _reduction(ops.SUM)  # noqa: A001 - NumPy's name
mean = _reduction(ops.MEAN)
max = amax = _reduction(ops.MAX)  # noqa: A001 - NumPy's name
min = amin = _reduction(ops.MIN)  # noqa: A001 - NumPy's name


def argmax(a, axis=None, out=None):
    return a.argmax(axis)


def argmin(a, axis=None, out=None):
    return a.argmin(axis)


def clip(a, a_min, a_max, out=None):
    return apply(ops.CLIP, [a], {"a_min": a_min, "a_max": a_max}, out=out)


def where(condition, x, y):
    """A scalar operand takes the array operand's dtype; with exactly one, MXNet runs another
    operator, whose gradient differs (operators.layout.WHERE_WITH_ONE_SCALAR)."""
    arrays = [value for value in (x, y) if isinstance(value, NDArray)]
    dtype = arrays[0]._data.dtype if arrays else numpy.float32
    operands = [condition] + [value if isinstance(value, NDArray) else ndarray._wrap(
        numpy.asarray(value, dtype=dtype if not isinstance(value, bool) else None)) for value in (x, y)]
    return apply(ops.WHERE_WITH_ONE_SCALAR if len(arrays) == 1 else ops.WHERE, operands)


def concatenate(seq, axis=0, out=None):
    return apply(ops.CONCAT, list(seq), {"axis": axis}, out=out)


def stack(arrays, axis=0, out=None):
    return apply(ops.STACK, list(arrays), {"axis": axis}, out=out)


def split(ary, indices_or_sections, axis=0):
    if not isinstance(indices_or_sections, int):
        unsupported("np.split at given indices")
    return apply(ops.SPLIT, [ary], {"num_outputs": indices_or_sections, "axis": axis})


def reshape(a, newshape, order="C"):
    return a.reshape(newshape)


def transpose(a, axes=None):
    return apply(ops.TRANSPOSE, [a], {"axes": tuple(axes) if axes else None})


def expand_dims(a, axis):
    return apply(ops.EXPAND_DIMS, [a], {"axis": axis})


def squeeze(a, axis=None):
    return apply(ops.SQUEEZE, [a], {"axis": axis})


def broadcast_to(array, shape):  # noqa: A002 - NumPy's name
    return apply(ops.BROADCAST_TO, [array], {"shape": tuple(shape)})
