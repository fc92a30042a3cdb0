"""A reference engine for the part of MXNet 1.9.1 that record-block code uses.

It runs programs written against `mxnet` on NumPy and raises the errors
MXNet raises (the in-place errors E1 and E2 of the specification
`mxnet-inplace-semantics.md`) at the statements where MXNet raises them, and
computes the gradients MXNet computes.  `stand_in.install()` makes it the
`mxnet` of the current process; `python -m recordlint.runtime SCRIPT` runs
a script that way.  `recordlint lint` never imports this package.
"""
