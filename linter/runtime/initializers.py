"""`mx.init`: how Gluon parameters get their first values.  Random ones
come from the engine's generator, so they differ from MXNet's draws."""
from __future__ import annotations

import math

import numpy

from . import random
from .errors import unsupported


class Initializer:
    """`mx.init.Initializer`: fills a numpy array in place."""

    def __call__(self, name, array):
        self.fill(name, array)

    def fill(self, name, array):
        if name.endswith(("bias", "beta", "moving_mean", "running_mean")):
            array[...] = 0
        elif name.endswith(("gamma", "moving_var", "running_var")):
            array[...] = 1
        else:
            self._init_weight(name, array)

    def _init_weight(self, name, array):
        raise NotImplementedError


class Uniform(Initializer):
    def __init__(self, scale=0.07):
        self.scale = scale

    def _init_weight(self, name, array):
        array[...] = random.generator().uniform(-self.scale, self.scale, array.shape)


class Normal(Initializer):
    def __init__(self, sigma=0.01):
        self.sigma = sigma

    def _init_weight(self, name, array):
        array[...] = random.generator().normal(0, self.sigma, array.shape)


class Constant(Initializer):
    def __init__(self, value):
        self.value = value

    def fill(self, name, array):
        array[...] = self.value


class Zero(Constant):
    def __init__(self):
        super().__init__(0)


class One(Constant):
    def __init__(self):
        super().__init__(1)


class Xavier(Initializer):
    def __init__(self, rnd_type="uniform", factor_type="avg", magnitude=3):
        self.rnd_type, self.factor_type, self.magnitude = rnd_type, factor_type, magnitude

    def _init_weight(self, name, array):
        shape = array.shape
        receptive = int(numpy.prod(shape[2:])) if len(shape) > 2 else 1
        fan_in = shape[1] * receptive if len(shape) > 1 else shape[0]
        fan_out = shape[0] * receptive
        factor = {"avg": (fan_in + fan_out) / 2.0, "in": fan_in, "out": fan_out}[self.factor_type]
        scale = math.sqrt(self.magnitude / factor)
        if self.rnd_type == "uniform":
            array[...] = random.generator().uniform(-scale, scale, shape)
        else:
            array[...] = random.generator().normal(0, scale, shape)


NAMED = {"zeros": Zero, "ones": One, "uniform": Uniform, "normal": Normal, "xavier": Xavier}


def create(init):
    """An Initializer from an instance, a name ('zeros', 'xavier', ...) or None."""
    if init is None or isinstance(init, Initializer):
        return init
    if isinstance(init, str) and init.lower() in NAMED:
        return NAMED[init.lower()]()
    unsupported("mx.init %r" % (init,))
