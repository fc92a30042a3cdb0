"""The engine as the `mxnet` package: import styles, what it refuses, how it crashes.

Each test runs a small script with `python -m recordlint.runtime`, the way
programs meet the engine.
"""
from __future__ import annotations

import subprocess
import sys
import textwrap


def run_on_engine(tmp_path, source):
    script = tmp_path / "program.py"
    script.write_text(textwrap.dedent(source))
    return subprocess.run([sys.executable, "-m", "recordlint.runtime", str(script)],
                          cwd=tmp_path, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=60)


def test_every_import_style_reaches_the_engine(tmp_path):
    result = run_on_engine(tmp_path, """\
        import mxnet as mx
        import mxnet.autograd as autograd_module
        import mxnet.ndarray as nd_module
        from mxnet import autograd, gluon, nd, np, npx
        from mxnet.autograd import pause, record
        from mxnet.base import MXNetError
        from mxnet.gluon import nn

        assert autograd is autograd_module is mx.autograd
        assert nd is nd_module is mx.nd and np is mx.np and npx is mx.npx and gluon is mx.gluon
        assert record is mx.autograd.record and pause is autograd.pause
        assert MXNetError is mx.base.MXNetError and issubclass(MXNetError, RuntimeError)
        assert nn.Dense is gluon.nn.Dense and mx.__version__ == "1.9.1"
        x = nd.ones(3)
        x.attach_grad()
        with record():
            try:
                x += 1
            except mx.base.MXNetError as error:
                print(str(error).splitlines()[-1])
        """)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "MXNetError: Check failed: AGInfo: :IsNone(*output): Assigning to NDArrays that are "
        "already in a computational graph will cause undefined behavior when evaluating gradients. "
        "Please call backward first to clear the graph or do this out side of a record section. "
        "Also note that you cannot use inplace operations like +=, *=, relu(x, out=x), y[idx]=x, "
        "etc inside a record section.\n")


def test_unknown_names_raise_unsupported_operation(tmp_path):
    result = run_on_engine(tmp_path, """\
        from mxnet import nd, np

        for probe in (lambda: nd.fancy_op, lambda: np.random.fancy_draw, lambda: nd.ones(2).fancy_method):
            try:
                probe()
            except AttributeError as error:
                print(type(error).__name__, error)
        x = nd.ones(2)
        print(hasattr(x, "fill"), hasattr(x, "__ipow__"), hasattr(x, "__floordiv__"))
        """)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split(" (")[0] for line in lines[:3]] == [
        "UnsupportedOperation unsupported: nd.fancy_op",
        "UnsupportedOperation unsupported: np.random.fancy_draw",
        "UnsupportedOperation unsupported: NDArray.fancy_method"]
    assert lines[3] == "False False False"  # MXNet has none of these either


def test_unknown_submodules_cannot_be_imported(tmp_path):
    result = run_on_engine(tmp_path, "import mxnet.contrib.onnx\n")
    assert result.returncode == 1
    assert "ModuleNotFoundError: No module named 'mxnet.contrib'" in result.stderr


def test_the_crash_ends_the_process_like_mxnet(tmp_path):
    result = run_on_engine(tmp_path, """\
        from mxnet import autograd, nd
        x = nd.ones(3)
        x.attach_grad()
        with autograd.record():
            try:
                nd.reset_arrays(x, num_arrays=1)
            except BaseException:
                pass
        print("not reached")
        """)
    assert result.returncode == 255
    assert result.stdout == ""  # no Python code runs after a segfault
    assert result.stderr.startswith("Fatal Python error: Segmentation fault")
    assert 'program.py", line 6 in <module>' in result.stderr
