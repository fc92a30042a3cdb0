"""MXNet operators: forward on numpy arrays and the analytic backward.

A backward function gets a `graph.BackwardCall` (the memory of the inputs
and outputs as recorded, the output gradients, the attributes) and returns
one gradient per input (None: no gradient flows there).  Each one reads the
same saved values as MXNet's backward (an input or an output), so a write to
that memory after recording changes the gradient the way it does in MXNet.
"""
from __future__ import annotations

import numpy

from . import indexing
from .errors import MXNetError


class Operator:
    """A named operator.  `view` operators return memory shared with their
    input instead of new memory (MXNet's slicing and reshaping views).

    `elementwise` operators compute element by element in order, which is
    visible when `out=` overlaps an input (dispatch.py).  `add_to` is how
    MXNet 1.9.1's backward of this operator writes into the
    gradient memory of a `grad_req='add'` leaf when it is the leaf's only
    gradient: "add" (correctly), "overwrite" (the request is ignored:
    `_copyto`, `clip`) or "normalize" (`mean` adds, then divides the whole
    memory, old contents included, by the number of averaged elements).
    """

    __slots__ = ("name", "forward", "backward", "view", "add_to", "elementwise")

    def __init__(self, name, forward, backward, view=False, add_to="add", elementwise=False):
        self.name = name
        self.forward = forward
        self.backward = backward
        self.view = view
        self.add_to = add_to
        self.elementwise = elementwise  # output element i depends only on input elements i

    def __repr__(self):
        return "Operator(%s)" % self.name


def no_gradient(call):
    return [None] * len(call.inputs)


def not_differentiable(name):
    def backward(call):
        raise MXNetError("Operator %s is non-differentiable because it didn't register "
                         "FGradient attribute." % name)
    return backward


def unbroadcast(grad, shape):
    """Sum `grad` down to `shape` (the backward of numpy broadcasting)."""
    shape = tuple(shape)
    if grad.shape == shape:
        return grad
    extra = grad.ndim - len(shape)
    if extra > 0:
        grad = grad.sum(axis=tuple(range(extra)))
    axes = tuple(axis for axis, size in enumerate(shape) if size == 1 and grad.shape[axis] != 1)
    if axes:
        grad = grad.sum(axis=axes, keepdims=True)
    return grad.reshape(shape)


def _elementwise(name, forward, derivative, uses="input"):
    """A one-input elementwise operator; `derivative(value)` of the saved input or output."""
    def backward(call):
        saved = call.inputs[0] if uses == "input" else call.outputs[0]
        return [call.output_grads[0] * derivative(saved)]
    return Operator(name, forward, backward, elementwise=True)


def _safe_divide(numerator, denominator):
    with numpy.errstate(divide="ignore", invalid="ignore"):
        return numerator / denominator


RELU = _elementwise("relu", lambda x: numpy.maximum(x, 0).astype(x.dtype, copy=False),
                    lambda y: (y > 0).astype(y.dtype), uses="output")
SIGMOID = _elementwise("sigmoid", lambda x: (1 / (1 + numpy.exp(-x))).astype(x.dtype, copy=False),
                       lambda y: y * (1 - y), uses="output")
TANH = _elementwise("tanh", numpy.tanh, lambda y: 1 - y * y, uses="output")
SOFTRELU = _elementwise("softrelu", lambda x: numpy.logaddexp(0, x).astype(x.dtype, copy=False),
                        lambda y: -numpy.expm1(-y), uses="output")
EXP = _elementwise("exp", numpy.exp, lambda y: y, uses="output")
LOG = _elementwise("log", numpy.log, lambda x: _safe_divide(1, x))
SQRT = _elementwise("sqrt", numpy.sqrt, lambda y: _safe_divide(0.5, y), uses="output")
SQUARE = _elementwise("square", numpy.square, lambda x: 2 * x)
ABS = _elementwise("abs", numpy.abs, numpy.sign)
NEGATIVE = _elementwise("negative", numpy.negative, lambda x: -numpy.ones_like(x))
SIN = _elementwise("sin", numpy.sin, numpy.cos)
COS = _elementwise("cos", numpy.cos, lambda x: -numpy.sin(x))
LOG1P = _elementwise("log1p", numpy.log1p, lambda x: _safe_divide(1, 1 + x))
RECIPROCAL = _elementwise("reciprocal", lambda x: _safe_divide(1, x).astype(x.dtype, copy=False),
                          lambda x: -_safe_divide(1, x * x))
