"""Calls: MXNet's API, Gluon objects, builtins, and functions of the analysed module."""
from __future__ import annotations

from dataclasses import replace
from typing import List, Optional

import libcst as cst

from recordlint.analysis import mxnet_api as api
from recordlint.analysis import shapes
from recordlint.analysis import violations as v
from recordlint.analysis.expressions import MAX_UNROLLED_RANGE, constant_shape, literal_shape
from recordlint.analysis.graph import Operands, strongest_tag
from recordlint.analysis.values import (
    UNTAGGED, UNKNOWN, LEAF, MAYBE, NODE, OPAQUE, INDEX, PARAM_DATA, PARAM_GRAD, GRAD_BUFFER, TAGGED,
    UNKNOWN_VALUE, ArrayState, Arrays, Block, Const, Function, HostArray, Instance, Klass, Opaque, Param, ParamDict,
    Ref, Scope, Seq, Trainer, Value, data_handle, is_index, join_values, seq_element,
)

CREATION_FUNCTIONS = {"zeros", "ones", "full", "empty", "uniform", "normal", "randn", "randint", "rand"}
BOOLEAN_FUNCTIONS = {"greater", "greater_equal", "lesser", "lesser_equal", "less", "less_equal",
                     "equal", "not_equal", "logical_not", "logical_and", "logical_or", "isnan", "isinf"}
REDUCTIONS = {"sum", "mean", "max", "min", "prod", "norm", "nansum", "nanprod"}
# Operators whose result has the broadcast shape of their array operands.
ELEMENTWISE = {
    "relu", "sigmoid", "tanh", "exp", "log", "sqrt", "square", "abs", "negative", "sign", "clip",
    "softmax", "log_softmax", "elemwise_add", "elemwise_sub", "elemwise_mul", "elemwise_div",
    "broadcast_add", "broadcast_sub", "broadcast_mul", "broadcast_div", "broadcast_maximum",
    "broadcast_minimum", "add", "subtract", "multiply", "divide", "power", "maximum", "minimum",
    "where", "zeros_like", "ones_like", "full_like", "copy", "astype", "sin", "cos", "floor", "ceil",
    "round", "reciprocal", "rsqrt", "log1p", "expm1", "relu6", "LeakyReLU", "Activation", "erf",
}
# Operators whose result has the shape of their second array operand (the method's argument).
SHAPED_LIKE = {"broadcast_like", "reshape_like"}
OPAQUE_BUILTINS = {"len", "int", "float", "bool", "str", "print", "isinstance", "issubclass", "hasattr",
                   "repr", "round", "id", "hash", "format", "dict", "set", "frozenset", "callable", "open"}


def same_object(a: Arrays, b: Arrays) -> bool:
    """Certainly one array object (MXNet skips copying an array onto itself)."""
    return a.ids == b.ids and len(a.ids) == 1


def maybe_same_object(a: Arrays, b: Arrays) -> bool:
    return bool(a.ids & b.ids)


def reduced_shape(interface):
    """A reduction over all axes: shape (1,) in legacy nd, a 0-d array in np."""
    return {"nd": (1,), "np": ()}.get(interface)


def argument(args: List[Value], kwargs: dict, position: int, name: str) -> Optional[Value]:
    if name in kwargs:
        return kwargs[name]
    return args[position] if position < len(args) else None


def never_negative(args: List[Value]) -> bool:
    """Whether `range(*args)` yields ints of at least 0 only: it has no start, or a start of at
    least 0 and a step above 0."""
    if len(args) == 1:
        return True
    step = args[2] if len(args) == 3 else Const(1)
    return len(args) in (2, 3) and is_index(args[0]) and isinstance(step, Const) and type(step.value) is int \
        and step.value > 0


def is_true(value: Optional[Value]) -> bool:
    return isinstance(value, Const) and bool(value.value)


def arg_source(node: cst.Call, position: int, name: str) -> Optional[cst.BaseExpression]:
    positional = [a for a in node.args if a.keyword is None and not a.star]
    for a in node.args:
        if a.keyword is not None and a.keyword.value == name:
            return a.value
    return positional[position].value if position < len(positional) else None


