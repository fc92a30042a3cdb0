"""The distribution installs as the packages recordlint and recordlint.rules, regular and editable."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from cli_helpers import FIXTURES, REPO, venv_seeing_these_packages


@pytest.mark.parametrize("editable", [False, True], ids=["regular", "editable"])
def test_install_and_run_console_script(tmp_path, editable):
    source = tmp_path / "src"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(".git", ".oracle-venv", "*.egg-info", "build", "__pycache__"))
    python = venv_seeing_these_packages(tmp_path / "venv")
    command = [str(python), "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--quiet"]
    command += ["-e", str(source)] if editable else [str(source)]
    subprocess.run(command, check=True, capture_output=True, cwd=tmp_path)
    where = subprocess.run([str(python), "-c", "import recordlint, recordlint.rules as r; print(recordlint.__file__); print(sorted(r.RULES)[0])"],
                           check=True, capture_output=True, text=True, cwd=tmp_path).stdout.split()
    assert where[1] == "REC101"
    assert where[0].startswith(str(source / "linter")) == editable
    result = subprocess.run([str(tmp_path / "venv" / "bin" / "recordlint"), "lint", str(FIXTURES / "seed" / "in33_relu_out.py")],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert ":9:5: REC102 " in result.stdout
