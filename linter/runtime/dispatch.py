"""Running an operator the way MXNet's imperative invoke does: compute,
write the outputs (new arrays, or the `out=` arrays), then record."""
from __future__ import annotations

import numpy

from . import graph
from .errors import MXNetError


def apply(operator, inputs, attrs=None, out=None, result_type=None):
    """Run `operator` on the input handles; return the output handle(s).

    With `out` (a handle or a list of handles) the results are written into
    them, and they are the operator's outputs when it is recorded: the write
    lands before E1/E2 is raised, as in MXNet.
    """
    attrs = attrs or {}
    try:
        if out is not None and operator.elementwise and _overlaps(inputs, out):
            results = _elementwise_in_order(operator, inputs, attrs, out)
        else:
            results = operator.forward(*[handle._data for handle in inputs], **attrs)
    except (ValueError, IndexError) as error:  # numpy rejecting shapes or indices, as MXNet does
        raise MXNetError("Check failed: %s: %s" % (operator.name, error)) from None
    several = isinstance(results, tuple)
    results = [numpy.asarray(value) for value in (results if several else (results,))]
    if out is None:
        wrap = _result_type(inputs, result_type)._wrap
        if not operator.view:
            results = [_own(value, inputs) for value in results]
        outputs = [wrap(value) for value in results]
    else:
        outputs = list(out) if isinstance(out, (list, tuple)) else [out]
        if len(outputs) != len(results):
            raise MXNetError("Check failed: %s: expected %d outputs, got %d"
                             % (operator.name, len(results), len(outputs)))
        for handle, value in zip(outputs, results):
            if value.shape != handle._data.shape:
                raise MXNetError(
                    "Check failed: assign(&dattr, vec.at(i)): Incompatible attr in node  at "
                    "0-th output: expected %s, got %s"
                    % (_shape_text(value.shape), _shape_text(handle._data.shape)))
            handle._data[...] = value
    graph.record(operator, inputs, outputs, attrs)
    if several or isinstance(out, (list, tuple)):
        return outputs
    return outputs[0]


def _overlaps(inputs, out):
    """An input shares memory with `out` without being exactly its memory."""
    target = out._data
    for handle in inputs:
        data = handle._data
        same = (data.__array_interface__["data"] == target.__array_interface__["data"]
                and data.shape == target.shape and data.strides == target.strides)
        if not same and numpy.shares_memory(data, target):
            return True
    return False


def _elementwise_in_order(operator, inputs, attrs, out):
    """Compute into `out`'s memory one element at a time, in order, reading
    inputs that overlap it as they are being overwritten, like MXNet's kernels."""
    target = out._data
    broadcast = [numpy.broadcast_to(handle._data, target.shape) for handle in inputs]
    for index in numpy.ndindex(target.shape):
        target[index] = operator.forward(*[numpy.asarray(value[index]) for value in broadcast], **attrs)
    return target


def _own(value, inputs):
    """`value`, copied if numpy handed back memory of an input."""
    if any(numpy.may_share_memory(value, handle._data) for handle in inputs):
        return value.copy()
    return value


def _result_type(inputs, requested):
    """The class of new outputs: while a hybridized block is traced, operators
    on its symbols return symbols."""
    for handle in inputs:
        if handle._traced:
            return type(handle)
    if requested is not None:
        return requested
    return type(inputs[0])


def _shape_text(shape):
    return "[" + ",".join(str(size) for size in shape) + "]"