SIGN = Operator("sign", numpy.sign, no_gradient, elementwise=True)
FLOOR = Operator("floor", numpy.floor, no_gradient, elementwise=True)
CEIL = Operator("ceil", numpy.ceil, no_gradient, elementwise=True)
ROUND = Operator("round", numpy.round, no_gradient, elementwise=True)

ACTIVATIONS = {"relu": RELU, "sigmoid": SIGMOID, "tanh": TANH, "softrelu": SOFTRELU}


def _binary(name, forward, lhs_grad, rhs_grad):
    """A two-input broadcasting operator; the gradient functions take (grad, a, b)."""
    def backward(call):
        a, b = call.inputs
        grad = call.output_grads[0]
        return [unbroadcast(lhs_grad(grad, a, b), a.shape), unbroadcast(rhs_grad(grad, a, b), b.shape)]
    return Operator(name, forward, backward, elementwise=True)


def _same_dtype(function):
    return lambda a, b: function(a, b).astype(a.dtype, copy=False)


ADD = _binary("broadcast_add", _same_dtype(numpy.add), lambda g, a, b: g, lambda g, a, b: g)
SUBTRACT = _binary("broadcast_sub", _same_dtype(numpy.subtract), lambda g, a, b: g, lambda g, a, b: -g)
MULTIPLY = _binary("broadcast_mul", _same_dtype(numpy.multiply),
                   lambda g, a, b: g * b, lambda g, a, b: g * a)
DIVIDE = _binary("broadcast_div", _same_dtype(lambda a, b: _safe_divide(a, b)),
                 lambda g, a, b: _safe_divide(g, b), lambda g, a, b: -_safe_divide(g * a, b * b))
MODULO = _binary("broadcast_mod", _same_dtype(numpy.mod),
                 lambda g, a, b: g, lambda g, a, b: -g * numpy.floor(_safe_divide(a, b)))
POWER = _binary("broadcast_power", _same_dtype(numpy.power),
                lambda g, a, b: g * b * numpy.power(a, b - 1),
                lambda g, a, b: g * numpy.power(a, b) * numpy.log(a))
MAXIMUM = _binary("broadcast_maximum", _same_dtype(numpy.maximum),
                  lambda g, a, b: g * (a >= b), lambda g, a, b: g * (a < b))
MINIMUM = _binary("broadcast_minimum", _same_dtype(numpy.minimum),
                  lambda g, a, b: g * (a <= b), lambda g, a, b: g * (a > b))


def _comparison(name, function):
    def forward(a, b, boolean=False):
        result = function(a, b)
        return result if boolean else result.astype(a.dtype)
    return Operator(name, forward, no_gradient, elementwise=True)


def _scalar_comparison(name, function):
    def forward(a, scalar, boolean=False):
        result = function(a, scalar)
        return result if boolean else result.astype(a.dtype)
    return Operator(name, forward, no_gradient, elementwise=True)


COMPARISONS = {
    "==": numpy.equal, "!=": numpy.not_equal, ">": numpy.greater,
    ">=": numpy.greater_equal, "<": numpy.less, "<=": numpy.less_equal,
}
COMPARE = {symbol: _comparison("broadcast_compare" + symbol, function)
           for symbol, function in COMPARISONS.items()}
COMPARE_SCALAR = {symbol: _scalar_comparison("compare_scalar" + symbol, function)
                  for symbol, function in COMPARISONS.items()}


def _bitwise(name, function):
    return Operator(name, lambda a, b: function(a, b).astype(a.dtype, copy=False), no_gradient,
                    elementwise=True)


BITWISE = {"&": _bitwise("bitwise_and", numpy.bitwise_and),
           "|": _bitwise("bitwise_or", numpy.bitwise_or),
           "^": _bitwise("bitwise_xor", numpy.bitwise_xor)}


def _scalar(name, forward, derivative, uses="input"):
    """A one-input operator with a scalar attribute; `derivative(saved, scalar)`."""
    def backward(call):
        saved = call.inputs[0] if uses == "input" else call.outputs[0]
        return [call.output_grads[0] * derivative(saved, call.attrs["scalar"])]
    return Operator(name, lambda a, scalar: forward(a, scalar).astype(a.dtype, copy=False), backward,
                    elementwise=True)


