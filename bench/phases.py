"""Run inside the recordlint environment: where a cold lint's time goes, phase by phase.

Usage: python phases.py FOLDER

Lints every file of FOLDER in this one process, as `recordlint lint --no-cache --jobs 1`
does, and times each phase by wrapping the functions that do it: Python's parse (region
test, stripping, nesting), libcst's parse of the linted files (with and without a recording
region) and of the project modules the analysis follows (their skeletons, then each
definition used), the analysis itself, and what is left (reading, findings, positions).
It also counts the lines libcst parsed, and prints the files that took longest.
"""
import collections
import os
import sys
import time

import libcst

import recordlint.api as api
import recordlint.checker as checker
import recordlint.project as project
import recordlint.sparse as sparse
from recordlint.analysis.analyzer import Analyzer
from recordlint.source import has_region, may_record
from recordlint.sparse import names_recording

seconds = collections.Counter()
lines = collections.Counter()
phase = ["linted"]


def files(folder):
    for directory, subdirectories, names in os.walk(folder):
        subdirectories[:] = sorted(d for d in subdirectories if not d.startswith("."))
        for name in sorted(names):
            if name.endswith(".py"):
                yield os.path.join(directory, name)


def timing(key_of, function):
    def timed(*arguments, **keywords):
        start = time.perf_counter()
        try:
            return function(*arguments, **keywords)
        finally:
            seconds[key_of(*arguments)] += time.perf_counter() - start
    return timed


def counted_parse(text, *arguments, **keywords):
    lines[phase[0]] += sum(1 for line in text.split("\n") if line.strip())
    start = time.perf_counter()
    try:
        return parse_module(text, *arguments, **keywords)
    finally:
        seconds["libcst parse, " + phase[0]] += time.perf_counter() - start


def in_phase(name, function):
    def run(*arguments, **keywords):
        outer, phase[0] = phase[0], name
        try:
            return function(*arguments, **keywords)
        finally:
            phase[0] = outer
    return run


parse_module = libcst.parse_module
libcst.parse_module = checker.cst.parse_module = counted_parse
project._parse_uncached = in_phase("followed module skeletons", project._parse_uncached)
project._parse_definition = in_phase("followed definitions", project._parse_definition)
python_tree = sparse.python_tree
sparse.python_tree = timing(lambda *_: "Python's parse", python_tree)
Analyzer.run = timing(lambda *_: "analysis (with the followed modules' parses)", Analyzer.run)


def main(folder):
    per_file = []
    start = time.perf_counter()
    for path in files(folder):
        with open(path, "rb") as handle:
            data = handle.read()
        if not may_record(data):
            continue
        tree = python_tree(data) if has_region(data) else None  # as the lint tells them apart (not timed)
        phase[0] = "linted, region" if tree is None and has_region(data) or tree and names_recording(tree) \
            else "linted, blocks"
        began = time.perf_counter()
        api.lint_file(path)
        per_file.append((time.perf_counter() - began, path))
    total = time.perf_counter() - start
    followed = sum(value for key, value in seconds.items() if key.startswith("libcst parse, followed"))
    seconds["analysis (with the followed modules' parses)"] -= followed
    print("one process, %d files analysed: %.2f s" % (len(per_file), total))
    for key in sorted(seconds):
        name = key.replace(" (with the followed modules' parses)", "")
        count = lines.get(key.replace("libcst parse, ", ""), None)
        print("%-45s %6.2f s%s" % (name, seconds[key], "" if count is None else "  (%d lines)" % count))
    print("%-45s %6.2f s" % ("the rest", total - sum(seconds.values())))
    print("longest:")
    for took, path in sorted(per_file, reverse=True)[:10]:
        print("  %5.2f s  %s" % (took, path))


if __name__ == "__main__":
    main(sys.argv[1])
