"""The tools being timed, each set of them in a virtual environment of its own under the cache.

flake8 runs every installed plugin whatever --select says, so flake8 with its default plugins
lives apart from flake8 with recordlint's, and TorchFix (a flake8 plugin too) apart from both.
"""
from __future__ import annotations

import os
import subprocess
import venv
from dataclasses import dataclass
from typing import Dict, List, Optional

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# environment name -> what is installed in it
ENVIRONMENTS = {
    "peers": ["ruff", "flake8"],
    "recordlint": ["flake8", REPO],
    "torchfix": ["torchfix"],
}


@dataclass
class Environment:
    name: str
    folder: str
    error: Optional[str] = None  # why it could not be set up

    def command(self, program: str) -> str:
        return os.path.join(self.folder, "bin", program)

    @property
    def python(self) -> str:
        return self.command("python")

    def version(self, distribution: str) -> str:
        script = "import importlib.metadata as m, sys; print(m.version(sys.argv[1]))"
        result = subprocess.run([self.python, "-c", script, distribution], capture_output=True, text=True)
        return result.stdout.strip() or "?"


def prepare(cache: str, log) -> Dict[str, Environment]:
    """The environments, created once; recordlint is reinstalled from the working tree each time."""
    environments = {}
    for name, requirements in ENVIRONMENTS.items():
        folder = os.path.join(cache, "venv-" + name)
        environment = Environment(name, folder)
        try:
            _create(environment, requirements, log)
        except subprocess.CalledProcessError as error:
            environment.error = "installing %s failed (exit status %d)" % (" ".join(requirements), error.returncode)
        environments[name] = environment
    return environments


def _create(environment: Environment, requirements: List[str], log) -> None:
    marker = os.path.join(environment.folder, ".bench-installed")
    if not os.path.exists(marker):
        log("creating %s" % environment.folder)
        venv.EnvBuilder(with_pip=True, clear=True).create(environment.folder)
        _pip(environment, ["install", "--quiet", *requirements])
        with open(marker, "w") as handle:
            handle.write("\n".join(requirements) + "\n")
    elif REPO in requirements:
        log("reinstalling recordlint from %s" % REPO)
        _pip(environment, ["install", "--quiet", "--no-deps", "--force-reinstall", REPO])


def _pip(environment: Environment, arguments: List[str]) -> None:
    subprocess.run([environment.python, "-m", "pip", "--disable-pip-version-check", *arguments],
                   check=True, stdout=subprocess.DEVNULL)
