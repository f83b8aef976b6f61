"""Honest verdicts, and every attempt checked in a scratch copy (issue 40, items 4 and 5): scripted replies, real
pytest runs in temporary projects; what is asserted is what lands on disk, the exit status and the verify report."""
import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from codey import checks
from codey.app import cli
from codey.workspace import project
from codey.checks import loads, pages, verdicts
from codey.app.config import Settings
from codey.coder import edits
from codey.tools import testing
from codey.app.ui import UI
from codey.workspace.undo import undo_last

ADD = "def add(a, b):\n    return a + b\n"
TESTS = "from calc import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n"
BROKEN_ELSEWHERE = "import a_package_nobody_installed\n\n\ndef test_other():\n    assert True\n"


def calc(body: str, name: str = "add") -> str:
    return f"calc.py\n```python\ndef {name}(a, b):\n    return {body}\n```\n"


def exit_status(outcome, workspace) -> int:
    """The exit status the command line gives this outcome."""
    return cli.report(outcome, 4000, SimpleNamespace(json=False, workspace=str(workspace)), UI(quiet=True))


def files(workspace) -> dict[str, bytes]:
    return {str(p.relative_to(workspace)): p.read_bytes() for p in sorted(workspace.rglob("*"))
            if p.is_file() and ".git" not in p.parts and ".codey" not in p.parts}


def project_with(workspace, **texts) -> dict[str, bytes]:
    for name, text in texts.items():
        (workspace / name).write_text(text)
    return files(workspace)


def test_an_edit_that_leaves_the_tests_uncollectable_fails_and_changes_nothing(run_graph, workspace):
    before = project_with(workspace, **{"calc.py": ADD, "test_calc.py": TESTS})
    # the tests import add: after this edit they cannot be collected (calc.py itself still loads)
    renamed = "calc.py\n<<<<<<< SEARCH\ndef add(a, b):\n=======\ndef plus(a, b):\n>>>>>>> REPLACE\n```\n"
    outcome, _ = run_graph("rename add in calc.py to plus", workspace, [renamed, renamed], max_attempts=2)
    assert outcome["state"]["status"] == "failed" and exit_status(outcome, workspace) == 1
    assert files(workspace) == before


@pytest.mark.parametrize("request_text", ["fix add in calc.py so that test_calc.py passes",
                                          "fix the bug in add in calc.py"])
def test_failures_from_before_do_not_fail_a_correct_fix_and_are_reported(run_graph, workspace, request_text):
    """The real case: a suite that already has an erroring test module (a package that is not installed); a correct
    fix of another module, whose tests pass after it, is done."""
    project_with(workspace, **{"calc.py": "def add(a, b):\n    return a - b\n", "test_calc.py": TESTS,
                               "test_other.py": BROKEN_ELSEWHERE})
    outcome, _ = run_graph(request_text, workspace, ["The bug is the minus.\ncalc.py\n```python\n" + ADD + "```\n"])
    state = outcome["state"]
    assert state["status"] == "done" and exit_status(outcome, workspace) == 0
    assert (workspace / "calc.py").read_text() == ADD
    assert state["verify"]["verified"] is True and state["verify"]["failing_before"] == ["test_other.py"]


def test_a_plugin_missing_from_before_does_not_fail_a_fix_whose_named_tests_pass(run_graph, workspace):
    """Erroring tests of the same module (a fixture from a pytest plugin that is not installed) were there before:
    the request names the test file the fix is for, and that one passes."""
    plugin = "from calc import add\n\n\ndef test_with_plugin(mocker_from_a_plugin):\n    assert add(1, 1) == 2\n"
    project_with(workspace, **{"calc.py": "def add(a, b):\n    return a - b\n", "test_calc.py": TESTS,
                               "test_plugin.py": plugin})
    fix = "The bug is the minus.\ncalc.py\n```python\n" + ADD + "```\n"
    outcome, _ = run_graph("fix add in calc.py, test_calc.py fails", workspace, [fix])
    state = outcome["state"]
    assert state["status"] == "done" and exit_status(outcome, workspace) == 0
    assert state["verify"]["failing_before"] == ["test_plugin.py::test_with_plugin"]


def test_unittest_failures_from_before_are_judged_the_same_way(run_graph, workspace, monkeypatch):
    unit = ("import unittest\n\nfrom calc import add\n\n\nclass T(unittest.TestCase):\n    def test_add(self):\n"
            "        self.assertEqual(add(2, 3), 5)\n")
    broken = "import unittest\n\nimport a_package_nobody_installed\n"
    before = project_with(workspace, **{"calc.py": ADD, "test_calc.py": unit, "test_other.py": broken})
    monkeypatch.setattr(project, "has_module", lambda python, module: False)  # a project whose Python has no pytest
    outcome, _ = run_graph("change add in calc.py to return a + b + 0", workspace, [calc("a + b + 0")])
    assert outcome["state"]["status"] == "done" and outcome["state"]["verify"]["failing_before"] == ["test_other"]
    outcome, _ = run_graph("change add in calc.py to multiply", workspace, [calc("a * b")], max_attempts=1)
    assert outcome["state"]["status"] == "failed" and "return a + b + 0" in (workspace / "calc.py").read_text()
    assert before["test_calc.py"] == (workspace / "test_calc.py").read_bytes()


