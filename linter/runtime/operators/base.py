"""What every operator is made of, and helpers their definitions share."""
from __future__ import annotations

import numpy

from ..errors import MXNetError


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


def safe_divide(numerator, denominator):
    with numpy.errstate(divide="ignore", invalid="ignore"):
        return numerator / denominator


def result_dtype(a, b):
    """MXNet's type of a binary operator's result: the operands' common type,
    a float one when a float meets an integer or a boolean."""
    if a.dtype == b.dtype:
        return a.dtype
    floats = [value.dtype for value in (a, b) if value.dtype.kind == "f"]
    if len(floats) == 1:
        return floats[0]
    if b.dtype == numpy.bool_:
        return a.dtype
    if a.dtype == numpy.bool_:
        return b.dtype
    return numpy.result_type(a.dtype, b.dtype)


def random_operator(name, sample):
    """A sampling operator whose distribution parameters may be arrays (inputs)."""
    return Operator(name, sample, no_gradient)
