from recordlint.rules.base import Rule


class UnusedNoqa(Rule):
    code = "REC902"
    name = "unused-noqa"
    summary = "A `# noqa` comment naming a REC code that suppresses nothing on its line"
    form = None
    selected_by_default = False
    what_it_does = (
        "Reports a `# noqa: RECnnn` comment naming a recordlint code for which recordlint finds "
        "nothing on that line. Codes of other tools in the same comment are left alone, and so is "
        "a bare `# noqa`, which may be meant for another tool. The rule is opt-in: select it with "
        "`--extend-select REC902` or `extend-select = [\"REC902\"]`."
    )
    why_is_this_bad = (
        "A suppression that no longer suppresses anything hides the next real finding on that "
        "line: once the write is rewritten, a later in-place write there is silenced without anyone "
        "seeing it."
    )
    example = (
        "with autograd.record():\n"
        "    y = x * 2  # noqa: REC101\n"
    )
    use_instead = (
        "with autograd.record():\n"
        "    y = x * 2\n"
    )
    fix_safety = "No automatic fix is available yet."
    VALID = [
        "from mxnet import autograd, nd\n"
        "x = nd.ones(3)\n"
        "x.attach_grad()\n"
        "with autograd.record():\n"
        "    x += 2  # noqa: REC101\n",
        "from mxnet import autograd, nd\n"
        "x = nd.ones(3)\n"
        "with autograd.record():\n"
        "    y = x * 2  # noqa: E501\n",
    ]
    INVALID = [
        "from mxnet import autograd, nd\n"
        "x = nd.ones(3)\n"
        "x.attach_grad()\n"
        "with autograd.record():\n"
        "    y = x * 2  # expect: REC902  # noqa: REC101\n",
        "import numpy as np\n"
        "y = np.ones(3)  # expect: REC902  # noqa: E501, REC103\n",
    ]

    @classmethod
    def message(cls, codes, call_sites=()):
        return "unused `noqa` for %s: no such finding on this line" % ", ".join(codes)
