"""`mx.npx`: the NumPy-interface extensions (set_np, activations, ...)."""
from __future__ import annotations

from . import flags
from . import operators as ops
from .context import Context, cpu, current_context, gpu, num_gpus  # noqa: F401 - part of npx
from .dispatch import apply
from .errors import MXNetError, no_other_arguments


def set_np(shape=True, array=True, dtype=False):
    flags.set_numpy_mode(array)


def reset_np():
    flags.set_numpy_mode(False)


def is_np_array():
    return flags.is_numpy_mode()


is_np_shape = is_np_array


def relu(data, out=None, **kwargs):
    no_other_arguments("npx.relu", kwargs)
    return apply(ops.RELU, [data], out=out)


def sigmoid(data, out=None, **kwargs):
    no_other_arguments("npx.sigmoid", kwargs)
    return apply(ops.SIGMOID, [data], out=out)


def activation(data, act_type="relu", out=None, **kwargs):
    no_other_arguments("npx.activation", kwargs)
    if act_type not in ops.ACTIVATIONS:
        raise MXNetError("Invalid Input: '%s'" % act_type)
    return apply(ops.ACTIVATIONS[act_type], [data], out=out)


def softmax(data, axis=-1, temperature=None, out=None, **kwargs):
    no_other_arguments("npx.softmax", kwargs)
    return apply(ops.SOFTMAX, [data], {"axis": axis, "temperature": temperature}, out=out)


def log_softmax(data, axis=-1, temperature=None, out=None, **kwargs):
    no_other_arguments("npx.log_softmax", kwargs)
    return apply(ops.LOG_SOFTMAX, [data], {"axis": axis, "temperature": temperature}, out=out)


def fully_connected(x, weight, bias=None, num_hidden=None, no_bias=False, flatten=True, out=None,
                    **kwargs):
    no_other_arguments("npx.fully_connected", kwargs)
    inputs = [x, weight] if no_bias or bias is None else [x, weight, bias]
    return apply(ops.FULLY_CONNECTED, inputs, {"flatten": flatten}, out=out)


def batch_dot(a, b, transpose_a=False, transpose_b=False, out=None, **kwargs):
    no_other_arguments("npx.batch_dot", kwargs)
    return apply(ops.BATCH_DOT, [a, b], {"transpose_a": transpose_a, "transpose_b": transpose_b},
                 out=out)


def pick(data, index, axis=-1, keepdims=False, mode="clip", out=None):
    return apply(ops.PICK, [data, index], {"axis": axis, "keepdims": keepdims}, out=out)


def one_hot(data, depth, on_value=1.0, off_value=0.0, dtype="float32", out=None):
    return apply(ops.ONE_HOT, [data], {"depth": depth, "on_value": on_value,
                                       "off_value": off_value, "dtype": dtype}, out=out)


def reshape_like(lhs, rhs, out=None):
    return apply(ops.RESHAPE_LIKE, [lhs, rhs], out=out)


def waitall():
    return None
