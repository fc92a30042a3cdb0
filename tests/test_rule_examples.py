"""Every rule's own VALID and INVALID examples run as tests, and its documentation is complete."""
from __future__ import annotations

from collections import Counter

import pytest

from expectations import expected_findings
from recordlint.api import lint_source
from recordlint.rules import RULES

DOC_SECTIONS = ("summary", "what_it_does", "why_is_this_bad", "example", "use_instead", "fix_safety")

VALID = [(code, i, src) for code, rule in RULES.items() for i, src in enumerate(rule.VALID)]
INVALID = [(code, i, src) for code, rule in RULES.items() for i, src in enumerate(rule.INVALID)]


@pytest.mark.parametrize("code,index,source", VALID, ids=["%s-valid-%d" % (c, i) for c, i, _ in VALID])
def test_valid_example_has_no_finding(code, index, source):
    assert lint_source(source, "example.py") == []


@pytest.mark.parametrize("code,index,source", INVALID, ids=["%s-invalid-%d" % (c, i) for c, i, _ in INVALID])
def test_invalid_example_has_exactly_its_findings(code, index, source):
    expected = Counter(expected_findings(source))
    assert code in {c for _, c in expected}, "an INVALID example must show its own rule"
    actual = Counter((f.line, f.code) for f in lint_source(source, "example.py"))
    assert actual == expected


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_is_documented_and_has_examples(code):
    rule = RULES[code]
    assert rule.code == code and rule.name
    for section in DOC_SECTIONS:
        assert getattr(rule, section).strip(), "%s has no %s" % (code, section)
    assert rule.VALID and rule.INVALID


def test_codes_and_names_are_unique():
    names = [rule.name for rule in RULES.values()]
    assert len(set(names)) == len(names)
    assert set(RULES) >= {"REC101", "REC102", "REC103", "REC104", "REC901"}
