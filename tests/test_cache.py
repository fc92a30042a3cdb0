"""The cache of lint results never changes them: cold, warm, after configuration changes, with
corrupt entries and under concurrent runs."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from cli_helpers import FIXTURES, REPO, run_recordlint
from recordlint.cache import FOLDER_NAME, ResultCache, lint_key, linter_fingerprint, _source_files
from recordlint.cache import _verified as verified_payload
from recordlint.cache_format import findings_from_payload, findings_to_payload
from recordlint.runner import lint_files
from recordlint.settings import SettingsResolver

LEAF_PROGRAM = (FIXTURES / "fixes" / "rec101_leaf.in.py").read_text()


@pytest.fixture
def project(tmp_path):
    """A copy of every fixture (programs, fix goldens, notebooks), so that caches stay in tmp_path."""
    shutil.copytree(FIXTURES, tmp_path / "fixtures")
    return tmp_path


def fixture_paths(root):
    return sorted(str(p) for p in (root / "fixtures").rglob("*") if p.suffix in (".py", ".ipynb"))


def exactly(findings):
    """Everything a finding holds, its fix included (findings compare equal whatever their fixes)."""
    return [(f, f.fix) for f in findings]


def lint(paths, resolver, cache):
    settings = resolver.for_path
    return lint_files(paths, 1, lambda path: settings(path).codes_for(path), None,
                      lambda path: settings(path).unsafe_fixes, (lambda path: cache) if cache else None)


def test_payloads_round_trip_every_fixture_finding_exactly():
    from recordlint.api import lint_file

    findings = [f for path in fixture_paths(REPO) for f in lint_file(path)]
    assert any(f.fix is not None for f in findings) and any(f.cell for f in findings)
    for path in fixture_paths(REPO):
        original = lint_file(path)
        assert exactly(findings_from_payload(findings_to_payload(original, path), path)[0]) == exactly(original)


CONFIGURATIONS = [
    "",
    '[tool.recordlint]\nselect = ["REC1"]\nunsafe-fixes = true\n'
    '[tool.recordlint.per-file-ignores]\n"seed/*" = ["REC1"]\n',
    '[tool.recordlint]\nignore = ["REC101"]\nextend-select = ["REC902"]\n',
]


def test_warm_runs_find_what_uncached_runs_find_through_configuration_changes(project, monkeypatch):
    paths = fixture_paths(project)
    cache = ResultCache(str(project / FOLDER_NAME))
    monkeypatch.chdir(project)
    uncached = {}
    for configuration in CONFIGURATIONS:
        (project / "pyproject.toml").write_text(configuration)
        uncached[configuration] = lint(paths, SettingsResolver(), None)
        cold = lint(paths, SettingsResolver(), cache)
        warm = lint(paths, SettingsResolver(), cache)
        assert exactly(cold.findings) == exactly(uncached[configuration].findings), configuration
        assert exactly(warm.findings) == exactly(uncached[configuration].findings), configuration
        assert cold.parsed == uncached[configuration].parsed > 0 and warm.parsed == 0
    (project / "pyproject.toml").write_text(CONFIGURATIONS[0])
    back = lint(paths, SettingsResolver(), cache)
    assert exactly(back.findings) == exactly(uncached[CONFIGURATIONS[0]].findings)
    assert back.parsed == 0  # the first configuration's entries are still there


def test_the_command_line_prints_the_same_cold_warm_and_without_cache(project):
    arguments = ("lint", "--format", "json", "--exit-zero", "fixtures")
    uncached = run_recordlint(*arguments, "--no-cache", cwd=project)
    assert not (project / FOLDER_NAME).exists()
    cold = run_recordlint(*arguments, cwd=project)
    warm = run_recordlint(*arguments, cwd=project)
    assert uncached.returncode == cold.returncode == warm.returncode == 0, cold.stderr
    assert len(json.loads(uncached.stdout)) > 100
    assert uncached.stdout == cold.stdout == warm.stdout
    assert (project / FOLDER_NAME / ".gitignore").read_text().splitlines()[-1] == "*"
    tag = (project / FOLDER_NAME / "CACHEDIR.TAG").read_text()
    assert tag.startswith("Signature: 8a477f597d28d172789f06886806bc55")


def test_the_cache_lives_at_the_settings_root_or_where_cache_dir_says(project):
    (project / "pyproject.toml").write_text('[tool.recordlint]\nselect = ["REC1"]\n')
    run_recordlint("lint", "--exit-zero", ".", cwd=project / "fixtures" / "seed")
    assert (project / FOLDER_NAME).is_dir()
    assert not (project / "fixtures" / "seed" / FOLDER_NAME).exists()
    run_recordlint("lint", "--exit-zero", "--cache-dir", "elsewhere", ".", cwd=project / "fixtures" / "seed")
    assert any(name.endswith(".entry") for name in os.listdir(project / "fixtures" / "seed" / "elsewhere"))


def test_fix_runs_neither_read_nor_write_the_cache(tmp_path):
    (tmp_path / "leaf.py").write_text(LEAF_PROGRAM)
    run_recordlint("lint", "--exit-zero", "leaf.py", cwd=tmp_path)
    entries = set(os.listdir(tmp_path / FOLDER_NAME))
    for name in entries - {".gitignore", "CACHEDIR.TAG"}:
        (tmp_path / FOLDER_NAME / name).write_bytes(b"garbage")
    fixed = run_recordlint("lint", "--fix", "leaf.py", cwd=tmp_path)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert set(os.listdir(tmp_path / FOLDER_NAME)) == entries
    assert run_recordlint("lint", "leaf.py", cwd=tmp_path).returncode == 0  # the fixed file, linted anew


def corruptions(raw: bytes):
    checksum, _, payload = raw.partition(b"\n")
    yield b""
    yield b"not an entry"
    yield raw[: len(raw) // 2]
    yield checksum + b"\n" + payload.replace(b'{"format":', b'{"extra":0,"format":', 1)  # valid JSON, wrong checksum
    yield checksum + b"\n" + payload + b" "
    yield bytes(byte ^ 0xFF for byte in raw)


def test_corrupt_entries_are_never_trusted_and_are_rewritten(project):
    paths = fixture_paths(project)
    resolver = SettingsResolver()
    cache = ResultCache(str(project / FOLDER_NAME))
    expected = lint(paths, resolver, cache)
    entries = sorted(project / FOLDER_NAME / name for name in os.listdir(project / FOLDER_NAME)
                     if name.endswith(".entry"))
    assert len(entries) > 6
    for number, entry in enumerate(entries):  # each kind of damage on several entries
        entry.write_bytes(list(corruptions(entry.read_bytes()))[number % 6])
    again = lint(paths, resolver, cache)
    assert exactly(again.findings) == exactly(expected.findings)
    assert again.parsed == expected.parsed
    assert lint(paths, resolver, cache).parsed == 0  # rewritten, and sound again


def test_an_entry_that_cannot_be_read_or_written_costs_only_time(project):
    paths = fixture_paths(project)
    resolver = SettingsResolver()
    cache = ResultCache(str(project / FOLDER_NAME))
    expected = lint(paths, resolver, cache)
    for name in os.listdir(project / FOLDER_NAME):
        if name.endswith(".entry"):
            os.unlink(project / FOLDER_NAME / name)
            os.mkdir(project / FOLDER_NAME / name)  # neither readable as a file nor replaceable
    again = lint(paths, resolver, cache)
    assert exactly(again.findings) == exactly(expected.findings)
    unwritable = ResultCache(str(project / "fixtures" / "seed" / "in24_augmented_assign.py" / "cache"))
    assert exactly(lint(paths, resolver, unwritable).findings) == exactly(expected.findings)


def test_an_entry_under_another_key_is_not_trusted(tmp_path):
    cache = ResultCache(str(tmp_path))
    first, second = lint_key(b"a", None, False, False), lint_key(b"b", None, False, False)
    cache.store(first, [], "x.py")
    os.replace(tmp_path / (first + ".entry"), tmp_path / (second + ".entry"))
    assert cache.load(second, "x.py") is None


def test_concurrent_cold_runs_agree_and_leave_sound_entries(project):
    arguments = [sys.executable, "-m", "recordlint", "lint", "--format", "json", "--exit-zero", "fixtures"]
    expected = run_recordlint(*arguments[3:], "--no-cache", cwd=project).stdout
    runs = [subprocess.Popen(arguments + (["--jobs", "2"] if index % 2 else ["--jobs", "1"]), cwd=project,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=dict(os.environ, NO_COLOR="1"))
            for index in range(4)]
    outputs = [run.communicate(timeout=600) for run in runs]
    assert all(run.returncode == 0 for run in runs), [err for _, err in outputs]
    assert all(out == expected for out, _ in outputs)
    names = os.listdir(project / FOLDER_NAME)
    assert not [name for name in names if name.startswith(".tmp-")]
    for name in names:
        if name.endswith(".entry"):  # whole: the checksum holds and the payload decodes
            raw = (project / FOLDER_NAME / name).read_bytes()
            findings_from_payload(verified_payload(raw, name[: -len(".entry")]), "x.py")
    assert run_recordlint(*arguments[3:], cwd=project).stdout == expected


def test_the_linters_own_sources_are_part_of_every_key():
    import recordlint

    names = {name for name, _ in _source_files(os.path.dirname(recordlint.__file__))}
    assert {"checker.py", os.path.join("analysis", "analyzer.py"), os.path.join("fixes", "planner.py")} <= names
    assert not [name for name in names if name.startswith("runtime" + os.sep)]
    assert len(linter_fingerprint()) == 16


def test_flake8_plugin_shares_the_cache(tmp_path):
    pytest.importorskip("flake8")
    (tmp_path / "prog.py").write_text(LEAF_PROGRAM)
    command = [sys.executable, "-m", "flake8", "--isolated", "--select", "REC", "prog.py"]
    cold = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
    entries = [name for name in os.listdir(tmp_path / FOLDER_NAME) if name.endswith(".entry")]
    warm = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
    assert cold.returncode == warm.returncode == 1 and "REC101" in cold.stdout
    assert cold.stdout == warm.stdout and len(entries) == 1
    shutil.rmtree(tmp_path / FOLDER_NAME)
    uncached = subprocess.run(command + ["--recordlint-no-cache"], cwd=tmp_path, capture_output=True, text=True)
    assert uncached.stdout == cold.stdout and not (tmp_path / FOLDER_NAME).exists()
    subprocess.run(command + ["--recordlint-cache-dir", "there"], cwd=tmp_path, capture_output=True, text=True)
    assert any(name.endswith(".entry") for name in os.listdir(tmp_path / "there"))


TRAIN = """from mxnet import autograd, nd

