"""Projects whose imports go wrong: cycles, imports beyond the top-level package, star imports,
a module importing itself, a class deriving from its own name, a module that does not parse,
a namespace package. The analysis follows what resolves, treats the rest as unknown, and the
run goes on."""
from __future__ import annotations

import textwrap

from cli_helpers import finding_lines, run_recordlint

MODULES = {
    "pkg/__init__.py": """\
        from . import sub
        from .sub import *
        from .. import nothing
        from ...far import away
        import pkg
        from pkg import pkg as again
        """,
    "pkg/sub/__init__.py": """\
        from .. import sub
        from .helpers import bump, Loop
        """,
    "pkg/sub/helpers.py": """\
        from pkg.sub.helpers import bump as same
        from . import helpers
        def bump(h):
            h += 1
            return bump(h) if h is None else h
        class Loop(Loop):
            pass
        """,
    "pkg/broken.py": "import mxnet  # record\ndef f(:\n",
    "ns/mod.py": """\
        def g(h):
            h *= 2
            return h
        """,
    "pkg/train.py": """\
        from mxnet import autograd, nd
        from pkg.sub import bump, Loop
        from pkg import broken, sub
        from .sub.helpers import same
        import ns.mod
        from ns.mod import g
        x = nd.ones(3)
        x.attach_grad()
        with autograd.record():
            y = bump(x * 2)
            z = g(x * 3)
            w = ns.mod.g(x * 4)
            broken.f(y)
            Loop()
            sub.bump(y)
            same(x * 5)
        """,
}


def test_imports_that_go_wrong_leave_the_rest_analysed(tmp_path):
    for name, source in MODULES.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source))
    result = run_recordlint("lint", "--no-cache", ".", cwd=tmp_path)
    assert result.stderr == ""
    assert [line.split(": ")[0] for line in finding_lines(result.stdout)] == [
        "ns/mod.py:2:5", "pkg/broken.py:2:7", "pkg/sub/helpers.py:4:5"]
    assert result.returncode == 1
