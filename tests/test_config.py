"""`[tool.recordlint]` in pyproject.toml: found as ruff finds it, overridden by the CLI, checked strictly."""
from __future__ import annotations

import json

import pytest

from cli_helpers import run_recordlint

# REC101 on line 5, REC102 on line 6.
PROGRAM = (
    "from mxnet import autograd, nd\n"
    "x = nd.ones(3)\n"
    "x.attach_grad()\n"
    "with autograd.record():\n"
    "    x += 1\n"
    "    nd.relu(x, out=x)\n"
)


def make_tree(root, files):
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)


def found(result):
    assert result.returncode in (0, 1), result.stderr
    return sorted((f["path"], f["code"]) for f in json.loads(result.stdout))


def lint_json(*args, cwd):
    return found(run_recordlint("lint", "--format", "json", *args, cwd=cwd))


def test_per_file_ignores_are_relative_to_the_config_folder(tmp_path):
    make_tree(tmp_path, {
        "pyproject.toml": '[tool.recordlint]\nper-file-ignores = { "tests/*" = ["REC101"], "legacy.py" = ["REC1"] }\n',
        "a.py": PROGRAM,
        "tests/test_a.py": PROGRAM,
        "tests/deep/test_b.py": PROGRAM,
        "pkg/legacy.py": PROGRAM,
    })
    assert lint_json(cwd=tmp_path) == [
        ("a.py", "REC101"), ("a.py", "REC102"),
        ("tests/deep/test_b.py", "REC102"), ("tests/test_a.py", "REC102"),
    ]
    # Run from a subfolder: the configuration is found by walking up from each file.
    assert lint_json(".", cwd=tmp_path / "tests") == [("deep/test_b.py", "REC102"), ("test_a.py", "REC102")]


def test_the_closest_pyproject_with_the_table_governs(tmp_path):
    make_tree(tmp_path, {
        "pyproject.toml": '[tool.recordlint]\nselect = ["REC102"]\n',
        "a.py": PROGRAM,
        "sub/pyproject.toml": '[project]\nname = "no-table-here"\n',  # passed over
        "sub/b.py": PROGRAM,
        "sub/inner/pyproject.toml": '[tool.recordlint]\nselect = ["REC101"]\n',
        "sub/inner/c.py": PROGRAM,
    })
    assert lint_json(cwd=tmp_path) == [("a.py", "REC102"), ("sub/b.py", "REC102"), ("sub/inner/c.py", "REC101")]


def test_command_line_overrides_the_file(tmp_path):
    make_tree(tmp_path, {"pyproject.toml": '[tool.recordlint]\nselect = ["REC102"]\n', "a.py": PROGRAM})
    assert lint_json("--select", "REC101", cwd=tmp_path) == [("a.py", "REC101")]
    assert lint_json("--extend-select", "REC101", cwd=tmp_path) == [("a.py", "REC101"), ("a.py", "REC102")]
    assert lint_json("--ignore", "REC102", cwd=tmp_path) == []


@pytest.mark.parametrize("table,expected", [
    ('select = ["REC1"]\nignore = ["REC102"]', ["REC101"]),  # the more specific ignore wins
    ('select = ["REC102"]\nignore = ["REC1"]', ["REC102"]),  # the more specific select wins
    ('ignore = ["REC101"]', ["REC102"]),
    ('extend-select = ["REC902"]', ["REC101", "REC102", "REC902"]),
])
def test_selection_in_the_file(tmp_path, table, expected):
    make_tree(tmp_path, {"pyproject.toml": "[tool.recordlint]\n" + table + "\n",
                         "a.py": PROGRAM.replace("    x += 1\n", "    x += 1\n    y = x * 2  # noqa: REC103\n")})
    assert [code for _, code in lint_json(cwd=tmp_path)] == expected


def test_exclude_replaces_the_defaults_and_extend_exclude_adds(tmp_path):
    make_tree(tmp_path, {"build/a.py": PROGRAM, "gen/b.py": PROGRAM, "c.py": PROGRAM})
    assert {path for path, _ in lint_json(cwd=tmp_path)} == {"c.py", "gen/b.py"}
    (tmp_path / "pyproject.toml").write_text('[tool.recordlint]\nextend-exclude = ["gen/"]\n')
    assert {path for path, _ in lint_json(cwd=tmp_path)} == {"c.py"}
    (tmp_path / "pyproject.toml").write_text('[tool.recordlint]\nexclude = ["c.py"]\n')
    assert {path for path, _ in lint_json(cwd=tmp_path)} == {"build/a.py", "gen/b.py"}
    assert {path for path, _ in lint_json("--exclude", "gen,build", cwd=tmp_path)} == {"c.py"}


