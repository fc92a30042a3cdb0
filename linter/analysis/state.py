"""The abstract program state at one point: bindings, array tags, recording flag."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, Optional

from recordlint.analysis.values import ArrayState, Value, join_values


class Heap(dict):
    """Array states by handle, with the reverse of their inputs (which arrays each handle is an
    input of), so that finding the recorded nodes that use a handle costs no scan of the heap.

    The reverse sets are shared between copies until one of them changes a set: a copy costs
    one dictionary copy, and adding a user to a set that this heap owns costs O(1)."""

    __slots__ = ("users", "owned")

    def __init__(self, items=()):
        super().__init__(items)
        self.users: Dict[tuple, set] = {}
        self.owned: set = set()  # handles whose user set no other heap holds
        for key, array in self.items():
            self._link(key, array.inputs, ())

    def _own(self, handle) -> set:
        users = self.users.get(handle)
        if users is None:
            users = self.users[handle] = set()
            self.owned.add(handle)
        elif handle not in self.owned:
            users = self.users[handle] = set(users)
            self.owned.add(handle)
        return users

    def _link(self, key, added, removed) -> None:
        for handle in removed:
            users = self._own(handle)
            users.discard(key)
            if not users:
                del self.users[handle]
                self.owned.discard(handle)
        for handle in added:
            self._own(handle).add(key)

    def __setitem__(self, key, array: ArrayState) -> None:
        previous = self.get(key)
        before = previous.inputs if previous is not None else frozenset()
        if before is not array.inputs:
            self._link(key, array.inputs - before, before - array.inputs)
        super().__setitem__(key, array)

    def users_of(self, key) -> frozenset:
        """The handles whose inputs include ``key``."""
        return frozenset(self.users.get(key, ()))

    def copy(self) -> "Heap":
        copied = Heap.__new__(Heap)
        dict.update(copied, self)
        copied.users = dict(self.users)
        copied.owned = set()
        self.owned = set()  # the sets are shared from now on
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
