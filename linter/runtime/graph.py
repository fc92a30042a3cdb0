"""The autograd graph: tags on array handles, the recording rule, backward.

A handle (an NDArray object) is *tagged* when its `_entry` names a node that
has not been cleared: a `Variable` (a leaf, a constant, a gradient buffer) or
an `OperatorNode` (an output of a recorded operator call).  `record` is
section 2 of the specification, step by step; `backward` computes gradients
in reverse over the recorded nodes and then clears what section 4 says.

Nodes keep *references* to the memory of their inputs and outputs, not
copies, as MXNet does: a write that lands after recording (under `pause()`,
through `detach()` or a view, or one that raised E1 after writing) changes
what backward computes.
"""
from __future__ import annotations

import numpy

from . import flags
from .errors import (CLEARED_NODE_TEXT, NO_INPUTS_TEXT, NOT_IN_GRAPH_TEXT, check_failed, crash,
                     e1_error, e2_error)


class Variable:
    """A graph input: an attach_grad/mark_variables leaf (`grad` is its
    gradient memory) or a constant (grad_req "null", no gradient memory)."""

    __slots__ = ("grad_req", "grad", "cleared", "fresh_grad", "written")

    def __init__(self, grad_req="null", grad=None):
        self.grad_req = grad_req
        self.grad = grad
        self.cleared = False
        self.written = False  # a backward has written the gradient memory
        self.fresh_grad = False  # written by a backward since Trainer.step last read it


class OperatorNode:
    """One recorded operator call."""

    __slots__ = ("operator", "attrs", "inputs", "input_values", "output_values", "cleared")

    def __init__(self, operator, attrs, inputs, input_values, output_values):
        self.operator = operator
        self.attrs = attrs
        self.inputs = inputs  # entries (node, output index) of the input handles
        self.input_values = input_values  # the inputs' memory, shared
        self.output_values = output_values  # the outputs' memory, shared
        self.cleared = False


def is_tagged(handle):
    entry = handle._entry
    return entry is not None and not entry[0].cleared


def record(operator, inputs, outputs, attrs=None):
    """Record an operator call that has already written its outputs."""
    if not flags.is_recording():
        return
    if any(is_tagged(output) for output in outputs):
        raise e1_error()
    if not any(is_tagged(handle) for handle in inputs):
        return
    if not outputs:
        crash(operator.name)
    for handle in inputs:
        if not is_tagged(handle):
            handle._entry = (Variable(), 0)  # a constant
    if any(is_tagged(output) for output in outputs):
        raise e2_error()
    node = OperatorNode(operator, attrs or {}, [handle._entry for handle in inputs],
                        [handle._data for handle in inputs], [output._data for output in outputs])
    for index, output in enumerate(outputs):
        output._entry = (node, index)


def mark_variable(handle, grad_req, grad_memory):
    """Make `handle` a leaf whose gradient goes to `grad_memory` (a numpy array)."""
    handle._entry = (Variable(grad_req, grad_memory), 0)


def gradient_memory(handle):
    """The gradient memory of a tagged leaf, else None (MXNet's `NDArray::grad`)."""
    if not is_tagged(handle):
        return None
    node = handle._entry[0]
    return node.grad if isinstance(node, Variable) else None


class BackwardCall:
    """What an operator's backward function gets."""

    __slots__ = ("inputs", "outputs", "output_grads", "attrs")

    def __init__(self, inputs, outputs, output_grads, attrs):
        self.inputs = inputs
        self.outputs = outputs
        self.output_grads = output_grads
        self.attrs = attrs


def nodes_before(entries):
    """Nodes reachable from `entries`, each after the nodes it reads."""
    order, seen = [], set()
    for entry in entries:
        stack = [(entry[0], False)]
        while stack:
            node, expanded = stack.pop()
            if expanded:
                order.append(node)
                continue
            if id(node) in seen:
                continue
            seen.add(id(node))
            stack.append((node, True))
            if isinstance(node, OperatorNode) and not node.cleared:
                stack.extend((input_entry[0], False) for input_entry in reversed(node.inputs))
    return order


def propagate(steps, grads, sources=None):
    """Reverse-mode pass.  `steps` are (node, input values, output values) in
    forward order; `grads` maps (id(node), output index) to the gradient
    flowing into that entry, seeded with the heads', and receives the rest;
    `sources`, if given, receives for each entry the nodes that contributed."""
    for node, inputs, outputs in reversed(steps):
        output_grads = [grads.get((id(node), index)) for index in range(len(outputs))]
        if all(grad is None for grad in output_grads):
            continue
        output_grads = [numpy.zeros_like(value) if grad is None else grad
                        for grad, value in zip(output_grads, outputs)]
        input_grads = node.operator.backward(BackwardCall(inputs, outputs, output_grads, node.attrs))
        for entry, grad, value in zip(node.inputs, input_grads, inputs):
            if grad is not None:
                key = (id(entry[0]), entry[1])
                grad = numpy.asarray(grad, dtype=value.dtype).reshape(value.shape)
                grads[key] = grad if key not in grads else grads[key] + grad
                if sources is not None:
                    sources.setdefault(key, []).append(node)


