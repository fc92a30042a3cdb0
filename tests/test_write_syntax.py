"""A module without a region whose blocks hold no write's syntax is not parsed by libcst at all:
every finding the analysis makes must be at code that holds that syntax."""
from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest
from cli_helpers import FIXTURES

from recordlint.api import analyse_text
from recordlint.checker import check_text
from recordlint.project import Project
from recordlint.rules import RULES
from recordlint.sparse import python_tree, relevant_text
from recordlint.write_syntax import WRITING_NAMES, holds_write

# Findings made away from a write: REC301 at the rebinding of a leaf (the write's syntax is the
# `.grad` read), and an autograd.Function's call (the syntax is its class's base).
AWAY_FROM_THE_WRITE = {"REC301": "grad", "autograd.Function": "Function"}


def fixture_modules():
    return sorted(path for path in Path(FIXTURES).rglob("*.py"))


def innermost_statement(tree: ast.Module, line: int, end_line: int) -> ast.stmt:
    around = [node for node in ast.walk(tree) if isinstance(node, ast.stmt)
              and node.lineno <= line and node.end_lineno >= end_line]
    return min(around, key=lambda node: node.end_lineno - node.lineno)


def names_in(tree: ast.AST) -> set:
    return {node.attr if isinstance(node, ast.Attribute) else node.id
            for node in ast.walk(tree) if isinstance(node, (ast.Attribute, ast.Name))}


def assert_found_at_writes(findings, texts):
    for finding in findings:
        if not finding.code.startswith(("REC1", "REC2", "REC3")):
            continue
        tree = python_tree(texts(finding.path))
        away = [word for key, word in AWAY_FROM_THE_WRITE.items() if key == finding.code or key in finding.message]
        if away:
            assert away[0] in names_in(tree), finding
        else:
            assert holds_write([innermost_statement(tree, finding.line, finding.end_line)]), finding


@pytest.mark.parametrize("path", fixture_modules(), ids=lambda path: str(path.relative_to(FIXTURES)))
def test_every_finding_in_the_fixtures_is_at_a_write(path):
    text = path.read_text(encoding="utf-8")
    findings = check_text(text, str(path), Project(str(path)))
    assert_found_at_writes(findings, lambda other: Path(other).read_text(encoding="utf-8"))


def test_every_finding_of_the_rule_examples_is_at_a_write():
    found = set()
    for rule in RULES.values():
        for example in getattr(rule, "INVALID", ()):
            findings = check_text(example, "example.py")
            assert_found_at_writes(findings, lambda other: example)
            found.update(finding.code for finding in findings)
    assert found >= {code for code, rule in RULES.items() if code.startswith("REC", 0) and code[3] in "123"}


def test_each_form_of_write_is_seen():
    writes = ["h += 1", "h[0] = 1", "h[:], g = 1, 2", "for h[0] in range(3):\n    pass",
              "nd.relu(h, out=h)", "from mxnet.ndarray import reset_arrays as clear",
              "h.grad", "class F(autograd.Function):\n    pass"]
    writes += ["h.%s(g)" % name for name in sorted(WRITING_NAMES)]
    for code in writes:
        assert holds_write(ast.parse(code).body), code
    for code in ("out = h + 1", "h = g[0]", "del h[0]", "updates = h.updates", "print('h += 1')", "# h += 1"):
        assert not holds_write(ast.parse(code).body), code


BLOCKS_WITHOUT_A_WRITE = textwrap.dedent('''\
    """Blocks whose only write is in a method no entry calls: `x += 1`, out=x in this docstring."""
    from mxnet.gluon import nn


    class Net(nn.Block):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.dense = nn.Dense(3)

        def forward(self, x):
            out = self.dense(x)  # h[:] = 0 would be a write
            return out

        def scaled(self, h):
            h *= 2
            return h
''')


def test_blocks_without_a_write_are_not_parsed():
    assert relevant_text(BLOCKS_WITHOUT_A_WRITE) is None
    assert analyse_text(BLOCKS_WITHOUT_A_WRITE, "net.py") == []
    called = BLOCKS_WITHOUT_A_WRITE.replace("return out", "return self.scaled(out)")
    assert relevant_text(called) is not None
    assert [(finding.code, finding.line) for finding in analyse_text(called, "net.py")] == [("REC201", 15)]
