"""No network for the program `recordlint confirm` runs: creating a socket raises.

`install()` refuses sockets at both levels a Python program reaches them:
`socket.socket` (and so `create_connection`, `create_server`, `fromfd`, ssl
and asyncio) and the `_socket` extension it is built on, reloaded or not.
Like `errors.unsupported_uses`, every refusal is remembered, so that a run
that swallowed one is not trusted.  This keeps a program off the network by
accident; it is no wall against one that means harm: a child process, or C
called through ctypes, does not go through these modules.
"""
from __future__ import annotations

import socket
import sys

import _socket

MESSAGE = "network disabled by recordlint confirm"

# [(filename, line) of each calling frame, innermost first] of every refused socket, in order.
refusals: list[list[tuple[str, int]]] = []


def _refuse(*args, **kwargs):
    frames, frame = [], sys._getframe(1)
    while frame is not None:
        frames.append((frame.f_code.co_filename, frame.f_lineno))
        frame = frame.f_back
    refusals.append(frames)
    raise PermissionError(MESSAGE)


class RefusedSocket(_socket.socket):
    """Stands for `_socket.socket`: a class, so that a reloaded `socket` module can still
    subclass it, and its sockets are refused all the same."""

    __slots__ = ()  # as the C type's: the subclass in `socket` adds `__weakref__` itself

    def __new__(cls, *args, **kwargs):
        _refuse()


def install():
    socket.socket.__init__ = _refuse
    for module in (socket, _socket):
        module.socketpair = _refuse
        module.SocketType = RefusedSocket
    _socket.socket = RefusedSocket
