"""Output formats: every one a view of the same findings, and the options around them."""
from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from xml.etree import ElementTree

import pytest

from cli_helpers import REPO
from cli_helpers import run_recordlint as run_anywhere

SCHEMA = REPO / "tests" / "data" / "sarif-schema-2.1.0.json"
# Paths relative to the repository, as a CI job names them.
NOTEBOOK = "fixtures/notebooks/seed.ipynb"
CLEAN = "fixtures/seed/in32_functional_add.py"
SEED_FILES = ["fixtures/seed/in24_augmented_assign.py", "fixtures/seed/in47_row_assign.py"]
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def run_recordlint(*args):
    return run_anywhere(*args, cwd=REPO)


def findings_as_json(*paths):
    return json.loads(run_recordlint("lint", "--format", "json", *paths).stdout)


def sarif_validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text())
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


@pytest.mark.parametrize("paths", [SEED_FILES + [NOTEBOOK], [CLEAN]],
                         ids=["findings", "none"])
def test_sarif_is_valid_against_the_official_schema(paths):
    result = run_recordlint("lint", "--format", "sarif", *paths)
    log = json.loads(result.stdout)
    errors = sorted(sarif_validator().iter_errors(log), key=str)
    assert not errors, errors[0]
    run = log["runs"][0]
    assert run["tool"]["driver"]["name"] == "recordlint"
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    expected = findings_as_json(*paths)
    assert len(run["results"]) == len(expected)
    for result, finding in zip(run["results"], expected):
        assert rules[result["ruleIndex"]] == result["ruleId"] == finding["code"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == finding["path"]
        if finding["cell"] is None:
            assert location["region"] == {"startLine": finding["line"], "startColumn": finding["column"],
                                          "endLine": finding["end_line"], "endColumn": finding["end_column"]}
        else:
            assert result["properties"] == {"cell": finding["cell"], "line": finding["line"], "column": finding["column"]}


def test_the_schema_check_rejects_a_broken_log():
    log = json.loads(run_recordlint("lint", "--format", "sarif", SEED_FILES[0]).stdout)
    log["runs"][0]["results"][0]["level"] = "fatal"
    del log["runs"][0]["tool"]["driver"]["name"]
    assert len(list(sarif_validator().iter_errors(log))) == 2


def test_json_keeps_its_fields_and_json_lines_has_the_same_records():
    records = findings_as_json(*SEED_FILES, NOTEBOOK)
    assert {"path", "line", "column", "end_line", "end_column", "code", "message", "fixable", "cell"} <= set(records[0])
    lines = run_recordlint("lint", "--format", "json-lines", *SEED_FILES, NOTEBOOK).stdout.splitlines()
    assert [json.loads(line) for line in lines] == records


def test_github_annotations():
    lines = run_recordlint("lint", "--format", "github", SEED_FILES[0], NOTEBOOK).stdout.splitlines()
    assert lines[0].startswith(
        "::error file=fixtures/notebooks/seed.ipynb,title=recordlint (REC101)::cell 5, line 2, column 5: REC101 ")
    assert lines[-1].startswith(
        "::error file=%s,line=10,col=5,endLine=10,endColumn=11,title=recordlint (REC101)::REC101 in-place `+=` on `x`"
        % SEED_FILES[0])


def test_github_escapes_what_would_end_a_property():
    from recordlint.findings import Finding
    from recordlint.formats.github import annotation

    finding = Finding("dir,with:colon/a%b.py", 3, 1, 3, 2, "REC201", "100% sure\nnot")
    assert annotation(finding) == (
        "::warning file=dir%2Cwith%3Acolon/a%25b.py,line=3,col=1,endLine=3,endColumn=2,"
        "title=recordlint (REC201)::REC201 100%25 sure%0Anot")


def test_junit_has_a_failure_per_finding_grouped_by_file():
    expected = findings_as_json(*SEED_FILES)
    root = ElementTree.fromstring(run_recordlint("lint", "--format", "junit", *SEED_FILES).stdout)
    assert root.tag == "testsuites" and root.get("failures") == str(len(expected))
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [str(p) for p in SEED_FILES]
    cases = [case for suite in suites for case in suite.findall("testcase")]
    assert [(c.get("line"), c.find("failure").get("type")) for c in cases] == [
        (str(f["line"]), f["code"]) for f in expected]


def test_junit_without_findings_is_one_passing_case():
    root = ElementTree.fromstring(run_recordlint("lint", "--format", "junit", CLEAN).stdout)
    assert root.get("failures") == "0" and len(root.findall("testsuite/testcase")) == 1


def test_show_source_underlines_the_write():
    lines = run_recordlint("lint", "--show-source", SEED_FILES[0]).stdout.splitlines()
    assert lines[1:5] == ["   |", "10 |     x += 2  # expect: REC101", "   |     ^^^^^^", ""]


def test_statistics():
    text = run_recordlint("lint", "--statistics", *SEED_FILES)
    assert text.returncode == 1
    assert text.stdout.splitlines() == [
        "3\tREC103\t[*] subscript-assignment-while-recording",
        "1\tREC101\t[*] augmented-assignment-while-recording",
    ]
    counts = json.loads(run_recordlint("lint", "--statistics", "--format", "json", *SEED_FILES).stdout)
    assert [(c["code"], c["count"]) for c in counts] == [("REC103", 3), ("REC101", 1)]


def test_exit_zero_and_output_file(tmp_path):
    report = tmp_path / "report.json"
    result = run_recordlint("lint", "--exit-zero", "--format", "json", "--output-file", report, *SEED_FILES)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert json.loads(report.read_text()) == findings_as_json(*SEED_FILES)
    unwritable = run_recordlint("lint", "--output-file", tmp_path / "missing" / "report.txt", *SEED_FILES)
    assert unwritable.returncode == 2
    assert unwritable.stderr == "recordlint: error: cannot write %s: No such file or directory\n" % (
        tmp_path / "missing" / "report.txt")


def run_on_a_terminal(*args, no_color=None):
    """The text output as a terminal shows it."""
    env = {key: value for key, value in os.environ.items() if key != "NO_COLOR"}
    if no_color is not None:
        env["NO_COLOR"] = no_color
    controller, terminal = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "recordlint", "lint", *map(str, args)],
                               stdout=terminal, stderr=subprocess.DEVNULL, env=env, cwd=REPO)
    os.close(terminal)
    output = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal closed: the process has exited
            break
        if not chunk:
            break
        output += chunk
    process.wait(timeout=60)
    os.close(controller)
    return output.decode()


def test_colour_on_a_terminal_unless_turned_off():
    assert ANSI.search(run_on_a_terminal(SEED_FILES[0]))
    assert not ANSI.search(run_on_a_terminal(SEED_FILES[0], no_color="1"))
    assert not ANSI.search(run_on_a_terminal("--no-color", SEED_FILES[0]))
    assert ANSI.sub("", run_on_a_terminal(SEED_FILES[0])) == run_on_a_terminal("--no-color", SEED_FILES[0])
