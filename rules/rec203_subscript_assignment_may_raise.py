from recordlint.rules.may_raise import POLICY
from recordlint.rules.rec103_subscript_assignment import SubscriptAssignmentWhileRecording


class SubscriptAssignmentMayRaise(SubscriptAssignmentWhileRecording):
    code = "REC203"
    name = "subscript-assignment-may-raise"
    summary = "Subscript assignment that MXNet may reject while recording, depending on run-time data"
    certain = False
    fixable = False
    fix_safety = "No fix: the write raises only on some paths, and a rewrite would change the others."
    what_it_does = "Finds subscript assignments to arrays that are in the autograd graph on some paths only. " + POLICY
    why_is_this_bad = "On the paths where the target is in the graph, MXNet raises as for REC103."
    example = (
        "with autograd.record():\n"
        "    for step in range(steps):\n"
        "        buf[:] = x * step\n"
    )
    use_instead = (
        "with autograd.record():\n"
        "    parts = [x * step for step in range(steps)]\n"
    )
    VALID = [
        "from mxnet import autograd, nd\n"
        "def f(a):\n"
        "    with autograd.record():\n"
        "        a[0] = 1\n",
    ]
    INVALID = [
        "from mxnet import autograd, nd\n"
        "x = nd.ones(3)\n"
        "x.attach_grad()\n"
        "b = nd.zeros(3)\n"
        "with autograd.record():\n"
        "    if x.sum().asscalar() > 1:\n"
        "        b[:] = x * 2\n"
        "    b[:] = x  # expect: REC203\n",
    ]
