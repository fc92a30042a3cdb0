"""One module's analysis: runs the module, then every function as an entry point."""
from __future__ import annotations

from dataclasses import replace
from typing import Dict, List, Optional

import libcst as cst

from recordlint.analysis.calls import CallsMixin
from recordlint.analysis.expressions import ExpressionsMixin
from recordlint.analysis.graph import KEPT_BY_BACKWARD, GraphMixin
from recordlint.analysis.state import State, join_all
from recordlint.analysis.statements import Frame, StatementsMixin
from recordlint.analysis.values import (
    UNKNOWN_VALUE, ArrayState, Arrays, Block, Const, DeferredDefinition, Function, Instance, Klass, ProjectImport,
    ProjectModule, Ref, Seq, StarImports, Super, Value, GRAD_BUFFER, STAR_IMPORTS, UNTAGGED, join_values,
    owning_parameters,
)
from recordlint.analysis.violations import METHOD, KeysSeen, Violation, WriteContext
from recordlint.project import PLACEHOLDER, Definition, parse_definition

# How an entry point is analysed: a function knowing nothing of its arguments; a hybrid_forward
# on Symbols; a Gluon block's forward run as in training.
PLAIN, SYMBOLIC, TRAINING = "plain", "symbolic", "training"

# Nested calls followed into the module's own functions before giving up (recursion, deep chains).
MAX_CALL_DEPTH = 8


