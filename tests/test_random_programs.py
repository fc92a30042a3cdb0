"""Differential test: random MXNet programs through the linter and real MXNet.

A fixed seed generates RECORDLINT_RANDOM_PROGRAMS programs (default 600;
RECORDLINT_RANDOM_SEED changes the seed) with tests/generator.  All of them
run in one batch under real MXNet (oracle/client.py, catch-and-continue:
every statement that raises is recorded and the program goes on), and each
is linted with recordlint.api.lint_source.

* Deterministic programs: MXNet's E1/E2 lines must equal the REC1xx lines.
* Programs with a condition on array values: every MXNet E1/E2 line must
  have a REC1xx or REC2xx finding, and every REC1xx line that ran must be an
  MXNet line (see generator/compare.py).
* No other exception may occur: that would be a generator bug.

`pytest -s` prints the summary (precision/recall, exact agreement); it is
also part of any failure message.  tests/generator/report.py prints the same
for any seed and count, and can dump the disagreeing programs.
"""
from __future__ import annotations

import os
import time

from generator import generate_programs
from generator.compare import compare_all, lint_programs
from generator.programs import MAX_LINES, MIN_LINES

SEED = int(os.environ.get("RECORDLINT_RANDOM_SEED", "20240917"))
COUNT = int(os.environ.get("RECORDLINT_RANDOM_PROGRAMS", "600"))
SHOWN = 5  # disagreeing programs listed in a failure message


def test_generator_is_deterministic_and_well_formed():
    first = generate_programs(SEED, 40)
    again = generate_programs(SEED, 40)
    assert [p.source for p in first] == [p.source for p in again]
    assert len({p.source for p in first}) == len(first)
    for program in first:
        compile(program.source, program.name, "exec")
        assert MIN_LINES <= program.line_count <= MAX_LINES, program.source
        assert ";" not in program.source, program.source
        assert "mxnet" in program.source


def test_random_programs_agree_with_mxnet():
    from oracle.client import require_oracle, run_programs

    require_oracle()
    started = time.monotonic()
    programs = generate_programs(SEED, COUNT)
    generated = time.monotonic()
    events = run_programs([(p.name, p.source) for p in programs])
    ran = time.monotonic()
    findings = lint_programs(programs)
    linted = time.monotonic()
    summary = compare_all(programs, events, findings)
    report = "%s\n(seed %d; generate %.1fs, MXNet %.1fs, lint %.1fs)" % (
        summary.text(), SEED, generated - started, ran - generated, linted - ran)
    print("\n" + report)

    problems = []
    for title, failing in (
            ("programs raising something other than E1/E2 (a generator bug)",
             summary.generator_errors),
            ("deterministic programs where the linter disagrees with MXNet", summary.disagreements),
            ("data-dependent programs where the linter is unsound", summary.unsound)):
        if failing:
            shown = "\n\n".join(c.describe() for c in failing[:SHOWN])
            problems.append("%d %s (first %d):\n%s" % (len(failing), title,
                                                       min(SHOWN, len(failing)), shown))
    assert not problems, report + "\n\n" + "\n\n".join(problems)
