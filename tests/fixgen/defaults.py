"""The seed and the number of programs, shared by the test and report.py."""
import os

DEFAULT_SEED = 20250301
DEFAULT_COUNT = 500


def seed() -> int:
    return int(os.environ.get("RECORDLINT_FIX_SEED", DEFAULT_SEED))


def count() -> int:
    return int(os.environ.get("RECORDLINT_FIX_PROGRAMS", DEFAULT_COUNT))
