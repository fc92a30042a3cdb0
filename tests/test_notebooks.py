"""Jupyter notebooks: code cells linted as one module, positions reported per cell."""
from __future__ import annotations

import json
from collections import Counter

import pytest

from cli_helpers import FIXTURES, run_recordlint
from expectations import expected_findings
from recordlint.api import lint_file, lint_source

SEED_NOTEBOOK = FIXTURES / "notebooks" / "seed.ipynb"


def notebook(*sources, metadata=None, nbformat=4):
    cells = [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": source}
             for source in sources]
    return json.dumps({"cells": cells, "metadata": metadata or {}, "nbformat": nbformat, "nbformat_minor": 5})


def cell_findings(source):
    return [(f.cell, f.line, f.column, f.code) for f in lint_source(source, "notebook.ipynb")]


def test_seed_notebook_has_the_findings_written_in_its_cells():
    cells = json.loads(SEED_NOTEBOOK.read_text())["cells"]
    expected = Counter((number, line, code)
                       for number, cell in enumerate(cells, 1) if cell["cell_type"] == "code"
                       for line, code in expected_findings("".join(cell["source"])))
    actual = Counter((f.cell, f.line, f.code) for f in lint_file(SEED_NOTEBOOK))
    assert sum(expected.values()) == 7
    assert actual == expected


def test_seed_notebook_on_the_command_line():
    result = run_recordlint("lint", SEED_NOTEBOOK.parent)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(str(SEED_NOTEBOOK.parent / "seed.ipynb") + ":cell 5:2:5: REC101 [*] in-place `+=` on `x`")
    assert "Found 7 findings." in lines
    records = json.loads(run_recordlint("lint", "--format", "json", SEED_NOTEBOOK).stdout)
    assert [(r["cell"], r["line"], r["column"], r["code"]) for r in records] == [
        (5, 2, 5, "REC101"), (8, 5, 5, "REC102"), (10, 5, 5, "REC301"), (14, 8, 5, "REC301"),
        (15, 5, 5, "REC103"), (15, 6, 5, "REC103"), (15, 7, 5, "REC103")]


def test_state_follows_the_cells_top_to_bottom():
    source = notebook(
        "from mxnet import autograd, nd\n",
        "x = nd.ones(3)\nx.attach_grad()\n",
        "print('unrelated')\n",
        "with autograd.record():\n    x += 1\n",
    )
    assert cell_findings(source) == [(4, 2, 5, "REC101")]


def test_cells_are_numbered_over_all_cells_markdown_included():
    document = json.loads(notebook("from mxnet import autograd, nd\nx = nd.ones(3)\nx.attach_grad()\n",
                                   "with autograd.record():\n    x += 1\n"))
    document["cells"].insert(1, {"cell_type": "markdown", "metadata": {}, "source": "Now write in place:"})
    assert cell_findings(json.dumps(document)) == [(3, 2, 5, "REC101")]


def test_magics_and_shell_escapes_are_neither_parsed_nor_flagged():
    source = notebook(
        "!pip install mxnet==1.9.1\n%load_ext autoreload\nfiles = !ls\n",
        "%%bash\nfor f in *.py; do x += 1; done\n",
        "from mxnet import autograd, nd\nx = nd.ones(3)\nx.attach_grad()\n",
        "for step in range(2):\n    %time y = x * 2\nlabel = ('%d steps'\n         % 2)\n",
        "with autograd.record():\n    %timeit x * 2\n    x += 1\n",
    )
    assert cell_findings(source) == [(5, 3, 5, "REC101")]


def test_noqa_works_in_cells():
    source = notebook("from mxnet import autograd, nd\nx = nd.ones(3)\nx.attach_grad()\n",
                      "with autograd.record():\n    x += 1  # noqa: REC101\n    x *= 2\n")
    assert cell_findings(source) == [(2, 3, 5, "REC101")]


def test_syntax_error_is_reported_in_its_cell():
    source = notebook("from mxnet import autograd\n", "with autograd.record(:\n    pass\n")
    assert cell_findings(source) == [(2, 1, 22, "REC901")]


BAD_NOTEBOOKS = {
    "invalid JSON": ('{"cells": [  # mxnet record', "not a notebook: invalid JSON: Expecting value"),
    "no cells": ('{"nbformat": 4, "metadata": {"mxnet": "record"}}', "not a notebook: no `cells` list"),
    "nbformat 3": (notebook("import mxnet  # record\n", nbformat=3),
                   "unsupported notebook format: nbformat 3 (recordlint reads nbformat 4)"),
    "R kernel": (notebook("library(mxnet)  # record\n", metadata={"kernelspec": {"language": "R", "name": "ir"}}),
                 'not a Python notebook: the kernel language is "R"'),
    "bad source": ('{"nbformat": 4, "cells": [{"cell_type": "code", "source": 3}], "x": "mxnet record"}',
                   "not a notebook: cell 1 has no text source"),
}


@pytest.mark.parametrize("content,reason", BAD_NOTEBOOKS.values(), ids=list(BAD_NOTEBOOKS))
def test_bad_notebook_is_one_rec901_and_the_run_goes_on(tmp_path, content, reason):
    (tmp_path / "bad.ipynb").write_text(content)
    (tmp_path / "good.ipynb").write_text(notebook(
        "from mxnet import autograd, nd\nx = nd.ones(3)\nx.attach_grad()\nwith autograd.record():\n    x += 1\n"))
    result = run_recordlint("lint", ".", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.replace(" [*] ", " ").splitlines()
    position = "1:14" if "JSON" in reason else "1:1"
    assert lines[0] == "bad.ipynb:%s: REC901 %s" % (position, reason)
    assert lines[1].startswith("good.ipynb:cell 1:5:5: REC101 ")
    assert lines[2] == "Found 2 findings."


def test_notebook_on_standard_input():
    source = notebook("from mxnet import autograd, nd\nx = nd.ones(3)\nx.attach_grad()\n",
                      "with autograd.record():\n    x += 1\n")
    result = run_recordlint("lint", "-", "--stdin-filename", "analysis.ipynb", "--show-source", stdin=source)
    assert result.returncode == 1
    assert result.stdout.splitlines()[:4] == [
        result.stdout.splitlines()[0],
        "  |",
        "2 |     x += 1",
        "  |     ^^^^^^",
    ]
    assert result.stdout.replace(" [*] ", " ").startswith("analysis.ipynb:cell 2:2:5: REC101 ")
