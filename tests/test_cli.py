"""The `recordlint lint` command: output, exit status, selection, bad input."""
from __future__ import annotations

import json
import os
import re

from cli_helpers import FIXTURES, finding_lines, run_recordlint

SEED = FIXTURES / "seed"
TEXT_LINE = re.compile(r"^(?P<path>.+):(?P<line>\d+):(?P<col>\d+): (?P<code>REC\d{3})(?: \[\*\])? (?P<message>.+)$")

LEAF_PROGRAM = (
    "from mxnet import autograd, nd\n"
    "x = nd.ones(3)\n"
    "x.attach_grad()\n"
    "with autograd.record():\n"
    "    x += 1\n"
    "    nd.relu(x, out=x)\n"
)


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


def test_text_output_on_the_seed_programs():
    result = run_recordlint("lint", SEED)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[-3:] == [
        "Found 7 findings.",
        "[*] 4 fixable with the `--fix` option.",
        "(3 hidden fixes can be enabled with the `--unsafe-fixes` option.)",
    ]
    found = [TEXT_LINE.match(line).groupdict() for line in lines[:-3]]
    assert [(os.path.basename(f["path"]), int(f["line"]), int(f["col"]), f["code"]) for f in found] == [
        ("in24_augmented_assign.py", 10, 5, "REC101"),
        ("in33_relu_out.py", 9, 5, "REC102"),
        ("in38_relu_rebind.py", 9, 5, "REC301"),
        ("in46_concat_rebind.py", 12, 5, "REC301"),
        ("in47_row_assign.py", 9, 5, "REC103"),
        ("in47_row_assign.py", 10, 5, "REC103"),
        ("in47_row_assign.py", 11, 5, "REC103"),
    ]
    assert "Assigning to NDArrays that are already in a computational graph" in found[0]["message"]


def test_clean_file_exits_zero(tmp_path):
    path = write(tmp_path, "clean.py", LEAF_PROGRAM.replace("x += 1", "y = x + 1").replace("nd.relu(x, out=x)", "z = nd.relu(y)"))
    result = run_recordlint("lint", path)
    assert (result.returncode, result.stdout) == (0, "")


def test_json_output_fields(tmp_path):
    path = write(tmp_path, "prog.py", LEAF_PROGRAM)
    result = run_recordlint("lint", "--format", "json", path)
    assert result.returncode == 1
    findings = json.loads(result.stdout)
    assert [(f["line"], f["column"], f["end_line"], f["end_column"], f["code"]) for f in findings] == [
        (5, 5, 5, 11, "REC101"), (6, 5, 6, 22, "REC102")]
    assert all(f["path"] == str(path) and f["message"] for f in findings)
    assert findings[0]["fixable"] is True and findings[0]["fix"]["applicability"] == "safe"
    assert findings[0]["fix"]["edits"][0] == {
        "location": {"row": 5, "column": 5}, "end_location": {"row": 5, "column": 11}, "content": "x_1 = x + 1"}


def test_select_and_ignore_by_prefix(tmp_path):
    path = write(tmp_path, "prog.py", LEAF_PROGRAM)
    only_out = run_recordlint("lint", "--select", "REC102", path)
    assert [line.split()[1] for line in finding_lines(only_out.stdout)] == ["REC102"]
    ignored = run_recordlint("lint", "--ignore", "REC1", path)
    assert (ignored.returncode, ignored.stdout) == (0, "")


def test_unknown_selector_is_a_usage_error(tmp_path):
    result = run_recordlint("lint", "--select", "XYZ9", tmp_path)
    assert result.returncode == 2
    assert "unknown rule selector 'XYZ9'" in result.stderr


