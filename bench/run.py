"""Times recordlint against ruff, flake8 and TorchFix on real MXNet-era code, side by side.

Usage: python3 bench/run.py [--runs 5] [--cache DIR] [--skip-corpus] [--skip-scaling] [--scaling-runs 3]

Downloads the corpus and the tools into the cache folder (default ~/.cache/recordlint-bench)
the first time; reinstalls recordlint from this working tree every time. Each repetition runs
every case once, in turn, so that a change in the machine's load falls on all of them alike.
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import corpus  # noqa: E402
import measure  # noqa: E402
import report  # noqa: E402
import scaling  # noqa: E402
import tools  # noqa: E402

CACHE_FOLDER = ".recordlint_cache"
# A file of the corpus with recording regions, edited before each "one file edited" run.
EDITED_FILE = os.path.join("d2l", "d2l", "mxnet.py")


def default_cache() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "recordlint-bench")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="repetitions of each case (at least 5 for the table)")
    parser.add_argument("--cache", default=default_cache(), help="where downloads, environments and the corpus go")
    parser.add_argument("--skip-corpus", action="store_true", help="only the scaling run")
    parser.add_argument("--skip-scaling", action="store_true", help="only the corpus and start-up runs")
    parser.add_argument("--scaling-runs", type=int, default=3)
    parser.add_argument("--json", help="also write every sample to this file")
    options = parser.parse_args(argv)

    log = lambda text: print("# " + text, file=sys.stderr, flush=True)  # noqa: E731
    root = corpus.prepare(options.cache)
    environments = tools.prepare(options.cache, log)
    print(machine_description())
    print("corpus: %s" % corpus.summary(root))
    print("tools: " + ", ".join(versions(environments)))
    series = {}
    if not options.skip_corpus:
        series = compare(environments, root, options.runs)
    if not options.skip_scaling:
        print()
        print(run_scaling(environments["recordlint"], options.cache, options.scaling_runs))
    if options.json:
        with open(options.json, "w") as handle:
            json.dump({name: [vars(s) for s in item.samples] for name, item in series.items()}, handle, indent=1)
    return 0


def compare(environments, root, runs):
    """The corpus and start-up cases, timed side by side; prints the tables."""
    cases, startup_cases, skipped = build_cases(environments, root)
    for line in skipped:
        print("skipped: " + line)
    load_before = os.getloadavg()
    series = time_cases(cases, runs, root)
    with tempfile.TemporaryDirectory() as folder:
        series.update(time_startup(startup_cases, max(runs, 10), folder))
    print(report.load_line(load_before, os.getloadavg()))
    print()
    print(report.table(series, [c.name for c in cases] + [c.name for c in startup_cases]))
    print()
    print(report.ratios(series))
    return series


def machine_description() -> str:
    return "machine: %s, %d cores, Python %s" % (platform.machine(), os.cpu_count() or 0, platform.python_version())


def versions(environments):
    for name, distribution in (("peers", "ruff"), ("peers", "flake8"), ("recordlint", "recordlint"),
                               ("recordlint", "libcst"), ("torchfix", "torchfix"), ("torchfix", "libcst")):
        environment = environments[name]
        if environment.error is None:
            yield "%s %s (%s env)" % (distribution, environment.version(distribution), name)


class Case:
    def __init__(self, name, argv, prepare=None):
        self.name, self.argv, self.prepare = name, argv, prepare  # prepare: run before each timing


def build_cases(environments, root):
    peers, recordlint, torchfix = environments["peers"], environments["recordlint"], environments["torchfix"]
    skipped = ["%s environment: %s" % (e.name, e.error) for e in environments.values() if e.error]
    lint = [recordlint.command("recordlint"), "lint", "--exit-zero", "."]
    plugin = [recordlint.command("flake8"), "--isolated", "--select", "REC", "--exit-zero", "."]
    clear_cache = lambda: shutil.rmtree(os.path.join(root, CACHE_FOLDER), ignore_errors=True)  # noqa: E731
    edits = itertools.count(1)
    edited = os.path.join(root, EDITED_FILE)

    def edit_one_file():
        with open(edited, "a") as handle:
            handle.write("# benchmark edit %d\n" % next(edits))

    cases = []
    if recordlint.error is None:
        cases += [
            Case("recordlint cold", lint, clear_cache),
            Case("recordlint warm", lint),
            Case("recordlint warm, 1 file edited", lint, edit_one_file),
            Case("recordlint --no-cache", lint[:2] + ["--no-cache"] + lint[2:]),
            Case("flake8 --select REC cold", plugin, clear_cache),
            Case("flake8 --select REC warm", plugin),
        ]
    if peers.error is None:
        cases += [
            Case("ruff --select E,F --no-cache", [peers.command("ruff"), "check", "--isolated", "--select", "E,F",
                                                  "--no-cache", "--exit-zero", "."]),
            Case("flake8 (default plugins)", [peers.command("flake8"), "--isolated", "--exit-zero", "."]),
        ]
    if torchfix.error is None:
        problem = torchfix_problem(torchfix)
        if problem:
            skipped.append("TorchFix: " + problem)
        else:
            cases.append(Case("TorchFix", [torchfix.command("torchfix"), "."]))
    startup = [Case("python -c pass", [recordlint.python if recordlint.error is None else sys.executable,
                                       "-c", "pass"])]
    if recordlint.error is None:
        startup.append(Case("recordlint lint plain.py", [recordlint.command("recordlint"), "lint", "plain.py"]))
    if peers.error is None:
        startup += [Case("flake8 empty.py", [peers.command("flake8"), "--isolated", "empty.py"]),
                    Case("ruff plain.py", [peers.command("ruff"), "check", "--isolated", "--no-cache", "plain.py"])]
    return cases, startup, skipped


def torchfix_problem(environment):
    """Why TorchFix cannot run here without torch, or None."""
    with tempfile.TemporaryDirectory() as folder:
        with open(os.path.join(folder, "probe.py"), "w") as handle:
            handle.write("import torch\ntorch.solve(a, b)\n")
        result = subprocess.run([environment.command("torchfix"), "probe.py"], cwd=folder,
                                capture_output=True, text=True)
    if "TOR" not in result.stdout + result.stderr:
        return "it did not run without torch: %s" % (result.stderr.strip().splitlines() or ["no output"])[-1]
    return None


def time_cases(cases, runs, root):
    series = {case.name: measure.Series(case.name) for case in cases}
    original = _read(os.path.join(root, EDITED_FILE))
    try:
        for _ in range(runs):
            for case in cases:
                if case.prepare:
                    case.prepare()
                series[case.name].samples.append(measure.run_once(case.argv, root))
        for case in cases:  # one more run each, sampled, for the memory of the whole process tree
            if case.prepare:
                case.prepare()
            series[case.name].tree_rss = measure.tree_peak_rss(case.argv, root)
    finally:
        with open(os.path.join(root, EDITED_FILE), "wb") as handle:
            handle.write(original)
    return series


def time_startup(cases, runs, folder):
    with open(os.path.join(folder, "plain.py"), "w") as handle:
        handle.write("import os\n\n\ndef main():\n    return os.getcwd()\n")
    open(os.path.join(folder, "empty.py"), "w").close()
    series = {case.name: measure.Series(case.name) for case in cases}
    for _ in range(runs):
        for case in cases:
            series[case.name].samples.append(measure.run_once(case.argv, folder))
    return series


def run_scaling(environment, cache, runs):
    if environment.error is not None:
        return "scaling: skipped (%s)" % environment.error
    paths = scaling.write_modules(os.path.join(cache, "scaling"), (1000, 10000, 100000))
    timer = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lint_timer.py")
    rows = []
    for path in paths:
        seconds = []
        for _ in range(runs):
            start = time.perf_counter()
            output = subprocess.run([environment.python, timer, path], capture_output=True, text=True, check=True)
            wall = time.perf_counter() - start
            lint_seconds, lines, findings = output.stdout.split()
            seconds.append((float(lint_seconds), wall))
        rows.append((int(lines), int(findings), seconds))
    return report.scaling_table(rows)


def _read(path):
    with open(path, "rb") as handle:
        return handle.read()


if __name__ == "__main__":
    sys.exit(main())
