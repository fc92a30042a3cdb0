"""The abstract program state at one point: bindings, array tags, recording flag."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, Optional

from recordlint.analysis.values import ArrayState, Value, join_values


@dataclass
class State:
    bindings: Dict[str, Value] = field(default_factory=dict)
    heap: Dict[tuple, ArrayState] = field(default_factory=dict)
    recording: bool = False
    # False when paths disagree on whether recording is on; writes are then only "may raise".
    recording_certain: bool = True

    def copy(self) -> "State":
        return State(dict(self.bindings), dict(self.heap), self.recording, self.recording_certain)

    def join(self, other: Optional["State"]) -> "State":
        if other is None:
            return self.copy()
        bindings = dict(self.bindings)
        for name, value in other.bindings.items():
            bindings[name] = join_values(bindings.get(name), value)
        heap = dict(self.heap)
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