def test_folders_recurse_and_skip_virtualenvs_and_default_excludes(tmp_path):
    write(tmp_path, "a.py", LEAF_PROGRAM)
    (tmp_path / "pkg").mkdir()
    write(tmp_path / "pkg", "b.py", LEAF_PROGRAM)
    for excluded in ("build", "venvlike", "__pycache__"):
        (tmp_path / excluded).mkdir()
        write(tmp_path / excluded, "c.py", LEAF_PROGRAM)
    write(tmp_path / "venvlike", "pyvenv.cfg", "home = /usr\n")
    result = run_recordlint("lint", "--format", "json", ".", cwd=tmp_path)
    assert sorted({f["path"] for f in json.loads(result.stdout)}) == ["a.py", os.path.join("pkg", "b.py")]


def test_bad_files_are_one_finding_each_and_the_run_goes_on(tmp_path):
    write(tmp_path, "syntax.py", "import mxnet\nwith mxnet.autograd.record(:\n    pass\n")
    write(tmp_path, "latin.py", b"# -*- coding: latin-1 -*-\nimport mxnet\nname = '\xe9'  # record\n")
    write(tmp_path, "not_utf8.py", b"import mxnet  # record\nname = '\xe9\xff'\n")
    write(tmp_path, "binary.py", b"mxnet record\x00\x01\x02")
    write(tmp_path, "cookie.py", b"# -*- coding: no-such-codec -*-\nimport mxnet  # record\n")
    write(tmp_path, "good.py", LEAF_PROGRAM)
    result = run_recordlint("lint", *sorted(p.name for p in tmp_path.iterdir()), "missing.py", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = finding_lines(result.stdout)
    assert lines == [
        "binary.py:1:1: REC901 binary file (contains NUL bytes)",
        "cookie.py:1:1: REC901 unknown encoding: no-such-codec",
        "good.py:5:5: " + lines[2].split(": ", 1)[1],
        "good.py:6:5: " + lines[3].split(": ", 1)[1],
        "missing.py:1:1: REC901 cannot read file: No such file or directory",
        "not_utf8.py:1:1: REC901 not valid utf-8: byte 0xe9 at offset 31",
        "syntax.py:2:28: REC901 syntax error: invalid syntax",
    ]
    assert lines[2].split()[1] == "REC101" and lines[3].split()[1] == "REC102"


def test_internal_error_is_reported_and_other_files_are_linted(tmp_path, monkeypatch):
    from recordlint import checker, runner

    good = write(tmp_path, "good.py", LEAF_PROGRAM)
    boom = write(tmp_path, "boom.py", LEAF_PROGRAM)
    original = checker.check_text

    def broken(text, path, *args, **kwargs):
        if path.endswith("boom.py"):
            raise RuntimeError("analysis bug")
        return original(text, path, *args, **kwargs)

    monkeypatch.setattr(checker, "check_text", broken)
    result = runner.lint_files([str(boom), str(good)], jobs=1)
    assert result.errors == ["internal error while checking %s: RuntimeError: analysis bug" % (tmp_path / "boom.py")]
    assert [f.code for f in result.findings] == ["REC101", "REC102"]


def test_version_and_help():
    assert run_recordlint("--version").stdout.startswith("recordlint, version ")
    help_text = run_recordlint("lint", "--help").stdout
    assert "Exit status: 0 no findings, 1 findings, 2 usage or internal error." in " ".join(help_text.split())


def test_workers_report_what_one_process_reports(tmp_path):
    """Two workers, started while the files are still being read, and the cache written as
    their results come: the same findings, fixes included, as one process without a cache."""
    serial = run_recordlint("lint", "--no-cache", "--jobs", "1", "--format", "json", FIXTURES)
    findings = json.loads(serial.stdout)
    assert len({finding["path"] for finding in findings}) >= 8  # enough files for the worker processes
    for _ in ("cold", "warm"):
        parallel = run_recordlint("lint", "--jobs", "2", "--cache-dir", tmp_path, "--format", "json", FIXTURES)
        assert (parallel.returncode, json.loads(parallel.stdout)) == (serial.returncode, findings)
    assert len(list(tmp_path.rglob("*"))) > 8  # entries were written
