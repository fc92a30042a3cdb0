"""REC103 rewrites: an assignment into part of an array becomes a new array built from it.

MXNet's slice assignment has no gradient, so the rewrite uses differentiable
operators: `where` with a mask made outside the graph (from a detached copy)
for int keys (literals, or names the analysis saw an int >= 0 in at every
run) and whole rows or columns (for mx.np arrays, on an nd view of
that copy: mx.np has no slice_assign_scalar), `x * 0 + value` for
whole-array keys, and `concat` around an array value for a partial slice
along one axis. These assume the value broadcasts to the assigned part and
keeps its dtype (and that `x` holds no inf or NaN), which the analysis does
not prove: the fixes are unsafe.
"""
from __future__ import annotations

from typing import List, Optional

import libcst as cst

from recordlint.fixes.planner import Plan


def literal_int(node) -> Optional[int]:
    if isinstance(node, cst.Integer):
        return int(node.value, 0)
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus) \
            and isinstance(node.expression, cst.Integer):
        return -int(node.expression.value, 0)
    return None


def is_number(node) -> bool:
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, (cst.Minus, cst.Plus)):
        node = node.expression
    return isinstance(node, (cst.Integer, cst.Float))


def tuple_text(items: List[str]) -> str:
    return "(%s,)" % items[0] if len(items) == 1 else "(%s)" % ", ".join(items)


def is_whole(keys) -> bool:
    if len(keys) == 1 and isinstance(keys[0].slice, cst.Index):
        value = keys[0].slice.value
        return isinstance(value, cst.Ellipsis) or (isinstance(value, cst.Tuple) and not value.elements)
    return all(isinstance(k.slice, cst.Slice) and k.slice.lower is None and k.slice.upper is None
               and k.slice.step is None for k in keys)


def plan_subscript(planner, violation) -> Plan:
    statement = violation.node
    if not isinstance(statement, cst.Assign) or len(statement.targets) != 1:
        return Plan(None, "only a single subscript assignment can be rewritten")
    target = statement.targets[0].target
    if not isinstance(target, cst.Subscript) or not isinstance(target.value, cst.Name):
        return Plan(None, "only an assignment into a plain name's subscript can be rewritten")
    interface = violation.context.interface
    module = planner.spellings.get("mxnet.np" if interface == "np" else "mxnet.nd")
    if interface is None or module is None:
        return Plan(None, "the array's interface (mx.nd or mx.np) is not known here")
    name = target.value.value
    value = planner.code(statement.value)
    keys = list(target.slice)
    what = "Build a new array instead of assigning into `%s`" % name
    if is_whole(keys):
        # `x * 0 + value` broadcasts like the assignment and keeps `x` in the graph (with a zero
        # gradient), so a backward through the result still reaches the leaves it reached.
        return planner.bind(violation, statement, name, "%s * 0 + %s" % (name, planner.operand(statement.value)),
                            what, "unsafe")
    seen = planner.keys_seen.get(id(target))
    if seen is not None and seen.whole_mask:
        if interface != "np" or not is_number(statement.value):
            return Plan(None, "only a number assigned through a boolean mask can be rewritten")
        # The mask has the array's shape: `where` selects element by element, as the assignment
        # does. The number is an array of it: MXNet 1.9.1's `np.where` with a scalar operand
        # gives the array operand the gradient of the elements the scalar fills.
        mask = planner.code(keys[0].slice.value)
        return planner.bind(violation, statement, name, "%s.where(%s, %s.full_like(%s, %s), %s)" % (
            module, mask, module, name, value, name), what, "unsafe")
    begins: List[str] = []
    ends: List[str] = []
    steps: List[str] = []
    kept: List[str] = []  # the key with each int `i` as the slice `i:i+1`: the part, keeping its axes
    partial = False
    for axis, key in enumerate(keys):
        if isinstance(key.slice, cst.Slice):
            part = key.slice
            if part.step is not None and not literal_int(part.step):
                return Plan(None, "the slice step is not a literal")
            partial = partial or part.lower is not None or part.upper is not None
            begins.append(planner.code(part.lower) if part.lower is not None else "None")
            ends.append(planner.code(part.upper) if part.upper is not None else "None")
            steps.append(planner.code(part.step) if part.step is not None else "None")
            kept.append(planner.code(part))
            continue
        index = literal_int(key.slice.value)
        if index is not None:
            begins.append(str(index))
            ends.append(str(index + 1) if index != -1 else "None")
            kept.append("%d:%s" % (index, index + 1 if index != -1 else ""))
        elif isinstance(key.slice.value, cst.Name) and seen is not None and axis in seen.indices:
            # a variable the analysis saw an int >= 0 in at every run (a `range` loop's, say)
            variable = key.slice.value.value
            begins.append(variable)
            ends.append("%s + 1" % variable)
            kept.append("%s:%s + 1" % (variable, variable))
        else:
            return Plan(None, "the index is neither a slice, an int literal, nor a name of an int >= 0")
        steps.append("None")
    if is_number(statement.value):
        filled = "%s * 0 + %s" % (name, value)
    elif partial:
        spliced = splice(planner, keys, name, value, module, interface, violation.context.shape)
        if spliced is None:
            return Plan(None, "an array value assigned to a partial slice is placed only along one axis "
                        "of known length, between int literal bounds")
        return planner.bind(violation, statement, name, spliced, what, "unsafe")
    else:
        # the value, broadcast to the assigned part, shaped as that part with its axes kept,
        # then broadcast along them to the whole array
        part = "%s[%s]" % (name, ", ".join(kept))
        selected = "%s[%s]" % (name, planner.code(target.slice[0].slice.value) if len(keys) == 1
                               else ", ".join(planner.code(k.slice) if isinstance(k.slice, cst.Slice)
                                              else planner.code(k.slice.value) for k in keys))
        if interface == "np":
            filled = "%s.broadcast_to(%s.broadcast_to(%s, %s.shape).reshape(%s.shape), %s.shape)" % (
                module, module, value, selected, part, name)
        else:
            filled = "%s.broadcast_like(%s.reshape_like(%s.broadcast_like(%s, %s), %s), %s)" % (
                module, module, module, value, selected, part, name)
    # mx.np has no slice_assign_scalar: its mask is made on an nd view of the detached copy
    detached = "%s.detach()" % name if interface == "nd" else "%s.detach().as_nd_ndarray()" % name
    mask = "%s.zeros_like().slice_assign_scalar(1, %s, %s, %s)" % (
        detached, tuple_text(begins), tuple_text(ends), tuple_text(steps))
    if interface == "np":
        mask += ".as_np_ndarray()"
    expression = "%s.where(%s, %s, %s)" % (module, mask, filled, name)
    return planner.bind(violation, statement, name, expression, what, "unsafe")


