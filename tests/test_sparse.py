"""Modules without a recording region reach libcst stripped to their Gluon blocks, and a module
whose code never names `record` or `set_recording` has no region: the findings must be those of
the whole text, and every kept line must keep its number and its text."""
from __future__ import annotations

import ast
import textwrap

from cli_helpers import FIXTURES

from recordlint.api import analyse_text
from recordlint.checker import check_text
from recordlint.notebook import read_notebook
from recordlint.project import Project
from recordlint.source import block_with_write, has_region, may_record
from recordlint.region_sparse import region_text
from recordlint.sparse import names_recording, python_tree, relevant_text

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


# A HybridBlock that a Block with forward builds is kept whole: in training its constructor matters.
CHILD_BLOCK = textwrap.dedent('''\
    from mxnet import gluon
    from mxnet.gluon import nn


    class Inner(gluon.HybridBlock):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.dense = nn.Dense(4)

        def hybrid_forward(self, F, x):
            h = self.dense(x)
            h += 1
            return h


    class Outer(gluon.Block):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.inner = Inner()

        def forward(self, x):
            return self.inner(x)
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
    # a definition left out is blank lines, one string literal over them (one token for libcst)
    kept = [index for index, line in enumerate(stripped_lines) if line.strip() not in ("", "pass", '"""')]
    assert all(stripped_lines[index] == original_lines[index] for index in kept)
    helper_line = original_lines.index("def unused_helper(x):") + 1
    left = [node for node in ast.parse(stripped).body if node.lineno == helper_line]
    assert isinstance(left[0].value, ast.Constant) and left[0].value.value.strip() == "", stripped
    assert "def unused_helper" not in stripped and "def factory" not in stripped
    assert "def scale" in stripped and "class Base" in stripped  # named by the blocks kept
    assert "def halve" in stripped and "def describe" not in stripped  # a base's method the forward calls
    # a HybridBlock without forward runs from hybrid_forward alone, `self` unknown: its constructor goes
    assert stripped.count("self.dense = nn.Dense(4)") == 1 and "h[:] = F.clip(h, 0, 1)" in stripped


def test_findings_of_the_stripped_text_are_those_of_the_whole_text():
    samples = [("module.py", MODULE), ("child.py", CHILD_BLOCK)] + [(str(path), text) for path, text in region_free_fixtures()]
    assert {f.code for f in check_text(CHILD_BLOCK, "child.py")} == {"REC201", "REC303"}
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
    # nesting too deep for libcst counts only in what libcst would see
    assert relevant_text(MODULE + "def unused(x):\n    return x" + " and x" * 600 + "\n").shallow


def test_every_stripped_fixture_still_parses():
    stripped_count = 0
    for text in [MODULE] + [path.read_text() for path in sorted(FIXTURES.rglob("*.py"))]:
        stripped = relevant_text(text)
        if stripped is not None and stripped.shallow:
            ast.parse(stripped.text)  # a syntax error here would be a REC901 the file does not deserve
            stripped_count += stripped.text != text
    assert stripped_count >= 2


def fixture_texts():
    for path in sorted(FIXTURES.rglob("*.py")):
        yield str(path), path.read_text()
    for path in sorted(FIXTURES.rglob("*.ipynb")):
        yield str(path), read_notebook(path.read_bytes()).text


def test_every_fixture_is_analysed_as_its_whole_text_with_its_imports_followed():
    """What `recordlint lint` analyses (region or not by Python's tree, stripped or whole) finds
    exactly what the whole text finds with its project's imports followed."""
    analysed = found = 0
    for path, text in fixture_texts():
        if not may_record(text):
            continue
        analysed += 1
        whole = exactly(check_text(text, path, Project(path)))
        assert exactly(analyse_text(text, path)) == whole, path
        found += len(whole)
    assert analysed > 60 and found > 100


BLOCK_IN_IF = textwrap.dedent('''\
    import mxnet as mx
    from mxnet.gluon import nn

    if mx.__version__ >= "1.9":
        class Net(nn.Block):
            def __init__(self, **kwargs):
                super().__init__(**kwargs)
                self.dense = nn.Dense(3)

            def forward(self, x):
                h = self.dense(x)
                h += 1
                return h
''')

BLOCK_IN_HANDLER = textwrap.dedent('''\
    from mxnet.gluon import nn


    def make():
        try:
            from fast_layers import Net
        except ImportError:
            class Net(nn.Block):
                def __init__(self, **kwargs):
                    super().__init__(**kwargs)
                    self.dense = nn.Dense(3)

                def forward(self, x):
                    h = self.dense(x)
                    h *= 2
                    return h
        return Net()
''')

FORWARD_ASSIGNED = textwrap.dedent('''\
    from mxnet.gluon import nn


    def _run(self, x):
        h = self.dense(x)
        h += 1
        return h


    class Net(nn.Block):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.dense = nn.Dense(3)

        forward = _run


    def make():
        class Inner(Net):
            def forward(self, x):
                h = self.dense(x)
                h[:] = 0
                return h
        return Inner()
''')


def test_blocks_bound_in_unusual_ways_are_analysed():
    for text, lines in ((BLOCK_IN_IF, [12]), (BLOCK_IN_HANDLER, [15]), (FORWARD_ASSIGNED, [6, 22])):
        whole = exactly(check_text(text, "net.py"))
        assert [finding[1] for finding in whole] == lines
        assert exactly(analyse_text(text, "net.py")) == whole


def test_the_word_record_outside_the_code_is_no_region():
    assert not names_recording(python_tree("import mxnet  # record the loss\nprint('record')\n"))
    assert not names_recording(python_tree("from mxnet import recordio\nrecordio.MXRecordIO('x', 'w')\n"))
    for code in ("with mx.autograd.record():\n    pass\n", "from mxnet.autograd import record as r\n",
                 "autograd.set_recording(True)\n", "scope = autograd.record\n"):
        assert names_recording(python_tree(code)), code
    # a variable named record (a logging formatter's) cannot be autograd's without one of those
    formatter = "import mxnet\ndef format(self, record):\n    with record:\n        return record.levelno\n"
    assert not names_recording(python_tree(formatter), formatter)


def test_every_way_of_binding_forward_passes_the_byte_prefilter():
    bindings = ("def forward(self, x):\n        return x", "forward = _run", "forward: object = _run",
                "forward, other = _run, None", "(forward := _run)", "from helpers import run as forward",
                "from helpers import forward", "import forward", "for forward in (_run,):\n        pass",
                "with open(_run) as forward:\n        pass", "def hybrid_forward(self, F, x):\n        return x")
    for binding in bindings:
        text = "import mxnet\nclass Net(mxnet.gluon.Block):\n    %s\n    total = 0\n    total += 1\n" % binding
        assert relevant_text(text) is not None and block_with_write(text.encode()), binding
    assert not block_with_write(b"import mxnet\n# the forward pass\nx += 1\n")
    assert not block_with_write(b'import mxnet\ndef run(executor, out=None):\n    """>>> executor.forward(is_train=True)"""\n')


REGION_MODULE = textwrap.dedent('''\
    from mxnet import autograd, nd


    def describe(x_1):
        x_1 += 1  # a write, but nothing here reaches a recording region
        return x_1


    def helper(h):
        h += 1
        return h


    def train():
        x = nd.ones(3)
        x.attach_grad()
        with autograd.record():
            x = nd.relu(x)
            y = x * 2
        y.backward()
        return x.grad, helper


    def run_twice():
        return train(), train()


    def record_square(x):
        with autograd.record():
            return helper(x * x)


    x0 = nd.ones(3)
    x0.attach_grad()
    y0 = record_square(x0)


    def later():
        x0[:] = 5
        y0.backward()
    ''')

# The top level records nothing: a function naming its arrays cannot reach the graph.
QUIET_TOP_LEVEL = REGION_MODULE.replace("y0 = record_square(x0)", "y0 = x0 * 2")


def test_functions_of_a_region_module_that_reach_no_region_are_blanked():
    for text, kept in ((REGION_MODULE, {"helper", "train", "run_twice", "record_square", "later"}),
                       (QUIET_TOP_LEVEL, {"helper", "train", "run_twice", "record_square"})):
        tree = python_tree(text)
        stripped, shallow = region_text(text, tree, None)
        assert shallow
        assert len(stripped.split("\n")) == len(text.split("\n"))
        assert {name for name in ("describe", "helper", "train", "run_twice", "record_square", "later")
                if "def %s(" % name in stripped} == kept
        whole = exactly(check_text(text, "module.py"))
        assert whole and exactly(analyse_text(text, "module.py")) == whole
    # the fix of the lost gradient picks its fresh name from the whole text: x_1 is taken
    fixes = [f.fix for f in analyse_text(REGION_MODULE, "module.py") if f.fix is not None]
    assert fixes and all("x_2" in str(fix) for fix in fixes)


def test_a_module_whose_top_level_records_is_analysed_whole():
    text = REGION_MODULE.replace("y0 = record_square(x0)", "with autograd.record():\n    y0 = x0 * 2")
    assert region_text(text, python_tree(text), None) == (text, True)


def test_functions_that_use_project_modules_are_kept(tmp_path):
    (tmp_path / "steps.py").write_text("def step(x):\n    return x\n")
    imports_only = "import steps\n" + QUIET_TOP_LEVEL + textwrap.dedent('''

        def uses_project(x):
            return steps.step(x)
        ''')
    runs_project = imports_only + textwrap.dedent('''

        if True:
            @steps.step
            def decorated(x):
                return x


        def uses_decorated(x):
            return decorated(x)
        ''')
    project = Project(str(tmp_path / "train.py"))
    for text in (imports_only, runs_project):
        stripped = region_text(text, python_tree(text), project).text
        assert "def uses_project(" in stripped and "def describe(" not in stripped
        # an import alone runs nothing here; code that calls the project may leave arrays of the graph
        assert ("def later(" in stripped) == (text is runs_project)
    assert "def uses_decorated(" in region_text(runs_project, python_tree(runs_project), project).text


def test_a_region_is_found_on_the_lines_that_name_it():
    text = ("import mxnet  # we record\n" "def f(a,\n      b):\n    return (autograd.\n            record())\n"
            '"""record"""\n' "from mxnet.autograd import record as r\n")
    assert names_recording(python_tree(text), text)
    words_only = 'import mxnet  # we record\nx = """\nrecord\n"""\n'
    assert not names_recording(python_tree(words_only), words_only)
    without = text.replace("autograd.\n            record", "autograd.\n            other")
    assert names_recording(python_tree(without), without)  # the import
    without = without.replace("import record as r", "import other as r")
    assert not names_recording(python_tree(without), without)
    decorated = "import mxnet\n@using(mxnet.autograd.record)\n\ndef train():\n    pass\n"
    assert names_recording(python_tree(decorated), decorated)
    lone = "x = 1\r" + text.replace("\n", "\r")  # Python numbers a lone carriage return as a line end
    assert names_recording(python_tree(lone), lone)


def test_the_byte_test_takes_record_only_as_a_word():
    for text in (b"record", b"with autograd.record():", b"x = (record)", b"set_recording", b"# record\n",
                 b"\xc3\xa9record"):
        assert has_region(text), text
    for text in (b"recordio", b"_record", b"record_x", b"xrecord", b"RecordIO", b"set_record", b""):
        assert not has_region(text), text
