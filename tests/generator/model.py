"""A small reference engine for MXNet 1.9.1 autograd tagging.

The generator simulates every statement it emits with this model, for two
reasons: to keep programs free of errors other than the two autograd
in-place errors (a `backward()` on a head that is not in a graph, a shape
mismatch, ...), and to know the values of arrays that data-dependent
conditions read.  The model follows the rule of section 2 of the
specification (tags belong to handles; E1 if an output is tagged; constants
are tagged when used next to a tagged input; E2 if that tagged an output)
and the clearing rule of section 4 on backward.  The test compares the
linter with real MXNet, not with this model; the model's predicted events
are kept only as a diagnostic.
"""
from __future__ import annotations

import copy
import math


class Invalid(Exception):
    """The statement would fail at run time for a reason other than E1/E2."""


class AutogradError(Exception):
    """MXNet raises E1 or E2 here (the write has already been applied)."""

    def __init__(self, kind):
        super().__init__(kind)
        self.kind = kind


class Memory:
    """Storage shared by a handle and its views; values only while known."""

    __slots__ = ("values",)

    def __init__(self, values=None):
        self.values = values  # flat list of floats, or None when unknown


class Node:
    """Autograd information: a variable (leaf or constant) or an op output."""

    __slots__ = ("kind", "grad_req", "inputs", "cleared", "has_grad")

    def __init__(self, kind, grad_req=None, inputs=()):
        self.kind = kind  # "var" or "op"
        self.grad_req = grad_req  # for "var": "write", "add" or "null"
        self.inputs = tuple(inputs)
        self.cleared = False
        self.has_grad = False  # a variable made by attach_grad: x.grad exists


class Handle:
    """One Python array object (nd.NDArray or mx.np.ndarray)."""

    __slots__ = ("shape", "dtype", "mem", "full", "node", "ns")

    def __init__(self, shape, ns, mem=None, dtype="float32", full=True):
        self.shape = tuple(shape)
        self.ns = ns  # "nd" or "np"
        self.dtype = dtype
        self.mem = mem if mem is not None else Memory()
        self.full = full  # covers its memory in the same flat order
        self.node = None

    @property
    def size(self):
        return math.prod(self.shape)

    def values(self):
        return self.mem.values if self.full else None


class HostArray:
    """A real numpy array (`onp.array([...])`)."""

    def __init__(self, shape, values):
        self.shape = tuple(shape)
        self.values = list(values)

    @property
    def size(self):
        return math.prod(self.shape)


def tagged(handle):
    return handle.node is not None and not handle.node.cleared


class State:
    """Everything a simulated program run carries."""

    def __init__(self, ns):
        self.ns = ns
        self.recording = False
        self.globals = {}
        self.events = []  # (line, "E1" | "E2") in execution order
        self.executed = set()  # lines of statements that ran

    def clone(self):
        return copy.deepcopy(self)


def scalar_shape(ns):
    """Shape of a reduction result: (1,) for nd, () for np."""
    return (1,) if ns == "nd" else ()


def record(state, inputs, outputs):
    """Record an operator call made after its write (section 2 of the spec)."""
    if not state.recording:
        return
    if any(tagged(o) for o in outputs):
        raise AutogradError("E1")
    if not any(tagged(i) for i in inputs):
        return
    for i in inputs:
        if not tagged(i):
            i.node = Node("var", "null")  # a constant
    if any(tagged(o) for o in outputs):
        raise AutogradError("E2")
    node = Node("op", inputs=[i.node for i in inputs])
    for o in outputs:
        o.node = node


def new_output(state, inputs, shape, ns, values=None, dtype="float32"):
    """A fresh array computed by an operator from `inputs`."""
    out = Handle(shape, ns, Memory(values), dtype)
    record(state, inputs, [out])
    return out


def write(state, target, inputs, values=None):
    """An operator writes `target` (its output); `inputs` are the op's inputs."""
    target.mem.values = values if (values is not None and target.full) else None
    record(state, inputs, [target])


def has_grad(handle):
    """`handle.grad` is an array (not None): an attach_grad variable not cleared."""
    return tagged(handle) and handle.node.has_grad


def reachable(heads):
    """Graph nodes reachable backwards from the heads' nodes.

    A backward whose graph reaches a node cleared by an earlier backward
    fails in MXNet ("The any container is empty", or "There are no inputs
    in computation graph that require gradients"), so that is Invalid.
    """
    seen, order, stack = set(), [], [h.node for h in heads]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        if node.cleared:
            raise Invalid("graph reaches a node cleared by an earlier backward")
        seen.add(id(node))
        order.append(node)
        stack.extend(node.inputs)
    return order


def backward(heads, retain, variables=()):
    """`backward()` / `autograd.backward()` / `autograd.grad()`; Invalid if MXNet would refuse."""
    for head in heads:
        if not tagged(head) or head.node.kind != "op":
            raise Invalid("head is not a graph node output")
    nodes = reachable(heads)
    if not any(n.kind == "var" and n.grad_req in ("write", "add") for n in nodes):
        raise Invalid("no input in the graph requires a gradient")
    ids = {id(n) for n in nodes}
    for var in variables:
        if not (tagged(var) and var.node.kind == "var" and var.node.grad_req in ("write", "add")
                and id(var.node) in ids):
            raise Invalid("cannot differentiate with respect to this variable")
    if not retain:
        for node in nodes:
            if node.kind == "op" or node.grad_req == "null":
                node.cleared = True


def attach_grad(handle, grad_req):
    handle.node = Node("var", grad_req)
    handle.node.has_grad = True  # x.grad exists (zeros) whatever grad_req is