def splice(planner, keys, name: str, value: str, module: str, interface: str, shape) -> Optional[str]:
    """`x[a:b] = v` (one partial axis, its bounds int literals, its length known; every other
    key `:`) as the parts of `x` before and after joined around `v` broadcast to the part:
    concatenation is differentiable, and no part may be empty (MXNet's concat rejects them)."""
    partial = [axis for axis, key in enumerate(keys) if not is_whole([key])]  # ints count too
    if len(partial) != 1 or shape is None or partial[0] >= len(shape):
        return None
    axis = partial[0]
    part = keys[axis].slice
    if not isinstance(part, cst.Slice) or (part.step is not None and literal_int(part.step) != 1):
        return None
    given = [bound for bound in (part.lower, part.upper) if bound is not None]
    if any(literal_int(bound) is None for bound in given):
        return None
    start, stop, _ = slice(*(literal_int(bound) if bound is not None else None
                             for bound in (part.lower, part.upper))).indices(shape[axis])
    if start >= stop:
        return None
    leading = ":, " * axis
    selected = "%s[%s]" % (name, ", ".join(planner.code(key.slice) for key in keys))
    if interface == "np":
        pieces = ["%s.broadcast_to(%s, %s.shape)" % (module, value, selected)]
    else:
        pieces = ["%s.broadcast_like(%s, %s)" % (module, value, selected)]
    if start > 0:
        pieces.insert(0, "%s[%s:%d]" % (name, leading, start))
    if stop < shape[axis]:
        pieces.append("%s[%s%d:]" % (name, leading, stop))
    if len(pieces) == 1:
        return pieces[0]
    if interface == "np":
        return "%s.concatenate([%s], axis=%d)" % (module, ", ".join(pieces), axis)
    return "%s.concat(%s, dim=%d)" % (module, ", ".join(pieces), axis)
