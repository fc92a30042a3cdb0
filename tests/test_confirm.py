"""`recordlint confirm`: run files on the engine and judge the findings."""
from __future__ import annotations

import functools
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import textwrap
import time

import numpy
import pytest

from cli_helpers import FIXTURES, REPO, run_recordlint, venv_seeing_these_packages
from expectations import expected_findings, expected_raises
from packages import in_package_fixtures

E1_TEXT = "Assigning to NDArrays that are already in a computational graph"
KEYS = {"path", "outcome", "line", "message", "grads", "findings", "missed"}


def confirm(*args, cwd=None):
    """(exit status, [one dict per file]) of `recordlint confirm --format json ARGS`."""
    result = run_recordlint("confirm", "--format", "json", *args, cwd=cwd)
    assert not result.stderr, result.stderr
    reports = [json.loads(line) for line in result.stdout.splitlines()]
    for report in reports:
        assert set(report) == KEYS
    return result.returncode, reports


def write(tmp_path, name, source):
    path = tmp_path / name
    path.write_text(textwrap.dedent(source))
    return path


# -- every fixture ---------------------------------------------------------------

def single_file_fixtures():
    """Fixtures that run as programs of one file (test_packages.py runs the multi-module ones)."""
    return sorted(path for path in FIXTURES.rglob("*.py") if not in_package_fixtures(path))


@functools.lru_cache(maxsize=None)
def fixture_reports():
    paths = single_file_fixtures()
    _, reports = confirm(*paths)
    return {path: report for path, report in zip(paths, reports)}


@pytest.mark.parametrize("path", single_file_fixtures(),
                         ids=lambda path: path.relative_to(FIXTURES).as_posix())
def test_fixture_is_confirmed(path):
    report = fixture_reports()[path]
    source = path.read_text()
    certain = [(finding["line"], finding["status"]) for finding in report["findings"]
               if finding["code"].startswith("REC1")]
    assert all(status in ("confirmed", "not reached") for _, status in certain), report
    assert report["missed"] == [], report
    if not (expected_findings(source) or expected_raises(source) or report["findings"]):
        assert report["outcome"] == "ok", report  # expected clean
    if report["outcome"] == "raised" and E1_TEXT in report["message"]:
        assert (report["line"], "confirmed") in certain, report


# -- the user's notebook -------------------------------------------------------------

SEED = FIXTURES / "seed"
# What the notebook shows: the cell's error, or what its `print(x.grad)` printed
# (In [40]'s printed gradient depends on mx.random.randn's values: relu' is 0 or 1).
NOTEBOOK = {
    "in24_augmented_assign.py": ("raised", 10, None),
    "in32_functional_add.py": ("ok", None, "\n[[2. 2. 2.]\n [2. 2. 2.]\n [2. 2. 2.]]\n"
                                           "<NDArray 3x3 @cpu(0)>\n"),
    "in33_relu_out.py": ("raised", 9, None),
    "in38_relu_rebind.py": ("ok", None, "None\n"),
    "in40_relu_new_name.py": ("ok", None, None),
    "in45_concat_new_name.py": ("ok", None, "\n[[4. 4. 4.]\n [6. 6. 6.]\n [8. 8. 8.]]\n"
                                            "<NDArray 3x3 @cpu(0)>\n"),
    "in46_concat_rebind.py": ("ok", None, "None\n"),
    "in47_row_assign.py": ("raised", 9, None),
}


@functools.lru_cache(maxsize=None)
def notebook_reports():
    names = sorted(NOTEBOOK)
    status, reports = confirm(*[SEED / name for name in names])
    assert status == 0
    return dict(zip(names, reports))


