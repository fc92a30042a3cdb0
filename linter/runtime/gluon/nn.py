"""`gluon.nn`: the layers and containers a training step needs."""
from __future__ import annotations

import numpy

from .. import flags
from ..errors import unsupported
from .block import Block, HybridBlock

_ACTIVATIONS = ("relu", "sigmoid", "tanh", "softrelu")


class Activation(HybridBlock):
    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        if activation not in _ACTIVATIONS:
            unsupported("gluon.nn.Activation(%r)" % activation)
        self._act_type = activation

    def hybrid_forward(self, F, x):  # noqa: N803 - MXNet's name
        return F.Activation(x, act_type=self._act_type)


class Dense(HybridBlock):
    def __init__(self, units, activation=None, use_bias=True, flatten=True, dtype="float32",
                 weight_initializer=None, bias_initializer="zeros", in_units=0, **kwargs):
        super().__init__(**kwargs)
        self._units = units
        self._flatten = flatten
        self._in_units = in_units
        self.weight = self.params.get("weight", shape=(units, in_units), dtype=dtype,
                                      init=weight_initializer, allow_deferred_init=True)
        self.bias = (self.params.get("bias", shape=(units,), dtype=dtype, init=bias_initializer,
                                     allow_deferred_init=True) if use_bias else None)
        self.act = Activation(activation, prefix=activation + "_") if activation else None

    def infer_shape(self, x, *args):
        if self.weight.shape[1] == 0:
            in_units = int(numpy.prod(x.shape[1:])) if self._flatten else x.shape[-1]
            self.weight.shape = (self._units, in_units)

    def hybrid_forward(self, F, x, weight, bias=None):  # noqa: N803 - MXNet's name
        fully_connected = F.npx.fully_connected if flags.is_numpy_mode() else F.FullyConnected
        out = fully_connected(x, weight, bias, no_bias=bias is None, num_hidden=self._units,
                              flatten=self._flatten)
        return self.act(out) if self.act is not None else out

    def __repr__(self):
        return "Dense(%s -> %d, %s)" % (self.weight.shape[1] or None, self._units,
                                        "linear" if self.act is None else self.act._act_type)


class Flatten(HybridBlock):
    def hybrid_forward(self, F, x):  # noqa: N803 - MXNet's name
        return F.flatten(x)


class _Sequence:
    """Children run one after the other."""

    def add(self, *blocks):
        for block in blocks:
            self.register_child(block)

    def __getitem__(self, index):
        return list(self._children.values())[index]

    def __len__(self):
        return len(self._children)


class Sequential(_Sequence, Block):
    def forward(self, x):
        for block in self._children.values():
            x = block(x)
        return x


class HybridSequential(_Sequence, HybridBlock):
    def hybrid_forward(self, F, x):  # noqa: N803 - MXNet's name
        for block in self._children.values():
            x = block(x)
        return x


class Lambda(Block):
    def __init__(self, function, prefix=None):
        super().__init__(prefix=prefix)
        self._function = function

    def forward(self, *args):
        return self._function(*args)


class HybridLambda(HybridBlock):
    def __init__(self, function, prefix=None):
        super().__init__(prefix=prefix)
        self._function = function

    def hybrid_forward(self, F, x, *args):  # noqa: N803 - MXNet's name
        if isinstance(self._function, str):
            return getattr(F, self._function)(x, *args)
        return self._function(F, x, *args)