def _ones(a, scalar):
    return numpy.ones_like(a)


PLUS_SCALAR = _scalar("_plus_scalar", lambda a, s: a + s, _ones)
MINUS_SCALAR = _scalar("_minus_scalar", lambda a, s: a - s, _ones)
RMINUS_SCALAR = _scalar("_rminus_scalar", lambda a, s: s - a, lambda a, s: -numpy.ones_like(a))
MUL_SCALAR = _scalar("_mul_scalar", lambda a, s: a * s, lambda a, s: numpy.full_like(a, s))
DIV_SCALAR = _scalar("_div_scalar", lambda a, s: _safe_divide(a, s),
                     lambda a, s: numpy.full_like(a, _safe_divide(1.0, s)))
RDIV_SCALAR = _scalar("_rdiv_scalar", lambda a, s: _safe_divide(s, a),
                      lambda a, s: -_safe_divide(s, a * a))
MOD_SCALAR = _scalar("_mod_scalar", lambda a, s: numpy.mod(a, s), _ones)
RMOD_SCALAR = _scalar("_rmod_scalar", lambda a, s: numpy.mod(s, a),
                      lambda a, s: -numpy.floor(_safe_divide(s, a)))
POWER_SCALAR = _scalar("_power_scalar", lambda a, s: numpy.power(a, s),
                       lambda a, s: s * numpy.power(a, s - 1))
RPOWER_SCALAR = _scalar("_rpower_scalar", lambda a, s: numpy.power(s, a),
                        lambda y, s: y * numpy.log(s), uses="output")
MAXIMUM_SCALAR = _scalar("_maximum_scalar", lambda a, s: numpy.maximum(a, s),
                         lambda a, s: (a >= s).astype(a.dtype))
MINIMUM_SCALAR = _scalar("_minimum_scalar", lambda a, s: numpy.minimum(a, s),
                         lambda a, s: (a <= s).astype(a.dtype))


# -- copies, casts, constants ---------------------------------------------

def _copy_backward(call):
    return [call.output_grads[0]]


def _copy_forward(a, dtype=None):
    return numpy.array(a, dtype=dtype or a.dtype)


# x.copy(), x.copyto(...), x.astype(...): MXNet's `_copyto`
COPYTO = Operator("_copyto", _copy_forward, _copy_backward, add_to="overwrite")
# nd.identity, nd.cast
COPY = Operator("_copy", _copy_forward, _copy_backward)


def _assign_forward(value, shape, dtype, int_axes=()):
    return numpy.array(indexing.fit_value(value, shape, int_axes), dtype=dtype)


def _assign_backward(call):
    return [indexing.unfit_gradient(call.output_grads[0], call.inputs[0].shape,
                                    call.attrs.get("int_axes", ()), unbroadcast)]


# `target[key] = value` for a key covering the whole target: _copyto of the
# value prepared to the target's shape.
ASSIGN = Operator("_copyto", _assign_forward, _assign_backward)
ZEROS_LIKE = Operator("zeros_like", lambda a, dtype=None: numpy.zeros_like(a, dtype=dtype), no_gradient)
ONES_LIKE = Operator("ones_like", lambda a, dtype=None: numpy.ones_like(a, dtype=dtype), no_gradient)
FULL_LIKE = Operator("full_like", lambda a, value, dtype=None: numpy.full_like(a, value, dtype=dtype),
                     no_gradient)
FULL = Operator("_full", lambda shape, value, dtype: numpy.full(shape, value, dtype=dtype), no_gradient)


# -- reductions -------------------------------------------------------------

def _axes(ndim, axis, exclude=False):
    if axis is None or axis == ():
        axes = tuple(range(ndim))
        return () if exclude else axes
    axes = tuple(sorted(a % ndim for a in ((axis,) if isinstance(axis, int) else axis)))
    return tuple(a for a in range(ndim) if a not in axes) if exclude else axes


def _reduce_forward(function):
    def forward(a, axis=None, keepdims=False, exclude=False, scalar_shape=()):
        axes = _axes(a.ndim, axis, exclude)
        result = numpy.asarray(function(a, axis=axes, keepdims=keepdims), dtype=a.dtype)
        return result.reshape(scalar_shape) if result.ndim == 0 else result
    return forward


