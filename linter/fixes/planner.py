"""Plans the fix of each certain finding, or says why there is none.

A fix is safe only when the rewrite keeps every later read's value and every
gradient the program reads; rewrites that rest on an assumption the analysis
cannot prove (shapes, dtypes) are unsafe; everything else gets no fix.
"""
from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass
from typing import Optional, Tuple

import libcst as cst

from recordlint.analysis import violations as v
from recordlint.fixes.edits import Edit, Fix, line_offsets
from recordlint.fixes.index import LOOPS, ModuleIndex, module_spellings, walk

# Expressions that need no parentheses as the right operand of a binary operator.
ATOMS = (cst.Name, cst.Attribute, cst.Call, cst.Subscript, cst.Integer, cst.Float, cst.SimpleString,
         cst.List, cst.Tuple)
BINARY_OPERATORS = {"+=": "+", "-=": "-", "*=": "*", "/=": "/", "%=": "%", "@=": "@", "&=": "&", "|=": "|", "^=": "^"}
# Why a write through a call whose result is used (`y = relu(x, out=x)`) has no fix.
RESULT_USED = "the call's result is used; only a call standing alone can be rewritten"
# Gluon writes that can simply run after the recording region.
MOVABLE_OPERATIONS = {"trainer.step", "trainer.update", "set_data", "zero_grad"}


@dataclass(frozen=True)
class Plan:
    fix: Optional[Fix]
    reason: str = ""  # why there is no fix


NO_FIX = Plan(None)


