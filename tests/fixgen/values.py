"""Small dense arrays in plain Python, enough to follow a generated program's values.

The generator evaluates every statement's functional reading while it picks
it, so that no operator meets a point where it is not differentiable (relu
at 0), no divisor is near 0 and no value grows large. Shapes are those of
the generated programs: (3,), (2, 3), a (3, 3) matrix, and the parts that
indexing cuts out of them.
"""
from __future__ import annotations

import math
from typing import List, Sequence, Tuple

LIMIT = 40.0  # largest magnitude a value may reach
RELU_MARGIN = 0.05  # how far from 0 every input of relu stays
DIVISOR_MARGIN = 0.25  # how far from 0 every divisor stays


class Reject(Exception):
    """The candidate statement leads somewhere the generator does not go; pick another."""


def size_of(shape: Sequence[int]) -> int:
    return int(math.prod(shape)) if shape else 1


class Value:
    __slots__ = ("shape", "data")

    def __init__(self, shape: Tuple[int, ...], data: Sequence[float]):
        if len(data) != size_of(shape):
            raise ValueError("%d values for shape %r" % (len(data), shape))
        self.shape = tuple(shape)
        self.data = [float(v) for v in data]
        if any(abs(v) > LIMIT or v != v for v in self.data):
            raise Reject("value out of range")

    @classmethod
    def full(cls, shape, number: float) -> "Value":
        return cls(shape, [number] * size_of(shape))

    def nested(self):
        """The values as nested lists, in the array's shape (a literal for the source)."""
        if len(self.shape) == 1:
            return list(self.data)
        rows, cols = self.shape
        return [self.data[r * cols:(r + 1) * cols] for r in range(rows)]

    def __repr__(self):
        return "Value(%r, %r)" % (self.shape, self.data)


Operand = object  # a Value or a float


BINARY = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
}


def binary(op: str, left: Operand, right: Operand) -> Value:
    """Elementwise ``left op right`` for equal shapes, or an array and a number."""
    if op == "/":
        divisors = right.data if isinstance(right, Value) else [right]
        if any(abs(d) < DIVISOR_MARGIN for d in divisors):
            raise Reject("divisor near 0")
    function = BINARY[op]
    if isinstance(left, Value) and isinstance(right, Value):
        if left.shape != right.shape:
            raise ValueError("shapes %r and %r" % (left.shape, right.shape))
        return Value(left.shape, [function(a, b) for a, b in zip(left.data, right.data)])
    if isinstance(left, Value):
        return Value(left.shape, [function(a, right) for a in left.data])
    if isinstance(right, Value):
        return Value(right.shape, [function(left, b) for b in right.data])
    raise ValueError("no array operand")


def relu(value: Value) -> Value:
    if any(abs(v) < RELU_MARGIN for v in value.data):
        raise Reject("relu near 0")
    return Value(value.shape, [max(v, 0.0) for v in value.data])


def sigmoid(value: Value) -> Value:
    return Value(value.shape, [1.0 / (1.0 + math.exp(-v)) for v in value.data])


def tanh(value: Value) -> Value:
    return Value(value.shape, [math.tanh(v) for v in value.data])


UNARY = {"relu": relu, "sigmoid": sigmoid, "tanh": tanh}


def dot(left: Value, matrix: Value) -> Value:
    """``left`` ((3,) or (2, 3)) times a (3, 3) matrix."""
    n = matrix.shape[0]
    rows = [left.data] if len(left.shape) == 1 else [left.data[r * n:(r + 1) * n]
                                                     for r in range(left.shape[0])]
    data: List[float] = []
    for row in rows:
        data.extend(sum(row[i] * matrix.data[i * n + j] for i in range(n)) for j in range(n))
    return Value(left.shape, data)


def take(value: Value, positions: Sequence[int], shape: Tuple[int, ...]) -> Value:
    return Value(shape, [value.data[p] for p in positions])


def put(value: Value, positions: Sequence[int], part: Operand) -> Value:
    """``value`` with ``positions`` (row-major order of the assigned part) replaced by ``part``,
    broadcast from one element or given element by element."""
    data = list(value.data)
    if isinstance(part, Value):
        source = part.data if len(part.data) == len(positions) else part.data * len(positions)
        if len(source) != len(positions):
            raise ValueError("cannot place %d values in %d positions" % (len(part.data), len(positions)))
    else:
        source = [part] * len(positions)
    for position, number in zip(positions, source):
        data[position] = number
    return Value(value.shape, data)


def total(value: Value, reduce: str) -> float:
    result = sum(value.data)
    return result / len(value.data) if reduce == "mean" else result
