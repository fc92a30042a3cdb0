"""Hostile files, each with the one line `recordlint lint` must print for it.

An outcome is the finding line without the path, or "" when the file must be passed over
without a finding. The README's Robustness section lists the same inputs and outcomes.
"""
from __future__ import annotations

import ast
import json
import sys
from dataclasses import dataclass

# A program with one in-place write that MXNet rejects: the finding the run must still report.
LEAF = (
    "from mxnet import autograd, nd\n"
    "x = nd.ones(3)\n"
    "x.attach_grad()\n"
    "with autograd.record():\n"
    "    x += 1\n"
    "    y = 2 * x\n"
)
LEAF_FINDING = "5:5: REC101 [*] in-place `+=` on `x`"
RECORDING_HEADER = "from mxnet import autograd, nd\nx = nd.ones(3)\nwith autograd.record():\n"
TEN_MEGABYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Hostile:
    name: str  # the file's name
    content: bytes
    outcome: str  # the finding line after "name:", its start; "" for no finding


def _notebook(source: str, **fields) -> bytes:
    document = {"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                           "source": source}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    document.update(fields)
    return json.dumps(document).encode()


def _nested(expression: str) -> bytes:
    return (RECORDING_HEADER + "    y = %s\n" % expression).encode()


def _too_deep(source: bytes) -> str:
    """Where such a file is reported: at its start when Python's own parser gives up on it
    (Python 3.10 to 3.12), else at the line where Python's tree is deepest (3.9, 3.13)."""
    try:
        ast.parse(source)
    except (RecursionError, MemoryError):
        return "1:1: REC901 nesting too deep to parse"
    return "4:1: REC901 nesting too deep to parse ("


def _ten_megabytes(line: str, header: str = "") -> bytes:
    return (header + line * (TEN_MEGABYTES // len(line))).encode()


# Where Python reports a Python 2 print statement: at the statement from 3.10, at its operand in 3.9.
PRINT_STATEMENT_COLUMN = 1 if sys.version_info >= (3, 10) else 7

HOSTILE = (
    Hostile("syntax_error.py", b"import mxnet\nwith mxnet.autograd.record(:\n    pass\n",
            "2:28: REC901 syntax error: invalid syntax"),
    Hostile("python2.py", b"import mxnet\nfrom mxnet import autograd\nprint 'record'\n",
            "3:%d: REC901 syntax error: Missing parentheses in call to 'print'" % PRINT_STATEMENT_COLUMN),
    Hostile("null_bytes.py", b"import mxnet  # record\nx = 1\x00\n", "1:1: REC901 binary file (contains NUL bytes)"),
    Hostile("invalid_utf8.py", b"import mxnet  # record\nname = '\xe9\xff'\n",
            "1:1: REC901 not valid utf-8: byte 0xe9 at offset 31"),
    Hostile("unknown_cookie.py", b"# -*- coding: no-such-codec -*-\nimport mxnet  # record\n",
            "1:1: REC901 unknown encoding: no-such-codec"),
    Hostile("wrong_cookie.py", b"# -*- coding: ascii -*-\nimport mxnet  # record\nname = 'caf\xc3\xa9'\n",
            "1:1: REC901 not valid ascii: byte 0xc3 at offset 58"),
    Hostile("mac_line_endings.py", LEAF.replace("\n", "\r").encode(),
            "5:5: REC101 in-place `+=` on `x`"),  # no fix: libcst does not write such a file back as it was
    Hostile("bom_crlf.py", b"\xef\xbb\xbf" + LEAF.replace("\n", "\r\n").encode(), LEAF_FINDING),
    Hostile("ten_megabytes_plain.py", _ten_megabytes("total = total + 1  # no region here\n"), ""),
    Hostile("ten_megabytes_recording.py", _ten_megabytes("    y = x * 2\n", RECORDING_HEADER),
            "1:1: REC901 file too large to analyse (10.5 MB of source; recordlint analyses up to 2 MB)"),
    Hostile("nested_parentheses.py", _nested("(" * 5000 + "x" + ")" * 5000),
            "4:209: REC901 syntax error: too many nested parentheses"),
    Hostile("nested_unary.py", _nested("-" * 5000 + "x"), _too_deep(_nested("-" * 5000 + "x"))),
    Hostile("nested_sum.py", _nested(" + ".join(["x"] * 5000)), _too_deep(_nested(" + ".join(["x"] * 5000)))),
    Hostile("nested_and.py", _nested(" and ".join(["x"] * 5000)),
            "4:1: REC901 nesting too deep to parse (5005 levels; recordlint reads up to 500)"),
    Hostile("nested_attributes.py", _nested("x" + ".T" * 5000), _too_deep(_nested("x" + ".T" * 5000))),
    Hostile("nested_import.py", (RECORDING_HEADER + "    import " + ".".join(["m"] * 5000) + "\n").encode(),
            "4:1: REC901 nesting too deep to parse (5003 levels; recordlint reads up to 500)"),
    Hostile("empty.py", b"", ""),
    Hostile("empty.ipynb", b"", ""),
    Hostile("invalid_json.ipynb", b'{"cells": [  # mxnet record',
            "1:14: REC901 not a notebook: invalid JSON: Expecting value"),
    Hostile("no_cells.ipynb", b'{"nbformat": 4, "metadata": {"mxnet": "record"}}',
            "1:1: REC901 not a notebook: no `cells` list"),
    Hostile("nbformat3.ipynb", _notebook("import mxnet  # record\n", nbformat=3),
            "1:1: REC901 unsupported notebook format: nbformat 3 (recordlint reads nbformat 4)"),
    Hostile("r_kernel.ipynb", _notebook("library(mxnet)  # record\n",
                                        metadata={"kernelspec": {"language": "R", "name": "ir"}}),
            '1:1: REC901 not a Python notebook: the kernel language is "R"'),
    Hostile("dir with space/ñandú λ.py", LEAF.encode(), LEAF_FINDING),
)
