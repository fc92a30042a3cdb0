"""The exceptions a program sees when it runs on the engine.

`MXNetError` and its messages mirror MXNet 1.9.1 (`mxnet.base.MXNetError`,
a RuntimeError).  `UnsupportedOperation` marks a part of MXNet the engine
does not implement: the engine must stop there rather than guess, so every
use is also remembered, even when the program swallows the exception.
`crash` stands for the process death of section 6 of the specification.
"""
from __future__ import annotations

import sys

E1_TEXT = ("Assigning to NDArrays that are already in a computational graph will cause "
           "undefined behavior when evaluating gradients. Please call backward first to "
           "clear the graph or do this out side of a record section. Also note that you "
           "cannot use inplace operations like +=, *=, relu(x, out=x), y[idx]=x, etc "
           "inside a record section.")
E2_TEXT = "Inplace operations (+=, -=, x[:]=, etc) are not supported when recording with autograd."

NOT_IN_GRAPH_TEXT = (
    "Cannot differentiate node because it is not in a computational graph. You need to set "
    "is_recording to true or use autograd.record() to save computational graphs for backward. "
    "If you want to differentiate the same graph twice, you need to pass retain_graph=True "
    "to backward.")
NO_INPUTS_TEXT = "There are no inputs in computation graph that require gradients."
CLEARED_NODE_TEXT = "The any container is empty requested=N5mxnet10Imperative6AGInfoE"


class MXNetError(RuntimeError):
    """`mxnet.base.MXNetError`."""


class NotImplementedForSymbol(MXNetError):
    """`mxnet.base.NotImplementedForSymbol`: an NDArray-only operation on a Symbol."""

    def __init__(self, function, alias, *args):
        super().__init__()
        self.function = function
        self.alias = alias
        self.args = tuple(str(type(arg)) for arg in args)

    def __str__(self):
        text = "Function %s" % self.function
        if self.alias:
            text += ' (namely operator "%s")' % self.alias
        if self.args:
            text += " with arguments (%s)" % ", ".join(self.args)
        return text + " is not implemented for Symbol and only available in NDArray."


def check_failed(source_line, condition, text):
    """An MXNetError worded like MXNet's failed CHECK at `source_line` of imperative.cc."""
    return MXNetError("Traceback (most recent call last):\n"
                      '  File "../src/imperative/imperative.cc", line %d\n'
                      "MXNetError: Check failed: %s: %s" % (source_line, condition, text))


def e1_error():
    return check_failed(203, "AGInfo: :IsNone(*output)", E1_TEXT)


def e2_error():
    return check_failed(261, "AGInfo: :IsNone(*output)", E2_TEXT)


class UnsupportedOperation(AttributeError):
    """A part of MXNet the engine does not implement (`unsupported: nd.foo`)."""

    def __init__(self, name):
        super().__init__("unsupported: %s (recordlint's MXNet engine does not implement it)" % name)
        self.operation = name
        note_unsupported(name)


# (operation, [(filename, line) of each calling frame, innermost first]) of
# every unsupported use, in order; read by `recordlint confirm`, which must
# not trust a run that swallowed one.
unsupported_uses: list[tuple[str, list[tuple[str, int]]]] = []


def note_unsupported(name):
    frames, frame = [], sys._getframe(1)
    while frame is not None:
        frames.append((frame.f_code.co_filename, frame.f_lineno))
        frame = frame.f_back
    unsupported_uses.append((name, frames))


def unsupported(name):
    """Raise UnsupportedOperation for `name`."""
    raise UnsupportedOperation(name)


class InterpreterCrash(BaseException):
    """MXNet 1.9.1 kills the process here (SIGSEGV) instead of raising."""

    def __init__(self, operation):
        super().__init__(crash_message(operation))
        self.operation = operation


def crash_message(operation):
    return ("Segmentation fault: MXNet 1.9.1 kills the interpreter when %s runs while recording "
            "with inputs in the autograd graph and no outputs" % operation)


def raise_crash(operation):
    raise InterpreterCrash(operation)


# What happens where MXNet crashes: by default an InterpreterCrash is raised;
# a process that runs a program for good (`python -m recordlint.runtime`,
# recordlint confirm's child) ends right there instead, so that, as with the
# real crash, no code of the program runs after it.
crash_handler = [raise_crash]


def crash(operation):
    crash_handler[0](operation)


def no_other_arguments(label, arguments):
    """Refuse keyword arguments the engine does not implement (but MXNet has)."""
    for name in arguments:
        if name != "name":
            unsupported("%s(%s=...)" % (label, name))
