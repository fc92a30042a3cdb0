from recordlint.rules.base import Rule


class InPlaceOnSymbol(Rule):
    code = "REC303"
    name = "in-place-on-symbol"
    summary = "An in-place write in a HybridBlock's `hybrid_forward`, which fails once the block is hybridized"
    form = "symbolic"
    certain = True
    fixable = True
    what_it_does = (
        "Finds in-place operator writes (`h += 1`, `F.relu(h, out=h)`, `layers[i] += h`) in the "
        "`hybrid_forward` of a Gluon HybridBlock, on values computed from its inputs, whether or not "
        "the block is called while recording. Subscript assignment (`layers[i] = h`) is left out: in "
        "`hybrid_forward` its target is nearly always a Python list of inputs."
    )
    why_is_this_bad = (
        "Once the block is hybridized, `F` is `mx.sym` and the inputs are Symbols, which have no "
        "in-place operators: MXNet raises `NotImplementedForSymbol` (\"Function __iadd__ (namely "
        "operator \\\"+=\\\") ... is not implemented for Symbol\"), recording or not. Before "
        "hybridization the same write raises the in-place autograd errors when the block runs "
        "while recording (REC1xx)."
    )
    example = (
        "class Net(gluon.HybridBlock):\n"
        "    def hybrid_forward(self, F, x):\n"
        "        h = self.dense(x)\n"
        "        h += 1\n"
        "        return h\n"
    )
    use_instead = (
        "class Net(gluon.HybridBlock):\n"
        "    def hybrid_forward(self, F, x):\n"
        "        h = self.dense(x)\n"
        "        return h + 1\n"
    )
    fix_safety = (
        "An augmented assignment to a plain name becomes a rebinding (`h = h + 1`), which works on "
        "Symbols and arrays alike; it is safe unless another name also refers to the value. Other "
        "forms get no fix."
    )
    VALID = [
        "from mxnet import gluon\n"
        "class Net(gluon.HybridBlock):\n"
        "    def hybrid_forward(self, F, x):\n"
        "        h = F.relu(x)\n"
        "        h = h + 1\n"
        "        return h\n",
    ]
    INVALID = [
        "from mxnet import gluon\n"
        "class Net(gluon.HybridBlock):\n"
        "    def hybrid_forward(self, F, x):\n"
        "        h = F.relu(x)\n"
        "        h += 1  # expect: REC303\n"
        "        return h\n",
    ]

    @classmethod
    def write_description(cls, violation):
        return "in-place `%s` on `%s` in hybrid_forward" % (violation.operation, violation.target)

    @classmethod
    def message(cls, violation, call_sites=(), later_line=None):
        return ("%s: once the block is hybridized `%s` is a Symbol, which has no in-place operators; "
                "MXNet raises NotImplementedForSymbol" % (cls.write_description(violation), violation.target))
