"""A worker process that dies (killed, or a crash in native code) costs its own file, not the run.

The command line runs with a `sitecustomize` module on its path that wraps the analysis so that
checking a file named `segfaults.py` or `killed.py` kills the process doing it, as a crash of
libcst's native parser or the out-of-memory killer would.
"""
from __future__ import annotations

import os
import re
import textwrap

import pytest

from cli_helpers import finding_lines, run_recordlint
from robustness.hostile_files import LEAF

GOOD_FILES = 10  # enough files to be analysed by worker processes (recordlint.runner.PARALLEL_THRESHOLD)
SITECUSTOMIZE = textwrap.dedent("""\
    import os
    import resource
    import signal

    from recordlint import checker

    DEATHS = {"segfaults.py": signal.SIGSEGV, "killed.py": signal.SIGKILL}
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    analyse = checker.check_text


    def check_text(text, path, *args, **kwargs):
        if os.path.basename(path) in DEATHS:
            os.kill(os.getpid(), DEATHS[os.path.basename(path)])
        return analyse(text, path, *args, **kwargs)


    checker.check_text = check_text
    """)


@pytest.mark.parametrize("fix", [False, True], ids=["lint", "fix"])
def test_a_file_that_kills_its_worker_is_an_error_and_the_other_files_are_reported(tmp_path, fix):
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(SITECUSTOMIZE)
    project = tmp_path / "project"
    project.mkdir()
    for name in ["good%02d.py" % number for number in range(GOOD_FILES)] + ["segfaults.py", "killed.py"]:
        (project / name).write_text(LEAF)
    environment = dict(os.environ, NO_COLOR="1", PYTHONPATH=str(hooks))
    result = run_recordlint("lint", *(["--fix"] if fix else []), "--jobs", "2", ".", cwd=project, env=environment)
    assert result.returncode == 2
    assert sorted(result.stderr.splitlines()) == [
        "recordlint: error: internal error while checking killed.py: the worker process died (killed by SIGKILL)",
        "recordlint: error: internal error while checking segfaults.py: the worker process died "
        "(killed by SIGSEGV)",
    ]
    reported = sorted({line.split(":")[0] for line in finding_lines(result.stdout)})
    if fix:
        # a file fixed by a worker in flight when the pool broke is fixed, but its count is lost
        # with the worker's result (README, Robustness): the rerun finds it already fixed
        assert reported == [] and re.fullmatch(r"Found (\d+) findings? \(\1 fixed, 0 remaining\)\.\n", result.stdout)
        assert all((project / ("good%02d.py" % n)).read_text() != LEAF for n in range(GOOD_FILES))
        assert list(project.glob(".*.tmp")) == []
    else:
        assert reported == ["good%02d.py" % number for number in range(GOOD_FILES)]
    assert (project / "killed.py").read_text() == (project / "segfaults.py").read_text() == LEAF
