"""`python -m recordlint.runtime SCRIPT [ARG]...`: run SCRIPT with the engine as `mxnet`.

Where MXNet 1.9.1 kills the interpreter (section 6 of the specification),
this does too, after printing the Python stack the way faulthandler does:
"Fatal Python error: ..." and then the frames, most recent call first.
"""
import os
import runpy
import sys
import traceback

from recordlint.runtime.errors import InterpreterCrash
from recordlint.runtime.stand_in import install

CRASH_EXIT_STATUS = 255


def report_crash(crash):
    frames = traceback.extract_tb(crash.__traceback__)
    lines = ["Fatal Python error: %s" % crash, "", "Current thread (most recent call first):"]
    lines += ['  File "%s", line %d in %s' % (frame.filename, frame.lineno, frame.name)
              for frame in reversed(frames)]
    sys.stderr.write("\n".join(lines) + "\n")
    sys.stderr.flush()


def main():
    if len(sys.argv) < 2:
        sys.stderr.write("usage: python -m recordlint.runtime SCRIPT [ARG]...\n")
        return 2
    sys.argv = sys.argv[1:]
    sys.path[0] = os.path.dirname(os.path.abspath(sys.argv[0]))
    install()
    try:
        runpy.run_path(sys.argv[0], run_name="__main__")
    except InterpreterCrash as crash:
        report_crash(crash)
        sys.stdout.flush()
        os._exit(CRASH_EXIT_STATUS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