def _kept_shape(call):
    a = call.inputs[0]
    axes = _axes(a.ndim, call.attrs.get("axis"), call.attrs.get("exclude", False))
    return tuple(1 if axis in axes else size for axis, size in enumerate(a.shape)), axes


def _sum_backward(call):
    shape, _ = _kept_shape(call)
    return [numpy.broadcast_to(call.output_grads[0].reshape(shape), call.inputs[0].shape)]


def _mean_backward(call):
    shape, axes = _kept_shape(call)
    count = int(numpy.prod([call.inputs[0].shape[a] for a in axes])) or 1
    return [numpy.broadcast_to(call.output_grads[0].reshape(shape), call.inputs[0].shape) / count]


def _extremum_backward(call):
    shape, _ = _kept_shape(call)
    a = call.inputs[0]
    mask = (a == call.outputs[0].reshape(shape))
    return [numpy.broadcast_to(call.output_grads[0].reshape(shape), a.shape) * mask]


SUM = Operator("sum", _reduce_forward(numpy.sum), _sum_backward)
MEAN = Operator("mean", _reduce_forward(numpy.mean), _mean_backward, add_to="normalize")
MAX = Operator("max", _reduce_forward(numpy.max), _extremum_backward)
MIN = Operator("min", _reduce_forward(numpy.min), _extremum_backward)


def _norm_forward(a, axis=None, keepdims=False, scalar_shape=()):
    axes = _axes(a.ndim, axis)
    result = numpy.asarray(numpy.sqrt(numpy.sum(a * a, axis=axes, keepdims=keepdims)), dtype=a.dtype)
    return result.reshape(scalar_shape) if result.ndim == 0 else result


def _norm_backward(call):
    shape, _ = _kept_shape(call)
    norm = call.outputs[0].reshape(shape)
    return [call.output_grads[0].reshape(shape) * _safe_divide(call.inputs[0], norm)]


NORM = Operator("norm", _norm_forward, _norm_backward)


def _arg_forward(function):
    def forward(a, axis=None, keepdims=False, dtype="float32", scalar_shape=()):
        result = function(a, axis=axis, keepdims=keepdims if axis is not None else False)
        result = numpy.asarray(result, dtype=dtype)
        return result.reshape(scalar_shape) if result.ndim == 0 else result
    return forward


ARGMAX = Operator("argmax", _arg_forward(numpy.argmax), no_gradient)
ARGMIN = Operator("argmin", _arg_forward(numpy.argmin), no_gradient)


# -- linear algebra ---------------------------------------------------------

def _dot_backward(call):
    a, b = call.inputs
    grad = call.output_grads[0]
    transpose_a, transpose_b = call.attrs.get("transpose_a", False), call.attrs.get("transpose_b", False)
    lhs = a.T if transpose_a else a
    rhs = b.T if transpose_b else b
    if lhs.ndim == 1 and rhs.ndim == 1:
        scale = grad.reshape(())
        grad_lhs, grad_rhs = scale * rhs, scale * lhs
    elif lhs.ndim == 2 and rhs.ndim == 1:
        grad_lhs, grad_rhs = numpy.outer(grad, rhs), lhs.T @ grad
    elif lhs.ndim == 1 and rhs.ndim == 2:
        grad_lhs, grad_rhs = rhs @ grad, numpy.outer(lhs, grad)
    elif lhs.ndim == 2 and rhs.ndim == 2:
        grad_lhs, grad_rhs = grad @ rhs.T, lhs.T @ grad
    else:
        flat_lhs = lhs.reshape(-1, lhs.shape[-1])
        flat_rhs = rhs.reshape(rhs.shape[0], -1)
        flat_grad = grad.reshape(flat_lhs.shape[0], flat_rhs.shape[1])
        grad_lhs = (flat_grad @ flat_rhs.T).reshape(lhs.shape)
        grad_rhs = (flat_lhs.T @ flat_grad).reshape(rhs.shape)
    return [grad_lhs.T if transpose_a else grad_lhs, grad_rhs.T if transpose_b else grad_rhs]


DOT = Operator("dot", lambda a, b, transpose_a=False, transpose_b=False, scalar_shape=(1,):
               _dot(a, b, transpose_a, transpose_b, scalar_shape), _dot_backward)


