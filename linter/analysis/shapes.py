"""Static array shapes, where literals make them known (None when not known)."""
from __future__ import annotations

from typing import List, Optional, Sequence, Tuple

Shape = Tuple[int, ...]


def broadcast(shapes: Sequence[Optional[Shape]]) -> Optional[Shape]:
    """NumPy broadcasting of the operands' shapes."""
    if not shapes or any(shape is None for shape in shapes):
        return None
    rank = max(len(shape) for shape in shapes)
    result: List[int] = []
    for axis in range(rank):
        sizes = {shape[axis - rank + len(shape)] for shape in shapes if axis - rank + len(shape) >= 0}
        sizes.discard(1)
        if len(sizes) > 1:
            return None
        result.append(sizes.pop() if sizes else 1)
    return tuple(result)


def covers_axis(length: int, bounds: slice) -> bool:
    try:
        return range(*bounds.indices(length)) == range(length)
    except (TypeError, ValueError):
        return False


def indexed(shape: Optional[Shape], parts: Sequence) -> Optional[Shape]:
    """The shape of ``x[parts]`` for basic keys: ints drop an axis, slices keep it.

    ``parts`` holds ints and slices of ints; anything else makes the shape unknown."""
    if shape is None:
        return None
    if parts.count(Ellipsis) == 1:
        at = parts.index(Ellipsis)
        fill = len(shape) - (len(parts) - 1)
        parts = list(parts[:at]) + [slice(None)] * max(fill, 0) + list(parts[at + 1:])
    if len(parts) > len(shape):
        return None
    result: List[int] = []
    for axis, part in enumerate(parts):
        if isinstance(part, bool) or not isinstance(part, (int, slice)):
            return None
        if isinstance(part, slice):
            try:
                result.append(len(range(*part.indices(shape[axis]))))
            except (TypeError, ValueError):
                return None
    return tuple(result) + tuple(shape[len(parts):])


def dot(left: Optional[Shape], right: Optional[Shape], interface: Optional[str]) -> Optional[Shape]:
    """The shape of ``dot(left, right)`` for vectors and matrices."""
    if left is None or right is None or interface is None:
        return None
    if len(left) == 1 and len(right) == 1:
        return (1,) if interface == "nd" else ()
    if len(left) == 2 and len(right) == 2:
        return (left[0], right[1])
    if len(left) == 2 and len(right) == 1:
        return (left[0],)
    if len(left) == 1 and len(right) == 2:
        return (right[1],)
    return None