class FixPlanner:
    def __init__(self, module: cst.Module, positions, text: str, whole: Optional[str] = None,
                 keys_seen: Optional[dict] = None):
        self.module = module
        # id of an item assignment's target -> what the analysis saw of its keys (KeysSeen)
        self.keys_seen = keys_seen or {}
        self.positions = positions
        self.text = text
        # lines as positions count them: split at "\n" only (not at form feeds or U+2028)
        self.lines = text.split("\n")
        self.lines = [line + "\n" for line in self.lines[:-1]] + ([self.lines[-1]] if self.lines[-1] else [])
        self.line_starts = line_offsets(text)
        self.index = ModuleIndex(module, whole if whole is not None else text)  # the words of all the module
        self.spellings = module_spellings(module)

    def code(self, node) -> str:
        """The node's text as written (comments and continuation lines included), without the
        parentheses around the node itself."""
        start, end = self.span(node)
        return self.text[self.offset(start):self.offset(end)]

    def offset(self, position: Tuple[int, int]) -> int:
        line, column = position
        return self.line_starts[line - 1] + column

    def operand(self, node) -> str:
        """The expression's text, parenthesized unless it binds tighter than any operator.

        Positions leave out a node's own parentheses, so they are never doubled."""
        text = self.code(node)
        return text if isinstance(node, ATOMS) else "(%s)" % text

    def span(self, node) -> Tuple[Tuple[int, int], Tuple[int, int]]:
        where = self.positions[node]
        return (where.start.line, where.start.column), (where.end.line, where.end.column)

    def replace(self, node, content: str) -> Edit:
        start, end = self.span(node)
        return Edit(start, end, content)

    def plan(self, violation: v.Violation) -> Plan:
        if not violation.certain or violation.form == v.SILENT:
            return NO_FIX
        if violation.operation == "set_data" and not violation.context.read_by_graph:
            return self.pause_around(violation)  # in place still: a callee's statement may be rewritten too
        if violation.context.in_callee:
            return Plan(None, "the write is in a function called while recording; rewrite it there")
        planner = {
            v.AUGMENTED: self.plan_augmented, v.OUT_ARGUMENT: self.plan_out,
            v.SUBSCRIPT: self.plan_subscript, v.METHOD: self.plan_method,
            v.SYMBOLIC: self.plan_symbolic, v.REBIND: self.plan_rebind,
        }.get(violation.form)
        return planner(violation) if planner is not None else NO_FIX

    # -- binding a new value instead of writing in place ---------------------------------
    def bind(self, violation, statement, name: str, expression: str, what: str, applicability="safe",
             rebinding: bool = False) -> Plan:
        """Replace ``statement`` by a binding of ``expression``: to ``name`` itself, or, for a
        leaf whose gradient is read through its name, to a fresh name that later reads use.

        ``rebinding``: the statement already rebinds the name (other references keep the leaf
        either way), so aliases do not matter."""
        context = violation.context
        if not rebinding and (context.escapes or context.aliases - {name}):
            others = sorted(context.aliases - {name})
            holder = "`%s`" % "`, `".join(others) if others else "a container, a global or an attribute"
            return Plan(None, "%s also refers to `%s` and would not see a rebinding" % (holder, name))
        if not context.leaf:
            edit = self.replace(statement, "%s = %s" % (name, expression))
            return Plan(Fix(applicability, "%s: rebind `%s` to a new array" % (what, name), (edit,)))
        if context.scope_body is self.module.body and name in self.index.scoped_names:
            # a function may read the module-level name after the rewrite, expecting the leaf
            return Plan(None, "`%s` is also used inside a function or class" % name)
        later, in_loop = self.index.later_statements(context.path, context.scope_body)
        if in_loop or context.in_loop:
            return self.bind_across_loop(violation, statement, name, expression, what, applicability)
        renamed, reason = self.later_reads(later, name)
        if reason:
            return Plan(None, reason)
        fresh = self.index.fresh_name(name)
        edits = [self.replace(statement, "%s = %s" % (fresh, expression))]
        edits += [self.replace(read, fresh) for read in renamed]
        return Plan(Fix(applicability, "%s: bind the new value to `%s`; `%s` keeps the leaf and its gradient"
                        % (what, fresh, name), tuple(edits)))

    def later_reads(self, later, name: str):
        word = word_of(name)
        return self.index.renames(later, name, lambda statement: word.search(self.code(statement)))

    def bind_across_loop(self, violation, statement, name: str, expression: str, what: str, applicability) -> Plan:
        """A leaf updated in a loop: a fresh name bound to the leaf just before the outermost
        loop (inside the recording region) carries the value across iterations; every read
        of the name in the loop, and after it, reads the fresh name instead."""
        context = violation.context
        path = context.path
        top = next((depth for depth, node in enumerate(path)
                    if any(node is other for other in context.scope_body)), None)
        loop = None if top is None else next(
            (depth for depth in range(top, len(path)) if isinstance(path[depth], LOOPS)), None)
        if loop is None or not any(node is context.record_block for node in path[top:loop]):
            return Plan(None, "`%s` is a leaf updated in a loop around the recording region, so the loop "
                              "carries it across regions under the name the gradient is read from" % name)
        if any(isinstance(node, cst.Lambda) for node in walk(statement)):
            return Plan(None, "the write holds a lambda")
        inside, reason = self.index.reads_in_loop(path[loop], name, statement)
        if not reason:
            after, reason = self.later_reads(self.index.later_statements(path, context.scope_body, loop)[0], name)
        if reason:
            return Plan(None, reason)
        fresh = self.index.fresh_name(name)
        try:
            renamed = renamed_in(expression, name, fresh)
        except (tokenize.TokenError, IndentationError):
            return Plan(None, "the new value's text could not be read")
        if renamed is None:
            return Plan(None, "the write reads `%s` inside an f-string" % name)
        start = self.positions[path[loop]].start
        alias = "%s%s = %s%s" % (self.lines[start.line - 1][:start.column], fresh, name, self.module.default_newline)
        edits = [Edit((start.line, 0), (start.line, 0), alias), self.replace(statement, "%s = %s" % (fresh, renamed))]
        edits += [self.replace(read, fresh) for read in inside + after]
        return Plan(Fix(applicability, "%s: carry the value across the loop in `%s`, bound to the leaf before it; "
                        "`%s` keeps the leaf and its gradient" % (what, fresh, name), tuple(edits)))

    # -- REC101 ---------------------------------------------------------------------------
    def plan_augmented(self, violation) -> Plan:
        statement = violation.node
        if not isinstance(statement.target, cst.Name):
            return Plan(None, "only an augmented assignment to a plain name can be rewritten")
        operator = BINARY_OPERATORS[violation.operation]
        value = statement.value
        operand = self.operand(value)
        name = statement.target.value
        return self.bind(violation, statement, name, "%s %s %s" % (name, operator, operand),
                         "Replace `%s` with a new array" % violation.operation)

    def plan_rebind(self, violation) -> Plan:
        statement = violation.node
        if isinstance(statement, cst.Assign) and len(statement.targets) == 1 \
                and isinstance(statement.targets[0].target, cst.Name):
            expression = self.code(statement.value)
        elif isinstance(statement, cst.AugAssign) and isinstance(statement.target, cst.Name):
            expression = "%s ** %s" % (statement.target.value, self.operand(statement.value))
        else:
            return Plan(None, "only a plain rebinding of the name can be rewritten")
        return self.bind(violation, statement, violation.target, expression,
                         "Keep the leaf's name for the leaf", rebinding=True)

    def plan_symbolic(self, violation) -> Plan:
        if not isinstance(violation.node, cst.AugAssign):
            return Plan(None, "only an augmented assignment can be rewritten")
        return self.plan_augmented(violation)

    # -- REC102 ---------------------------------------------------------------------------
    def plan_out(self, violation) -> Plan:
        call = violation.node
        statement = statement_of_call(violation)
        if statement is None:
            return Plan(None, RESULT_USED)
        out = [arg for arg in call.args if arg.keyword is not None and arg.keyword.value == "out"]
        if len(out) != 1 or not isinstance(out[0].value, cst.Name):
            return Plan(None, "only `out=` a plain name can be rewritten")
        return self.bind(violation, statement, out[0].value.value, self.without_argument(call, out[0]),
                         "Drop `out=`")

    def without_argument(self, call: cst.Call, dropped: cst.Arg) -> str:
        """The call's text without one argument (and the comma that separated it)."""
        args = list(call.args)
        at = args.index(dropped)
        if at > 0:
            start, end = self.span(args[at - 1].value)[1], self.span(dropped)[1]
        elif len(args) > 1:
            start, end = self.span(dropped)[0], self.span(args[1])[0]
        else:
            start, end = self.span(dropped)
        call_start, call_end = self.span(call)
        return (self.text[self.offset(call_start):self.offset(start)]
                + self.text[self.offset(end):self.offset(call_end)])

    # -- REC104 ---------------------------------------------------------------------------
    def plan_method(self, violation) -> Plan:
        if violation.operation == "copyto":
            call = violation.node
            statement = statement_of_call(violation)
            if statement is None or not isinstance(call.func, cst.Attribute):
                return Plan(None, RESULT_USED)
            destination = call.args[0].value if call.args else None
            if not isinstance(destination, cst.Name):
                return Plan(None, "only a copy into a plain name can be rewritten")
            return self.bind(violation, statement, destination.value, "%s.copy()" % self.operand(call.func.value),
                             "Replace `copyto` with a copy")
        if violation.operation in MOVABLE_OPERATIONS:
            return self.move_after_record_block(violation)
        return NO_FIX

    def move_after_record_block(self, violation) -> Plan:
        """A parameter update at the end of the recording region can run just after it."""
        block = violation.context.record_block
        path = violation.context.path
        line = self.index.statement_line(path)
        if block is None or len(path) < 3 or path[-3] is not block or path[-2] is not line:
            return Plan(None, "it is not directly inside the `with autograd.record()` block")
        body = list(block.body.body)
        if body.index(line) != len(body) - 1 or len(line.body) != 1:
            return Plan(None, "statements after it in the recording region may read what it writes")
        first, last = self.span(line)[0][0], self.span(line)[1][0]
        moved = "".join(self.lines[first - 1:last])
        statement_indent = len(moved) - len(moved.lstrip())
        block_indent = self.positions[block].start.column
        reindented = "".join(text[statement_indent - block_indent:] if text.strip() else text
                             for text in moved.splitlines(keepends=True))
        if not reindented.endswith(("\n", "\r")):
            reindented += self.module.default_newline
        keep = "" if len(body) > 1 else " " * statement_indent + "pass" + self.module.default_newline
        block_end = self.positions[block].end.line
        if block_end == len(self.lines) and not self.lines[-1].endswith(("\n", "\r")):
            return Plan(None, "the file does not end with a newline")
        edits = (Edit((first, 0), (last + 1, 0), keep), Edit((block_end + 1, 0), (block_end + 1, 0), reindented))
        return Plan(Fix("safe", "Run `%s` after the recording region" % violation.operation, edits))

    def pause_around(self, violation) -> Plan:
        """`p.set_data(v)` before anything recorded reads `p`'s data (a data-dependent
        initialisation in a block's forward, say) runs with recording paused: MXNet checks
        nothing then, and every operation recorded after it reads the new data."""
        line = self.index.statement_line(violation.context.path)
        autograd = self.spellings.get("mxnet.autograd")
        if autograd is None:
            return Plan(None, "the module does not import mxnet or its autograd")
        if line is None or len(line.body) != 1 or statement_of_call(violation) is None:
            return Plan(None, "only a call standing alone on its line can be rewritten")
        first, last = self.span(line)[0][0], self.span(line)[1][0]
        if first != last:
            return Plan(None, "the call spans several lines")
        text = self.lines[first - 1]
        indent = text[:len(text) - len(text.lstrip())]
        newline = text[len(text.rstrip("\r\n")):] or self.module.default_newline
        paused = "%swith %s.pause():%s%s%s" % (indent, autograd, newline, self.module.default_indent, text)
        return Plan(Fix("safe", "Set the data with recording paused: nothing recorded has read it yet",
                        (Edit((first, 0), (first + 1, 0) if text.endswith("\n") else (first, len(text)), paused),)))

    # -- REC103 ---------------------------------------------------------------------------
    def plan_subscript(self, violation) -> Plan:
        from recordlint.fixes.subscripts import plan_subscript

        return plan_subscript(self, violation)


