"""`python -m recordlint.runtime SCRIPT [ARG]...`: run SCRIPT with the engine as `mxnet`.

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


def main():
    if len(sys.argv) < 2:
        sys.stderr.write("usage: python -m recordlint.runtime SCRIPT [ARG]...\n")
        return 2
    sys.argv = sys.argv[1:]
    sys.path[0] = os.path.dirname(os.path.abspath(sys.argv[0]))
    install()
    errors.crash_handler[0] = die
    runpy.run_path(sys.argv[0], run_name="__main__")
    return 0


if __name__ == "__main__":
    sys.exit(main())
