"""Autofix: byte-exact goldens, idempotence, safety classes, and proof under real MXNet.

fixtures/fixes/NAME.in.py is fixed (with unsafe fixes) into NAME.out.py; where a fix
exists, NAME.correct.py is a hand-written correct version of the program, and the
fixed program must run under MXNet 1.9.1 with the same gradients and parameters.
"""
from __future__ import annotations

import math
import pathlib
import sys

import pytest

from recordlint.api import lint_source
from recordlint.fixes.apply import fix_bytes, fix_text

FIXES = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "fixes"
GOLDENS = sorted(p.name[: -len(".in.py")] for p in FIXES.glob("*.in.py"))


def read(name: str, kind: str) -> str:
    return (FIXES / ("%s.%s.py" % (name, kind))).read_bytes().decode("utf-8")


@pytest.mark.parametrize("name", GOLDENS)
def test_fix_gives_the_golden_byte_for_byte_and_is_idempotent(name):
    before, after = read(name, "in"), read(name, "out")
    assert lint_source(before, name), "a golden must start with findings"
    assert fix_text(before, name, unsafe=True).text == after
    again = fix_text(after, name, unsafe=True)
    assert again.text == after and again.applied == 0


@pytest.mark.parametrize("name", GOLDENS)
def test_fixed_golden_has_no_fixable_finding_left(name):
    after = read(name, "out")
    remaining = lint_source(after, name)
    assert not [f for f in remaining if f.fixable]
    for finding in remaining:
        assert finding.code.startswith("REC1") and "(no automatic fix: " in finding.message


def test_unsafe_fixes_need_the_flag():
    before = read("rec103_rows", "in")
    safe_only = fix_text(before, "rows.py", unsafe=False)
    assert safe_only.applied == 0 and safe_only.text == before
    assert {f.fix.applicability for f in safe_only.remaining} == {"unsafe"}


def test_edits_stay_inside_the_edited_statements():
    before = read("rec101_intermediate", "in")
    after = fix_text(before, "x.py").text
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert changed == [
        ("    h *= x + 1  # a comment inside the edited statement stays",
         "    h = h * (x + 1)  # a comment inside the edited statement stays"),
        ("    scale += 1", "    scale = scale + 1"),
    ]


LEAF = "from mxnet import autograd, nd\nx = nd.ones(3)\nx.attach_grad()\nwith autograd.record():\n"


@pytest.mark.parametrize("label,data,expected", [
    ("crlf", (LEAF + "    x += 2\n    y = x * 2\n").replace("\n", "\r\n").encode(),
     (LEAF + "    x_1 = x + 2\n    y = x_1 * 2\n").replace("\n", "\r\n").encode()),
    ("bom", b"\xef\xbb\xbf" + (LEAF + "    x += 2\n").encode(),
     b"\xef\xbb\xbf" + (LEAF + "    x_1 = x + 2\n").encode()),
    ("latin-1 cookie", ("# -*- coding: latin-1 -*-\n" + LEAF + "    x += 2  # caf\xe9\n    y = x\n").encode("latin-1"),
     ("# -*- coding: latin-1 -*-\n" + LEAF + "    x_1 = x + 2  # caf\xe9\n    y = x_1\n").encode("latin-1")),
    ("tabs", (LEAF.replace("    ", "\t") + "\tx += 2\n\ty = x\n").encode(),
     (LEAF.replace("    ", "\t") + "\tx_1 = x + 2\n\ty = x_1\n").encode()),
    ("comment inside the value", (LEAF + "    x += (2 +  # two\n          1)\n").encode(),
     (LEAF + "    x_1 = x + (2 +  # two\n          1)\n").encode()),
    ("no final newline", (LEAF + "    x += 2").encode(), (LEAF + "    x_1 = x + 2").encode()),
])
def test_fix_keeps_encoding_newlines_and_layout(label, data, expected):
    outcome = fix_bytes(data, label)
    assert outcome.data == expected
    assert fix_bytes(outcome.data, label).data == expected


def close(a, b) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b))
    return math.isclose(a, b, rel_tol=1e-4, abs_tol=1e-5)


