"""Python's cyclic garbage collector, set for linting: fewer collections while a module is analysed.

The collector runs every 700 new container objects, and its oldest generation walks every live
object. A parsed module's libcst tree is large and lives for the whole analysis, which allocates
many small objects: with the default thresholds a 100k-line module spent most of its time in the
collector (CPU time on the benchmark's generated module: 128 s, 52 s with these thresholds).
"""
from __future__ import annotations

import gc
from contextlib import contextmanager

THRESHOLDS = (100_000, 50, 100)


@contextmanager
def fewer_collections():
    """Within the block, collect only every THRESHOLDS[0] allocations; the caller's thresholds after."""
    saved = gc.get_threshold()
    gc.set_threshold(*THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*saved)
