"""Abstract values (what a Python name may hold) and abstract array states.

An array handle is an abstract object identified by its allocation site; what
MXNet calls "autograd info" is the object's tag.  Tags form a small lattice:
UNTAGGED and TAGGED are certain, MAYBE means tagged on some paths only, and
UNKNOWN means the provenance is not known at all (a parameter, a global, the
result of a call the analysis cannot see), which is never reported.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Optional, Tuple

UNTAGGED = "untagged"
TAGGED = "tagged"
MAYBE = "maybe"
UNKNOWN = "unknown"


def join_tags(a: str, b: str) -> str:
    if a == b:
        return a
    if MAYBE in (a, b) or TAGGED in (a, b):
        return MAYBE
    return UNKNOWN


# What a tag means, used in messages.
LEAF = "an attach_grad leaf"
NODE = "the output of a recorded operation"
CONSTANT = "a constant input of a recorded operation"
GRAD_BUFFER = "a gradient buffer marked with mark_variables"
PARAM_DATA = "a Gluon parameter's data"
PARAM_GRAD = "a Gluon parameter's gradient"


@dataclass(frozen=True)
class ArrayState:
    tag: str
    origin: str = ""  # one of the descriptions above, for tagged handles
    grad_req: Optional[str] = None  # leaves only; None when not known
    inputs: frozenset = frozenset()  # graph predecessors, for backward clearing
    interface: Optional[str] = None  # "nd" or "np" when known
    shape: Optional[Tuple[int, ...]] = None
    boolean: bool = False  # dtype is bool (a mask)
    symbolic: bool = False  # a Symbol in a hybridizable block's hybrid_forward, not an array
    memory: Optional[tuple] = None  # the array whose memory this handle shares (detach, views)

    def join(self, other: "ArrayState") -> "ArrayState":
        if self == other:
            return self
        tag = join_tags(self.tag, other.tag)
        return ArrayState(
            tag=tag,
            origin=self.origin or other.origin,
            grad_req=self.grad_req if self.grad_req == other.grad_req else None,
            inputs=self.inputs | other.inputs,
            interface=self.interface if self.interface == other.interface else None,
            shape=self.shape if self.shape == other.shape else None,
            boolean=self.boolean and other.boolean,
            symbolic=self.symbolic or other.symbolic,
            memory=self.memory if self.memory == other.memory else None,
        )

    def with_tag(self, tag: str, origin: str = "", **changes: Any) -> "ArrayState":
        return replace(self, tag=tag, origin=origin, **changes)


class Value:
    """Base of abstract values."""


@dataclass(frozen=True)
class Arrays(Value):
    """One array handle, or several when paths disagree (may-alias)."""

    ids: frozenset


@dataclass(frozen=True)
class Ref(Value):
    """A module or a module attribute, by qualified name (``mxnet.nd.relu``)."""

    qualname: str


@dataclass(frozen=True)
class Const(Value):
    """A Python literal, or any non-array value whose exact value is known."""

    value: Any


@dataclass(frozen=True)
class Opaque(Value):
    """A value known not to be an array: a number, a context, a shape ... With ``index``, an
    int of at least 0 (an element of `range(stop)`, an `enumerate` count): the rewrite of an
    item assignment needs its key's sign."""

    index: bool = False


@dataclass(frozen=True)
class HostArray(Value):
    """A real numpy.ndarray (assigning one to ``x[:]`` bypasses MXNet's check)."""


@dataclass(frozen=True)
class Seq(Value):
    """A list or tuple; ``exact`` when every element position is known."""

    items: Tuple[Value, ...]
    exact: bool = True


@dataclass(frozen=True)
class Scope(Value):
    """The context manager returned by autograd.record/pause/train_mode/predict_mode."""

    recording: Optional[bool]  # None: neither starts nor stops recording


@dataclass(frozen=True)
class Function(Value):
    """A function defined in the analysed module, or in a project module it imports."""

    node: Any = field(compare=False, hash=False)
    key: int = 0
    closure: Any = field(default=None, compare=False, hash=False)
    bound_self: Optional[Value] = None
    source: Any = field(default=None, compare=False, hash=False)  # its ModuleSource; None: the analysed module
    owner: Optional[int] = None  # the key of the class whose body defines it, for super()


@dataclass(frozen=True)
class ProjectModule(Value):
    """A module of the linted project (recordlint.project.ModuleFile), imported by name."""

    file: Any


