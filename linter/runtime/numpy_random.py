"""`mx.np.random`: draws from the engine's generator."""
from __future__ import annotations

from . import creation
from .numpy_array import ndarray


def uniform(low=0.0, high=1.0, size=None, dtype=None, ctx=None, out=None):
    return creation.sample(ndarray, "_npi_uniform", creation.uniform, [low, high], size,
                           dtype, ctx, out)


def normal(loc=0.0, scale=1.0, size=None, dtype=None, ctx=None, out=None):
    return creation.sample(ndarray, "_npi_normal", creation.normal, [loc, scale], size,
                           dtype, ctx, out)


def randn(*size, dtype=None, ctx=None):
    return normal(0.0, 1.0, size, dtype, ctx)


def rand(*size, dtype=None, ctx=None):
    return uniform(0.0, 1.0, size, dtype, ctx)


def randint(low, high=None, size=None, dtype=None, ctx=None, out=None):
    if high is None:
        low, high = 0, low
    return creation.sample(ndarray, "_npi_random_randint", creation.randint, [low, high], size,
                           dtype or "int64", ctx, out)
