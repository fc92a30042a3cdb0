"""Run small programs and report the values they show, under any `mxnet`.

Usage: python values_runner.py PROGRAMS.json            (real MXNet)
       python -m recordlint.runtime values_runner.py PROGRAMS.json   (the engine)

PROGRAMS.json holds {name: source}.  Each program runs in a fresh namespace
with `mx`, `nd`, `np`, `npx`, `autograd`, `gluon` and `onp` (NumPy) bound,
and `show(label, value)` to report a value (arrays as nested lists).  The
output is one JSON object: name -> {"shown": {label: value}, "error": the
class and last message line of an exception that ended the program, or
null}.  Global state (recording, training, NumPy mode) is reset between
programs.
"""
import json
import sys

import mxnet as mx
import numpy as onp
from mxnet import autograd, gluon, nd, np, npx


def plain(value):
    if isinstance(value, nd.NDArray):
        value = value.asnumpy()
    if isinstance(value, (onp.ndarray, onp.generic)):
        return onp.asarray(value).astype("float64").tolist()
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value


def run(source):
    shown = {}

    def show(label, value):
        shown[label] = plain(value)

    namespace = dict(mx=mx, nd=nd, np=np, npx=npx, autograd=autograd, gluon=gluon, onp=onp,
                     show=show)
    error = None
    try:
        exec(compile(source, "<program>", "exec"), namespace)
    except Exception as exc:  # noqa: BLE001 - the error is part of the report
        last = (str(exc).strip().splitlines() or [""])[-1]
        error = "%s: %s" % (type(exc).__name__, last[:200])
    finally:
        autograd.set_recording(False)
        autograd.set_training(False)
        npx.reset_np()
    return {"shown": shown, "error": error}


def main(path):
    with open(path) as handle:
        programs = json.load(handle)
    print(json.dumps({name: run(source) for name, source in programs.items()}))


if __name__ == "__main__":
    main(sys.argv[1])