def _dot(a, b, transpose_a, transpose_b, scalar_shape):
    lhs = a.T if transpose_a else a
    rhs = b.T if transpose_b else b
    if lhs.ndim > 2 or rhs.ndim > 2:
        result = numpy.tensordot(lhs, rhs, axes=([lhs.ndim - 1], [0]))
    else:
        result = numpy.dot(lhs, rhs)
    result = numpy.asarray(result, dtype=a.dtype)
    return result.reshape(scalar_shape) if result.ndim == 0 else result


def _batch_dot_forward(a, b, transpose_a=False, transpose_b=False):
    lhs = numpy.swapaxes(a, -1, -2) if transpose_a else a
    rhs = numpy.swapaxes(b, -1, -2) if transpose_b else b
    return numpy.matmul(lhs, rhs).astype(a.dtype, copy=False)


def _batch_dot_backward(call):
    a, b = call.inputs
    grad = call.output_grads[0]
    transpose_a, transpose_b = call.attrs.get("transpose_a", False), call.attrs.get("transpose_b", False)
    lhs = numpy.swapaxes(a, -1, -2) if transpose_a else a
    rhs = numpy.swapaxes(b, -1, -2) if transpose_b else b
    grad_lhs = numpy.matmul(grad, numpy.swapaxes(rhs, -1, -2))
    grad_rhs = numpy.matmul(numpy.swapaxes(lhs, -1, -2), grad)
    return [numpy.swapaxes(grad_lhs, -1, -2) if transpose_a else grad_lhs,
            numpy.swapaxes(grad_rhs, -1, -2) if transpose_b else grad_rhs]


BATCH_DOT = Operator("batch_dot", _batch_dot_forward, _batch_dot_backward)


def _matmul_backward(call):
    a, b = call.inputs
    grad = call.output_grads[0]
    if a.ndim == 1 and b.ndim == 1:
        return [grad * b, grad * a]
    lhs = a.reshape(1, -1) if a.ndim == 1 else a
    rhs = b.reshape(-1, 1) if b.ndim == 1 else b
    grad = grad.reshape(numpy.matmul(lhs, rhs).shape)
    grad_lhs = numpy.matmul(grad, numpy.swapaxes(rhs, -1, -2))
    grad_rhs = numpy.matmul(numpy.swapaxes(lhs, -1, -2), grad)
    return [unbroadcast(grad_lhs, lhs.shape).reshape(a.shape),
            unbroadcast(grad_rhs, rhs.shape).reshape(b.shape)]


MATMUL = Operator("matmul", lambda a, b: numpy.asarray(numpy.matmul(a, b), dtype=a.dtype), _matmul_backward)


def _fully_connected_forward(x, weight, bias=None, flatten=True, no_bias=False):
    data = x.reshape(x.shape[0], -1) if flatten else x
    result = data @ weight.T
    if bias is not None:
        result = result + bias
    return result.astype(x.dtype, copy=False)


def _fully_connected_backward(call):
    x, weight = call.inputs[:2]
    grad = call.output_grads[0]
    flatten = call.attrs.get("flatten", True)
    data = x.reshape(x.shape[0], -1) if flatten else x
    grad_2d = grad.reshape(-1, grad.shape[-1])
    grads = [(grad @ weight).reshape(x.shape), grad_2d.T @ data.reshape(-1, data.shape[-1])]
    if len(call.inputs) > 2:
        grads.append(grad_2d.sum(axis=0))
    return grads


FULLY_CONNECTED = Operator("FullyConnected", _fully_connected_forward, _fully_connected_backward)


# -- shapes -------------------------------------------------------------------

def _reshape_backward(call):
    return [call.output_grads[0].reshape(call.inputs[0].shape)]


RESHAPE_VIEW = Operator("Reshape", lambda a, shape: a.reshape(shape), _reshape_backward, view=True)
RESHAPE = Operator("reshape", lambda a, shape: a.reshape(shape).copy(), _reshape_backward)
EXPAND_DIMS = Operator("expand_dims", lambda a, axis: numpy.expand_dims(a, axis).copy(), _reshape_backward)
SQUEEZE = Operator("squeeze", lambda a, axis=None: numpy.squeeze(a, axis).copy(), _reshape_backward)


def _transpose_backward(call):
    axes = call.attrs.get("axes")
    if not axes:
        return [call.output_grads[0].transpose()]
    return [call.output_grads[0].transpose(numpy.argsort(axes))]


