"""MXNet operators: forward on numpy arrays and the analytic backward.

A backward function gets a `graph.BackwardCall` (the memory of the inputs
and outputs as recorded, the output gradients, the attributes) and returns
one gradient per input (None: no gradient flows there).  Each one reads the
same saved values as MXNet's backward (an input or an output), so a write to
that memory after recording changes the gradient the way it does in MXNet.
"""
from .base import Operator, no_gradient, not_differentiable, random_operator, unbroadcast  # noqa: F401
from .elementwise import *  # noqa: F401,F403
from .layout import *  # noqa: F401,F403
from .linalg import *  # noqa: F401,F403
from .reductions import *  # noqa: F401,F403
from .writes import *  # noqa: F401,F403
