"""The multi-module fixture projects (fixtures/packages/): their `# expect:`
comments against real MXNet and the engine, and against the linter run over
each whole project.

Every script of a project runs unchanged, as `python -m MODULE`, so only the
first in-place error of a run raises; the scripts are written so that each
REC1xx line is the first error of some run.
"""
from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
import textwrap
from collections import Counter

import pytest

from cli_helpers import REPO, run_recordlint
from expectations import expected_findings
from oracle.client import require_oracle
from packages import ENGINE, Outcome, Project, projects, run_script

from recordlint.api import lint_file

PROJECTS = projects()
SCRIPTS = [(project, module) for project in PROJECTS for module in project.scripts]
AUTOGRAD_KINDS = {"E1", "E2", "CRASH"}
REACHED_FROM = re.compile(r"\(reached from (\S+):\d+ via \S.*\)$")


def expectations(project: Project) -> Counter:
    """(file relative to the project's root, line, code) of every `# expect:` comment."""
    return Counter((path.relative_to(project.root).as_posix(), line, code)
                   for path in project.files for line, code in expected_findings(path.read_text()))


def certain_lines(project: Project) -> set:
    return {(file, line) for file, line, code in expectations(project) if code.startswith("REC1")}


@functools.lru_cache(maxsize=None)
def outcomes(runtime: str) -> dict:
    """(project name, module) -> Outcome of every script, under "mxnet" or "engine"."""
    interpreter = [require_oracle()] if runtime == "mxnet" else list(ENGINE)
    return {(project.name, module): run_script(interpreter, project, module)
            for project, module in SCRIPTS}


def test_every_project_has_scripts_and_expected_errors():
    assert {project.name for project in PROJECTS} >= {"mlp_project", "np_regression", "script_folder"}
    for project in PROJECTS:
        assert project.scripts and certain_lines(project), project.name


@pytest.mark.parametrize("runtime", ["mxnet", "engine"])
@pytest.mark.parametrize("project", PROJECTS, ids=lambda project: project.name)
def test_scripts_raise_exactly_at_the_expected_lines(project, runtime):
    runs = {module: outcomes(runtime)[project.name, module] for module in project.scripts}
    wrong = {module: outcome for module, outcome in runs.items()
             if outcome.kind != "ok" and (outcome.kind not in AUTOGRAD_KINDS
                                          or outcome.place not in certain_lines(project))}
    assert not wrong, "%s raised where no REC1xx is expected: %s" % (runtime, wrong)
    raised = {outcome.place for outcome in runs.values()}
    never = sorted(certain_lines(project) - raised)
    assert not never, "%s: no script raises first at these REC1xx lines: %s" % (runtime, never)


@pytest.mark.parametrize("project, module", SCRIPTS,
                         ids=["%s:%s" % (project.name, module) for project, module in SCRIPTS])
def test_engine_raises_where_mxnet_raises(project, module):
    mxnet, engine = outcomes("mxnet")[project.name, module], outcomes("engine")[project.name, module]
    assert (engine.kind, engine.place) == (mxnet.kind, mxnet.place), (mxnet, engine)


@pytest.mark.parametrize("project", PROJECTS, ids=lambda project: project.name)
def test_lint_reports_the_expected_findings_with_their_chains(project):
    folder = project.folder.relative_to(REPO).as_posix()
    result = run_recordlint("lint", "--no-cache", "--exit-zero", "--format", "json", folder, cwd=REPO)
    assert result.returncode == 0, result.stderr
    findings = json.loads(result.stdout)
    root = project.root.relative_to(REPO).as_posix()
    reported = Counter((finding["path"][len(root) + 1:], finding["line"], finding["code"])
                       for finding in findings)
    expected = expectations(project)
    assert reported == expected, "missing %s, unexpected %s" % (
        sorted(expected - reported), sorted(reported - expected))
    scripts = {project.script_path(module).relative_to(REPO).as_posix() for module in project.scripts}
    for finding in findings:
        if finding["code"].startswith("REC1") and finding["path"] not in scripts:
            chain = REACHED_FROM.search(finding["message"])
            assert chain and chain.group(1) in scripts, finding


def write_package(folder, modules):
    """The package `folder` with an empty `__init__.py` and the {name: source} modules."""
    folder.mkdir()
    for name, source in {"__init__": "", **modules}.items():
        (folder / (name + ".py")).write_text(textwrap.dedent(source))
    return Project(folder)


def test_the_engine_runs_a_module_as_python_m_does(tmp_path):
    write_package(tmp_path / "project", {"helper": "GREETING = 'hello'\n", "entry": """\
        import sys
        from mxnet import nd
        from .helper import GREETING
        print(__name__, GREETING, sys.argv[1:], nd.ones((2,)).sum().asscalar())
        """})
    result = subprocess.run([*ENGINE, "-m", "project.entry", "--epochs", "2"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stdout, result.stderr) == (
        0, "__main__ hello ['--epochs', '2'] 2.0\n", "")


def test_the_harness_reports_the_innermost_frame_inside_the_project(tmp_path):
    project = write_package(tmp_path / "project", {"ops": "def bump(array):\n    array += 1\n", "run": """\
        from mxnet import autograd, nd
        from project.ops import bump
        x = nd.ones((2,))
        x.attach_grad()
        with autograd.record():
            bump(x)
        """, "run_without_mxnet": "import project.ops\nproject.ops.bump(None)\n"})
    outcome = run_script(ENGINE, project, "project.run")
    assert (outcome.kind, outcome.place) == ("E1", ("project/ops.py", 2))
    outcome = run_script([sys.executable], project, "project.run_without_mxnet")
    assert outcome == Outcome("TypeError", "project/ops.py", 2,
                              "TypeError: unsupported operand type(s) for +=: 'NoneType' and 'int'")


def test_a_module_that_imports_relatively_never_runs_from_its_own_folder(tmp_path):
    """`python project/run.py` makes `import numpy` find project/numpy.py; with a relative import
    the module runs only as `python -m project.run`, where `numpy` is the installed one."""
    script = """\
        from mxnet import autograd, nd
        import numpy
        x = nd.ones((2,))
        x.attach_grad()
        with autograd.record():
            numpy.bump(x)
        """
    write_package(tmp_path / "project", {"numpy": "def bump(array):\n    array += 1\n", "helper": "",
                                                   "run": script, "run_in_package": "from . import helper\n" + textwrap.dedent(script)})
    found = [(os.path.relpath(finding.path, tmp_path), finding.line, finding.code)
             for finding in lint_file(str(tmp_path / "project" / "run.py"))]
    assert found == [(os.path.join("project", "numpy.py"), 2, "REC101")]
    assert lint_file(str(tmp_path / "project" / "run_in_package.py")) == []
