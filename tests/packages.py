"""Multi-module fixture projects (fixtures/packages/), and running their
training scripts as their users do.

Each folder of fixtures/packages/ is a project: either a package (it has an
`__init__.py`; its scripts run as `python -m PACKAGE.MODULE` from the
folder above it) or a folder of scripts (no `__init__.py`; its scripts run
from the folder itself, which then is on the path as for `python train.py`).
A module with an `if __name__ == "__main__":` guard is a script.

A script runs without any rewriting, under real MXNet or under recordlint's
engine (`python -m recordlint.runtime -m MODULE`), so that, as in a real
training job, only the first in-place error of a run raises. `run_script`
says where: the innermost traceback frame inside the project (the first line
of its statement) and the kind of the error.
"""
from __future__ import annotations

import ast
import os
import pathlib
import re
import subprocess
import sys
from dataclasses import dataclass
from functools import cached_property

from recordlint.statements import statement_starts

REPO = pathlib.Path(__file__).resolve().parents[1]
PACKAGES = REPO / "fixtures" / "packages"
ENGINE = (sys.executable, "-m", "recordlint.runtime")

E1_TEXT = "Assigning to NDArrays that are already in a computational graph"
E2_TEXT = "Inplace operations (+=, -=, x[:]=, etc) are not supported"
TRACEBACK_HEADER = "Traceback (most recent call last):"
TRACEBACK_FRAME = re.compile(r'^  File "(.*)", line (\d+), in ')
# A frame of faulthandler's dump (what MXNet's crash and the engine's both print).
DUMP_FRAME = re.compile(r'^\s*File "(.*)", line (\d+) in ', re.MULTILINE)
FATAL_ERROR = "Fatal Python error"
MAIN_GUARD = re.compile(r'^if __name__ == "__main__":', re.MULTILINE)


def in_package_fixtures(path: pathlib.Path) -> bool:
    """Whether `path` belongs to a multi-module project, which runs and lints as a whole,
    not file by file."""
    return PACKAGES in pathlib.Path(path).resolve().parents


@dataclass(frozen=True)
class Project:
    folder: pathlib.Path

    @property
    def name(self) -> str:
        return self.folder.name

    @property
    def is_package(self) -> bool:
        return (self.folder / "__init__.py").exists()

    @property
    def root(self) -> pathlib.Path:
        """The folder the scripts run from: what `import` searches first."""
        return self.folder.parent if self.is_package else self.folder

    @cached_property
    def files(self) -> list[pathlib.Path]:
        return sorted(path for path in self.folder.rglob("*.py") if "__pycache__" not in path.parts)

    def module_name(self, path: pathlib.Path) -> str:
        parts = path.relative_to(self.root).with_suffix("").parts
        return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)

    @cached_property
    def scripts(self) -> list[str]:
        """Module names of the project's scripts."""
        return [self.module_name(path) for path in self.files if MAIN_GUARD.search(path.read_text())]

    def script_path(self, module: str) -> pathlib.Path:
        return self.root.joinpath(*module.split(".")).with_suffix(".py")


def projects() -> list[Project]:
    return [Project(folder) for folder in sorted(PACKAGES.iterdir()) if folder.is_dir()
            and folder.name != "__pycache__"]


@dataclass(frozen=True)
class Outcome:
    """How a run ended: kind "ok", "E1", "E2", "CRASH" or the exception's class name;
    for the others, where (file relative to the project's root, POSIX; line) and the
    error's last line."""

    kind: str
    file: str | None = None
    line: int | None = None
    message: str = ""

    @property
    def place(self):
        return (self.file, self.line)


def run_script(interpreter, project: Project, module: str, timeout: float = 300) -> Outcome:
    """Run `INTERPRETER -m MODULE` from the project's root; `interpreter` is a command
    prefix such as [python] or ENGINE."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    environment.update(PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1", PYTHONFAULTHANDLER="1")
    try:
        result = subprocess.run([*map(str, interpreter), "-m", module], cwd=project.root,
                                env=environment, stdin=subprocess.DEVNULL, capture_output=True,
                                text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise RuntimeError("%s -m %s did not finish in %d s" % (interpreter[0], module, timeout)) from None
    if result.returncode == 0:
        return Outcome("ok")
    if FATAL_ERROR in result.stderr:
        dump = result.stderr[result.stderr.rfind(FATAL_ERROR):]
        return _outcome(project, "CRASH", DUMP_FRAME.findall(dump), dump.splitlines()[0])
    frames, exception = _last_traceback(result.stderr)
    if exception is None:
        raise RuntimeError("%s -m %s ended with status %d and no traceback:\n%s"
                           % (interpreter[0], module, result.returncode, result.stderr[-3000:]))
    text = "\n".join(exception)
    kind = ("E1" if E1_TEXT in text else "E2" if E2_TEXT in text
            else exception[0].split(":", 1)[0].rsplit(".", 1)[-1])
    return _outcome(project, kind, reversed(frames), exception[-1])


def _last_traceback(stderr):
    """(frames as (file, line), most recent last; the exception's lines) of the last
    traceback Python printed, or ([], None). The exception's own text may look like a
    traceback (MXNet's messages do), so only a header at the start of a line that is
    exactly the header begins one, and the frames end at the first unindented line."""
    lines = stderr.splitlines()
    headers = [index for index, line in enumerate(lines) if line == TRACEBACK_HEADER]
    if not headers:
        return [], None
    frames, index = [], headers[-1] + 1
    while index < len(lines) and lines[index].startswith(" "):
        frame = TRACEBACK_FRAME.match(lines[index])
        if frame:
            frames.append((frame.group(1), int(frame.group(2))))
        index += 1
    return frames, lines[index:] or None


def _outcome(project, kind, frames_innermost_first, message):
    """The outcome at the innermost of the frames that lies in the project."""
    for filename, line in frames_innermost_first:
        path = pathlib.Path(project.root, filename).resolve()
        if project.folder.resolve() in path.parents and path.is_file():  # not "<string>"
            starts = statement_starts(ast.parse(path.read_text()))
            return Outcome(kind, path.relative_to(project.root.resolve()).as_posix(),
                           starts.get(int(line), int(line)), message)
    return Outcome(kind, None, None, message)
