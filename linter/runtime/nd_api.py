"""The functions of `mx.nd` (legacy mode).  Each operator accepts `out=`."""
from __future__ import annotations

import builtins

import numpy

from . import creation, graph
from . import operators as ops
from .dispatch import apply
from .errors import MXNetError, no_other_arguments, unsupported
from .ndarray import NDArray, is_numeric, legacy_shape, scalar_value


def _named(function, name):
    """Give a generated function MXNet's name (it shows in TypeErrors)."""
    function.__name__ = function.__qualname__ = name
    return function


def array(source_array, ctx=None, dtype=None):
    if dtype is None and not isinstance(source_array, NDArray):
        dtype = creation.FLOAT32
    return creation.from_source(NDArray, source_array, dtype, ctx)


def zeros(shape, ctx=None, dtype=None, out=None, **kwargs):
    no_other_arguments("nd.zeros", kwargs)
    return creation.constant(NDArray, shape, 0, dtype, ctx, out)


def ones(shape, ctx=None, dtype=None, out=None, **kwargs):
    no_other_arguments("nd.ones", kwargs)
    return creation.constant(NDArray, shape, 1, dtype, ctx, out)


def full(shape, val, ctx=None, dtype=None, out=None):
    return creation.constant(NDArray, shape, val, dtype, ctx, out)


def empty(shape, ctx=None, dtype=None):
    return creation.constant(NDArray, shape, 0, dtype, ctx)


def arange(start, stop=None, step=1.0, repeat=1, infer_range=None, ctx=None, dtype=None):
    return creation.arange(NDArray, start, stop, step, repeat, dtype, ctx)


def _unary(operator):
    def function(data, out=None, name=None, **kwargs):
        no_other_arguments("nd." + operator.name, kwargs)
        return apply(operator, [data], out=out)
    return _named(function, operator.name)


relu = _unary(ops.RELU)
sigmoid = _unary(ops.SIGMOID)
tanh = _unary(ops.TANH)
exp = _unary(ops.EXP)
log = _unary(ops.LOG)
sqrt = _unary(ops.SQRT)
square = _unary(ops.SQUARE)
abs = _unary(ops.ABS)  # noqa: A001 - MXNet's name
negative = _unary(ops.NEGATIVE)
sign = _unary(ops.SIGN)
floor = _unary(ops.FLOOR)
ceil = _unary(ops.CEIL)
round = _unary(ops.ROUND)  # noqa: A001 - MXNet's name
sin = _unary(ops.SIN)
cos = _unary(ops.COS)
log1p = _unary(ops.LOG1P)
reciprocal = _unary(ops.RECIPROCAL)


def Activation(data, act_type, out=None, name=None):  # noqa: N802 - MXNet's name
    if act_type not in ops.ACTIVATIONS:
        raise MXNetError("Invalid Input: '%s', valid values are: {'relu', 'sigmoid', 'softrelu', "
                         "'softsign', 'tanh'}" % act_type)
    return apply(ops.ACTIVATIONS[act_type], [data], out=out)


def _broadcast(operator):
    def function(lhs, rhs, out=None, name=None, **kwargs):
        no_other_arguments("nd." + operator.name, kwargs)
        return apply(operator, [lhs, rhs], out=out)
    return _named(function, operator.name)


broadcast_add = broadcast_plus = _broadcast(ops.ADD)
broadcast_sub = broadcast_minus = _broadcast(ops.SUBTRACT)
broadcast_mul = _broadcast(ops.MULTIPLY)
broadcast_div = _broadcast(ops.DIVIDE)
broadcast_mod = _broadcast(ops.MODULO)
broadcast_power = _broadcast(ops.POWER)
broadcast_maximum = _broadcast(ops.MAXIMUM)
broadcast_minimum = _broadcast(ops.MINIMUM)


def _elementwise(operator):
    """elemwise_*: both operands must have the same shape (no broadcasting)."""
    def function(lhs, rhs, out=None, name=None, **kwargs):
        no_other_arguments("nd." + operator.name, kwargs)
        if lhs.shape != rhs.shape:
            raise MXNetError("Check failed: assign(&dattr, vec.at(i)): Incompatible attr in node  "
                             "at 1-th input: expected %s, got %s"
                             % (_shape_text(lhs.shape), _shape_text(rhs.shape)))
        return apply(operator, [lhs, rhs], out=out)
    return _named(function, operator.name)


