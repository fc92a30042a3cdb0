"""A followed module's functions and classes are parsed one by one, when the analysis first uses
them: findings, their positions and their chains must be those of the whole module."""
from __future__ import annotations

import textwrap

import recordlint.project as project
from recordlint.api import lint_file

HELPERS = textwrap.dedent('''\
    from mxnet import nd


    def unused(x):
        return x * 3


    @staticmethod
    def outer(x):
        return middle(x)


    LIMIT = 2


    def middle(x):
        return inner(x) * LIMIT


    class Scale:
        factor = 2

        def apply(self, x):
            x *= self.factor
            return x


    def inner(x):
        x += 1
        return x
    ''')

TRAIN = textwrap.dedent('''\
    from mxnet import autograd, nd

    import helpers

    x = nd.ones(3)
    x.attach_grad()
    with autograd.record():
        y = helpers.outer(x * 2)
        z = helpers.Scale().apply(y)
    ''')


def test_findings_in_a_followed_module_name_each_call_on_the_way(tmp_path):
    (tmp_path / "helpers.py").write_text(HELPERS)
    (tmp_path / "train.py").write_text(TRAIN)
    findings = [(f.path.replace(str(tmp_path), "."), f.line, f.column, f.code,
                 f.message.split("(reached")[1].replace(str(tmp_path), "."))
                for f in lint_file(str(tmp_path / "train.py"))]
    assert findings == [
        ("./helpers.py", 24, 9, "REC101", " from ./train.py:9 via apply())"),
        ("./helpers.py", 29, 5, "REC101", " from ./train.py:8 via outer(), then ./helpers.py:10 via middle(), "
                                          "then line 17 via inner())"),
    ]


def test_only_the_definitions_used_are_parsed(tmp_path):
    (tmp_path / "helpers.py").write_text(HELPERS)
    (tmp_path / "train.py").write_text(TRAIN)
    lint_file(str(tmp_path / "train.py"))
    (source,) = [source for (path, _), source in project._parsed.items() if path == str(tmp_path / "helpers.py")]
    parsed = {definition.name for definition in source.definitions if definition.parsed}
    assert parsed == {"outer", "middle", "inner", "Scale"}
    assert "def unused" not in source.module.code and "LIMIT = 2" in source.module.code


def test_a_module_with_lines_libcst_numbers_differently_is_parsed_whole(tmp_path):
    (tmp_path / "helpers.py").write_bytes(HELPERS.replace("\n", "\r").encode())
    (tmp_path / "train.py").write_text(TRAIN)
    assert [(f.line, f.code) for f in lint_file(str(tmp_path / "train.py"))] == [(24, "REC101"), (29, "REC101")]


TABLES = textwrap.dedent('''\
    from mxnet import nd

    WEIGHTS = (
        2.0,
        3.0,
    )

    MODES = [
        "first",
        "second",
    ]

    UNUSED = {
        "a": [1, -2],
    }

    LABELS = {
        "a": 1,
    }
    FIRST_LABEL = LABELS["a"]
    COUNTS = [
        1,
    ]
    COUNTS += [2]


    def scale(x, mode):
        if mode == MODES[1]:
            x *= WEIGHTS[0]
        return x
    ''')


def test_tables_of_constants_are_parsed_when_used_with_their_values(tmp_path):
    (tmp_path / "tables.py").write_text(TABLES)
    (tmp_path / "train.py").write_text(textwrap.dedent('''\
        from mxnet import autograd, nd

        import tables

        x = nd.ones(3)
        x.attach_grad()
        with autograd.record():
            y = tables.scale(x * 2, "second")
        '''))
    # the condition is known true: a table's values are those of its literal
    assert [(f.line, f.code) for f in lint_file(str(tmp_path / "train.py"))] == [(29, "REC101")]
    (source,) = [source for (path, _), source in project._parsed.items() if path == str(tmp_path / "tables.py")]
    assert {definition.name: bool(definition.parsed) for definition in source.definitions} == {
        "WEIGHTS": True, "MODES": True, "UNUSED": False, "scale": True}
    assert "LABELS = {" in source.module.code and "COUNTS = [" in source.module.code
    assert "UNUSED = {" not in source.module.code


