"""The checks as a registry (issue 41): each changed file gets the checks that apply to it and no others, each check
returns a typed result, a probe that hangs is a failure, every command runs through the one probe runner, and the
report the rest of the program reads is what check_code gave before the registry."""
import string
import tempfile
from pathlib import Path

import pytest
from hypothesis import given as for_all, settings as examples_run, strategies as st

from codey import checks, sandbox
from codey.app.config import Settings
from codey.checks import calls, compiles, doctests, loads, pages
from codey.checks.probe import Probe
from codey.checks.result import File, Given
from codey.tools import shell
from codey.workspace import project

SETTINGS = Settings(memory_budget_mb=4000, n_threads=2, n_threads_batch=2)
CALC = 'def add(a, b):\n    """\n    >>> add(1, 1)\n    2\n    >>> add(2, 2)\n    5\n    """\n    return a + b\n'
CALC_TESTS = ("from calc import add\n\n\ndef test_one():\n    assert add(1, 2) == 3\n\n\n"
              "def test_two():\n    assert add(0, 0) == 1\n")
CIPHER = ('def encode(s):\n    """encode("ab") ==> "ba"\n    encode("") ==> "x"\n    """\n    return s[::-1]\n\n\n'
          'def shout(s):\n    return s.upper()\n')
FLASK_APP = ("from flask import Flask\n\napp = Flask(__name__)\n\n\n"
             "@app.route('/')\ndef index():\n    return 'hi'\n\n\n"
             "@app.route('/broken')\ndef broken():\n    return 1 / 0\n\n\n"
             "@app.route('/item/<int:n>')\ndef item(n):\n    return 1 / 0\n")


def write(workspace, files: dict[str, str]) -> None:
    for name, text in files.items():
        (workspace / name).write_text(text)


def given_in(workspace, **changes) -> Given:
    found = project.find(str(workspace))
    return Given(str(workspace), found, Probe(str(workspace), found.python, found.env, 4000), **changes)


def file_in(workspace, name: str) -> File:
    return File(name, workspace / name, (workspace / name).read_text())


def ran(workspace, name: str, **changes) -> dict:
    """The checks the registry ran on one file, by name, with their results."""
    return {r.check: r for r in checks.check_file(file_in(workspace, name), given_in(workspace, **changes))}


def test_each_file_gets_the_checks_that_apply_to_it_and_no_others(tmp_path):
    write(tmp_path, {"calc.py": CALC, "test_calc.py": CALC_TESTS, "calc_test.py": CALC_TESTS,
                     "plain.py": "def f(x):\n    return x\n", "cipher.py": CIPHER})
    assert list(ran(tmp_path, "test_calc.py")) == list(ran(tmp_path, "calc_test.py")) == ["compile"]  # not loaded
    assert list(ran(tmp_path, "plain.py")) == ["compile", "load"]  # no examples, no pages: no such checks
    assert list(ran(tmp_path, "calc.py")) == ["compile", "load", "doctests"]
    assert list(ran(tmp_path, "cipher.py")) == ["compile", "load", "examples"]
    given = {"stated": (("shout('a')", "'A'"), ("other(1)", "2")), "own_tests": (("encode('q')", "'q'"),)}
    assert list(ran(tmp_path, "cipher.py", **given)) == ["compile", "load", "examples", "stated", "own_tests"]
    assert list(ran(tmp_path, "plain.py", **given)) == ["compile", "load"]  # they call no function of plain.py


def test_a_gate_that_fails_ends_the_files_checks(tmp_path):
    write(tmp_path, {"broken.py": CALC.replace("return a + b", "return a +"),
                     "spin.py": "import a_module_nobody_installed\n" + CALC})
    assert list(ran(tmp_path, "broken.py")) == ["compile"]
    assert list(ran(tmp_path, "spin.py")) == ["compile", "load"]


def test_the_project_tests_run_once_on_the_change_when_every_file_compiles(tmp_path):
    write(tmp_path, {"calc.py": CALC, "test_calc.py": CALC_TESTS, "broken.py": "def f(:\n"})
    given = given_in(tmp_path, changed=("calc.py",))
    assert [r.check for r in checks.run(["calc.py"], given)] == ["compile", "load", "doctests", "tests"]
    assert "tests" not in [r.check for r in checks.run(["calc.py", "broken.py"], given)]


