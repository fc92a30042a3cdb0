"""Shared text of the "may raise" rules REC201-REC204."""

POLICY = (
    "The analysis reports a write as 'may raise' only on strong evidence: the target is in the "
    "autograd graph on some paths to the write and not on others (an `if` whose condition depends on "
    "run-time data, a loop), or it was produced inside the recording region by a call the analysis "
    "cannot see into whose arguments were in the graph. Arrays of wholly unknown provenance "
    "(function parameters, globals, results of unknown calls on arrays not in the graph) are never "
    "reported."
)
