"""Fixing generated programs and judging the fixes under real MXNet.

Each program is fixed with ``fix_text(source, path, unsafe=True)``. The
program as written, the fixed program and the functional reading then run
under MXNet 1.9.1 (one batch, tests/oracle/grads_runner.py). A program is

* a generator error when the program does not raise the error the generator
  expects (E1 or E2), or its functional reading does not run;
* not fixable when a finding that says "(no automatic fix: ...)" remains;
* fixed and proven when the fixed program runs without error and every
  leaf's gradient equals the functional reading's (rtol 1e-4, atol 1e-5),
  and so does the loss's value;
* a failure otherwise (the fixer raised, the fixed program raised or
  crashed, or a gradient or the loss differs or is missing).

The runner reports gradient buffers only, so LOSS_PROBE, appended to the
fixed program and to the functional reading when they run (never to what the
fixer sees), puts the loss's value in the gradient buffer of `loss_value`.
"""
from __future__ import annotations

import json
import math
import os
import pathlib
import re
import subprocess
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence

from .programs import FixProgram

RTOL, ATOL = 1e-4, 1e-5
E1_TEXT = "Assigning to NDArrays that are already in a computational graph"
E2_TEXT = "Inplace operations (+=, -=, x[:]=, etc) are not supported"
NO_FIX = "no automatic fix"
NO_FIX_REASON = re.compile(r"\(no automatic fix: (.*)\)\s*$")
PARALLEL_FROM = 64  # fix in worker processes from this many programs on
LOSS_PROBE = ("loss_value = loss.detach().reshape((1,)).copy()\n"
              "loss_value.attach_grad()\n"
              "loss_value.grad[:] = loss_value\n")
LOSS_KEY = "loss_value.grad"

PROVEN, NOT_FIXABLE = "fixed and proven", "not fixable"
FAILURE, GENERATOR_ERROR = "failure", "generator error"


@dataclass
class Fixed:
    """What ``fix_text`` made of one program."""

    text: str
    applied: int = 0
    remaining: List[str] = field(default_factory=list)  # "line N: CODE message"
    unfixable: List[str] = field(default_factory=list)  # the reasons given by "no automatic fix"
    crashed: str = ""  # the fixer's own exception, if it raised


def fix_one(name: str, source: str) -> Fixed:
    from recordlint.fixes.apply import fix_text

    try:
        outcome = fix_text(source, name + ".py", unsafe=True)
    except Exception as exc:  # a fixer bug is a finding of this test, not a crash of it
        return Fixed(source, crashed="%s: %s" % (type(exc).__name__, exc))
    fixed = Fixed(outcome.text, outcome.applied)
    for finding in outcome.remaining:
        fixed.remaining.append("line %d: %s %s" % (finding.line, finding.code, finding.message))
        if NO_FIX in finding.message:
            match = NO_FIX_REASON.search(finding.message)
            fixed.unfixable.append(match.group(1) if match else finding.message)
    return fixed


def _fix_pair(pair):
    return fix_one(*pair)


def fix_programs(programs: Sequence[FixProgram], jobs: Optional[int] = None) -> Dict[str, Fixed]:
    pairs = [(p.name, p.source) for p in programs]
    if jobs is None:
        jobs = min(4, os.cpu_count() or 1) if len(pairs) >= PARALLEL_FROM else 1
    if jobs <= 1:
        results = [fix_one(*pair) for pair in pairs]
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(_fix_pair, pairs, chunksize=16))
    return {name: result for (name, _), result in zip(pairs, results)}


def run_batch(programs) -> dict:
    """name -> outcome of each (name, source) under MXNet: one run_for_gradients call; if a program
    kills the interpreter, the batch runs again, going on after each program that does so, which
    gets the outcome "CRASH: <last line of stderr>"."""
    from oracle.gradients import run_for_gradients

    try:
        return run_for_gradients(programs)
    except RuntimeError:
        return run_resuming(programs)


