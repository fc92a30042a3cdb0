"""Bugs the robustness tests found, kept as regression tests. libcst 1.0 rejected a file that
mixes line ends (`\\r\\n` or a lone `\\r` among `\\n`) with a false REC901: recordlint needs 1.1."""
from __future__ import annotations

import os
import sys

import pytest

from cli_helpers import FIXTURES, run_recordlint
from recordlint.api import lint_source
from recordlint.fixes.apply import fix_text
from robustness.hostile_files import LEAF

STEP = (FIXTURES / "fixes" / "rec104_copyto_and_step.in.py").read_text()
LEAF_FIXED_BY_NAME = LEAF.replace("x += 1\n    y = 2 * x", "x_1 = x + 1\n    y = 2 * x_1")


@pytest.mark.parametrize("separator", ["\u2028", "\x0c", "\x85"], ids=["U+2028", "form feed", "U+0085"])
def test_a_line_separator_in_a_comment_does_not_change_the_fix(separator):
    commented = STEP.replace("# copyto into", "# copyto%s into" % separator)
    fixed = fix_text(commented, "step.py").text
    assert fixed == fix_text(STEP, "step.py").text.replace("# copyto into", "# copyto%s into" % separator)


def test_mixed_line_endings_are_analysed():
    mixed = LEAF.replace("\n", "\r\n", 2)
    findings = lint_source(mixed, "mixed.py")
    assert [finding.code for finding in findings] == ["REC101"]


def test_fixing_through_a_symlink_fixes_its_target(tmp_path):
    (tmp_path / "real.py").write_text(LEAF)
    os.symlink("real.py", tmp_path / "link.py")
    run_recordlint("lint", "--fix", "link.py", cwd=tmp_path)
    assert (tmp_path / "link.py").is_symlink()
    assert (tmp_path / "real.py").read_text() == LEAF_FIXED_BY_NAME


def test_a_lone_carriage_return_among_newlines_gives_no_fix_and_no_crash():
    """libcst ends a line at a lone \\r, the fixes' line table at \\n only: the planner once read
    past its table (the fuzz found it with `\\r\\r` before a fixture)."""
    mixed = "\r\r" + LEAF
    findings = lint_source(mixed, "mixed.py")
    assert [(finding.code, finding.fixable) for finding in findings] == [("REC101", False)]
    assert "lone carriage return" in findings[0].message
    assert fix_text(mixed, "mixed.py", unsafe=True).text == mixed


def test_a_file_with_a_syntax_error_and_a_syntax_warning_prints_only_its_finding(tmp_path):
    """Python's SyntaxWarnings (`1if`) once reached stderr when REC901 read Python's error."""
    (tmp_path / "warned.py").write_text(LEAF + "    z = 1if True else 2\n    w = (\n")
    result = run_recordlint("lint", "warned.py", cwd=tmp_path)
    assert result.stderr == ""
    python_says = "8:9: REC901 syntax error: '(' was never closed" if sys.version_info >= (3, 10) \
        else "8:10: REC901 syntax error: unexpected EOF while parsing"
    assert result.stdout.startswith("warned.py:" + python_says)


def test_an_invalid_escape_in_a_string_of_a_region_prints_only_the_findings(tmp_path):
    """The analysis reads string literals with `ast.literal_eval`: Python warned about their
    invalid escapes (a DeprecationWarning, a SyntaxWarning from 3.12, shown by default)."""
    (tmp_path / "escape.py").write_text(LEAF.replace("    x += 1\n", '    name = "C:\\Temp"\n    x += 1\n'))
    result = run_recordlint("lint", "escape.py", cwd=tmp_path, extra_flags=("-W", "default"))
    assert result.stderr == ""
    assert [line.split()[1] for line in result.stdout.splitlines()[:1]] == ["REC101"]
