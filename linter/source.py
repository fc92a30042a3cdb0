"""Reading source bytes: the cheap prefilter and decoding (PEP 263)."""
from __future__ import annotations

import codecs
import io
import re
import tokenize
from typing import Union


class SourceError(Exception):
    """A file that cannot be analysed; the message is the one-line reason."""


# The bytes of a word, as a regular expression's `\b` tells them (ASCII letters, digits, `_`).
_WORD_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
# What a write the analysis reports looks like in the text: an augmented assignment, an item
# assignment, an out= argument, or one of the writing methods (and attach_grad, for a lost leaf).
# Substring tests first: they cost far less than one regular expression with every form.
_WRITE_WORDS = (b"+=", b"-=", b"*=", b"/=", b"%=", b"@=", b"&=", b"|=", b"^=", b">>=", b"<<=", b"copyto",
                b"slice_assign", b"_sync_copyfrom", b"set_data", b"zero_grad", b"reset_arrays", b".step",
                b".update", b"attach_grad", b"mark_variables")
_WRITE_FORMS = re.compile(rb"\]\s*=[^=]|[(,]\s*out\s*=(?!=)")
# Where a class may bind `forward` or `hybrid_forward`, which makes it a block the analysis runs:
# `def forward(`, `forward =`, `forward: T =`, `forward, x =`, `(forward := f)`, an import, a
# `for` or `with` target; not a call such as `executor.forward(...)` in a docstring.
_FORWARD_BINDING = re.compile(rb"\bdef\s+(?:hybrid_)?forward\b|(?<![.\w])(?:hybrid_)?forward\s*[=:,)]"
                              rb"|\bimport\s[^\n]*\bforward\b|\bas\s+(?:hybrid_)?forward\b"
                              rb"|\bfor\b[^\n]*\bforward\b[^\n]*\bin\b")


def may_record(data: Union[bytes, str]) -> bool:
    """False when the text can hold nothing the analysis of the file reports, so the file needs
    no parse.

    Every region the analysis recognises resolves through an import of ``mxnet`` to
    ``autograd.record`` or ``autograd.set_recording``: a file with a region mentions both (its
    calls may reach writes in other modules, so it is analysed whatever else it holds). Outside
    regions, the analysis reports writes in Gluon blocks, run as in training from their
    ``forward`` (or symbolically from ``hybrid_forward``): such a file mentions ``mxnet``,
    ``forward`` and a write (recordlint.sparse then keeps only the blocks and what they use).
    A notebook's JSON keeps all of these as they are.
    """
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    if b"mxnet" not in data:
        return False
    return has_region(data) or block_with_write(data)


def has_region(data: Union[bytes, str]) -> bool:
    """Whether the text may hold a recording region (whose calls may reach other modules):
    `set_recording`, or `record` as a word (not `recordio`, `RecordFileDataset`, ...)."""
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    if b"set_recording" in data:
        return True
    at = data.find(b"record")  # substring searches: a regular expression takes several times longer
    while at >= 0:
        end = at + len(b"record")
        if (at == 0 or data[at - 1] not in _WORD_BYTES) and (end == len(data) or data[end] not in _WORD_BYTES):
            return True
        at = data.find(b"record", end)
    return False


def block_with_write(text: bytes) -> bool:
    """Whether the text may hold a Gluon block's forward with a write the analysis reports."""
    return b"forward" in text and _binds_forward(text) and (any(word in text for word in _WRITE_WORDS)
                                                            or _WRITE_FORMS.search(text) is not None)


def _binds_forward(text: bytes) -> bool:
    """Whether a line that mentions `forward` may bind it: the expression runs on those lines
    alone (on a whole file, its alternatives would be tried at every position)."""
    start = 0
    while True:
        at = text.find(b"forward", start)
        if at < 0:
            return False
        start = text.find(b"\n", at)
        if start < 0:
            start = len(text)
        if _FORWARD_BINDING.search(text, text.rfind(b"\n", 0, at) + 1, start) is not None:
            return True


def has_lone_carriage_return(text: str) -> bool:
    """Whether a line ends in a lone \r: libcst and Python end a line there, a split at \n
    does not, so lines cannot be numbered by splitting the text."""
    return "\r" in text.replace("\r\n", "")


def source_encoding(data: bytes) -> str:
    """The encoding a Python file declares (PEP 263), 'utf-8-sig' when it starts with a BOM."""
    try:
        return tokenize.detect_encoding(io.BytesIO(data).readline)[0]
    except SyntaxError as error:
        raise SourceError(error.msg) from None


def decode(data: bytes) -> str:
    if b"\0" in data:
        raise SourceError("binary file (contains NUL bytes)")
    encoding = source_encoding(data)
    try:
        codecs.lookup(encoding)
        return data.decode(encoding)
    except LookupError:
        raise SourceError("unknown encoding %r" % encoding) from None
    except UnicodeDecodeError as error:
        raise SourceError("not valid %s: byte 0x%02x at offset %d" % (
            encoding, data[error.start], error.start)) from None
