"""Runs whole programs under real MXNet and reports their outcome and final gradients.

Runs inside the oracle virtual environment; imports nothing from the repository.
Reads a JSON list of {"name", "source"} from the file named in argv[1] and prints
one JSON line per program: {"name", "error", "values"}, where ``error`` is null
or "Kind: message" for an uncaught exception, and ``values`` maps each
module-level array with a gradient buffer to its gradient ("x.grad"), and each
parameter of a module-level Gluon block to its data and gradient.
"""
import json
import sys

import mxnet as mx
import numpy as onp
from mxnet import autograd, gluon, npx

ARRAY_TYPES = (mx.nd.NDArray, mx.np.ndarray)


def listed(array):
    return onp.round(array.asnumpy().astype("float64"), 6).tolist()


def final_values(namespace):
    values = {}
    for name, value in sorted(namespace.items()):
        if isinstance(value, ARRAY_TYPES) and value.grad is not None:
            values[name + ".grad"] = listed(value.grad)
        elif isinstance(value, gluon.Block):
            for key, param in sorted(value.collect_params().items()):
                values["%s[%s].data" % (name, key.split("_", 1)[-1])] = listed(param.data())
                if param.grad_req != "null":
                    values["%s[%s].grad" % (name, key.split("_", 1)[-1])] = listed(param.grad())
    return values


def run(name, source):
    mx.random.seed(0)
    onp.random.seed(0)
    namespace = {"__name__": "__main__"}
    error = None
    try:
        exec(compile(source, name, "exec"), namespace)
    except Exception as exc:  # the outcome is the point
        error = "%s: %s" % (type(exc).__name__, str(exc).strip().splitlines()[-1][:200] if str(exc).strip() else "")
    try:
        values = final_values(namespace) if error is None else {}
    finally:
        autograd.set_recording(False)
        autograd.set_training(False)
        npx.reset_np()
        mx.nd.waitall()
    return {"name": name, "error": error, "values": values}


def main():
    with open(sys.argv[1]) as handle:
        programs = json.load(handle)
    out = sys.stdout
    sys.stdout = sys.stderr  # the programs' own prints must not mix with the results
    for program in programs:
        out.write(json.dumps(run(program["name"], program["source"])) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
