"""Findings as cache payloads (JSON) and back, fix edits included, exactly as they were."""
from __future__ import annotations

import json
from typing import List

from recordlint.findings import Finding
from recordlint.fixes.edits import Edit, Fix

FORMAT = 1
# The path is left out: it is the file's, known when the entry is read.
FIELDS = ("line", "column", "end_line", "end_column", "code", "message", "fixable", "cell")


class CorruptEntry(Exception):
    """A payload that is not one this module wrote."""


def findings_to_payload(findings: List[Finding]) -> bytes:
    rows = [dict({name: getattr(f, name) for name in FIELDS}, fix=_fix_to_json(f.fix)) for f in findings]
    return json.dumps({"format": FORMAT, "findings": rows}, ensure_ascii=False, separators=(",", ":")).encode()


def findings_from_payload(payload: bytes, path: str) -> List[Finding]:
    try:
        document = json.loads(payload)
        if document["format"] != FORMAT:
            raise CorruptEntry("format %r" % document["format"])
        return [Finding(path=path, fix=_fix_from_json(row["fix"]), **{name: row[name] for name in FIELDS})
                for row in document["findings"]]
    except (ValueError, KeyError, TypeError, IndexError) as error:
        raise CorruptEntry(str(error)) from None


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
