"""JUnit XML: a test suite per file, a failed test case per finding."""
from __future__ import annotations

from itertools import groupby
from typing import List
from xml.etree import ElementTree

from recordlint.findings import Finding
from recordlint.formats import Options, position


def render(findings: List[Finding], output_format: str, options: Options) -> str:
    suites = ElementTree.Element("testsuites", name="recordlint", tests=str(max(1, len(findings))),
                                 failures=str(len(findings)), errors="0")
    if not findings:
        suite = ElementTree.SubElement(suites, "testsuite", name="recordlint", tests="1", failures="0", errors="0")
        ElementTree.SubElement(suite, "testcase", name="no findings", classname="recordlint")
    for path, group in groupby(findings, key=lambda f: f.path):
        group = list(group)
        suite = ElementTree.SubElement(suites, "testsuite", name=path, tests=str(len(group)),
                                       failures=str(len(group)), errors="0")
        for finding in group:
            case = ElementTree.SubElement(suite, "testcase", name="%s at %s" % (finding.code, position(finding)),
                                          classname=path, file=path)
            if finding.cell is None:  # a notebook's cell lines are not lines of its file
                case.set("line", str(finding.line))
            failure = ElementTree.SubElement(case, "failure", message=finding.message, type=finding.code)
            failure.text = "%s:%s: %s %s" % (path, position(finding), finding.code, finding.message)
    ElementTree.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(suites, encoding="unicode") + "\n"
