"""The checks verify runs on changed code: a check that crashes is a problem, and what passed is counted."""
import re

import pytest

from codey import checks
from codey.checks import doctests, pages
from codey.checks.probe import Probe
from codey.checks.result import File, Given, Result
from codey.workspace import project
from codey.app.config import Settings
from codey.memory.lifecycle import rss_mb


def check(workspace, *names, budget_mb: float = 4000, tests_within: float | None = None, stated=()):
    settings = Settings(memory_budget_mb=budget_mb, n_threads=2, n_threads_batch=2)
    return checks.check_code(list(names), str(workspace), settings, project.find(str(workspace)),
                             tests_within=tests_within, stated=stated)


def pages_of(workspace) -> Result:
    """The pages check of app.py, run as the registry runs it."""
    found = project.find(str(workspace))
    given = Given(str(workspace), found, Probe(str(workspace), found.python, found.env, 4000))
    return pages.run(File("app.py", workspace / "app.py", (workspace / "app.py").read_text()), given)


def test_a_flask_probe_that_crashes_is_a_problem_not_a_pass(tmp_path):
    pytest.importorskip("flask")
    (tmp_path / "app.py").write_text("import os\nfrom flask import Flask\n\napp = Flask(__name__)\n\n\n"
                                     "@app.route('/')\ndef index():\n    os._exit(1)\n")
    found = pages_of(tmp_path)
    assert (found.passed, found.failed, len(found.problems)) == (0, 1, 1)


def test_a_working_flask_app_passes_its_probe(tmp_path):
    pytest.importorskip("flask")
    (tmp_path / "app.py").write_text("from flask import Flask\n\napp = Flask(__name__)\n\n\n"
                                     "@app.route('/')\ndef index():\n    return 'hi'\n")
    found = pages_of(tmp_path)
    assert (found.passed, found.failed, found.problems) == (1, 0, [])


def test_checks_count_what_passed_and_keep_going_after_a_failure(tmp_path):
    (tmp_path / "calc.py").write_text('def add(a, b):\n    """\n    >>> add(1, 1)\n    2\n    >>> add(2, 2)\n    5\n    """\n'
                                      '    return a + b\n')
    (tmp_path / "test_calc.py").write_text("from calc import add\n\n\ndef test_one():\n    assert add(1, 2) == 3\n\n\n"
                                           "def test_two():\n    assert add(0, 0) == 1\n")
    problems, found = check(tmp_path, "calc.py")
    assert "add(2, 2)` should give 5 but gives 4" in problems[0] and "1 failed, 1 passed" in problems[1]
    assert (found["passed"], found["failed"]) == (2, 2)  # one of two doctests, one of two tests
    assert checks.score(found) == [2, 1.0]  # and calc.py compiled and loaded


def test_an_extra_file_that_merely_compiles_adds_nothing_to_the_score(tmp_path):
    """A candidate that leaves the file to change as it was and writes a new main.py besides must not outrank one
    that changes the file and passes the same checks; a new file that does not compile still counts against."""
    (tmp_path / "calc.py").write_text('def add(a, b):\n    """\n    >>> add(1, 1)\n    2\n    """\n    return a + b\n')
    (tmp_path / "main.py").write_text("from calc import add\n")
    (tmp_path / "broken.py").write_text("def main(:\n")
    alone = checks.score(check(tmp_path, "calc.py")[1])
    assert checks.score(check(tmp_path, "calc.py", "main.py")[1]) == alone == [1, 1.0]
    assert checks.score(check(tmp_path, "calc.py", "broken.py")[1]) < alone
    assert checks.score(check(tmp_path)[1]) < alone  # but a new file that compiles is further than none


def test_code_under_check_that_grows_without_bound_is_stopped_by_what_the_budget_leaves(tmp_path):
    (tmp_path / "grow.py").write_text("def grow():\n    found = []\n    while True:\n        found.append(bytearray(2**20))\n")
    (tmp_path / "test_grow.py").write_text("from grow import grow\n\n\ndef test_grow():\n    grow()\n\n\n"
                                           "def test_other():\n    assert True\n")
    problems, found = check(tmp_path, "grow.py", budget_mb=int(rss_mb()) + 300)
    assert (found["passed"], found["failed"]) == (1, 1)
    assert "MemoryError" in problems[0] and re.search(r"each check may use (2\d\d|3\d\d) MB", problems[0])


def test_a_doctest_that_never_finishes_is_reported_by_the_example_it_hung_on(tmp_path, monkeypatch):
    monkeypatch.setattr(doctests, "TIMEOUT_S", 3)
    (tmp_path / "loop.py").write_text('def spin(n):\n    """\n    >>> spin(0)\n    0\n    >>> spin(1)\n    1\n    """\n'
                                      "    while n:\n        pass\n    return n\n")
    problems, counted = check(tmp_path, "loop.py")
    assert "`spin(1)` does not finish within 3 s" in problems[0]
    assert counted["passed"] == 0 and counted["failed"] == 1


def test_the_project_tests_get_only_the_time_they_are_given(tmp_path):
    (tmp_path / "slow.py").write_text("import time\n\n\ndef wait():\n    time.sleep(60)\n")
    (tmp_path / "test_slow.py").write_text("from slow import wait\n\n\ndef test_wait():\n    wait()\n")
    _, found = check(tmp_path, "slow.py", tests_within=2)
    assert found["tests"] == "could_not_run" and "within 2 s" in found["tests_summary"]  # not the 60 s they need


def test_the_request_examples_are_checks_of_the_functions_they_call(tmp_path):
    (tmp_path / "cipher.py").write_text("def encode(s):\n    return s[::-1]\n")
    stated = [('encode("ab")', "'ba'"), ('encode("abc")', "'bca'"), ("decode('x')", "'x'")]
    problems, found = check(tmp_path, "cipher.py", stated=stated)
    assert problems == ["cipher.py does not do what the request's examples say:\n"
                        "`encode(\"abc\")` should give 'bca' but gives 'cba'"]
    assert (found["passed"], found["failed"], found["stated"]) == (1, 1, [1, 2])  # decode is not in cipher.py


@pytest.mark.parametrize("line, string", [("words = re.findall(r'[a-z]+(?:'[a-z]+)*', s)", "r'[a-z]+(?:'"),
                                          ("print('don't')", "'don'")])
def test_a_string_ending_at_a_quote_meant_to_be_inside_it_is_pointed_out(tmp_path, line, string):
    """Small models put an apostrophe or a quote-delimited regex inside the same quotes, and repeat it on retry."""
    (tmp_path / "words.py").write_text(f"import re\n\n\ndef f(s):\n    {line}\n")
    problems, _ = check(tmp_path, "words.py")
    assert problems[0].startswith("words.py does not compile") and f"The string {string} ends at a quote" in problems[0]


def test_a_syntax_error_that_is_not_a_quote_gets_no_quote_hint(tmp_path):
    (tmp_path / "calc.py").write_text("x = ['a' 'b' c d]\ny = 'abc' 1\n")
    problems, _ = check(tmp_path, "calc.py")
    assert "does not compile" in problems[0] and "ends at a quote" not in problems[0]
