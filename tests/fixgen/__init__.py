"""Seeded failing MXNet programs for proving the autofix under real MXNet.

    from fixgen import generate_fix_programs
    from fixgen.check import check_programs

`generate_fix_programs(seed, count)` returns `FixProgram`s: a program that
MXNet 1.9.1 rejects (an in-place write inside `with autograd.record():`),
its functional reading (every write read as producing a new value, `.grad`
read from the original leaves), the write forms it uses and the error MXNet
raises first. check.py fixes each program with `fix_text(..., unsafe=True)`,
runs the three versions under MXNet and judges the fix; it is shared by
tests/test_fix_programs.py and report.py.
"""
from .programs import FixProgram, generate_fix_program, generate_fix_programs

__all__ = ["FixProgram", "generate_fix_program", "generate_fix_programs"]
