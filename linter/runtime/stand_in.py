"""The engine presented as the `mxnet` package.

`install()` puts stand-in modules for `mxnet` and its submodules into
`sys.modules` and a finder on `sys.meta_path`, so that every import style
(`import mxnet as mx`, `from mxnet import autograd, nd`, `from
mxnet.autograd import record`, `import mxnet.autograd as autograd`, ...)
gets the engine.  An attribute or submodule the engine lacks raises
UnsupportedOperation naming it, instead of letting the program go on with a
guess.  It is meant for a process that runs one program, such as
`recordlint confirm`'s.
"""
from __future__ import annotations

import importlib.abc
import sys
import types

from . import autograd, context, errors, initializers, nd_api, nd_random, npx_api
from . import numpy_api, numpy_random, random
from .errors import unsupported
from .gluon import block, loss, nn, parameter, trainer
from .ndarray import NDArray
from .numpy_array import ndarray
from .symbol import Symbol

VERSION = "1.9.1"


class StandInModule(types.ModuleType):
    """A module of the stand-in package; unknown public names are unsupported."""

    def __init__(self, name, label):
        super().__init__(name)
        self.__path__ = []
        self.__dict__["_stand_in_label"] = label

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError("module %r has no attribute %r" % (self.__name__, name))
        unsupported("%s.%s" % (self.__dict__["_stand_in_label"], name))


def _exported(module, *extra):
    """Public functions and classes defined in `module`, plus the `extra` names."""
    names = {}
    for name, value in vars(module).items():
        if name.startswith("_") or isinstance(value, types.ModuleType):
            continue
        if getattr(value, "__module__", None) == module.__name__:
            names[name] = value
    for name in extra:
        names[name] = getattr(module, name)
    return names


def _build():
    """Stand-in modules by full name (aliases share one module object)."""
    modules = {}

    def module(names, label, attributes):
        names = names if isinstance(names, tuple) else (names,)
        made = StandInModule(names[0], label)
        made.__dict__.update(attributes)
        for name in names:
            modules[name] = made
        return made

    base = module("mxnet.base", "mx.base", {"MXNetError": errors.MXNetError,
                                            "NotImplementedForSymbol": errors.NotImplementedForSymbol})
    contexts = module("mxnet.context", "mx.context", _exported(context))
    init = module(("mxnet.initializer", "mxnet.init"), "mx.init",
                  dict(_exported(initializers), Initializer=initializers.Initializer))
    mx_random = module("mxnet.random", "mx.random", _exported(nd_random, "seed"))
    nd_random_module = module(("mxnet.ndarray.random", "mxnet.nd.random"), "nd.random",
                              _exported(nd_random))
    np_random = module(("mxnet.numpy.random", "mxnet.np.random"), "np.random", _exported(numpy_random))
    np = module(("mxnet.numpy", "mxnet.np"), "np", dict(
        _exported(numpy_api, "float16", "float32", "float64", "int8", "int32", "int64", "uint8",
                  "bool_", "dtype", "pi", "e", "inf", "nan", "newaxis"),
        ndarray=ndarray, random=np_random))
    npx = module(("mxnet.numpy_extension", "mxnet.npx"), "npx", dict(
        _exported(npx_api, "Context", "cpu", "gpu", "current_context", "num_gpus")))
    nd = module(("mxnet.ndarray", "mxnet.nd"), "nd", dict(
        _exported(nd_api), NDArray=NDArray, random=nd_random_module, np=np, npx=npx))
    symbol = module(("mxnet.symbol", "mxnet.sym"), "sym", dict(
        _exported(nd_api), Symbol=Symbol, random=nd_random_module, np=np, npx=npx))
    mx_autograd = module("mxnet.autograd", "autograd", _exported(
        autograd, "is_recording", "is_training", "set_recording", "set_training"))
    gluon_nn = module("mxnet.gluon.nn", "gluon.nn", dict(
        _exported(nn), Block=block.Block, HybridBlock=block.HybridBlock))
    gluon_loss = module("mxnet.gluon.loss", "gluon.loss", _exported(loss))
    gluon_parameter = module("mxnet.gluon.parameter", "gluon.parameter", _exported(parameter))
    gluon_block = module("mxnet.gluon.block", "gluon.block", _exported(block))
    gluon_trainer = module("mxnet.gluon.trainer", "gluon.trainer", _exported(trainer))
    gluon = module("mxnet.gluon", "gluon", dict(
        nn=gluon_nn, loss=gluon_loss, parameter=gluon_parameter, block=gluon_block,
        trainer=gluon_trainer, Block=block.Block, HybridBlock=block.HybridBlock,
        Parameter=parameter.Parameter, ParameterDict=parameter.ParameterDict,
        DeferredInitializationError=parameter.DeferredInitializationError, Trainer=trainer.Trainer))
    module("mxnet", "mx", dict(
        __version__=VERSION, base=base, context=contexts, init=init, initializer=init,
        random=mx_random, nd=nd, ndarray=nd, np=np, numpy=np, npx=npx, numpy_extension=npx,
        sym=symbol, symbol=symbol, autograd=mx_autograd, gluon=gluon,
        MXNetError=errors.MXNetError, Context=context.Context, cpu=context.cpu, gpu=context.gpu,
        current_context=context.current_context, is_np_array=npx_api.is_np_array,
        waitall=nd_api.waitall))
    return modules


class _Finder(importlib.abc.MetaPathFinder):
    """Refuses the `mxnet` submodules the engine does not have."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname.startswith("mxnet.") and fullname not in _modules:
            errors.note_unsupported(fullname)
        return None


_modules = {}


def stand_in_module(name):
    """The stand-in module `name` (built on first use)."""
    if not _modules:
        _modules.update(_build())
    return _modules[name]


def install():
    """Make `import mxnet` (and its submodules) import the engine in this process."""
    stand_in_module("mxnet")
    sys.modules.update(_modules)
    sys.meta_path.insert(0, _Finder())
    random.seed(0)
