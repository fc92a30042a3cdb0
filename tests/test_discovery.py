"""Which files a run lints: .gitignore, .git/info/exclude, excludes, --force-exclude, explicit paths."""
from __future__ import annotations

import json
import os
import subprocess

import pytest

from cli_helpers import run_recordlint
from recordlint.globs import compile_pattern

PROGRAM = (
    "from mxnet import autograd, nd\n"
    "x = nd.ones(3)\n"
    "x.attach_grad()\n"
    "with autograd.record():\n"
    "    x += 1\n"
)


def make_tree(root, files):
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)


def linted(*args, cwd):
    result = run_recordlint("lint", "--format", "json", *args, cwd=cwd)
    assert result.returncode in (0, 1), result.stderr
    return sorted({f["path"] for f in json.loads(result.stdout)})


@pytest.fixture
def repository(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    make_tree(tmp_path, {
        ".gitignore": "generated/\n*.gen.py\n!keep.gen.py\n/rooted.py\n",
        ".git/info/exclude": "local_*.py\n",
        "a.py": PROGRAM,
        "generated/b.py": PROGRAM,
        "x.gen.py": PROGRAM,
        "keep.gen.py": PROGRAM,
        "rooted.py": PROGRAM,
        "sub/rooted.py": PROGRAM,  # `/rooted.py` is anchored to the top folder
        "local_notes.py": PROGRAM,
        "sub/.gitignore": "!x.gen.py\nonly_here.py\n",
        "sub/x.gen.py": PROGRAM,
        "sub/only_here.py": PROGRAM,
        "only_here.py": PROGRAM,
        "nb/analysis.ipynb": json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
            {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": PROGRAM}]}),
    })
    return tmp_path


def test_gitignore_and_info_exclude_are_respected(repository):
    assert linted(cwd=repository) == [
        "a.py", "keep.gen.py", "nb/analysis.ipynb", "only_here.py", "sub/rooted.py", "sub/x.gen.py",
    ]


def test_gitignore_can_be_turned_off(repository):
    everything = linted("--no-respect-gitignore", cwd=repository)
    assert "generated/b.py" in everything and "local_notes.py" in everything and len(everything) == 11
    (repository / "pyproject.toml").write_text("[tool.recordlint]\nrespect-gitignore = false\n")
    assert linted(cwd=repository) == everything


def test_explicit_paths_are_linted_even_when_excluded_unless_forced(repository):
    named = ["generated/b.py", "x.gen.py", "local_notes.py"]
    assert linted(*named, cwd=repository) == sorted(named)
    assert linted("--force-exclude", *named, "a.py", cwd=repository) == ["a.py"]


def test_force_exclude_applies_default_and_configured_excludes_to_folders_of_named_files(tmp_path):
    make_tree(tmp_path, {"build/lib/a.py": PROGRAM, "src/b.py": PROGRAM, "src/c.py": PROGRAM,
                         "pyproject.toml": '[tool.recordlint]\nextend-exclude = ["src/c.py"]\n'})
    assert linted("build/lib/a.py", "src/b.py", "src/c.py", cwd=tmp_path) == ["build/lib/a.py", "src/b.py", "src/c.py"]
    assert linted("--force-exclude", "build/lib/a.py", "src/b.py", "src/c.py", cwd=tmp_path) == ["src/b.py"]


def test_gitignore_outside_a_work_tree_ignores_nothing(tmp_path):
    make_tree(tmp_path, {".gitignore": "*.py\n", "a.py": PROGRAM})
    assert linted(cwd=tmp_path) == ["a.py"]


def test_a_named_folder_is_searched_even_when_excluded(tmp_path):
    make_tree(tmp_path, {"build/a.py": PROGRAM, "build/dist/b.py": PROGRAM})
    assert linted("build", cwd=tmp_path) == [os.path.join("build", "a.py")]


@pytest.mark.parametrize("pattern,path,is_dir,matches", [
    ("build", "x/build", True, True),
    ("build", "x/build", False, True),
    ("build/", "x/build", False, False),
    ("/build", "x/build", True, False),
    ("/build", "build", True, True),
    ("doc/*.txt", "doc/a.txt", False, True),
    ("doc/*.txt", "doc/sub/a.txt", False, False),
    ("doc/**/*.txt", "doc/sub/deeper/a.txt", False, True),
    ("doc/**/*.txt", "doc/a.txt", False, True),
    ("**/cache", "a/b/cache", True, True),
    ("logs/**", "logs/a/b.log", False, True),
    ("logs/**", "logs", True, False),
    ("*.py[co]", "a/b.pyc", False, True),
    ("[!a]*.py", "x/a.py", False, False),
    ("[!a]*.py", "x/b.py", False, True),
    ("file?.py", "file1.py", False, True),
    ("file?.py", "file10.py", False, False),
    ("\\#hash.py", "#hash.py", False, True),
    ("trailing.py   ", "trailing.py", False, True),
])
def test_gitignore_pattern_syntax(tmp_path, pattern, path, is_dir, matches):
    compiled = compile_pattern(pattern, str(tmp_path))
    assert compiled.matches(str(tmp_path / path), is_dir) == matches


@pytest.mark.parametrize("line", ["", "   ", "# a comment", "/"])
def test_blank_and_comment_lines_are_no_patterns(tmp_path, line):
    assert compile_pattern(line, str(tmp_path)) is None
