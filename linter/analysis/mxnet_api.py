"""What the analysis knows of MXNet's Python API, by qualified name."""
from __future__ import annotations

# Spellings that name the same module.
MODULE_ALIASES = {
    "mxnet.ndarray": "mxnet.nd",
    "mxnet.numpy": "mxnet.np",
    "mxnet.numpy_extension": "mxnet.npx",
    "mxnet.symbol": "mxnet.sym",
    "mxnet.initializer": "mxnet.init",
}

ARRAY_MODULES = ("mxnet.nd", "mxnet.np", "mxnet.npx", "mxnet.random", "mxnet.sym")

AUTOGRAD = "mxnet.autograd"
RECORD = AUTOGRAD + ".record"
PAUSE = AUTOGRAD + ".pause"
MODE_SCOPES = (AUTOGRAD + ".train_mode", AUTOGRAD + ".predict_mode")
SET_RECORDING = AUTOGRAD + ".set_recording"
BACKWARD = AUTOGRAD + ".backward"
GRAD = AUTOGRAD + ".grad"
MARK_VARIABLES = AUTOGRAD + ".mark_variables"
AUTOGRAD_FUNCTION = AUTOGRAD + ".Function"

RESET_ARRAYS = ("mxnet.nd.reset_arrays", "mxnet.npx.reset_arrays")
TRAINER = "mxnet.gluon.Trainer"

# Gluon layers that own no parameters: calling them does not by itself put the
# result in the graph.
PARAMETERLESS_LAYERS = {
    "Activation", "Dropout", "Flatten", "Lambda", "HybridLambda", "Identity",
    "MaxPool1D", "MaxPool2D", "MaxPool3D", "AvgPool1D", "AvgPool2D", "AvgPool3D",
    "GlobalMaxPool1D", "GlobalMaxPool2D", "GlobalMaxPool3D",
    "GlobalAvgPool1D", "GlobalAvgPool2D", "GlobalAvgPool3D",
    "ReflectionPad2D", "LeakyReLU", "ELU", "SELU", "GELU", "Swish", "SiLU",
}
GLUON_BLOCK_PACKAGES = ("mxnet.gluon.nn.", "mxnet.gluon.rnn.", "mxnet.gluon.model_zoo.")
GLUON_LOSS_PACKAGE = "mxnet.gluon.loss."

# numpy (the real one) constructors of scalars rather than arrays.
HOST_SCALAR_TYPES = {
    "float16", "float32", "float64", "int8", "int16", "int32", "int64",
    "uint8", "uint16", "uint32", "uint64", "bool_", "float_", "int_",
}

# Array methods that do not produce an array.
NON_ARRAY_METHODS = {
    "asscalar", "item", "tolist", "wait_to_read", "wait_to_write", "__len__",
    "tostype", "as_np_ndarray", "as_nd_ndarray",
}
NON_ARRAY_ATTRIBUTES = {
    "shape", "dtype", "context", "ctx", "device", "ndim", "size", "stype", "handle", "writable",
}


def canonical(qualname: str) -> str:
    for alias, name in MODULE_ALIASES.items():
        if qualname == alias or qualname.startswith(alias + "."):
            return name + qualname[len(alias):]
    return qualname


def interface_of(qualname: str):
    if qualname.startswith(("mxnet.np.", "mxnet.npx.")):
        return "np"
    if qualname.startswith(("mxnet.nd.", "mxnet.random.")):
        return "nd"
    return None


def is_array_function(qualname: str) -> bool:
    return qualname.startswith(tuple(m + "." for m in ARRAY_MODULES))


def is_host_numpy(qualname: str) -> bool:
    return qualname == "numpy" or qualname.startswith("numpy.")


def gluon_block_kind(qualname: str):
    """'params' for a Gluon layer with parameters, 'plain' for one without, else None."""
    if qualname.startswith(GLUON_LOSS_PACKAGE):
        return "plain"
    if qualname.startswith(GLUON_BLOCK_PACKAGES):
        name = qualname.rsplit(".", 1)[1]
        if not name[:1].isupper():
            return None
        return "plain" if name in PARAMETERLESS_LAYERS else "params"
    return None


# Gluon containers and layers that hybridize (hybrid_forward may run on Symbols).
NON_HYBRID_BLOCKS = {"Block", "Sequential", "SymbolBlock"}


def is_hybrid_block(qualname: str) -> bool:
    name = qualname.rsplit(".", 1)[1]
    return name not in NON_HYBRID_BLOCKS and (name == "HybridBlock" or gluon_block_kind(qualname) is not None)