def test_each_check_returns_its_typed_result(tmp_path):
    write(tmp_path, {"calc.py": CALC, "test_calc.py": CALC_TESTS, "cipher.py": CIPHER, "broken.py": "def f(:\n"})
    results = ran(tmp_path, "cipher.py", stated=(("shout('a')", "'B'"),), own_tests=(("shout('x')", "'Y'"),))
    assert (results["compile"].passed, results["load"].passed) == (1, 1)
    examples = results["examples"]
    assert (examples.count, examples.passed, examples.behaviour) == (2, 1, ["'ba'", "''"])
    assert (results["stated"].passed, results["stated"].failed, len(results["stated"].problems)) == (0, 1, 1)
    own = results["own_tests"]
    assert (own.passed, own.failed, own.problems) == (0, 1, [])  # the model's guesses rank, they are never problems
    assert ran(tmp_path, "broken.py")["compile"].failed == 1
    found = ran(tmp_path, "calc.py")["doctests"]
    assert (found.passed, found.failed, found.behaviour) == (1, 1, ["`add(2, 2)` should give 5 but gives 4"])
    tests = checks.run(["calc.py"], given_in(tmp_path, changed=("calc.py",)))[-1]
    assert (tests.outcome, tests.passed, tests.failed, tests.failing) == ("failed", 1, 1, ["test_calc.py::test_two"])


HANGS = {
    "load": ({"spin.py": "while True:\n    pass\n"}, loads),
    "doctests": ({"spin.py": 'def spin():\n    """\n    >>> spin()\n    """\n    while True:\n        pass\n'},
                 doctests),
    "examples": ({"spin.py": 'def spin(n):\n    """spin(1) ==> 1"""\n    while True:\n        pass\n'}, calls),
    "pages": ({"spin.py": "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.route('/')\n"
                          "def index():\n    while True:\n        pass\n"}, pages),
    "tests": ({"spin.py": "def spin():\n    while True:\n        pass\n",
               "test_spin.py": "from spin import spin\n\n\ndef test_spin():\n    spin()\n"}, None),
}


@pytest.mark.parametrize("check", list(HANGS))
def test_a_probe_that_hangs_is_a_failure_never_a_pass(tmp_path, monkeypatch, check):
    files, module = HANGS[check]
    if check == "pages":
        pytest.importorskip("flask")
    if module:
        monkeypatch.setattr(module, "TIMEOUT_S", 2)
    write(tmp_path, files)
    results = checks.run(["spin.py"], given_in(tmp_path, changed=("spin.py",), tests_within=2))
    result = next(r for r in results if r.check == check)
    assert result.passed == 0 and result.problems
    assert result.failed == 1 or check == "tests"  # the tests that did not finish are not counted either way
    assert checks.aggregate(["spin.py"], results)["passed"] == 0


FIXTURES = {  # (files, changed, what check_code is given besides, the report it gave before the registry)
    "doctests and the project's tests": (
        {"calc.py": CALC, "test_calc.py": CALC_TESTS}, ["calc.py"], {},
        {"files": ["calc.py"], "compiled": ["calc.py"], "loaded": ["calc.py"], "doctests": ["calc.py"], "examples": [],
         "tests": "failed", "passed": 2, "failed": 2,
         "behaviour": ["`add(2, 2)` should give 5 but gives 4", "test_calc.py::test_two"],
         "tests_summary": "tests failed: 1 failed, 1 passed", "tests_failing": ["test_calc.py::test_two"],
         "tests_timed_out": False}, 2),
    "examples, stated examples and own tests": (
        {"cipher.py": CIPHER, "notes.txt": "notes\n",
         "test_cipher.py": 'from cipher import encode\n\n\ndef test_encode():\n    """\n    >>> 1 + 1\n    2\n    """\n'
                           '    assert encode("ab") == "ba"\n'},
        ["cipher.py", "test_cipher.py", "notes.txt"],
        {"stated": [('encode("abc")', "'cba'"), ("shout('a')", "'B'"), ("other(1)", "2")],
         "own_tests": [["shout('x')", "'X'"], ["encode('q')", "'q'"], ["nothing(1)", "1"]]},
        {"files": ["cipher.py", "test_cipher.py"], "compiled": ["cipher.py", "test_cipher.py"], "loaded": ["cipher.py"],
         "doctests": ["test_cipher.py"], "examples": ["cipher.py"], "tests": "passed", "passed": 6, "failed": 2,
         "behaviour": ["'ba'", "''", "'cba'", "'A'", "'X'", "'q'"], "stated": [1, 2], "own_tests": [2, 2],
         "tests_summary": "tests passed (1 passed)", "tests_failing": [], "tests_timed_out": False}, 2),
    "files that do not compile or load": (
        {"words.py": "import re\n\n\ndef f(s):\n    print('don't')\n",
         "main.py": "def run():\n    return 1\n\n\nif __name__ == '__main__':\n    main()\n",
         "missing.py": "import a_module_nobody_installed\n", "test_words.py": "def test_x():\n    assert True\n"},
        ["words.py", "main.py", "missing.py"], {},
        {"files": ["words.py", "main.py", "missing.py"], "compiled": ["main.py", "missing.py"], "loaded": [],
         "doctests": [], "examples": [], "tests": None, "passed": 0, "failed": 0,
         "behaviour": ["words.py does not compile", "main.py does not load", "missing.py does not load"]}, 3),
}


