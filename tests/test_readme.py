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
