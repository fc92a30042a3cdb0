"""`recordlint confirm`: judge a file's findings by running it on the engine.

Each finding gets a status from the run: `confirmed` (the run raised at its
statement), `not reached` (the run stopped before getting there, or never
went there), or `refuted` (the run went through its statement without
raising).  A raise of one of MXNet's in-place errors (or MXNet's crash) at a
statement without a finding is `missed`.
"""
from __future__ import annotations

import ast
import json
from dataclasses import dataclass, field
from typing import List

from recordlint.api import lint_file
from recordlint.rules.base import chain_calls
from recordlint.sandbox import ProgramRun, run_program
from recordlint.selection import default_codes
from recordlint.statements import statement_starts

CONFIRMED, NOT_REACHED, REFUTED = "confirmed", "not reached", "refuted"
# The rules judged: those that predict MXNet's in-place errors (or its crash),
# for certain (REC1xx) or on some paths (REC2xx).  A run cannot confirm the
# others (a lost gradient, a write that fails only once a block is hybridized).
JUDGED_RULES = ("REC1", "REC2")
PREDICTED_KINDS = ("E1", "E2", "crash")


@dataclass
class Confirmation:
    path: str
    run: ProgramRun
    findings: List[dict] = field(default_factory=list)  # line, column, code, message, status
    missed: List[dict] = field(default_factory=list)  # line, message

    @property
    def agrees(self):
        """Every finding confirmed or not reached, and no raise missed."""
        return not self.missed and all(f["status"] != REFUTED for f in self.findings)

    def as_json(self):
        run = self.run
        return json.dumps({"path": self.path, "outcome": run.outcome, "line": run.line,
                           "message": run.message, "grads": run.grads,
                           "findings": self.findings, "missed": self.missed})

    def as_text(self):
        run = self.run
        head = "%s: %s" % (self.path, run.outcome)
        if run.outcome != "ok":
            head += (" at line %d" % run.line if run.line else "") + ": " + (run.message or "")
        lines = [head]
        for name, grad in sorted((run.grads or {}).items()):
            lines.append("    %s.grad = %s" % (name, "null (never written)" if grad is None else grad))
        for finding in self.findings:
            where = " (the write: %s)" % finding["where"] if "where" in finding else ""
            lines.append("    %d:%d: %s %s%s" % (finding["line"], finding["column"], finding["code"],
                                                 finding["status"], where))
        for raise_ in self.missed:
            lines.append("    %d: missed: %s" % (raise_["line"], raise_["message"]))
        return "\n".join(lines)


def _statement_lines(path):
    """line -> first line of its statement (empty if the file does not parse)."""
    try:
        with open(path, "rb") as handle:
            return statement_starts(ast.parse(handle.read(), filename=path))
    except (OSError, SyntaxError, ValueError):
        return {}


def judge(path, run, findings, reached=()):
    """Statuses of `findings` (recordlint Findings in ``path``) against `run`, and of the
    findings in other modules ``reached`` from ``path``, as (line of the call here, Finding)."""
    starts = _statement_lines(path)
    statement = lambda line: starts.get(line, line)  # noqa: E731 - a local shorthand
    stop = statement(run.line) if run.line is not None and run.outcome != "ok" else None
    raised_there = run.outcome == "raised" or run.kind == "crash"
    executed = {statement(line) for line in run.executed}
    judged, predicted = [], set()
    for finding in findings:
        line = statement(finding.line)
        predicted.add(line)
        if line == stop:
            status = CONFIRMED if raised_there else NOT_REACHED
        elif line in executed:
            status = REFUTED
        else:
            status = NOT_REACHED
        judged.append({"line": finding.line, "column": finding.column, "code": finding.code,
                       "message": finding.message, "status": status})
    for call_line, finding in reached:
        # the raise surfaces here at the call; a run through the call may take another path there
        line = statement(call_line)
        predicted.add(line)
        status = CONFIRMED if line == stop and raised_there else NOT_REACHED
        judged.append({"line": call_line, "column": 1, "code": finding.code, "message": finding.message,
                       "status": status, "where": "%s:%d:%d" % (finding.path, finding.line, finding.column)})
    missed = []
    if stop is not None and run.kind in PREDICTED_KINDS and stop not in predicted:
        missed.append({"line": stop, "message": run.message})
    if run.line is not None:
        run.line = statement(run.line)
    return Confirmation(path, run, judged, missed)


def confirm_file(path, time_limit, memory_limit_mb):
    run = run_program(path, time_limit, memory_limit_mb)
    codes = [code for code in default_codes() if code.startswith(JUDGED_RULES)]
    findings = lint_file(path, codes)
    own = [finding for finding in findings if finding.path == path]
    reached = []
    for finding in findings:
        if finding.path != path:
            # MXNet's error surfaces at the innermost call made from this file
            here = [line for where, line in chain_calls(finding.message, finding.path) if where == path]
            if here:
                reached.append((here[-1], finding))
    return judge(path, run, own, reached)
