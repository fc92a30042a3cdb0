"""Findings as cache payloads (JSON) and back, fix edits included, exactly as they were."""
from __future__ import annotations

import json
import os
from typing import List, Sequence, Tuple

from recordlint.findings import Finding
from recordlint.fixes.edits import Edit, Fix

FORMAT = 2
# The path is left out for the file's own findings: it is known when the entry is read. Findings
# in other project modules, and the modules the findings depend on, are stored relative to the
# file's folder, so that the entry holds wherever the project is and whatever the current folder.
FIELDS = ("line", "column", "end_line", "end_column", "code", "message", "fixable", "cell")


class CorruptEntry(Exception):
    """A payload that is not one this module wrote."""


def findings_to_payload(findings: List[Finding], path: str, dependencies: Sequence = ()) -> bytes:
    """``dependencies``: recordlint.project.Dependency of each other module the findings depend on."""
    folder = os.path.dirname(path)
    rows = []
    for finding in findings:
        row = dict({name: getattr(finding, name) for name in FIELDS}, fix=_fix_to_json(finding.fix))
        if finding.path != path:
            row["path"] = os.path.relpath(finding.path, folder or os.curdir)
        rows.append(row)
    depends = [[os.path.relpath(d.path, folder or os.curdir), d.digest] for d in dependencies]
    return json.dumps({"format": FORMAT, "findings": rows, "dependencies": depends},
                      ensure_ascii=False, separators=(",", ":")).encode()


def findings_from_payload(payload: bytes, path: str) -> Tuple[List[Finding], List[Tuple[str, str]]]:
    """The findings, and the (path, content digest) of each module they depend on."""
    folder = os.path.dirname(path)
    try:
        document = json.loads(payload)
        if document["format"] != FORMAT:
            raise CorruptEntry("format %r" % document["format"])
        findings = [Finding(path=_located(folder, row["path"]) if "path" in row else path,
                            fix=_fix_from_json(row["fix"]), **{name: row[name] for name in FIELDS})
                    for row in document["findings"]]
        return findings, [(_located(folder, relative), _text(digest)) for relative, digest in document["dependencies"]]
    except (ValueError, KeyError, TypeError, IndexError) as error:
        raise CorruptEntry(str(error)) from None


def _located(folder: str, relative) -> str:
    return os.path.normpath(os.path.join(folder, _text(relative)))


def _fix_to_json(fix):
    if fix is None:
        return None
    return {"applicability": fix.applicability, "description": fix.description,
            "edits": [[list(e.start), list(e.end), e.content] for e in fix.edits]}


def _fix_from_json(data):
    if data is None:
        return None
    edits = tuple(Edit(_position(start), _position(end), _text(content)) for start, end, content in data["edits"])
    return Fix(_text(data["applicability"]), _text(data["description"]), edits)


def _position(value) -> tuple:
    line, column = value
    if type(line) is not int or type(column) is not int:
        raise TypeError("position %r" % (value,))
    return line, column


def _text(value) -> str:
    if not isinstance(value, str):
        raise TypeError("expected a string, got %r" % (value,))
    return value
