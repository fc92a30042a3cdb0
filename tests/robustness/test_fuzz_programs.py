"""Generated programs with recording regions: lint never fails, and fixes keep every property."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from robustness.figures import FIGURES
from robustness.fuzz_settings import EXAMPLES, fuzz_settings
from robustness.program_strategy import programs
from robustness.properties import audit


@fuzz_settings
@given(programs(), st.booleans())
def check_generated_program(data: bytes, unsafe: bool) -> None:
    FIGURES.programs_fuzzed += 1
    outcome = audit(data, "generated.py", unsafe, FIGURES)
    FIGURES.files_fixed += outcome.fixed
    FIGURES.unreadable += "REC901" in outcome.codes


def test_generated_programs_lint_and_fix_cleanly():
    before = FIGURES.programs_fuzzed
    check_generated_program()
    assert FIGURES.programs_fuzzed - before >= EXAMPLES