@pytest.mark.parametrize("fixture", list(FIXTURES))
def test_the_report_is_what_check_code_gave_before_the_registry(tmp_path, fixture):
    files, changed, extra, before, problems = FIXTURES[fixture]
    write(tmp_path, files)
    found, report = checks.check_code(changed, str(tmp_path), SETTINGS, project.find(str(tmp_path)), **extra)
    report.pop("tests_seconds", None)
    assert report == before and len(found) == problems


def test_an_app_of_a_framework_the_check_knows_gets_its_get_pages_without_arguments_requested(tmp_path):
    """A page that needs arguments is not requested (no value is known for them); every other GET page must render."""
    pytest.importorskip("flask")
    views = FLASK_APP.replace("from flask import Flask", "import flask").replace("= Flask(", "= flask.Flask(")
    write(tmp_path, {"app.py": FLASK_APP, "views.py": views,
                     "blueprint.py": "import flask\n\nbp = flask.Blueprint('bp', __name__)\n"})
    for name in ("app.py", "views.py"):
        found = ran(tmp_path, name)["pages"]
        assert (found.passed, found.failed) == (0, 1) and "/broken" in found.problems[0]
        assert "/item" not in found.problems[0]
    assert "pages" not in ran(tmp_path, "blueprint.py")  # it imports the framework but makes no app


def test_every_command_a_check_runs_is_under_the_memory_cap_and_confined_to_its_scratch_copy(tmp_path, monkeypatch):
    pytest.importorskip("flask")
    (tmp_path / "ws").mkdir()
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))  # scratch copies under this test's folder
    write(tmp_path / "ws", {"calc.py": CALC, "test_calc.py": CALC_TESTS, "cipher.py": CIPHER, "app.py": FLASK_APP})
    seen, real = [], shell.run

    def spy(command, cwd, timeout, env=None):
        seen.append((shell.CAP_MB.get(), shell.CONFINED.get()))
        return real(command, cwd, timeout, env)

    with sandbox.scratch(tmp_path / "ws") as copy:
        found = project.find(str(copy))
        monkeypatch.setattr(shell, "run", spy)
        checks.check_code(["calc.py", "cipher.py", "app.py"], str(copy), SETTINGS, found,
                          stated=[("shout('a')", "'A'")], own_tests=[["shout('x')", "'X'"]], confined=True)
    assert len(seen) == 9  # 3 loads, doctests, examples, stated, own tests, pages, the project's tests
    assert all(cap and confinement and confinement.writable == str(copy.parent.parent) for cap, confinement in seen)


@examples_run(max_examples=40, deadline=None, database=None)
@for_all(st.sampled_from("'\""), st.text(string.ascii_letters + " ", min_size=1, max_size=10),
         st.text(string.ascii_letters + " ", max_size=10))
def test_a_syntax_error_that_escaping_one_quote_would_fix_gets_a_hint_naming_that_string(quote, before, after):
    """Whatever the string: a quote inside a string written with the same quotes ends it early."""
    text = f"x = len({quote}{before}{quote}{after}{quote})\n"
    found = compiles.run(File("m.py", Path("m.py"), text), None)
    assert found.failed == 1 and f"The string {quote}{before}{quote} ends at a quote" in found.problems[0]


def test_a_syntax_error_that_is_not_a_quote_gets_no_quote_hint():
    found = compiles.run(File("m.py", Path("m.py"), "x = ['a' 'b' c d]\ny = 'abc' 1\n"), None)
    assert found.failed == 1 and "ends at a quote" not in found.problems[0]
