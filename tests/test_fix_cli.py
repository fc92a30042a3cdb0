"""`recordlint lint --fix / --diff / --fix-only / --unsafe-fixes` on files, standard input and notebooks."""
from __future__ import annotations

import errno
import json
import os
import random
import signal
import stat
import subprocess
import sys
import time

import pytest

from cli_helpers import FIXTURES, finding_lines, run_recordlint
from recordlint.fixes.writer import WriteRefused, replace_file

LEAF = (FIXTURES / "fixes" / "rec101_leaf.in.py").read_text()
LEAF_FIXED = (FIXTURES / "fixes" / "rec101_leaf.out.py").read_text()
ROWS = (FIXTURES / "fixes" / "rec103_rows.in.py").read_text()
ROWS_FIXED = (FIXTURES / "fixes" / "rec103_rows.out.py").read_text()
LOOP = (FIXTURES / "fixes" / "rec101_leaf_across_regions.in.py").read_text()  # no fix


def project(tmp_path, **files):
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    return tmp_path


def test_fix_writes_safe_fixes_and_reports_what_is_left(tmp_path):
    project(tmp_path, leaf="", rows="")
    (tmp_path / "leaf.py").write_text(LEAF)
    (tmp_path / "rows.py").write_text(ROWS)
    os.chmod(tmp_path / "leaf.py", 0o640)
    result = run_recordlint("lint", "--fix", "leaf.py", "rows.py", cwd=tmp_path)
    assert result.returncode == 1  # the unsafe row fixes were not applied
    assert (tmp_path / "leaf.py").read_text() == LEAF_FIXED
    assert stat.S_IMODE(os.stat(tmp_path / "leaf.py").st_mode) == 0o640
    assert (tmp_path / "rows.py").read_text() == ROWS
    assert [line.split()[1] for line in finding_lines(result.stdout)] == ["REC103"] * 3
    assert "Found 4 findings (1 fixed, 3 remaining)." in result.stdout
    assert "(3 hidden fixes can be enabled with the `--unsafe-fixes` option.)" in result.stdout


def test_unsafe_fixes_from_the_flag_or_the_configuration(tmp_path):
    (tmp_path / "rows.py").write_text(ROWS)
    result = run_recordlint("lint", "--fix", "--unsafe-fixes", "rows.py", cwd=tmp_path)
    assert (result.returncode, (tmp_path / "rows.py").read_text()) == (0, ROWS_FIXED)
    (tmp_path / "rows.py").write_text(ROWS)
    (tmp_path / "pyproject.toml").write_text("[tool.recordlint]\nunsafe-fixes = true\n")
    result = run_recordlint("lint", "--fix", "rows.py", cwd=tmp_path)
    assert (result.returncode, (tmp_path / "rows.py").read_text()) == (0, ROWS_FIXED)
    (tmp_path / "rows.py").write_text(ROWS)
    result = run_recordlint("lint", "--fix", "--no-unsafe-fixes", "rows.py", cwd=tmp_path)
    assert (result.returncode, (tmp_path / "rows.py").read_text()) == (1, ROWS)


def test_diff_writes_nothing_and_exits_one_when_there_is_a_diff(tmp_path):
    (tmp_path / "leaf.py").write_text(LEAF)
    result = run_recordlint("lint", "--diff", "leaf.py", cwd=tmp_path)
    assert result.returncode == 1
    assert (tmp_path / "leaf.py").read_text() == LEAF
    assert result.stdout.splitlines()[:2] == ["--- leaf.py", "+++ leaf.py"]
    assert "-    x += 2\n-    y = 2 * x\n+    x_1 = x + 2\n+    y = 2 * x_1\n" in result.stdout
    (tmp_path / "loop.py").write_text(LOOP)
    nothing = run_recordlint("lint", "--diff", "loop.py", cwd=tmp_path)
    assert (nothing.returncode, nothing.stdout) == (0, "")


def test_fix_only_fixes_silently_and_exits_zero(tmp_path):
    (tmp_path / "leaf.py").write_text(LEAF)
    (tmp_path / "loop.py").write_text(LOOP)
    result = run_recordlint("lint", "--fix-only", ".", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "Fixed 1 finding.\n")
    assert (tmp_path / "leaf.py").read_text() == LEAF_FIXED


def test_noqa_lines_are_not_fixed(tmp_path):
    (tmp_path / "leaf.py").write_text(LEAF.replace("    x += 2\n", "    x += 2  # noqa: REC101\n"))
    result = run_recordlint("lint", "--fix", "leaf.py", cwd=tmp_path)
    assert result.returncode == 0
    assert "x_1" not in (tmp_path / "leaf.py").read_text()


