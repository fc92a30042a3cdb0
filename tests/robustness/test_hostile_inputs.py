"""Hostile inputs: each gives one clear REC901 line (or nothing), and the run goes on.

The files of hostile_files.py are linted together, with a good file, in one run of the
command line; the inputs that need a setup of their own (files that vanish, change or cannot
be opened, symlink loops, FIFOs) and the timings have a test each.
"""
from __future__ import annotations

import builtins
import os
import subprocess
import sys
import time

import pytest

from cli_helpers import FIXTURES, REPO, finding_lines, run_recordlint
from recordlint import cli
from recordlint.api import lint_source
from recordlint.discovery import Discovery
from robustness.figures import FIGURES
from robustness.hostile_files import HOSTILE, LEAF, LEAF_FINDING

GOOD = (FIXTURES / "fixes" / "rec101_leaf.in.py").read_text()
GOOD_FIXED = (FIXTURES / "fixes" / "rec101_leaf.out.py").read_text()
GOOD_FINDING = "good.py:8:5: REC101 [*] in-place `+=` on `x`"


def write_tree(root):
    for hostile in HOSTILE:
        path = root / hostile.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(hostile.content)
    (root / "good.py").write_text(GOOD)
    return root


@pytest.fixture(scope="module")
def linted_tree(tmp_path_factory):
    root = write_tree(tmp_path_factory.mktemp("hostile"))
    started = time.perf_counter()
    result = run_recordlint("lint", ".", cwd=root)
    FIGURES.timings["lint of the hostile files, one run"] = time.perf_counter() - started
    return result


def lines_for(output: str, name: str):
    return [line for line in output.splitlines() if line.startswith(name + ":")]


@pytest.mark.parametrize("hostile", HOSTILE, ids=[hostile.name for hostile in HOSTILE])
def test_each_hostile_file_has_its_one_line_outcome(hostile, linted_tree):
    name = os.path.normpath(hostile.name)
    lines = lines_for(linted_tree.stdout, name)
    if not hostile.outcome:
        assert lines == []
    else:
        assert len(lines) == 1 and lines[0].startswith("%s:%s" % (name, hostile.outcome)), lines


def test_the_run_goes_on_past_every_hostile_file(linted_tree):
    assert (linted_tree.returncode, linted_tree.stderr) == (1, "")
    assert lines_for(linted_tree.stdout, "good.py")[0].startswith(GOOD_FINDING)
    expected = sum(1 for hostile in HOSTILE if hostile.outcome) + 1
    assert len(finding_lines(linted_tree.stdout)) == expected


def test_fix_changes_no_byte_of_what_it_cannot_read(tmp_path):
    root = write_tree(tmp_path)
    result = run_recordlint("lint", "--fix", ".", cwd=root)
    assert (result.returncode, result.stderr) == (1, "")  # the REC901 findings remain
    assert (root / "good.py").read_text() == GOOD_FIXED
    fixed_leaf = LEAF.replace("x += 1\n    y = 2 * x", "x_1 = x + 1\n    y = 2 * x_1")
    for hostile in HOSTILE:
        data = (root / hostile.name).read_bytes()
        if hostile.outcome == LEAF_FINDING:  # the readable ones are fixed, BOM and CRLF kept
            expected = fixed_leaf.encode()
            if hostile.content.startswith(b"\xef\xbb\xbf"):
                expected = b"\xef\xbb\xbf" + fixed_leaf.replace("\n", "\r\n").encode()
            assert data == expected, hostile.name
        else:
            assert data == hostile.content, hostile.name
    assert list(root.rglob("*.tmp")) == []


def function_with_statements(count: int) -> str:
    """A function whose recording region holds ``count`` statements, the last one a write."""
    body = "".join("        y = x * %d\n" % number for number in range(count - 1))
    return ("from mxnet import autograd, nd\n\ndef train():\n    x = nd.ones(3)\n    x.attach_grad()\n"
            "    with autograd.record():\n" + body + "        y += 1\n")


def test_a_function_of_50000_statements_takes_linear_time():
    lint_source(function_with_statements(100), "warm_up.py")
    seconds = {}
    for count in (5_000, 50_000):
        text = function_with_statements(count)
        started = time.perf_counter()
        findings = lint_source(text, "long_function.py")
        seconds[count] = time.perf_counter() - started
        FIGURES.timings["lint of a %s-statement function" % format(count, ",")] = seconds[count]
        assert [(finding.line, finding.code) for finding in findings] == [(count + 6, "REC101")]
    # linear time makes the ratio 10, quadratic 100
    assert seconds[50_000] / seconds[5_000] < 30, seconds


def lint_in_process(*args):
    """The command line in this process, so that a test can patch what happens during the run."""
    with pytest.raises(SystemExit) as exit:
        cli.main.main(["lint", "--jobs", "1", *args], prog_name="recordlint")
    return exit.value.code


@pytest.mark.parametrize("mode", [(), ("--fix",)], ids=["lint", "fix"])
def test_a_file_deleted_between_discovery_and_reading(tmp_path, monkeypatch, capsys, mode):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "good.py").write_text(GOOD)
    (tmp_path / "vanishing.py").write_text(GOOD)
    discover = Discovery.files

    def discover_then_delete(self, paths):
        found = list(discover(self, paths))
        (tmp_path / "vanishing.py").unlink()
        yield from found

    monkeypatch.setattr(Discovery, "files", discover_then_delete)
    status = lint_in_process(*mode, ".")
    output = capsys.readouterr()
    assert "vanishing.py:1:1: REC901 cannot read file: No such file or directory" in output.out.splitlines()
    assert (status, output.err) == (1, "")
    if mode:
        assert (tmp_path / "good.py").read_text() == GOOD_FIXED
    else:
        assert lines_for(output.out, "good.py")[0].startswith(GOOD_FINDING)


