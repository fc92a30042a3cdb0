"""Lint every fixture program and compare the findings with its comments.

Each line of a fixture that must produce findings carries a trailing
``# expect: RECnnn[, RECnnn...]`` comment (see expectations.py).  The
multiset of (line, code) reported by the linter must equal the multiset
written in those comments: a missing finding and an extra one both fail.
"""
from __future__ import annotations

import pathlib
from collections import Counter

import pytest

from expectations import expected_findings, expected_raises
from packages import in_package_fixtures
from recordlint.rules import RULES

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures"
# fixtures/fixes/ holds fix goldens (before, after, hand-written): tests/test_fixes.py checks them;
# fixtures/packages/ holds multi-module projects: tests/test_packages.py checks them.
FIXTURE_FILES = sorted(p for p in FIXTURES.rglob("*.py")
                       if p.parent.name != "fixes" and not in_package_fixtures(p))
KNOWN_CODES = set(RULES) - {"REC901"}


def fixture_id(path: pathlib.Path) -> str:
    return path.relative_to(FIXTURES).as_posix()


def _describe(items, lines, messages=None):
    out = []
    for (line, code), count in sorted(items.items()):
        text = lines[line - 1].strip() if 0 < line <= len(lines) else "?"
        note = " (%s)" % messages[(line, code)] if messages and (line, code) in messages else ""
        times = " x%d" % count if count > 1 else ""
        out.append("  line %d %s%s%s: %s" % (line, code, times, note, text))
    return "\n".join(out) or "  (none)"


def test_fixtures_found():
    assert len(FIXTURE_FILES) > 0
    assert {path.parent.name for path in FIXTURE_FILES} >= {"seed", "semantics", "programs"}


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=fixture_id)
def test_fixture_annotations_are_well_formed(path):
    source = path.read_text()
    compile(source, str(path), "exec")
    findings = expected_findings(source)
    unknown = sorted({code for _, code in findings} - KNOWN_CODES)
    assert not unknown, "unknown finding codes in %s: %s" % (fixture_id(path), unknown)
    # A runtime-error finding (REC1xx, REC2xx) cannot share a line with another runtime error;
    # REC3xx findings are about other errors (a hybridized block's NotImplementedForSymbol).
    runtime = {line for line, code in findings if not code.startswith("REC3")}
    both = sorted(runtime & {line for line, _ in expected_raises(source)})
    assert not both, "lines with both '# expect: REC1xx/REC2xx' and '# raises:' in %s: %s" % (fixture_id(path), both)


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=fixture_id)
def test_fixture_findings(path):
    from recordlint.api import lint_file

    source = path.read_text()
    lines = source.splitlines()
    expected = Counter(expected_findings(source))
    findings = lint_file(str(path))
    actual = Counter((finding.line, finding.code) for finding in findings)
    messages = {(finding.line, finding.code): finding.message for finding in findings}
    missing = expected - actual
    extra = actual - expected
    assert not missing and not extra, (
        "%s: linter findings differ from the '# expect:' comments\n"
        "expected but not reported:\n%s\n"
        "reported but not expected:\n%s"
        % (fixture_id(path), _describe(missing, lines), _describe(extra, lines, messages)))
