"""The autofix on generated failing programs, proven under real MXNet.

tests/fixgen generates RECORDLINT_FIX_PROGRAMS programs (default 500) from
the seed RECORDLINT_FIX_SEED (default in fixgen/defaults.py). Each is a
module that MXNet 1.9.1 rejects (an in-place write inside `record()`), with
its functional reading written independently of the fixer. Each program is
fixed with `fix_text(..., unsafe=True)`; the program, the fixed program and
the functional reading run under MXNet in one batch. Every program must
either keep a finding that says "no automatic fix", or, fixed, run without
error and give its functional reading's leaf gradients (and loss).

`pytest -s` prints the counts (fixed and proven / not fixable / failures);
they are also in any failure message. tests/fixgen/report.py prints the same
for any seed and count and can dump the failing programs.
"""
from __future__ import annotations

import ast
import time

import pytest

from fixgen import defaults, generate_fix_programs
from fixgen.check import FAILURE, NOT_FIXABLE, PROVEN, Fixed, judge
from fixgen.programs import MAX_STATEMENTS, MIN_STATEMENTS
from fixgen.spelling import STYLES

SEED = defaults.seed()
COUNT = defaults.count()
LISTED = 10  # failing programs listed in full in a failure message


def in_place_writes(tree: ast.AST):
    """The in-place writes of a module: augmented and subscript assignments, `out=`, `copyto`."""
    for node in ast.walk(tree):
        if isinstance(node, ast.AugAssign):
            yield node
        elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Subscript) for t in node.targets):
            yield node
        elif isinstance(node, ast.Call) and (any(k.arg == "out" for k in node.keywords) or (
                isinstance(node.func, ast.Attribute) and node.func.attr == "copyto")):
            yield node


def record_block(tree: ast.Module) -> ast.With:
    blocks = [node for node in tree.body if isinstance(node, ast.With)]
    assert len(blocks) == 1
    return blocks[0]


def test_generator_is_deterministic_and_well_formed():
    programs = generate_fix_programs(SEED, max(COUNT, 500))  # enough to hold every form
    again = generate_fix_programs(SEED, 40)
    assert [(p.source, p.functional) for p in programs[:40]] == [(p.source, p.functional) for p in again]
    assert len({p.source for p in programs}) == len(programs)
    for program in programs:
        tree, functional = ast.parse(program.source), ast.parse(program.functional)
        block = record_block(tree)
        statements = [s for s in block.body if not (isinstance(s, ast.Expr) and "backward" in ast.dump(s))]
        assert MIN_STATEMENTS <= len(statements) <= MAX_STATEMENTS, program.source
        assert list(in_place_writes(block)), program.source
        assert program.forms and program.expected_error in ("E1", "E2")
        # The functional reading writes nothing in place and never rebinds a leaf's name.
        assert not list(in_place_writes(functional)), program.functional
        rebound = {t.id for node in ast.walk(record_block(functional)) if isinstance(node, ast.Assign)
                   for t in node.targets if isinstance(t, ast.Name)}
        assert not rebound & set(program.leaves), program.functional
        # Both start alike: same imports, leaves, constants and buffers.
        head = program.source.split("\nwith ")[0]
        assert program.functional.startswith(head + "\nwith "), program.functional
    # Every import style, both interfaces, every write form and target, and loops (their
    # variable a key too).
    assert {p.style for p in programs} == set(STYLES)
    assert {p.interface for p in programs} == {"nd", "np"}
    forms = {f for p in programs for f in p.forms}
    for family in ("aug:", "set[", "out-self:", "out-binary:", "out-other:", "out-buffer:", "copyto:",
                   "loop ", "loop set[step"):
        assert any(f.startswith(family) for f in forms), family
    for target in ("leaf", "intermediate", "constant", "buffer"):
        assert any(f.endswith(":" + target) for f in forms), target
    assert {p.expected_error for p in programs} == {"E1", "E2"}


def test_judge_tells_failures_from_proven_fixes():
    program = generate_fix_programs(SEED, 1)[0]
    leaves = {"%s.grad" % leaf: [1.0, 2.0] for leaf in program.leaves}
    ran = {"error": None, "values": dict(leaves, **{"loss_value.grad": [3.0]})}
    raised = {"error": "MXNetError: Check failed: AGInfo: :IsNone(*output): Assigning to NDArrays that are "
                       "already in a computational graph", "values": {}}
    original = raised if program.expected_error == "E1" else {
        "error": "MXNetError: Inplace operations (+=, -=, x[:]=, etc) are not supported", "values": {}}
    fixed = Fixed("fixed text", applied=1)
    assert judge(program, fixed, original, ran, ran).verdict == PROVEN
    near = {"error": None, "values": {key: [number * (1 + 1e-6) for number in value]
                                      for key, value in ran["values"].items()}}
    assert judge(program, fixed, original, near, ran).verdict == PROVEN
    other = {"error": None, "values": dict(ran["values"], **{"%s.grad" % program.leaves[0]: [1.0, 2.1]})}
    assert judge(program, fixed, original, other, ran).category == "a gradient differs"
    other_loss = {"error": None, "values": dict(ran["values"], **{"loss_value.grad": [3.1]})}
    assert judge(program, fixed, original, other_loss, ran).category == "the loss differs"
    assert judge(program, fixed, original, raised, ran).category == "the fixed program raises E1"
    lost = {"error": None, "values": {"loss_value.grad": [3.0]}}
    assert judge(program, fixed, original, lost, ran).category == "a leaf's gradient is missing"
    unfixable = Fixed("text", remaining=["line 9: REC101 ... (no automatic fix: `x` is a leaf)"],
                      unfixable=["`x` is a leaf"])
    assert judge(program, unfixable, original, raised, ran).verdict == NOT_FIXABLE
    assert judge(program, fixed, ran, ran, ran).verdict not in (PROVEN, NOT_FIXABLE, FAILURE)


def test_fixed_programs_keep_the_gradients_of_their_functional_reading():
    from fixgen.check import check_programs
    from oracle.client import require_oracle

    require_oracle()
    started = time.monotonic()
    programs = generate_fix_programs(SEED, COUNT)
    summary = check_programs(programs, SEED)
    report = "%s\n(%.1fs in all)" % (summary.text(), time.monotonic() - started)
    print("\n" + report)
    if summary.failures or summary.generator_errors:
        pytest.fail(report + "\n\nfailing programs (`python tests/fixgen/report.py --dump DIR` writes all "
                    "of them):\n" + summary.examples(limit=LISTED), pytrace=False)
    # what is left without a fix is rare: a partial slice of an array whose length is not known
    assert len(summary.proven) >= 0.95 * len(programs), report