def run_resuming(programs, timeout: float = 600) -> dict:
    from oracle.client import require_oracle
    from oracle.gradients import RUNNER

    python = require_oracle()
    outcomes: dict = {}
    pending = list(programs)
    silent = 0  # rounds in a row in which the runner printed nothing
    while pending:
        with tempfile.TemporaryDirectory() as folder:
            batch = pathlib.Path(folder) / "programs.json"
            batch.write_text(json.dumps([{"name": name, "source": source} for name, source in pending]))
            result = subprocess.run([str(python), str(RUNNER), str(batch)], capture_output=True, text=True,
                                    timeout=timeout, cwd=folder, stdin=subprocess.DEVNULL)
        lines = result.stdout.splitlines()
        for line in lines:
            try:
                record = json.loads(line)
            except ValueError:
                continue
            outcomes[record.pop("name")] = record
        silent = 0 if lines else silent + 1
        if silent == 3:  # the runner itself does not start
            raise RuntimeError("gradient runner failed:\n" + result.stderr[-3000:])
        left = [i for i, (name, _) in enumerate(pending) if name not in outcomes]
        if not left:
            break
        stderr = result.stderr.strip().splitlines()
        outcomes[pending[left[0]][0]] = {"error": "CRASH: " + (stderr[-1][:200] if stderr else "no outcome"),
                                         "values": {}}
        pending = pending[left[0] + 1:]
    return outcomes


def error_kind(error: Optional[str]) -> Optional[str]:
    if error is None:
        return None
    if E1_TEXT in error:
        return "E1"
    if E2_TEXT in error:
        return "E2"
    if error.startswith("CRASH"):
        return "crash"
    return error.split(":", 1)[0]


def close(a, b) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b))
    if isinstance(a, list) or isinstance(b, list):
        return False
    return math.isclose(a, b, rel_tol=RTOL, abs_tol=ATOL)


def shorten(error: str) -> str:
    """An error message as a category: numbers and quoted names elided."""
    text = error.replace("MXNetError: ", "").replace("Check failed: ", "")
    text = re.sub(r"\[[-\d, ]*\]|\(\d[\d, ]*\)|\b\d+\b", "N", text)
    text = re.sub(r"'[^']*'|`[^`]*`", "'…'", text)
    return text[:110]


@dataclass
class Result:
    program: FixProgram
    fixed: Fixed
    original: dict
    after: dict  # the fixed program's outcome
    functional: dict
    verdict: str = ""
    category: str = ""  # the failure's or generator error's kind, or the reason there is no fix
    detail: str = ""

    def describe(self) -> str:
        p = self.program
        lines = ["=" * 78,
                 "%s: %s (%s)" % (p.name, self.verdict, self.category),
                 "writes: %s; interface %s, style %s; MXNet should raise %s"
                 % (", ".join(p.forms), p.interface, p.style, p.expected_error)]
        if self.detail:
            lines.append(self.detail)
        lines += ["--- program", p.source.rstrip("\n"),
                  "--- fixed (%d fixes applied)" % self.fixed.applied, self.fixed.text.rstrip("\n")]
        if self.fixed.crashed:
            lines.append("--- the fixer raised: " + self.fixed.crashed)
        if self.fixed.remaining:
            lines.append("--- findings left: " + "; ".join(self.fixed.remaining))
        lines += ["--- functional reading", p.functional.rstrip("\n"),
                  "--- outcomes",
                  "program:            %s" % outcome_text(self.original),
                  "fixed program:      %s" % outcome_text(self.after),
                  "functional reading: %s" % outcome_text(self.functional)]
        return "\n".join(lines)


def outcome_text(outcome: dict) -> str:
    if outcome.get("error"):
        return "raises " + outcome["error"]
    return "runs; " + ", ".join("%s = %s" % item for item in sorted(outcome.get("values", {}).items()))


def judge(program: FixProgram, fixed: Fixed, original: dict, after: dict, functional: dict) -> Result:
    result = Result(program, fixed, original, after, functional)
    kind = error_kind(original["error"])
    if kind != program.expected_error:
        result.verdict, result.category = GENERATOR_ERROR, "the program %s, expected %s" % (
            "runs" if kind is None else "raises " + kind, program.expected_error)
        return result
    leaves = ["%s.grad" % leaf for leaf in program.leaves]
    if functional["error"] or any(key not in functional["values"] for key in leaves + [LOSS_KEY]):
        result.verdict = GENERATOR_ERROR
        result.category = "the functional reading raises " + shorten(functional["error"] or "no gradient")
        return result
    if fixed.crashed:
        result.verdict, result.category = FAILURE, "the fixer raises " + fixed.crashed.split(":")[0]
        result.detail = fixed.crashed
        return result
    if fixed.unfixable:
        result.verdict, result.category = NOT_FIXABLE, re.sub(r"`[^`]*`", "`…`", fixed.unfixable[0])
        return result
    result.verdict = FAILURE
    if after["error"]:
        kind = error_kind(after["error"])
        if kind == "crash":
            result.category = "the fixed program crashes (%s)" % after["error"][len("CRASH: "):]
        else:
            kind = kind if kind in ("E1", "E2") else shorten(after["error"])
            result.category = "the fixed program raises " + kind
        return result
    missing = [key for key in leaves + [LOSS_KEY] if key not in after["values"]]
    differing = [key for key in leaves + [LOSS_KEY]
                 if key not in missing and not close(after["values"][key], functional["values"][key])]
    if missing or differing:
        if missing:
            result.category = "a leaf's gradient is missing" if set(missing) - {LOSS_KEY} else "no loss"
        else:
            result.category = "a gradient differs" if set(differing) - {LOSS_KEY} else "the loss differs"
        result.detail = "\n".join(
            ["%s missing in the fixed program" % key for key in missing]
            + ["%s: fixed %s, functional reading %s" % (key, after["values"][key], functional["values"][key])
               for key in differing])
        return result
    result.verdict, result.category = PROVEN, ""
    return result


