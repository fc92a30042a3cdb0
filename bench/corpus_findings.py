"""What recordlint reports on released Gluon code: the mxnet 1.9.1 wheel's Python sources,
gluoncv and gluonnlp, each linted as one project.

Usage: python3 bench/corpus_findings.py [--cache DIR]

Run it with the Python that has recordlint installed. The sources are downloaded once into
the benchmark's cache folder (see bench/run.py). Prints, per package, its files and lines, the
number of findings by rule family, every finding and the wall time of the lint.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import corpus  # noqa: E402
from run import default_cache  # noqa: E402

PACKAGES = ("mxnet", "gluoncv", "gluonnlp")
FAMILIES = ("REC1", "REC2", "REC3", "REC9")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", default=default_cache(), help="where the downloads and the corpus go")
    options = parser.parse_args(argv)
    root = corpus.prepare(options.cache)
    for package in PACKAGES:
        print(report(package, root))
    return 0


def report(package: str, root: str) -> str:
    folder = os.path.join(root, package)
    start = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "recordlint", "lint", "--no-cache", "--exit-zero",
                             "--format", "json", package], cwd=root, capture_output=True, text=True)
    seconds = time.monotonic() - start
    if result.returncode != 0:
        raise RuntimeError("recordlint failed on %s:\n%s" % (package, result.stderr))
    findings = sorted(json.loads(result.stdout), key=lambda f: (f["path"], f["line"], f["code"]))
    families = Counter(f["code"][:4] for f in findings)
    lines = ["== %s: %s, %d findings in %.1f s (%s)" % (
        package, corpus.summary(folder).split(" (")[0], len(findings), seconds,
        ", ".join("%sxx %d" % (family, families[family]) for family in FAMILIES))]
    lines += ["%s:%d %s %s" % (f["path"], f["line"], f["code"], f["message"]) for f in findings]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
