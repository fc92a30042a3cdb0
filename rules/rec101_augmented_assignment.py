from recordlint.rules.base import Rule


class AugmentedAssignmentWhileRecording(Rule):
    code = "REC101"
    name = "augmented-assignment-while-recording"
    summary = "Augmented assignment (`+=`, `-=`, `*=`, `/=`, `%=`, `@=`, `&=`, `|=`, `^=`) that MXNet rejects while recording"
    form = "augmented"
    certain = True
    what_it_does = (
        "Finds augmented assignments to MXNet arrays, made while `autograd.record()` is on, "
        "that MXNet rejects at run time."
    )
    why_is_this_bad = (
        "`x += v` runs an operator with `out=x`. If `x` is already in the autograd graph (an "
        "`attach_grad` leaf, the result of a recorded operation, or a constant that a recorded "
        "operation used), MXNet raises 'Assigning to NDArrays that are already in a computational "
        "graph'. If `x` is not in the graph but `v` is, it raises 'Inplace operations ... are not "
        "supported when recording with autograd'. The write has already happened when the error is "
        "raised, and only the first such line of a run is ever reported. `**=` and `//=` are not "
        "flagged: the first rebinds the name, the second is a TypeError on MXNet arrays."
    )
    example = (
        "x.attach_grad()\n"
        "with autograd.record():\n"
        "    x += 2\n"
        "    y = 2 * x\n"
    )
    use_instead = (
        "x.attach_grad()\n"
        "with autograd.record():\n"
        "    x2 = x + 2\n"
        "    y = 2 * x2\n"
    )
    fixable = True
    fix_safety = (
        "On an array that is not a leaf (an intermediate, a constant, a buffer), `t += v` becomes "
        "`t = t + v`: later reads of `t` see the same values and gradients flow through the new "
        "array, so the fix is safe, unless another name, a container, a global or an attribute also "
        "refers to the array (it would no longer see the update): then there is no fix. On a leaf "
        "whose gradient is read through its name, the new value is bound to a fresh name "
        "(`x_1 = x + v`) and the later reads in the same straight-line code are renamed, while "
        "`x.grad` and `x.attach_grad()` keep the leaf; this is safe. In a loop inside the "
        "recording region, the fresh name is bound to the leaf just before the loop (`x_1 = x`), so "
        "it carries the value across iterations, and every read in the loop and after it is "
        "renamed. There is no fix for a leaf updated in a loop around the recording region (each "
        "region would start from the leaf again), for a name also used inside a nested function, "
        "or for a write inside a function called while recording; the finding says why."
    )
    VALID = [
        "from mxnet import autograd, nd\n"
        "x = nd.ones(3)\n"
        "x.attach_grad()\n"
        "with autograd.record():\n"
        "    t = nd.ones(3)\n"
        "    t += 1\n"
        "    x2 = x + 2\n",
        "from mxnet import autograd, nd\n"
        "x = nd.ones(3)\n"
        "x.attach_grad()\n"
        "x += 1\n"
        "with autograd.record():\n"
        "    y = x * 2\n",
    ]
    INVALID = [
        "from mxnet import autograd, nd\n"
        "x = nd.ones(3)\n"
        "x.attach_grad()\n"
        "with autograd.record():\n"
        "    x += 2  # expect: REC101\n",
        "import mxnet as mx\n"
        "x = mx.nd.ones(3)\n"
        "x.attach_grad()\n"
        "c = mx.nd.ones(3)\n"
        "with mx.autograd.record():\n"
        "    y = x * c\n"
        "    c += 1  # expect: REC101\n",
    ]

    @classmethod
    def write_description(cls, violation):
        return "in-place `%s` on `%s`" % (violation.operation, violation.target)
