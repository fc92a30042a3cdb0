"""Run inside the recordlint environment: where a cold lint's time goes, phase by phase.

Usage: python phases.py FOLDER

For the files that pass the byte prefilter: libcst's parse, the analysis, PositionProvider
(which `recordlint lint` resolves only for modules with findings), the rest of turning
violations into findings (fix plans, messages), and for comparison Python's own `ast.parse`.
It also counts the lines that parsing less than whole files would still have to parse: every
top-level statement but functions and classes, the functions and classes that mention a
recording API, and, transitively, those whose names the kept text mentions.
"""
import ast
import os
import re
import sys
import time

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from recordlint.analysis.analyzer import Analyzer
from recordlint.checker import findings_of
from recordlint.source import SourceError, decode, may_record

RECORDING_API = re.compile(r"record|hybrid_forward|set_recording")


def files(folder):
    for directory, subdirectories, names in os.walk(folder):
        subdirectories[:] = sorted(d for d in subdirectories if not d.startswith("."))
        for name in sorted(names):
            if name.endswith(".py"):
                yield os.path.join(directory, name)


def kept_lines(tree, text) -> int:
    definitions = {}
    kept = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            definitions[node.name] = node
        else:
            kept.append(node)
    kept += [node for node in definitions.values() if RECORDING_API.search(ast.get_source_segment(text, node) or "")]
    names = set()
    index = 0
    while index < len(kept):
        names |= {n.id for n in ast.walk(kept[index]) if isinstance(n, ast.Name)}
        names |= {n.attr for n in ast.walk(kept[index]) if isinstance(n, ast.Attribute)}
        for name in list(names):
            node = definitions.pop(name, None)
            if node is not None:
                kept.append(node)
        index += 1
    return sum(node.end_lineno - node.lineno + 1 for node in kept)


def timed(function, *arguments):
    start = time.perf_counter()
    value = function(*arguments)
    return value, time.perf_counter() - start


def main(folder):
    totals = dict.fromkeys(("ast.parse", "libcst parse", "analysis", "positions", "findings"), 0.0)
    counted = dict(files=0, lines=0, with_findings=0, lines_with_findings=0, region_lines=0)
    for path in files(folder):
        with open(path, "rb") as handle:
            data = handle.read()
        if not may_record(data):
            continue
        try:
            text = decode(data)
            tree, seconds = timed(ast.parse, text)
        except (SourceError, SyntaxError, ValueError):
            continue
        totals["ast.parse"] += seconds
        counted["files"] += 1
        counted["lines"] += text.count("\n")
        counted["region_lines"] += kept_lines(tree, text)
        module, seconds = timed(cst.parse_module, text)
        totals["libcst parse"] += seconds
        violations, analysis = timed(Analyzer(module).run)
        totals["analysis"] += analysis
        if violations:
            counted["with_findings"] += 1
            counted["lines_with_findings"] += text.count("\n")
            _, positions = timed(MetadataWrapper(module, unsafe_skip_copy=True).resolve, PositionProvider)
            totals["positions"] += positions
            _, whole = timed(findings_of, module, text, path)  # analyses and resolves again, then plans
            totals["findings"] += max(whole - analysis - positions, 0.0)
    print("files passing the prefilter: %(files)d (%(lines)d lines); with findings: %(with_findings)d "
          "(%(lines_with_findings)d lines)" % counted)
    print("lines that parsing less than whole files would still parse: %d (%.0f%%)"
          % (counted["region_lines"], 100.0 * counted["region_lines"] / max(counted["lines"], 1)))
    whole = sum(value for key, value in totals.items() if key != "ast.parse")
    for key, value in totals.items():
        share = "" if key == "ast.parse" else " (%.0f%% of the lint)" % (100 * value / whole)
        print("%-13s %7.2f s%s" % (key, value, share))


if __name__ == "__main__":
    main(sys.argv[1])
