"""Create the MXNet oracle's virtualenv, <repo>/.oracle-venv, if it is not usable.

Idempotent: does nothing when the venv exists and MXNet works in it.  Any
other state (missing, or left half-built by an interrupted run) is removed
and rebuilt, so the next run repairs an interrupted one.  Prints one line.
"""
import pathlib
import shutil
import subprocess
import sys
import venv

REPO_ROOT = pathlib.Path(__file__).resolve().parents[2]
VENV = REPO_ROOT / ".oracle-venv"
PYTHON = VENV / "bin" / "python"
REQUIREMENTS = ["mxnet==1.9.1", "numpy==1.23.5"]

# Passes only when both pinned versions import and an operator really runs.
CHECK = """
import mxnet, numpy
assert (mxnet.__version__, numpy.__version__) == ("1.9.1", "1.23.5")
assert mxnet.nd.ones(2).sum().asscalar() == 2
"""


def venv_problem():
    """None if MXNet works in the venv, else the output explaining why not."""
    if not PYTHON.exists():
        return b"no virtualenv"
    check = subprocess.run([str(PYTHON), "-I", "-c", CHECK],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return None if check.returncode == 0 else check.stdout


def fail(message, output=b""):
    tail = output.decode(errors="replace")[-3000:]
    sys.exit(f"make_venv: {message}\n{tail}".rstrip())


def main():
    if venv_problem() is None:
        print(f"make_venv: {VENV} already works, nothing to do")
        return
    shutil.rmtree(VENV, ignore_errors=True)
    try:
        venv.create(VENV, with_pip=True)
    except Exception as error:  # e.g. ensurepip missing from this Python
        fail(f"cannot create a virtualenv with {sys.executable}: {error}")
    install = subprocess.run(
        [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check",
         "--no-input", *REQUIREMENTS],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if install.returncode != 0:
        fail(f"pip install {' '.join(REQUIREMENTS)} failed", install.stdout)
    problem = venv_problem()
    if problem is not None:
        fail(f"MXNet does not work in {VENV} after installing {' '.join(REQUIREMENTS)}", problem)
    print(f"make_venv: created {VENV} with {' '.join(REQUIREMENTS)}")


if __name__ == "__main__":
    main()
