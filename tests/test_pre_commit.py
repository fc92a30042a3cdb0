"""The pre-commit hooks, run by pre-commit itself from a copy of this repository."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from cli_helpers import FIXTURES, REPO

pytest.importorskip("pre_commit")
yaml = pytest.importorskip("yaml")  # pre-commit's own dependency

CLEAN_PROGRAM = (FIXTURES / "seed" / "in32_functional_add.py").read_text()
FAILING_PROGRAM = (FIXTURES / "seed" / "in24_augmented_assign.py").read_text()
GIT_IDENTITY = {"GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.com",
                "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.com"}


def git(*args, cwd):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=dict(os.environ, **GIT_IDENTITY))


def test_hooks_are_declared_for_python_and_notebooks():
    hooks = {hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"recordlint", "recordlint-fix"}
    assert hooks["recordlint"]["entry"].startswith("recordlint lint")
    assert hooks["recordlint-fix"]["entry"].startswith("recordlint lint --fix")
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["types_or"] == ["python", "jupyter"]


@pytest.fixture
def hook_repository(tmp_path):
    """This working tree, committed in a repository of its own (pre-commit installs from commits)."""
    copy = tmp_path / "hooks"
    shutil.copytree(REPO, copy, ignore=shutil.ignore_patterns(
        ".git", ".oracle-venv", "*.egg-info", "build", "__pycache__", ".pytest_cache", ".benchmarks"))
    git("init", "-q", cwd=copy)
    git("add", "-A", cwd=copy)
    git("commit", "-q", "-m", "hooks", cwd=copy)
    return copy


def try_repo(hook_repository, project, hook):
    env = dict(os.environ, PRE_COMMIT_HOME=str(project.parent / "pre-commit-home"), NO_COLOR="1", **GIT_IDENTITY)
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(hook_repository), hook,
                           "--all-files", "--color", "never"],
                          cwd=project, env=env, capture_output=True, text=True, timeout=900)


def test_lint_hook_fails_on_a_rejected_write_and_passes_once_it_is_gone(tmp_path, hook_repository):
    project = tmp_path / "project"
    project.mkdir()
    git("init", "-q", cwd=project)
    (project / "train.py").write_text(FAILING_PROGRAM)
    (project / "clean.py").write_text(CLEAN_PROGRAM)
    git("add", "-A", cwd=project)
    failing = try_repo(hook_repository, project, "recordlint")
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "train.py:10:5: REC101 [*] in-place `+=` on `x`" in failing.stdout
    assert "clean.py" not in failing.stdout.split("- exit code: 1", 1)[1]
    (project / "train.py").write_text(CLEAN_PROGRAM)
    git("add", "-A", cwd=project)
    passing = try_repo(hook_repository, project, "recordlint")
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "recordlint" in passing.stdout and "Passed" in passing.stdout


def test_fix_hook_rewrites_the_file_and_then_passes(tmp_path, hook_repository):
    project = tmp_path / "project"
    project.mkdir()
    git("init", "-q", cwd=project)
    (project / "train.py").write_text(FAILING_PROGRAM)
    git("add", "-A", cwd=project)
    fixing = try_repo(hook_repository, project, "recordlint-fix")
    assert fixing.returncode == 1, fixing.stdout + fixing.stderr  # pre-commit fails a hook that changed files
    assert "files were modified by this hook" in fixing.stdout
    fixed = (project / "train.py").read_text()
    assert "    x_1 = x + 2  # expect: REC101\n    y = 2 * x_1\n" in fixed
    git("add", "-A", cwd=project)
    again = try_repo(hook_repository, project, "recordlint-fix")
    assert again.returncode == 0, again.stdout + again.stderr
    assert (project / "train.py").read_text() == fixed
