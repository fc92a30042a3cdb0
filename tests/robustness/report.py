"""Prints the robustness figures: runs the fuzz, hostile-input and kill tests, then the tally.

    python3 tests/robustness/report.py            # what CI runs
    python3 tests/robustness/report.py --long     # ten times the fuzzing, random seed, 200 kills
"""
from __future__ import annotations

import argparse
import os
import pathlib
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
TESTS = HERE.parent
KILL_TEST = "test_fix_cli.py::test_a_fix_killed_at_any_moment_leaves_each_file_original_or_fixed"
sys.path.insert(0, str(TESTS))

from robustness.figures import FIGURES_FILE_VARIABLE, load  # noqa: E402 - needs the tests folder on the path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--long", action="store_true", help="10x the fuzzed inputs with a random seed, 200 kills")
    parser.add_argument("--kills", type=int, help="how many times to kill a fix run")
    arguments = parser.parse_args()
    environment = dict(os.environ)
    if arguments.long:
        environment["RECORDLINT_FUZZ"] = "long"
        environment["RECORDLINT_KILLS"] = "200"
    if arguments.kills is not None:
        environment["RECORDLINT_KILLS"] = str(arguments.kills)
    with tempfile.TemporaryDirectory() as folder:
        environment[FIGURES_FILE_VARIABLE] = os.path.join(folder, "figures.json")
        run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:warnings", "-p", "no:cacheprovider",
                              str(HERE), str(TESTS / KILL_TEST)],
                             cwd=TESTS.parent, env=environment, capture_output=True, text=True)
        if run.returncode != 0:
            sys.stdout.write(run.stdout + run.stderr)
        if not os.path.exists(environment[FIGURES_FILE_VARIABLE]):
            print("the tests ended before the figures were written", file=sys.stderr)
            return run.returncode or 1
        figures = load(environment[FIGURES_FILE_VARIABLE])
    print("\n".join(figures.lines()))
    print("tests: " + (run.stdout.strip().splitlines() or ["?"])[-1])
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
