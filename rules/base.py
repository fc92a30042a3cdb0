"""What every rule declares, and the shared wording of findings."""
from __future__ import annotations

import re
from typing import ClassVar, List, Optional, Tuple

E1_TEXT = "'Assigning to NDArrays that are already in a computational graph'"
E2_TEXT = "'Inplace operations ... are not supported when recording with autograd'"
EITHER_TEXT = "one of its in-place errors"
CRASH_TEXT = "MXNet crashes the interpreter (segmentation fault) instead of raising"


class Rule:
    """A rule: its code, its documentation and examples, and how it words a finding.

    INVALID examples mark each expected finding with a trailing ``# expect: CODE``
    comment; VALID examples must give no finding at all.
    """

    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    summary: ClassVar[str] = ""
    form: ClassVar[Optional[str]] = None  # the kind of write the analysis reports to this rule
    certain: ClassVar[bool] = True
    fixable: ClassVar[bool] = False
    selected_by_default: ClassVar[bool] = True  # opt-in rules run only when a selector names them
    what_it_does: ClassVar[str] = ""
    why_is_this_bad: ClassVar[str] = ""
    example: ClassVar[str] = ""
    use_instead: ClassVar[str] = ""
    fix_safety: ClassVar[str] = "No automatic fix is available yet."
    VALID: ClassVar[List[str]] = []
    INVALID: ClassVar[List[str]] = []

    @classmethod
    def write_description(cls, violation) -> str:
        return "`%s` writes into `%s`" % (violation.operation, violation.target)

    @classmethod
    def message(cls, violation, call_sites=(), later_line=None) -> str:
        """One line: the write, why MXNet rejects it, and how the analysis reached it."""
        text = "%s: %s" % (cls.write_description(violation), cause(violation))
        if call_sites:
            text += " (reached from %s)" % ", then ".join(
                "%s via %s()" % (place, name) for place, name in call_sites
            )
        return text


# One call of a chain, as `message` writes it: "line N via f()" in the file named just before,
# "PATH:N via f()" in another.
CHAIN_CALL = re.compile(r"(?:\(reached from |, then )(?:line (\d+)|(.+?):(\d+)) via ")


def chain_calls(message: str, path: str) -> List[Tuple[str, int]]:
    """The (file, line) of each call on the way to a finding in ``path``, outermost first."""
    calls, current = [], path
    for same_file_line, other_path, other_line in CHAIN_CALL.findall(message):
        if other_path:
            current = other_path
        calls.append((current, int(same_file_line or other_line)))
    return calls


def cause(violation) -> str:
    target = violation.target
    may = "MXNet raises " if violation.certain else "MXNet may raise "
    if violation.error == "E1":
        article = "is" if violation.certain else "may be"
        return "`%s` %s already in the autograd graph (%s); %s%s while recording" % (
            target, article, violation.reason, may, E1_TEXT)
    if violation.error == "E2":
        return ("`%s` is not in the graph yet but is also read by the write, whose other operand is; "
                "%s%s" % (target, may, E2_TEXT))
    if violation.error == "E1 or E2":
        return "an operand is in the autograd graph and `%s` is both read and written; %s%s" % (
            target, may, EITHER_TEXT)
    return "it writes to arrays that are %s while recording; %s" % (violation.reason, CRASH_TEXT)
