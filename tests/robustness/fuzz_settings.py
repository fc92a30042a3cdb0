"""How much the fuzz tests run.

In CI: a fixed number of examples with derandomize=True, so that every run tries the same
inputs. `RECORDLINT_FUZZ=long` runs ten times as many with a random seed (hypothesis prints
the seed with any failure); `RECORDLINT_FUZZ_EXAMPLES=N` sets the number outright.
"""
from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

LONG = os.environ.get("RECORDLINT_FUZZ") == "long"
EXAMPLES = int(os.environ.get("RECORDLINT_FUZZ_EXAMPLES", 20_000 if LONG else 2_000))

fuzz_settings = settings(
    max_examples=EXAMPLES,
    derandomize=not LONG,
    database=None,  # no examples replayed from earlier runs: CI tries the same inputs every time
    deadline=None,  # some inputs take a second to parse; the totals are bounded by the count
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    print_blob=True,
)
