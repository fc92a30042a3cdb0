"""What the analysis reports: one rejected (or possibly rejected) in-place write."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Tuple

# Syntactic forms of a write; each rule reports one form.
AUGMENTED = "augmented"
OUT_ARGUMENT = "out"
SUBSCRIPT = "subscript"
METHOD = "method"

# What MXNet does at the write.
E1 = "E1"
E2 = "E2"
E1_OR_E2 = "E1 or E2"
CRASH = "crash"


@dataclass(frozen=True)
class Violation:
    node: Any = field(compare=False, hash=False)  # the libcst node reported
    form: str
    certain: bool
    error: str
    target: str  # source text of the written array
    reason: str  # why the target is in the graph (empty for E2)
    operation: str  # the write, e.g. "+=", "out=", "copyto"
    via: Tuple[Tuple[Any, str], ...] = field(default=(), compare=False, hash=False)