TRANSPOSE = Operator("transpose", lambda a, axes=None: a.transpose(axes or None).copy(),
                     _transpose_backward)


def _broadcast_to_backward(call):
    return [unbroadcast(call.output_grads[0], call.inputs[0].shape)]


BROADCAST_TO = Operator("broadcast_to", lambda a, shape: numpy.broadcast_to(a, shape).copy(),
                        _broadcast_to_backward)
BROADCAST_LIKE = Operator("broadcast_like", lambda a, b: numpy.broadcast_to(a, b.shape).copy(),
                          lambda call: [unbroadcast(call.output_grads[0], call.inputs[0].shape), None])


def _concat_backward(call):
    axis = call.attrs["axis"]
    bounds = numpy.cumsum([value.shape[axis] for value in call.inputs])[:-1]
    return numpy.split(call.output_grads[0], bounds, axis=axis)


CONCAT = Operator("concat", lambda *arrays, axis: numpy.concatenate(arrays, axis=axis), _concat_backward)


def _stack_backward(call):
    axis = call.attrs["axis"]
    grad = call.output_grads[0]
    return [numpy.take(grad, index, axis=axis) for index in range(grad.shape[axis])]


STACK = Operator("stack", lambda *arrays, axis: numpy.stack(arrays, axis=axis), _stack_backward)


def _split_forward(a, num_outputs, axis=1, squeeze_axis=False):
    parts = numpy.split(a, num_outputs, axis=axis)
    if squeeze_axis:
        parts = [numpy.squeeze(part, axis=axis) for part in parts]
    return tuple(part.copy() for part in parts)


def _split_backward(call):
    axis = call.attrs.get("axis", 1)
    grads = call.output_grads
    if call.attrs.get("squeeze_axis"):
        grads = [numpy.expand_dims(grad, axis) for grad in grads]
    return [numpy.concatenate(grads, axis=axis)]


SPLIT = Operator("split", _split_forward, _split_backward)
ADD_N = Operator("add_n", lambda *arrays: numpy.sum(arrays, axis=0).astype(arrays[0].dtype),
                 lambda call: [call.output_grads[0]] * len(call.inputs))


def _slice_backward(call):
    grad = numpy.zeros_like(call.inputs[0])
    key = call.attrs["key"]
    grad[key] += call.output_grads[0].reshape(grad[key].shape)
    return [grad]


def _gather_backward(call):
    grad = numpy.zeros_like(call.inputs[0])
    key = call.attrs["key"]
    numpy.add.at(grad, key, call.output_grads[0].reshape(grad[key].shape))
    return [grad] + [None] * (len(call.inputs) - 1)


def _index_forward(a, *index_arrays, key, shape):
    return numpy.array(a[key]).reshape(shape)


def _index_view_forward(a, key, shape):
    return a[key].reshape(shape)


SLICE = Operator("slice", _index_forward, _slice_backward)
SLICE_VIEW = Operator("slice", _index_view_forward, _slice_backward, view=True)
GATHER = Operator("gather_nd", _index_forward, _gather_backward)


def _slice_axis_forward(a, axis, begin, end):
    key = [slice(None)] * a.ndim
    key[axis] = slice(begin, end)
    return a[tuple(key)].copy()


def _slice_axis_backward(call):
    a = call.inputs[0]
    key = [slice(None)] * a.ndim
    key[call.attrs["axis"]] = slice(call.attrs["begin"], call.attrs["end"])
    grad = numpy.zeros_like(a)
    grad[tuple(key)] = call.output_grads[0]
    return [grad]


SLICE_AXIS = Operator("slice_axis", _slice_axis_forward, _slice_axis_backward)


def _pick_forward(a, index, axis=-1, keepdims=False):
    positions = numpy.clip(index.astype(numpy.int64), 0, a.shape[axis] - 1)
    picked = numpy.take_along_axis(a, numpy.expand_dims(positions, axis), axis=axis)
    return picked if keepdims else numpy.squeeze(picked, axis=axis)


def _pick_backward(call):
    a, index = call.inputs
    axis = call.attrs.get("axis", -1)
    positions = numpy.expand_dims(numpy.clip(index.astype(numpy.int64), 0, a.shape[axis] - 1), axis)
    grad = numpy.zeros_like(a)
    update = call.output_grads[0]
    if not call.attrs.get("keepdims", False):
        update = numpy.expand_dims(update, axis)
    numpy.put_along_axis(grad, positions, update, axis=axis)
    return [grad, None]


