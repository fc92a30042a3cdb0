"""Generated modules of growing length, to show that the time per line stays flat.

Each module has ten functions; each function is an epoch loop over blocks that open a
recording region with a loop and a branch inside, so the functions grow with the module and
each new block brings new arrays into the analysis state. One write per block is flagged.
"""
from __future__ import annotations

import os

HEADER = "from mxnet import autograd, nd\n\n"
FUNCTIONS = 10
# One space per level of indentation keeps 100k lines under the size recordlint analyses (2 MB).
FUNCTION = "def train_{f}(data, epochs):\n tot = nd.zeros((1,))\n for epoch in range(epochs):\n"
BLOCK = """\
  x{j} = nd.ones((4,))
  x{j}.attach_grad()
  with autograd.record():
   y{j} = x{j} * 2
   for k in range(3):
    if k % 2:
     y{j} = y{j} + x{j}
    else:
     y{j} = nd.relu(y{j})
   t{j} = nd.zeros((4,))
   t{j} += 1
   x{j} += 1
   l{j} = y{j}.sum()
  l{j}.backward()
  tot = tot + l{j}
"""
BLOCK_LINES = BLOCK.count("\n")


def module_text(lines: int) -> str:
    blocks = max(1, (lines // FUNCTIONS - 4) // BLOCK_LINES)
    parts = [HEADER]
    for function in range(FUNCTIONS):
        parts.append(FUNCTION.format(f=function))
        parts.extend(BLOCK.format(j=j) for j in range(blocks))
        parts.append(" return tot\n\n")
    return "".join(parts)


def write_modules(folder: str, sizes) -> list:
    os.makedirs(folder, exist_ok=True)
    paths = []
    for size in sizes:
        path = os.path.join(folder, "generated_%d.py" % size)
        with open(path, "w") as handle:
            handle.write(module_text(size))
        paths.append(path)
    return paths
