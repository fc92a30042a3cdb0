"""`gluon.Parameter` and `gluon.ParameterDict`.

A parameter's data array is an autograd leaf and its gradient array is a
tagged gradient buffer (`autograd.mark_variables`), as in MXNet, so writes to
either inside `record()` raise E1; `ParameterDict.zero_grad()` uses
`reset_arrays` in legacy mode, which crashes MXNet while recording.
"""
from __future__ import annotations

from collections import OrderedDict

import numpy

from .. import autograd, flags, initializers
from .. import nd_api as nd
from ..ndarray import NDArray
from ..numpy_array import ndarray


class DeferredInitializationError(RuntimeError):
    """`gluon.DeferredInitializationError`: the shape is not known yet."""


class Parameter:
    """`gluon.Parameter` on the one CPU context."""

    def __init__(self, name, grad_req="write", shape=None, dtype="float32", lr_mult=1.0,
                 wd_mult=1.0, init=None, allow_deferred_init=False, differentiable=True,
                 stype="default", grad_stype="default"):
        self.name = name
        self._grad_req = grad_req if differentiable else "null"
        self._shape = (shape,) if isinstance(shape, int) else (tuple(shape) if shape else None)
        self.dtype = dtype
        self.lr_mult = lr_mult
        self.wd_mult = wd_mult
        self.init = init
        self._allow_deferred_init = allow_deferred_init
        self._deferred_init = None  # the initializer, until the shape is known
        self._pending_data = None  # set_data before a deferred initialization
        self._data = None
        self._grad = None

    def __repr__(self):
        return "Parameter %s (shape=%s, dtype=%s)" % (self.name, self.shape, self.dtype)

    @property
    def shape(self):
        return self._shape

    @shape.setter
    def shape(self, new_shape):
        self._shape = tuple(new_shape)

    @property
    def grad_req(self):
        return self._grad_req

    @grad_req.setter
    def grad_req(self, value):
        self._grad_req = value
        if self._data is not None:
            if value == "null":
                self._grad = None
            else:
                self._init_grad()

    def _shape_known(self):
        return self._shape is not None and all(size > 0 for size in self._shape)

    def initialize(self, init=None, ctx=None, default_init=None, force_reinit=False):
        if self._data is not None and not force_reinit:
            return
        if init is None:
            init = default_init if self.init is None else self.init
        initializer = initializers.create(init) or initializers.Uniform()
        if not self._shape_known():
            if not self._allow_deferred_init:
                raise ValueError("Cannot initialize Parameter '%s' because it has invalid shape: %s."
                                 % (self.name, self._shape))
            self._deferred_init = initializer
            return
        self._init_impl(initializer)

    def _finish_deferred_init(self):
        if self._deferred_init is not None and self._shape_known():
            initializer, self._deferred_init = self._deferred_init, None
            self._init_impl(initializer)

    def _init_impl(self, initializer):
        values = numpy.zeros(self._shape, dtype=self.dtype)
        if self._pending_data is not None:
            values[...] = self._pending_data
            self._pending_data = None
        else:
            initializer(self.name, values)
        array_type = ndarray if flags.is_numpy_mode() else NDArray
        self._data = array_type._wrap(values)
        self._init_grad()

    def _init_grad(self):
        if self._grad_req == "null":
            self._grad = None
            return
        self._grad = type(self._data)._wrap(numpy.zeros_like(self._data._data))
        autograd.mark_variables([self._data], [self._grad], self._grad_req)

    def _check_initialized(self):
        if self._data is not None:
            return
        if self._deferred_init is not None:
            raise DeferredInitializationError(
                "Parameter '%s' has not been initialized yet because initialization was deferred. "
                "Actual initialization happens during the first forward pass. Please pass one "
                "batch of data through the network before accessing Parameters." % self.name)
        raise RuntimeError(
            "Parameter '%s' has not been initialized. Note that you should initialize parameters "
            "and create Trainer with Block.collect_params() instead of Block.params because the "
            "later does not include Parameters of nested child Blocks" % self.name)

    def data(self, ctx=None):
        self._check_initialized()
        return self._data

    def list_data(self):
        return [self.data()]

    def grad(self, ctx=None):
        self._check_initialized()
        if self._grad is None:
            raise RuntimeError("Cannot get gradient array for Parameter '%s' because "
                               "grad_req='null'" % self.name)
        return self._grad

    def list_grad(self):
        return [self.grad()]

    def list_ctx(self):
        from ..context import cpu
        return [cpu()]

    def set_data(self, data):
        self.shape = data.shape
        if self._data is None:
            if self._deferred_init is None:
                raise AssertionError("Parameter '%s' has not been initialized" % self.name)
            self._pending_data = data.asnumpy()
            return
        self._data[:] = data

    def zero_grad(self):
        if self._grad is None:
            return
        nd.zeros_like(self._grad, out=self._grad)


class ParameterDict(OrderedDict):
    """`gluon.ParameterDict`: parameters by full name."""

    def __init__(self, prefix="", shared=None):
        super().__init__()
        self.prefix = prefix

    def get(self, name, **kwargs):
        full_name = self.prefix + name
        if full_name not in self:
            self[full_name] = Parameter(full_name, **kwargs)
        return self[full_name]

    def update(self, other):
        for name, parameter in other.items():
            self[name] = parameter

    def initialize(self, init=None, ctx=None, verbose=False, force_reinit=False):
        default = initializers.create(init) or initializers.Uniform()
        for parameter in self.values():
            parameter.initialize(None, ctx, default, force_reinit)

    def zero_grad(self):
        grads = [parameter._grad for parameter in self.values()
                 if parameter.grad_req != "null" and parameter._grad is not None]
        if not grads:
            return
        if flags.is_numpy_mode():
            for grad in grads:
                grad[()] = 0
        else:
            nd.reset_arrays(*grads, num_arrays=len(grads))

    def setattr(self, name, value):
        for parameter in self.values():
            setattr(parameter, name, value)

    def __repr__(self):
        return "%s(\n%s\n)" % (type(self).__name__, "\n".join("  " + repr(p) for p in self.values()))
