"""Reading source bytes: the cheap prefilter and decoding (PEP 263)."""
from __future__ import annotations

import codecs
import io
import re
import tokenize
from typing import Union


class SourceError(Exception):
    """A file that cannot be analysed; the message is the one-line reason."""


# What a write the analysis reports looks like in the text: an augmented assignment, an item
# assignment, out=, or one of the writing methods (and attach_grad, for a lost leaf).
_WRITE = (r"(?:[-+*/%@&|^]|>>|<<)=|\]\s*=[^=]|\bout\b|copyto|slice_assign|_sync_copyfrom|set_data|"
          r"zero_grad|reset_arrays|\.step\b|\.update\b|attach_grad|mark_variables")
_WRITE_TEXT = re.compile(_WRITE)
_WRITE_BYTES = re.compile(_WRITE.encode())


def may_record(data: Union[bytes, str]) -> bool:
    """False when the text can hold nothing the analysis reports, so the file needs no parse.

    Every region the analysis recognises resolves through an import of ``mxnet`` to
    ``autograd.record`` or ``autograd.set_recording``: a file with a region mentions both
    (its calls may reach writes in other modules, so it is analysed whatever else it holds).
    Outside regions, the analysis reports writes in a Gluon block's ``forward`` or
    ``hybrid_forward``: such a file mentions ``mxnet``, ``forward`` and a write. Notebooks'
    JSON keeps all of these as they are.
    """
    if isinstance(data, str):
        return "mxnet" in data and ("record" in data or ("forward" in data and _WRITE_TEXT.search(data) is not None))
    return b"mxnet" in data and (b"record" in data or (b"forward" in data and _WRITE_BYTES.search(data) is not None))


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
