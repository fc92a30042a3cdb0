"""Values and gradients over the engine's whole surface, against MXNet 1.9.1.

engine/surface_programs.py holds small programs over every operator, the
indexing and assignment forms, the NumPy interface, autograd's API and the
Gluon pieces; engine/values_runner.py runs them and reports the values they
show.  The engine must show what MXNet shows (allclose, rtol 1e-4, atol
1e-5), and end the same programs with the same exception classes.
"""
from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import numpy

from engine.surface_programs import PROGRAMS
from oracle.client import require_oracle

ENGINE_DIR = pathlib.Path(__file__).resolve().parent / "engine"


def shown_values(command, tmp_path):
    programs = tmp_path / "programs.json"
    programs.write_text(json.dumps(PROGRAMS))
    result = subprocess.run([*command, "values_runner.py", str(programs)], cwd=ENGINE_DIR,
                            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def same(expected, actual):
    if isinstance(expected, list) and isinstance(actual, list):
        try:
            expected, actual = numpy.asarray(expected, dtype=float), numpy.asarray(actual, dtype=float)
        except (ValueError, TypeError):  # ragged: compare item by item
            return len(expected) == len(actual) and all(map(same, expected, actual))
        return expected.shape == actual.shape and numpy.allclose(actual, expected, rtol=1e-4, atol=1e-5)
    if isinstance(expected, float) and isinstance(actual, (int, float)):
        return bool(numpy.isclose(actual, expected, rtol=1e-4, atol=1e-5))
    return expected == actual


def error_class(report):
    return report["error"].split(":")[0] if report["error"] else None


def test_engine_shows_what_mxnet_shows(tmp_path):
    python = require_oracle()
    mxnet = shown_values([str(python)], tmp_path)
    engine = shown_values([sys.executable, "-m", "recordlint.runtime"], tmp_path)
    problems = []
    for name in PROGRAMS:
        expected, actual = mxnet[name], engine[name]
        if error_class(expected) != error_class(actual):
            problems.append("%s: MXNet ends with %s, the engine with %s"
                            % (name, expected["error"], actual["error"]))
        for label in sorted(set(expected["shown"]) | set(actual["shown"])):
            want, got = expected["shown"].get(label), actual["shown"].get(label)
            if not same(want, got):
                problems.append("%s: %s: MXNet %s, engine %s" % (name, label, want, got))
    assert not problems, "%d of %d programs differ\n%s" % (
        len({p.split(":")[0] for p in problems}), len(PROGRAMS), "\n".join(problems))
