"""Counts the hostile-input tests passed (tests/conftest.py prints the figures)."""
from robustness.figures import FIGURES


def pytest_runtest_logreport(report):
    if report.when == "call" and report.passed and "test_hostile_inputs.py" in report.nodeid:
        FIGURES.hostile_inputs += 1
