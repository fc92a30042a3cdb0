"""Helpers of the engine's tests: the specification's case script
(inplace_cases.py, a copy of mxnet-inplace-cases.py) and the harness that
runs its cases on the engine (cases_on_engine.py); small programs over the
engine's surface (surface_programs.py) and the runner that reports the
values they show, under MXNet or the engine (values_runner.py)."""
