"""GitHub Actions workflow commands: one `::error` or `::warning` annotation per finding."""
from __future__ import annotations

from typing import List

from recordlint.findings import Finding
from recordlint.formats import Options, level


def render(findings: List[Finding], output_format: str, options: Options) -> str:
    return "".join(annotation(f) + "\n" for f in findings)


def annotation(finding: Finding) -> str:
    properties = [("file", finding.path)]
    message = "%s %s" % (finding.code, finding.message)
    if finding.cell is None:
        properties += [("line", finding.line), ("col", finding.column),
                       ("endLine", finding.end_line), ("endColumn", finding.end_column)]
    else:
        # Lines of a notebook's JSON are not lines of its cells: annotate the file, name the cell.
        message = "cell %d, line %d, column %d: %s" % (finding.cell, finding.line, finding.column, message)
    properties.append(("title", "recordlint (%s)" % finding.code))
    return "::%s %s::%s" % (
        level(finding.code),
        ",".join("%s=%s" % (key, _escape_property(str(value))) for key, value in properties),
        _escape_data(message),
    )


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
