"""Agreement of the linter with real MXNet on random programs, for humans.

    python tests/generator/report.py [--seed S] [--count N] [--dump DIR] [--show K]

Prints the statistics of tests/test_random_programs.py for the given seed
and count.  --dump DIR writes every disagreeing or unsound program to
DIR/<name>.py, with MXNet's events and the linter's findings in a trailing
comment; --show K prints the first K of them.  --model also reports where
the generator's own model of MXNet differs from MXNet (a generator issue,
not a linter one).  Needs the MXNet oracle (see tests/oracle/client.py).
"""
from __future__ import annotations

import argparse
import os
import pathlib
import sys
import time

TESTS = pathlib.Path(__file__).resolve().parents[1]
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

from generator import generate_programs  # noqa: E402
from generator.compare import compare_all, lint_programs  # noqa: E402
from oracle.client import oracle_python, run_programs  # noqa: E402


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int,
                        default=int(os.environ.get("RECORDLINT_RANDOM_SEED", "20240917")))
    parser.add_argument("--count", type=int,
                        default=int(os.environ.get("RECORDLINT_RANDOM_PROGRAMS", "600")))
    parser.add_argument("--dump", metavar="DIR", help="write disagreeing programs here")
    parser.add_argument("--show", type=int, default=0, metavar="K",
                        help="print the first K disagreeing programs")
    parser.add_argument("--model", action="store_true",
                        help="also compare the generator's model with MXNet")
    args = parser.parse_args(argv)
    if oracle_python() is None:
        parser.error("MXNet oracle not available: run `python tests/oracle/make_venv.py`"
                     " or set RECORDLINT_ORACLE_PYTHON")

    started = time.monotonic()
    programs = generate_programs(args.seed, args.count)
    events = run_programs([(p.name, p.source) for p in programs])
    findings = lint_programs(programs)
    summary = compare_all(programs, events, findings)
    print(summary.text())
    print("(seed %d, %d programs, %.1fs)" % (args.seed, args.count, time.monotonic() - started))

    bad = summary.generator_errors + summary.disagreements + summary.unsound
    for comparison in bad[:args.show]:
        print()
        print(comparison.describe())
    if args.model:
        differ = [p for p in programs
                  if sorted(set(p.model_events)) != sorted(
                      (line, kind) for line, kind in events[p.name] if kind in ("E1", "E2"))]
        print("\ngenerator model differs from MXNet in %d programs%s" % (
            len(differ), ": " + ", ".join(p.name for p in differ[:20]) if differ else ""))
    if args.dump:
        folder = pathlib.Path(args.dump)
        folder.mkdir(parents=True, exist_ok=True)
        for comparison in bad:
            text = comparison.describe().splitlines()
            body = comparison.program.source + "\n# " + "\n# ".join(
                line for line in text if not line[:3].strip().isdigit())
            (folder / (comparison.program.name + ".py")).write_text(body + "\n")
        print("wrote %d programs to %s" % (len(bad), folder))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
