from recordlint.rules.may_raise import POLICY
from recordlint.rules.rec104_in_place_method import InPlaceMethodWhileRecording


class InPlaceMethodMayRaise(InPlaceMethodWhileRecording):
    code = "REC204"
    name = "in-place-method-may-raise"
    summary = "Another in-place write that MXNet may reject while recording, depending on run-time data"
    certain = False
    fixable = False
    fix_safety = "No fix: the write raises only on some paths, and a rewrite would change the others."
    what_it_does = "Finds `copyto`, `slice_assign` and the like on arrays that are in the graph on some paths only. " + POLICY
    why_is_this_bad = "On the paths where the target is in the graph, MXNet raises as for REC104."
    example = (
        "with autograd.record():\n"
        "    if flag:\n"
        "        buf = x * 2\n"
        "    src.copyto(buf)\n"
    )
    use_instead = (
        "with autograd.record():\n"
        "    buf = x * 2 if flag else src.copy()\n"
    )
    VALID = [
        "from mxnet import autograd, nd\n"
        "def f(a, b):\n"
        "    with autograd.record():\n"
        "        a.copyto(b)\n",
    ]
    INVALID = [
        "from mxnet import autograd, nd\n"
        "x = nd.ones(3)\n"
        "x.attach_grad()\n"
        "buf = nd.zeros(3)\n"
        "with autograd.record():\n"
        "    if x.sum().asscalar() > 1:\n"
        "        buf = x * 2\n"
        "    nd.ones(3).copyto(buf)  # expect: REC204\n",
    ]
