"""Run inside the recordlint environment: seconds spent linting each file, imports excluded.

Usage: python lint_timer.py FILE...   (prints one line per file: seconds, lines, findings)
Each file is linted as `recordlint lint --no-cache --jobs 1 FILE` lints it.
"""
import sys
import time

import recordlint.checker  # noqa: F401  imported before the clock starts
from recordlint.runner import lint_files

for path in sys.argv[1:]:
    with open(path, "rb") as handle:
        lines = handle.read().count(b"\n")
    start = time.perf_counter()
    result = lint_files([path], jobs=1)
    seconds = time.perf_counter() - start
    if result.errors or any(f.code == "REC901" for f in result.findings):
        sys.exit("%s: %s" % (path, (result.errors or [f.message for f in result.findings])[0]))
    print("%.6f %d %d" % (seconds, lines, len(result.findings)))
