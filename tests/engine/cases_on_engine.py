"""Run every case of inplace_cases.py on recordlint's engine.

Usage: python -m recordlint.runtime cases_on_engine.py
Prints one JSON object: case name -> outcome string, in the case script's
notation.  Where MXNet kills the interpreter the engine is told to raise
InterpreterCrash instead, so the cases that crash run in this process too:
"CRASH @ <stmt> (SIGSEGV)".
"""
import json
import traceback

import inplace_cases
from recordlint.runtime import errors


def crash_outcome(crash, source):
    lines = source.strip("\n").splitlines()
    where = [frame.lineno for frame in traceback.extract_tb(crash.__traceback__)
             if frame.filename == "<case>"]
    statement = lines[where[-1] - 1].strip() if where else "?"
    return "CRASH @ %s (SIGSEGV)" % statement


def main():
    errors.crash_handler[0] = errors.raise_crash
    outcomes = {}
    for name, _, source in inplace_cases.CASES:
        try:
            outcomes[name] = inplace_cases.run_case(source)
        except errors.InterpreterCrash as crash:
            outcomes[name] = crash_outcome(crash, source)
    print(json.dumps(outcomes))


if __name__ == "__main__":
    main()
