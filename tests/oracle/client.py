"""Host-side API of the MXNet oracle: run programs under real MXNet.

MXNet lives in a separate virtualenv (see make_venv.py); this module needs
neither mxnet nor numpy.  It drives runner.py there and collects, per
program, the (line, kind) events described in runner.py, plus
(line, "CRASH") when MXNet kills the interpreter while running a program.

`run_programs_with_grads` also reports the gradients of each program's
module-level `attach_grad` leaves at its end, and can drive runner.py under
another interpreter command, such as recordlint's engine.
"""
from __future__ import annotations

import ast
import json
import os
import pathlib
import re
import subprocess
import tempfile
import time
from dataclasses import dataclass

import pytest

ORACLE_DIR = pathlib.Path(__file__).resolve().parent
REPO_ROOT = ORACLE_DIR.parents[1]
RUNNER = ORACLE_DIR / "runner.py"

# A frame line of a faulthandler dump: `  File "name", line 12 in func`.
DUMP_FRAME = re.compile(r'^\s*File "(.*)", line (\d+) in ', re.MULTILINE)
FATAL_ERROR = "Fatal Python error"


def oracle_python() -> pathlib.Path | None:
    """The MXNet venv's python, or None if there is none."""
    configured = os.environ.get("RECORDLINT_ORACLE_PYTHON")
    if configured:
        return pathlib.Path(configured)
    venv_python = REPO_ROOT / ".oracle-venv" / "bin" / "python"
    return venv_python if venv_python.exists() else None


def require_oracle() -> pathlib.Path:
    """The oracle's python; skips the test (fails it if RECORDLINT_REQUIRE_ORACLE=1) without one."""
    python = oracle_python()
    if python is None:
        message = ("MXNet oracle not available: run `python tests/oracle/make_venv.py` "
                   "or set RECORDLINT_ORACLE_PYTHON")
        if os.environ.get("RECORDLINT_REQUIRE_ORACLE") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return python


def run_programs(programs: list[tuple[str, str]],
                 timeout: float = 600) -> dict[str, list[tuple[int, str]]]:
    """Run (name, source) programs under MXNet; name -> sorted unique (line, kind).

    Names must be unique; they serve as the programs' file names.  All
    programs run in one process; if MXNet crashes it, the running program
    gets [(line, "CRASH")] and a new process runs the rest.
    """
    results = _run_all(programs, timeout, None, grads=False)
    return {name: result.events for name, result in results.items()}


@dataclass(frozen=True)
class ProgramRun:
    """What one program did: its sorted unique (line, kind) events, and the
    `.grad` of each module-level attach_grad leaf at its end (nested lists,
    or None), empty for a program that crashed."""

    events: list
    grads: dict


def run_programs_with_grads(programs: list[tuple[str, str]], timeout: float = 600,
                            command: list[str] | None = None) -> dict[str, ProgramRun]:
    """As run_programs, with the leaves' gradients (runner.py --grads).

    `command` runs runner.py instead of the oracle's python, e.g.
    [sys.executable, "-m", "recordlint.runtime"] for recordlint's engine.
    """
    return _run_all(programs, timeout, command, grads=True)


def _run_all(programs, timeout, command, grads):
    names = [name for name, _ in programs]
    if len(set(names)) != len(names):
        raise ValueError("program names must be unique")
    if command is None:
        python = oracle_python()
        if python is None:
            raise RuntimeError("MXNet oracle not available (see require_oracle)")
        command = [str(python)]
    sources = dict(programs)
    deadline = time.monotonic() + timeout
    results = {}
    while len(results) < len(programs):
        remaining = [(name, sources[name]) for name in names if name not in results]
        done = _run_runner(command, remaining, deadline - time.monotonic(), grads)
        if not done:
            raise RuntimeError("MXNet oracle made no progress")
        results.update(done)
    return {name: ProgramRun(sorted(set(results[name].events)), results[name].grads)
            for name in names}


def _run_runner(command, programs, timeout, grads):
    """One runner process: {name: ProgramRun} of the programs it got through,
    including events [(line, "CRASH")] for the one it died in."""
    with tempfile.TemporaryDirectory() as workdir:
        programs_file = pathlib.Path(workdir, "programs.json")
        programs_file.write_text(json.dumps([{"name": n, "source": s} for n, s in programs]))
        arguments = [*command, str(RUNNER), str(programs_file)] + (["--grads"] if grads else [])
        with open(pathlib.Path(workdir, "stderr.txt"), "w+b") as stderr_file:
            try:
                proc = subprocess.run(arguments,
                                      stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                      stderr=stderr_file, cwd=workdir, env=_runner_environment(),
                                      timeout=max(timeout, 0))
                stdout, returncode = proc.stdout, proc.returncode
            except subprocess.TimeoutExpired as expired:
                stdout, returncode = expired.stdout or b"", None
            except OSError as error:
                raise RuntimeError(f"cannot start the MXNet oracle {command[0]}: {error}") from error
            stderr_file.seek(0)
            stderr = stderr_file.read().decode(errors="replace")

    finished, running = _parse_output(stdout.decode(errors="replace"), stderr)
    if returncode == 0 and running is None:
        return finished
    if returncode is None:
        raise RuntimeError(f"MXNet oracle exceeded the timeout while running program {running!r}")
    if running is not None and (returncode < 0 or FATAL_ERROR in stderr):
        line = _crash_line(stderr, running, dict(programs)[running])
        return {**finished, running: ProgramRun([(line, "CRASH")], {})}
    raise RuntimeError(f"MXNet oracle failed (exit status {returncode}, program {running!r});"
                       f" stderr ends with:\n{stderr[-3000:]}")


def _runner_environment():
    """The caller's environment without its Python settings (the venv's own
    packages only, whatever PYTHONPATH says), with a fixed hash seed so that
    set and dict orders, and hence results, are reproducible."""
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith("PYTHON")}
    environment["PYTHONHASHSEED"] = "0"
    return environment


def _parse_output(stdout, stderr):
    """Runner output -> ({name: ProgramRun} finished, name of the unfinished program or None)."""
    finished, running = {}, None
    for line in stdout.splitlines():
        try:
            message = json.loads(line)
        except json.JSONDecodeError:
            raise RuntimeError(f"unexpected MXNet oracle output {line!r};"
                               f" stderr ends with:\n{stderr[-3000:]}") from None
        if "start" in message:
            running = message["start"]
        else:
            finished[message["name"]] = ProgramRun([tuple(event) for event in message["events"]],
                                                   message.get("grads", {}))
            running = None
    return finished, running


def _crash_line(stderr, name, source):
    """Statement of program `name` in the innermost frame of the crash dump, else 0."""
    dump = stderr[stderr.rfind(FATAL_ERROR):]
    for filename, line in DUMP_FRAME.findall(dump):  # most recent call first
        if filename == name:
            return _statement_line(ast.parse(source), int(line))
    return 0


def _statement_line(tree, line):
    """Start line of the innermost statement spanning `line` (as runner.statement_line)."""
    starts = [node.lineno for node in ast.walk(tree)
              if isinstance(node, ast.stmt) and node.lineno <= line <= node.end_lineno]
    return max(starts, default=line)
