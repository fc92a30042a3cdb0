"""Operators that write into their target: the assignments, the optimizer
updates and reset_arrays.  The assignments take their target as an input,
so MXNet never records them (E1 or E2 comes first); their backward is never
reached."""
from __future__ import annotations

import numpy

from .. import indexing
from .base import Operator, not_differentiable


def _assign_at(target, value, key):
    result = target.copy()
    result[key] = value
    return result


def _assign_slice(target, value, key, int_axes=(), in_order=False):
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


__all__ = [name for name in dir() if name.isupper()]