def test_a_test_that_passed_before_and_fails_after_is_a_failure(run_graph, workspace):
    sub_test = "from calc import sub\n\n\ndef test_sub():\n    assert sub(5, 3) == 2\n"
    before = project_with(workspace, **{"calc.py": ADD + "\n\ndef sub(a, b):\n    return a + b\n",
                                        "test_calc.py": TESTS, "test_sub.py": sub_test, "test_other.py": BROKEN_ELSEWHERE})
    regressed = "calc.py\n```python\ndef add(a, b):\n    return a * b\n\n\ndef sub(a, b):\n    return a - b\n```\n"
    outcome, _ = run_graph("change sub in calc.py to subtract", workspace, [regressed], max_attempts=1)
    assert outcome["state"]["status"] == "failed" and exit_status(outcome, workspace) == 1
    assert files(workspace) == before  # it fixed sub but broke add: no further than the files as they were


def test_a_failure_from_before_in_the_tests_of_the_module_changed_still_counts(run_graph, workspace):
    """A stub's tests fail before it is implemented: they are what the task is about, so an attempt that leaves them
    failing is sent back, and the one that passes them is applied."""
    project_with(workspace, **{"calc.py": "def add(a, b):\n    pass\n", "test_calc.py": TESTS})
    outcome, models = run_graph("implement add in calc.py", workspace, [calc("a * b"), calc("a + b")])
    state = outcome["state"]
    assert state["status"] == "done" and len(models.chat.prompts) == 2
    assert (workspace / "calc.py").read_text() == ADD and "failing_before" not in state["verify"]


def test_a_test_the_request_names_must_pass_though_it_failed_before(run_graph, workspace):
    before = project_with(workspace, **{"calc.py": "def add(a, b):\n    return a - b\n", "test_calc.py": TESTS})
    still_wrong = "The bug is the minus.\ncalc.py\n```python\ndef add(a, b):\n    return b - a\n```\n"
    outcome, _ = run_graph("fix calc.py so that test_calc.py::test_add passes", workspace, [still_wrong],
                           max_attempts=1)
    assert outcome["state"]["status"] == "failed" and exit_status(outcome, workspace) == 1
    assert files(workspace) == before


def test_a_module_whose_loading_never_finishes_is_a_failure(run_graph, workspace, monkeypatch):
    monkeypatch.setattr(loads, "TIMEOUT_S", 2)
    before = project_with(workspace, **{"spin.py": "N = 1\n"})
    spin = "spin.py\n```python\nN = 1\nwhile N:\n    pass\n```\n"
    outcome, _ = run_graph("change spin.py", workspace, [spin], max_attempts=1)
    assert outcome["state"]["status"] == "failed" and exit_status(outcome, workspace) == 1
    assert files(workspace) == before


def test_a_page_check_that_never_finishes_is_a_failure(tmp_path, monkeypatch):
    pytest.importorskip("flask")
    monkeypatch.setattr(pages, "TIMEOUT_S", 2)
    (tmp_path / "app.py").write_text("from flask import Flask\n\napp = Flask(__name__)\n\n\n"
                                     "@app.route('/')\ndef index():\n    while True:\n        pass\n")
    settings = Settings(memory_budget_mb=4000, n_threads=2, n_threads_batch=2)
    problems, report = checks.check_code(["app.py"], str(tmp_path), settings, project.find(str(tmp_path)))
    assert len(problems) == 1 and (report["passed"], report["failed"]) == (0, 1)


def test_tests_that_no_longer_finish_after_the_change_are_a_failure(run_graph, workspace):
    before = project_with(workspace, **{"calc.py": ADD, "test_calc.py": TESTS})
    looping = "calc.py\n```python\ndef add(a, b):\n    while True:\n        pass\n```\n"
    outcome, _ = run_graph("change add in calc.py", workspace, [looping], max_attempts=1, test_timeout_s=20)
    assert outcome["state"]["status"] == "failed" and exit_status(outcome, workspace) == 1
    assert files(workspace) == before


def test_tests_that_could_not_run_before_either_are_reported_as_not_verified(run_graph, workspace):
    project_with(workspace, **{"test_other.py": BROKEN_ELSEWHERE})  # no test can be collected, before or after
    outcome, _ = run_graph("create calc.py with add(a, b)", workspace, [calc("a + b")])
    state = outcome["state"]
    assert state["status"] == "done" and (workspace / "calc.py").read_text() == ADD
    assert state["verify"]["verified"] is False and state["verify"]["tests"] == "could_not_run"


def test_a_test_runner_that_is_missing_is_reported_as_not_verified(run_graph, workspace):
    outcome, _ = run_graph("create calc.py with add(a, b)", workspace, [calc("a + b")],
                           test_command="a-test-runner-nobody-installed")
    state = outcome["state"]
    assert state["status"] == "done" and (workspace / "calc.py").read_text() == ADD
    assert state["verify"]["verified"] is False and state["verify"]["tests"] == "could_not_run"


