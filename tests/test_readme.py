"""The README's quick start is what CI runs."""
from __future__ import annotations

from cli_helpers import REPO


def quick_start_commands():
    text = (REPO / "README.md").read_text()
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [line.strip() for line in section.splitlines() if line.startswith("    ") and line.strip()]


def test_quick_start_has_exactly_two_commands_and_ci_runs_the_test_one():
    install_and_lint, test = quick_start_commands()
    assert "recordlint lint fixtures/" in install_and_lint
    assert "pytest" in test and "make_venv.py" in test
    ci_lines = [line.strip() for line in (REPO / ".ci" / "run").read_text().splitlines()]
    assert test in ci_lines


def test_the_pyproject_section_shown_is_a_valid_configuration(tmp_path):
    from cli_helpers import run_recordlint

    text = (REPO / "README.md").read_text()
    block = text.split("```toml\n", 1)[1].split("```", 1)[0]
    assert block.startswith("[tool.recordlint]\n")
    (tmp_path / "pyproject.toml").write_text(block)
    (tmp_path / "train.py").write_text("import mxnet\n")
    result = run_recordlint("lint", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