def test_fixed_goldens_run_under_mxnet_with_the_hand_written_gradients():
    from oracle.gradients import run_for_gradients

    programs = []
    for name in GOLDENS:
        for kind in ("in", "out", "correct"):
            path = FIXES / ("%s.%s.py" % (name, kind))
            if path.exists():
                programs.append(("%s.%s" % (name, kind), path.read_text()))
    outcomes = run_for_gradients(programs)
    proven = 0
    for name in GOLDENS:
        assert outcomes[name + ".in"]["error"], "%s: the original program must fail in MXNet" % name
        if not (FIXES / (name + ".correct.py")).exists():
            assert read(name, "out") == read(name, "in"), "%s: no fix, so no change" % name
            continue
        fixed, correct = outcomes[name + ".out"], outcomes[name + ".correct"]
        assert fixed["error"] is None and correct["error"] is None, (name, fixed["error"], correct["error"])
        assert fixed["values"].keys() == correct["values"].keys() and fixed["values"], name
        for key, value in correct["values"].items():
            assert close(fixed["values"][key], value), (name, key, fixed["values"][key], value)
        proven += 1
    assert proven == len(GOLDENS) - 1


SEED = FIXES.parent / "seed"
SEED_PAIRS = [  # a failing notebook program and the notebook's own working version of it
    ("in24_augmented_assign", "in32_functional_add"),
    ("in33_relu_out", "in40_relu_new_name"),
    ("in47_row_assign", "in45_concat_new_name"),
]


def test_seed_programs_fixed_print_the_gradients_of_the_seed_working_versions():
    from oracle.gradients import run_for_gradients

    programs = []
    for failing, working in SEED_PAIRS:
        fixed = fix_text((SEED / (failing + ".py")).read_text(), failing, unsafe=True)
        assert fixed.applied and not fixed.remaining, failing
        programs += [(failing + ".fixed", fixed.text), (working, (SEED / (working + ".py")).read_text())]
    outcomes = run_for_gradients(programs)  # the same random seed: the same random x in each pair
    for failing, working in SEED_PAIRS:
        fixed, reference = outcomes[failing + ".fixed"], outcomes[working]
        assert fixed["error"] is None and reference["error"] is None, (failing, fixed, reference)
        assert list(fixed["values"]) == ["x.grad"] and close(fixed["values"]["x.grad"], reference["values"]["x.grad"])
    assert outcomes["in24_augmented_assign.fixed"]["values"]["x.grad"] == [[2.0] * 3] * 3
    assert outcomes["in47_row_assign.fixed"]["values"]["x.grad"] == [[4.0] * 3, [6.0] * 3, [8.0] * 3]


LOST_GRADIENT_PAIRS = [  # the seed's rebinding programs (REC301) and its working versions
    ("in38_relu_rebind", "in40_relu_new_name"),
    ("in46_concat_rebind", "in45_concat_new_name"),
]


REBOUND_IN_LOOP = """from mxnet import autograd, nd

x = nd.array([1.0, -2.0, 3.0])
x.attach_grad()
with autograd.record():
    for i in range(2):
        x = nd.relu(x) * 2
    y = x.sum()
y.backward()
print(x.grad)
"""


def test_a_leaf_rebound_in_a_loop_keeps_its_name_for_the_leaf_and_its_gradient():
    from oracle.gradients import run_for_gradients

    assert [f.code for f in lint_source(REBOUND_IN_LOOP, "loop.py")] == ["REC301"]
    fixed = fix_text(REBOUND_IN_LOOP, "loop.py")  # a safe fix
    assert fixed.text == REBOUND_IN_LOOP.replace(
        "    for i in range(2):\n        x = nd.relu(x) * 2\n    y = x.sum()\n",
        "    x_1 = x\n    for i in range(2):\n        x_1 = nd.relu(x_1) * 2\n    y = x_1.sum()\n")
    outcomes = run_for_gradients([("fixed", fixed.text)])
    assert outcomes["fixed"]["error"] is None and close(outcomes["fixed"]["values"]["x.grad"], [4.0, 0.0, 4.0])


MASKED = """from mxnet import autograd, np, npx
npx.set_np()
x = np.array([1.0, -2.0, 3.0])
x.attach_grad()
with autograd.record():
    y = x * 2
%s
"""


