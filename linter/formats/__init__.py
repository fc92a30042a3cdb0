"""Output formats: each a view of the one Finding type (recordlint.findings)."""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import List, Optional

from recordlint.findings import Finding

# Format name: the module under recordlint.formats that renders it, imported only when used.
FORMATS = {
    "text": "text",
    "json": "json_output",
    "json-lines": "json_output",
    "sarif": "sarif",
    "github": "github",
    "junit": "junit",
}


@dataclass(frozen=True)
class Options:
    color: bool = False
    show_source: bool = False
    sources: Optional[object] = None  # recordlint.snippets.SourceLines, for --show-source
    unsafe_fixes: bool = False  # unsafe fixes would be applied: they count as available
    fixed: int = 0  # fixes applied in this run
    offer_fixes: bool = True  # mention the fixes `--fix` would apply


def applicable(finding: Finding, options: Options) -> bool:
    """A fix `--fix` would apply to this finding under the run's settings."""
    fix = finding.fix
    return fix is not None and (fix.applicability == "safe" or options.unsafe_fixes)


def render(findings: List[Finding], output_format: str, options: Options = Options()) -> str:
    module = importlib.import_module(__name__ + "." + FORMATS[output_format])
    return module.render(findings, output_format, options)


def position(finding: Finding) -> str:
    """`line:column`, or `cell N:line:column` in a notebook."""
    where = "%d:%d" % (finding.line, finding.column)
    return where if finding.cell is None else "cell %d:%s" % (finding.cell, where)


def level(code: str) -> str:
    """How a CI viewer should show a finding: certain run-time errors are errors."""
    from recordlint.rules import RULES

    rule = RULES[code]
    return "error" if rule.form and rule.certain else "warning"
