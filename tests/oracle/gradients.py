"""Host side of grads_runner.py: outcomes and final gradients of whole programs under MXNet."""
from __future__ import annotations

import json
import pathlib
import subprocess
import tempfile

from oracle.client import require_oracle

RUNNER = pathlib.Path(__file__).with_name("grads_runner.py")


def run_for_gradients(programs, timeout: float = 600) -> dict:
    """name -> {"error": None or "Kind: message", "values": {"x.grad": nested lists, ...}}."""
    python = require_oracle()
    with tempfile.TemporaryDirectory() as folder:
        batch = pathlib.Path(folder) / "programs.json"
        batch.write_text(json.dumps([{"name": name, "source": source} for name, source in programs]))
        result = subprocess.run([str(python), str(RUNNER), str(batch)], capture_output=True, text=True,
                                timeout=timeout, cwd=folder, stdin=subprocess.DEVNULL)
    if result.returncode != 0:
        raise RuntimeError("gradient runner failed:\n" + result.stderr[-3000:])
    outcomes = {}
    for line in result.stdout.splitlines():
        record = json.loads(line)
        outcomes[record.pop("name")] = record
    return outcomes
