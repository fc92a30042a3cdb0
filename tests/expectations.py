"""Parse the expectation comments written in fixture programs.

Two kinds of trailing comments are understood:

* ``# expect: REC101`` (or ``# expect: REC101, REC103``): the linter must
  report each listed code on that line (several listed codes, or the same
  code listed twice, mean several findings).
* ``# raises: TypeError``: real MXNet raises that exception class (not one
  of the autograd in-place errors) at that line; the linter reports nothing
  there.

Only real comments count: the source is read with ``tokenize``, so text
such as ``"# expect: REC101"`` inside a string literal is ignored.
"""

from __future__ import annotations

import io
import re
import tokenize
from typing import List, Tuple

_MARKER_RE = re.compile(r"#\s*(expect|raises)\b")
# Another comment may follow on the same line (``# expect: REC902  # noqa: REC101``).
_EXPECT_RE = re.compile(r"#\s*expect:\s*(REC\d{3}(?:\s*,\s*REC\d{3})*)\s*(?:#.*)?$")
_RAISES_RE = re.compile(r"#\s*raises:\s*([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*(?:#.*)?$")


def _comments(source: str) -> List[Tuple[int, str]]:
    """Return (line, text) for every comment token in ``source``."""
    result = []
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    try:
        for tok in tokens:
            if tok.type == tokenize.COMMENT:
                result.append((tok.start[0], tok.string))
    except (tokenize.TokenError, SyntaxError):
        pass  # a deliberately broken example: the comments before the error still count
    return result


def _annotations(source: str, kind: str) -> List[Tuple[int, str]]:
    pattern = _EXPECT_RE if kind == "expect" else _RAISES_RE
    found = []
    for line, text in _comments(source):
        # one comment may hold both (``# expect: REC303  # raises: NotImplementedForSymbol``)
        for segment in re.split(r"(?=#)", text):
            marker = _MARKER_RE.match(segment)
            if not marker or marker.group(1) != kind:
                continue
            match = pattern.match(segment)
            if match is None:
                raise ValueError("line %d: malformed %s comment: %r" % (line, kind, text))
            for item in match.group(1).split(","):
                found.append((line, item.strip()))
    return sorted(found)


def expected_findings(source: str) -> List[Tuple[int, str]]:
    """(line, code) for each code named in an ``# expect:`` comment, sorted.

    A comment is an expectation only when it starts with ``# expect``;
    one that does but does not read ``# expect: RECnnn[, RECnnn...]``
    raises ``ValueError`` rather than being silently ignored.
    """
    return _annotations(source, "expect")


def expected_raises(source: str) -> List[Tuple[int, str]]:
    """(line, exception class name) for each ``# raises:`` comment, sorted.

    Same conventions as :func:`expected_findings`, for ``# raises: Name``.
    """
    return _annotations(source, "raises")
