"""The specification's case script on the engine: all 221 cases.

engine/inplace_cases.py is a copy of mxnet-inplace-cases.py, the script
behind mxnet-inplace-semantics.md.  Each case's outcome string (where it
raised and what, the probes' results, the values and gradients it shows)
must be the one MXNet 1.9.1 gives: the one recorded in the script, and the
one the oracle gives when the script runs there.
"""
from __future__ import annotations

import functools
import json
import pathlib
import subprocess
import sys

from oracle.client import require_oracle

CASES_DIR = pathlib.Path(__file__).resolve().parent / "engine"


@functools.lru_cache(maxsize=None)
def engine_outcomes():
    result = subprocess.run([sys.executable, "-m", "recordlint.runtime", "cases_on_engine.py"],
                            cwd=CASES_DIR, stdin=subprocess.DEVNULL, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def recorded_outcomes():
    """name -> the outcome stored with each case (observed on MXNet 1.9.1)."""
    namespace = {}
    source = (CASES_DIR / "inplace_cases.py").read_text()
    cases_start = source.index("LEAF = ")
    cases_end = source.index("def run_isolated(")
    exec(compile(source[cases_start:cases_end], "inplace_cases.py", "exec"), namespace)
    return {name: expected for name, expected, _ in namespace["CASES"]}


def oracle_outcomes(python):
    """name -> outcome, from running the case script itself under MXNet."""
    result = subprocess.run([str(python), "inplace_cases.py"], cwd=CASES_DIR,
                            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=600)
    outcomes = {}
    for line in result.stdout.splitlines():
        if " | " not in line:
            continue
        name, got = line.split(" | ", 1)
        outcomes[name.rstrip()] = got.split("   <-- DIFF, expected: ")[0]
    assert len(outcomes) == len(recorded_outcomes()), result.stderr[-3000:]
    return outcomes


def differences(expected, actual):
    return ["%s\n    MXNet:  %s\n    engine: %s" % (name, outcome, actual.get(name))
            for name, outcome in expected.items() if actual.get(name) != outcome]


def test_every_case_has_the_outcome_recorded_in_the_script():
    recorded = recorded_outcomes()
    assert len(recorded) == 221
    problems = differences(recorded, engine_outcomes())
    assert not problems, "\n".join(problems)


def test_every_case_has_the_outcome_mxnet_gives():
    python = require_oracle()
    problems = differences(oracle_outcomes(python), engine_outcomes())
    assert not problems, "\n".join(problems)