def test_config_option_names_the_file_to_use(tmp_path):
    make_tree(tmp_path, {
        "settings/lint.toml": '[tool.recordlint]\nselect = ["REC1"]\n',
        "src/a.py": PROGRAM,
        "pyproject.toml": '[tool.recordlint]\nselect = ["REC9"]\n',  # not read when --config is given
    })
    assert lint_json("--config", "settings/lint.toml", cwd=tmp_path) == [("src/a.py", "REC101"), ("src/a.py", "REC102")]
    (tmp_path / "settings" / "lint.toml").write_text('[tool.recordlint]\nper-file-ignores = { "*.py" = ["REC102"] }\n')
    assert lint_json("--config", "settings/lint.toml", cwd=tmp_path) == [("src/a.py", "REC101")]


def test_unsafe_fixes_and_respect_gitignore_are_accepted(tmp_path):
    make_tree(tmp_path, {"pyproject.toml": "[tool.recordlint]\nunsafe-fixes = true\nrespect-gitignore = false\n",
                         "a.py": PROGRAM})
    assert lint_json(cwd=tmp_path) == [("a.py", "REC101"), ("a.py", "REC102")]


BAD_CONFIGS = {
    "unknown key": ('[tool.recordlint]\nselct = ["REC1"]\n', "pyproject.toml: [tool.recordlint] unknown key 'selct'"),
    "select not a list": ('[tool.recordlint]\nselect = "REC1"\n',
                          "pyproject.toml: [tool.recordlint] select: expected a list of strings, got a string"),
    "list of numbers": ("[tool.recordlint]\nextend-exclude = [1, 2]\n",
                        "pyproject.toml: [tool.recordlint] extend-exclude: "
                        "expected a list of strings, got a list of mixed values"),
    "flag not a boolean": ('[tool.recordlint]\nrespect-gitignore = "yes"\n',
                           "pyproject.toml: [tool.recordlint] respect-gitignore: expected true or false, got a string"),
    "unsafe-fixes not a boolean": ("[tool.recordlint]\nunsafe-fixes = 1\n",
                                   "pyproject.toml: [tool.recordlint] unsafe-fixes: expected true or false, got a number"),
    "per-file-ignores not a table": ('[tool.recordlint]\nper-file-ignores = ["tests/*"]\n',
                                     "pyproject.toml: [tool.recordlint] per-file-ignores: expected a table"),
    "unknown code": ('[tool.recordlint]\nselect = ["REC1", "XYZ9"]\n',
                     "pyproject.toml: [tool.recordlint] select: unknown rule selector 'XYZ9'"),
    "unknown code in extend-select": ('[tool.recordlint]\nextend-select = ["REC999"]\n',
                                      "pyproject.toml: [tool.recordlint] extend-select: unknown rule selector 'REC999'"),
    "unknown code in per-file-ignores": ('[tool.recordlint]\nper-file-ignores = { "t/*" = ["F401"] }\n',
                                         "pyproject.toml: [tool.recordlint] per-file-ignores: "
                                         "'t/*': unknown rule selector 'F401'"),
    "table is not a table": ("[tool]\nrecordlint = 1\n", "pyproject.toml: [tool.recordlint] must be a table"),
    "invalid TOML": ('[tool.recordlint\nselect = ["REC1"]\n', "pyproject.toml: invalid TOML: "),
    "not UTF-8": (b"[tool.recordlint]\nselect = ['\xff']\n", "pyproject.toml: not valid UTF-8: byte 0xff"),
}


@pytest.mark.parametrize("content,message", BAD_CONFIGS.values(), ids=list(BAD_CONFIGS))
def test_bad_configuration_is_one_line_and_exit_status_2(tmp_path, content, message):
    make_tree(tmp_path, {"a.py": PROGRAM})
    config = tmp_path / "pyproject.toml"
    config.write_bytes(content if isinstance(content, bytes) else content.encode())
    result = run_recordlint("lint", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith("recordlint: error: " + message), result.stderr


@pytest.mark.parametrize("name,content,message", [
    ("missing.toml", None, "missing.toml: cannot read: No such file or directory"),
    ("other.toml", "[tool.other]\nx = 1\n", "other.toml: no [tool.recordlint] table"),
])
def test_bad_config_option_is_one_line_and_exit_status_2(tmp_path, name, content, message):
    make_tree(tmp_path, {"a.py": PROGRAM})
    if content is not None:
        (tmp_path / name).write_text(content)
    result = run_recordlint("lint", "--config", name, cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", "recordlint: error: %s\n" % message)
