"""Modules without a recording region reach libcst stripped to their Gluon blocks: the findings
must be those of the whole text, and every kept line must keep its number and its text."""
from __future__ import annotations

import ast
import textwrap

from cli_helpers import FIXTURES

from recordlint.checker import check_text
from recordlint.source import has_region
from recordlint.sparse import relevant_text

MODULE = textwrap.dedent('''\
    """Blocks, a factory and a helper."""
    from mxnet import gluon, nd
    from mxnet.gluon import nn


    def scale(h, factor):
        h *= factor
        return h


    def unused_helper(x):
        x += 1
        return x


    class Base(gluon.Block):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.dense = nn.Dense(4)

        def halve(self, h):
            h /= 2
            return h

        def describe(self):
            count = nd.zeros(1)
            count += 1
            return count


    class Unused(gluon.Block):
        def export(self):
            pass


    class Scaled(Base):
        def forward(self, x):
            return self.halve(scale(self.dense(x), 0.5))

        @property
        def exported(self):
            return Unused().export()


    class Clipped(gluon.HybridBlock):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.dense = nn.Dense(4)

        def hybrid_forward(self, F, x):
            h = self.dense(x)
            h[:] = F.clip(h, 0, 1)
            return h


    @staticmethod
    def factory(pretrained=False):
        return Scaled()
''')


def region_free_fixtures():
    for path in sorted(FIXTURES.rglob("*.py")):
        text = path.read_text()
        if not has_region(text):
            yield path, text


def exactly(findings):
    return sorted((f.path, f.line, f.column, f.end_line, f.end_column, f.code, f.message, f.fix) for f in findings)


def test_stripped_text_keeps_every_kept_line_in_place():
    stripped, shallow = relevant_text(MODULE)
    assert shallow
    original_lines, stripped_lines = MODULE.split("\n"), stripped.split("\n")
    assert len(stripped_lines) == len(original_lines)
    kept = [index for index, line in enumerate(stripped_lines) if line.strip() not in ("", "pass")]
    assert all(stripped_lines[index] == original_lines[index] for index in kept)
    assert "def unused_helper" not in stripped and "def factory" not in stripped
    assert "def scale" in stripped and "class Base" in stripped  # named by the blocks kept
    assert "def halve" in stripped and "def describe" not in stripped  # a base's method the forward calls


def test_findings_of_the_stripped_text_are_those_of_the_whole_text():
    samples = [("module.py", MODULE)] + [(str(path), text) for path, text in region_free_fixtures()]
    assert len(samples) > 3
    found = 0
    for path, text in samples:
        whole = exactly(check_text(text, path))
        stripped = relevant_text(text)
        assert exactly(check_text(stripped.text, path) if stripped is not None else []) == whole, path
        found += len(whole)
    assert found > 3


def test_a_module_without_blocks_is_not_analysed():
    assert relevant_text("from mxnet import nd\n\ndef f(x):\n    x += 1\n    return x\n") is None


def test_unusual_texts_are_left_whole():
    deep = MODULE + "y = x" + " and x" * 600 + "\n"
    for text in ("def f(:\n", "x = 1\r" + MODULE.replace("\n", "\r"), "\f" + MODULE, deep):
        assert relevant_text(text) == (text, False)


def test_every_stripped_fixture_still_parses():
    stripped_count = 0
    for path in sorted(FIXTURES.rglob("*.py")):
        text = path.read_text()
        stripped = relevant_text(text)
        if stripped is not None and stripped.shallow:
            ast.parse(stripped.text)  # a syntax error here would be a REC901 the file does not deserve
            stripped_count += stripped.text != text
    assert stripped_count >= 2
