"""`recordlint lint`, with or without fixes, reads files and never runs them.

Every file of the linted project writes a marker file if it is ever imported or run: the
programs, a notebook cell, a package's `__init__.py`, a `conftest.py`, and files named like
modules recordlint itself imports (which `python -m` would find first in the current folder).
"""
from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

import pytest

from cli_helpers import run_recordlint

SHADOWING_MODULES = ("click", "libcst", "tomli", "typing_extensions", "mxnet", "numpy", "json", "difflib")


def leaves_a_marker(markers: pathlib.Path, name: str) -> str:
    return "import pathlib\npathlib.Path(%r).write_text('executed')\n" % str(markers / name)


def write_project(root: pathlib.Path, markers: pathlib.Path) -> None:
    program = ("from mxnet import autograd, nd\nx = nd.ones(3)\nx.attach_grad()\n"
               "with autograd.record():\n    x += 1\n    y = 2 * x\n")
    (root / "train.py").write_text(leaves_a_marker(markers, "train") + program)
    (root / "package").mkdir()
    (root / "package" / "__init__.py").write_text(leaves_a_marker(markers, "package") + program)
    (root / "conftest.py").write_text(leaves_a_marker(markers, "conftest") + program)
    for module in SHADOWING_MODULES:
        (root / (module + ".py")).write_text(leaves_a_marker(markers, module) + "# mxnet record\n")
    cell = leaves_a_marker(markers, "notebook") + program
    (root / "analysis.ipynb").write_text(json.dumps({
        "cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": cell}],
        "metadata": {"kernelspec": {"language": "python", "name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}))


def console_script():
    script = pathlib.Path(sys.executable).with_name("recordlint")
    return script if script.exists() else None


RUNS = {
    "lint": ("lint", "."),
    "lint in worker processes": ("lint", "--jobs", "2", "."),
    "fix": ("lint", "--fix", "."),
    "unsafe fixes": ("lint", "--fix", "--unsafe-fixes", "--jobs", "2", "."),
    "diff": ("lint", "--diff", "."),
    "json": ("lint", "--format", "json", "--show-source", "."),
}


@pytest.mark.parametrize("args", RUNS.values(), ids=list(RUNS))
def test_linting_and_fixing_never_run_the_linted_code(tmp_path, args):
    root, markers = tmp_path / "project", tmp_path / "markers"
    root.mkdir()
    markers.mkdir()
    write_project(root, markers)
    result = run_recordlint(*args, cwd=root)  # python -m recordlint, from the project's folder
    assert sorted(os.listdir(markers)) == []
    assert result.returncode in (0, 1), result.stderr
    assert "REC" in result.stdout or "+++" in result.stdout or "Found" in result.stdout


def test_standard_input_and_the_console_script_never_run_it_either(tmp_path):
    root, markers = tmp_path / "project", tmp_path / "markers"
    root.mkdir()
    markers.mkdir()
    write_project(root, markers)
    source = (root / "train.py").read_text()
    result = run_recordlint("lint", "--fix", "-", "--stdin-filename", "train.py", cwd=root, stdin=source)
    assert "x_1 = x + 1" in result.stdout
    script = console_script()
    if script is not None:
        subprocess.run([str(script), "lint", "--fix", "."], cwd=root, capture_output=True, timeout=300)
    assert sorted(os.listdir(markers)) == []
