"""`gluon.Trainer` with plain SGD (with momentum and weight decay).

`step` updates the weights with one optimizer operator writing every
weight (`out=weight`), as MXNet's aggregated SGD update does, so inside
`record()` it raises E1 after the new values have landed.
"""
from __future__ import annotations

import numpy

from .. import operators as ops
from ..dispatch import apply
from ..errors import unsupported
from ..operators import Operator
from .parameter import Parameter, ParameterDict

# MXNet's SGD updates up to this many weights with one operator.
AGGREGATION_SIZE = 4


def _multi_sgd_forward(*arrays, lrs, wds, momentum, rescale_grad, clip_gradient, moments):
    count = len(lrs)
    weights, grads = arrays[0:2 * count:2], arrays[1:2 * count:2]
    results = []
    for weight, grad, lr, wd, moment in zip(weights, grads, lrs, wds, moments):
        step = grad * rescale_grad
        if clip_gradient is not None and clip_gradient >= 0:
            step = numpy.clip(step, -clip_gradient, clip_gradient)
        step = step + wd * weight
        if moment is None:
            results.append((weight - lr * step).astype(weight.dtype))
        else:
            moment[...] = momentum * moment - lr * step
            results.append((weight + moment).astype(weight.dtype))
    return tuple(results)


MULTI_SGD_UPDATE = Operator("multi_sgd_update", _multi_sgd_forward,
                            ops.not_differentiable("multi_sgd_update"))


class Trainer:
    """`gluon.Trainer(params, 'sgd', {'learning_rate': ..., 'momentum': ..., 'wd': ...})`."""

    def __init__(self, params, optimizer, optimizer_params=None, kvstore="device",
                 compression_params=None, update_on_kvstore=None):
        if isinstance(params, (dict, ParameterDict)):
            params = list(params.values())
        self._params = [param for param in params if isinstance(param, Parameter)]
        if not isinstance(optimizer, str) or optimizer.lower() != "sgd":
            unsupported("gluon.Trainer optimizer %r (only 'sgd' is implemented)" % (optimizer,))
        settings = dict(optimizer_params or {})
        self._learning_rate = settings.pop("learning_rate", 0.01)
        self._momentum = settings.pop("momentum", 0.0)
        self._wd = settings.pop("wd", 0.0)
        self._clip_gradient = settings.pop("clip_gradient", None)
        self._rescale = settings.pop("rescale_grad", 1.0)
        if settings:
            unsupported("gluon.Trainer optimizer settings %s" % sorted(settings))
        self._moments = {}

    @property
    def learning_rate(self):
        return self._learning_rate

    def set_learning_rate(self, lr):
        self._learning_rate = lr

    def step(self, batch_size, ignore_stale_grad=False):
        self.update(batch_size, ignore_stale_grad)

    def allreduce_grads(self):
        return None

    def update(self, batch_size, ignore_stale_grad=False):
        updates = []
        for param in self._params:
            if param.grad_req == "null":
                continue
            leaf = param.data()._entry[0]
            if not leaf.fresh_grad:
                if ignore_stale_grad:
                    continue
                raise UserWarning(
                    "Gradient of Parameter `%s` on context cpu(0) has not been updated by backward "
                    "since last `step`. This could mean a bug in your model that made it only use a "
                    "subset of the Parameters (Blocks) for this iteration. If you are intentionally "
                    "only using a subset, call step with ignore_stale_grad=True to suppress this "
                    "warning and skip updating of Parameters with stale gradient" % param.name)
            updates.append(param)
        for start in range(0, len(updates), AGGREGATION_SIZE):
            self._update_group(updates[start:start + AGGREGATION_SIZE], batch_size)

    def _update_group(self, params, batch_size):
        weights = [param.data() for param in params]
        inputs = []
        for param, weight in zip(params, weights):
            inputs += [weight, param.grad()]
        moments = [self._moment(param) for param in params]
        attrs = {"lrs": [self._learning_rate * param.lr_mult for param in params],
                 "wds": [self._wd * param.wd_mult for param in params],
                 "momentum": self._momentum, "rescale_grad": self._rescale / batch_size,
                 "clip_gradient": self._clip_gradient, "moments": moments}
        for param in params:
            param.data()._entry[0].fresh_grad = False
        apply(MULTI_SGD_UPDATE, inputs, attrs, out=weights)

    def _moment(self, param):
        if not self._momentum:
            return None
        if param.name not in self._moments:
            self._moments[param.name] = numpy.zeros_like(param.data()._data)
        return self._moments[param.name]