@pytest.mark.parametrize("name", sorted(NOTEBOOK))
def test_notebook_cell_has_the_notebooks_outcome(name):
    report = notebook_reports()[name]
    outcome, line, printed = NOTEBOOK[name]
    assert (report["outcome"], report["line"]) == (outcome, line)
    if outcome == "raised":
        assert E1_TEXT in report["message"]
        return
    run = subprocess.run([sys.executable, "-m", "recordlint.runtime", str(SEED / name)],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    if printed is not None:
        assert run.stdout == printed


def test_notebook_gradients_of_the_leaf():
    grads = {name: numpy.array(report["grads"]["x"]) for name, report in notebook_reports().items()
             if report["outcome"] == "ok"}
    assert numpy.array_equal(grads["in32_functional_add.py"], numpy.full((3, 3), 2.0))
    rows = numpy.array([[4.0] * 3, [6.0] * 3, [8.0] * 3])
    assert numpy.array_equal(grads["in45_concat_new_name.py"], rows)
    assert numpy.array_equal(grads["in46_concat_rebind.py"], rows)  # the leaf's, though x was rebound
    for name in ("in38_relu_rebind.py", "in40_relu_new_name.py"):  # 2 * relu'(x)
        assert set(numpy.unique(grads[name])) <= {0.0, 2.0}


# -- hostile programs ------------------------------------------------------------------

HOSTILE = {
    "loops.py": "import mxnet as mx\nwhile True:\n    pass\n",
    "allocates.py": "from mxnet import nd\nkept = []\nwhile True:\n    kept.append(nd.zeros((2 ** 24,)))\n",
    "exits.py": "import sys\nfrom mxnet import nd\nx = nd.ones(3)\nsys.exit(0)\nx += 1\n",
    "ends_interpreter.py": "import os\nos._exit(3)\n",
    "sleeps.py": "import time\ntime.sleep(3600)\n",
}
TIME_LIMIT = 2.0
GRACE = 5.0  # the hard kill comes this long after the time limit (recordlint.sandbox)
STARTUP = 3.0  # starting Python and linting the file, on a busy machine


def test_hostile_programs_are_errors_within_the_time_limit_and_confirm_goes_on(tmp_path):
    paths = [write(tmp_path, name, source) for name, source in HOSTILE.items()]
    paths.append(write(tmp_path, "fine.py", "from mxnet import nd\nx = nd.ones(3)\nx.attach_grad()\n"))
    started = time.monotonic()
    status, reports = confirm("--time-limit", str(TIME_LIMIT), "--memory-limit", "512", *paths)
    elapsed = time.monotonic() - started
    assert elapsed < len(paths) * (TIME_LIMIT + GRACE + STARTUP)
    outcomes = {report["path"].rsplit("/", 1)[-1]: report for report in reports}
    for name in HOSTILE:
        assert outcomes[name]["outcome"] == "error", outcomes[name]
    assert "time limit" in outcomes["loops.py"]["message"]
    assert outcomes["loops.py"]["line"] in (2, 3)
    assert "time limit" in outcomes["sleeps.py"]["message"]
    assert "memory" in outcomes["allocates.py"]["message"]
    assert outcomes["exits.py"]["line"] == 4 and "sys.exit" in outcomes["exits.py"]["message"]
    assert "exit status 3" in outcomes["ends_interpreter.py"]["message"]
    assert outcomes["fine.py"]["outcome"] == "ok"
    assert outcomes["fine.py"]["grads"] == {"x": None}  # no backward wrote it
    assert status == 0


def test_each_hostile_program_stops_at_its_time_limit(tmp_path):
    path = write(tmp_path, "loops.py", HOSTILE["loops.py"])
    started = time.monotonic()
    _, [report] = confirm("--time-limit", "1", str(path))
    assert report["outcome"] == "error"
    assert time.monotonic() - started < 1 + GRACE + STARTUP


UNTIMED = "import faulthandler, time\nfaulthandler.cancel_dump_traceback_later()  # the child's own timer\n"
STOPPED = {  # each stops on line 3, by way of a signal its own run cannot catch
    "cpu_limit.py": ("import os, signal\nx = 1\nos.kill(os.getpid(), signal.SIGXCPU)\n",
                     "CPU time limit of 2 s exceeded"),
    "segfault.py": ("import os, signal\nx = 1\nos.kill(os.getpid(), signal.SIGSEGV)\n",
                    "the program was killed by SIGSEGV"),
    "untimed_loop.py": (UNTIMED + "while True: pass\n", "CPU time limit of 2 s exceeded"),
    "untimed_sleep.py": (UNTIMED + "time.sleep(3600)\n", "time limit of 2 s exceeded"),  # the parent's kill
}


def test_a_stopped_program_has_the_line_where_it_stopped(tmp_path):
    paths = [write(tmp_path, name, source) for name, (source, _) in STOPPED.items()]
    _, reports = confirm("--time-limit", str(TIME_LIMIT), *paths)
    outcomes = {report["path"].rsplit("/", 1)[-1]: report for report in reports}
    for name, (_, message) in STOPPED.items():
        assert (outcomes[name]["outcome"], outcomes[name]["line"], outcomes[name]["message"]) == (
            "error", 3, message), name


# -- the sandbox: no network, no standard input, a private working folder -----------------

SOCKET_USES = {  # the refused call is on the line marked `# refused`
    "connects.py": "sock = socket.create_connection(('127.0.0.1', PORT), timeout=5)  # refused",
    "plain_socket.py": "sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # refused\n"
                       "sock.connect(('127.0.0.1', PORT))",
    "raw_socket.py": "import _socket\nsock = _socket.socket(_socket.AF_INET, _socket.SOCK_STREAM)  # refused\n"
                     "sock.connect(('127.0.0.1', PORT))",
    "reloaded.py": "import importlib\nimportlib.reload(socket)\n"
                   "socket.create_connection(('127.0.0.1', PORT))  # refused",
    "pair.py": "first, second = socket.socketpair()  # refused",
    "swallowed.py": "try:\n    socket.create_connection(('127.0.0.1', PORT))  # refused\nexcept OSError:\n    pass",
}


def test_a_program_cannot_open_a_socket(tmp_path):
    sources = {name: "import socket\nfrom mxnet import nd\nx = nd.ones(3)\n" + use + "\n"
               for name, use in SOCKET_USES.items()}
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = str(server.getsockname()[1])
        status, reports = confirm(*(write(tmp_path, name, source.replace("PORT", port))
                                    for name, source in sources.items()))
        server.setblocking(False)
        with pytest.raises(BlockingIOError):  # no connection is waiting to be accepted
            server.accept()
    for (name, source), report in zip(sources.items(), reports):
        refused_line = next(number for number, line in enumerate(source.splitlines(), 1) if "# refused" in line)
        assert (report["outcome"], report["line"], report["message"]) == (
            "error", refused_line, "network disabled by recordlint confirm"), name
    assert status == 0


def test_the_program_has_no_standard_input(tmp_path):
    seen = tmp_path / "stdin.txt"
    path = write(tmp_path, "reads.py", "import sys\nopen(%r, 'w').write(repr(sys.stdin.read()))\n" % str(seen))
    result = run_recordlint("confirm", "--format", "json", path, stdin="what the caller types\n")
    assert json.loads(result.stdout)["outcome"] == "ok"
    assert seen.read_text() == "''"


def test_the_program_runs_in_an_empty_private_folder_that_is_removed(tmp_path):
    seen = tmp_path / "seen.json"
    path = write(tmp_path, "writes.py", """\
        import json, os, stat
        before = os.listdir(".")
        with open("marker.txt", "w") as handle:
            handle.write("written")
        mode = stat.S_IMODE(os.stat(".").st_mode)
        with open(%r, "w") as handle:
            json.dump({"cwd": os.getcwd(), "before": before, "mode": mode, "file": __file__}, handle)
        """ % str(seen))
    caller = tmp_path / "caller"
    caller.mkdir()
    _, [report] = confirm(path, cwd=caller)
    assert report["outcome"] == "ok"
    run = json.loads(seen.read_text())
    assert run["before"] == [] and run["mode"] == 0o700
    assert run["file"] == str(path)  # the program keeps its own path, absolute
    assert not os.path.exists(run["cwd"])
    assert list(caller.iterdir()) == [] and not (tmp_path / "marker.txt").exists()


# -- outcomes, statuses and exit status ---------------------------------------------------

def test_unsupported_operation_is_an_error_naming_it(tmp_path):
    direct = write(tmp_path, "direct.py", """\
        from mxnet import nd
        x = nd.ones(3)
        y = nd.fancy_new_op(x)
        """)
    swallowed = write(tmp_path, "swallowed.py", """\
        from mxnet import nd
        try:
            y = nd.fancy_new_op(nd.ones(3))
        except AttributeError:
            y = None
        """)
    submodule = write(tmp_path, "submodule.py", "import mxnet.contrib.onnx\n")
    _, reports = confirm(direct, swallowed, submodule)
    assert [(r["outcome"], r["line"], r["message"]) for r in reports] == [
        ("error", 3, "unsupported: nd.fancy_new_op"),
        ("error", 3, "unsupported: nd.fancy_new_op"),
        ("error", 1, "unsupported: mxnet.contrib")]


def test_statuses_refuted_and_missed_give_exit_status_1(tmp_path):
    refuted = FIXTURES / "programs" / "data_dependent_gate.py"
    missed = write(tmp_path, "missed.py", """\
        import importlib
        from mxnet import autograd
        nd = importlib.import_module("mxnet.nd")
        x = nd.ones(3)
        x.attach_grad()
        with autograd.record():
            x += 1
        """)
    status, [gate] = confirm(refuted)
    assert status == 1
    assert gate["outcome"] == "ok"
    assert [f["status"] for f in gate["findings"]] == ["refuted"]
    status, [report] = confirm(missed)
    assert status == 1
    assert report["findings"] == []
    assert report["missed"] == [{"line": 7, "message": report["message"]}]


def test_raise_in_a_helper_is_reported_in_the_helper(tmp_path):
    path = write(tmp_path, "helper.py", """\
        from mxnet import autograd, nd

        def bump(a):
            a += 1

        x = nd.ones(3)
        x.attach_grad()
        with autograd.record():
            bump(x)
        """)
    status, [report] = confirm(path)
    assert (report["outcome"], report["line"]) == ("raised", 4)
    assert [(f["line"], f["status"]) for f in report["findings"]] == [(4, "confirmed")]
    assert status == 0


def test_crash_is_an_error_outcome_that_confirms_its_finding():
    path = FIXTURES / "semantics" / "meth_reset_arrays_leaf_crash.py"
    status, [report] = confirm(path)
    assert report["outcome"] == "error" and report["line"] == 12
    assert report["message"].startswith("crash: Segmentation fault")
    assert [(f["line"], f["status"]) for f in report["findings"]] == [(12, "confirmed")]
    assert status == 0


def test_grads_are_those_of_the_arrays_the_names_referred_to(tmp_path):
    path = write(tmp_path, "grads.py", """\
        from mxnet import autograd, nd
        x = nd.array([1., 2., 3.])
        x.attach_grad()
        w = nd.array([[1., 2.], [3., 4.]])
        w.attach_grad()
        unused = nd.ones(2)
        unused.attach_grad()
        leaf = x
        with autograd.record():
            x = x * x
            y = (nd.dot(w, w) * 2).sum()
        x.backward()
        y.backward()
        """)
    status, [report] = confirm(path)
    assert report["outcome"] == "ok" and report["line"] is None and report["message"] is None
    assert report["grads"] == {"x": [2.0, 4.0, 6.0], "w": [[14.0, 22.0], [18.0, 26.0]], "unused": None}
    assert status == 0


def test_text_format(tmp_path):
    path = write(tmp_path, "leaf.py", """\
        from mxnet import autograd, nd
        x = nd.ones(3)
        x.attach_grad()
        with autograd.record():
            x += 1
            x *= 2
        """)
    result = run_recordlint("confirm", str(path))
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert re.match(r".*leaf\.py: raised at line 5: MXNetError: Check failed: .*" + E1_TEXT, lines[0])
    assert lines[1:] == ["    5:5: REC101 confirmed", "    6:5: REC101 not reached"]


def test_usage_errors_exit_2(tmp_path):
    assert run_recordlint("confirm").returncode == 2
    assert run_recordlint("confirm", str(tmp_path / "missing.py")).returncode == 2
    assert run_recordlint("confirm", "--format", "xml", str(SEED / "in32_functional_add.py")).returncode == 2


def test_lint_imports_neither_the_engine_nor_numpy(tmp_path):
    (tmp_path / "rec.py").write_text("from mxnet import autograd, nd\n"
                                     "with autograd.record():\n    y = nd.ones(3)\n")
    result = run_recordlint("lint", "rec.py", cwd=tmp_path, extra_flags=("-X", "importtime"))
    modules = {m.group(1).strip() for m in re.finditer(r"^import time:.*\|\s*(\S.*)$", result.stderr, re.M)}
    assert "recordlint.confirm_command" in modules  # the measurement sees the command being registered
    assert not {m for m in modules if m.split(".")[0] == "numpy" or m.startswith("recordlint.runtime")}


def test_regular_install_carries_the_engine(tmp_path):
    source = tmp_path / "src"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(
        ".git", ".oracle-venv", "*.egg-info", "build", "__pycache__", "fixtures", "tests"))
    python = venv_seeing_these_packages(tmp_path / "venv")
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--quiet",
                    str(source)], check=True, capture_output=True, cwd=tmp_path)
    result = run_recordlint("confirm", SEED / "in24_augmented_assign.py", cwd=tmp_path, python=python)
    assert result.returncode == 0, result.stderr
    assert "10:5: REC101 confirmed" in result.stdout


def help_text(*command):
    return " ".join(run_recordlint(*command, "--help").stdout.split())


def test_help_says_confirm_executes_the_files_and_lint_never_does():
    assert "Unlike `lint`, which never runs the code it reads, this EXECUTES each file" in help_text("confirm")
    assert "`recordlint lint` reads source files and never runs them; `recordlint confirm` runs them." in help_text()
    assert "Linting reads the files and never runs them." in help_text("lint")


def test_a_write_in_a_module_the_script_calls_is_confirmed_at_the_call_made_here():
    status, [report] = confirm(str(FIXTURES / "packages" / "script_folder" / "train.py"))
    assert (status, report["outcome"], report["missed"]) == (0, "raised", [])
    [finding] = report["findings"]
    assert (finding["line"], finding["code"], finding["status"]) == (report["line"], "REC101", "confirmed")
    assert finding["where"].endswith(os.path.join("script_folder", "helpers.py") + ":13:5")
