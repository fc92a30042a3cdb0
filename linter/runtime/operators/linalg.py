"""Products: dot, batch_dot, matmul, FullyConnected."""
from __future__ import annotations

import numpy

from .base import Operator, unbroadcast


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


def _dot_forward(a, b, transpose_a=False, transpose_b=False, scalar_shape=(1,)):
    """MXNet's dot contracts the last axis of `a` with the first of `b`."""
    lhs = a.T if transpose_a else a
    rhs = b.T if transpose_b else b
    if lhs.ndim > 2 or rhs.ndim > 2:
        result = numpy.tensordot(lhs, rhs, axes=([lhs.ndim - 1], [0]))
    else:
        result = numpy.dot(lhs, rhs)
    result = numpy.asarray(result, dtype=a.dtype)
    return result.reshape(scalar_shape) if result.ndim == 0 else result


DOT = Operator("dot", _dot_forward, _dot_backward)


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


__all__ = [name for name in dir() if name.isupper()]