@dataclass
class Summary:
    results: List[Result]
    seed: Optional[int] = None
    timings: Dict[str, float] = field(default_factory=dict)

    def of(self, verdict: str) -> List[Result]:
        return [r for r in self.results if r.verdict == verdict]

    @property
    def proven(self):
        return self.of(PROVEN)

    @property
    def not_fixable(self):
        return self.of(NOT_FIXABLE)

    @property
    def failures(self):
        return self.of(FAILURE)

    @property
    def generator_errors(self):
        return self.of(GENERATOR_ERROR)

    def counts(self) -> str:
        text = "%d programs: %d fixed and proven, %d not fixable, %d failures" % (
            len(self.results), len(self.proven), len(self.not_fixable), len(self.failures))
        if self.generator_errors:
            text += ", %d generator errors" % len(self.generator_errors)
        return text

    def text(self) -> str:
        lines = ["fixed programs under MXNet%s: %s" % (
            "" if self.seed is None else " (seed %d)" % self.seed, self.counts())]
        for title, results in (("not fixable", self.not_fixable), ("failures", self.failures),
                               ("generator errors", self.generator_errors)):
            if results:
                lines.append("%s, by reason:" % title)
                for reason, count in Counter(r.category for r in results).most_common():
                    lines.append("  %4d  %s" % (count, reason))
        lines.append("by write form (programs using it: proven / not fixable / failures):")
        table: Dict[str, Counter] = {}
        for result in self.results:
            for form in set(result.program.forms):
                table.setdefault(form, Counter())[result.verdict] += 1
        for form in sorted(table):
            row = table[form]
            lines.append("  %-34s %4d / %4d / %4d" % (form, row[PROVEN], row[NOT_FIXABLE], row[FAILURE]))
        if self.timings:
            lines.append("(" + ", ".join("%s %.1fs" % item for item in self.timings.items()) + ")")
        return "\n".join(lines)

    def examples(self, verdicts=(FAILURE, GENERATOR_ERROR), limit: int = 10) -> str:
        """Full listings: the shortest program of each category first, then others, up to ``limit``;
        then the names of the rest."""
        chosen: List[Result] = []
        bad = sorted((r for r in self.results if r.verdict in verdicts),
                     key=lambda r: (r.verdict, len(r.program.source)))
        for result in bad:
            if result.category not in {c.category for c in chosen}:
                chosen.append(result)
        for result in bad:
            if len(chosen) >= limit:
                break
            if all(result is not c for c in chosen):
                chosen.append(result)
        names = {r.program.name for r in chosen}
        text = "\n".join(result.describe() for result in chosen)
        rest = [r.program.name for r in bad if r.program.name not in names]
        if rest:
            text += "\n\nnot listed: " + ", ".join(rest)
        return text


def with_probe(source: str) -> str:
    return source + ("" if source.endswith("\n") else "\n") + LOSS_PROBE


def check_programs(programs: Sequence[FixProgram], seed: Optional[int] = None,
                   jobs: Optional[int] = None) -> Summary:
    started = time.monotonic()
    fixes = fix_programs(programs, jobs)
    fixed_at = time.monotonic()
    batch = []
    for program in programs:
        batch += [(program.name + ".program", program.source),
                  (program.name + ".fixed", with_probe(fixes[program.name].text)),
                  (program.name + ".functional", with_probe(program.functional))]
    outcomes = run_batch(batch)
    ran_at = time.monotonic()
    results = [judge(p, fixes[p.name], outcomes[p.name + ".program"], outcomes[p.name + ".fixed"],
                     outcomes[p.name + ".functional"]) for p in programs]
    return Summary(results, seed, {"fix": fixed_at - started, "MXNet": ran_at - fixed_at})
