"""`mx.autograd`: recording scopes, backward, grad, mark_variables, Function."""
from __future__ import annotations

import numpy

from . import flags, graph
from .errors import unsupported
from .ndarray import NDArray
from .operators import Operator

is_recording = flags.is_recording
is_training = flags.is_training
set_recording = flags.set_recording
set_training = flags.set_training


class _RecordingStateScope:
    """Sets recording and/or training on entry and restores them on exit."""

    def __init__(self, is_record, train_mode):
        self._enter_is_record = is_record
        self._enter_train_mode = train_mode
        self._prev_is_record = None
        self._prev_train_mode = None

    def __enter__(self):
        if self._enter_is_record is not None:
            self._prev_is_record = set_recording(self._enter_is_record)
        if self._enter_train_mode is not None:
            self._prev_train_mode = set_training(self._enter_train_mode)
        return self

    def __exit__(self, *exc_info):
        if self._enter_is_record is not None and self._prev_is_record != self._enter_is_record:
            set_recording(self._prev_is_record)
        if self._enter_train_mode is not None and self._prev_train_mode != self._enter_train_mode:
            set_training(self._prev_train_mode)
        return False


def record(train_mode=True):
    return _RecordingStateScope(True, train_mode)


def pause(train_mode=False):
    return _RecordingStateScope(False, train_mode)


def train_mode():
    return _RecordingStateScope(None, True)


def predict_mode():
    return _RecordingStateScope(None, False)


def _as_list(value):
    if isinstance(value, NDArray):
        return [value]
    return list(value)


def _head_grads(heads, head_grads):
    if head_grads is None:
        return [None] * len(heads)
    grads = _as_list(head_grads)
    return [None if grad is None else numpy.asarray(grad._data, dtype=head._data.dtype)
            for grad, head in zip(grads, heads)]


def backward(heads, head_grads=None, retain_graph=False, train_mode=True):
    heads = _as_list(heads)
    previous = set_training(train_mode)
    try:
        graph.backward(heads, _head_grads(heads, head_grads), retain_graph)
    finally:
        set_training(previous)


SECOND_ORDER = Operator("_backward (create_graph=True)", None, lambda call: unsupported(
    "gradients of gradients (autograd.grad(..., create_graph=True))"))


def grad(heads, variables, head_grads=None, retain_graph=None, create_graph=False, train_mode=True):
    heads = _as_list(heads)
    variables = _as_list(variables)
    if retain_graph is None:
        retain_graph = create_graph
    previous = set_training(train_mode)
    try:
        values = graph.backward(heads, _head_grads(heads, head_grads), retain_graph, variables)
    finally:
        set_training(previous)
    # MXNet hands back legacy NDArrays here, in NumPy mode too.
    results = [NDArray._wrap(numpy.array(value, dtype=variable._data.dtype))
               for value, variable in zip(values, variables)]
    if create_graph:
        node = graph.OperatorNode(SECOND_ORDER, {}, [variable._entry for variable in variables],
                                  [variable._data for variable in variables],
                                  [result._data for result in results])
        for index, result in enumerate(results):
            result._entry = (node, index)
    return results


def mark_variables(variables, gradients, grad_reqs="write"):
    variables = _as_list(variables)
    gradients = _as_list(gradients)
    if isinstance(grad_reqs, str):
        grad_reqs = [grad_reqs] * len(variables)
    for variable, gradient, grad_req in zip(variables, gradients, grad_reqs):
        graph.mark_variable(variable, grad_req, gradient._data)
        # The gradient buffer is tagged too (Gluon's `param.grad()` is).
        gradient._entry = (graph.Variable(), 0)


def get_symbol(x):
    unsupported("autograd.get_symbol")


class Function:
    """`mx.autograd.Function`: a user-defined operator; forward runs with
    recording off, and the call is then recorded like any operator."""

    def __init__(self):
        self._used = False
        self.saved_tensors = ()

    def save_for_backward(self, *args):
        self.saved_tensors = args

    def forward(self, *inputs):
        raise NotImplementedError

    def backward(self, *output_grads):
        raise NotImplementedError

    def __call__(self, *inputs):
        assert not self._used, \
            "Each Function instance can only be called once. Please create another instance."
        self._used = True
        # As in MXNet, an exception in forward leaves recording off.
        previous = set_recording(False)
        outputs = self.forward(*inputs)
        set_recording(previous)
        if not previous:
            return outputs
        listed = [outputs] if isinstance(outputs, NDArray) else list(outputs)
        self._output_type = type(listed[0])
        graph.record(Operator("_CustomFunction", None, self._backward_values), list(inputs), listed)
        return outputs

    def _backward_values(self, call):
        grads = [self._output_type._wrap(numpy.array(value)) for value in call.output_grads]
        previous = set_recording(False)
        try:
            results = self.backward(*grads)
        finally:
            set_recording(previous)
        results = [results] if isinstance(results, NDArray) else list(results)
        return [None if result is None else result._data for result in results]
