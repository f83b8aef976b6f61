"""The code node's guards against habits of small models, each named by the general case it serves."""
from codey.coder.context import build_messages, small_project, unimplemented
from codey.coder.prompts import EXAMPLE
from codey.coder.spec import may_change, read
from codey.memory.batch import looping
from codey.coder.context import echoes_example
from codey.coder.reply import prose_after_block


def unasked(path, request, workspace):
    return not may_change(read(request, workspace), path, workspace)


def task(request, workspace):
    return {"request": request, "route": "code", "spec": read(request, str(workspace))}


def test_edits_to_docs_or_existing_tests_that_the_task_did_not_ask_for_are_dropped(workspace):
    (workspace / "test_calc.py").write_text("def test_add():\n    assert True\n")
    assert unasked("README.md", "add a subtract function to calc.py", str(workspace))
    assert not unasked("README.md", "document the new flag in the readme", str(workspace))
    assert unasked("test_calc.py", "fix the bug in calc.py", str(workspace))  # the failing test is the spec
    assert not unasked("test_calc.py", "add tests for subtract", str(workspace))
    assert not unasked("test_new.py", "fix the bug in calc.py", str(workspace))  # a new file is not a rewrite
    assert not unasked("calc.py", "fix the bug in calc.py", str(workspace))


def test_an_existing_test_file_is_rewritten_only_when_the_request_asks_to_change_tests(workspace):
    """Mentioning tests is not asking to change them: a candidate that rewrites them could pass them by weakening
    them, and the user's tests would be lost."""
    (workspace / "calc_test.py").write_text("def test_add():\n    assert True\n")
    in_passing = ["The tests are correct, don't try and change them. Fix the code in calc.py.",
                  "Keep the names, as they may be referenced from other code like unit tests.",
                  "FAILED calc_test.py::test_add - AssertionError\nFix the code in calc.py to resolve the errors.",
                  "don't modify the tests", "run the tests and fix calc.py"]
    assert all(unasked("calc_test.py", r, str(workspace)) for r in in_passing)
    asked = ["fix calc_test.py", "update the tests for the new API", "add a test case for empty input",
             "Fix the failing test in calc_test.py"]
    assert not any(unasked("calc_test.py", r, str(workspace)) for r in asked)


def test_a_reply_that_repeats_itself_is_recognised_before_max_tokens():
    assert looping("x = 1\n" + "print('again and again')\n" * 40)
    assert not looping("".join(f"def f{i}(x):\n    return x + {i}\n\n" for i in range(40)))


def test_a_block_copied_from_the_worked_example_is_not_taken_for_the_answer():
    copied = EXAMPLE[1][1].split("```python\n")[1].split("```")[0]
    assert echoes_example(copied)
    assert not echoes_example("def main():\n    print('hello')\n") and not echoes_example("")


def test_after_the_file_block_closes_only_another_file_is_worth_waiting_for():
    assert prose_after_block("calc.py\n```python\nx = 1\n```\nThis sets x to one.\nIt is")
    assert not prose_after_block("calc.py\n```python\nx = 1\n```\nutils.py\n```python\n")
    assert not prose_after_block("calc.py\n```python\nx = 1\n")


def test_functions_left_as_stubs_are_named_as_the_code_to_write(workspace, settings):
    """Asked to "implement" a file of stubs, a 1.5B model often echoes the stubs back: the prompt names them."""
    stubs = 'def area(r):\n    """The area of a circle."""\n\n\ndef grow(xs):\n    pass\n\n\ndef done():\n    return 1\n'
    assert unimplemented("shapes.py", stubs) == ["area", "grow"]
    assert unimplemented("notes.md", stubs) == [] and unimplemented("broken.py", "def f(:\n") == []
    (workspace / "shapes.py").write_text(stubs)
    asked = build_messages(task("implement shapes.py", workspace), str(workspace), settings())[-2][1]
    assert asked.endswith("Complete the code: write the body of area, grow.")
    (workspace / "shapes.py").write_text("def done():\n    return 1\n")
    asked = build_messages(task("rename done in shapes.py", workspace), str(workspace), settings())[-2][1]
    assert "Complete the code" not in asked


def test_a_request_naming_no_file_sees_all_the_code_of_a_small_project_only(workspace):
    """A request like "add a /health route" names nothing: in a project of a few small files it needs them all."""
    (workspace / "app.py").write_text("from flask import Flask\napp = Flask(__name__)\n")
    (workspace / "models.py").write_text("USERS = []\n")
    files = ["README.md", "app.py", "models.py"]
    assert small_project(str(workspace), files, budget_chars=4000) == ["app.py", "models.py"]
    assert small_project(str(workspace), files, budget_chars=20) == []  # too big to show whole
    for i in range(6):
        (workspace / f"m{i}.py").write_text("x = 1\n")
    assert small_project(str(workspace), files + [f"m{i}.py" for i in range(6)], budget_chars=4000) == []


def test_a_file_named_at_the_end_of_a_sentence_is_shown_to_the_model(workspace, settings):
    """"…the bug in calc.py." ends with a full stop that is not part of the name."""
    (workspace / "calc.py").write_text("def add(a, b):\n    return a - b\n")
    for name in ("notes.py", "more.py", "other.py", "extra.py", "misc.py", "last.py"):  # too many to show them all
        (workspace / name).write_text("x = 1\n")
    asked = build_messages(task("Fix the bug in calc.py.", workspace), str(workspace), settings())
    assert "return a - b" in asked[-2][1]
