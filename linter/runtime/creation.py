"""Making new arrays: from Python data, constants, ranges, random draws.

A new array has no inputs, so it is never tagged; written into with `out=`
it is an operator with no inputs, which still raises E1 on a tagged target.
"""
from __future__ import annotations

import functools

import numpy

from . import context, random
from . import operators as ops
from .dispatch import apply
from .ndarray import NDArray

FLOAT32 = numpy.dtype("float32")


def dtype_of(dtype, default=FLOAT32):
    return default if dtype is None else numpy.dtype(dtype)


def shape_of(shape):
    if shape is None:
        return ()
    if isinstance(shape, (int, numpy.integer)):
        return (int(shape),)
    return tuple(int(size) for size in shape)


def from_source(array_type, source, dtype, ctx=None):
    """`nd.array` / `np.array`: a new array holding a copy of `source`."""
    context.check(ctx)
    if isinstance(source, NDArray):
        return array_type._wrap(numpy.array(source._data, dtype=dtype or source._data.dtype))
    return array_type._wrap(numpy.array(source, dtype=dtype))


def constant(array_type, shape, value, dtype=None, ctx=None, out=None):
    """zeros / ones / full, optionally written into `out` (operator `_full`)."""
    context.check(ctx)
    attrs = {"shape": shape_of(shape), "value": value, "dtype": dtype_of(dtype)}
    return apply(ops.FULL, [], attrs, out=out, result_type=array_type)


def arange(array_type, start, stop=None, step=1.0, repeat=1, dtype=None, ctx=None):
    context.check(ctx)
    if stop is None:
        start, stop = 0, start
    values = numpy.arange(start, stop, step, dtype=dtype_of(dtype))
    return array_type._wrap(numpy.repeat(values, repeat) if repeat != 1 else values)


def _draw(name, sample, shape, dtype):
    """An operator drawing `shape` samples (per element of array parameters)."""
    def forward(*parameters):
        size = shape_of(shape)
        if parameters:
            trailing = (1,) * len(size)
            size = numpy.broadcast(*parameters).shape + size
            parameters = [numpy.reshape(value, numpy.shape(value) + trailing) for value in parameters]
        return numpy.asarray(sample(*parameters, size=size), dtype=dtype)
    return ops.random_operator(name, forward)


def sample(array_type, name, draw, parameters, shape, dtype=None, ctx=None, out=None):
    """A random draw; distribution parameters that are arrays are operator inputs."""
    context.check(ctx)
    dtype = dtype_of(dtype)
    arrays = [value for value in parameters if isinstance(value, NDArray)]
    if arrays:
        if len(arrays) != len(parameters):
            raise AssertionError("Distribution parameters must all have the same type")
        return apply(_draw(name, draw, shape, dtype), arrays, out=out)
    if shape is None and out is not None:
        shape = out.shape
    return apply(_draw(name, functools.partial(draw, *parameters), shape, dtype), [], out=out,
                 result_type=array_type)


def uniform(low, high, size):
    return random.generator().uniform(low, high, size)


def normal(loc, scale, size):
    return random.generator().normal(loc, scale, size)


def randint(low, high, size):
    return random.generator().integers(low, high, size)