def _shape_text(shape):
    return "[" + ",".join(str(size) for size in shape) + "]"


elemwise_add = _elementwise(ops.ADD)
elemwise_sub = _elementwise(ops.SUBTRACT)
elemwise_mul = _elementwise(ops.MULTIPLY)
elemwise_div = _elementwise(ops.DIVIDE)


def _arithmetic(symbol):
    """nd.add / nd.subtract / ...: arrays or scalars on either side (no `out=`, as in MXNet)."""
    array_operator = {"+": ops.ADD, "-": ops.SUBTRACT, "*": ops.MULTIPLY, "/": ops.DIVIDE,
                      "%": ops.MODULO, "**": ops.POWER, "max": ops.MAXIMUM, "min": ops.MINIMUM}[symbol]
    scalar_operator = {"+": ops.PLUS_SCALAR, "-": ops.MINUS_SCALAR, "*": ops.MUL_SCALAR,
                       "/": ops.DIV_SCALAR, "%": ops.MOD_SCALAR, "**": ops.POWER_SCALAR,
                       "max": ops.MAXIMUM_SCALAR, "min": ops.MINIMUM_SCALAR}[symbol]
    reflected_operator = {"+": ops.PLUS_SCALAR, "-": ops.RMINUS_SCALAR, "*": ops.MUL_SCALAR,
                          "/": ops.RDIV_SCALAR, "%": ops.RMOD_SCALAR, "**": ops.RPOWER_SCALAR,
                          "max": ops.MAXIMUM_SCALAR, "min": ops.MINIMUM_SCALAR}[symbol]

    def function(lhs, rhs):
        if isinstance(lhs, NDArray) and isinstance(rhs, NDArray):
            return apply(array_operator, [lhs, rhs])
        if isinstance(lhs, NDArray) and is_numeric(rhs):
            return apply(scalar_operator, [lhs], {"scalar": scalar_value(rhs)})
        if isinstance(rhs, NDArray) and is_numeric(lhs):
            return apply(reflected_operator, [rhs], {"scalar": scalar_value(lhs)})
        raise TypeError("type %s not supported" % str(type(rhs)))
    return function


add = _named(_arithmetic("+"), "add")
subtract = _named(_arithmetic("-"), "subtract")
multiply = _named(_arithmetic("*"), "multiply")
divide = _named(_arithmetic("/"), "divide")
modulo = _named(_arithmetic("%"), "modulo")
power = _named(_arithmetic("**"), "power")
maximum = _named(_arithmetic("max"), "maximum")
minimum = _named(_arithmetic("min"), "minimum")


_COMPARISON_NAMES = {"==": "equal", "!=": "not_equal", ">": "greater", ">=": "greater_equal",
                     "<": "lesser", "<=": "lesser_equal"}


def _comparison(symbol):
    """nd.equal / nd.greater / ...: arrays or scalars on either side (no `out=`)."""
    def function(lhs, rhs):
        if isinstance(lhs, NDArray):
            return lhs._compare(rhs, symbol)
        return rhs._compare(lhs, {"<": ">", ">": "<", "<=": ">=", ">=": "<="}.get(symbol, symbol))
    return _named(function, _COMPARISON_NAMES[symbol])


def _broadcast_comparison(symbol):
    def function(lhs, rhs, out=None, name=None):
        return lhs._compare(rhs, symbol, out)
    return _named(function, "broadcast_" + _COMPARISON_NAMES[symbol])


equal, broadcast_equal = _comparison("=="), _broadcast_comparison("==")
not_equal, broadcast_not_equal = _comparison("!="), _broadcast_comparison("!=")
greater, broadcast_greater = _comparison(">"), _broadcast_comparison(">")
greater_equal, broadcast_greater_equal = _comparison(">="), _broadcast_comparison(">=")
lesser, broadcast_lesser = _comparison("<"), _broadcast_comparison("<")
lesser_equal, broadcast_lesser_equal = _comparison("<="), _broadcast_comparison("<=")


