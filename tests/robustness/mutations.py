"""A hypothesis strategy for damaged copies of the fixtures: what half-written, badly merged or
truncated files look like."""
from __future__ import annotations

import pathlib
from typing import List

from hypothesis import strategies as st

REPO = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = sorted(path for path in (REPO / "fixtures").rglob("*.py"))

# Pieces of Python that break or bend the structure around them, and bytes that are not Python.
TOKENS = (
    "(", ")", "[", "]", "{", "}", ":", ",", ".", "=", "+=", "-=", "*=", "[:]", "out=", "\\", "\n", "\r\n", "\r",
    "    ", "\t", " ", "#", "# noqa", "'", '"', '"""', "f'{", "x", "x_1", "_", "0", "1e", "lambda", "if", "else",
    "with", "def", "return", "yield", "await", "async", "pass", "del", "nd.", "np.", "autograd.record()",
    ".attach_grad()", ".backward()", "mx.nd.relu(x, out=x)", "x += 1", "x[:] = 0", "é", "→", "\u2028",
    "\ufeff", "\x0c", "\x00", "\ud800",
)
RAW_BYTES = (b"\xff", b"\xc3", b"\xe2\x82", b"\x80", b"\x00", b"\xef\xbb\xbf")


def _lines(text: str) -> List[str]:
    return text.splitlines(keepends=True) or [""]


@st.composite
def delete_lines(draw, text: str) -> str:
    lines = _lines(text)
    start = draw(st.integers(0, len(lines) - 1))
    count = draw(st.integers(1, 3))
    return "".join(lines[:start] + lines[start + count:])


@st.composite
def swap_lines(draw, text: str) -> str:
    lines = _lines(text)
    first, second = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
    lines[first], lines[second] = lines[second], lines[first]
    return "".join(lines)


@st.composite
def duplicate_line(draw, text: str) -> str:
    lines = _lines(text)
    at = draw(st.integers(0, len(lines) - 1))
    return "".join(lines[:at + 1] + lines[at:])


@st.composite
def reindent_line(draw, text: str) -> str:
    lines = _lines(text)
    at = draw(st.integers(0, len(lines) - 1))
    line = lines[at]
    lines[at] = line[4:] if line.startswith("    ") and draw(st.booleans()) else "    " + line
    return "".join(lines)


@st.composite
def insert_token(draw, text: str) -> str:
    at = draw(st.integers(0, len(text)))
    return text[:at] + draw(st.sampled_from(TOKENS)) + text[at:]


MUTATIONS = (delete_lines, swap_lines, duplicate_line, reindent_line, insert_token, insert_token)


@st.composite
def mutated_fixtures(draw) -> bytes:
    """A fixture after one to four mutations, then perhaps truncated or given stray raw bytes."""
    text = draw(st.sampled_from(FIXTURES)).read_text(encoding="utf-8")
    for _ in range(draw(st.integers(1, 4))):
        text = draw(draw(st.sampled_from(MUTATIONS))(text))
    data = text.encode("utf-8", "surrogatepass")
    ending = draw(st.sampled_from(("keep", "keep", "truncate", "raw byte")))
    if ending == "truncate":
        data = data[:draw(st.integers(0, len(data)))]
    elif ending == "raw byte":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from(RAW_BYTES)) + data[at:]
    return data