def statement_of_call(violation) -> Optional[cst.Expr]:
    """The statement that is the reported call alone, its result unused; None when it is not."""
    statement = violation.context.path[-1]
    return statement if isinstance(statement, cst.Expr) and statement.value is violation.node else None


def word_of(name: str):
    """A pattern matching ``name`` as a whole word."""
    return re.compile(r"\b%s\b" % re.escape(name))


def renamed_in(expression: str, name: str, fresh: str) -> Optional[str]:
    """``expression`` with each variable ``name`` read as ``fresh``: not attribute names
    (after a dot), keyword names (before `=`), nor words inside strings. None when an f-string
    may read ``name``: before Python 3.12 the tokenizer gives an f-string as one string."""
    tokens = list(tokenize.generate_tokens(io.StringIO(expression).readline))
    word = word_of(name)
    if any(token.type == tokenize.STRING and "f" in _prefix(token.string).lower() and word.search(token.string)
           for token in tokens):
        return None
    spans = []
    for before, token, after in zip([None] + tokens, tokens, tokens[1:] + [None]):
        if token.type == tokenize.NAME and token.string == name \
                and not (before is not None and before.string == ".") \
                and not (after is not None and after.string == "="):
            spans.append(token)
    lines = expression.split("\n")
    for token in reversed(spans):  # single-line names: rows and columns index the text's lines
        row, column = token.start
        lines[row - 1] = lines[row - 1][:column] + fresh + lines[row - 1][column + len(name):]
    return "\n".join(lines)


def _prefix(string: str) -> str:
    """A string literal's prefix letters (`rb`, `f`, ...)."""
    return string[:len(string) - len(string.lstrip("bBrRuUfF"))]
