"""Seeded random MXNet programs for differential testing of the linter.

    from generator import generate_programs
    from generator.compare import compare_all, lint_programs

`generate_programs(seed, count)` returns `Program`s (source plus what the
generator knows: whether a condition depends on array values, which lines
run); compare.py holds the agreement criteria shared by the test and by
report.py.
"""
from .programs import Program, generate_program, generate_programs

__all__ = ["Program", "generate_program", "generate_programs"]
