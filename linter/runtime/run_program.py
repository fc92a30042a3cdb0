"""Run one program on the engine and write down what happened (the child
process of `recordlint confirm`).

    python -m recordlint.runtime.run_program FILE RESULT_JSON TIMEOUT_DUMP TIME_LIMIT STARTED_FD

The result is a JSON object: outcome ("ok", "raised" or "error"), line (the
first line of the statement of FILE where the run stopped, in the innermost
frame inside FILE), kind ("E1", "E2", "crash", "unsupported", "network",
"exit", "memory" or an exception class name), message, grads (for each
module-level `N.attach_grad()`, the gradient of the array N referred to
then, null if no backward wrote it) and executed (the first lines of the
statements that ran).  If the time limit passes first, or the CPU limit, or the parent
aborts the process, faulthandler writes the stack to TIMEOUT_DUMP and ends the process;
the parent reads the line from there.  Closing STARTED_FD tells the parent that
the program's time has begun.
"""
from __future__ import annotations

import ast
import dis
import faulthandler
import json
import os
import signal
import sys
import traceback
import types

from recordlint.runtime import errors, graph, no_network, stand_in
from recordlint.runtime.ndarray import attach_grad_observers
from recordlint.statements import module_level_leaves, statement_starts

# Python 3.9 reports leaving a `with` block on an exception as a line event at the block's last
# line, which did not run (3.10's precise line numbers do not): that event is not a line run.
WITH_EXIT_ON_ERROR = dis.opmap["WITH_EXCEPT_START"] if sys.version_info < (3, 10) else None

E1_MARK = "Assigning to NDArrays that are already in a computational graph"
E2_MARK = "Inplace operations (+=, -=, x[:]=, etc) are not supported"


class Statements:
    """Where each line's statement starts, and the module-level attach_grad calls."""

    def __init__(self, tree):
        self.start = statement_starts(tree)
        self.leaves = dict(module_level_leaves(tree.body))

    def of(self, line):
        return self.start.get(line, line)


