"""The engine against MXNet 1.9.1, program by program.

Every fixture and a batch of seeded random programs (tests/generator) run
twice through the oracle's runner, under catch-and-continue semantics
(every simple statement in its own try/except): once under MXNet, once
under the engine (`python -m recordlint.runtime runner.py ...`).  They must
agree on every (line, kind) event (E1, E2, CRASH or an exception class), and
on the gradient of every module-level attach_grad leaf at the end
(allclose, rtol 1e-4, atol 1e-5), except in programs that draw random
numbers (random arrays, Gluon's initializers), whose values differ.
"""
from __future__ import annotations

import functools
import pathlib
import re
import sys

import numpy
import pytest

from generator import generate_programs
from oracle.client import require_oracle, run_programs_with_grads
from packages import in_package_fixtures

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures"
ENGINE = [sys.executable, "-m", "recordlint.runtime"]
RANDOM_SEED = 20241126
RANDOM_COUNT = 1200
RANDOM_VALUES = re.compile(r"\brandom\b|\.initialize\(")


def draws_random_values(source):
    return bool(RANDOM_VALUES.search(source))


def disagreements(programs):
    """Run `programs` ((name, source)) on both runtimes: (problems, summary)."""
    mxnet = run_programs_with_grads(programs)
    engine = run_programs_with_grads(programs, command=ENGINE)
    problems, events, gradients = [], 0, 0
    for name, source in programs:
        expected, actual = mxnet[name], engine[name]
        events += len(expected.events)
        if expected.events != actual.events:
            problems.append("%s: events MXNet %s, engine %s" % (name, expected.events, actual.events))
            continue
        if draws_random_values(source):
            continue
        for leaf in sorted(set(expected.grads) | set(actual.grads)):
            want, got = expected.grads.get(leaf), actual.grads.get(leaf)
            gradients += want is not None
            if not _same_gradient(want, got):
                problems.append("%s: %s.grad MXNet %s, engine %s" % (name, leaf, want, got))
    summary = "%d programs, %d events, %d gradients compared, %d disagreements" % (
        len(programs), events, gradients, len(problems))
    return problems, summary


def _same_gradient(want, got):
    if want is None or got is None:
        return want is None and got is None
    want, got = numpy.asarray(want), numpy.asarray(got)
    return want.shape == got.shape and numpy.allclose(got, want, rtol=1e-4, atol=1e-5)


@functools.lru_cache(maxsize=None)
def fixture_programs():
    return tuple((path.relative_to(FIXTURES).as_posix(), path.read_text())
                 for path in sorted(FIXTURES.rglob("*.py")) if not in_package_fixtures(path))


def test_every_fixture_runs_the_same_on_the_engine():
    require_oracle()
    problems, summary = disagreements(list(fixture_programs()))
    print("fixtures:", summary)
    assert not problems, summary + "\n" + "\n".join(problems)


@pytest.mark.parametrize("seed", [RANDOM_SEED])
def test_random_programs_run_the_same_on_the_engine(seed):
    require_oracle()
    programs = [(program.name, program.source) for program in generate_programs(seed, RANDOM_COUNT)]
    problems, summary = disagreements(programs)
    print("random programs (seed %d): %s" % (seed, summary))
    assert not problems, summary + "\n" + "\n".join(problems)