def dot(lhs, rhs, transpose_a=False, transpose_b=False, forward_stype=None, out=None, name=None):
    return apply(ops.DOT, [lhs, rhs], {"transpose_a": transpose_a, "transpose_b": transpose_b,
                                       "scalar_shape": (1,)}, out=out)


def batch_dot(lhs, rhs, transpose_a=False, transpose_b=False, forward_stype=None, out=None, name=None):
    return apply(ops.BATCH_DOT, [lhs, rhs], {"transpose_a": transpose_a, "transpose_b": transpose_b},
                 out=out)


def FullyConnected(data, weight, bias=None, num_hidden=None, no_bias=False, flatten=True,  # noqa: N802
                   out=None, name=None):
    inputs = [data, weight] if no_bias or bias is None else [data, weight, bias]
    return apply(ops.FULLY_CONNECTED, inputs, {"flatten": flatten}, out=out)


def _reduction(operator):
    def function(data, axis=None, keepdims=False, exclude=False, out=None, name=None, **kwargs):
        no_other_arguments("nd." + operator.name, kwargs)
        return data._reduce(operator, axis, keepdims, exclude, out)
    return _named(function, operator.name)


sum = _reduction(ops.SUM)  # noqa: A001 - MXNet's name
mean = _reduction(ops.MEAN)
max = _reduction(ops.MAX)  # noqa: A001 - MXNet's name
min = _reduction(ops.MIN)  # noqa: A001 - MXNet's name


def norm(data, ord=2, axis=None, keepdims=False, out=None, **kwargs):
    no_other_arguments("nd.norm", kwargs)
    return data.norm(ord, axis, keepdims)


def argmax(data, axis=None, keepdims=False, out=None, **kwargs):
    no_other_arguments("nd.argmax", kwargs)
    return data.argmax(axis, keepdims)


def argmin(data, axis=None, keepdims=False, out=None, **kwargs):
    no_other_arguments("nd.argmin", kwargs)
    return data.argmin(axis, keepdims)


def broadcast_to(data, shape, out=None, name=None):
    return apply(ops.BROADCAST_TO, [data], {"shape": tuple(shape)}, out=out)


def broadcast_like(lhs, rhs, out=None, name=None, **kwargs):
    no_other_arguments("nd.broadcast_like", kwargs)
    return apply(ops.BROADCAST_LIKE, [lhs, rhs], out=out)


def concat(*data, dim=1, num_args=None, out=None, name=None):
    return apply(ops.CONCAT, list(data), {"axis": dim}, out=out)


Concat = concat


def stack(*data, axis=0, num_args=None, out=None, name=None):
    return apply(ops.STACK, list(data), {"axis": axis}, out=out)


def split(data, num_outputs, axis=1, squeeze_axis=False, out=None, name=None):
    return apply(ops.SPLIT, [data], {"num_outputs": num_outputs, "axis": axis,
                                     "squeeze_axis": squeeze_axis}, out=out)


SliceChannel = split


def slice_axis(data, axis, begin, end, out=None, name=None):
    return apply(ops.SLICE_AXIS, [data], {"axis": axis, "begin": begin, "end": end}, out=out)


def slice(data, begin, end, step=None, out=None, name=None):  # noqa: A001 - MXNet's name
    step = step or (None,) * len(begin)
    key = tuple(builtins.slice(b, e, s) for b, e, s in zip(begin, end, step))
    shape = data._data[key].shape
    return apply(ops.SLICE, [data], {"key": key, "shape": shape}, out=out)


def reshape(data, shape, reverse=False, out=None, name=None, **kwargs):
    """The Reshape operator: unlike the method `x.reshape`, a new array."""
    no_other_arguments("nd.reshape", kwargs)
    if reverse:
        unsupported("nd.reshape(reverse=True)")
    return apply(ops.RESHAPE, [data], {"shape": legacy_shape(tuple(shape), data.shape)}, out=out)


def reshape_like(lhs, rhs, out=None, name=None):
    return apply(ops.RESHAPE_LIKE, [lhs, rhs], out=out)


