"""Execution of statements: assignments, in-place writes, imports and control flow."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, List, Optional, Sequence

import libcst as cst

from recordlint.analysis import mxnet_api as api
from recordlint.analysis import violations as v
from recordlint.analysis.calls import maybe_same_object, same_object
from recordlint.analysis.graph import Operands, target_tag
from recordlint.analysis.shapes import covers_axis
from recordlint.analysis.state import State, join_all
from recordlint.analysis.values import (
    LEAF, TAGGED, OPAQUE, UNKNOWN_VALUE, Arrays, Block, Const, Function, HostArray, Instance, Klass, Opaque, Ref,
    ProjectImport, ProjectModule, Scope, Seq, StarImports, Value, STAR_IMPORTS, is_index, seq_element,
)

# Iterations of a loop analysed along one path before states are joined.
PATH_ITERATIONS = 2
MAX_LOOP_ITERATIONS = 8

AUGMENTED_OPERATORS = {
    "AddAssign": "+=", "SubtractAssign": "-=", "MultiplyAssign": "*=", "DivideAssign": "/=",
    "ModuloAssign": "%=", "PowerAssign": "**=", "FloorDivideAssign": "//=", "MatrixMultiplyAssign": "@=",
    "BitAndAssign": "&=", "BitOrAssign": "|=", "BitXorAssign": "^=", "LeftShiftAssign": "<<=",
    "RightShiftAssign": ">>=",
}
IN_PLACE_OPERATORS = {"+=", "-=", "*=", "/=", "%="}
NUMPY_ONLY_IN_PLACE = {"@=", "&=", "|=", "^="}


@dataclass
class LoopExits:
    breaks: List[State] = field(default_factory=list)
    continues: List[State] = field(default_factory=list)


@dataclass
class Frame:
    globals: Optional[dict]  # the module's bindings; None while running module code
    closure: Optional[dict] = None
    call_key: tuple = ()
    returns: list = field(default_factory=list)
    loops: List[LoopExits] = field(default_factory=list)
    rebound_leaves: dict = field(default_factory=dict)  # name -> (rebinding statement, context)
    start_serial: int = 0  # arrays allocated after this belong to this call
    body: Sequence = ()  # the statements of the function (or module, or class) being run
    source: Any = None  # the ModuleSource of another project module whose code runs; None: the analysed module
    function: Any = None  # the Function being called (None: module or class code, or an entry)


class StatementsMixin:
    def exec_block(self, statements, state: State, frame: Frame) -> Optional[State]:
        for statement in statements:
            state = self.exec_statement(statement, state, frame)
            if state is None:
                return None
        return state

    def exec_statement(self, node, state: State, frame: Frame) -> Optional[State]:
        self.statements.append(node)
        try:
            if isinstance(node, cst.SimpleStatementLine):
                return self.exec_block(node.body, state, frame)
            method = getattr(self, "exec_" + type(node).__name__, None)
            if method is None:
                return state
            return method(node, state, frame)
        finally:
            self.statements.pop()

    def body_of(self, node) -> list:
        return list(node.body.body)

    # -- simple statements ---------------------------------------------------------------
    def exec_Expr(self, node, state, frame):
        self.eval(node.value, state, frame)
        return state

    def exec_Assign(self, node, state, frame):
        since = self.serial
        value = self.eval(node.value, state, frame)
        self.note_holders(value, since)
        for target in node.targets:
            self.assign(target.target, value, state, frame, node)
        if len(node.targets) > 1:
            self.note_holders(Seq((value,)), since)
        return state

    def exec_AnnAssign(self, node, state, frame):
        if node.value is not None:
            since = self.serial
            value = self.eval(node.value, state, frame)
            self.note_holders(value, since)
            self.assign(node.target, value, state, frame, node)
        return state

    def exec_AugAssign(self, node, state, frame):
        value = self.eval(node.value, state, frame)
        operator = AUGMENTED_OPERATORS[type(node.operator).__name__]
        target = node.target
        if isinstance(target, cst.Name):
            current = self.lookup(target.value, state, frame)
            self.bind_name(target.value, self.augmented(current, operator, value, state, frame, node, target),
                           state, frame, node)
        elif isinstance(target, cst.Subscript):
            container = self.eval(target.value, state, frame)
            if isinstance(container, Arrays):
                # x[k] += v runs x.__setitem__(k, x.__getitem__(k).__iadd__(v))
                element = self.eval(target, state, frame)
                if not self.in_place(element, operator, value, state, node, target):
                    self.setitem(container, target, element, state, frame, node, v.AUGMENTED)
            else:
                # an array held in a list (g[0] += 1): the list keeps the same handle
                self.in_place(self.eval(target, state, frame), operator, value, state, node, target)
        elif isinstance(target, cst.Attribute):
            current = self.eval(target, state, frame)
            result = self.augmented(current, operator, value, state, frame, node, target)
            self.assign(target, result, state, frame, node)
        return state

    def augmented(self, current: Value, operator: str, value: Value, state, frame, node, target) -> Value:
        if not isinstance(current, Arrays):
            return self.binary(current, value, state, frame, node)
        if operator == "**=":  # no __ipow__: Python rebinds to a new array
            return self.binary(current, value, state, frame, node)
        self.in_place(current, operator, value, state, node, target)
        return current

    def in_place(self, current: Value, operator: str, value: Value, state, node, target) -> bool:
        """Returns True when MXNet certainly raises at this write."""
        if not isinstance(current, Arrays):
            return False
        interfaces = {state.heap[i].interface for i in current.ids if i in state.heap}
        if operator in NUMPY_ONLY_IN_PLACE and interfaces == {"nd"}:
            return False  # NDArray has no such operator: a TypeError, not a graph error
        if operator not in IN_PLACE_OPERATORS | NUMPY_ONLY_IN_PLACE:
            return False
        operands = self.operands_of([value], current.ids)
        return self.record_write(state, operands, current.ids, node, v.AUGMENTED, target, operator)

    def exec_Return(self, node, state, frame):
        value = self.eval(node.value, state, frame) if node.value is not None else Const(None)
        frame.returns.append((value, state))
        return None

    def exec_Raise(self, node, state, frame):
        if node.exc is not None:
            self.eval(node.exc, state, frame)
        return None

    def exec_Break(self, node, state, frame):
        if frame.loops:
            frame.loops[-1].breaks.append(state)
        return None

    def exec_Continue(self, node, state, frame):
        if frame.loops:
            frame.loops[-1].continues.append(state)
        return None

    def exec_Assert(self, node, state, frame):
        self.eval(node.test, state, frame)
        return state

    def exec_Del(self, node, state, frame):
        targets = node.target.elements if isinstance(node.target, (cst.Tuple, cst.List)) else [node.target]
        for target in targets:
            target = getattr(target, "value", target)
            if isinstance(target, cst.Name):
                state.bindings.pop(target.value, None)
        return state

    def exec_Import(self, node, state, frame):
        for alias in node.names:
            dotted = self.code(alias.name)
            if alias.asname is not None:
                found = self.project_module(dotted, 0, frame)
                state.bindings[alias.asname.name.value] = found or Ref(api.canonical(dotted))
            else:
                top = dotted.split(".")[0]
                state.bindings[top] = self.project_module(top, 0, frame) or Ref(top)
        return state

    def exec_ImportFrom(self, node, state, frame):
        module = self.code(node.module) if node.module is not None else ""
        level = len(node.relative)
        found = self.project_module(module, level, frame)
        if isinstance(node.names, cst.ImportStar):
            # another package's names are not known: they stay unbound, unknown where used
            if found is not None:
                earlier = state.bindings.get(STAR_IMPORTS)
                modules = earlier.modules if isinstance(earlier, StarImports) else ()
                state.bindings[STAR_IMPORTS] = StarImports(modules + (found,))
            return state
        for alias in node.names:
            name = alias.name.value
            bound = alias.asname.name.value if alias.asname is not None else name
            if found is not None:
                submodule = self.project.submodule(found.file, name)
                state.bindings[bound] = ProjectModule(submodule) if submodule else ProjectImport(found, name)
            elif level:
                state.bindings[bound] = UNKNOWN_VALUE
            else:
                state.bindings[bound] = Ref(api.canonical(module + "." + name))
        return state

    def project_module(self, dotted: str, level: int, frame) -> Optional[ProjectModule]:
        """The project module an import names, when the analysis follows imports and finds it."""
        if self.project is None:
            return None
        importer = frame.source.file if frame.source is not None else None
        found = self.project.find(dotted, level, importer)
        return ProjectModule(found) if found is not None else None

    # -- assignment targets ---------------------------------------------------------------
    def assign(self, target, value: Value, state: State, frame: Frame, statement) -> None:
        if isinstance(target, cst.Name):
            self.bind_name(target.value, value, state, frame, statement)
        elif isinstance(target, (cst.Tuple, cst.List)):
            self.unpack(target.elements, value, state, frame, statement)
        elif isinstance(target, cst.Subscript):
            container = self.eval(target.value, state, frame)
            if isinstance(container, Arrays):
                self.setitem(container, target, value, state, frame, statement, v.SUBSCRIPT)
            else:
                self.eval_children(target, state, frame)
        elif isinstance(target, cst.Attribute):
            receiver = self.eval(target.value, state, frame)
            site = getattr(receiver, "site", None) if isinstance(receiver, (Block, Instance)) else None
            if site is not None:
                self.instance_attributes(site)[target.attr.value] = value
            self.note_holders(Seq((value,)), self.serial)
        elif isinstance(target, cst.StarredElement):
            self.assign(target.value, Seq((seq_element(value) if isinstance(value, Seq) else value,), False),
                        state, frame, statement)

    def bind_name(self, name: str, value: Value, state: State, frame: Frame, statement) -> None:
        """Bind ``name``, remembering when that takes the name off an attach_grad leaf while
        recording (its `.grad` read later is then another array's: REC301)."""
        old = state.bindings.get(name)
        new_is_leaf = isinstance(value, Arrays) and self.all_leaves(value, state)
        if new_is_leaf or not state.recording:
            frame.rebound_leaves.pop(name, None)  # the name means something else from here on
        elif isinstance(old, Arrays) and self.all_leaves(old, state):
            frame.rebound_leaves[name] = (statement, self.write_context(state, old.ids))
        state.bindings[name] = value

    @staticmethod
    def all_leaves(value: Arrays, state: State) -> bool:
        return all(i in state.heap and state.heap[i].origin == LEAF and state.heap[i].tag == TAGGED
                   for i in value.ids)

    def unpack(self, elements, value: Value, state, frame, statement) -> None:
        starred = any(isinstance(e, cst.StarredElement) for e in elements)
        if isinstance(value, Seq) and value.exact and not starred and len(value.items) == len(elements):
            for element, item in zip(elements, value.items):
                self.assign(element.value, item, state, frame, statement)
            return
        for index, element in enumerate(elements):
            if isinstance(value, Arrays):
                item = self.array_op(state, frame, statement, Operands((value.ids,)), like=value, index=index + 1)
            elif isinstance(value, Seq):
                item = seq_element(value)
            else:
                item = value if isinstance(value, (HostArray, Opaque)) else UNKNOWN_VALUE
            if isinstance(element, cst.StarredElement):
                self.assign(element.value, Seq((item,), False), state, frame, statement)
            else:
                self.assign(element.value, item, state, frame, statement)

    def setitem(self, container: Arrays, target: cst.Subscript, value: Value, state, frame, statement, form) -> None:
        keys = [self.eval(e.slice.value, state, frame) if isinstance(e.slice, cst.Index)
                else self.eval_slice(e.slice, state, frame) for e in target.slice]
        kind = self.key_kind(container, target, keys, state)
        shape = self.shape_of(container, state)
        whole_mask = kind == "mask" and len(keys) == 1 and shape is not None and self.shape_of(keys[0], state) == shape
        seen = v.KeysSeen(frozenset(position for position, key in enumerate(keys) if is_index(key)), whole_mask)
        known = self.keys_seen.get(id(target))
        self.keys_seen[id(target)] = seen if known is None else known.both(seen)
        if kind == "mask" and {state.heap[i].interface for i in container.ids if i in state.heap} == {"nd"}:
            return  # legacy NDArray rejects boolean masks with a ValueError
        operation = "[...] ="
        if kind == "whole":
            if isinstance(value, Arrays) and same_object(value, container):
                return  # x[:] = x is skipped
            if isinstance(value, HostArray):
                # a synchronous host copy: MXNet runs no operator and checks nothing
                self.note_unchecked_write(state, container.ids, statement, form, target.value,
                                          "from a numpy array, which MXNet copies without a check")
                return
            operands = self.operands_of([value])
            # when the value may be the target itself, the write may be skipped
            happens = not (isinstance(value, Arrays) and maybe_same_object(value, container))
            self.record_write(state, operands, container.ids, statement, form, target.value, operation, happens)
            return
        operands = self.operands_of([value] + keys, container.ids)
        happens = True
        if kind == "maybe whole":
            # Whole-array assignment is skipped for the array itself and for numpy values, and
            # does not raise E2: with the shape unknown those outcomes are only possible ones.
            skipped = isinstance(value, HostArray) or (isinstance(value, Arrays) and maybe_same_object(value, container))
            happens = not skipped and target_tag(state, container.ids) == TAGGED
        self.record_write(state, operands, container.ids, statement, form, target.value, operation, happens)

    def key_kind(self, container: Arrays, target: cst.Subscript, keys: List[Value], state) -> str:
        """'whole', 'basic', 'advanced' or 'mask': which MXNet operator the assignment runs."""
        parts = []
        for key in keys:
            if isinstance(key, Const) and (key.value is Ellipsis or isinstance(key.value, (int, slice))) \
                    and not isinstance(key.value, bool):
                parts.append(key.value)
            elif isinstance(key, Seq) and key.exact and not key.items:
                parts.append(())
            elif isinstance(key, Arrays):
                boolean = all(state.heap[i].boolean for i in key.ids if i in state.heap)
                parts.append("mask" if boolean else "array")
            elif isinstance(key, (Seq, HostArray)):
                parts.append("array")
            else:
                parts.append(None)  # an index the analysis cannot see: a basic one
        if "mask" in parts:
            return "mask"
        if "array" in parts:
            return "advanced"
        full = slice(None)
        if parts in ([Ellipsis], [()]) or all(p == full for p in parts):
            return "whole"
        shape = self.shape_of(container, state)
        if shape is not None and len(parts) <= len(shape) and all(
            (isinstance(p, slice) and covers_axis(shape[axis], p))
            or (type(p) is int and shape[axis] == 1 and p in (0, -1))
            for axis, p in enumerate(parts)
        ):
            return "whole"  # MXNet writes the whole array when the key covers every element
        if shape is None and all(
            (isinstance(p, slice) and p.start in (None, 0) and p.step in (None, 1)) or p in (0, -1, Ellipsis)
            for p in parts
        ):
            return "maybe whole"
        return "basic"

    # -- control flow --------------------------------------------------------------------
    def exec_If(self, node, state, frame):
        test = self.eval(node.test, state, frame)
        orelse = node.orelse
        if isinstance(test, Const):
            if test.value:
                return self.exec_block(self.body_of(node), state, frame)
            return self.exec_else(orelse, state, frame)
        body = self.exec_block(self.body_of(node), state.copy(), frame)
        other = self.exec_else(orelse, state, frame)
        return join_all([body, other])

    def exec_else(self, orelse, state, frame):
        if orelse is None:
            return state
        if isinstance(orelse, cst.If):
            return self.exec_If(orelse, state, frame)
        return self.exec_block(self.body_of(orelse), state, frame)

    def exec_With(self, node, state, frame):
        saved = (state.recording, state.recording_certain)
        records = False
        for item in node.items:
            manager = self.eval(item.item, state, frame)
            if isinstance(manager, Scope) and manager.recording is not None:
                state.recording = manager.recording
                records = manager.recording
            if item.asname is not None:
                self.assign(item.asname.name, OPAQUE if isinstance(manager, Scope) else UNKNOWN_VALUE,
                            state, frame, node)
        marks = self.exit_marks(frame)
        self.record_blocks.append(node if records else None)
        try:
            end = self.exec_block(self.body_of(node), state, frame)
        finally:
            self.record_blocks.pop()
        for exit_state in self.exits_since(frame, marks):
            exit_state.recording, exit_state.recording_certain = saved
        if end is not None:
            end.recording, end.recording_certain = saved
        return end

    def exit_marks(self, frame):
        return (len(frame.returns), [(len(loop.breaks), len(loop.continues)) for loop in frame.loops])

    def exits_since(self, frame, marks):
        """States that left a with-block early (return, break, continue) since ``marks``."""
        returns, loops = marks
        states = [s for _, s in frame.returns[returns:]]
        for loop, (breaks, continues) in zip(frame.loops, loops):
            states += loop.breaks[breaks:] + loop.continues[continues:]
        return states

    def exec_For(self, node, state, frame):
        iterable = self.eval(node.iter, state, frame)
        body = self.body_of(node)
        if isinstance(iterable, Seq) and iterable.exact:
            return self.unrolled_loop(node, iterable.items, state, frame)

        def one_iteration(current: State) -> Optional[State]:
            self.assign(node.target, self.element_of(iterable, current, frame, node.target), current, frame, node)
            return self.exec_block(body, current, frame)

        return self.finish_loop(node, *self.run_loop(state, frame, one_iteration), frame)

    def unrolled_loop(self, node, items, state, frame):
        loop = LoopExits()
        frame.loops.append(loop)
        current: Optional[State] = state
        for item in items:
            self.assign(node.target, item, current, frame, node)
            current = self.exec_block(self.body_of(node), current, frame)
            if loop.continues:  # (without, the state this path ends with goes on as it is)
                current = join_all([current] + loop.continues)
            loop.continues.clear()
            if current is None:
                break
        frame.loops.pop()
        return self.finish_loop(node, [current] if current is not None else [], loop.breaks, frame)

    def exec_While(self, node, state, frame):
        test = self.eval(node.test, state, frame)
        if isinstance(test, Const) and not test.value:
            return self.exec_else(node.orelse, state, frame)
        endless = isinstance(test, Const)

        def one_iteration(current: State) -> Optional[State]:
            self.eval(node.test, current, frame)
            return self.exec_block(self.body_of(node), current, frame)

        ends, breaks = self.run_loop(state, frame, one_iteration)
        return self.finish_loop(node, [] if endless else ends, breaks, frame)

    def run_loop(self, state, frame, one_iteration):
        """Runs a loop body until its state stops changing; the body runs at least once."""
        loop = LoopExits()
        frame.loops.append(loop)
        ends: List[State] = []
        current = state
        for iteration in range(MAX_LOOP_ITERATIONS):
            end = one_iteration(current.copy())
            if loop.continues:
                end = join_all([end] + loop.continues)
            loop.continues.clear()
            if end is None:
                break
            ends.append(end)
            following = end if iteration < PATH_ITERATIONS else current.join(end)
            if following.same_as(current):
                break
            current = following
        frame.loops.pop()
        return ends, loop.breaks

    def finish_loop(self, node, ends, breaks, frame):
        normal = join_all(ends)
        if normal is not None and node.orelse is not None:
            normal = self.exec_block(self.body_of(node.orelse), normal, frame)
        return join_all([normal] + list(breaks))

    def exec_Try(self, node, state, frame):
        entry = state.copy()
        body = self.exec_block(self.body_of(node), state, frame)
        handler_entry = join_all([entry, body])
        ends = [self.exec_block(self.body_of(node.orelse), body, frame)
                if node.orelse is not None and body is not None else body]
        for handler in node.handlers:
            current = handler_entry.copy()
            if handler.name is not None:
                self.assign(handler.name.name, UNKNOWN_VALUE, current, frame, handler)
            ends.append(self.exec_block(self.body_of(handler), current, frame))
        result = join_all(ends)
        if node.finalbody is not None:
            if result is None:
                self.exec_block(self.body_of(node.finalbody), handler_entry, frame)
                return None
            result = self.exec_block(self.body_of(node.finalbody), result, frame)
        return result

    exec_TryStar = exec_Try

    def exec_Match(self, node, state, frame):
        self.eval(node.subject, state, frame)
        return join_all([state] + [self.exec_block(self.body_of(case), state.copy(), frame) for case in node.cases])

    def exec_FunctionDef(self, node, state, frame):
        closure = dict(state.bindings) if frame.globals is not None else None
        function = Function(node=node, key=id(node), closure=closure, source=frame.source)
        state.bindings[node.name.value] = function
        if frame.source is None:  # another module's functions are analysed when it is linted
            self.register_entry(function, frame.globals if frame.globals is not None else state.bindings)
        return state

    def exec_ClassDef(self, node, state, frame):
        bases = [self.eval(arg.value, state, frame) for arg in node.bases if arg.keyword is None]
        kind = None
        hybrid = False
        methods = {}
        for base in bases:
            if isinstance(base, Klass):
                kind = kind or base.kind
                hybrid = hybrid or base.hybrid
                methods.update(dict(base.methods))
            elif isinstance(base, Ref):
                qualname = api.canonical(base.qualname)
                if qualname == api.AUTOGRAD_FUNCTION:
                    kind = "function"
                elif qualname.startswith("mxnet.gluon.") and (
                    qualname.rsplit(".", 1)[1] in ("Block", "HybridBlock", "SymbolBlock")
                    or api.gluon_block_kind(qualname) is not None
                ):
                    kind = "block"
                    hybrid = hybrid or api.is_hybrid_block(qualname)
        body_state = State(bindings={}, heap=state.heap, recording=state.recording)
        body_frame = Frame(globals=frame.globals if frame.globals is not None else state.bindings,
                           call_key=frame.call_key, source=frame.source)
        self.in_frame(body_frame, self.exec_block, self.body_of(node), body_state)
        state.heap = body_state.heap
        for name, value in body_state.bindings.items():
            if isinstance(value, Function):
                methods[name] = replace(value, owner=id(node))
        klass = Klass(node=node, key=id(node), kind=kind, hybrid=hybrid, methods=tuple(methods.items()),
                      bases=tuple(base for base in bases if isinstance(base, Klass)))
        self.classes[id(node)] = klass
        state.bindings[node.name.value] = klass
        own = body_state.bindings.get("hybrid_forward")
        # (a write in hybrid_forward is REC303 already: it fails once hybridized, recording or not)
        if kind == "block" and frame.source is None and isinstance(body_state.bindings.get("forward"), Function):
            self.register_block_entry(klass, frame.globals if frame.globals is not None else state.bindings)
        if hybrid and isinstance(own, Function) and frame.source is None:
            self.register_symbolic_entry(own, frame.globals if frame.globals is not None else state.bindings)
        return state
