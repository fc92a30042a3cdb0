"""Devices: every array lives on `cpu(0)`; naming a GPU is allowed, using one is not."""
from __future__ import annotations

from .errors import unsupported


class Context:
    """`mx.Context`."""

    def __init__(self, device_type="cpu", device_id=0):
        if isinstance(device_type, Context):
            device_type, device_id = device_type.device_type, device_type.device_id
        self.device_type = device_type
        self.device_id = device_id

    def __eq__(self, other):
        return (isinstance(other, Context) and other.device_type == self.device_type
                and other.device_id == self.device_id)

    def __hash__(self):
        return hash((self.device_type, self.device_id))

    def __repr__(self):
        return "%s(%d)" % (self.device_type, self.device_id)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return False

    @property
    def device_typeid(self):
        return 1 if self.device_type == "cpu" else 2


def cpu(device_id=0):
    return Context("cpu", device_id)


def gpu(device_id=0):
    return Context("gpu", device_id)


def current_context():
    return cpu()


def num_gpus():
    return 0


def check(ctx):
    """Arrays can only be made on the CPU."""
    if ctx is not None and Context(ctx).device_type != "cpu":
        unsupported("arrays on %r" % (ctx,))
