"""The benchmark's tables: times, ratios against each peer, peak memory, scaling."""
from __future__ import annotations

import statistics

COLD, WARM, EDITED = "recordlint cold", "recordlint warm", "recordlint warm, 1 file edited"
RUFF, FLAKE8, TORCHFIX = "ruff --select E,F --no-cache", "flake8 (default plugins)", "TorchFix"
STARTUP, PYTHON = "recordlint lint plain.py", "python -c pass"
FLAKE8_EMPTY, RUFF_PLAIN = "flake8 empty.py", "ruff plain.py"

# (recordlint case, peer case, what the issue asks of recordlint / peer)
RATIOS = (
    (COLD, RUFF, "at most 5 (aim: 2)", lambda r: r <= 5),
    (COLD, FLAKE8, "at most 0.1", lambda r: r <= 0.1),
    (COLD, TORCHFIX, "at most 0.1", lambda r: r <= 0.1),
    (WARM, RUFF, "below 1", lambda r: r < 1),
    (EDITED, RUFF, "", None),
    ("flake8 --select REC cold", FLAKE8, "", None),
    ("flake8 --select REC warm", FLAKE8, "", None),
    (STARTUP, FLAKE8_EMPTY, "below 1", lambda r: r < 1),
    (STARTUP, PYTHON, "", None),
    (STARTUP, RUFF_PLAIN, "", None),
)
MEMORY_LIMIT_MIB = 250


def load_line(before, after) -> str:
    return ("load average (1, 5, 15 min) before: %.2f %.2f %.2f, after: %.2f %.2f %.2f; other work on this "
            "machine shares its cores, so read the ratios, measured side by side, rather than the seconds"
            % (tuple(before) + tuple(after)))


def table(series, order) -> str:
    rows = [("case", "runs", "median s", "min s", "max s", "CPU s", "largest process MiB", "whole tree MiB")]
    for name in order:
        item = series.get(name)
        if item is None or not item.samples:
            continue
        walls = item.walls()
        rows.append((name, str(len(walls)), "%.3f" % item.median, "%.3f" % min(walls), "%.3f" % max(walls),
                     "%.3f" % item.cpu_median, "%.0f" % (item.largest_rss / 1024),
                     "%.0f" % (item.tree_rss / 1024) if item.tree_rss else "-"))
    return markdown(rows) + ("\n(CPU: user + system of the process tree, median; whole tree: the most resident "
                             "memory the process and its workers held at once, sampled in one more run)")


def ratios(series) -> str:
    rows = [("recordlint case", "peer", "wall ratio (medians)", "asked", "met", "CPU ratio (medians)")]
    for ours, peer, asked, test in RATIOS:
        if ours in series and peer in series:
            ratio = series[ours].median / series[peer].median
            met = "" if test is None else ("yes" if test(ratio) else "no")
            cpu = series[ours].cpu_median / series[peer].cpu_median
            rows.append((ours, peer, "%.3f" % ratio, asked, met, "%.3f" % cpu))
    peaks = [item.tree_rss for name, item in series.items() if name.startswith("recordlint") and item.tree_rss]
    text = markdown(rows)
    if peaks:
        peak = max(peaks) / 1024
        text += "\npeak memory of a recordlint run (whole process tree): %.0f MiB (asked: under %d MiB: %s)" % (
            peak, MEMORY_LIMIT_MIB, "yes" if peak < MEMORY_LIMIT_MIB else "no")
    return text


def scaling_table(rows) -> str:
    """rows: (lines, findings, [(lint seconds, command wall seconds), ...]) per generated module."""
    header = ("lines", "findings", "lint s (median)", "ms per 1k lines", "vs smallest", "command wall s (median)")
    table_rows = [header]
    base = None
    for lines, findings, samples in rows:
        lint = statistics.median(s for s, _ in samples)
        per_line = lint / lines
        base = base or per_line
        table_rows.append((str(lines), str(findings), "%.3f" % lint, "%.1f" % (per_line * 1e6),
                           "%.2fx" % (per_line / base), "%.3f" % statistics.median(w for _, w in samples)))
    return ("scaling: generated modules, linted in one process (imports excluded from the lint time; "
            "asked: within 1.5x of the smallest)\n" + markdown(table_rows))


def markdown(rows) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["| " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths)) + " |" for row in rows]
    lines.insert(1, "|" + "|".join("-" * (width + 2) for width in widths) + "|")
    return "\n".join(lines)
