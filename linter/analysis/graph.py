"""MXNet's recording rule applied to abstract array handles (semantics doc, section 2).

Recording an operator with inputs I and outputs O:
1. an output already tagged raises E1;
2. with no tagged input nothing changes;
3. untagged inputs become tagged constants;
4. an output that was an untagged input now raises E2;
5. otherwise the outputs become tagged graph nodes.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional, Tuple

from recordlint.analysis import violations as v
from recordlint.analysis.state import State
from recordlint.analysis.values import (
    CONSTANT, LEAF, MAYBE, NODE, PARAM_DATA, TAGGED, UNKNOWN, UNTAGGED, ArrayState, join_tags, owning_parameters,
)

# Leaves that backward never untags (semantics doc, section 4).
KEPT_BY_BACKWARD = (LEAF, PARAM_DATA)


@dataclass(frozen=True)
class Operands:
    """The array inputs of one operator call, one group of handles per operand (several
    handles when paths disagree); ``unknown`` when some input may be an array we cannot see."""

    groups: Tuple[frozenset, ...] = ()
    unknown: bool = False

    @property
    def ids(self) -> frozenset:
        return frozenset().union(*self.groups)

    def plus(self, group: frozenset) -> "Operands":
        return Operands(self.groups + (group,), self.unknown)


def strongest_tag(state: State, operands: Operands) -> str:
    """TAGGED if some operand is certainly tagged, else MAYBE/UNKNOWN/UNTAGGED by evidence."""
    tags = {target_tag(state, group) for group in operands.groups if group}
    for tag in (TAGGED, MAYBE, UNKNOWN):
        if tag in tags:
            return tag
    return UNKNOWN if operands.unknown else UNTAGGED


def target_tag(state: State, ids: Iterable) -> str:
    tag: Optional[str] = None
    for i in ids:
        current = state.heap[i].tag if i in state.heap else UNKNOWN
        tag = current if tag is None else join_tags(tag, current)
    return tag or UNKNOWN


class GraphMixin:
    def record_fresh(self, state: State, operands: Operands, site, interface=None, shape=None, boolean=False):
        """An operator producing a new array; returns the new handle's id."""
        tag = UNTAGGED
        if state.recording:
            tag = strongest_tag(state, operands)
            if tag in (TAGGED, MAYBE):
                self.tag_constants(state, operands, tag)
        if not state.recording_certain and tag == TAGGED:
            tag = MAYBE
        symbolic = any(state.heap[i].symbolic for i in operands.ids if i in state.heap)
        self.allocate(state, site, ArrayState(
            tag=tag,
            origin=NODE if tag in (TAGGED, MAYBE) else "",
            inputs=operands.ids if tag in (TAGGED, MAYBE) else frozenset(),
            interface=interface,
            shape=shape,
            boolean=boolean,
            symbolic=symbolic,
        ))
        return site

    def tag_constants(self, state: State, operands: Operands, tag: str) -> None:
        for group in operands.groups:
            # Of several handles one operand may be, only one is really used: a weak update.
            certain = tag == TAGGED and len(group) == 1
            for i in group:
                current = state.heap.get(i)
                if current is None or current.tag == TAGGED:
                    continue
                if certain:
                    state.heap[i] = current.with_tag(TAGGED, current.origin if current.tag == MAYBE else CONSTANT)
                else:
                    state.heap[i] = current.with_tag(join_tags(current.tag, TAGGED), current.origin or CONSTANT)

    def record_write(self, state: State, operands: Operands, outputs: frozenset, node, form: str,
                     target: str, operation: str, happens: bool = True) -> bool:
        """An operator writing into existing handles; reports the write if MXNet rejects it.

        ``happens`` is False when the write may be skipped on some paths. Returns True when
        MXNet certainly raises (so the statement stops there)."""
        if any(state.heap[i].symbolic for i in outputs if i in state.heap):
            if form == v.SUBSCRIPT:
                return False  # `layers[i] = ...` in hybrid_forward is nearly always into a Python list
            # hybridized, Symbols have no in-place operators at all, recording or not
            self.report(node, v.SYMBOLIC, True, v.SYMBOL_ERROR, target, "", operation, state, outputs)
            return True
        if not outputs:
            return False
        if not state.recording:
            self.note_unchecked_write(state, outputs, node, form, target, "while not recording",
                                      self.constant_shift(state, operands, outputs, operation))
            return False
        certain_recording = state.recording_certain and happens
        out_tag = target_tag(state, outputs)
        if out_tag == TAGGED:
            reason = self.reason_of(state, outputs)
            self.report(node, form, certain_recording, v.E1, target, reason, operation, state, outputs)
            return certain_recording
        if out_tag == MAYBE:
            self.report(node, form, False, v.E1, target, self.reason_of(state, outputs), operation, state, outputs)
        in_tag = strongest_tag(state, operands)
        if in_tag in (UNTAGGED, UNKNOWN):
            if in_tag == UNKNOWN and out_tag == UNTAGGED:
                self.mark(state, outputs, UNKNOWN, frozenset())
            if any(state.heap[i].memory for i in outputs if i in state.heap):
                # a detached handle or an old view: the write reaches memory the graph may use
                self.note_unchecked_write(state, outputs, node, form, target, "through a handle that shares its memory",
                                          self.constant_shift(state, operands, outputs, operation))
            return False
        certain = in_tag == TAGGED and certain_recording
        self.tag_constants(state, operands, in_tag)
        if outputs & operands.ids:
            if out_tag == UNTAGGED:
                self.report(node, form, certain, v.E2, target, "", operation, state, outputs)
            elif out_tag == UNKNOWN:
                self.report(node, form, certain, v.E1_OR_E2, target, "", operation, state, outputs)
            return certain and out_tag in (UNTAGGED, UNKNOWN)
        self.mark(state, outputs, TAGGED if certain else MAYBE, operands.ids)
        return False

    def mark(self, state: State, ids: Iterable, tag: str, inputs: frozenset) -> None:
        ids = list(ids)
        for i in ids:
            current = state.heap.get(i) or ArrayState(tag=UNKNOWN)
            origin = NODE if tag in (TAGGED, MAYBE) else ""
            marked = current.with_tag(tag, origin, inputs=inputs, grad_req=None)
            # Writing through one of several possible handles changes only the one really written.
            state.heap[i] = marked if len(ids) == 1 else current.join(marked)

    def reason_of(self, state: State, ids: Iterable) -> str:
        for i in ids:
            array = state.heap.get(i)
            if array is not None and array.origin:
                return array.origin
        return NODE

    def check_no_output_op(self, state: State, operands: Operands, node, target: str, operation: str) -> None:
        """An operator with no outputs (reset_arrays) on tagged inputs kills the process."""
        if not state.recording:
            return
        tag = strongest_tag(state, Operands(operands.groups))
        if tag in (TAGGED, MAYBE):
            self.report(node, v.METHOD, tag == TAGGED and state.recording_certain, v.CRASH, target,
                        self.reason_of(state, operands.ids), operation, state, operands.ids)

    def note_unchecked_write(self, state: State, outputs: Iterable, node, form: str, target: str, how: str,
                             shift: bool = False) -> None:
        """A write MXNet lets through (not recording, a numpy value, _sync_copyfrom): remembered,
        with the memory it changes, for a later backward that may use the old values (REC302)."""
        self.serial += 1  # orders the write between allocations
        for key in outputs:
            array = state.heap.get(key)
            if array is None or array.symbolic:
                continue
            # a parameter's data is also what a call of its block reads, through the block's parameters
            for memory in {key, array.memory, owning_parameters(key)} - {None}:
                self.unchecked_writes.setdefault(memory, []).append(
                    (self.serial, node, target, how, shift, self.frames[-1].source))

    @staticmethod
    def constant_shift(state: State, operands: Operands, outputs: frozenset, operation: str) -> bool:
        """`t += c` or `t -= c` with nothing of the graph in `c`: it changes no derivative."""
        others = Operands(tuple(group for group in operands.groups if not group & outputs), operands.unknown)
        return operation in ("+=", "-=") and strongest_tag(state, others) == UNTAGGED

    def check_backward(self, state: State, key, array, backward_node) -> None:
        """A backward through ``key``'s node uses each input's value as it was when the node was
        recorded, and for an input that is itself a node's output, the value that node computed:
        a write MXNet did not check since then makes the gradient wrong."""
        for written in array.inputs:
            producer = state.heap.get(written)
            computed = producer is not None and producer.origin == NODE
            since = self.allocated.get(written if computed else key, 0)
            used = self.allocated.get(key, 0)
            for serial, node, target, how, shift, source in self.unchecked_writes.get(written, ()):
                if serial <= since or (shift and serial < used):
                    # before, or a constant shift of a computed value before its use: no derivative changes
                    continue
                self.report(node, v.SILENT, True, "silent", target, how, "write", later=backward_node, source=source)

    def clear_graph(self, state: State, heads: frozenset, backward_node=None, clear: bool = True) -> None:
        """backward()/autograd.grad() without retain_graph untag what the heads reach.

        With several possible heads, only one is really differentiated: what they reach may
        stay tagged. Every backward (clearing or not) is checked for unchecked writes."""
        certain = len(heads) == 1
        stack = [h for h in heads if h in state.heap and state.heap[h].tag in (TAGGED, MAYBE)]
        seen = set()
        while stack:
            key = stack.pop()
            if key in seen or key not in state.heap:
                continue
            seen.add(key)
            array = state.heap[key]
            if array.tag not in (TAGGED, MAYBE):
                continue
            if self.unchecked_writes:
                self.check_backward(state, key, array, backward_node)
            if array.origin in KEPT_BY_BACKWARD and array.grad_req != "null":
                continue
            stack.extend(array.inputs)
            if clear:
                cleared = array.with_tag(UNTAGGED, "", inputs=frozenset(), grad_req=None)
                state.heap[key] = cleared if certain else array.join(cleared)
