import os
import sys

# Test helpers (the MXNet oracle client, the expectation parser, the program generator)
# live beside the tests and are imported by their plain names.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def pytest_terminal_summary(terminalreporter):
    """The robustness figures, when robustness tests ran (the kill test lives in test_fix_cli.py),
    printed at the end of the run and saved for tests/robustness/report.py."""
    from robustness.figures import FIGURES

    if not FIGURES.has_any():
        return
    terminalreporter.write_sep("-", "robustness figures")
    for line in FIGURES.lines():
        terminalreporter.write_line(line)
    FIGURES.save()
