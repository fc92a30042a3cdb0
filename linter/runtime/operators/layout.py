"""Operators that copy, reshape, combine or index arrays, and constants."""
from __future__ import annotations

import numpy

from .. import indexing
from .base import Operator, no_gradient, unbroadcast


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
    value_shape, grad = call.inputs[0].shape, call.output_grads[0]
    target_shape, squeezed = indexing.fitted_shapes(value_shape, grad.shape, call.attrs.get("int_axes", ()))
    return [unbroadcast(grad.reshape(target_shape), squeezed).reshape(value_shape)]


# `target[key] = value` for a key covering the whole target: _copyto of the
# value prepared to the target's shape.
ASSIGN = Operator("_copyto", _assign_forward, _assign_backward)
ZEROS_LIKE = Operator("zeros_like", lambda a, dtype=None: numpy.zeros_like(a, dtype=dtype), no_gradient)
ONES_LIKE = Operator("ones_like", lambda a, dtype=None: numpy.ones_like(a, dtype=dtype), no_gradient)
FULL_LIKE = Operator("full_like", lambda a, value, dtype=None: numpy.full_like(a, value, dtype=dtype),
                     no_gradient)
FULL = Operator("_full", lambda shape, value, dtype: numpy.full(shape, value, dtype=dtype), no_gradient)


# -- shapes and indexing -------------------------------------------------------

def _reshape_backward(call):
    return [call.output_grads[0].reshape(call.inputs[0].shape)]


RESHAPE_VIEW = Operator("Reshape", lambda a, shape: a.reshape(shape), _reshape_backward, view=True)
RESHAPE = Operator("reshape", lambda a, shape: a.reshape(shape).copy(), _reshape_backward)
RESHAPE_LIKE = Operator("reshape_like", lambda a, b: a.reshape(b.shape).copy(),
                        lambda call: [call.output_grads[0].reshape(call.inputs[0].shape), None])
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


def _where_with_one_scalar_backward(call):
    """MXNet 1.9.1's `_npi_where_lscalar` and `_npi_where_rscalar` give the array operand the
    gradient of the elements its side does not select (measured): so does this."""
    condition = call.inputs[0] != 0
    grad = call.output_grads[0]
    return [None, unbroadcast(grad * ~condition, call.inputs[1].shape),
            unbroadcast(grad * condition, call.inputs[2].shape)]


WHERE_WITH_ONE_SCALAR = Operator("_npi_where_scalar", _where_forward, _where_with_one_scalar_backward)


def _boolean_mask_backward(call):
    grad = numpy.zeros_like(call.inputs[0])
    grad[call.inputs[1].astype(bool)] = call.output_grads[0]
    return [grad, None]


BOOLEAN_MASK = Operator("_npi_boolean_mask", lambda a, mask: a[mask.astype(bool)].copy(),
                        _boolean_mask_backward)


def _one_hot_forward(indices, depth, on_value=1.0, off_value=0.0, dtype="float32"):
    positions = indices.astype(numpy.int64)
    result = numpy.full(indices.shape + (depth,), off_value, dtype=dtype)
    valid = (positions >= 0) & (positions < depth)
    result[valid, positions[valid]] = on_value
    return result


ONE_HOT = Operator("one_hot", _one_hot_forward, no_gradient)


__all__ = [name for name in dir() if name.isupper()]
