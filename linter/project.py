"""The other modules of the linted project, found on disk as Python's import system would.

A linted file imports them through its package (relative imports, and absolute ones from the
folder holding its top-level package) or from its own folder (a script run as
`python train.py` has that folder first on sys.path). Each module is read and parsed once per
process, and only when the analysis uses a name imported from it. MXNet itself is never
followed: its API is modelled, not analysed.
"""
from __future__ import annotations

import ast
import hashlib
import os
from dataclasses import dataclass, field
from typing import Dict, FrozenSet, List, Optional, Set, Tuple

from recordlint.source import SourceError, decode

# Larger modules are left unknown rather than parsed for one call into them.
MAX_FOLLOWED_CHARACTERS = 500_000
NEVER_FOLLOWED = ("mxnet",)


@dataclass(frozen=True)
class ModuleFile:
    """A module of the project: its file as the run names it, and its dotted name."""

    path: str
    name: str


@dataclass
class ModuleSource:
    """A followed module's parsed text."""

    file: ModuleFile
    module: object  # libcst.Module; each of ``definitions`` in it is a placeholder statement
    text: str
    definitions: Tuple["Definition", ...] = ()
    line_offset: int = 0  # the file's line number of the module's line 1, less one


# The statement that stands for a definition not parsed yet: a name no program uses.
PLACEHOLDER = "__recordlint_definition__"


@dataclass(eq=False)
class Definition:
    """A top-level function or class (or table of constants) of a followed module, parsed by
    libcst only when the analysis first uses it (most of a module imported for one name never is)."""

    name: str
    first_line: int  # its first decorator's line
    code: str = field(default="", repr=False)  # its lines of the file
    tree: object = field(default=None, repr=False)  # Python's tree of it, for the nesting check
    parsed: object = field(default=None, repr=False)  # (libcst node, ModuleSource); False: it cannot be


@dataclass(frozen=True)
class Dependency:
    """A file whose content the findings of a linted file depend on, with its content hash
    (EXISTS or ABSENT when only whether it is there counts), and the text the analysis read
    (None when it could not be decoded or parsed, or was not read)."""

    path: str
    digest: str
    text: Optional[str] = field(default=None, compare=False, repr=False)


# The digests of paths whose existence, not content, the analysis depended on: where it looked
# for a module or a package's __init__.py and found none, or found one it did not read.
EXISTS, ABSENT = "exists", "absent"


