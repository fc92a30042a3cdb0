"""`path:line:col: CODE message` lines, with colour and source snippets when asked."""
from __future__ import annotations

from typing import List

import click

from recordlint.findings import Finding
from recordlint.formats import Options, applicable, position


def render(findings: List[Finding], output_format: str, options: Options) -> str:
    def style(text, **styles):
        return click.style(text, **styles) if options.color else text

    out = []
    for finding in findings:
        marker = " [*]" if applicable(finding, options) else ""
        out.append("%s:%s: %s%s %s" % (style(finding.path, bold=True), position(finding),
                                        style(finding.code, fg="red", bold=True), marker, finding.message))
        if options.show_source and options.sources is not None:
            out.extend(snippet(finding, options.sources.line(finding), style))
    out.extend(summary(findings, options))
    return "".join(line + "\n" for line in out)


def summary(findings: List[Finding], options: Options) -> List[str]:
    """ruff's closing lines: how many findings, how many fixed, what `--fix` would do."""
    def plural(count, word):
        return "%d %s%s" % (count, word, "" if count == 1 else "es" if word.endswith("x") else "s")

    lines = []
    if options.fixed:
        lines.append("Found %s (%d fixed, %d remaining)." % (
            plural(len(findings) + options.fixed, "finding"), options.fixed, len(findings)))
    elif findings:
        lines.append("Found %s." % plural(len(findings), "finding"))
    fixable = sum(1 for f in findings if applicable(f, options))
    hidden = sum(1 for f in findings if f.fix is not None and not applicable(f, options))
    if fixable and options.offer_fixes:
        lines.append("[*] %d fixable with the `--fix` option." % fixable)
    if hidden:
        lines.append("(%s can be enabled with the `--unsafe-fixes` option.)" % plural(hidden, "hidden fix"))
    return lines


def snippet(finding: Finding, source_line, style) -> List[str]:
    """The flagged line with the written span underlined (to the end of the line if it goes on)."""
    if source_line is None:
        return []
    start = finding.column - 1
    end = finding.end_column - 1 if finding.end_line == finding.line else len(source_line)
    shown = source_line.expandtabs()
    caret_start = len(source_line[:start].expandtabs())
    caret_width = max(1, len(source_line[:end].expandtabs()) - caret_start)
    number = str(finding.line)
    gutter = " " * len(number)
    return [
        "%s |" % gutter,
        "%s | %s" % (number, shown.rstrip()),
        "%s | %s%s" % (gutter, " " * caret_start, style("^" * caret_width, fg="red", bold=True)),
        "",
    ]
