"""`gluon.loss`: L2, L1 and softmax cross-entropy losses."""
from __future__ import annotations

from .. import flags
from .block import HybridBlock


class Loss(HybridBlock):
    def __init__(self, weight=None, batch_axis=0, **kwargs):
        super().__init__(**kwargs)
        self._weight = weight
        self._batch_axis = batch_axis

    def _weighted_mean(self, F, loss, weight, sample_weight):  # noqa: N803 - MXNet's name
        """Apply the weights, then average over every axis but the batch axis."""
        if sample_weight is not None:
            loss = loss * sample_weight
        if weight is not None:
            loss = loss * weight
        if flags.is_numpy_mode():
            axes = tuple(axis for axis in range(loss.ndim) if axis != self._batch_axis)
            return loss.mean(axis=axes) if axes else loss
        return F.mean(loss, axis=self._batch_axis, exclude=True)


class L2Loss(Loss):
    def __init__(self, weight=1.0, batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)

    def hybrid_forward(self, F, pred, label, sample_weight=None):  # noqa: N803
        loss = F.square(label.reshape(pred.shape) - pred)
        return self._weighted_mean(F, loss, self._weight / 2, sample_weight)


class L1Loss(Loss):
    def __init__(self, weight=None, batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)

    def hybrid_forward(self, F, pred, label, sample_weight=None):  # noqa: N803
        loss = F.abs(label.reshape(pred.shape) - pred)
        return self._weighted_mean(F, loss, self._weight, sample_weight)


class SoftmaxCrossEntropyLoss(Loss):
    def __init__(self, axis=-1, sparse_label=True, from_logits=False, weight=None, batch_axis=0,
                 **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._axis = axis
        self._sparse_label = sparse_label
        self._from_logits = from_logits

    def hybrid_forward(self, F, pred, label, sample_weight=None):  # noqa: N803
        if not self._from_logits:
            pred = F.log_softmax(pred, axis=self._axis)
        if self._sparse_label:
            loss = -F.pick(pred, label, axis=self._axis, keepdims=True)
        else:
            loss = -(pred * label.reshape(pred.shape)).sum(axis=self._axis, keepdims=True)
        return self._weighted_mean(F, loss, self._weight, sample_weight)


SoftmaxCELoss = SoftmaxCrossEntropyLoss
