"""Running the installed command line in a subprocess, as users do."""
from __future__ import annotations

import os
import pathlib
import re
import subprocess
import sys

REPO = pathlib.Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures"


def run_recordlint(*args, cwd=None, python=sys.executable, extra_flags=(), stdin=None, env=None):
    env = dict(os.environ, NO_COLOR="1") if env is None else env
    return subprocess.run(
        [str(python), *extra_flags, "-m", "recordlint", *map(str, args)],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=300, input=stdin,
    )


def finding_lines(output: str):
    """The finding lines of text output, without the `[*]` fixable marker."""
    return [line.replace(" [*] ", " ", 1) for line in output.splitlines()
            if re.match(r"^\S.*:\d+:\d+: REC\d{3} ", line.replace(" [*] ", " ", 1))]


def venv_seeing_these_packages(path: pathlib.Path) -> pathlib.Path:
    """A new virtual environment (its Python returned) that also imports the packages of the
    Python running the tests: pip, the build backend and recordlint's dependencies, with no
    network. (`--system-site-packages` would give the base interpreter's, not a virtual
    environment's; the pip and setuptools a new venv brings would come first, and Python 3.9's
    setuptools cannot read the project's metadata.)"""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(path)], check=True)
    python = path / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    ours = [entry for entry in sys.path if entry.endswith(("site-packages", "dist-packages"))]
    (pathlib.Path(purelib) / "test-runner-packages.pth").write_text("\n".join(ours) + "\n")
    return python
