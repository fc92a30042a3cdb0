"""Run programs under real MXNet and report which statements raised what.

Runs inside the oracle virtualenv (see make_venv.py); it imports nothing from
the repository.  Usage: python runner.py PROGRAMS.json [--grads], where the
file holds a list of {"name": str, "source": str}.  (It runs just as well
under any `mxnet`, such as recordlint's engine: `python -m recordlint.runtime
runner.py ...`.)

Every simple statement of a program is wrapped in try/except, so an error is
recorded at the statement that raised it and execution goes on with the next
statement (even where the program itself would have caught the error).  An
exception that escapes anyway (from a compound statement's header, e.g. a
`for` or `with` expression) is recorded the same way and ends that program.
The recorded line is the first line of the innermost statement (or compound
statement header) that contains the deepest traceback frame in the program,
so an error inside a helper function is reported in the helper.

Output, one JSON object per line on the original stdout (programs' own output
goes to stderr):
    {"start": name}                          before a program runs
    {"name": name, "events": [[line, kind], ...]}   after it, in execution order
kind is "E1", "E2" (the two autograd in-place errors) or an exception class
name.  With --grads, each result also has "grads": {name: gradient}, for
every name N on which the program calls `N.attach_grad()` at module level
(outside functions and classes): the `.grad` of the array N referred to at
the last such call that ran, at the end of the program, as nested lists
(null when `.grad` is None).  If MXNet kills the process, the last "start"
line without a result names the program, and faulthandler's dump on stderr
locates the statement.
"""
import ast
import faulthandler
import json
import os
import random
import sys

import mxnet as mx
import numpy
from mxnet import autograd, npx

E1_TEXT = "Assigning to NDArrays that are already in a computational graph"
E2_TEXT = "Inplace operations (+=, -=, x[:]=, etc) are not supported"

# Names injected into programs.  Dunder on both ends so that class bodies do
# not mangle them.
RECORD = "__oracle_record__"
CAUGHT = "__oracle_exc__"
LEAF = "__oracle_leaf__"

SIMPLE_STATEMENTS = (ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign,
                     ast.Return, ast.Delete, ast.Raise, ast.Assert)


class WrapSimpleStatements(ast.NodeTransformer):
    """`stmt` -> `try: stmt / except Exception as CAUGHT: RECORD(CAUGHT)`.

    Compound statements are visited generically, so their bodies (function,
    class, with, for, while, if, try, match) are wrapped too.  With
    `capture_leaves`, a module-level `N.attach_grad(...)` is followed, inside
    its try, by `LEAF("N", N)`.
    """

    def __init__(self, capture_leaves=False):
        self.capture_leaves = capture_leaves
        self.nesting = 0  # functions and classes around the visited node

    def visit(self, node):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            self.nesting += 1
            try:
                return super().visit(node)
            finally:
                self.nesting -= 1
        if not isinstance(node, SIMPLE_STATEMENTS):
            return super().visit(node)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            return node  # docstrings: cannot raise, and must stay first
        handler = ast.ExceptHandler(
            type=ast.Name("Exception", ast.Load()),
            name=CAUGHT,
            body=[ast.Expr(ast.Call(ast.Name(RECORD, ast.Load()),
                                    [ast.Name(CAUGHT, ast.Load())], []))])
        body = [node]
        leaf = attach_grad_target(node)
        if self.capture_leaves and self.nesting == 0 and leaf is not None:
            body.append(ast.Expr(ast.Call(ast.Name(LEAF, ast.Load()),
                                          [ast.Constant(leaf), ast.Name(leaf, ast.Load())], [])))
        wrapped = ast.Try(body=body, handlers=[handler], orelse=[], finalbody=[])
        return ast.fix_missing_locations(ast.copy_location(wrapped, node))


def attach_grad_target(node):
    """N for a statement `N.attach_grad(...)`, else None."""
    if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)):
        return None
    function = node.value.func
    if (isinstance(function, ast.Attribute) and function.attr == "attach_grad"
            and isinstance(function.value, ast.Name)):
        return function.value.id
    return None


def statement_line(tree, line):
    """Start line of the innermost statement of `tree` that spans `line`."""
    starts = [node.lineno for node in ast.walk(tree)
              if isinstance(node, ast.stmt) and node.lineno <= line <= node.end_lineno]
    return max(starts, default=line)


def program_line(exc, name, tree):
    """The statement of program `name` where `exc` came from (0 if none)."""
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == name:
            line = tb.tb_lineno  # keep the deepest (innermost) program frame
        tb = tb.tb_next
    return 0 if line is None else statement_line(tree, line)


def classify(exc):
    if isinstance(exc, mx.base.MXNetError):
        if E1_TEXT in str(exc):
            return "E1"
        if E2_TEXT in str(exc):
            return "E2"
    return type(exc).__name__


def run_program(name, source, capture_leaves=False):
    """(events, {leaf name: gradient}) of one program."""
    try:
        tree = ast.parse(source, filename=name)
        wrapped = WrapSimpleStatements(capture_leaves).visit(ast.parse(source, filename=name))
        code = compile(wrapped, name, "exec")
    except SyntaxError as exc:
        return [[exc.lineno or 0, "SyntaxError"]], {}
    events = []
    leaves = {}

    def record(exc):
        events.append([program_line(exc, name, tree), classify(exc)])

    def leaf(leaf_name, array):
        leaves[leaf_name] = array

    mx.random.seed(0)
    numpy.random.seed(0)
    random.seed(0)
    try:
        exec(code, {"__name__": "__main__", RECORD: record, LEAF: leaf})
    except SystemExit:
        pass  # the program chose to stop
    except Exception as exc:  # escaped from a compound statement's header
        record(exc)
    finally:
        # leave no global state behind for the next program
        autograd.set_recording(False)
        autograd.set_training(False)
        npx.reset_np()
    try:
        mx.nd.waitall()
    except Exception as exc:  # an asynchronous failure of this program
        record(exc)
    return events, {leaf_name: gradient_of(array) for leaf_name, array in leaves.items()}


def gradient_of(array):
    """`array.grad` as nested lists, or None."""
    try:
        grad = array.grad
        return None if grad is None else grad.asnumpy().tolist()
    except Exception:  # not an array after all
        return None


def main(argv):
    # Keep the real stdout for results; anything else written to fd 1
    # (print in programs, native libraries) goes to stderr instead.
    results = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    faulthandler.enable(file=sys.stderr)
    with open(argv[1]) as f:
        programs = json.load(f)
    capture_leaves = "--grads" in argv[2:]
    for program in programs:
        name = program["name"]
        print(json.dumps({"start": name}), file=results, flush=True)
        events, grads = run_program(name, program["source"], capture_leaves)
        result = {"name": name, "events": events}
        if capture_leaves:
            result["grads"] = grads
        print(json.dumps(result), file=results, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