PICK = Operator("pick", _pick_forward, _pick_backward)


def _take_forward(a, indices, axis=0):
    return numpy.take(a, numpy.clip(indices.astype(numpy.int64), 0, a.shape[axis] - 1), axis=axis)


def _take_backward(call):
    a, indices = call.inputs
    axis = call.attrs.get("axis", 0)
    grad = numpy.zeros_like(numpy.moveaxis(a, axis, 0))
    positions = numpy.clip(indices.astype(numpy.int64), 0, a.shape[axis] - 1).reshape(-1)
    update = numpy.moveaxis(call.output_grads[0], axis, 0) if indices.ndim == 1 else call.output_grads[0]
    numpy.add.at(grad, positions, update.reshape((positions.size,) + grad.shape[1:]))
    return [numpy.moveaxis(grad, 0, axis), None]


TAKE = Operator("take", _take_forward, _take_backward)


def _where_forward(condition, x, y):
    return numpy.where(condition != 0, x, y).astype(x.dtype, copy=False)


def _where_backward(call):
    condition = call.inputs[0] != 0
    grad = call.output_grads[0]
    return [None, unbroadcast(grad * condition, call.inputs[1].shape),
            unbroadcast(grad * ~condition, call.inputs[2].shape)]


WHERE = Operator("where", _where_forward, _where_backward)


def _clip_backward(call):
    a = call.inputs[0]
    low, high = call.attrs["a_min"], call.attrs["a_max"]
    inside = numpy.ones_like(a, dtype=bool)
    if low is not None:
        inside &= a >= low
    if high is not None:
        inside &= a <= high
    return [call.output_grads[0] * inside]


CLIP = Operator("clip", lambda a, a_min, a_max: numpy.clip(a, a_min, a_max).astype(a.dtype, copy=False),
                _clip_backward, add_to="overwrite")


def _softmax_forward(a, axis=-1, temperature=None):
    scaled = a / temperature if temperature else a
    shifted = numpy.exp(scaled - numpy.max(scaled, axis=axis, keepdims=True))
    return (shifted / numpy.sum(shifted, axis=axis, keepdims=True)).astype(a.dtype, copy=False)


def _softmax_backward(call):
    y = call.outputs[0]
    grad = call.output_grads[0]
    axis = call.attrs.get("axis", -1)
    result = y * (grad - numpy.sum(grad * y, axis=axis, keepdims=True))
    temperature = call.attrs.get("temperature")
    return [result / temperature if temperature else result]


def _log_softmax_forward(a, axis=-1, temperature=None):
    scaled = a / temperature if temperature else a
    shifted = scaled - numpy.max(scaled, axis=axis, keepdims=True)
    return (shifted - numpy.log(numpy.sum(numpy.exp(shifted), axis=axis, keepdims=True))).astype(
        a.dtype, copy=False)


def _log_softmax_backward(call):
    y = call.outputs[0]
    grad = call.output_grads[0]
    axis = call.attrs.get("axis", -1)
    result = grad - numpy.exp(y) * numpy.sum(grad, axis=axis, keepdims=True)
    temperature = call.attrs.get("temperature")
    return [result / temperature if temperature else result]


SOFTMAX = Operator("softmax", _softmax_forward, _softmax_backward)
LOG_SOFTMAX = Operator("log_softmax", _log_softmax_forward, _log_softmax_backward)

_NORMALIZATION_AXES = {"instance": lambda ndim: tuple(range(1, ndim)),
                       "channel": lambda ndim: (1,),
                       "spatial": lambda ndim: tuple(range(2, ndim))}


def _l2_normalization_forward(a, eps=1e-10, mode="instance"):
    axes = _NORMALIZATION_AXES[mode](a.ndim)
    norm = numpy.sqrt(numpy.sum(a * a, axis=axes, keepdims=True) + eps)
    return (a / norm).astype(a.dtype, copy=False)


def _l2_normalization_backward(call):
    a, y = call.inputs[0], call.outputs[0]
    axes = _NORMALIZATION_AXES[call.attrs.get("mode", "instance")](a.ndim)
    norm = numpy.sqrt(numpy.sum(a * a, axis=axes, keepdims=True) + call.attrs.get("eps", 1e-10))
    grad = call.output_grads[0]
    return [(grad - y * numpy.sum(grad * y, axis=axes, keepdims=True)) / norm]


