"""`--statistics`: how many findings of each rule, most frequent first."""
from __future__ import annotations

import json
from collections import Counter
from typing import List

from recordlint.findings import Finding


def render_statistics(findings: List[Finding], output_format: str) -> str:
    from recordlint.rules import RULES

    counts = sorted(Counter(f.code for f in findings).items(), key=lambda item: (-item[1], item[0]))
    rows = [{"code": code, "name": RULES[code].name, "count": count,
             "fixable": sum(1 for f in findings if f.code == code and f.fixable)} for code, count in counts]
    if output_format == "json":
        return json.dumps(rows, indent=2) + "\n"
    width = max((len(str(row["count"])) for row in rows), default=1)
    return "".join("%*d\t%s\t[%s] %s\n" % (width, row["count"], row["code"], "*" if row["fixable"] else " ", row["name"])
                   for row in rows)
