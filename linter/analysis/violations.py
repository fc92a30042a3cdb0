"""What the analysis reports: one rejected (or possibly rejected) in-place write."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional, Tuple

# Syntactic forms of a write; each rule reports one form.
AUGMENTED = "augmented"
OUT_ARGUMENT = "out"
SUBSCRIPT = "subscript"
METHOD = "method"
SYMBOLIC = "symbolic"  # an in-place write on a Symbol in hybrid_forward
REBIND = "rebind"  # a leaf's name rebound while recording, its .grad read later
SILENT = "silent"  # a write MXNet does not check, to values a later backward uses

# What MXNet does at the write.
E1 = "E1"
E2 = "E2"
E1_OR_E2 = "E1 or E2"
CRASH = "crash"
SYMBOL_ERROR = "NotImplementedForSymbol"


@dataclass(frozen=True)
class WriteContext:
    """What a fix needs to know about the written array at the write."""

    leaf: bool = False  # an attach_grad leaf or a parameter: its gradient is read through its name
    aliases: frozenset = frozenset()  # local names bound to the written array
    escapes: bool = False  # also held by a container, a global, a closure or an object attribute
    in_loop: bool = False
    in_callee: bool = False  # reached through a call: the caller's array is what is written
    # a recorded operation still in the graph may read the written memory: a later backward would
    # use the written values, so pausing the recording around the write is no fix (looked into
    # for `set_data` only, the one write such a fix serves; True for the others)
    read_by_graph: bool = True
    interface: Optional[str] = None
    shape: Optional[tuple] = None
    record_block: Any = field(default=None, compare=False)  # the innermost `with record()` around the write
    path: tuple = field(default=(), compare=False)  # the statements being run at the write, outermost first
    scope_body: Any = field(default=(), compare=False)  # the statements of the function (or module) written in

    def merge(self, other: "WriteContext") -> "WriteContext":
        return WriteContext(
            leaf=self.leaf or other.leaf,
            aliases=self.aliases | other.aliases,
            escapes=self.escapes or other.escapes,
            in_loop=self.in_loop or other.in_loop,
            in_callee=self.in_callee or other.in_callee,
            read_by_graph=self.read_by_graph or other.read_by_graph,
            interface=self.interface if self.interface == other.interface else None,
            shape=self.shape if self.shape == other.shape else None,
            record_block=self.record_block if self.record_block is other.record_block else None,
            path=self.path or other.path,
            scope_body=self.scope_body or other.scope_body,
        )


@dataclass(frozen=True)
class KeysSeen:
    """What the analysis saw of an item assignment's keys at every run of it."""

    indices: frozenset  # the positions of the keys that held an int >= 0
    whole_mask: bool  # one key, a boolean array of the written array's own shape

    def both(self, other: "KeysSeen") -> "KeysSeen":
        return KeysSeen(self.indices & other.indices, self.whole_mask and other.whole_mask)


@dataclass(frozen=True)
class Violation:
    node: Any = field(compare=False, hash=False)  # the libcst node reported
    form: str
    certain: bool
    error: str
    target: str  # source text of the written array
    reason: str  # why the target is in the graph (empty for E2)
    operation: str  # the write, e.g. "+=", "out=", "copyto"
    # the calls that reached the write: (call node, function name, ModuleSource of the call or None)
    via: Tuple[Tuple[Any, str, Any], ...] = field(default=(), compare=False, hash=False)
    later: Any = field(default=None, compare=False, hash=False)  # a later node the message names
    context: WriteContext = field(default=WriteContext(), compare=False, hash=False)
    source: Any = field(default=None, compare=False, hash=False)  # the node's ModuleSource; None: the analysed module
    later_source: Any = field(default=None, compare=False, hash=False)  # the ModuleSource of ``later``