def test_read_only_file_is_an_error_and_is_left_alone(tmp_path):
    (tmp_path / "leaf.py").write_text(LEAF)
    os.chmod(tmp_path / "leaf.py", 0o444)
    result = run_recordlint("lint", "--fix", "leaf.py", cwd=tmp_path)
    assert result.returncode == 2
    assert "recordlint: error: cannot write the fixes to leaf.py: file is read-only" in result.stderr
    assert (tmp_path / "leaf.py").read_text() == LEAF
    assert [line.split()[1] for line in finding_lines(result.stdout)] == ["REC101"]


def test_a_file_changed_since_it_was_read_is_not_overwritten(tmp_path):
    path = tmp_path / "leaf.py"
    path.write_text(LEAF + "# edited meanwhile\n")
    with pytest.raises(WriteRefused, match="changed on disk"):
        replace_file(str(path), LEAF.encode(), LEAF_FIXED.encode())
    assert path.read_text() == LEAF + "# edited meanwhile\n"
    assert [p.name for p in tmp_path.iterdir()] == ["leaf.py"]


def test_the_fixed_file_replaces_the_old_one_whole_and_keeps_its_mode(tmp_path):
    path = tmp_path / "leaf.py"
    path.write_text(LEAF)
    os.chmod(path, 0o755)
    old_inode = os.stat(path).st_ino
    replace_file(str(path), LEAF.encode(), LEAF_FIXED.encode())
    assert path.read_text() == LEAF_FIXED
    assert os.stat(path).st_ino != old_inode  # renamed over it, never rewritten in place
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o755
    assert [p.name for p in tmp_path.iterdir()] == ["leaf.py"]


TERMINATED_AS_THE_FILE_IS_CREATED = """
import os, signal, sys
from recordlint.fixes import writer

writer.exit_on_termination()
real_open = os.open


def open_then_terminated(*arguments):
    descriptor = real_open(*arguments)
    os.kill(os.getpid(), signal.SIGTERM)  # its handler runs as soon as this call returns
    return descriptor


os.open = open_then_terminated
writer.replace_file(sys.argv[1], b"old", b"new")
"""


