"""Prints the robustness figures at the end of the run (and saves them for report.py)."""
from robustness.figures import FIGURES


def pytest_runtest_logreport(report):
    if report.when == "call" and report.passed and "test_hostile_inputs.py" in report.nodeid:
        FIGURES.hostile_inputs += 1


def pytest_terminal_summary(terminalreporter):
    if not FIGURES.has_any():
        return
    terminalreporter.write_sep("-", "robustness figures")
    for line in FIGURES.lines():
        terminalreporter.write_line(line)
    FIGURES.save()
