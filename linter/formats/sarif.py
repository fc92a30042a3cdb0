"""SARIF 2.1.0, as GitHub code scanning reads it (github/codeql-action/upload-sarif)."""
from __future__ import annotations

import json
import os
import pathlib
from typing import List
from urllib.parse import quote

from recordlint import __version__
from recordlint.findings import Finding
from recordlint.formats import Options, level

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def render(findings: List[Finding], output_format: str, options: Options) -> str:
    from recordlint.rule_docs import rule_markdown
    from recordlint.rules import RULES

    codes = list(RULES)
    rules = [{
        "id": code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.what_it_does},
        "help": {"text": rule.why_is_this_bad, "markdown": rule_markdown(rule)},
        "defaultConfiguration": {"level": level(code)},
    } for code, rule in RULES.items()]
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "recordlint", "version": __version__, "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "results": [_result(f, codes.index(f.code)) for f in findings],
        }],
    }
    return json.dumps(log, indent=2) + "\n"


def _result(finding: Finding, rule_index: int) -> dict:
    location = {"artifactLocation": {"uri": artifact_uri(finding.path)}}
    result = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": level(finding.code),
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": location}],
    }
    if finding.cell is None:
        location["region"] = {
            "startLine": finding.line,
            "startColumn": finding.column,
            "endLine": finding.end_line,
            "endColumn": finding.end_column,
        }
    else:
        # Lines of a notebook's JSON are not lines of its cells: the cell goes in the message.
        result["message"]["text"] = "cell %d, line %d, column %d: %s" % (
            finding.cell, finding.line, finding.column, finding.message)
        result["properties"] = {"cell": finding.cell, "line": finding.line, "column": finding.column}
    return result


def artifact_uri(path: str) -> str:
    if os.path.isabs(path):
        return pathlib.Path(path).as_uri()
    return quote(path.replace(os.sep, "/"))