def test_a_file_edited_while_it_is_being_fixed_is_not_overwritten(tmp_path, monkeypatch, capsys):
    import recordlint.fixes.apply as fixes

    monkeypatch.chdir(tmp_path)
    (tmp_path / "good.py").write_text(GOOD)
    (tmp_path / "edited.py").write_text(GOOD)
    fix_bytes = fixes.fix_bytes
    saved_meanwhile = GOOD + "# saved by an editor meanwhile\n"

    def fix_while_an_editor_saves(data, path, *args, **kwargs):
        outcome = fix_bytes(data, path, *args, **kwargs)
        if path.endswith("edited.py"):
            (tmp_path / "edited.py").write_text(saved_meanwhile)
        return outcome

    monkeypatch.setattr(fixes, "fix_bytes", fix_while_an_editor_saves)
    status = lint_in_process("--fix", ".")
    output = capsys.readouterr()
    assert status == 2
    assert output.err == ("recordlint: error: cannot write the fixes to edited.py: "
                          "file changed on disk while it was being fixed\n")
    assert (tmp_path / "edited.py").read_text() == saved_meanwhile
    assert (tmp_path / "good.py").read_text() == GOOD_FIXED


@pytest.mark.parametrize("mode", [(), ("--fix",)], ids=["lint", "fix"])
def test_a_file_that_cannot_be_opened_is_one_rec901(tmp_path, monkeypatch, capsys, mode):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "good.py").write_text(GOOD)
    (tmp_path / "locked.py").write_text(GOOD)
    real_open = builtins.open

    def open_except_locked(file, *args, **kwargs):
        if str(file).endswith("locked.py"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", open_except_locked)
    status = lint_in_process(*mode, ".")
    output = capsys.readouterr()
    assert "locked.py:1:1: REC901 cannot read file: Permission denied" in output.out.splitlines()
    assert (status, output.err) == (1, "")
    assert (tmp_path / "locked.py").read_text() == GOOD


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads files without permission")
def test_a_file_without_read_permission_is_one_rec901(tmp_path):
    (tmp_path / "good.py").write_text(GOOD)
    (tmp_path / "locked.py").write_text(GOOD)
    os.chmod(tmp_path / "locked.py", 0)
    result = run_recordlint("lint", ".", cwd=tmp_path)
    assert "locked.py:1:1: REC901 cannot read file: Permission denied" in result.stdout.splitlines()


def test_a_folder_named_like_a_python_file_is_searched_not_read(tmp_path):
    (tmp_path / "models.py").mkdir()
    (tmp_path / "models.py" / "good.py").write_text(GOOD)
    for args in ((".",), ("models.py",)):
        result = run_recordlint("lint", *args, cwd=tmp_path)
        assert (result.returncode, result.stderr) == (1, "")
        assert [line.split(": ")[0] for line in finding_lines(result.stdout)] == [
            os.path.join("models.py", "good.py") + ":8:5"]


def test_symlink_loops_end_the_walk_and_each_file_is_linted_once(tmp_path):
    (tmp_path / "good.py").write_text(GOOD)
    (tmp_path / "package").mkdir()
    os.symlink("..", tmp_path / "package" / "up")  # a loop through the parent
    os.symlink(".", tmp_path / "package" / "here")  # a loop onto itself
    os.symlink("self.py", tmp_path / "package" / "self.py")  # a link to itself
    os.symlink("missing.py", tmp_path / "package" / "dangling.py")
    result = run_recordlint("lint", ".", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, "")
    assert [line.split(" [*]")[0] for line in result.stdout.splitlines()[:-2]] == [
        "good.py:8:5: REC101",
        os.path.join("package", "dangling.py") + ":1:1: REC901 cannot read file: No such file or directory",
        os.path.join("package", "self.py") + ":1:1: REC901 cannot read file: Too many levels of symbolic links",
    ]
    through_the_loop = run_recordlint("lint", os.path.join("package", "up"), cwd=tmp_path)
    assert through_the_loop.returncode == 1
    assert through_the_loop.stdout.count("good.py:8:5: REC101") == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_in_a_folder_is_passed_over(tmp_path):
    (tmp_path / "good.py").write_text(GOOD)
    os.mkfifo(tmp_path / "pipe.py")  # reading it would wait for a writer forever
    result = subprocess.run([sys.executable, "-m", "recordlint", "lint", "."], cwd=tmp_path, capture_output=True,
                            text=True, timeout=60, env=dict(os.environ, NO_COLOR="1"))
    assert (result.returncode, result.stderr) == (1, "")
    assert [" ".join(line.split()[:2]) for line in finding_lines(result.stdout)] == ["good.py:8:5: REC101"]


def test_the_readme_gives_the_outcome_of_every_hostile_file():
    section = (REPO / "README.md").read_text().split("## Robustness", 1)[1].split("\n## ", 1)[0]
    for hostile in HOSTILE:
        if "REC901 " in hostile.outcome:
            reason = hostile.outcome.split("REC901 ", 1)[1].split(" (")[0]
            assert "REC901 " + reason in section, hostile.name