def content_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class Project:
    """Module resolution and loading for one linted file."""

    def __init__(self, path: str, script: bool = True):
        """``script``: whether the file may also run as `python path` (see `may_run_as_script`)."""
        self.path = path
        folder = os.path.dirname(path) or os.curdir
        self.dependencies: Dict[str, Dependency] = {}
        self.package_parts = self._package_parts(folder)
        package_root = os.path.normpath(os.path.join(folder, *[os.pardir] * len(self.package_parts)))
        # `python -m package.module` from the package's parent, or `python script.py`
        self.roots: List[str] = [package_root] + ([folder] if folder != package_root and script else [])
        self._files: Dict[Tuple[str, int, Tuple[str, ...]], Optional[ModuleFile]] = {}
        self._submodules: Dict[Tuple[str, str], Optional[ModuleFile]] = {}
        self._top_level_names: Dict[str, Optional[FrozenSet[str]]] = {}  # path -> names, read once per lint

    # -- finding modules ------------------------------------------------------------------
    def find(self, dotted: str, level: int = 0, importer: Optional[ModuleFile] = None) -> Optional[ModuleFile]:
        """The project file of module ``dotted`` imported with ``level`` leading dots from
        ``importer`` (None: the linted file); None when it is not a file of the project."""
        package = importer.name.split(".")[:-1] if importer is not None else self.package_parts
        if importer is not None and os.path.basename(importer.path) == "__init__.py":
            package = importer.name.split(".")
        key = (dotted, level, tuple(package) if level else ())
        if key not in self._files:
            self._files[key] = self._find(dotted, level, package)
        return self._files[key]

    def _find(self, dotted: str, level: int, package: List[str]) -> Optional[ModuleFile]:
        parts = [part for part in dotted.split(".") if part]
        if level:
            if level - 1 > len(package):
                return None
            parts = package[:len(package) - (level - 1)] + parts
        if not parts or parts[0] in NEVER_FOLLOWED:
            return None
        for root in self.roots if not level else self.roots[:1]:
            found = self._module_file(root, parts)
            if found is not None:
                return ModuleFile(found, ".".join(parts))
        return None

    def submodule(self, package: ModuleFile, name: str) -> Optional[ModuleFile]:
        """Asked for each `package.name` the analysis reads that is not bound in the package."""
        if os.path.basename(package.path) != "__init__.py":
            return None
        key = (package.path, name)
        if key not in self._submodules:
            found = self._module_file(os.path.dirname(package.path), [name])
            self._submodules[key] = ModuleFile(found, package.name + "." + name) if found is not None else None
        return self._submodules[key]

    def _package_parts(self, folder: str) -> List[str]:
        """The dotted package of a file in ``folder``: its folders up to the first without
        __init__.py."""
        parts: List[str] = []
        folder = os.path.abspath(folder)
        while self._exists(os.path.join(folder, "__init__.py")):
            head, name = os.path.split(folder)
            if not name or head == folder:
                break
            parts.insert(0, name)
            folder = head
        return parts

    def _module_file(self, root: str, parts: List[str]) -> Optional[str]:
        base = os.path.join(root, *parts)
        for candidate in (base + ".py", os.path.join(base, "__init__.py")):
            if self._exists(candidate):
                return os.path.normpath(candidate)
        return None

    def _exists(self, path: str) -> bool:
        """Whether ``path`` is a file, noted as a dependency either way."""
        found, path = os.path.isfile(path), os.path.normpath(path)
        self.dependencies.setdefault(path, Dependency(path, EXISTS if found else ABSENT))  # a read gives a digest
        return found

    # -- reading them ---------------------------------------------------------------------
    def load(self, file: ModuleFile) -> Optional[ModuleSource]:
        """The parsed module; None when it cannot be read, decoded or parsed (then it is unknown)."""
        read = _read(file)
        if read is None:
            return None
        data, digest = read
        source = _parse(file, data, digest)
        self.dependencies[file.path] = Dependency(file.path, digest, source.text if source is not None else None)
        return source

    def top_level_names(self, file: ModuleFile) -> Optional[FrozenSet[str]]:
        """The names the module's top level may bind ("*" for a star import), from Python's own
        parse: far cheaper than loading it, to learn which module a star import takes a name
        from. None when it cannot be read or parsed."""
        if file.path not in self._top_level_names:
            self._top_level_names[file.path] = self._read_top_level_names(file)
        return self._top_level_names[file.path]

    def _read_top_level_names(self, file: ModuleFile) -> Optional[FrozenSet[str]]:
        read = _read(file)
        if read is None:
            return None
        data, digest = read
        known = self.dependencies.get(file.path)
        if known is None or known.digest in (EXISTS, ABSENT):  # loading it gives its text too
            self.dependencies[file.path] = Dependency(file.path, digest)
        key = (os.path.abspath(file.path), digest)
        if key not in _names:
            _names[key] = _names_uncached(data)
        return _names[key]


