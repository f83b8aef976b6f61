"""The user's project: its interpreter and test command are found, and its tests run with them (real processes)."""
import os
import subprocess
import sys
from types import SimpleNamespace

import pytest

from codey.workspace import project
from codey.app.errors import TaskFailed
from codey.tools import testing


def fake_venv(root, name=".venv"):
    """A virtualenv layout whose python is this one: enough for detection, no packages of its own."""
    bin_dir = root / name / "bin"
    bin_dir.mkdir(parents=True)
    (root / name / "pyvenv.cfg").write_text("home = /usr/bin\n")
    os.symlink(sys.executable, bin_dir / "python")
    return str(bin_dir / "python")


def settings(**values):
    return SimpleNamespace(**{"project_python": None, "test_command": None, **values})


def test_interpreter_order_config_then_active_venv_then_project_venv_then_path(tmp_path, monkeypatch):
    monkeypatch.delenv("VIRTUAL_ENV", raising=False)
    assert project.find_python(tmp_path)[1].startswith("python3 on PATH")
    local = fake_venv(tmp_path)
    assert project.find_python(tmp_path) == (local, ".venv/ in the project")
    active = fake_venv(tmp_path / "elsewhere", "env")
    monkeypatch.setenv("VIRTUAL_ENV", str(tmp_path / "elsewhere" / "env"))
    assert project.find_python(tmp_path)[0] == active
    chosen = project.find_python(tmp_path, settings(project_python="tools/py"))
    assert chosen == (str(tmp_path / "tools" / "py"), "project_python in config.json")


def test_codeys_own_active_virtualenv_is_not_the_projects(tmp_path, monkeypatch):
    monkeypatch.setenv("VIRTUAL_ENV", sys.prefix)
    local = fake_venv(tmp_path)
    if sys.prefix == sys.base_prefix:
        pytest.skip("Codey is not running in a virtualenv here")
    assert project.find_python(tmp_path)[0] == local


@pytest.mark.parametrize("files, runner", [
    ({"pytest.ini": "[pytest]\n"}, "pytest"),
    ({"pyproject.toml": "[tool.pytest.ini_options]\n"}, "pytest"),
    ({"tests/test_a.py": "def test_a(): pass\n"}, "pytest"),
    ({"package.json": '{"scripts": {"test": "node t.js"}}'}, "npm"),
    ({"go.mod": "module x\n"}, "go"),
    ({"Cargo.toml": "[package]\n"}, "cargo"),
    ({"Makefile": "build:\n\ttrue\ntest:\n\ttrue\n"}, "make"),
    ({"Makefile": "build:\n\ttrue\n", "package.json": '{"scripts": {}}'}, None),
])
def test_the_test_command_is_found_from_the_projects_files(tmp_path, files, runner):
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    assert project.find(str(tmp_path)).runner == runner


def test_unittest_discovery_when_the_projects_python_has_no_pytest(tmp_path):
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(tmp_path / ".venv")], check=True)
    (tmp_path / "test_a.py").write_text("import unittest\n\nclass T(unittest.TestCase):\n"
                                        "    def test_a(self):\n        self.assertEqual(1, 1)\n")
    found = project.find(str(tmp_path))
    assert found.runner == "unittest"
    result = testing.run_tests(str(tmp_path), found, 60)
    assert result["outcome"] == "passed" and result["passed"] == 1, result


def test_a_missing_runner_could_not_run_and_says_how_to_install_it(tmp_path):
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(tmp_path / ".venv")], check=True)
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "test_a.py").write_text("def test_a():\n    assert True\n")
    with pytest.raises(TaskFailed) as failed:
        testing.tool(str(tmp_path), project.find(str(tmp_path)), 60)
    assert str(failed.value) == "could not run the tests: pytest is not installed in .venv: .venv/bin/pip install pytest"
    assert failed.value.details["outcome"] == "could_not_run"


def test_test_command_from_config_runs_through_the_shell(tmp_path):
    (tmp_path / "check.sh").write_text("echo checking; exit 3\n")
    found = project.find(str(tmp_path), settings(test_command="sh check.sh"))
    assert found.describe()["test_why"] == "test_command in config.json"
    result = testing.run_tests(str(tmp_path), found, 60)
    assert result["outcome"] == "failed" and "checking" in result["output"]
    (tmp_path / "check.sh").write_text("exit 0\n")
    assert testing.run_tests(str(tmp_path), found, 60)["outcome"] == "passed"


def test_make_test_in_a_project_that_is_not_python(tmp_path):
    (tmp_path / "Makefile").write_text("test:\n\t@test -f built.txt && echo ok\n")
    found = project.find(str(tmp_path))
    assert testing.run_tests(str(tmp_path), found, 60)["outcome"] == "failed"
    (tmp_path / "built.txt").write_text("yes\n")
    result = testing.run_tests(str(tmp_path), found, 60)
    assert result["outcome"] == "passed" and result["command"] == "make test"


def test_a_runner_that_is_not_installed_is_reported_as_such(tmp_path):
    (tmp_path / "Cargo.toml").write_text("[package]\n")
    found = project.find(str(tmp_path))
    found.env = {**found.env, "PATH": str(tmp_path / "nothing")}
    result = testing.run_tests(str(tmp_path), found, 60)
    assert result["outcome"] == "could_not_run" and "cargo is not installed" in result["summary"]


def test_pytest_collection_errors_and_empty_runs_are_not_failures(tmp_path):
    (tmp_path / "test_a.py").write_text("import not_a_module_anywhere\n\ndef test_a():\n    pass\n")
    found = project.find(str(tmp_path))
    result = testing.run_tests(str(tmp_path), found, 60)
    assert result["outcome"] == "could_not_run" and "not_a_module_anywhere" in result["summary"], result
    (tmp_path / "test_a.py").write_text("x = 1\n")
    assert testing.run_tests(str(tmp_path), found, 60)["outcome"] == "no_tests"
