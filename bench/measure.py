"""Timing a command: wall time, CPU time and the peak memory of its process tree."""
from __future__ import annotations

import os
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass, field
from typing import List, Optional, Sequence


@dataclass
class Sample:
    wall: float  # seconds
    cpu: float  # user + system seconds of the process and the children it waited for
    largest_rss: int  # KiB: the largest single process of the tree
    status: int


@dataclass
class Series:
    name: str
    samples: List[Sample] = field(default_factory=list)
    tree_rss: Optional[int] = None  # KiB: the most the whole process tree held at once

    def walls(self) -> List[float]:
        return [s.wall for s in self.samples]

    @property
    def median(self) -> float:
        return statistics.median(self.walls())

    @property
    def cpu_median(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    @property
    def largest_rss(self) -> int:
        return max(s.largest_rss for s in self.samples)


def run_once(argv: Sequence[str], cwd: str) -> Sample:
    start = time.perf_counter()
    process = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, process.returncode)


def tree_peak_rss(argv: Sequence[str], cwd: str, interval: float = 0.01) -> int:
    """KiB: the largest sum of resident memory over the process and its descendants, sampled
    from /proc every ``interval`` seconds (a separate run: sampling costs CPU)."""
    process = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = [0]

    def sample():
        while process.poll() is None:
            peak[0] = max(peak[0], sum(_rss(pid) for pid in _tree(process.pid)))
            time.sleep(interval)

    sampler = threading.Thread(target=sample)
    sampler.start()
    process.wait()
    sampler.join()
    return peak[0]


def _tree(pid: int) -> List[int]:
    pids, index = [pid], 0
    while index < len(pids):
        try:
            for task in os.listdir("/proc/%d/task" % pids[index]):
                with open("/proc/%d/task/%s/children" % (pids[index], task)) as handle:
                    pids.extend(int(child) for child in handle.read().split())
        except OSError:
            pass
        index += 1
    return pids


def _rss(pid: int) -> int:
    try:
        with open("/proc/%d/status" % pid) as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0
