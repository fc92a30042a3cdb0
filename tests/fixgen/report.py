"""The autofix on generated failing programs, under real MXNet, for humans.

    python tests/fixgen/report.py [--seed S] [--count N] [--show K] [--dump DIR] [--unfixable]

Prints what tests/test_fix_programs.py prints for the given seed and count:
the counts (fixed and proven / not fixable / failures), the reasons given for
the programs with no fix, the failure categories and a table by write form.
--show K prints the first K failures in full (one per category first).
--dump DIR writes each failure (and generator error) as DIR/NAME.py (the
program), NAME.fixed.py, NAME.functional.py and NAME.txt (outcomes and
findings); --unfixable dumps the programs with no fix too. Exits 1 when
there are failures. Needs the MXNet oracle (see tests/oracle/client.py).
"""
from __future__ import annotations

import argparse
import pathlib
import sys
import time

TESTS = pathlib.Path(__file__).resolve().parents[1]
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

from fixgen import generate_fix_programs  # noqa: E402
from fixgen.check import FAILURE, GENERATOR_ERROR, NOT_FIXABLE, check_programs  # noqa: E402
from fixgen import defaults  # noqa: E402
from oracle.client import oracle_python  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=defaults.seed(),
                        help="default: $RECORDLINT_FIX_SEED or %d" % defaults.DEFAULT_SEED)
    parser.add_argument("--count", type=int, default=defaults.count(),
                        help="default: $RECORDLINT_FIX_PROGRAMS or %d" % defaults.DEFAULT_COUNT)
    parser.add_argument("--show", type=int, default=0, metavar="K", help="print the first K failures")
    parser.add_argument("--dump", metavar="DIR", help="write the failing programs here")
    parser.add_argument("--unfixable", action="store_true", help="with --dump: the programs with no fix too")
    parser.add_argument("--jobs", type=int, default=None, help="processes that run the fixer")
    args = parser.parse_args(argv)
    if oracle_python() is None:
        parser.error("MXNet oracle not available: run `python tests/oracle/make_venv.py`"
                     " or set RECORDLINT_ORACLE_PYTHON")

    started = time.monotonic()
    programs = generate_fix_programs(args.seed, args.count)
    summary = check_programs(programs, args.seed, args.jobs)
    print(summary.text())
    print("(seed %d, %d programs, %.1fs in all)" % (args.seed, args.count, time.monotonic() - started))
    if args.show:
        print()
        print(summary.examples(limit=args.show))
    if args.dump:
        verdicts = {FAILURE, GENERATOR_ERROR} | ({NOT_FIXABLE} if args.unfixable else set())
        folder = pathlib.Path(args.dump)
        folder.mkdir(parents=True, exist_ok=True)
        dumped = [r for r in summary.results if r.verdict in verdicts]
        for result in dumped:
            name = result.program.name
            (folder / (name + ".py")).write_text(result.program.source)
            (folder / (name + ".fixed.py")).write_text(result.fixed.text)
            (folder / (name + ".functional.py")).write_text(result.program.functional)
            (folder / (name + ".txt")).write_text(result.describe() + "\n")
        print("wrote %d programs to %s" % (len(dumped), folder))
    return 1 if summary.failures or summary.generator_errors else 0


if __name__ == "__main__":
    sys.exit(main())