from helpers import accumulate

total = nd.zeros((1,))
x = nd.ones((2,))
x.attach_grad()
with autograd.record():
    loss = (x * 2).sum()
    accumulate(total, loss)
"""
WRITES = "def accumulate(total, value):\n    total += value\n"
COPIES = "def accumulate(total, value):\n    return total + value\n"
PROJECT_CHANGES = [  # (path, text: None removes it), each applied after the one before
    ("helpers.py", WRITES),  # a module the first run looked for, and did not find, appears
    ("helpers.py", COPIES),  # edited
    ("helpers/__init__.py", WRITES),  # a package of that name, found after the module
    ("helpers.py", None),  # removed: the package is found instead
    ("__init__.py", ""),  # the folder becomes a package: imports resolve from its parent
    ("__init__.py", None),
]


def test_warm_runs_follow_the_project_modules_as_they_come_change_and_go(tmp_path):
    """Findings of a file depend on the modules its imports found, and on those they did not."""
    folder = tmp_path / "scripts"
    folder.mkdir()
    (folder / "train.py").write_text(TRAIN)
    cache = ResultCache(str(tmp_path / FOLDER_NAME))
    seen = set()
    for step, (name, text) in enumerate([(None, None)] + PROJECT_CHANGES):
        if name is not None:
            target = folder / name
            if text is None:
                target.unlink()
            else:
                target.parent.mkdir(exist_ok=True)
                target.write_text(text)
        paths = sorted(str(path) for path in folder.rglob("*.py"))  # a finding shows in a linted file
        uncached = lint(paths, SettingsResolver(), None)
        warm = lint(paths, SettingsResolver(), cache)
        assert exactly(warm.findings) == exactly(uncached.findings), (step, name)
        seen.add(tuple((finding.path.rsplit(os.sep, 2)[-1], finding.code) for finding in uncached.findings))
    assert len(seen) > 1  # the changes change the findings


def test_a_module_whose_names_a_star_import_looked_through_is_part_of_the_key(tmp_path):
    """A star import loads the module it takes a name from, and reads only the names of the
    modules it passes on the way: a change there must be seen too."""
    (tmp_path / "first.py").write_text("from mxnet import nd\n")
    (tmp_path / "second.py").write_text("def bump(v):\n    v += 1\n")
    (tmp_path / "train.py").write_text(
        "from mxnet import autograd, nd\nfrom second import *\nfrom first import *\n\n"
        "x = nd.ones(3)\nx.attach_grad()\nwith autograd.record():\n    bump(x * 2)\n")
    cache = ResultCache(str(tmp_path / FOLDER_NAME))
    paths = [str(tmp_path / name) for name in ("first.py", "second.py", "train.py")]
    before = lint(paths, SettingsResolver(), cache)
    (tmp_path / "first.py").write_text("from mxnet import nd\n\n\ndef bump(v):\n    v *= 2\n")
    after = lint(paths, SettingsResolver(), cache)
    assert [(os.path.basename(finding.path), finding.line) for finding in before.findings] == [("second.py", 2)]
    assert [(os.path.basename(finding.path), finding.line) for finding in after.findings] == [("first.py", 5)]