STAR_HELPERS = textwrap.dedent('''\
    from mxnet import nd
    {exports}

    def shift(x):
        x += 1
        return x


    def scale(x):
        x *= 2
        return x


    def _clip(x):
        x[:] = 0
        return x
    ''')

STAR_TRAIN = textwrap.dedent('''\
    from mxnet import autograd
    from helpers import *

    x = nd.ones(3)
    x.attach_grad()
    with autograd.record():
        y = x * 2
        shift(y)
        scale(y)
        _clip(y)
    ''')


def test_a_star_import_of_a_project_module_binds_what_python_binds(tmp_path):
    """`from helpers import *` binds the names of `__all__`, or else the public ones; `nd` too."""
    (tmp_path / "train.py").write_text(STAR_TRAIN)
    found = {}
    for exports in ('__all__ = ["nd", "shift"]', ""):
        (tmp_path / "helpers.py").write_text(STAR_HELPERS.format(exports=exports))
        found[exports] = [(finding.path.replace(str(tmp_path), "."), finding.line, finding.code)
                          for finding in lint_file(str(tmp_path / "train.py"))]
    assert found == {
        '__all__ = ["nd", "shift"]': [("./helpers.py", 5, "REC101")],
        "": [("./helpers.py", 5, "REC101"), ("./helpers.py", 10, "REC101")],
    }


def test_a_function_calling_a_star_imported_function_is_analysed(tmp_path):
    """The module's text is not stripped of it: its words show no project name."""
    (tmp_path / "helpers.py").write_text(textwrap.dedent('''\
        from mxnet import autograd, nd


        def run_step():
            x = nd.ones(3)
            x.attach_grad()
            with autograd.record():
                x += 1
        '''))
    (tmp_path / "train.py").write_text(textwrap.dedent('''\
        from mxnet import autograd, nd
        from helpers import *


        def warm_up():
            x = nd.ones(3)
            x.attach_grad()
            with autograd.record():
                return x * 2


        def main():
            run_step()
        '''))
    assert [(finding.path.replace(str(tmp_path), "."), finding.line, finding.code)
            for finding in lint_file(str(tmp_path / "train.py"))] == [("./helpers.py", 8, "REC101")]


def test_a_star_import_in_a_module_reached_by_name_is_followed_in_its_functions(tmp_path):
    """`loss.py` takes its helpers with `from helpers import *`; the training script imports
    `total` from it by name."""
    (tmp_path / "helpers.py").write_text(STAR_HELPERS.format(exports=""))
    (tmp_path / "loss.py").write_text("from helpers import *\n\n\ndef total(y):\n    return scale(y).sum()\n")
    (tmp_path / "train.py").write_text(textwrap.dedent('''\
        from mxnet import autograd, nd
        from loss import total

        x = nd.ones(3)
        x.attach_grad()
        with autograd.record():
            y = total(x * 2)
        '''))
    assert [(finding.path.replace(str(tmp_path), "."), finding.line, finding.code,
             finding.message.split("(reached")[1].replace(str(tmp_path), "."))
            for finding in lint_file(str(tmp_path / "train.py"))] == [
        ("./helpers.py", 10, "REC101", " from ./train.py:7 via total(), then ./loss.py:5 via scale())")]


def test_a_name_listed_in_all_may_come_from_the_modules_own_star_import(tmp_path):
    (tmp_path / "impl.py").write_text(STAR_HELPERS.format(exports=""))
    (tmp_path / "helpers.py").write_text('from impl import *\n__all__ = ["nd", "scale"]\n')
    (tmp_path / "train.py").write_text(STAR_TRAIN)
    assert [(finding.path.replace(str(tmp_path), "."), finding.line, finding.code)
            for finding in lint_file(str(tmp_path / "train.py"))] == [("./impl.py", 10, "REC101")]
