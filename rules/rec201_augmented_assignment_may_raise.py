from recordlint.rules.may_raise import POLICY
from recordlint.rules.rec101_augmented_assignment import AugmentedAssignmentWhileRecording


class AugmentedAssignmentMayRaise(AugmentedAssignmentWhileRecording):
    code = "REC201"
    name = "augmented-assignment-may-raise"
    summary = "Augmented assignment that MXNet may reject while recording, depending on run-time data"
    certain = False
    fixable = False
    fix_safety = "No fix: the write raises only on some paths, and a rewrite would change the others."
    what_it_does = (
        "Finds augmented assignments made while recording to arrays that are in the autograd graph "
        "on some paths only. " + POLICY
    )
    why_is_this_bad = (
        "On the paths where the target is in the graph, MXNet raises as for REC101; which path runs "
        "depends on data, so the error shows up only on some batches or some epochs."
    )
    example = (
        "with autograd.record():\n"
        "    h = x * 2 if use_scale else nd.ones(3)\n"
        "    h += 1\n"
    )
    use_instead = (
        "with autograd.record():\n"
        "    h = x * 2 if use_scale else nd.ones(3)\n"
        "    h = h + 1\n"
    )
    VALID = [
        "from mxnet import autograd, nd\n"
        "def f(a):\n"
        "    with autograd.record():\n"
        "        a += 1\n",
    ]
    INVALID = [
        "from mxnet import autograd, nd\n"
        "x = nd.ones(3)\n"
        "x.attach_grad()\n"
        "with autograd.record():\n"
        "    h = x * 2 if x.sum().asscalar() > 1 else nd.ones(3)\n"
        "    h += 1  # expect: REC201\n",
    ]
