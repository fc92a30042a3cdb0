"""`# noqa` on a line (flake8's reading), `# recordlint: noqa` for a file, and the opt-in REC902."""
from __future__ import annotations

import pytest

from cli_helpers import finding_lines, run_recordlint
from recordlint.api import lint_source
from recordlint.selection import default_codes

HEADER = (
    "from mxnet import autograd, nd\n"
    "x = nd.ones(3)\n"
    "x.attach_grad()\n"
    "with autograd.record():\n"
)
WRITE = "    x += 1"  # REC101 on line 5


def codes_found(source, codes=None):
    return [(f.line, f.code) for f in lint_source(source, "example.py", default_codes() if codes is None else codes)]


@pytest.mark.parametrize("comment,suppressed", [
    ("# noqa", True),
    ("# NOQA", True),
    ("# NoQA:REC101", True),
    ("# noqa: REC101", True),
    ("# noqa: REC1", True),  # a prefix, as flake8 reads it
    ("# noqa: E501,REC101", True),
    ("# noqa: E501 REC101", True),
    ("# noqa: REC103", False),
    ("# noqa: E501", False),
    ("# noqa: rec101", False),  # flake8 compares codes as written
    ("# no qa", False),
    ("# type: ignore  # noqa: REC101", True),
])
def test_line_noqa(comment, suppressed):
    source = HEADER + WRITE + "  " + comment + "\n"
    assert codes_found(source) == ([] if suppressed else [(5, "REC101")])


def test_noqa_covers_only_its_own_line():
    source = HEADER + "    # noqa\n" + WRITE + "\n"
    assert codes_found(source) == [(6, "REC101")]


@pytest.mark.parametrize("directive,left", [
    ("# recordlint: noqa", []),
    ("#recordlint:NOQA", []),
    ("# recordlint: noqa: REC102", [(6, "REC101")]),
    ("# recordlint: noqa: REC101", []),
])
def test_file_level_noqa(directive, left):
    source = directive + "\n" + HEADER + WRITE + "\n"
    assert codes_found(source) == left


def test_file_level_noqa_must_be_a_comment_line_of_its_own():
    source = HEADER + WRITE + "  # recordlint: noqa\n"
    assert codes_found(source) == [(5, "REC101")]


def test_unused_noqa_is_opt_in():
    source = HEADER + "    y = x * 2  # noqa: REC101\n"
    assert codes_found(source) == []
    assert codes_found(source, default_codes() | {"REC902"}) == [(5, "REC902")]


def test_unused_noqa_names_only_the_unused_rec_codes():
    source = HEADER + WRITE + "  # noqa: E501, REC101, REC103\n"
    findings = lint_source(source, "example.py", {"REC101", "REC902"})
    assert [(f.line, f.column, f.code) for f in findings] == [(5, 13, "REC902")]
    assert findings[0].message == "unused `noqa` for REC103: no such finding on this line"


@pytest.mark.parametrize("comment", ["# noqa", "# noqa: E501", "# noqa: REC101, REC902"])
def test_what_unused_noqa_leaves_alone(comment):
    source = HEADER + "    y = x * 2  " + comment + "\n"
    assert codes_found(source, default_codes() | {"REC902"}) == []


def test_unused_noqa_is_found_in_files_without_a_recording_region():
    assert codes_found("value = 1  # noqa: REC101\n", {"REC902"}) == [(1, "REC902")]


def test_file_level_noqa_silences_unused_noqa_too():
    source = "# recordlint: noqa\n" + HEADER + "    y = x * 2  # noqa: REC101\n"
    assert codes_found(source, default_codes() | {"REC902"}) == []


BROKEN = "    x += = 1"  # REC901 on line 5: the file cannot be parsed


@pytest.mark.parametrize("line_comment,file_directive", [
    ("  # noqa", ""),
    ("  # noqa: REC901", ""),
    ("  # noqa: REC9", ""),
    ("", "# recordlint: noqa\n"),
    ("", "# recordlint: noqa: REC901\n"),
])
def test_noqa_does_not_hide_a_file_that_cannot_be_parsed(line_comment, file_directive):
    source = file_directive + HEADER + BROKEN + line_comment + "\n"
    findings = lint_source(source, "example.py", default_codes())
    assert [(f.code, f.message) for f in findings] == [("REC901", "syntax error: invalid syntax")]


def test_noqa_naming_rec901_is_reported_unused():
    source = HEADER + BROKEN + "  # noqa: REC901\n"
    assert codes_found(source, default_codes() | {"REC902"}) == [(5, "REC901"), (5, "REC902")]


def test_a_write_reached_from_another_module_honours_the_noqa_of_its_own_file(tmp_path):
    (tmp_path / "helpers.py").write_text("def bump(h):\n    h += 1  # noqa: REC101\n    return h\n\n"
                                         "def double(h):\n    h *= 2\n    return h\n")
    (tmp_path / "train.py").write_text("from mxnet import autograd, nd\nfrom helpers import bump, double\n"
                                       "x = nd.ones(3)\nx.attach_grad()\nwith autograd.record():\n"
                                       "    y = bump(x * 2)\n    z = double(x * 3)\n")
    result = run_recordlint("lint", "--no-cache", ".", cwd=tmp_path)
    assert [line.split(" ")[0] for line in finding_lines(result.stdout)] == ["helpers.py:6:5:"]
