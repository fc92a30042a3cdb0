"""What `recordlint lint` imports: never numpy, and libcst only for files worth parsing."""
from __future__ import annotations

import re

from cli_helpers import FIXTURES, run_recordlint
from expectations import expected_findings
from recordlint.source import may_record


def imported_modules(*args, tmp_path):
    result = run_recordlint(*args, cwd=tmp_path, extra_flags=("-X", "importtime"))
    return {m.group(1).strip() for m in re.finditer(r"^import time:.*\|\s*(\S.*)$", result.stderr, re.M)}, result


def test_file_without_recording_region_imports_neither_libcst_nor_numpy(tmp_path):
    (tmp_path / "plain.py").write_text("import mxnet as mx\nx = mx.nd.ones(3)\nx += 1\n")
    modules, result = imported_modules("lint", "plain.py", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "recordlint.cli" in modules  # the measurement itself works
    assert not {m for m in modules if m.split(".")[0] in ("libcst", "numpy")}


def test_file_with_recording_region_never_imports_numpy(tmp_path):
    (tmp_path / "rec.py").write_text("from mxnet import autograd, nd\nwith autograd.record():\n    y = nd.ones(3)\n")
    modules, result = imported_modules("lint", "rec.py", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "libcst" in modules
    assert not {m for m in modules if m.split(".")[0] == "numpy"}


def test_prefilter_admits_every_fixture_with_findings():
    """Every file whose own analysis finds something passes the prefilter. In the multi-module
    projects a module's findings may come from the scripts that call into it: those scripts pass
    (tests/test_packages.py lints the projects through the prefilter)."""
    packages = FIXTURES / "packages"
    for path in FIXTURES.rglob("*.py"):
        source = path.read_text()
        if path.is_relative_to(packages):
            if "autograd.record()" in source:
                assert may_record(path.read_bytes()), path
        elif expected_findings(source):
            assert may_record(path.read_bytes()), path


def test_toml_is_parsed_only_for_a_pyproject_that_mentions_recordlint(tmp_path):
    (tmp_path / "plain.py").write_text("x = 1\n")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "other"\n')
    modules, result = imported_modules("lint", "plain.py", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert not {m for m in modules if m.split(".")[0] in ("tomllib", "tomli")}
    (tmp_path / "pyproject.toml").write_text('[tool.recordlint]\nselect = ["REC1"]\n')
    modules, result = imported_modules("lint", "plain.py", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert {m for m in modules if m.split(".")[0] in ("tomllib", "tomli")}
