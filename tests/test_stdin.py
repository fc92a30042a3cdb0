"""`recordlint lint -`: source from standard input, named by --stdin-filename, as editors run it."""
from __future__ import annotations

from cli_helpers import finding_lines, run_recordlint

PROGRAM = (
    "from mxnet import autograd, nd\n"
    "x = nd.ones(3)\n"
    "x.attach_grad()\n"
    "with autograd.record():\n"
    "    x += 1\n"
    "    nd.relu(x, out=x)\n"
)


def test_standard_input_is_linted_under_its_given_name(tmp_path):
    result = run_recordlint("lint", "-", "--stdin-filename", "src/train.py", stdin=PROGRAM, cwd=tmp_path)
    assert result.returncode == 1
    assert [line.split(": ")[0] for line in finding_lines(result.stdout)] == ["src/train.py:5:5", "src/train.py:6:5"]


def test_standard_input_without_a_name_and_without_dash(tmp_path):
    unnamed = run_recordlint("lint", "-", stdin=PROGRAM, cwd=tmp_path)
    assert finding_lines(unnamed.stdout)[0].startswith("-:5:5: REC101 ")
    named_only = run_recordlint("lint", "--stdin-filename", "a.py", stdin=PROGRAM, cwd=tmp_path)
    assert finding_lines(named_only.stdout)[0].startswith("a.py:5:5: REC101 ")


def test_the_configuration_for_the_given_name_applies(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.recordlint]\nper-file-ignores = { "tests/*" = ["REC101"] }\n')
    result = run_recordlint("lint", "-", "--stdin-filename", "tests/test_train.py", stdin=PROGRAM, cwd=tmp_path)
    assert [line.split()[1] for line in finding_lines(result.stdout)] == ["REC102"]


def test_force_exclude_applies_to_the_given_name(tmp_path):
    result = run_recordlint("lint", "-", "--stdin-filename", "build/gen.py", "--force-exclude", stdin=PROGRAM, cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "")


def test_dash_cannot_be_mixed_with_paths(tmp_path):
    result = run_recordlint("lint", "-", "a.py", stdin=PROGRAM, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (
        2, "recordlint: error: '-' (standard input) cannot be combined with other paths\n")


def test_standard_input_reports_only_its_own_findings_not_those_of_the_modules_it_calls(tmp_path):
    (tmp_path / "helpers.py").write_text("def bump(h):\n    h += 1\n    return h\n")
    script = ("from mxnet import autograd, nd\nfrom helpers import bump\n"
              "x = nd.ones(3)\nx.attach_grad()\nwith autograd.record():\n    y = bump(x * 2)\n    y += 1\n")
    (tmp_path / "train.py").write_text(script)
    whole = run_recordlint("lint", "--no-cache", "train.py", "helpers.py", cwd=tmp_path)
    assert [line.split(" ")[0] for line in finding_lines(whole.stdout)] == ["helpers.py:2:5:", "train.py:7:5:"]
    piped = run_recordlint("lint", "-", "--stdin-filename", "train.py", stdin=script, cwd=tmp_path)
    assert [line.split(" ")[0] for line in finding_lines(piped.stdout)] == ["train.py:7:5:"]
