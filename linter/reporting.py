"""Output formats: views of the one Finding type."""
from __future__ import annotations

import json
from typing import List

from recordlint.findings import Finding

FORMATS = ("text", "json")


def render(findings: List[Finding], output_format: str) -> str:
    if output_format == "json":
        return json.dumps([f.as_dict() for f in findings], indent=2) + "\n"
    lines = ["%s:%d:%d: %s %s" % (f.path, f.line, f.column, f.code, f.message) for f in findings]
    if findings:
        lines.append("Found %d finding%s." % (len(findings), "" if len(findings) == 1 else "s"))
    return "".join(line + "\n" for line in lines)
