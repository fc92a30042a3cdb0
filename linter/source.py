"""Reading source bytes: the cheap prefilter and decoding (PEP 263)."""
from __future__ import annotations

import codecs
import io
import tokenize
from typing import Union


class SourceError(Exception):
    """A file that cannot be analysed; the message is the one-line reason."""


def may_record(data: Union[bytes, str]) -> bool:
    """False when the text can hold nothing the analysis reports, so the file needs no parse.

    Every region the analysis recognises resolves through an import of ``mxnet`` to
    ``autograd.record`` or ``autograd.set_recording``, and the one check outside them is on a
    Gluon block's ``hybrid_forward``: so ``mxnet`` and one of those words appear in the text
    (and in a notebook's JSON, which keeps ASCII as it is).
    """
    if isinstance(data, str):
        return "mxnet" in data and ("record" in data or "hybrid_forward" in data)
    return b"mxnet" in data and (b"record" in data or b"hybrid_forward" in data)


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
