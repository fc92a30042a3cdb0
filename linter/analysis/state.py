"""The abstract program state at one point: bindings, array tags, recording flag."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, Optional

from recordlint.analysis.values import ArrayState, Value, join_values


class Heap(dict):
    """Array states by handle, with the reverse of their inputs (which arrays each handle is an
    input of), so that finding the recorded nodes that use a handle costs no scan of the heap."""

    __slots__ = ("users",)

    def __init__(self, items=()):
        super().__init__(items)
        self.users: Dict[tuple, frozenset] = {}
        for key, array in self.items():
            self._link(key, array.inputs, frozenset())

    def _link(self, key, added, removed) -> None:
        users = self.users
        for handle in removed:
            remaining = users[handle] - {key}
            if remaining:
                users[handle] = remaining
            else:
                del users[handle]
        for handle in added:
            users[handle] = users.get(handle, frozenset()) | {key}

    def __setitem__(self, key, array: ArrayState) -> None:
        previous = self.get(key)
        before = previous.inputs if previous is not None else frozenset()
        if before is not array.inputs:
            self._link(key, array.inputs - before, before - array.inputs)
        super().__setitem__(key, array)

    def users_of(self, key) -> frozenset:
        """The handles whose inputs include ``key``."""
        return self.users.get(key, frozenset())

    def copy(self) -> "Heap":
        copied = Heap.__new__(Heap)
        dict.update(copied, self)
        copied.users = dict(self.users)
        return copied


@dataclass
class State:
    bindings: Dict[str, Value] = field(default_factory=dict)
    heap: Dict[tuple, ArrayState] = field(default_factory=dict)
    recording: bool = False
    # False when paths disagree on whether recording is on; writes are then only "may raise".
    recording_certain: bool = True

    def __post_init__(self):
        if not isinstance(self.heap, Heap):
            self.heap = Heap(self.heap)

    def copy(self) -> "State":
        return State(dict(self.bindings), self.heap.copy(), self.recording, self.recording_certain)

    def join(self, other: Optional["State"]) -> "State":
        if other is None:
            return self.copy()
        bindings = dict(self.bindings)
        for name, value in other.bindings.items():
            bindings[name] = join_values(bindings.get(name), value)
        heap = self.heap.copy()
        for key, array in other.heap.items():
            mine = heap.get(key)
            heap[key] = array if mine is None else mine.join(array)
        return State(
            bindings,
            heap,
            self.recording or other.recording,
            self.recording_certain and other.recording_certain and self.recording == other.recording,
        )

    def same_as(self, other: "State") -> bool:
        return (
            self.bindings == other.bindings
            and self.heap == other.heap
            and self.recording == other.recording
            and self.recording_certain == other.recording_certain
        )


def join_all(states) -> Optional[State]:
    result: Optional[State] = None
    for state in states:
        if state is None:
            continue
        result = state.copy() if result is None else result.join(state)
    return result
