"""Compare the linter's findings on a generated program with real MXNet.

Deterministic programs (no condition on array values): the lines where
MXNet raised E1/E2 must be exactly the lines with a REC1xx finding.

Programs with a data-dependent condition: the linter cannot know which
branch runs, and MXNet runs only one of them, so only a sound criterion is
checked:

* every line where MXNet raised E1/E2 has a REC1xx or REC2xx finding
  (nothing is missed on the path MXNet took);
* every REC1xx line that ran (per the generator, which knows the branch)
  is a line where MXNet raised.  REC1xx claims "raises whenever it runs";
  a REC1xx line in a branch that did not run cannot be checked by this run.

REC2xx findings in deterministic programs are not errors of this
comparison (nothing there depends on data, so they are imprecise rather
than wrong); they are counted in the summary.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

AUTOGRAD_KINDS = ("E1", "E2")


@dataclass
class Comparison:
    program: object
    events: list  # MXNet (line, kind)
    findings: list  # linter findings
    mx_lines: frozenset = field(default=frozenset())
    sure_lines: frozenset = field(default=frozenset())  # REC1xx
    maybe_lines: frozenset = field(default=frozenset())  # REC2xx
    other_events: list = field(default_factory=list)  # neither E1 nor E2: a generator bug
    unreadable: bool = False  # REC901
    missed: frozenset = field(default=frozenset())  # MXNet raised, linter silent (or only REC2xx)
    false_alarms: frozenset = field(default=frozenset())  # REC1xx, MXNet did not raise

    @property
    def agrees(self):
        return not (self.missed or self.false_alarms or self.unreadable)

    @property
    def data_dependent(self):
        return self.program.data_dependent

    def describe(self):
        """Source with line numbers, MXNet's events and the linter's findings."""
        p = self.program
        out = ["--- %s (%s)" % (p.name, "data-dependent" if p.data_dependent else "deterministic")]
        marks = {}
        for line in self.missed:
            marks[line] = "   <-- missed: MXNet raises"
        for line in self.false_alarms:
            marks[line] = "   <-- false alarm: REC1xx, MXNet does not raise"
        for i, text in enumerate(p.source.splitlines(), 1):
            out.append("%3d  %s%s" % (i, text, marks.get(i, "")))
        out.append("MXNet events: %s" % (sorted(self.events) or "none"))
        out.append("linter findings: %s" % (
            ["%d %s" % (f.line, f.code) for f in sorted(self.findings, key=lambda f: f.line)]
            or "none"))
        if p.data_dependent:
            out.append("lines that did not run: %s" % sorted(p.unexecuted_lines))
        return "\n".join(out)


def call_sites(message):
    """The lines of the calls through which a finding was reached, from its message."""
    reached = message.split("(reached from ", 1)
    return [int(line) for line in re.findall(r"line (\d+) via", reached[1])] if len(reached) == 2 else []


def compare_program(program, events, findings):
    mx_lines = frozenset(line for line, kind in events if kind in AUTOGRAD_KINDS)
    sure = frozenset(f.line for f in findings if f.code.startswith("REC1"))
    maybe = frozenset(f.line for f in findings if f.code.startswith("REC2"))
    c = Comparison(program, list(events), list(findings), mx_lines, sure, maybe,
                   [(line, kind) for line, kind in events if kind not in AUTOGRAD_KINDS],
                   any(f.code == "REC901" for f in findings))
    if program.data_dependent:
        c.missed = mx_lines - sure - maybe
        # A finding is judged by this run only if the run went through the write and through
        # every call on the path the finding names (a helper may run elsewhere, not recording).
        judged = frozenset(f.line for f in findings if f.code.startswith("REC1")
                           and f.line in program.executed_lines
                           and set(call_sites(f.message)) <= program.executed_lines)
        c.false_alarms = judged - mx_lines
    else:
        c.missed = mx_lines - sure
        c.false_alarms = sure - mx_lines
    return c


def _ratio(num, den):
    return "%.3f" % (num / den) if den else "n/a"


class Summary:
    """Program-level statistics over comparisons."""

    def __init__(self, comparisons):
        self.comparisons = list(comparisons)
        self.deterministic = [c for c in self.comparisons if not c.data_dependent]
        self.data_dependent = [c for c in self.comparisons if c.data_dependent]

    @property
    def generator_errors(self):
        return [c for c in self.comparisons if c.other_events]

    @property
    def disagreements(self):
        return [c for c in self.deterministic if not c.agrees]

    @property
    def unsound(self):
        return [c for c in self.data_dependent if not c.agrees]

    def text(self):
        det, dd = self.deterministic, self.data_dependent
        lines = ["random programs: %d (%d deterministic, %d with a data-dependent condition)"
                 % (len(self.comparisons), len(det), len(dd))]
        tp = sum(1 for c in det if c.mx_lines and c.sure_lines)
        fp = sum(1 for c in det if not c.mx_lines and c.sure_lines)
        fn = sum(1 for c in det if c.mx_lines and not c.sure_lines)
        tn = sum(1 for c in det if not c.mx_lines and not c.sure_lines)
        exact = sum(1 for c in det if c.agrees)
        exact_pos = sum(1 for c in det if c.agrees and c.mx_lines)
        lint_pos, mx_pos = tp + fp, tp + fn
        lines += [
            "deterministic, positive = raises somewhere (MXNet E1/E2 vs linter REC1xx):",
            "  MXNet raises in %d, linter reports REC1xx in %d; TP %d FP %d FN %d TN %d"
            % (mx_pos, lint_pos, tp, fp, fn, tn),
            "  precision %s  recall %s" % (_ratio(tp, tp + fp), _ratio(tp, tp + fn)),
            "deterministic, exact line agreement:",
            "  %d/%d programs agree (%s); counting only exact matches as hits: precision %s"
            "  recall %s" % (exact, len(det), _ratio(exact, len(det)),
                             _ratio(exact_pos, lint_pos), _ratio(exact_pos, mx_pos)),
        ]
        inter = sum(len(c.mx_lines & c.sure_lines) for c in det)
        n_sure = sum(len(c.sure_lines) for c in det)
        n_mx = sum(len(c.mx_lines) for c in det)
        lines.append("  line level: %d MXNet lines, %d REC1xx lines, %d shared: precision %s"
                     "  recall %s" % (n_mx, n_sure, inter, _ratio(inter, n_sure),
                                      _ratio(inter, n_mx)))
        lines.append("  deterministic programs with REC2xx findings (imprecise): %d"
                     % sum(1 for c in det if c.maybe_lines))
        sound = sum(1 for c in dd if c.agrees)
        dd_pos = sum(1 for c in dd if c.mx_lines)
        covered = sum(1 for c in dd if c.mx_lines and not c.missed)
        lines += [
            "data-dependent (sound criterion: MXNet lines within REC1xx+REC2xx, executed"
            " REC1xx lines within MXNet lines):",
            "  %d/%d programs sound; MXNet raises in %d, fully covered in %d;"
            " exact REC1xx agreement in %d"
            % (sound, len(dd), dd_pos, covered, sum(1 for c in dd if c.mx_lines == c.sure_lines)),
        ]
        lines.append("disagreeing deterministic programs: %d; unsound data-dependent programs: %d;"
                     " programs with other exceptions (generator bugs): %d; REC901: %d"
                     % (len(self.disagreements), len(self.unsound), len(self.generator_errors),
                        sum(1 for c in self.comparisons if c.unreadable)))
        categories = self.categories()
        if categories:
            lines.append("disagreement forms (statement form of missed / falsely flagged lines):")
            for (what, form), count in sorted(categories.items(), key=lambda kv: (-kv[1], kv[0])):
                lines.append("  %4d  %s  %s" % (count, what, form))
        return "\n".join(lines)

    def categories(self):
        counts = {}
        for c in self.comparisons:
            text = c.program.source.splitlines()
            for what, group in (("missed", c.missed), ("false alarm", c.false_alarms)):
                for line in group:
                    key = (what, statement_form(text[line - 1] if 0 < line <= len(text) else ""))
                    counts[key] = counts.get(key, 0) + 1
        return counts


FORMS = [
    (r"\*\*=", "**= (rebinds)"),
    (r"^\s*[\w.]+ [-+*/%]= ", "augmented assignment"),
    (r"\.grad\[", "x.grad[...] = ..."),
    (r"\[\[|\[\w+\.array\(", "advanced-index assignment"),
    (r"^\s*\w+\[(:|\.\.\.|0:3|:3|0:)\] = ", "whole-array assignment"),
    (r"^\s*\w+\[.*\] = ", "partial subscript assignment"),
    (r"out=", "out= argument"),
    (r"\.copyto\(", "copyto"),
    (r"^\s*\w+\(", "helper or function call"),
]


def statement_form(text):
    for pattern, name in FORMS:
        if re.search(pattern, text):
            return name
    return "other: " + text.strip()


def lint_programs(programs):
    """{name: findings} from recordlint.api.lint_source."""
    from recordlint.api import lint_source

    return {p.name: lint_source(p.source, p.name + ".py") for p in programs}


def compare_all(programs, events, findings):
    return Summary(compare_program(p, events[p.name], findings[p.name]) for p in programs)
