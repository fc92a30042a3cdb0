"""Operators along axes: sums, means, extrema, norms, softmax, normalization."""
from __future__ import annotations

import numpy

from .base import Operator, no_gradient, safe_divide


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
    return [call.output_grads[0].reshape(shape) * safe_divide(call.inputs[0], norm)]


NORM = Operator("norm", _norm_forward, _norm_backward)


def _arg_forward(function):
    def forward(a, axis=None, keepdims=False, dtype="float32", scalar_shape=()):
        result = function(a, axis=axis, keepdims=keepdims if axis is not None else False)
        result = numpy.asarray(result, dtype=dtype)
        return result.reshape(scalar_shape) if result.ndim == 0 else result
    return forward


ARGMAX = Operator("argmax", _arg_forward(numpy.argmax), no_gradient)
ARGMIN = Operator("argmin", _arg_forward(numpy.argmin), no_gradient)


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


__all__ = [name for name in dir() if name.isupper()]
