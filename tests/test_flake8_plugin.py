"""The flake8 plugin: `flake8 --select REC` reports what `recordlint lint` reports."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from cli_helpers import FIXTURES, REPO, run_recordlint

pytest.importorskip("flake8")

LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]+\d+) (?P<message>.*)$")
FIXTURE_FILES = sorted(str(p.relative_to(REPO)) for p in FIXTURES.rglob("*.py"))
PACKAGES = FIXTURES / "packages"
# flake8 checks one file at a time: a project's findings reached from its other modules are
# `recordlint lint`'s alone, so the multi-module projects are compared file by file.
SINGLE_MODULE_FILES = [path for path in FIXTURE_FILES if not (REPO / path).is_relative_to(PACKAGES)]
PACKAGE_FILES = [path for path in FIXTURE_FILES if (REPO / path).is_relative_to(PACKAGES)]


def run_flake8(*args, cwd=REPO, extra_flags=()):
    return subprocess.run([sys.executable, *extra_flags, "-m", "flake8", "--isolated", *map(str, args)],
                          cwd=cwd, capture_output=True, text=True, timeout=600)


def parsed(output):
    return sorted(tuple(LINE.match(line).group("path", "line", "col", "code", "message"))
                  for line in output.splitlines() if LINE.match(line))


def test_flake8_reports_what_the_cli_reports_on_every_fixture():
    flake8 = run_flake8("--select", "REC", *SINGLE_MODULE_FILES)
    assert flake8.returncode == 1, flake8.stderr
    cli = run_recordlint("lint", *SINGLE_MODULE_FILES, cwd=REPO)
    assert cli.returncode == 1, cli.stderr
    found = parsed(flake8.stdout)
    assert len(found) > 100
    assert found == parsed(cli.stdout.replace(" [*] ", " "))


def test_flake8_reports_what_the_cli_reports_on_each_module_of_a_project_linted_alone():
    flake8 = parsed(run_flake8("--select", "REC", *PACKAGE_FILES).stdout)
    alone = sorted(finding for path in PACKAGE_FILES
                   for finding in parsed(run_recordlint("lint", "--no-cache", path, cwd=REPO).stdout.replace(" [*] ", " ")))
    together = parsed(run_recordlint("lint", "--no-cache", *PACKAGE_FILES, cwd=REPO).stdout.replace(" [*] ", " "))
    assert flake8 == alone
    assert {f[:3] + (f[3][-2:],) for f in flake8} <= {f[:3] + (f[3][-2:],) for f in together}  # same places and forms
    assert len(together) > len(flake8)  # the findings reached from the projects' scripts


def test_flake8_applies_its_own_noqa(tmp_path):
    (tmp_path / "prog.py").write_text(
        "from mxnet import autograd, nd\n"
        "x = nd.ones(3)\n"
        "x.attach_grad()\n"
        "with autograd.record():\n"
        "    x += 1  # noqa: REC101\n"
        "    x *= 2  # NOQA\n"
        "    x -= 3  # noqa: E501\n"
        "    x /= 4\n")
    assert [(f[1], f[3]) for f in parsed(run_flake8("--select", "REC", "prog.py", cwd=tmp_path).stdout)] == [
        ("7", "REC101"), ("8", "REC101")]
    assert len(parsed(run_flake8("--select", "REC", "--disable-noqa", "prog.py", cwd=tmp_path).stdout)) == 4
    assert [(f[1], f[3]) for f in parsed(run_recordlint("lint", "prog.py", cwd=tmp_path).stdout)] == [
        ("7", "REC101"), ("8", "REC101")]


def test_the_plugin_is_registered_under_its_prefix():
    assert "recordlint: " in run_flake8("--version").stdout


MODULES_AFTER_FLAKE8 = (
    "import sys\n"
    "from flake8.main.cli import main\n"
    "try:\n"
    "    main(['--isolated', '--select', 'REC', sys.argv[1]])\n"
    "except SystemExit:\n"
    "    pass\n"
    "print(' '.join(sorted(sys.modules)))\n"
)


@pytest.mark.parametrize("source,parsed_with_libcst", [
    ("import mxnet as mx\nx = mx.nd.ones(3)\nx += 1\n", False),
    ("from mxnet import autograd\nwith autograd.record():\n    pass\n", True),
])
def test_only_files_that_may_record_are_parsed(tmp_path, source, parsed_with_libcst):
    (tmp_path / "prog.py").write_text(source)
    result = subprocess.run([sys.executable, "-c", MODULES_AFTER_FLAKE8, "prog.py"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=300)
    modules = set(result.stdout.split())
    assert "recordlint.flake8_plugin" in modules, result.stdout + result.stderr
    assert ("libcst" in modules) == parsed_with_libcst
    assert "numpy" not in modules