def backward(heads, head_grads, retain_graph, variables=None):
    """Gradients of `heads` (handles) seeded with `head_grads` (numpy arrays
    or None for ones).  Without `variables`, writes the gradient memory of
    every leaf that takes a gradient; with them, returns their gradients.
    The checks come in MXNet's order, so the same error wins."""
    for head in heads:
        if not is_tagged(head):
            raise check_failed(402, "!AGInfo: :IsNone(*i)", NOT_IN_GRAPH_TEXT)
    head_entries = [head._entry for head in heads]
    nodes = nodes_before(head_entries)
    targets = _requested(variables) if variables is not None else _leaves_taking_gradients(nodes)
    if any(node.cleared for node in nodes):
        raise check_failed(1101, "type_ != nullptr", CLEARED_NODE_TEXT)

    grads, sources = {}, {}
    for head, entry, seed in zip(heads, head_entries, head_grads):
        key = (id(entry[0]), entry[1])
        seed = numpy.ones_like(head._data) if seed is None else seed
        grads[key] = seed if key not in grads else grads[key] + seed
        sources.setdefault(key, []).append(None)
    propagate([(node, node.input_values, node.output_values)
               for node in nodes if isinstance(node, OperatorNode)], grads, sources)

    results = None
    if variables is not None:
        results = _gradients_of(variables, targets, nodes, grads)
    else:
        _write_leaves(targets, grads, sources)
    if not retain_graph:
        _clear(nodes)
    return results


def _requested(variables):
    """The Variable nodes of `autograd.grad`'s variables."""
    for position, variable in enumerate(variables, 1):
        if not (is_tagged(variable) and isinstance(variable._entry[0], Variable)):
            raise check_failed(
                435, "!AGInfo: :IsNone(*variables[i]) && AGInfo::IsVariable(variables[i]->entry_.node)",
                "Cannot differentiate with respect to the %d-th variable because it does "
                "not require gradient." % position)
    return [variable._entry[0] for variable in variables]


def _leaves_taking_gradients(nodes):
    targets = []
    for node in nodes:
        if isinstance(node, Variable):
            if node.cleared:
                raise check_failed(1101, "type_ != nullptr", CLEARED_NODE_TEXT)
            if node.grad_req != "null":
                targets.append(node)
    if not targets:
        raise check_failed(453, "xs.size() > 0 (0 vs. 0) ", NO_INPUTS_TEXT)
    return targets


def _gradients_of(variables, targets, nodes, grads):
    reached = {id(node) for node in nodes}
    results = []
    for position, (variable, node) in enumerate(zip(variables, targets), 1):
        if id(node) not in reached:
            raise check_failed(
                361, "output_grads.find(xs[i].node.get()) != output_grads.end()",
                "Cannot differentiate with respect to the %d-th variable because it is "
                "unreachable from the outputs." % position)
        grad = grads.get((id(node), 0))
        results.append(numpy.zeros_like(variable._data) if grad is None else grad)
    return results


def _write_leaves(targets, grads, sources):
    for node in targets:
        if node.grad is None:
            continue
        grad = grads.get((id(node), 0))
        if grad is None:
            grad = numpy.zeros_like(node.grad)
        if node.grad_req == "add":
            _add_gradient(node.grad, grad, sources.get((id(node), 0), []))
        else:
            node.grad[...] = grad
        node.written = node.fresh_grad = True


def _clear(nodes):
    """Without retain_graph: untag what backward went through (section 4),
    except the leaves that take a gradient."""
    for node in nodes:
        if isinstance(node, OperatorNode):
            node.cleared = True
            node.inputs = []
        elif node.grad_req == "null":
            node.cleared = True


def _add_gradient(memory, grad, contributors):
    """Add `grad` into a grad_req='add' leaf's memory the way MXNet does:
    when one operator's backward is the only contribution, that operator
    writes the memory itself, and some of them ignore the add request."""
    writer = contributors[0] if len(contributors) == 1 else None
    mode = writer.operator.add_to if writer is not None else "add"
    if mode == "overwrite":
        memory[...] = grad
    elif mode == "normalize":
        count = writer.input_values[0].size // max(writer.output_values[0].size, 1)
        memory[...] = (memory + grad * count) / count
    else:
        memory[...] += grad