def transpose(data, axes=None, out=None, name=None):
    return apply(ops.TRANSPOSE, [data], {"axes": tuple(axes) if axes else None}, out=out)


def expand_dims(data, axis, out=None, name=None):
    return apply(ops.EXPAND_DIMS, [data], {"axis": axis}, out=out)


def squeeze(data, axis=None, out=None, name=None):
    return apply(ops.SQUEEZE, [data], {"axis": axis}, out=out)


def flatten(data, out=None, name=None):
    return apply(ops.RESHAPE, [data], {"shape": (data.shape[0], -1)}, out=out)


Flatten = flatten


def cast(data, dtype, out=None, name=None):
    return apply(ops.COPY, [data], {"dtype": numpy.dtype(dtype)}, out=out)


Cast = cast


def identity(data, out=None, name=None):
    return apply(ops.COPY, [data], out=out)


def zeros_like(data, out=None, name=None, **kwargs):
    no_other_arguments("nd.zeros_like", kwargs)
    return apply(ops.ZEROS_LIKE, [data], out=out)


def ones_like(data, out=None, name=None, **kwargs):
    no_other_arguments("nd.ones_like", kwargs)
    return apply(ops.ONES_LIKE, [data], out=out)


def where(condition, x, y, out=None, name=None):
    return apply(ops.WHERE, [condition, x, y], out=out)


def clip(data, a_min, a_max, out=None, name=None):
    return apply(ops.CLIP, [data], {"a_min": a_min, "a_max": a_max}, out=out)


def softmax(data, axis=-1, temperature=None, out=None, name=None, **kwargs):
    no_other_arguments("nd.softmax", kwargs)
    return apply(ops.SOFTMAX, [data], {"axis": axis, "temperature": temperature}, out=out)


def log_softmax(data, axis=-1, temperature=None, out=None, name=None, **kwargs):
    no_other_arguments("nd.log_softmax", kwargs)
    return apply(ops.LOG_SOFTMAX, [data], {"axis": axis, "temperature": temperature}, out=out)


def L2Normalization(data, eps=1e-10, mode="instance", out=None, name=None):  # noqa: N802
    return apply(ops.L2_NORMALIZATION, [data], {"eps": eps, "mode": mode}, out=out)


def pick(data, index, axis=-1, keepdims=False, mode="clip", out=None, name=None):
    return apply(ops.PICK, [data, index], {"axis": axis, "keepdims": keepdims}, out=out)


def take(a, indices, axis=0, mode="clip", out=None, name=None):
    return apply(ops.TAKE, [a, indices], {"axis": axis}, out=out)


def one_hot(indices, depth, on_value=1.0, off_value=0.0, dtype="float32", out=None, name=None):
    return apply(ops.ONE_HOT, [indices], {"depth": depth, "on_value": on_value,
                                          "off_value": off_value, "dtype": dtype}, out=out)


def add_n(*args, out=None, name=None, **kwargs):
    no_other_arguments("nd.add_n", kwargs)
    return apply(ops.ADD_N, list(args), out=out)


ElementWiseSum = add_n


def sgd_update(weight, grad, lr, wd=0.0, rescale_grad=1.0, clip_gradient=-1.0, lazy_update=True,
               out=None, name=None):
    return apply(ops.SGD_UPDATE, [weight, grad], {"lr": lr, "wd": wd, "rescale_grad": rescale_grad,
                                                  "clip_gradient": clip_gradient}, out=out)


def sgd_mom_update(weight, grad, mom, lr, momentum=0.0, wd=0.0, rescale_grad=1.0,
                   clip_gradient=-1.0, lazy_update=True, out=None, name=None):
    return apply(ops.SGD_MOM_UPDATE, [weight, grad, mom],
                 {"lr": lr, "momentum": momentum, "wd": wd, "rescale_grad": rescale_grad,
                  "clip_gradient": clip_gradient}, out=out)


def reset_arrays(*data, num_arrays=None, name=None):
    """An operator with no outputs: it zeroes its inputs, and recorded with a
    tagged input it crashes MXNet (section 6 of the specification)."""
    for handle in data:
        handle._data[...] = 0
    graph.record(ops.RESET_ARRAYS, list(data), [])


def waitall():
    return None
