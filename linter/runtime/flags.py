"""Thread-local switches: is autograd recording, is it in training mode, is
the NumPy interface on (`npx.set_np()`)."""
from __future__ import annotations

import threading


class _Flags(threading.local):
    recording = False
    training = False
    numpy_mode = False


_flags = _Flags()


def is_recording():
    return _flags.recording


def set_recording(value):
    """Set the flag; return its previous value (as MXNet does)."""
    previous, _flags.recording = _flags.recording, bool(value)
    return previous


def is_training():
    return _flags.training


def set_training(value):
    previous, _flags.training = _flags.training, bool(value)
    return previous


def is_numpy_mode():
    return _flags.numpy_mode


def set_numpy_mode(value):
    previous, _flags.numpy_mode = _flags.numpy_mode, bool(value)
    return previous
