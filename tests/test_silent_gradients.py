"""REC302: each write it reports really gives a wrong gradient under MXNet 1.9.1.

Each case is a program from the semantics document's section 5 and its functional reading
(the update where it does not corrupt the graph); MXNet must give different gradients for
the two, the linter must report REC302 on the first and nothing on the second.
"""
from __future__ import annotations

import pytest

from recordlint.api import lint_source

HEAD = "from mxnet import autograd, nd\nimport numpy as onp\nx = nd.array([1., 2., 3.])\nx.attach_grad()\n"
CASES = {
    "pause, leaf mutated after use": (
        "with autograd.record():\n    y = x * x\n    with autograd.pause():\n        x += 10\ny.backward()\n",
        "with autograd.record():\n    y = x * x\ny.backward()\nx += 10\n"),
    "pause, intermediate scaled": (
        "with autograd.record():\n    t = x * 2\n    with autograd.pause():\n        t *= 3\n    z = t * t\nz.backward()\n",
        "with autograd.record():\n    t = x * 2\n    t = t * 3\n    z = t * t\nz.backward()\n"),
    "numpy value into a used leaf": (
        "with autograd.record():\n    y = x * x\n    x[:] = onp.array([5., 6., 7.])\ny.backward()\n",
        "with autograd.record():\n    y = x * x\ny.backward()\nx[:] = onp.array([5., 6., 7.])\n"),
    "through detach": (
        "with autograd.record():\n    y = x * x\n    d = x.detach()\n    d += 10\ny.backward()\n",
        "with autograd.record():\n    y = x * x\ny.backward()\nd = x.detach()\nd += 10\n"),
    "old view": (
        "v = x[0:1]\nwith autograd.record():\n    y = (x * x).sum()\n    v += 10\ny.backward()\n",
        "v = x[0:1]\nwith autograd.record():\n    y = (x * x).sum()\ny.backward()\nv += 10\n"),
    "pause, a parameter set after its block's call": (
        "from mxnet.gluon import nn\nnet = nn.Dense(2, in_units=3)\nnet.initialize()\n"
        "with autograd.record():\n    y = net(x.reshape((1, 3)))\n    with autograd.pause():\n"
        "        net.weight.set_data(nd.ones((2, 3)))\n    z = (y * 2).sum()\nz.backward()\n",
        "from mxnet.gluon import nn\nnet = nn.Dense(2, in_units=3)\nnet.initialize()\n"
        "with autograd.record():\n    y = net(x.reshape((1, 3)))\n    z = (y * 2).sum()\nz.backward()\n"
        "net.weight.set_data(nd.ones((2, 3)))\n"),
    "outside record before backward": (
        "with autograd.record():\n    y = x * x\nx += 10\ny.backward()\n",
        "with autograd.record():\n    y = x * x\ny.backward()\nx += 10\n"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_linter_reports_the_silent_write_and_not_its_functional_reading(name):
    silent, reading = CASES[name]
    assert "REC302" in {f.code for f in lint_source(HEAD + silent, "silent.py")}
    assert lint_source(HEAD + reading, "reading.py") == []


def test_mxnet_gives_a_wrong_gradient_for_every_case():
    from oracle.gradients import run_for_gradients

    programs = []
    for name, (silent, reading) in CASES.items():
        programs += [(name + " (silent)", HEAD + silent), (name + " (reading)", HEAD + reading)]
    outcomes = run_for_gradients(programs)
    for name in CASES:
        silent, reading = outcomes[name + " (silent)"], outcomes[name + " (reading)"]
        assert silent["error"] is None and reading["error"] is None, name
        assert silent["values"]["x.grad"] != reading["values"]["x.grad"], name
