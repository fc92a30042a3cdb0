"""recordlint: find in-place writes that MXNet autograd rejects while recording."""

__version__ = "0.1.0"
