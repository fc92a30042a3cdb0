"""Run every fixture program under real MXNet and check its comments.

All fixtures run in one oracle batch, with catch-and-continue semantics
(every simple statement is wrapped in try/except, see oracle/runner.py).
Per fixture:

* the lines where MXNet raised one of the two autograd in-place errors (E1,
  E2) or crashed must be exactly the lines with a REC1xx ``# expect:``;
* the other exceptions, as (line, class name), must be exactly the
  ``# raises:`` comments;
* lines with a REC2xx ``# expect:`` ("may raise") are not checked: what
  happens there depends on run-time data.
"""
from __future__ import annotations

import pathlib

import pytest

from expectations import expected_findings, expected_raises
from packages import in_package_fixtures
from oracle.client import require_oracle, run_programs

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures"
# fixtures/fixes/ holds fix goldens (before, after, hand-written): tests/test_fixes.py checks them;
# fixtures/packages/ holds multi-module projects: tests/test_packages.py checks them.
FIXTURE_FILES = sorted(p for p in FIXTURES.rglob("*.py")
                       if p.parent.name != "fixes" and not in_package_fixtures(p))
AUTOGRAD_KINDS = {"E1", "E2", "CRASH"}


def fixture_id(path: pathlib.Path) -> str:
    return path.relative_to(FIXTURES).as_posix()


@pytest.fixture(scope="module")
def oracle_events():
    require_oracle()
    return run_programs([(fixture_id(path), path.read_text()) for path in FIXTURE_FILES])


def _describe(items, lines):
    out = []
    for line, what in sorted(items):
        text = lines[line - 1].strip() if 0 < line <= len(lines) else "?"
        out.append("  line %d %s: %s" % (line, what, text))
    return "\n".join(out) or "  (none)"


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=fixture_id)
def test_fixture_agrees_with_mxnet(path, oracle_events):
    source = path.read_text()
    lines = source.splitlines()
    events = oracle_events[fixture_id(path)]
    expects = expected_findings(source)
    unchecked = {line for line, code in expects if code.startswith("REC2")}

    raised = {line for line, kind in events if kind in AUTOGRAD_KINDS} - unchecked
    annotated = {line for line, code in expects if code.startswith("REC1")} - unchecked
    other = {(line, kind) for line, kind in events if kind not in AUTOGRAD_KINDS} - {
        (line, kind) for line, kind in events if line in unchecked}
    declared = set(expected_raises(source))

    kinds = {}
    for line, kind in events:
        kinds.setdefault(line, []).append(kind)
    problems = []
    if raised != annotated:
        problems.append(
            "E1/E2/CRASH without a REC1xx expect:\n%s\nREC1xx expect without E1/E2/CRASH:\n%s"
            % (_describe({(line, "/".join(kinds[line])) for line in raised - annotated}, lines),
               _describe({(line, "") for line in annotated - raised}, lines)))
    if other != declared:
        problems.append(
            "exceptions without a '# raises:' comment:\n%s\n'# raises:' comments MXNet did not match:\n%s"
            % (_describe(other - declared, lines), _describe(declared - other, lines)))
    assert not problems, "%s: MXNet disagrees with the comments\n%s" % (
        fixture_id(path), "\n".join(problems))
