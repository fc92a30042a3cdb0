"""The engine's random numbers: seeded and reproducible, but not MXNet's
stream, so programs that draw random values get different values (never
different errors)."""
from __future__ import annotations

import numpy

_generator = [numpy.random.default_rng(0)]


def seed(seed_state, ctx="all"):
    _generator[0] = numpy.random.default_rng(int(seed_state))


def generator():
    return _generator[0]
