"""`mx.nd.random` and `mx.random`: draws from the engine's generator."""
from __future__ import annotations

from . import creation
from .errors import no_other_arguments
from .ndarray import NDArray
from .random import seed  # noqa: F401 - part of mx.random


def uniform(low=0, high=1, shape=None, dtype=None, ctx=None, out=None, **kwargs):
    no_other_arguments("nd.random.uniform", kwargs)
    return creation.sample(NDArray, "_random_uniform", creation.uniform, [low, high], shape,
                           dtype, ctx, out)


def normal(loc=0, scale=1, shape=None, dtype=None, ctx=None, out=None, **kwargs):
    no_other_arguments("nd.random.normal", kwargs)
    return creation.sample(NDArray, "_random_normal", creation.normal, [loc, scale], shape,
                           dtype, ctx, out)


def randn(*shape, loc=0, scale=1, dtype=None, ctx=None, out=None, **kwargs):
    no_other_arguments("nd.random.randn", kwargs)
    return normal(loc, scale, shape, dtype, ctx, out)


def randint(low, high, shape=None, dtype="int32", ctx=None, out=None, **kwargs):
    no_other_arguments("nd.random.randint", kwargs)
    return creation.sample(NDArray, "_random_randint", creation.randint, [low, high], shape,
                           dtype, ctx, out)