class CallsMixin:
    def call(self, node: cst.Call, state, frame) -> Value:
        func = node.func
        if isinstance(func, cst.Attribute):
            receiver = self.eval(func.value, state, frame)
            name = func.attr.value
            handler = {
                Arrays: self.array_method, Block: self.block_method, Param: self.param_method,
                ParamDict: self.param_dict_method, Trainer: self.trainer_method,
            }.get(type(receiver))
            if handler is not None:
                args, kwargs = self.evaluate_arguments(node, state, frame)
                return handler(receiver, name, args, kwargs, state, frame, node)
            if isinstance(receiver, Seq) and name in ("append", "extend", "insert") and isinstance(func.value, cst.Name):
                args, _ = self.evaluate_arguments(node, state, frame)
                added = seq_element(args[-1]) if name == "extend" and isinstance(args[-1], Seq) else args[-1] if args else UNKNOWN_VALUE
                self.assign(func.value, Seq((join_values(seq_element(receiver) if receiver.items else None, added),), False), state, frame, node)
                return OPAQUE
            if isinstance(receiver, Instance):
                callee = self.instance_attribute(receiver, name)
            else:
                callee = self.attribute(receiver, name, state, frame, func)
        else:
            callee = self.eval(func, state, frame)
        args, kwargs = self.evaluate_arguments(node, state, frame)
        return self.call_value(callee, args, kwargs, state, frame, node)

    def call_value(self, callee: Value, args, kwargs, state, frame, node) -> Value:
        if isinstance(callee, Ref):
            return self.call_api(api.canonical(callee.qualname), args, kwargs, state, frame, node)
        if isinstance(callee, Function):
            return self.call_function(callee, args, kwargs, state, frame, node)
        if isinstance(callee, Block):
            return self.block_call(callee, args, kwargs, state, frame, node)
        if isinstance(callee, Klass):
            return self.instantiate(callee, args, kwargs, state, frame, node)
        if isinstance(callee, Instance) and callee.klass.kind == "function":
            return self.autograd_function_call(callee, args, kwargs, state, frame, node)
        return self.unknown_call(args, kwargs, state, frame, node)

    def unknown_call(self, args, kwargs, state, frame, node) -> Value:
        """A call the analysis cannot see: its result may be in the graph if an argument is."""
        operands = self.operands_of(list(args) + list(kwargs.values()))
        if any(state.heap[i].symbolic for i in operands.ids if i in state.heap):
            site = self.site(node, frame)
            self.allocate(state, site, ArrayState(tag=UNTAGGED, symbolic=True))
            return Arrays(frozenset([site]))
        if state.recording and strongest_tag(state, Operands(operands.groups)) in (TAGGED, MAYBE):
            site = self.site(node, frame)
            self.allocate(state, site, ArrayState(tag=MAYBE, origin=NODE, inputs=operands.ids))
            return Arrays(frozenset([site]))
        return UNKNOWN_VALUE

    # -- mxnet, numpy and builtins, by qualified name ---------------------------------
    def call_api(self, qualname: str, args, kwargs, state, frame, node) -> Value:
        if qualname == api.RECORD:
            return Scope(True)
        if qualname == api.PAUSE:
            return Scope(False)
        if qualname in api.MODE_SCOPES:
            return Scope(None)
        if qualname == api.SET_RECORDING:
            previous = Const(state.recording) if state.recording_certain else OPAQUE
            flag = argument(args, kwargs, 0, "is_recording")
            if isinstance(flag, Const):
                state.recording = bool(flag.value)
            else:
                state.recording_certain = False
            return previous
        if qualname == api.BACKWARD:
            clear = not is_true(argument(args, kwargs, 2, "retain_graph"))
            for heads in self.operands_of([argument(args, kwargs, 0, "heads")]).groups:
                self.clear_graph(state, heads, node, clear)
            return OPAQUE
        if qualname == api.GRAD:
            return self.autograd_grad(args, kwargs, state, frame, node)
        if qualname == api.MARK_VARIABLES:
            for group in self.operands_of([argument(args, kwargs, 0, "variables")]).groups:
                for key in group:
                    self.make_leaf(state, key, LEAF, argument(args, kwargs, 2, "grad_reqs"), len(group) == 1)
            for group in self.operands_of([argument(args, kwargs, 1, "gradients")]).groups:
                for key in group:
                    self.make_leaf(state, key, GRAD_BUFFER, None, len(group) == 1)
            return OPAQUE
        if qualname.startswith(api.AUTOGRAD + "."):
            return UNKNOWN_VALUE if qualname == api.AUTOGRAD_FUNCTION else OPAQUE
        if qualname in api.RESET_ARRAYS:
            operands = self.operands_of(args)
            self.check_no_output_op(state, operands, node, node, "reset_arrays")
            return OPAQUE
        if qualname == "mxnet.npx.set_np":
            self.numpy_mode = True
            return OPAQUE
        if qualname == "mxnet.npx.reset_np":
            self.numpy_mode = False
            return OPAQUE
        if api.is_array_function(qualname):
            return self.array_function(qualname, args, kwargs, state, frame, node)
        if qualname == api.TRAINER:
            return Trainer()
        kind = api.gluon_block_kind(qualname)
        if kind is not None:
            return self.new_block(kind == "params", state, frame, node)
        if qualname == "mxnet.gluon.utils.split_and_load":
            site = self.site(node, frame)
            self.new_untagged(state, site)
            return Seq((Arrays(frozenset([site])),), False)
        if api.is_host_numpy(qualname):
            return OPAQUE if qualname.rsplit(".", 1)[1] in api.HOST_SCALAR_TYPES else HostArray()
        if qualname.startswith("builtins."):
            return self.call_builtin(qualname[len("builtins."):], args, kwargs, state, frame, node)
        return self.unknown_call(args, kwargs, state, frame, node)

    def array_function(self, qualname: str, args, kwargs, state, frame, node) -> Value:
        name = qualname.rsplit(".", 1)[1]
        out = kwargs.pop("out", None)
        if qualname == "mxnet.np.zeros_like":
            out = None  # MXNet 1.9.1 passes its ctx as out=, so the out= given is never written
        operands = self.operands_of(list(args) + list(kwargs.values()))
        if isinstance(out, Arrays):
            self.record_write(state, operands, out.ids, node, v.OUT_ARGUMENT,
                              arg_source(node, 10**6, "out"), name + "(out=...)")
            return out
        shape = None
        if name == "array" and args:
            shape = literal_shape(args[0])
        elif name in CREATION_FUNCTIONS:
            shape = constant_shape(argument(args, kwargs, 0, "shape")) if name in ("zeros", "ones", "full", "empty") \
                else constant_shape(kwargs.get("shape"))
        interface = api.interface_of(qualname)
        if name in REDUCTIONS and len(args) == 1 and "axis" not in kwargs:
            shape = reduced_shape(interface)
        elif name == "dot" and len(args) == 2 and all(isinstance(a, Arrays) for a in args):
            shape = shapes.dot(self.shape_of(args[0], state), self.shape_of(args[1], state), interface)
        elif name in SHAPED_LIKE and len(args) == 2 and isinstance(args[1], Arrays):
            shape = self.shape_of(args[1], state)
        dtype = kwargs.get("dtype")
        boolean = name in BOOLEAN_FUNCTIONS or (isinstance(dtype, Const) and dtype.value in ("bool", bool))
        return self.array_op(state, frame, node, operands, interface=interface, shape=shape, boolean=boolean,
                             elementwise=name in ELEMENTWISE)

    def autograd_grad(self, args, kwargs, state, frame, node) -> Value:
        create_graph = is_true(argument(args, kwargs, 4, "create_graph"))
        retain = argument(args, kwargs, 3, "retain_graph")
        retained = is_true(retain) if isinstance(retain, Const) and retain.value is not None else create_graph
        variables = argument(args, kwargs, 1, "variables")
        count = len(variables.items) if isinstance(variables, Seq) and variables.exact else 1
        for heads in self.operands_of([argument(args, kwargs, 0, "heads")]).groups:
            self.clear_graph(state, heads, node, not retained)
        groups = self.operands_of([variables]).groups
        gradients = []
        for index in range(count):
            site = self.site(node, frame, index)
            like = Arrays(groups[index]) if index < len(groups) else None
            shape = self.shape_of(like, state) if like is not None else None
            interface = self.interface_of(like, state) if like is not None else None
            if create_graph and state.recording:
                self.allocate(state, site, ArrayState(tag=TAGGED, origin=NODE, shape=shape, interface=interface))
            else:
                self.new_untagged(state, site, interface=interface, shape=shape)
            gradients.append(Arrays(frozenset([site])))
        exact = isinstance(variables, Seq) and variables.exact
        return Seq(tuple(gradients), exact) if exact else gradients[0]

    def call_builtin(self, name: str, args, kwargs, state, frame, node) -> Value:
        if name == "super" and len(args) in (0, 2):  # super(), or super(ThisClass, self) as Python 2 wrote it
            return self.super_of(frame)
        if name == "range":
            bounds = [a.value for a in args if isinstance(a, Const) and isinstance(a.value, int)]
            if len(bounds) == len(args) and 1 <= len(bounds) <= 3:
                values = range(*bounds)
                if len(values) <= MAX_UNROLLED_RANGE:
                    return Seq(tuple(Const(i) for i in values), True)
            return Seq((INDEX if never_negative(args) else OPAQUE,), False)
        if name in OPAQUE_BUILTINS:
            return OPAQUE
        if name in ("list", "tuple", "sorted", "reversed", "iter") and args:
            if isinstance(args[0], Seq):
                return args[0] if name != "sorted" else Seq((seq_element(args[0]),), False)
            return Seq((self.element_of(args[0], state, frame, node),), False)
        if name == "next" and args:
            return self.element_of(args[0], state, frame, node)
        if name == "enumerate" and args:
            source, start = args[0], argument(args, kwargs, 1, "start") or Const(0)
            if isinstance(source, Seq) and source.exact and isinstance(start, Const) and type(start.value) is int:
                return Seq(tuple(Seq((Const(start.value + i), item)) for i, item in enumerate(source.items)), True)
            count = INDEX if is_index(start) else OPAQUE
            return Seq((Seq((count, self.element_of(source, state, frame, node))),), False)
        if name == "zip":
            if all(isinstance(a, Seq) and a.exact for a in args) and len({len(a.items) for a in args}) == 1:
                return Seq(tuple(Seq(items) for items in zip(*(a.items for a in args))), True)
            return Seq((Seq(tuple(self.element_of(a, state, frame, node) for a in args)),), False)
        if name in ("sum", "abs", "max", "min"):
            values = [seq_element(a) if isinstance(a, Seq) and name != "abs" else a for a in args]
            if any(isinstance(a, Arrays) for a in values):
                return self.array_op(state, frame, node, self.operands_of(values))
            return OPAQUE if values and all(isinstance(a, (Const, Opaque)) for a in values) else UNKNOWN_VALUE
        return self.unknown_call(args, kwargs, state, frame, node)

    # -- methods of arrays ---------------------------------------------------------------
    def array_method(self, receiver: Arrays, name: str, args, kwargs, state, frame, node) -> Value:
        target = node.func.value
        if name == "attach_grad":
            for key in receiver.ids:
                self.make_leaf(state, key, LEAF, argument(args, kwargs, 0, "grad_req"), len(receiver.ids) == 1)
            return OPAQUE
        if name == "detach":
            return self.untagged_like(receiver, state, frame, node)
        if name == "backward":
            self.clear_graph(state, receiver.ids, node, not is_true(argument(args, kwargs, 1, "retain_graph")))
            return OPAQUE
        if name == "copyto":
            other = argument(args, kwargs, 0, "other")
            if isinstance(other, Arrays):
                if not same_object(other, receiver):  # x.copyto(x) does nothing
                    self.record_write(state, Operands((receiver.ids,)), other.ids, node, v.METHOD,
                                      arg_source(node, 0, "other"), "copyto", not maybe_same_object(other, receiver))
                return other
            return self.array_op(state, frame, node, Operands((receiver.ids,)), like=receiver, elementwise=True)
        if name in ("as_in_context", "as_in_ctx", "to_device") and self.interface_of(receiver, state) != "np":
            return receiver  # the same context: the array itself
        if name in ("as_in_context", "as_np_ndarray", "as_nd_ndarray", "as_in_ctx", "to_device"):
            return self.shallow_copy(receiver, state, frame, node)
        if name == "astype" and isinstance(argument(args, kwargs, 1, "copy"), Const) \
                and not argument(args, kwargs, 1, "copy").value:
            return receiver
        if name in ("slice_assign", "slice_assign_scalar"):
            operands = self.operands_of(args[:1] if name == "slice_assign" else [], receiver.ids)
            self.record_write(state, operands, receiver.ids, node, v.METHOD, target, name)
            return receiver
        if name == "_sync_copyfrom":
            self.note_unchecked_write(state, receiver.ids, node, v.METHOD, target, "with _sync_copyfrom")
            return OPAQUE
        if name == "asnumpy":
            return HostArray()
        if name in api.NON_ARRAY_METHODS:
            return OPAQUE
        out = kwargs.pop("out", None)
        operands = self.operands_of(list(args) + list(kwargs.values()), receiver.ids)
        if isinstance(out, Arrays):
            self.record_write(state, operands, out.ids, node, v.OUT_ARGUMENT,
                              arg_source(node, 10**6, "out"), name + "(out=...)")
            return out
        shape = None
        if name in REDUCTIONS and not args and "axis" not in kwargs:
            shape = reduced_shape(self.interface_of(receiver, state))
        elif name == "reshape":
            shape = constant_shape(args[0] if len(args) == 1 else Seq(tuple(args)) if args else kwargs.get("shape"))
            if shape is not None and -1 in shape:
                shape = None
        elif name in SHAPED_LIKE and len(args) == 1 and isinstance(args[0], Arrays):
            shape = self.shape_of(args[0], state)
        return self.array_op(state, frame, node, operands, like=receiver, shape=shape,
                             elementwise=name in ELEMENTWISE)

    @staticmethod
    def interface_of(value: Arrays, state):
        interfaces = {state.heap[i].interface if i in state.heap else None for i in value.ids}
        return interfaces.pop() if len(interfaces) == 1 else None

    def shallow_copy(self, receiver: Arrays, state, frame, node) -> Arrays:
        """A new handle on the same memory whose autograd entry is a copy of the receiver's as it
        is now (MXNet's shallow copy): later tagging of either does not reach the other."""
        site = self.site(node, frame)
        arrays = [state.heap[i] for i in receiver.ids if i in state.heap]
        copied = arrays[0] if arrays else ArrayState(tag=UNKNOWN)
        for array in arrays[1:]:
            copied = copied.join(array)
        self.allocate(state, site, copied)
        return Arrays(frozenset([site]))

    def untagged_like(self, receiver: Arrays, state, frame, node) -> Arrays:
        """``detach()``: a new untagged handle on the receiver's memory."""
        site = self.site(node, frame)
        known = [state.heap[i] for i in receiver.ids if i in state.heap]
        self.new_untagged(state, site, interface=known[0].interface if known else None,
                          shape=known[0].shape if known else None)
        self.share_memory(state, site, receiver)
        return Arrays(frozenset([site]))

    @staticmethod
    def share_memory(state, site, base: Arrays) -> None:
        if len(base.ids) == 1:
            key = next(iter(base.ids))
            owner = state.heap[key].memory if key in state.heap and state.heap[key].memory else key
            state.heap[site] = replace(state.heap[site], memory=owner)

    def make_leaf(self, state, key, origin: str, grad_req: Optional[Value], certain: bool = True) -> None:
        if isinstance(grad_req, Const) and isinstance(grad_req.value, str):
            req = grad_req.value
        else:
            req = "write" if grad_req is None else None
        self.retire_entry(state, key)
        current = state.heap.get(key) or ArrayState(tag=TAGGED)
        leaf = current.with_tag(TAGGED, origin, grad_req=req, inputs=frozenset())
        state.heap[key] = leaf if certain else current.join(leaf)

    @staticmethod
    def retire_entry(state, key) -> None:
        """attach_grad gives a handle a new autograd entry; recorded graphs keep the old one,
        so what backward clears through them is no longer this handle."""
        users = state.heap.users_of(key)
        if not users:
            return
        retired = ("retired",) + key
        state.heap[retired] = state.heap[key]
        for other in users:
            array = state.heap[other]
            state.heap[other] = replace(array, inputs=(array.inputs - {key}) | {retired})

    # -- Gluon ------------------------------------------------------------------------------
    def new_block(self, has_params: bool, state, frame, node, klass=None) -> Block:
        site = self.site(node, frame)
        params = None
        if has_params:
            params = ("params",) + site
            state.heap[params] = ArrayState(tag=TAGGED, origin=PARAM_DATA, grad_req="write")
        return Block(params, klass, site)

    def block_call(self, block: Block, args, kwargs, state, frame, node) -> Value:
        if block.klass is not None:
            forward = self.user_block_forward(block)
            if forward is not None:
                return forward(args, kwargs, state, frame, node)
        inputs = list(args) + list(kwargs.values())
        operands = self.operands_of(inputs)
        if block.params is not None:
            operands = operands.plus(frozenset([block.params]))
        # Gluon's own blocks answer in the interface (mx.nd or mx.np) of the arrays they are given
        given = frozenset().union(*(value.ids for value in inputs if isinstance(value, Arrays)))
        like = Arrays(given) if given and block.klass is None else None
        return self.array_op(state, frame, node, operands, like=like)

    def block_method(self, block: Block, name, args, kwargs, state, frame, node) -> Value:
        if name == "collect_params":
            return ParamDict(block.params)
        if name in ("forward", "__call__"):
            return self.block_call(block, args, kwargs, state, frame, node)
        if name == "hybridize" and block.site is not None:
            self.instance_attributes(block.site)["__hybridized__"] = Const(True)
            return OPAQUE
        if block.klass is not None:
            member = self.instance_attribute(block, name)  # a method, or a child block
            if isinstance(member, (Function, Block)):
                return self.call_value(member, args, kwargs, state, frame, node)
            if member is UNKNOWN_VALUE:  # e.g. a child block passed to the constructor
                return self.unknown_call(args, kwargs, state, frame, node)
        return OPAQUE

    def param_method(self, param: Param, name, args, kwargs, state, frame, node) -> Value:
        target = node.func.value
        if name in ("data", "list_data"):
            data = self.param_array(state, data_handle(param.key), PARAM_DATA)
            return data if name == "data" else Seq((data,), False)
        if name in ("grad", "list_grad"):
            grad = self.param_array(state, ("param-grad",) + param.key, PARAM_GRAD)
            return grad if name == "grad" else Seq((grad,), False)
        if name == "set_data":
            data = self.param_array(state, data_handle(param.key), PARAM_DATA)
            self.record_write(state, self.operands_of(args[:1]), data.ids, node, v.METHOD, target, "set_data")
            return OPAQUE
        if name == "zero_grad":
            grad = self.param_array(state, ("param-grad",) + param.key, PARAM_GRAD)
            self.record_write(state, Operands(), grad.ids, node, v.METHOD, target, "zero_grad")
            return OPAQUE
        return OPAQUE

    def param_array(self, state, key, origin) -> Arrays:
        if key not in state.heap:
            state.heap[key] = ArrayState(tag=TAGGED, origin=origin, grad_req="write")
        return Arrays(frozenset([key]))

    def param_dict_method(self, params: ParamDict, name, args, kwargs, state, frame, node) -> Value:
        if name == "zero_grad":
            if state.recording and params.params is not None:
                # legacy mode zeroes the tagged gradient buffers with reset_arrays, which segfaults
                error = v.E1 if self.numpy_mode else v.CRASH
                self.report(node, v.METHOD, state.recording_certain, error, node.func.value,
                            PARAM_GRAD, "zero_grad", state)
            return OPAQUE
        if name in ("values", "list"):
            return Seq((Param((params.params, "item")),), False) if params.params else UNKNOWN_VALUE
        if name == "get":
            return Param((params.params, "item")) if params.params else UNKNOWN_VALUE
        return OPAQUE

    def trainer_method(self, trainer: Trainer, name, args, kwargs, state, frame, node) -> Value:
        if name in ("step", "update") and state.recording:
            # the optimizer writes every weight with out=weight, and weights are leaves
            self.report(node, v.METHOD, state.recording_certain, v.E1, "the parameters", PARAM_DATA,
                        "trainer." + name, state)
        return OPAQUE
