from recordlint.rules.may_raise import POLICY
from recordlint.rules.rec102_out_argument import OutArgumentWhileRecording


class OutArgumentMayRaise(OutArgumentWhileRecording):
    code = "REC202"
    name = "out-argument-may-raise"
    summary = "A call whose `out=` target MXNet may reject while recording, depending on run-time data"
    certain = False
    fixable = False
    fix_safety = "No fix: the write raises only on some paths, and a rewrite would change the others."
    what_it_does = "Finds `out=` targets that are in the autograd graph on some paths only. " + POLICY
    why_is_this_bad = "On the paths where the target is in the graph, MXNet raises as for REC102."
    example = (
        "with autograd.record():\n"
        "    h = helper(x)\n"
        "    nd.relu(h, out=h)\n"
    )
    use_instead = (
        "with autograd.record():\n"
        "    h = nd.relu(helper(x))\n"
    )
    VALID = [
        "from mxnet import autograd, nd\n"
        "def f(a):\n"
        "    with autograd.record():\n"
        "        nd.relu(a, out=a)\n",
    ]
    INVALID = [
        "from mxnet import autograd, nd\n"
        "from helpers import transform\n"
        "x = nd.ones(3)\n"
        "x.attach_grad()\n"
        "with autograd.record():\n"
        "    h = transform(x)\n"
        "    nd.relu(h, out=h)  # expect: REC202\n",
    ]
