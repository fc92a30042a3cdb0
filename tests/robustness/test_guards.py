"""The guards around parsing, fixing and diffing that the hostile inputs and the fuzzers needed."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from recordlint.api import lint_source
from recordlint.fixes.apply import fix_text
from recordlint.fixing import unified_diff
from recordlint.nesting import MAX_DEPTH, too_deep
from robustness.hostile_files import LEAF

REGION = "from mxnet import autograd, nd\nx = nd.ones(3)\nx.attach_grad()\nwith autograd.record():\n"


def sum_of(terms: int) -> str:
    return REGION + "    y = x" + " + x" * (terms - 1) + "\n    x += 1\n"


def test_a_long_sum_within_the_limit_is_analysed():
    assert [finding.code for finding in lint_source(sum_of(300), "sum.py")] == ["REC101"]


def test_a_sum_too_deep_for_the_position_pass_is_rec901_not_an_error():
    # libcst turns the RecursionError of its position pass into a KeyError
    findings = lint_source(sum_of(490), "sum.py")
    assert [finding.code for finding in findings] in (["REC101"], ["REC901"])


def test_the_depth_limit_counts_what_libcst_nests_and_python_flattens():
    assert too_deep("y = x" + " and x" * (MAX_DEPTH - 10)) is None
    assert too_deep("y = x" + " and x" * MAX_DEPTH).reason.startswith("nesting too deep to parse")
    assert too_deep("import " + ".".join(["m"] * (MAX_DEPTH + 1))).line == 1
    assert too_deep("match = 1\n") is None
    assert too_deep("print 'python 2'\n") is None  # an ordinary syntax error: libcst reports it


def test_a_form_feed_before_an_indented_line_gives_no_fix():
    # libcst writes the form feed back before every line of the block, so its positions drift
    text = LEAF.replace("    x += 1", "\x0c    x += 1")
    [finding] = lint_source(text, "page.py")
    assert finding.code == "REC101" and finding.fix is None
    assert finding.message.endswith("(no automatic fix: the parser does not reproduce this file's layout exactly)")
    assert fix_text(text, "page.py", unsafe=True).text == text


@pytest.mark.parametrize("separator", ["\u2028", "\x0c", "\x85"], ids=["U+2028", "form feed", "U+0085"])
def test_a_diff_splits_lines_where_python_does(separator, tmp_path):
    before = LEAF.replace("    y = 2 * x", "    y = 2 * x  # a%sb" % separator)
    after = fix_text(before, "leaf.py").text
    diff = unified_diff("leaf.py", before.encode(), after.encode())
    assert "No newline at end of file" not in diff
    assert "+    y = 2 * x_1  # a%sb\n" % separator in diff
    if shutil.which("patch"):
        (tmp_path / "leaf.py").write_bytes(before.encode())
        subprocess.run(["patch", "-s", "leaf.py"], input=diff.encode(), cwd=tmp_path, check=True)
        assert (tmp_path / "leaf.py").read_bytes() == after.encode()
