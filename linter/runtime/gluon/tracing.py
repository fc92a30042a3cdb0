"""Hybridized blocks: trace `hybrid_forward` once, then replay the trace.

MXNet runs a hybridized block's Python code once, symbolically, and later
calls run the cached graph: errors in `hybrid_forward` (such as an in-place
`h += 1` on a Symbol) surface on the first call only, and a call is recorded
as one operator whose inputs are the data and the parameters (so the data
batch becomes a constant).  The trace here is the autograd graph recorded
while `hybrid_forward` runs on Symbols; replaying it evaluates the same
operators on the call's arrays.
"""
from __future__ import annotations

import threading

import numpy

from .. import flags, graph
from ..operators import Operator
from ..symbol import Symbol

_tracing = threading.local()


def active_trace():
    return getattr(_tracing, "trace", None)


class Trace:
    """The operators a traced `hybrid_forward` ran, from its input symbols
    (data, then parameters) to its outputs."""

    def __init__(self):
        self.parameter_symbols = {}  # Parameter -> Symbol
        self.input_nodes = []  # Variable nodes of the data symbols, then of the parameters
        self.parameters = []  # the Parameters, in input order
        self.nodes = []
        self.output_entries = []
        self.single_output = True
        self.errors = []  # what MXNet reports when the traced graph runs (shape mismatches)

    def symbol_for(self, parameter):
        if parameter not in self.parameter_symbols:
            symbol = _symbol_like(parameter.data())
            self.parameter_symbols[parameter] = symbol
            self.parameters.append(parameter)
        return self.parameter_symbols[parameter]


def _symbol_like(array):
    symbol = Symbol._wrap(array._data.copy())
    graph.mark_variable(symbol, "write", None)
    return symbol


def trace(block, inputs, run):
    """Run `run(symbols)` (the block's hybrid_forward on Symbols) and keep its graph."""
    recorded = Trace()
    symbols = [_symbol_like(array) for array in inputs]
    previous_trace, _tracing.trace = active_trace(), recorded
    previous_recording = flags.set_recording(True)
    try:
        outputs = run(symbols)
    finally:
        flags.set_recording(previous_recording)
        _tracing.trace = previous_trace
    recorded.single_output = not isinstance(outputs, (list, tuple))
    outputs = [outputs] if recorded.single_output else list(outputs)
    recorded.input_nodes = [symbol._entry[0] for symbol in symbols] + [
        recorded.parameter_symbols[parameter]._entry[0] for parameter in recorded.parameters]
    recorded.output_entries = [output._entry for output in outputs]
    recorded.nodes = [node for node in graph.nodes_before(recorded.output_entries)
                      if isinstance(node, graph.OperatorNode)]
    return recorded


def call(recorded, inputs, result_type):
    """Replay the trace on the arrays `inputs` and record the call as one operator."""
    if recorded.errors:
        raise recorded.errors[0]
    arrays = list(inputs) + [parameter.data() for parameter in recorded.parameters]
    values = {(id(node), 0): array._data for node, array in zip(recorded.input_nodes, arrays)}
    evaluated = []
    for node in recorded.nodes:
        node_inputs = [values.get((id(entry[0]), entry[1]), saved)
                       for entry, saved in zip(node.inputs, node.input_values)]
        results = node.operator.forward(*node_inputs, **node.attrs)
        results = [numpy.asarray(value) for value in (results if isinstance(results, tuple) else (results,))]
        for index, value in enumerate(results):
            values[(id(node), index)] = value
        evaluated.append((node, node_inputs, results))
    outputs = [result_type._wrap(numpy.array(values[(id(entry[0]), entry[1])]))
               for entry in recorded.output_entries]
    operator = Operator("_CachedOp", None, _backward)
    graph.record(operator, arrays, outputs, {"trace": recorded, "evaluated": evaluated})
    return outputs[0] if recorded.single_output else outputs


def _backward(call_values):
    recorded = call_values.attrs["trace"]
    grads = {(id(entry[0]), entry[1]): grad
             for entry, grad in zip(recorded.output_entries, call_values.output_grads)}
    graph.propagate(call_values.attrs["evaluated"], grads)
    return [grads.get((id(node), 0)) for node in recorded.input_nodes]