@pytest.mark.parametrize("write,fixed,reason", [
    ("    y[y < 0] = 0", "    y = np.where(y < 0, np.full_like(y, 0), y)", ""),
    ("    y[y < 0] = x", None, "only a number assigned through a boolean mask can be rewritten"),
    ("    y[np.array(flags) > 0] = 0", None,  # a mask of a shape not known
     "the index is neither a slice, an int literal, nor a name of an int >= 0"),
])
def test_a_number_through_a_mask_of_the_array_s_shape_becomes_where(write, fixed, reason):
    source = MASKED % write
    [finding] = lint_source(source, "masked.py")
    assert finding.fixable == (fixed is not None)
    if fixed is not None:
        assert fix_text(source, "masked.py", unsafe=True).text == MASKED % fixed
    else:
        assert finding.message.endswith("(no automatic fix: %s)" % reason)


SET_AFTER_USE = """from mxnet import autograd, nd
from mxnet.gluon import nn


class Scale(nn.Block):
    def __init__(self):
        super().__init__()
        self.w = self.params.get("w", shape=(1, 3))

    def forward(self, x):
        y = self.w.data() * x
        self.w.set_data(y.detach())
        return y


net = Scale()
net.initialize()
with autograd.record():
    y = net(nd.ones((1, 3)))
y.backward()
"""


SET_AFTER_BLOCK_CALL = """from mxnet import autograd, nd
from mxnet.gluon import nn

net = nn.Dense(2, in_units=3)
net.initialize()
x = nd.ones((1, 3))
x.attach_grad()
with autograd.record():
    y = net(x)
    net.weight.set_data(nd.ones((2, 3)))
    z = (y * 2).sum()
z.backward()
"""


@pytest.mark.parametrize("source,write,reason", [
    (SET_AFTER_USE, "        self.w.set_data(y.detach())\n",
     "the write is in a function called while recording; rewrite it there"),
    (SET_AFTER_BLOCK_CALL, "    net.weight.set_data(nd.ones((2, 3)))\n",
     "statements after it in the recording region may read what it writes"),
])
def test_set_data_after_a_recorded_read_is_not_paused(source, write, reason):
    """A recorded operation reads the parameter (its data, or the block's call): with recording
    paused the write would pass and the backward would use the new data (MXNet gives x.grad
    [[4, 4, 4]] for the Dense program paused, from the new weight), which is REC302."""
    [finding] = lint_source(source, "params.py")
    assert finding.code == "REC104" and not finding.fixable
    assert finding.message.endswith("(no automatic fix: %s)" % reason)
    indent = write[:len(write) - len(write.lstrip())]
    paused = source.replace(write, "%swith autograd.pause():\n    %s" % (indent, write))
    assert [f.code for f in lint_source(paused, "params.py")] == ["REC302"]


F_STRING_IN_LOOP = """from mxnet import autograd, nd
x = nd.ones(3)
x.attach_grad()
with autograd.record():
    for i in range(2):
        x += nd.ones(3) * len(f"{x}")
    y = x.sum()
"""


def test_a_looped_write_reading_the_leaf_in_an_f_string_is_renamed_there_or_not_fixed():
    """Python 3.12 tokenizes inside f-strings; before, an f-string is one token, not renamed."""
    [finding] = lint_source(F_STRING_IN_LOOP, "loop.py")
    fixed = fix_text(F_STRING_IN_LOOP, "loop.py").text
    if sys.version_info >= (3, 12):
        assert finding.fixable and 'x_1 = x_1 + (nd.ones(3) * len(f"{x_1}"))' in fixed
    else:
        assert not finding.fixable and "(no automatic fix: the write reads `x` inside an f-string)" in finding.message
        assert fixed == F_STRING_IN_LOOP


BUFFER = """from mxnet import autograd, nd
w = nd.ones(3)
w.attach_grad()
with autograd.record():
    rows = nd.zeros((20, 3))
%s
"""
NO_INDEX = "the index is neither a slice, an int literal, nor a name of an int >= 0"


