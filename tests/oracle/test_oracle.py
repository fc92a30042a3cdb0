"""The oracle itself: small programs whose MXNet 1.9.1 behaviour is known
(docs: mxnet-inplace-semantics.md and the cases script next to it)."""
import functools

from oracle.client import require_oracle, run_programs

PRELUDE = """\
from mxnet import autograd, nd
x = nd.array([1., 2., 3.]); x.attach_grad()
"""

# All programs run as one batch, in this order: the crash in the middle also
# shows that the runner is restarted for the programs after it.
PROGRAMS = {
    "e1_leaf.py": PRELUDE + """\
with autograd.record():
    x += 1
""",
    "e2_fresh.py": PRELUDE + """\
c = nd.zeros(3)
with autograd.record():
    c += x
""",
    "continue_after_error.py": PRELUDE + """\
c = nd.zeros(3)
with autograd.record():
    c += x
    c *= 2
""",
    "helper.py": PRELUDE + """\
def reset(v):
    v[:] = 0

with autograd.record():
    reset(x)
""",
    "floordiv.py": PRELUDE + """\
with autograd.record():
    x //= 2
""",
    "crash.py": PRELUDE + """\
with autograd.record():
    nd.reset_arrays(x, num_arrays=1)
""",
    "after_crash.py": PRELUDE + """\
with autograd.record():
    y = x * 2
    y += 1
""",
    "header_error.py": PRELUDE + """\
with autograd.record():
    for v in undefined_name:
        x += 1
x += 1
""",
    "clean.py": PRELUDE + """\
print('{"not": "a result"}')
with autograd.record():
    y = x * 2
    x2 = x + 2
y.backward()
x += 1
""",
}


def line_of(name, text):
    """1-based line of the only line of program `name` that is `text` (stripped)."""
    lines = [number for number, line in enumerate(PROGRAMS[name].splitlines(), 1)
             if line.strip() == text]
    assert len(lines) == 1, (name, text)
    return lines[0]


@functools.cache
def batch_events():
    """Events of all PROGRAMS, from one run_programs call shared by the tests."""
    return run_programs(list(PROGRAMS.items()))


def test_e1_on_leaf():
    require_oracle()
    events = batch_events()
    assert events["e1_leaf.py"] == [(line_of("e1_leaf.py", "x += 1"), "E1")]


def test_e2_on_fresh_target():
    require_oracle()
    events = batch_events()
    assert events["e2_fresh.py"] == [(line_of("e2_fresh.py", "c += x"), "E2")]


def test_execution_continues_after_an_error():
    require_oracle()
    events = batch_events()
    # the caught E2 leaves c tagged as a constant, so its next write raises E1
    name = "continue_after_error.py"
    assert events[name] == [(line_of(name, "c += x"), "E2"), (line_of(name, "c *= 2"), "E1")]


def test_error_in_helper_is_reported_in_the_helper():
    require_oracle()
    events = batch_events()
    assert events["helper.py"] == [(line_of("helper.py", "v[:] = 0"), "E1")]


def test_floordiv_is_a_type_error():
    require_oracle()
    events = batch_events()
    assert events["floordiv.py"] == [(line_of("floordiv.py", "x //= 2"), "TypeError")]


def test_segfault_is_a_crash_and_the_batch_goes_on():
    require_oracle()
    events = batch_events()
    crash_line = line_of("crash.py", "nd.reset_arrays(x, num_arrays=1)")
    assert events["crash.py"] == [(crash_line, "CRASH")]
    assert events["after_crash.py"] == [(line_of("after_crash.py", "y += 1"), "E1")]


def test_error_in_a_compound_header_ends_the_program():
    require_oracle()
    events = batch_events()
    name = "header_error.py"
    assert events[name] == [(line_of(name, "for v in undefined_name:"), "NameError")]


def test_clean_program_has_no_events():
    require_oracle()
    events = batch_events()
    assert events["clean.py"] == []
