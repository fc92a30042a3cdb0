from recordlint.rules.base import Rule


class OutArgumentWhileRecording(Rule):
    code = "REC102"
    name = "out-argument-while-recording"
    summary = "A call whose `out=` target MXNet rejects while recording"
    form = "out"
    certain = True
    what_it_does = (
        "Finds operator calls with `out=` (`nd.relu(x, out=x)`, `np.add(x, 1, out=x)`, "
        "`nd.sgd_update(w, g, lr=0.1, out=w)`) whose target MXNet rejects while `autograd.record()` is on."
    )
    why_is_this_bad = (
        "MXNet checks every operator's outputs when it records the operator: an `out=` array already "
        "in the graph raises 'Assigning to NDArrays that are already in a computational graph', and an "
        "`out=` array that is also an input next to an in-graph input raises 'Inplace operations ... "
        "are not supported'. A fresh buffer that is not in the graph may be written once: it then joins "
        "the graph, and writing it again is rejected."
    )
    example = (
        "with autograd.record():\n"
        "    nd.relu(x, out=x)\n"
        "    y = 2 * x\n"
    )
    use_instead = (
        "with autograd.record():\n"
        "    h = nd.relu(x)\n"
        "    y = 2 * h\n"
    )
    fixable = True
    fix_safety = (
        "A call standing alone, `op(a, out=t)`, becomes `t = op(a)` (or, on a leaf, a fresh name "
        "with later reads renamed), under the same conditions as REC101's fix, and is safe in the "
        "same cases. A call whose result is used, or whose `out=` is not a plain name, gets no fix."
    )
    VALID = [
        "from mxnet import autograd, nd\n"
        "x = nd.ones(3)\n"
        "x.attach_grad()\n"
        "buf = nd.zeros(3)\n"
        "with autograd.record():\n"
        "    nd.relu(x, out=buf)\n"
        "    h = nd.relu(x)\n",
    ]
    INVALID = [
        "from mxnet import autograd, nd\n"
        "x = nd.ones(3)\n"
        "x.attach_grad()\n"
        "with autograd.record():\n"
        "    nd.relu(x, out=x)  # expect: REC102\n",
        "from mxnet import autograd, nd\n"
        "x = nd.ones(3)\n"
        "x.attach_grad()\n"
        "buf = nd.zeros(3)\n"
        "with autograd.record():\n"
        "    nd.relu(x, out=buf)\n"
        "    nd.relu(x, out=buf)  # expect: REC102\n",
    ]

    @classmethod
    def write_description(cls, violation):
        return "`%s` writes into `%s`" % (violation.operation, violation.target)
