import os
import sys

# `python -m` puts the current folder first on the module path: a linted project's click.py or
# libcst.py would be imported, and so run, in place of recordlint's own dependencies.
if sys.path and os.path.abspath(sys.path[0] or os.curdir) == os.getcwd():
    del sys.path[0]

from recordlint.cli import main  # noqa: E402 - after the module path is safe

main()
