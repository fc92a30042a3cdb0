from recordlint.rules.base import Rule


class SubscriptAssignmentWhileRecording(Rule):
    code = "REC103"
    name = "subscript-assignment-while-recording"
    summary = "Subscript or slice assignment (`x[idx] = v`) that MXNet rejects while recording"
    form = "subscript"
    certain = True
    what_it_does = (
        "Finds assignments into an array through a subscript (int, slice, tuple, Ellipsis, array or "
        "boolean index) that MXNet rejects while `autograd.record()` is on."
    )
    why_is_this_bad = (
        "`x[k] = v` runs `_full`, `_copyto`, `_slice_assign` or `_scatter_set_nd` with `out=x`. On an "
        "array already in the graph every key and every value is rejected. On an array not yet in the "
        "graph, a partial or advanced key with an in-graph value is rejected at once (the target is "
        "also an input), while a whole-array key (`x[:]`, `x[...]`) may be written once. Two forms are "
        "never checked by MXNet and are not reported here: `x[:] = x`, and a whole-array assignment of "
        "a `numpy.ndarray`, which silently changes the values a recorded graph uses."
    )
    example = (
        "with autograd.record():\n"
        "    x[0, :] = x[0, :] * 2\n"
        "    y = x * 2\n"
    )
    use_instead = (
        "with autograd.record():\n"
        "    x2 = nd.concat(x[0:1] * 2, x[1:], dim=0)\n"
        "    y = x2 * 2\n"
    )
    fixable = True
    fix_safety = (
        "Slice assignment has no gradient in MXNet 1.9.1, so the rewrite builds a new array with "
        "differentiable operators: `x_1 = nd.where(mask, nd.broadcast_like(value, x), x)` with a "
        "mask made outside the graph for int keys and whole rows or columns, "
        "`nd.broadcast_like(value, x)` (np: `np.broadcast_to`) for whole-array keys, and "
        "`zeros_like(x) + c` for a scalar. An int key is a literal, or a name that holds an int of "
        "at least 0 at every run of the write (a `range(n)` loop's variable, an `enumerate` "
        "count), so `x[:, t] = h` in a loop over time steps is fixed too. mx.np has no "
        "`slice_assign_scalar`, so for np arrays the mask is made on an nd view of the detached "
        "copy (`as_nd_ndarray()`, then `as_np_ndarray()`) and the value placed with "
        "`np.broadcast_to`. The fix is unsafe: it assumes the value broadcasts to the assigned part "
        "and keeps its dtype, which the analysis does not prove. An array value into a partial "
        "slice along one axis, between int literal bounds, of an array whose length along it is "
        "known, becomes the parts before and after joined around it (`nd.concat`, "
        "`np.concatenate`). A number assigned through a boolean mask of the array's own shape "
        "(mx.np: `y[y < 0] = 0`) becomes `np.where(mask, np.full_like(y, 0), y)`: the number as an "
        "array, because MXNet 1.9.1's `np.where` with a scalar operand gives the array operand the "
        "gradient of the elements the scalar fills. Other partial slices with array values, and "
        "other advanced keys, get no fix."
    )
    VALID = [
        "from mxnet import autograd, nd\n"
        "x = nd.ones((2, 3))\n"
        "x.attach_grad()\n"
        "with autograd.record():\n"
        "    b = nd.zeros((2, 3))\n"
        "    b[0] = 1\n"
        "    b[:] = x * 2\n"
        "    x.grad[:] = 0\n",
    ]
    INVALID = [
        "from mxnet import autograd, nd\n"
        "x = nd.ones((2, 3))\n"
        "x.attach_grad()\n"
        "with autograd.record():\n"
        "    x[0, :] = x[0, :] * 2  # expect: REC103\n",
        "from mxnet import autograd, nd\n"
        "x = nd.ones(3)\n"
        "x.attach_grad()\n"
        "b = nd.zeros(3)\n"
        "with autograd.record():\n"
        "    b[0] = x[1]  # expect: REC103\n",
    ]

    @classmethod
    def write_description(cls, violation):
        return "assignment into `%s[...]`" % violation.target
