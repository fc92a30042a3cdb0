from recordlint.rules.base import Rule


class InPlaceMethodWhileRecording(Rule):
    code = "REC104"
    name = "in-place-method-while-recording"
    summary = "Another in-place write MXNet rejects while recording: copyto, slice_assign, set_data, zero_grad, trainer.step"
    form = "method"
    certain = True
    what_it_does = (
        "Finds method calls that write into arrays while `autograd.record()` is on and that MXNet "
        "rejects: `src.copyto(dst)`, `x.slice_assign(...)`, `x.slice_assign_scalar(...)`, Gluon's "
        "`param.set_data(v)`, `param.zero_grad()`, `trainer.step(n)`, `net.collect_params().zero_grad()`, "
        "`nd.reset_arrays(...)`, and an `autograd.Function` whose `forward` returns an input it mutated."
    )
    why_is_this_bad = (
        "Each of these runs an operator whose output is already in the graph, so MXNet raises "
        "'Assigning to NDArrays that are already in a computational graph'. The optimizer in "
        "`trainer.step` writes every weight with `out=weight`, and weights are leaves. Worse, "
        "`net.collect_params().zero_grad()` (legacy mode) and `nd.reset_arrays` on in-graph arrays "
        "crash the interpreter with a segmentation fault instead of raising."
    )
    example = (
        "with autograd.record():\n"
        "    loss = loss_fn(net(data), label)\n"
        "    loss.backward()\n"
        "    trainer.step(batch_size)\n"
    )
    use_instead = (
        "with autograd.record():\n"
        "    loss = loss_fn(net(data), label)\n"
        "loss.backward()\n"
        "trainer.step(batch_size)\n"
    )
    fixable = True
    fix_safety = (
        "`src.copyto(dst)` standing alone becomes `dst = src.copy()` (a fresh name for a leaf), "
        "safe under REC101's conditions. `trainer.step`, `param.set_data`, `param.zero_grad()` and "
        "`collect_params().zero_grad()` as the last statement of the `with autograd.record()` block "
        "move to just after the block, which is safe: nothing after them in the block reads what "
        "they write. `param.set_data(v)` standing alone on its line, where nothing recorded and not "
        "yet cleared by a backward reads the parameter's data (a data-dependent initialisation "
        "in a block's `forward`, say, also when that `forward` runs from the recording region), "
        "runs inside `with autograd.pause():`, which is safe: MXNet checks nothing then, and "
        "every operation recorded after it reads the new data. Elsewhere there is no fix: "
        "pausing a write that a recorded operation has read makes the error a silently wrong "
        "gradient (REC302)."
    )
    VALID = [
        "from mxnet import autograd, gluon, nd\n"
        "net = gluon.nn.Dense(2, in_units=3)\n"
        "net.initialize()\n"
        "trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.1})\n"
        "with autograd.record():\n"
        "    loss = net(nd.ones((1, 3))).sum()\n"
        "loss.backward()\n"
        "trainer.step(1)\n",
    ]
    INVALID = [
        "from mxnet import autograd, gluon, nd\n"
        "net = gluon.nn.Dense(2, in_units=3)\n"
        "net.initialize()\n"
        "trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.1})\n"
        "with autograd.record():\n"
        "    loss = net(nd.ones((1, 3))).sum()\n"
        "    loss.backward()\n"
        "    trainer.step(1)  # expect: REC104\n",
        "from mxnet import autograd, nd\n"
        "x = nd.ones(3)\n"
        "x.attach_grad()\n"
        "with autograd.record():\n"
        "    t = x * 2\n"
        "    x.copyto(t)  # expect: REC104\n",
    ]

    @classmethod
    def write_description(cls, violation):
        if violation.operation.startswith("trainer."):
            return "`%s` updates the parameters in place" % violation.operation
        return "`%s` writes into `%s`" % (violation.operation, violation.target)