@pytest.mark.parametrize("loop,fixed", [
    ("    for t in range(5):\n        rows[t] = w * t", True),  # unrolled: each t a known int
    ("    for t in range(len(names)):\n        rows[t] = w", True),  # any range(n) counts from 0
    ("    for t in range(2, 20, 2):\n        rows[t] = w", True),  # not unrolled: from 2 up
    ("    for t, name in enumerate(names):\n        rows[t] = w", True),
    ("    for t, name in enumerate(names, start=1):\n        rows[t] = w", True),
    ("    for t, name in enumerate(names, -1):\n        rows[t] = w", False),  # -1 + 1 ends the slice at 0
    ("    for t, name in enumerate(['a', 'b'], 1):\n        rows[t] = w", True),
    ("    for t, name in enumerate(['a', 'b'], -1):\n        rows[t] = w", False),
    ("    for t in range(lower, 20):\n        rows[t] = w", False),
    ("    for t in range(19, -1, -1):\n        rows[t] = w", False),
    ("    t = -2\n    rows[t] = w", False),
    ("    for t in steps:\n        rows[t] = w", False),
    ("    for t in range(3):\n        rows[min(t, 2)] = w", False),  # evaluated once per use: not a name
])
def test_a_key_is_an_index_when_the_analysis_sees_an_int_at_least_0_at_every_run(loop, fixed):
    source = BUFFER % loop
    [finding] = lint_source(source, "buffer.py")
    assert finding.code == "REC103" and finding.fixable == fixed
    assert (NO_INDEX in finding.message) == (not fixed)
    if fixed:
        assert "slice_assign_scalar(1, (t,), (t + 1,), (None,))" in fix_text(source, "buffer.py", unsafe=True).text


def test_lost_gradient_is_none_under_mxnet_and_its_fix_reads_the_leaf_gradient():
    from oracle.gradients import run_for_gradients

    programs = []
    for lost, working in LOST_GRADIENT_PAIRS:
        source = (SEED / (lost + ".py")).read_text()
        assert [f.code for f in lint_source(source, lost)] == ["REC301"]
        fixed = fix_text(source, lost)  # a safe fix
        assert fixed.applied == 1 and not fixed.remaining, lost
        programs += [(lost, source), (lost + ".fixed", fixed.text), (working, (SEED / (working + ".py")).read_text())]
    outcomes = run_for_gradients(programs)
    for lost, working in LOST_GRADIENT_PAIRS:
        assert outcomes[lost]["error"] is None
        assert "x.grad" not in outcomes[lost]["values"]  # what the rule claims: x.grad is None
        fixed, reference = outcomes[lost + ".fixed"], outcomes[working]
        assert fixed["error"] is None and close(fixed["values"]["x.grad"], reference["values"]["x.grad"])


def test_fixed_programs_run_on_the_engine_with_the_hand_written_gradients():
    """The same proof as under MXNet, on recordlint's own engine (`recordlint confirm`'s)."""
    import sys

    from oracle.client import run_programs_with_grads

    programs = []
    for name in GOLDENS:
        if (FIXES / (name + ".correct.py")).exists():
            programs += [(name + ".out", read(name, "out")), (name + ".correct", read(name, "correct"))]
    for failing, working in SEED_PAIRS + LOST_GRADIENT_PAIRS:
        fixed = fix_text((SEED / (failing + ".py")).read_text(), failing, unsafe=True).text
        programs += [(failing + ".fixed", fixed), (working, (SEED / (working + ".py")).read_text())]
    runs = run_programs_with_grads(list(dict(programs).items()), command=[sys.executable, "-m", "recordlint.runtime"])
    pairs = [(name + ".out", name + ".correct") for name in GOLDENS if (FIXES / (name + ".correct.py")).exists()]
    pairs += [(failing + ".fixed", working) for failing, working in SEED_PAIRS + LOST_GRADIENT_PAIRS]
    for fixed, reference in pairs:
        assert runs[fixed].events == [] and runs[reference].events == [], (fixed, runs[fixed].events)
        assert runs[fixed].grads and runs[fixed].grads.keys() == runs[reference].grads.keys(), fixed
        for leaf, gradient in runs[reference].grads.items():
            assert close(runs[fixed].grads[leaf], gradient), (fixed, leaf)