L2_NORMALIZATION = Operator("L2Normalization", _l2_normalization_forward, _l2_normalization_backward)


def _one_hot_forward(indices, depth, on_value=1.0, off_value=0.0, dtype="float32"):
    positions = indices.astype(numpy.int64)
    result = numpy.full(indices.shape + (depth,), off_value, dtype=dtype)
    valid = (positions >= 0) & (positions < depth)
    result[valid, positions[valid]] = on_value
    return result


ONE_HOT = Operator("one_hot", _one_hot_forward, no_gradient)


# -- writes: these take their target as an input, so MXNet never records them
# (E1 or E2 comes first); their backward is never reached ----------------------

def _assign_at(target, value, key):
    result = target.copy()
    result[key] = value
    return result


def _assign_slice(target, value, key, int_axes, in_order=False):
    value = indexing.fit_value(value, target[key].shape, int_axes)
    if in_order and numpy.shares_memory(value, target):
        # MXNet's kernel writes the target's memory element by element, so a
        # value that is a view of the target reads elements written before.
        slot = target[key]
        for index in numpy.ndindex(slot.shape):
            slot[index] = value[index]
        return target
    return _assign_at(target, value, key)


def _scatter(target, value, *index_arrays, key):
    parts = key if isinstance(key, tuple) else (key,)
    if not all(isinstance(part, numpy.ndarray) for part in parts) \
            or not numpy.shares_memory(value, target):
        return _assign_at(target, value, key)
    # in index order, as MXNet's kernel does (see _assign_slice)
    positions = numpy.broadcast_arrays(*parts)
    value = numpy.broadcast_to(value, target[key].shape)
    for index in numpy.ndindex(positions[0].shape):
        target[tuple(part[index] for part in positions)] = value[index]
    return target


SLICE_ASSIGN = Operator("_slice_assign", _assign_slice, not_differentiable("_slice_assign"))
SLICE_ASSIGN_SCALAR = Operator("_slice_assign_scalar",
                               lambda target, key, scalar, int_axes=(): _assign_at(target, scalar, key),
                               not_differentiable("_slice_assign_scalar"))
SCATTER_SET = Operator("_scatter_set_nd", _scatter, not_differentiable("_scatter_set_nd"))
BOOLEAN_MASK_ASSIGN = Operator(
    "_npi_boolean_mask_assign",
    lambda target, mask, *value, scalar=None: _assign_at(
        target, scalar if scalar is not None else value[0], mask.astype(bool)),
    not_differentiable("_npi_boolean_mask_assign"))


def _boolean_mask_backward(call):
    grad = numpy.zeros_like(call.inputs[0])
    grad[call.inputs[1].astype(bool)] = call.output_grads[0]
    return [grad, None]


BOOLEAN_MASK = Operator("_npi_boolean_mask", lambda a, mask: a[mask.astype(bool)].copy(),
                        _boolean_mask_backward)


def _sgd_update_forward(weight, grad, lr, wd=0.0, rescale_grad=1.0, clip_gradient=-1.0):
    step = grad * rescale_grad
    if clip_gradient is not None and clip_gradient >= 0:
        step = numpy.clip(step, -clip_gradient, clip_gradient)
    return (weight - lr * (step + wd * weight)).astype(weight.dtype, copy=False)


SGD_UPDATE = Operator("sgd_update", _sgd_update_forward, not_differentiable("sgd_update"))


def _sgd_mom_update_forward(weight, grad, mom, lr, momentum=0.0, wd=0.0, rescale_grad=1.0,
                            clip_gradient=-1.0):
    step = grad * rescale_grad
    if clip_gradient is not None and clip_gradient >= 0:
        step = numpy.clip(step, -clip_gradient, clip_gradient)
    mom[...] = momentum * mom - lr * (step + wd * weight)
    return (weight + mom).astype(weight.dtype, copy=False)


SGD_MOM_UPDATE = Operator("sgd_mom_update", _sgd_mom_update_forward, not_differentiable("sgd_mom_update"))
RESET_ARRAYS = Operator("reset_arrays", None, not_differentiable("reset_arrays"))


def random_operator(name, sample):
    """A sampling operator whose distribution parameters may be arrays (inputs)."""
    return Operator(name, sample, no_gradient)