def test_the_users_file_is_untouched_while_the_first_attempt_is_checked(run_graph, workspace):
    """The project's own test looks (reading only: a check may write nowhere but its copy) at where it runs and at
    the user's file: the attempt is done only if it ran elsewhere while the user's file was still as it was."""
    stub = "def add(a, b):\n    return 0\n"
    spy = (f"import os\n\n\ndef test_checked_in_a_copy_of_the_untouched_files():\n"
           f"    assert os.path.realpath(os.getcwd()) != {str(workspace.resolve())!r}\n"
           f"    assert open({str(workspace / 'calc.py')!r}).read() == {stub!r}\n\n\n")
    project_with(workspace, **{"calc.py": stub, "test_calc.py": spy + TESTS})
    outcome, _ = run_graph("change add in calc.py to return the sum", workspace, [calc("a + b")], max_attempts=1)
    state = outcome["state"]
    assert state["status"] == "done" and state["verify"]["passed"] == 2
    assert (workspace / "calc.py").read_text() == ADD


def test_the_undo_record_is_written_before_the_first_byte_and_undo_restores_the_files(run_graph, workspace,
                                                                                      monkeypatch):
    original = project_with(workspace, **{"calc.py": "def add(a, b):\n    return 0\n"})
    records = []
    write = edits.write

    def spy(root, texts, backups, ui):
        records.append([json.loads(m.read_text()) for m in (workspace / ".codey" / "undo").glob("*/manifest.json")])
        assert (workspace / "calc.py").read_bytes() == original["calc.py"]
        return write(root, texts, backups, ui)

    monkeypatch.setattr(edits, "write", spy)
    two = "calc.py\n```python\ndef add(a, b):\n    return a + b\n```\n\nmain.py\n```python\nfrom calc import add\n```\n"
    outcome, _ = run_graph("change add in calc.py to return the sum and create main.py", workspace, [two])
    assert outcome["state"]["status"] == "done" and len(records) == 1  # one apply, of both files
    assert sorted(e["path"] for e in records[0][0]["entries"]) == ["calc.py", "main.py"]
    undo_last(str(workspace))
    assert files(workspace) == original


def test_giving_up_keeps_a_better_attempt_and_otherwise_leaves_the_files_byte_identical(run_graph, workspace):
    stub = "def add(a, b):\n    pass\n\n\ndef sub(a, b):\n    pass\n"
    both = TESTS + "\n\ndef test_sub():\n    from calc import sub\n    assert sub(5, 3) == 2\n"
    project_with(workspace, **{"calc.py": stub, "test_calc.py": both})
    mtime = (workspace / "calc.py").stat().st_mtime_ns
    wrong = "calc.py\n```python\ndef add(a, b):\n    return 0\n\n\ndef sub(a, b):\n    return 0\n```\n"
    outcome, _ = run_graph("implement add and sub in calc.py", workspace, [wrong, wrong], max_attempts=2)
    assert outcome["state"]["status"] == "failed" and exit_status(outcome, workspace) == 1
    assert (workspace / "calc.py").read_text() == stub and (workspace / "calc.py").stat().st_mtime_ns == mtime
    half = "calc.py\n```python\ndef add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return 0\n```\n"
    outcome, _ = run_graph("implement add and sub in calc.py", workspace, [wrong, half], max_attempts=2)
    assert outcome["state"]["status"] == "failed" and outcome["state"]["verify"]["kept_attempt"] == 2
    assert "return a + b" in (workspace / "calc.py").read_text()
    undo_last(str(workspace))
    assert (workspace / "calc.py").read_text() == stub


def test_each_failing_test_is_named_for_pytest_and_unittest():
    pytest_output = ("FAILED tests/test_a.py::test_b - assert 1 == 2\nERROR tests/test_c.py\n"
                     "ERROR tests/test_a.py::test_d - fixture 'x' not found\n1 failed, 2 errors in 0.1s\n")
    assert testing.failing(pytest_output, "pytest") == ["tests/test_a.py::test_b", "tests/test_a.py::test_d",
                                                        "tests/test_c.py"]
    unittest_output = ("ERROR: test_y (unittest.loader._FailedTest.test_y)\nFAIL: test_a (test_x.T.test_a)\n"
                       "Ran 3 tests in 0.001s\n")
    assert testing.failing(unittest_output, "unittest") == ["test_x.T.test_a", "test_y"]


def test_the_tests_a_request_names_are_matched_by_file_node_id_or_name():
    names = verdicts.named("fix calc.py so tests/test_calc.py and test_parse pass (see util_test.py::test_x)")
    assert names == ("tests/test_calc.py", "test_parse", "util_test.py::test_x")
    assert verdicts.matches("tests/test_calc.py::test_add", "test_calc.py")
    assert verdicts.matches("tests/test_p.py::TestP::test_parse[1]", "test_parse")
    assert not verdicts.matches("tests/test_p.py::test_parse_all", "test_parse")
