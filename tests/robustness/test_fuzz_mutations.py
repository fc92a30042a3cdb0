"""Damaged fixtures: lint never fails (a file that does not parse is REC901), and what can
still be fixed is fixed with every property kept."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from robustness.figures import FIGURES
from robustness.fuzz_settings import EXAMPLES, fuzz_settings
from robustness.mutations import mutated_fixtures
from robustness.properties import audit


@fuzz_settings
@given(mutated_fixtures(), st.booleans())
def check_mutated_fixture(data: bytes, unsafe: bool) -> None:
    FIGURES.mutations_tried += 1
    outcome = audit(data, "mutated.py", unsafe, FIGURES)
    FIGURES.files_fixed += outcome.fixed
    FIGURES.unreadable += "REC901" in outcome.codes


def test_mutated_fixtures_lint_and_fix_cleanly():
    before = FIGURES.mutations_tried
    check_mutated_fixture()
    assert FIGURES.mutations_tried - before >= EXAMPLES
