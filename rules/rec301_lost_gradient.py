from recordlint.rules.base import Rule


class LostGradient(Rule):
    code = "REC301"
    name = "lost-gradient"
    summary = "A leaf's name rebound while recording, so a later `.grad` read is not the leaf's gradient"
    form = "rebind"
    certain = True
    fixable = True
    what_it_does = (
        "Finds a name bound to an `attach_grad` leaf that is rebound while recording "
        "(`x = nd.relu(x)`, `x = x + 1`, `x **= 2`) when the program later reads `x.grad`."
    )
    why_is_this_bad = (
        "Rebinding is not in place, so MXNet raises nothing: the name now refers to a new array, "
        "the output of a recorded operation, whose `.grad` is None after `backward()`. The leaf "
        "still receives its gradient, but nothing refers to it any more, so the program silently "
        "reads None (or another array's gradient) instead."
    )
    example = (
        "x.attach_grad()\n"
        "with autograd.record():\n"
        "    x = nd.relu(x)\n"
        "    y = 2 * x\n"
        "y.backward()\n"
        "print(x.grad)  # None\n"
    )
    use_instead = (
        "x.attach_grad()\n"
        "with autograd.record():\n"
        "    h = nd.relu(x)\n"
        "    y = 2 * h\n"
        "y.backward()\n"
        "print(x.grad)\n"
    )
    fix_safety = (
        "The new value is bound to a fresh name (`x_1 = nd.relu(x)`) and the later reads in the same "
        "straight-line code are renamed, while `x.grad` and `x.attach_grad()` keep the leaf. Every "
        "read sees the value it saw before, so the fix is safe. In a loop inside the recording "
        "region, the fresh name is bound to the leaf just before the loop (`x_1 = x`) and every read "
        "in the loop and after it is renamed. There is no fix when a loop around the region carries "
        "the rebinding from one region to the next, or the name is used inside a nested function."
    )
    VALID = [
        "from mxnet import autograd, nd\n"
        "x = nd.ones(3)\n"
        "x.attach_grad()\n"
        "with autograd.record():\n"
        "    h = nd.relu(x)\n"
        "    y = 2 * h\n"
        "y.backward()\n"
        "print(x.grad)\n",
    ]
    INVALID = [
        "from mxnet import autograd, nd\n"
        "x = nd.ones(3)\n"
        "x.attach_grad()\n"
        "with autograd.record():\n"
        "    x = nd.relu(x)  # expect: REC301\n"
        "    y = 2 * x\n"
        "y.backward()\n"
        "print(x.grad)\n",
    ]

    @classmethod
    def message(cls, violation, call_sites=(), later_line=None):
        read = "`%s.grad`%s" % (violation.target, " (line %d)" % later_line if later_line else "")
        return ("`%s` is an attach_grad leaf rebound here while recording, so %s is the new array's "
                "gradient (None), not the leaf's: the leaf's gradient is lost" % (violation.target, read))
