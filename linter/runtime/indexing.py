"""Reading MXNet index keys: which kind of indexing a key is, the numpy key
that does the same, and whether MXNet's result shares memory (a view)."""
from __future__ import annotations

import numpy

BASIC, ADVANCED, BOOLEAN = "basic", "advanced", "boolean"


def to_numpy_key(key, array_type):
    """`key` with engine arrays replaced by numpy arrays; and its kind."""
    parts = key if isinstance(key, tuple) else (key,)
    converted, kind = [], BASIC
    for part in parts:
        if isinstance(part, array_type):
            part = part._data
        if isinstance(part, numpy.ndarray) or isinstance(part, list):
            part = numpy.asarray(part)
            if part.dtype == numpy.bool_:
                kind = BOOLEAN
            else:
                kind = ADVANCED if kind == BASIC else kind
                part = part.astype(numpy.int64)
        elif isinstance(part, (bool, numpy.bool_)):
            kind = ADVANCED if kind == BASIC else kind
        elif isinstance(part, numpy.integer):
            part = int(part)
        converted.append(part)
    numpy_key = tuple(converted) if isinstance(key, tuple) else converted[0]
    return numpy_key, kind


def expand(key, shape):
    """A basic key as one slice per axis (an int becomes a one-element slice)
    and the axes that ints remove."""
    parts = list(key) if isinstance(key, tuple) else [key]
    explicit = sum(1 for part in parts if part is not None and part is not Ellipsis)
    if explicit > len(shape):
        raise IndexError("too many indices for array: array is %d-dimensional, but %d were indexed"
                         % (len(shape), explicit))
    fill = [slice(None)] * (len(shape) - explicit)
    if Ellipsis in parts:
        at = parts.index(Ellipsis)
        parts[at:at + 1] = fill
    else:
        parts += fill
    slices, int_axes = [], []
    for part in parts:
        if part is None:
            continue
        axis, size = len(slices), shape[len(slices)]
        if isinstance(part, int):
            index = part + size if part < 0 else part
            if not 0 <= index < size:
                raise IndexError("index %d is out of bounds for axis %d with size %d" % (part, axis, size))
            slices.append(slice(index, index + 1))
            int_axes.append(axis)
        else:
            slices.append(part)
    return slices, int_axes


def indexed_shape(slices, shape):
    return tuple(len(range(*part.indices(size))) for part, size in zip(slices, shape))


def is_contiguous(slices, shape):
    """MXNet's test for a basic key whose result it can return as a view of
    the same memory (`_basic_indexing_slice_is_contiguous`)."""
    counts = indexed_shape(slices, shape)
    if int(numpy.prod(counts)) in (0, 1):
        return True
    partial = False
    for part, size, count in zip(reversed(slices), reversed(shape), reversed(counts)):
        step = part.indices(size)[2]
        if count == 0:
            return True
        if count > 1 and step != 1:
            return False
        if partial:
            if count != 1:
                return False
        elif count < size:
            partial = True
    return True


def covers_whole(slices, shape):
    """The key selects every element in order (MXNet then writes without slicing)."""
    return indexed_shape(slices, shape) == tuple(shape) and all(
        part.indices(size)[2] > 0 for part, size in zip(slices, shape))


def fitted_shapes(value_shape, slot_shape, int_axes):
    """(shape the value broadcasts to, the value's shape once MXNet has
    dropped its extra leading size-1 axes)."""
    target_shape = tuple(size for axis, size in enumerate(slot_shape) if axis not in int_axes)
    squeezed = tuple(value_shape)
    while len(squeezed) > len(target_shape) and squeezed[0] == 1:
        squeezed = squeezed[1:]
    return target_shape, squeezed


def fit_value(value, slot_shape, int_axes):
    """The right-hand side of `target[key] = value` shaped like the slot, as
    MXNet prepares it: it must broadcast to the slot without the axes that
    ints select (leading size-1 axes beyond that are dropped)."""
    value = numpy.asarray(value)
    target_shape, squeezed = fitted_shapes(value.shape, slot_shape, int_axes)
    return numpy.broadcast_to(value.reshape(squeezed), target_shape).reshape(slot_shape)