class Analyzer(StatementsMixin, ExpressionsMixin, CallsMixin, GraphMixin):
    def __init__(self, module: cst.Module, project=None):
        self.module = module
        self.project = project  # a recordlint.project.Project: imports of project modules are followed
        self.module_bindings_of: Dict[str, Optional[dict]] = {}  # project module's file -> its top-level names
        self.classes: Dict[int, Klass] = {}  # class key -> the class, for super()
        self.violations: Dict[tuple, Violation] = {}
        self.numpy_mode = False
        self.attributes: Dict[tuple, dict] = {}
        self.pending: List[tuple] = []
        self.entered: set = set()
        self.active: List[int] = []
        self.via: List[tuple] = []
        self.frames: List[Frame] = []
        self.record_blocks: List[cst.With] = []  # `with record()` statements being run, innermost last
        self.statements: List[cst.CSTNode] = []  # statements being run, outermost first
        self.serial = 0
        self.allocated: Dict[tuple, int] = {}
        self.shared: set = set()  # handles held by more than one name or by a container
        self.unchecked_writes: Dict[tuple, list] = {}  # memory -> writes MXNet did not check
        self.keys_seen: Dict[int, KeysSeen] = {}  # id of an item assignment's target -> its keys' facts

    def run(self) -> List[Violation]:
        state = State()
        self.in_frame(Frame(globals=None, body=self.module.body), self.exec_block, self.module.body, state)
        # Functions run later, from anywhere: analyse each one from its start too, knowing
        # nothing of its arguments.
        while self.pending:
            entry, module_bindings, mode = self.pending.pop(0)
            if (entry.key, mode) in self.entered:
                continue
            self.entered.add((entry.key, mode))
            if mode == TRAINING:
                self.analyse_training_entry(entry, module_bindings, state.heap)
            else:
                self.analyse_entry(entry, module_bindings, state.heap, mode == SYMBOLIC)
        return list(self.violations.values())

    def in_frame(self, frame: Frame, run, node, state):
        """Runs ``run(node, state, frame)`` with ``frame`` as the current frame."""
        self.frames.append(frame)
        try:
            return run(node, state, frame)
        finally:
            self.frames.pop()

    def register_entry(self, function: Function, module_bindings: dict) -> None:
        self.pending.append((function, module_bindings, PLAIN))

    def register_symbolic_entry(self, function: Function, module_bindings: dict) -> None:
        """A HybridBlock's hybrid_forward also runs hybridized: F is mx.sym, its inputs Symbols."""
        self.pending.append((function, module_bindings, SYMBOLIC))

    def register_block_entry(self, klass: Klass, module_bindings: dict) -> None:
        """A Gluon block's forward may run while recording, in training, wherever it is called."""
        self.pending.append((klass, module_bindings, TRAINING))

    def analyse_training_entry(self, klass: Klass, module_bindings: dict, heap: dict) -> None:
        """Builds the block with unknown arguments and calls it with unknown inputs, recording on
        some paths only: writes MXNet would reject while recording are then "may raise"."""
        forward = dict(klass.methods)["forward"]
        inputs = [UNKNOWN_VALUE] * max(0, len(forward.node.params.params) - 1)  # after self
        state = State(heap=heap.copy(), recording=True, recording_certain=False)
        frame = Frame(globals=module_bindings, call_key=("training", klass.key))

        def build_and_call(node, state, frame):
            block = self.instantiate(klass, [], {}, state, frame, node)
            via, self.via = self.via, []  # reported at the write: no call of the module leads there
            try:
                self.block_call(block, inputs, {}, state, frame, node)
            finally:
                self.via = via

        self.in_frame(frame, build_and_call, klass.node, state)

    def analyse_entry(self, function: Function, module_bindings: dict, heap: dict, symbolic: bool = False) -> None:
        params = function.node.params
        bindings = {p.name.value: UNKNOWN_VALUE for p in self.all_params(params)}
        state = State(bindings=bindings, heap=heap.copy())
        if symbolic:
            names = [p.name.value for p in self.all_params(params)]
            for index, name in enumerate(names[2:]):  # after self and F
                site = ("symbol", function.key, index)
                self.allocate(state, site, ArrayState(tag=UNTAGGED, symbolic=True))
                bindings[name] = Arrays(frozenset([site]))
            if len(names) > 1:
                bindings[names[1]] = Ref("mxnet.sym")
        frame = Frame(globals=module_bindings, closure=function.closure, call_key=("entry", function.key, symbolic),
                      body=self.body_of(function.node))
        self.active.append(function.key)
        try:
            self.in_frame(frame, self.exec_block, self.body_of(function.node), state)
        finally:
            self.active.pop()

    @staticmethod
    def all_params(params: cst.Parameters):
        result = list(params.posonly_params) + list(params.params) + list(params.kwonly_params)
        for star in (params.star_arg, params.star_kwarg):
            if isinstance(star, cst.Param):
                result.append(star)
        return result

    # -- bookkeeping used by the mixins -------------------------------------------------
    def site(self, node, frame, index: int = 0) -> tuple:
        return ("site", id(node), frame.call_key, index)

    def new_untagged(self, state: State, site, interface=None, shape=None) -> None:
        self.allocate(state, site, ArrayState(tag=UNTAGGED, interface=interface, shape=shape))

    def allocate(self, state: State, site, array: ArrayState) -> None:
        """A new array handle at ``site``; the serial tells later whether a binding shares it."""
        state.heap[site] = array
        self.serial += 1
        self.allocated[site] = self.serial

    def note_holders(self, value, since: int) -> None:
        """Remember handles that a binding made at serial ``since`` shares with earlier holders
        (another name, a container): only writes to those need the alias scan of a fix."""
        for key in self.operands_of([value]).ids:
            if isinstance(value, Seq) or self.allocated.get(key, 0) <= since:
                self.shared.add(key)

    def code(self, node) -> str:
        if node is None:
            return ""
        if isinstance(node, str):
            return node
        return self.module.code_for_node(node).strip()

    CURRENT = object()  # report()'s default source: the module whose code is running

    def report(self, node, form, certain, error, target, reason, operation, state=None, outputs=frozenset(),
               later=None, context=None, source=CURRENT) -> None:
        context = context or self.write_context(state, outputs)
        if operation == "set_data" and state is not None:
            context = replace(context, read_by_graph=self.read_by_graph(state, outputs))
        key = (id(node), form)
        existing = self.violations.get(key)
        if existing is not None:
            context = context.merge(existing.context)
            if existing.certain or not certain:
                self.violations[key] = replace(existing, context=context)
                return
        self.violations[key] = Violation(
            node=node, form=form, certain=certain, error=error, target=self.code(target),
            reason=reason, operation=operation, via=tuple(self.via), context=context, later=later,
            source=self.frames[-1].source if source is self.CURRENT else source,
            later_source=self.frames[-1].source,
        )

    def write_context(self, state, outputs) -> WriteContext:
        frame = self.frames[-1]
        if state is None:
            return WriteContext(in_loop=bool(frame.loops), in_callee=bool(self.via),
                                record_block=self.innermost_record_block(), path=tuple(self.statements),
                                scope_body=frame.body)
        aliases: set = set()
        escapes = False
        if outputs & self.shared:
            aliases = {name for name, value in state.bindings.items()
                       if isinstance(value, Arrays) and value.ids & outputs}
            held_elsewhere = [state.bindings[name] for name in state.bindings if name not in aliases]
            for scope in (frame.closure, frame.globals):
                if scope is not None and scope is not state.bindings:
                    held_elsewhere.extend(scope.values())
            held_elsewhere.extend(v for attributes in self.attributes.values() for v in attributes.values())
            escapes = bool(self.operands_of(held_elsewhere).ids & outputs)
        arrays = [state.heap[i] for i in outputs if i in state.heap]
        return WriteContext(
            leaf=any(a.origin in KEPT_BY_BACKWARD or a.origin == GRAD_BUFFER for a in arrays),
            aliases=frozenset(aliases),
            escapes=escapes,
            in_loop=bool(frame.loops),
            # a rewrite in the callee cannot update an array the caller passed or owns
            in_callee=bool(self.via) and any(self.allocated.get(i, 0) <= frame.start_serial for i in outputs),
            interface=arrays[0].interface if len({a.interface for a in arrays}) == 1 else None,
            shape=arrays[0].shape if len({a.shape for a in arrays}) == 1 else None,
            record_block=self.innermost_record_block(),
            path=tuple(self.statements),
            scope_body=frame.body,
        )

    @staticmethod
    def read_by_graph(state, outputs) -> bool:
        """Whether a recorded operation not cleared by a backward may read the memory of
        ``outputs``: through their handles, their entries before an attach_grad, or a view; for
        a parameter's data, also through its block's parameters (a call of the block reads them
        all) and that block's other parameters' data (`params.get` names none of them apart)."""
        for key in outputs:
            array = state.heap.get(key)
            if array is None or array.memory is not None:
                return True
            related = [key] + [other for other, held in state.heap.items() if held.memory == key]
            owner = owning_parameters(key)
            if owner is not None:
                related += [owner] + [other for other in state.heap if owning_parameters(other) == owner]
            for handle in related + [("retired",) + handle for handle in related]:
                if any(state.heap[user].tag != UNTAGGED for user in state.heap.users_of(handle)):
                    return True
        return False

    def innermost_record_block(self):
        return self.record_blocks[-1] if self.record_blocks else None

    def instance_attributes(self, site) -> dict:
        return self.attributes.setdefault(site, {})

    def instance_attribute(self, receiver, name: str) -> Value:
        attributes = self.instance_attributes(receiver.site) if receiver.site is not None else {}
        if name in attributes:
            return attributes[name]
        methods = dict(receiver.klass.methods) if receiver.klass is not None else {}
        if name in methods:
            method = methods[name]
            return replace(method, bound_self=receiver)
        return UNKNOWN_VALUE

    def super_of(self, frame) -> Value:
        """``super()`` in the method being called: its class's bases, bound to the same receiver."""
        function = frame.function
        klass = self.classes.get(function.owner) if function is not None and function.owner is not None else None
        if klass is None or function.bound_self is None:
            return UNKNOWN_VALUE
        return Super(klass, function.bound_self)

    @staticmethod
    def super_member(receiver: Super, name: str) -> Value:
        for base in receiver.klass.bases:
            methods = dict(base.methods)
            if name in methods:
                return replace(methods[name], bound_self=receiver.receiver)
        return UNKNOWN_VALUE

    # -- other modules of the project ----------------------------------------------------
    def project_bindings(self, file) -> Optional[dict]:
        """A project module's top-level names, from running its code once per analysis (None when
        it cannot be parsed). Its arrays are not followed: they stand for unknown values."""
        if file.path in self.module_bindings_of:
            return self.module_bindings_of[file.path]
        self.module_bindings_of[file.path] = {}  # what an import cycle sees
        source = self.project.load(file)
        if source is None:
            self.module_bindings_of[file.path] = None
            return None
        state = State()
        frame = Frame(globals=None, body=source.module.body, source=source)
        via, self.via = self.via, []  # its top level runs on import, not from the call being analysed
        try:
            end = self.in_frame(frame, self.exec_module_of_project, source.module.body, state)
        finally:
            self.via = via
        bindings = (end or state).bindings
        exported = {name: UNKNOWN_VALUE if isinstance(value, Arrays) else value for name, value in bindings.items()}
        self.module_bindings_of[file.path] = exported
        return exported

    def exec_module_of_project(self, statements, state, frame) -> Optional[State]:
        """A followed module's top level, its functions and classes deferred until used."""
        definitions = iter(frame.source.definitions)
        for statement in statements:
            if is_placeholder(statement):
                definition = next(definitions)
                state.bindings[definition.name] = DeferredDefinition(definition, id(definition), frame.source)
                continue
            if isinstance(statement, cst.ClassDef):  # a module parsed whole
                definition = Definition(statement.name.value, 0, parsed=(statement, frame.source))
                state.bindings[definition.name] = DeferredDefinition(definition, id(statement), frame.source)
                continue
            state = self.exec_statement(statement, state, frame)
            if state is None:
                return None
        return state

    def materialized(self, deferred: DeferredDefinition) -> Value:
        """Runs a deferred definition in its module; the function or class from then on."""
        bindings = self.module_bindings_of.get(deferred.source.file.path)
        if bindings is None:
            return UNKNOWN_VALUE
        name = deferred.definition.name
        if bindings.get(name) is not deferred:
            current = bindings.get(name, UNKNOWN_VALUE)
            return current if not isinstance(current, DeferredDefinition) else UNKNOWN_VALUE
        bindings[name] = UNKNOWN_VALUE  # what a class's own bases see, should they name it
        parsed = parse_definition(deferred.source, deferred.definition)
        if parsed is None:
            return UNKNOWN_VALUE
        node, source = parsed
        state = State()
        # a class body looks names up in the module; a function finds them when called
        frame = Frame(globals=bindings if isinstance(node, cst.ClassDef) else None, body=(), source=source)
        via, self.via = self.via, []
        try:
            self.in_frame(frame, self.exec_statement, node, state)
        finally:
            self.via = via
        bindings[name] = state.bindings.get(name, UNKNOWN_VALUE)
        return bindings[name]

    def star_member(self, star: StarImports, name: str, seen: frozenset = frozenset()) -> Optional[Value]:
        """``name`` as the star imports ``star`` bind it (the last one first), None when none does:
        a module's `__all__`, or else its names that do not start with an underscore, its own star
        imports' included. Looked up only where the importer does not bind the name itself."""
        for module in reversed(star.modules):
            if module.file.path in seen:
                continue  # modules star-importing each other
            names = self.project.top_level_names(module.file)
            if names is None or not names & {name, "*", "__all__"}:
                continue  # not read further: a package's `__init__` may star-import all its modules
            bindings = self.project_bindings(module.file) or {}
            listed = bindings.get("__all__")
            exported = {item.value for item in listed.items} if isinstance(listed, Seq) and listed.exact and all(
                isinstance(item, Const) and isinstance(item.value, str) for item in listed.items) else None
            exports_it = name in exported if exported is not None else not name.startswith("_")
            if not exports_it:
                continue
            if name in bindings:
                return ProjectImport(module, name)
            own = bindings.get(STAR_IMPORTS)
            found = self.star_member(own, name, seen | {module.file.path}) if isinstance(own, StarImports) else None
            if found is not None:
                return found
            if exported is not None:
                return ProjectImport(module, name)  # listed, bound nowhere seen: a submodule, say
        return None

    def project_member(self, module: ProjectModule, name: str, seen: frozenset = frozenset()) -> Value:
        """``module.name``: a top-level name of the module, or a submodule of a package."""
        bindings = self.project_bindings(module.file)
        value = bindings.get(name) if bindings is not None else None
        if isinstance(value, ProjectImport):
            if (value.module.file.path, value.name) in seen:
                return UNKNOWN_VALUE  # names imported from each other in a cycle
            return self.project_member(value.module, value.name, seen | {(module.file.path, name)})
        if isinstance(value, DeferredDefinition):
            return self.materialized(value)
        if value is not None:
            return value
        submodule = self.project.submodule(module.file, name)
        return ProjectModule(submodule) if submodule is not None else UNKNOWN_VALUE

    # -- calls into the module's own code -------------------------------------------------
    def call_function(self, function: Function, args, kwargs, state, frame, node) -> Value:
        if function.key in self.active or len(self.active) >= MAX_CALL_DEPTH:
            return self.unknown_call(args, kwargs, state, frame, node)
        if function.source is not None:
            globals_ = self.module_bindings_of.get(function.source.file.path) or {}
        elif frame.source is None:
            globals_ = frame.globals if frame.globals is not None else state.bindings
        else:  # a function of the analysed module handed to another module's code
            return self.unknown_call(args, kwargs, state, frame, node)
        bindings = self.bind_arguments(function, args, kwargs, state, frame)
        self.note_holders(Seq(tuple(bindings.values())), self.serial)
        callee_state = State(bindings, state.heap, state.recording, state.recording_certain)
        callee_frame = Frame(
            globals=globals_,
            closure=function.closure,
            source=function.source,
            function=function,
            call_key=frame.call_key + (id(node),),
            body=self.body_of(function.node) if not isinstance(function.node, cst.Lambda) else (),
            start_serial=self.serial,
        )
        name = getattr(getattr(function.node, "name", None), "value", "lambda")
        self.active.append(function.key)
        self.via.append((node, name, frame.source))
        try:
            if isinstance(function.node, cst.Lambda):
                values = [self.in_frame(callee_frame, self.eval, function.node.body, callee_state)]
                ends = [callee_state]
            else:
                end = self.in_frame(callee_frame, self.exec_block, self.body_of(function.node), callee_state)
                values = [value for value, _ in callee_frame.returns] + ([Const(None)] if end is not None else [])
                ends = [s for _, s in callee_frame.returns] + [end]
        finally:
            self.via.pop()
            self.active.pop()
        joined = join_all(ends)
        if joined is not None:
            state.heap = joined.heap
            state.recording, state.recording_certain = joined.recording, joined.recording_certain
        else:
            state.heap = callee_state.heap
        result: Optional[Value] = None
        for value in values:
            result = join_values(result, value)
        return result if result is not None else UNKNOWN_VALUE

    def bind_arguments(self, function: Function, args, kwargs, state, frame) -> dict:
        params = function.node.params
        positional = list(args)
        if function.bound_self is not None:
            positional.insert(0, function.bound_self)
        spread = any(isinstance(a, Seq) and not a.exact for a in positional)
        bindings = {}
        named = list(params.posonly_params) + list(params.params)
        for index, param in enumerate(named):
            name = param.name.value
            if index < len(positional) and not spread:
                bindings[name] = positional[index]
            elif name in kwargs:
                bindings[name] = kwargs[name]
            else:
                bindings[name] = self.default_value(param)
        for param in params.kwonly_params:
            bindings[param.name.value] = kwargs.get(param.name.value, self.default_value(param))
        if isinstance(params.star_arg, cst.Param):
            rest = positional[len(named):]
            bindings[params.star_arg.name.value] = Seq(tuple(rest), not spread)
        if isinstance(params.star_kwarg, cst.Param):
            bindings[params.star_kwarg.name.value] = UNKNOWN_VALUE
        return bindings

    def default_value(self, param: cst.Param) -> Value:
        default = param.default
        if isinstance(default, (cst.Integer, cst.Float, cst.SimpleString)):
            return self.eval(default, State(), Frame(globals={}))
        if isinstance(default, cst.Name) and default.value in ("True", "False", "None"):
            return Const({"True": True, "False": False, "None": None}[default.value])
        return UNKNOWN_VALUE

    def instantiate(self, klass: Klass, args, kwargs, state, frame, node) -> Value:
        if klass.kind == "block":
            instance = self.new_block(True, state, frame, node, klass=klass)
        else:
            instance = Instance(klass, self.site(node, frame))
        init = dict(klass.methods).get("__init__")
        if init is not None:
            bound = replace(init, bound_self=instance)
            self.call_function(bound, args, kwargs, state, frame, node)
        return instance

    def user_block_forward(self, block: Block):
        """How calling a block of an analysed class runs: its forward, or hybrid_forward with F = nd."""
        methods = dict(block.klass.methods)
        if "forward" in methods:
            method = methods["forward"]
            extra = []
        elif "hybrid_forward" in methods:
            if self.instance_attributes(block.site).get("__hybridized__") is not None:
                return None  # symbolic: in-place operators are not even defined on Symbol
            method = methods["hybrid_forward"]
            extra = [Ref("mxnet.nd")]
        else:
            return None
        bound = replace(method, bound_self=block)

        def run(args, kwargs, state, frame, node):
            return self.call_function(bound, extra + list(args), kwargs, state, frame, node)

        return run

    def autograd_function_call(self, instance: Instance, args, kwargs, state, frame, node) -> Value:
        """autograd.Function: forward runs with recording off, then its outputs are recorded."""
        forward = dict(instance.klass.methods).get("forward")
        if forward is None:
            return self.unknown_call(args, kwargs, state, frame, node)
        recording = state.recording
        state.recording = False
        bound = replace(forward, bound_self=instance)
        result = self.call_function(bound, args, kwargs, state, frame, node)
        state.recording = recording
        outputs = self.operands_of([result]).ids
        self.record_write(state, self.operands_of(list(args)), outputs, node, METHOD, node, "autograd.Function")
        return result


def is_placeholder(statement) -> bool:
    """Whether a statement of a followed module stands for a definition not parsed yet."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return False
    expression = statement.body[0]
    return isinstance(expression, cst.Expr) and isinstance(expression.value, cst.Name) \
        and expression.value.value == PLACEHOLDER
