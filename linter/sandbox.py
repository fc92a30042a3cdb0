"""Run one program on the MXNet engine in a fresh, limited child process.

The child (`recordlint.runtime.run_program`) gets a wall-clock limit, a CPU
time limit and an address-space limit, no stdin, no sockets, and an empty
private working folder that is removed with it; its output goes nowhere;
whatever the program does (loop forever, allocate without bound,
exit the interpreter, crash), the result here is a `ProgramRun`.
"""
from __future__ import annotations

import json
import os
import re
import select
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from typing import Optional

STARTUP_SECONDS = 60.0  # for the child to load the engine, on a busy machine
GRACE_SECONDS = 5.0
ABORT_SECONDS = 2.0  # for the stack to be written after SIGABRT
DUMP_FRAME = re.compile(r'^\s*File "(.*)", line (\d+) in ', re.MULTILINE)


@dataclass
class ProgramRun:
    outcome: str  # "ok", "raised" or "error"
    line: Optional[int] = None
    kind: Optional[str] = None  # "E1", "E2", "crash", an exception class, ... (see run_program)
    message: Optional[str] = None
    grads: Optional[dict] = None
    executed: frozenset = field(default_factory=frozenset)


def _limit_resources(cpu_seconds, memory_bytes):
    def apply_limits():
        import resource

        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    return apply_limits


def _child_environment():
    environment = dict(os.environ)
    # one thread per numeric library: less address space, and limits stay per program
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        environment[name] = "1"
    return environment


def run_program(path, time_limit, memory_limit_mb):
    """Run the Python file `path` with the engine as `mxnet`; a ProgramRun."""
    with tempfile.TemporaryDirectory(prefix="recordlint-confirm-") as workdir:
        result_path = os.path.join(workdir, "result.json")
        dump_path = os.path.join(workdir, "timeout.txt")
        # relative paths the program writes land here, not in the caller's folder, and go with it
        program_folder = os.path.join(workdir, "cwd")
        os.mkdir(program_folder, 0o700)
        started_read, started_write = os.pipe()
        command = [sys.executable, "-m", "recordlint.runtime.run_program", os.path.abspath(path),
                   result_path, dump_path, str(time_limit), str(started_write)]
        cpu_seconds = int(time_limit) + 2
        child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, cwd=program_folder, env=_child_environment(),
                                 start_new_session=True, pass_fds=(started_write,),
                                 preexec_fn=_limit_resources(cpu_seconds, memory_limit_mb * 2 ** 20))
        os.close(started_write)
        try:
            # the time limit is the program's: it starts when the child has its engine loaded
            with os.fdopen(started_read, "rb") as started:
                if not select.select([started], [], [], STARTUP_SECONDS)[0]:
                    raise subprocess.TimeoutExpired(command, STARTUP_SECONDS)
            status = child.wait(timeout=time_limit + GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            _abort(child)
            return _failure(path, None, dump_path, time_limit)
        _end_process_group(child.pid)
        if os.path.exists(result_path):
            with open(result_path) as handle:
                result = json.load(handle)
            result["executed"] = frozenset(result["executed"])
            return ProgramRun(**result)
        return _failure(path, status, dump_path, time_limit)


def _abort(child):
    """End a child that outlived its own timer: SIGABRT first, on which it writes its stack,
    then SIGKILL for it and whatever it started."""
    try:
        child.send_signal(signal.SIGABRT)
        child.wait(timeout=ABORT_SECONDS)
    except subprocess.TimeoutExpired:
        pass
    _end_process_group(child.pid)
    child.wait()


def _end_process_group(group):
    """Processes the program started and left behind go too."""
    try:
        os.killpg(group, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _failure(path, status, dump_path, time_limit):
    """The child ended without a result: say how (``status`` None: the parent stopped it)."""
    dump = open(dump_path).read() if os.path.exists(dump_path) else ""
    line = _dump_line(dump, os.path.abspath(path))
    if status is None or dump.startswith("Timeout"):
        return ProgramRun("error", line, "timeout", "time limit of %g s exceeded" % time_limit)
    if status == -signal.SIGXCPU:
        return ProgramRun("error", line, "timeout", "CPU time limit of %g s exceeded" % time_limit)
    if status < 0:
        return ProgramRun("error", line, "signal",
                          "the program was killed by %s" % signal.Signals(-status).name)
    return ProgramRun("error", kind="exit", message="the program ended the interpreter "
                      "(exit status %d) before it finished" % status)


def _dump_line(dump, path):
    """The innermost frame of `path` in a faulthandler dump (most recent call first)."""
    for filename, line in DUMP_FRAME.findall(dump):
        if filename == path:
            return int(line)
    return None
