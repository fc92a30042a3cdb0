"""Module-level helper functions that generated programs define and call.

Each template is (parameter kinds, body builder); a parameter kind is
"array" (an array name is passed) or "scalar" (a number is passed).
"""
from __future__ import annotations

from .ir import (Assign, AugAssign, Backward, Bin, CopyTo, FuncDef, GradOf, Key, Name, Num,
                 OutCall, Reduce, Return, SetItem, View, With)

WHOLE = Key((None, None))


def _templates():
    a, b, k = Name("a"), Name("b"), Name("k")
    return {
        # name: (params, kinds, body)
        "scale": (["a", "k"], ["array", "scalar"], [Return(Bin("*", a, k))]),
        "bump": (["a"], ["array"], [AugAssign("a", "+", Num(1))]),
        "fill": (["dst", "src"], ["array", "array"], [SetItem(Name("dst"), WHOLE, Name("src"))]),
        "accumulate": (["acc", "v"], ["array", "array"], [AugAssign("acc", "+", Name("v"))]),
        "activate": (["src", "dst"], ["array", "array"],
                     [OutCall("relu", [Name("src")], "dst")]),
        "put_first": (["dst", "src"], ["array", "array"],
                      [SetItem(Name("dst"), Key(0), View("src", "index", Key(0)))]),
        "layer": (["a", "b"], ["array", "array"],
                  [Assign("h", Bin("*", a, b)), AugAssign("h", "+", Num(1)), Return(Name("h"))]),
        "train_step": (["w"], ["array"], [
            With("record", [Assign("loss", Reduce(Bin("*", Name("w"), Name("w")), "sum"))]),
            Backward(["loss"], False, True),
            AugAssign("w", "-", Bin("*", Num(0.1), GradOf("w"))),
        ]),
        "sgd": (["w", "lr"], ["array", "scalar"], [
            SetItem(Name("w"), WHOLE, Bin("-", Name("w"), Bin("*", Name("lr"), GradOf("w")))),
        ]),
        "reset": (["a"], ["array"], [SetItem(a, WHOLE, Num(0))]),
        "quiet_bump": (["a"], ["array"], [With("pause", [AugAssign("a", "+", Num(1))])]),
        "loss_of": (["a"], ["array"], [Return(Reduce(Bin("*", a, a), "sum"))]),
        "copy_double": (["src", "dst"], ["array", "array"],
                        [CopyTo(Name("src"), "dst"), AugAssign("dst", "*", Num(2))]),
    }


TEMPLATE_NAMES = sorted(_templates())


def make_helper(name):
    """A fresh FuncDef for template `name`, and its parameter kinds."""
    params, kinds, body = _templates()[name]
    return FuncDef(name, params, body), kinds
