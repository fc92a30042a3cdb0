from recordlint.rules.base import Rule


class SilentWrongGradient(Rule):
    code = "REC302"
    name = "silent-wrong-gradient"
    summary = "A write MXNet lets through changes values a later backward uses: the gradient is wrong"
    form = "silent"
    certain = True
    what_it_does = (
        "Finds in-place writes that MXNet does not check (under `autograd.pause()`, outside "
        "`record()` before `backward()`, through a `detach()` handle or a view taken outside "
        "recording, `x[:] = numpy_array`, `x._sync_copyfrom(...)`) to an array whose values a "
        "recorded operation saved or produced, when a `backward()` later runs through that operation."
    )
    why_is_this_bad = (
        "MXNet keeps references to the input memory of recorded operations, not copies, and does "
        "not record these writes. The backward then uses the overwritten values, or misses the "
        "unrecorded operation, and computes a gradient that is not the gradient of the function the "
        "program evaluated, without any error (semantics doc, section 5)."
    )
    example = (
        "with autograd.record():\n"
        "    y = x * x\n"
        "    with autograd.pause():\n"
        "        x += 10\n"
        "y.backward()  # x.grad is 2 * (x + 10), not 2 * x\n"
    )
    use_instead = (
        "with autograd.record():\n"
        "    y = x * x\n"
        "y.backward()\n"
        "x += 10\n"
    )
    fix_safety = "No fix: where the update belongs depends on what the program means."
    VALID = [
        "from mxnet import autograd, nd\n"
        "x = nd.array([1., 2., 3.])\n"
        "x.attach_grad()\n"
        "with autograd.record():\n"
        "    y = x * x\n"
        "y.backward()\n"
        "x[:] = x - 0.1 * x.grad\n",
    ]
    INVALID = [
        "from mxnet import autograd, nd\n"
        "x = nd.array([1., 2., 3.])\n"
        "x.attach_grad()\n"
        "with autograd.record():\n"
        "    y = x * x\n"
        "    with autograd.pause():\n"
        "        x += 10  # expect: REC302\n"
        "y.backward()\n",
        "from mxnet import autograd, nd\n"
        "x = nd.array([1., 2., 3.])\n"
        "x.attach_grad()\n"
        "with autograd.record():\n"
        "    y = x * x\n"
        "    d = x.detach()\n"
        "    d += 10  # expect: REC302\n"
        "y.backward()\n",
    ]

    @classmethod
    def message(cls, violation, call_sites=(), later_line=None):
        backward = "the backward at line %d" % later_line if later_line else "a later backward"
        return ("`%s` is written %s, and %s uses its values as a recorded operation saved or produced "
                "them: the gradient is silently wrong" % (violation.target, violation.reason, backward))