def _read(file: ModuleFile) -> Optional[Tuple[bytes, str]]:
    """The module's bytes and their digest; None when it cannot be read."""
    try:
        with open(file.path, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    return data, content_digest(data)


_names: Dict[Tuple[str, str], Optional[FrozenSet[str]]] = {}


def _names_uncached(data: bytes) -> Optional[FrozenSet[str]]:
    from recordlint.region_sparse import bound_names
    from recordlint.sparse import python_tree

    try:
        tree = python_tree(decode(data))
    except SourceError:
        return None
    return frozenset(bound_names(tree.body)) if tree is not None else None


def may_run_as_script(tree: Optional[ast.Module]) -> bool:
    """False for a module whose top level imports relatively, unguarded: run as `python path`
    it fails at once (no parent package), so its folder is never on sys.path."""
    return tree is None or not any(isinstance(node, ast.ImportFrom) and node.level for node in tree.body)


_parsed: Dict[Tuple[str, str], Optional[ModuleSource]] = {}


def _parse(file: ModuleFile, data: bytes, digest: str) -> Optional[ModuleSource]:
    """Parsed once per process for each content: worker processes lint many files of one project."""
    key = (os.path.abspath(file.path), digest)
    if key not in _parsed:
        _parsed[key] = _parse_uncached(file, data)
    return _parsed[key]


def _parse_uncached(file: ModuleFile, data: bytes) -> Optional[ModuleSource]:
    import libcst as cst

    from recordlint.nesting import MAX_DEPTH, deeper_than, line_lengths, too_deep
    from recordlint.sparse import left_out, plain_line_ends, python_tree, span_of

    try:
        text = decode(data)
    except SourceError:
        return None
    if len(text) > MAX_FOLLOWED_CHARACTERS:
        return None
    tree = python_tree(text)
    if tree is None or not plain_line_ends(text):  # parsed whole, as the linted files are
        if too_deep(text) is not None:
            return None
        try:
            return ModuleSource(file, cst.parse_module(text), text)
        except (cst.ParserSyntaxError, RecursionError):
            return None
    lines = text.split("\n")
    definitions, others = [], []
    tables = _constant_tables(tree)
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            name = node.name
        elif node in tables:
            name = node.targets[0].id
        else:
            others.append(node)
            continue
        first, last = span_of(node)
        definitions.append(Definition(name, first, "\n".join(lines[first - 1:last]) + "\n", node))
        left_out(lines, first, last, PLACEHOLDER)  # the module's other lines keep their places
    if deeper_than(ast.Module(body=others, type_ignores=[]), MAX_DEPTH, line_lengths(text)) is not None:
        return None
    try:
        module = cst.parse_module("\n".join(lines))
    except (cst.ParserSyntaxError, RecursionError):
        return None
    return ModuleSource(file, module, text, tuple(definitions))


def _constant_tables(tree: ast.Module) -> Set[ast.stmt]:
    """The top-level assignments of a literal of constants to one name, over several lines,
    whose name no other top-level statement reads (a class or function reads it when run):
    run when first used, like a definition. Vocabularies, checksums and class lists of
    thousands of lines cost libcst's parse and are seldom read by the code a lint reaches."""
    tables = {node for node in tree.body if isinstance(node, ast.Assign) and len(node.targets) == 1
              and isinstance(node.targets[0], ast.Name) and node.end_lineno > node.lineno
              and isinstance(node.value, (ast.List, ast.Tuple, ast.Set, ast.Dict)) and _constant(node.value)}
    if not tables:
        return tables
    read = {node.id for statement in tree.body if statement not in tables
            and not isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
            for node in ast.walk(statement) if isinstance(node, ast.Name)
            and (not isinstance(node.ctx, ast.Store) or isinstance(statement, ast.AugAssign))}
    return {node for node in tables if node.targets[0].id not in read}


def _constant(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return all(_constant(element) for element in node.elts)
    if isinstance(node, ast.Dict):
        return None not in node.keys and all(_constant(child) for child in node.keys + node.values)
    return isinstance(node, ast.UnaryOp) and _constant(node.operand)


def parse_definition(source: ModuleSource, definition: Definition):
    """(libcst node, ModuleSource of it alone) for a definition of a followed module, parsed
    once per process; None when it cannot be parsed."""
    if definition.parsed is None:
        definition.parsed = _parse_definition(source, definition) or False
    return definition.parsed or None


def _parse_definition(source: ModuleSource, definition: Definition):
    import libcst as cst

    from recordlint.nesting import MAX_DEPTH, deeper_than, line_lengths

    # its lines' lengths, numbered as in the file, spare the walk of its short statements
    lengths = [0] * (definition.first_line - 1) + line_lengths(definition.code)
    if deeper_than(definition.tree, MAX_DEPTH, lengths) is not None:
        return None
    try:
        module = cst.parse_module(definition.code)
    except (cst.ParserSyntaxError, RecursionError):
        return None
    if len(module.body) != 1:
        return None
    return module.body[0], ModuleSource(source.file, module, source.text, line_offset=definition.first_line - 1)


