"""Rule documentation: `recordlint rule`, `recordlint rules`, and docs/rules.md kept current."""
from __future__ import annotations

import json

import pytest

from cli_helpers import REPO, run_recordlint
from recordlint.rules import RULES

SECTIONS = ("## What it does", "## Why is this bad?", "## Example", "## Use instead", "## Fix safety")


def test_docs_rules_md_is_generated_from_the_rule_modules():
    from recordlint.rule_docs import all_rules_markdown

    generated = run_recordlint("rule", "--all", "--format", "markdown").stdout
    assert generated == all_rules_markdown()
    assert (REPO / "docs" / "rules.md").read_text() == generated, (
        "docs/rules.md is out of date: run `recordlint rule --all --format markdown > docs/rules.md`")


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_prints_its_documentation(code):
    rule = RULES[code]
    result = run_recordlint("rule", code.lower())
    assert result.returncode == 0
    text = result.stdout
    assert text.startswith("# %s (%s)\n\n%s\n" % (rule.name, code, rule.summary))
    assert [text.index(section) for section in SECTIONS] == sorted(text.index(section) for section in SECTIONS)
    assert rule.why_is_this_bad in text and rule.example in text and rule.use_instead in text
    assert ("Fix is sometimes available." if rule.fixable else "Fix is not available.") in text


def test_rule_as_json():
    entry = json.loads(run_recordlint("rule", "REC902", "--format", "json").stdout)
    assert entry["code"] == "REC902" and entry["name"] == "unused-noqa" and entry["selected_by_default"] is False
    everything = json.loads(run_recordlint("rule", "--all", "--format", "json").stdout)
    assert [e["code"] for e in everything] == list(RULES)


@pytest.mark.parametrize("args,message", [
    (("REC999",), "unknown rule code 'REC999'"),
    ((), "give one rule code, or --all"),
    (("REC101", "--all"), "give one rule code, or --all"),
])
def test_rule_usage_errors(args, message):
    result = run_recordlint("rule", *args)
    assert result.returncode == 2 and message in result.stderr


def test_rules_lists_codes_names_fix_availability_and_default_selection():
    lines = run_recordlint("rules").stdout.splitlines()
    assert lines[0].split() == ["code", "name", "fix", "default"]
    rows = {line.split()[0]: line.split()[1:] for line in lines[1:]}
    assert list(rows) == list(RULES)
    for code, rule in RULES.items():
        assert rows[code] == [rule.name, "sometimes" if rule.fixable else "no",
                              "yes" if rule.selected_by_default else "opt-in"]
    assert rows["REC902"][2] == "opt-in"
    listed = json.loads(run_recordlint("rules", "--format", "json").stdout)
    assert [entry["code"] for entry in listed] == list(RULES) and "explanation" not in listed[0]
