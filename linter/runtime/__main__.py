"""`python -m recordlint.runtime SCRIPT [ARG]...`: run SCRIPT with the engine as `mxnet`.

`python -m recordlint.runtime -m MODULE [ARG]...` runs MODULE as `python -m
MODULE` does: found from the current folder, run as `__main__`, so that the
entry points of a package and their relative imports work.

Where MXNet 1.9.1 kills the interpreter (section 6 of the specification),
this process dies too, at that point, after printing the Python stack the
way faulthandler does: "Fatal Python error: ..." and the frames, most
recent call first.
"""
import os
import runpy
import sys
import traceback

from recordlint.runtime import errors
from recordlint.runtime.stand_in import install

CRASH_EXIT_STATUS = 255


def die(operation):
    frames = traceback.extract_stack(sys._getframe(1))
    lines = ["Fatal Python error: %s" % errors.crash_message(operation), "",
             "Current thread (most recent call first):"]
    lines += ['  File "%s", line %d in %s' % (frame.filename, frame.lineno, frame.name)
              for frame in reversed(frames)]
    sys.stdout.flush()
    sys.stderr.write("\n".join(lines) + "\n")
    sys.stderr.flush()
    os._exit(CRASH_EXIT_STATUS)


USAGE = "usage: python -m recordlint.runtime SCRIPT [ARG]... | -m MODULE [ARG]...\n"


def main():
    arguments = sys.argv[1:]
    as_module = arguments[:1] == ["-m"]
    if as_module:
        arguments = arguments[1:]
    if not arguments:
        sys.stderr.write(USAGE)
        return 2
    install()
    errors.crash_handler[0] = die
    sys.argv = arguments
    if as_module:
        sys.path[0] = os.getcwd()
        runpy.run_module(arguments[0], run_name="__main__", alter_sys=True)
    else:
        sys.path[0] = os.path.dirname(os.path.abspath(arguments[0]))
        runpy.run_path(arguments[0], run_name="__main__")
    return 0


if __name__ == "__main__":
    sys.exit(main())
