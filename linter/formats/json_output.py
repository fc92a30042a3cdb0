"""`json`: one array of findings; `json-lines`: one finding per line. Same fields in both."""
from __future__ import annotations

import json
from typing import List

from recordlint.findings import Finding
from recordlint.formats import Options


def render(findings: List[Finding], output_format: str, options: Options) -> str:
    if output_format == "json-lines":
        return "".join(json.dumps(f.as_dict()) + "\n" for f in findings)
    return json.dumps([f.as_dict() for f in findings], indent=2) + "\n"