class ProgramRun:
    """One run of the program at `path`, observed: the lines it runs, the
    arrays its leaves refer to, how it ends."""

    def __init__(self, path, source, finish):
        self.path = path
        self.source = source
        self.finish = finish  # called with the result when MXNet would have crashed
        self.statements = None
        self.module_code = None
        self.executed = set()
        self.leaves = {}

    # -- observing the program ---------------------------------------------
    def _trace(self, frame, event, arg):
        if frame.f_code.co_filename != self.path:
            return None
        return self._trace_lines

    def _trace_lines(self, frame, event, arg):
        if event == "line" and (WITH_EXIT_ON_ERROR is None or frame.f_code.co_code[frame.f_lasti] != WITH_EXIT_ON_ERROR):
            self.executed.add(frame.f_lineno)
        return self._trace_lines

    def _on_attach_grad(self, array):
        frame = sys._getframe(1)
        while frame is not None and frame.f_code.co_filename != self.path:
            frame = frame.f_back
        if frame is not None and frame.f_code is self.module_code:
            name = self.statements.leaves.get(self.statements.of(frame.f_lineno))
            if name is not None:
                self.leaves[name] = array

    def _program_line(self, exc):
        line = None
        for frame in traceback.extract_tb(exc.__traceback__):
            if frame.filename == self.path:
                line = frame.lineno
        return None if line is None else self.statements.of(line)

    # -- running ---------------------------------------------------------------
    def run(self):
        try:
            tree = ast.parse(self.source, filename=self.path)
            self.module_code = compile(tree, self.path, "exec")
        except SyntaxError as error:
            return self._result("error", error.lineno, "SyntaxError", "SyntaxError: %s" % error.msg)
        self.statements = Statements(tree)
        module = types.ModuleType("__main__")
        module.__file__ = self.path
        sys.modules["__main__"] = module
        sys.path[0] = os.path.dirname(os.path.abspath(self.path))
        attach_grad_observers.append(self._on_attach_grad)
        errors.crash_handler[0] = self._crashed
        sys.settrace(self._trace)
        try:
            exec(self.module_code, module.__dict__)
        except SystemExit as exit_request:
            return self._stopped(exit_request, "error", "exit",
                                 "the program exited the interpreter (sys.exit(%r))" % (exit_request.code,))
        except MemoryError as error:
            return self._stopped(error, "error", "memory", "memory limit exceeded (MemoryError)")
        except BaseException as error:  # the program raised: that is the outcome being judged
            return self._raised(error)
        finally:
            sys.settrace(None)
        untrusted = self._untrusted()
        if untrusted is not None:
            return untrusted
        return self._result("ok", None, None, None, self._grads())

    def _crashed(self, operation):
        """Where MXNet dies: report the crash at once, as no program code may run after it."""
        sys.settrace(None)
        frame, line = sys._getframe(1), None
        while frame is not None and line is None:
            if frame.f_code.co_filename == self.path:
                line = self.statements.of(frame.f_lineno)
            frame = frame.f_back
        self.finish(self._result("error", line, "crash", "crash: %s" % errors.crash_message(operation)))

    def _raised(self, error):
        untrusted = self._untrusted()
        if untrusted is not None:
            return untrusted
        text = str(error).strip()
        last = text.splitlines()[-1] if text else ""
        name = type(error).__name__
        message = last if last.startswith(name + ":") else "%s: %s" % (name, last) if last else name
        kind = name
        if isinstance(error, errors.MXNetError):
            kind = "E1" if E1_MARK in text else "E2" if E2_MARK in text else name
        return self._stopped(error, "raised", kind, message)

    def _untrusted(self):
        """An error outcome if the run cannot stand for one on MXNet, even when the program
        caught the exception: it used an operation the engine lacks, or the network."""
        if errors.unsupported_uses:
            operation, frames = errors.unsupported_uses[0]
            return self._error_in(frames, "unsupported", "unsupported: %s" % operation)
        if no_network.refusals:
            return self._error_in(no_network.refusals[0], "network", no_network.MESSAGE)
        return None

    def _error_in(self, frames, kind, message):
        """An error outcome at the innermost of ``frames`` inside the program."""
        lines = [line for filename, line in frames if filename == self.path]
        return self._result("error", self.statements.of(lines[0]) if lines else None, kind, message)

    def _stopped(self, error, outcome, kind, message):
        return self._result(outcome, self._program_line(error), kind, message)

    def _grads(self):
        grads = {}
        for name, array in sorted(self.leaves.items()):
            node = array._entry[0] if graph.is_tagged(array) else None
            written = isinstance(node, graph.Variable) and node.written and node.grad is not None
            grads[name] = node.grad.tolist() if written else None
        return grads

    def _result(self, outcome, line, kind, message, grads=None):
        statements = self.statements
        executed = sorted({statements.of(line) for line in self.executed}) if statements else []
        return {"outcome": outcome, "line": line, "kind": kind, "message": message,
                "grads": grads, "executed": executed}


def main(argv):
    path, result_path, dump_path, time_limit, started = argv[1], argv[2], argv[3], float(argv[4]), int(argv[5])
    sys.argv = [path]
    with open(path, "rb") as handle:
        source = handle.read()
    dump = open(dump_path, "w")
    faulthandler.dump_traceback_later(time_limit, exit=True, file=dump)
    # SIGABRT (the parent's last word before its hard kill) and SIGXCPU (the CPU limit) end
    # the process too; the stack goes to the same file first, so the line is known either way
    faulthandler.enable(file=dump)
    faulthandler.register(signal.SIGXCPU, file=dump, chain=True)
    os.close(started)  # the parent's clock for the time limit starts now
    stand_in.install()
    no_network.install()

    def finish(result):
        faulthandler.cancel_dump_traceback_later()
        partial = result_path + ".partial"
        with open(partial, "w") as handle:
            json.dump(result, handle)
        os.replace(partial, result_path)
        # Skip the program's atexit handlers and threads: the run is over.
        os._exit(0)

    finish(ProgramRun(os.path.abspath(path), source, finish).run())


if __name__ == "__main__":
    main(sys.argv)