@dataclass(frozen=True)
class DeferredDefinition(Value):
    """A top-level function or class (or table of constants) of a followed project module, run
    only when first used: libcst parses it then (recordlint.project.Definition), and a class's
    bases could follow imports that nothing else needs."""

    definition: Any = field(compare=False, hash=False)  # recordlint.project.Definition
    key: int = 0
    source: Any = field(default=None, compare=False, hash=False)  # the module's ModuleSource


@dataclass(frozen=True)
class ProjectImport(Value):
    """``from module import name`` of a project module: looked up when first used."""

    module: ProjectModule
    name: str


# The key of a module's bindings under which its star imports of project modules are kept.
STAR_IMPORTS = "*"


@dataclass(frozen=True)
class StarImports(Value):
    """The project modules a module imports with `from module import *`, in order: their names
    are looked up there when first used (recordlint.analysis.analyzer.Analyzer.star_member)."""

    modules: Tuple[ProjectModule, ...]


@dataclass(frozen=True)
class Block(Value):
    """A Gluon block instance; ``params`` is the handle standing for its parameters.

    Blocks of classes defined in the analysed module carry their class, and
    ``site`` keys their instance attributes (``self.dense = nn.Dense(...)``)."""

    params: Optional[tuple]
    klass: Any = None
    site: Optional[tuple] = None


@dataclass(frozen=True)
class Param(Value):
    """A Gluon Parameter of a block (``net.weight``)."""

    key: tuple


@dataclass(frozen=True)
class ParamDict(Value):
    """``block.collect_params()``."""

    params: Optional[tuple]


@dataclass(frozen=True)
class Trainer(Value):
    """``gluon.Trainer(...)``: its step() writes every parameter with out=weight."""


@dataclass(frozen=True)
class Unknown(Value):
    pass


UNKNOWN_VALUE = Unknown()
OPAQUE = Opaque()
INDEX = Opaque(index=True)


def join_values(a: Optional[Value], b: Optional[Value]) -> Value:
    if a is None:
        return b if b is not None else UNKNOWN_VALUE
    if b is None or a == b:
        return a
    if isinstance(a, Arrays) and isinstance(b, Arrays):
        return Arrays(a.ids | b.ids)
    if isinstance(a, Seq) and isinstance(b, Seq):
        if len(a.items) == len(b.items):
            return Seq(tuple(join_values(x, y) for x, y in zip(a.items, b.items)), a.exact and b.exact)
        return Seq((join_values(seq_element(a), seq_element(b)),), exact=False)
    if isinstance(a, (Const, Opaque)) and isinstance(b, (Const, Opaque)):
        return OPAQUE
    return UNKNOWN_VALUE


def data_handle(param_key: tuple) -> tuple:
    """The handle of a Gluon parameter's data (``param_key``: its block's parameters handle, its name)."""
    return ("param-data",) + param_key


def owning_parameters(handle: tuple) -> Optional[tuple]:
    """For the handle of a parameter's data, the handle of its block's parameters, which a call
    of the block reads; None for other handles."""
    return handle[1] if handle[0] == "param-data" else None


def is_index(value: Value) -> bool:
    """Whether the value is a Python int (not a bool) of at least 0."""
    return value == INDEX or (isinstance(value, Const) and type(value.value) is int and value.value >= 0)


def seq_element(seq: Seq) -> Value:
    """Any element of a sequence, as one value."""
    result: Optional[Value] = None
    for item in seq.items:
        result = join_values(result, item)
    return result if result is not None else UNKNOWN_VALUE


@dataclass(frozen=True)
class Klass(Value):
    """A class defined in the analysed module."""

    node: Any = field(compare=False, hash=False)
    key: int = 0
    kind: Optional[str] = None  # "block", "function" (autograd.Function) or None
    hybrid: bool = False  # a HybridBlock: hybrid_forward may run on Symbols
    methods: Tuple[Tuple[str, Any], ...] = field(default=(), compare=False, hash=False)
    bases: Tuple["Klass", ...] = field(default=(), compare=False, hash=False)  # the analysed base classes


@dataclass(frozen=True)
class Super(Value):
    """``super()`` in a method of an analysed class: its bases' methods, bound to ``receiver``."""

    klass: Klass
    receiver: Value


@dataclass(frozen=True)
class Instance(Value):
    """An instance of an analysed class; ``site`` keys its attributes."""

    klass: Klass
    site: tuple