def test_a_worker_terminated_as_its_temporary_file_is_created_removes_it(tmp_path):
    """The pool sends SIGTERM to the other workers when one dies: the handler removes the file
    in flight, which must be known as soon as it exists (once it was named only after)."""
    path = tmp_path / "leaf.py"
    path.write_bytes(b"old")
    result = subprocess.run([sys.executable, "-c", TERMINATED_AS_THE_FILE_IS_CREATED, str(path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 128 + signal.SIGTERM, result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["leaf.py"] and path.read_bytes() == b"old"


def test_a_write_that_fails_leaves_the_file_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "leaf.py"
    path.write_text(LEAF)

    def disk_full(descriptor):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        replace_file(str(path), LEAF.encode(), LEAF_FIXED.encode())
    assert path.read_text() == LEAF
    assert [p.name for p in tmp_path.iterdir()] == ["leaf.py"]


def test_the_rename_is_synced_to_disk_with_its_folder(tmp_path, monkeypatch):
    path = tmp_path / "leaf.py"
    path.write_text(LEAF)
    synced, fsync = [], os.fsync

    def observed(descriptor):
        is_folder = stat.S_ISDIR(os.fstat(descriptor).st_mode)
        synced.append(("folder" if is_folder else "file", path.read_text() == LEAF_FIXED))
        fsync(descriptor)

    monkeypatch.setattr(os, "fsync", observed)
    replace_file(str(path), LEAF.encode(), LEAF_FIXED.encode())
    assert synced == [("file", False), ("folder", True)]  # the new bytes, then the rename


def test_a_fix_removes_stale_temporary_files_a_killed_run_left(tmp_path):
    (tmp_path / "leaf.py").write_text(LEAF)
    stale = tmp_path / ".recordlint-leaf.py.k1ll3d00.tmp"
    fresh = tmp_path / ".recordlint-other.py.runn1ng0.tmp"  # another run may be about to rename it
    foreign = tmp_path / ".leaf.py.k1ll3d00.tmp"  # not named as recordlint's
    for leftover in (stale, fresh, foreign):
        leftover.write_text("partial")
    os.symlink("leaf.py", tmp_path / ".recordlint-link.py.k1ll3d00.tmp")
    an_hour_ago = time.time() - 3600
    for old in (stale, foreign, tmp_path / ".recordlint-link.py.k1ll3d00.tmp"):
        os.utime(old, (an_hour_ago, an_hour_ago), follow_symlinks=False)
    replace_file(str(tmp_path / "leaf.py"), LEAF.encode(), LEAF_FIXED.encode())
    assert (tmp_path / "leaf.py").read_text() == LEAF_FIXED
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["leaf.py", fresh.name, foreign.name, ".recordlint-link.py.k1ll3d00.tmp"])


def test_standard_input_fix_prints_the_fixed_source(tmp_path):
    result = run_recordlint("lint", "--fix", "-", "--stdin-filename", "leaf.py", stdin=LEAF, cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, LEAF_FIXED)
    result = run_recordlint("lint", "--fix", "-", "--stdin-filename", "loop.py", stdin=LOOP, cwd=tmp_path)
    assert (result.returncode, result.stdout) == (1, LOOP)
    assert "REC101" in result.stderr


def test_json_output_carries_each_fix(tmp_path):
    (tmp_path / "rows.py").write_text(ROWS)
    records = json.loads(run_recordlint("lint", "--format", "json", "rows.py", cwd=tmp_path).stdout)
    assert [(r["code"], r["fixable"], r["fix"]["applicability"]) for r in records] == [("REC103", True, "unsafe")] * 3
    assert records[0]["fix"]["edits"][0]["content"].startswith("x_1 = mx.nd.where(")


def test_notebook_cells_are_fixed_in_place(tmp_path):
    source = json.loads((FIXTURES / "notebooks" / "seed.ipynb").read_text())
    (tmp_path / "seed.ipynb").write_text(json.dumps(source, indent=1))
    result = run_recordlint("lint", "--fix", "--unsafe-fixes", "seed.ipynb", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    fixed = json.loads((tmp_path / "seed.ipynb").read_text())
    assert len(fixed["cells"]) == len(source["cells"])
    changed = [number for number, (a, b) in enumerate(zip(source["cells"], fixed["cells"]), 1) if a != b]
    assert changed == [5, 8, 10, 14, 15]
    assert "x_1 = x + 2" in "".join(fixed["cells"][4]["source"])
    for before, after in zip(source["cells"], fixed["cells"]):  # magics and markdown untouched
        if before["cell_type"] != "code" or "".join(before["source"]).lstrip().startswith(("%", "!")):
            assert before == after
    assert run_recordlint("lint", "seed.ipynb", cwd=tmp_path).returncode == 0


# How many times the kill test kills a fix run: a few in CI, 200 or more on request.
KILLS = int(os.environ.get("RECORDLINT_KILLS", "12"))


def files_to_kill_over():
    """name -> content: modules, modules with a BOM and CRLF line ends, and notebooks."""
    notebook = json.dumps(json.loads((FIXTURES / "notebooks" / "seed.ipynb").read_text()), indent=1).encode()
    files = {"prog%03d.py" % i: LEAF.encode() for i in range(40)}
    files.update({"crlf%03d.py" % i: b"\xef\xbb\xbf" + LEAF.replace("\n", "\r\n").encode() for i in range(10)})
    files.update({"cells%03d.ipynb" % i: notebook for i in range(5)})
    return files


def start_fix(folder, jobs):
    # a session of its own, so that the kill takes the worker processes too
    return subprocess.Popen([sys.executable, "-m", "recordlint", "lint", "--fix", "--jobs", str(jobs), "."],
                            cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def test_a_fix_killed_at_any_moment_leaves_each_file_original_or_fixed(tmp_path):
    from robustness.figures import FIGURES

    originals = files_to_kill_over()
    reference, folder = tmp_path / "reference", tmp_path / "killed"
    reference.mkdir()
    folder.mkdir()
    for name, data in originals.items():
        (reference / name).write_bytes(data)
    started = time.perf_counter()
    start_fix(reference, 2).wait()
    duration = time.perf_counter() - started
    fixed = {name: (reference / name).read_bytes() for name in originals}
    assert all(fixed[name] != data for name, data in originals.items() if name.startswith("prog"))
    rng = random.Random(7)
    interrupted_midway = 0
    for _ in range(KILLS):
        for name, data in originals.items():
            (folder / name).write_bytes(data)
        process = start_fix(folder, rng.choice((1, 2)))
        time.sleep(rng.uniform(0, duration))
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        done = []
        for name, data in originals.items():
            now = (folder / name).read_bytes()
            assert now in (data, fixed[name]), name
            done.append(now == fixed[name] != data)
        FIGURES.kills += 1
        FIGURES.kills_survived += 1
        interrupted_midway += any(done) and not all(done)
        for leftover in folder.glob(".recordlint-*.tmp"):  # a kill between writing and renaming leaves one
            FIGURES.temporary_files_left += 1
            leftover.unlink()
        assert sorted(os.listdir(folder)) == sorted(originals)
    assert interrupted_midway  # kills landed while files were being fixed
