"""Graph logic on a scripted model: which nodes run, what lands on disk, what the checkpoint holds."""
import sqlite3

HELLO = 'hello.py\n```python\nprint("hello world")\n```\n'
BROKEN = 'hello.py\n```python\nprint("hello world"\n```\n'


def asked(prompt):
    """The last user message of a prompt (a prefill of the reply may follow it)."""
    return [text for role, text in prompt if role == "user"][-1]


def second_prompt(run_graph, workspace, request, replies):
    """Run a request whose second reply succeeds; the user message the model was given the second time."""
    outcome, models = run_graph(request, workspace, replies)
    assert outcome["state"]["status"] == "done"
    return asked(models.chat.prompts[1])


def nodes(outcome):
    return [s["node"] for s in outcome["state"]["steps"]]


def test_tool_request_never_touches_a_model(run_graph, workspace):
    outcome, models = run_graph("git status", workspace)
    assert outcome["state"]["status"] == "done"
    assert nodes(outcome) == ["route", "run_tool", "verify"]
    assert models.resident == {} and "working tree clean" in outcome["state"]["tasks"][0]["output"]


def test_code_request_loads_codes_verifies_and_unloads(run_graph, workspace):
    outcome, models = run_graph("create a Python script hello.py that prints hello world", workspace, [HELLO])
    state = outcome["state"]
    assert nodes(outcome) == ["route", "load_model", "code", "verify", "unload"]
    assert state["status"] == "done" and state["files_changed"] == ["hello.py"]
    assert (workspace / "hello.py").read_text() == 'print("hello world")\n'
    assert models.unloaded == ["coder"]
    assert models.chat.prompts[0][-1] == ("assistant", "hello.py\n```python\n")  # the reply starts in the file


def test_failed_verification_feeds_the_error_back(run_graph, workspace):
    outcome, models = run_graph("create hello.py that prints hello world", workspace, [BROKEN, HELLO])
    assert outcome["state"]["status"] == "done"
    assert nodes(outcome).count("code") == 2
    retry_prompt = asked(models.chat.prompts[1])
    assert "does not compile" in retry_prompt
    assert (workspace / "hello.py").read_text() == 'print("hello world")\n'


def test_exhausted_attempts_restore_the_original_file(run_graph, workspace):
    (workspace / "hello.py").write_text("print('original')\n")
    outcome, _ = run_graph("fix hello.py", workspace, [BROKEN, BROKEN], max_attempts=2)
    assert outcome["state"]["status"] == "failed"
    assert (workspace / "hello.py").read_text() == "print('original')\n"


def test_placeholder_replies_are_never_applied(run_graph, workspace):
    (workspace / "app.py").write_text("def a():\n    return 1\n\n\ndef b():\n    return 2\n")
    lazy = "app.py\n```python\ndef a():\n    return 10\n\n# ... rest of the code unchanged\n```\n"
    outcome, _ = run_graph("change a in app.py to return 10", workspace, [lazy], max_attempts=1)
    assert outcome["state"]["status"] == "failed"
    assert "def b()" in (workspace / "app.py").read_text()


def test_plan_runs_each_step_in_order(run_graph, workspace):
    outcome, _ = run_graph("create a directory named lib, then commit with message 'add lib'", workspace, yes=True)
    state = outcome["state"]
    assert [t["tool"] for t in state["tasks"]] == ["mkdir", "git_commit"]
    assert state["status"] == "failed"  # an empty directory gives git nothing to commit
    assert state["tasks"][0]["status"] == "done" and "nothing to commit" in state["error"]


def test_destructive_tool_is_refused_without_approval(run_graph, workspace):
    (workspace / "dist").mkdir()
    outcome, _ = run_graph("remove the dist folder", workspace)
    assert outcome["state"]["status"] == "refused" and (workspace / "dist").is_dir()
    outcome, _ = run_graph("remove the dist folder", workspace, yes=True)
    assert outcome["state"]["status"] == "done" and not (workspace / "dist").exists()


def test_every_run_is_checkpointed_in_the_workspace(run_graph, workspace):
    outcome, _ = run_graph("list files", workspace)
    db = sqlite3.connect(workspace / ".codey" / "checkpoints.sqlite")
    threads = {row[0] for row in db.execute("select thread_id from checkpoints")}
    assert outcome["thread_id"] in threads
    assert ".codey/" in (workspace / ".git" / "info" / "exclude").read_text().splitlines()
    assert "codey" not in (workspace / ".gitignore").read_text() if (workspace / ".gitignore").exists() else True


def test_undo_restores_the_last_steps_files(run_graph, workspace):
    from codey.workspace.undo import undo_last

    (workspace / "app.py").write_text("x = 1\n")
    run_graph("change app.py", workspace, ['app.py\n```python\nx = 2\n```\n'])
    (workspace / "dist").mkdir()
    (workspace / "dist" / "a.js").write_text("a")
    run_graph("remove the dist folder", workspace, yes=True)
    assert not (workspace / "dist").exists()
    undo_last(str(workspace))
    assert (workspace / "dist" / "a.js").read_text() == "a"
    undo_last(str(workspace))
    assert (workspace / "app.py").read_text() == "x = 1\n"


def test_retries_start_again_from_the_original_files_at_a_higher_temperature(run_graph, workspace):
    (workspace / "hello.py").write_text("print('original')\n")
    outcome, models = run_graph("change hello.py to print hello world", workspace, [BROKEN, HELLO])
    assert outcome["state"]["status"] == "done"
    assert models.chat.temperatures == [0.0, 0.6]
    retry = asked(models.chat.prompts[1])
    assert "hello.py:\n```python\nprint('original')" in retry and "does not compile" in retry


def test_a_wrong_docstring_example_is_reported_as_call_expected_and_got(run_graph, workspace):
    stub = 'def double(n):\n    """\n    >>> double(2)\n    4\n    """\n'
    (workspace / "solution.py").write_text(stub)
    wrong, right = (f"solution.py\n```python\n{stub}    return n {op}\n```\n" for op in ("+ 3", "* 2"))
    assert "`double(2)` should give 4 but gives 5" in second_prompt(run_graph, workspace, "implement double in solution.py",
                                                                    [wrong, right])



def test_a_prose_docstring_example_is_checked_like_a_doctest(run_graph, workspace):
    stub = 'def shout(word):\n    """Upper-case and exclaim.\n\n    shout("hi") ➞ "HI!"\n    """\n'
    (workspace / "solution.py").write_text(stub)
    wrong, right = (f"solution.py\n```python\n{stub}    return {body}\n```\n" for body in ("word + '!'", "word.upper() + '!'"))
    assert "`shout(\"hi\")` should give 'HI!' but gives 'hi!'" in second_prompt(run_graph, workspace,
                                                                             "implement shout in solution.py", [wrong, right])


def test_a_docstring_example_doctest_cannot_read_does_not_fail_correct_code(run_graph, workspace):
    stub = 'def join(a, b):\n    """\n    >>> join("x", "y\\nz")\n    \'xy\\nz\'\n    >>> join("a", "b")\n    \'ab\'\n    """\n'
    (workspace / "solution.py").write_text(stub)
    right = f"solution.py\n```python\n{stub}    return a + b\n```\n"
    outcome, _ = run_graph("implement join in solution.py", workspace, [right], max_attempts=2)
    assert outcome["state"]["status"] == "done" and outcome["state"]["verify"]["attempts"] == 1
    assert outcome["state"]["verify"]["unreadable_examples"] == ['>>> join("x", "y']


def test_giving_up_names_the_example_that_still_fails(run_graph, workspace):
    stub = 'def double(n):\n    """double(2) ==> 4"""\n'
    (workspace / "solution.py").write_text(stub)
    wrong = f"solution.py\n```python\n{stub}    return n + 3\n```\n"
    outcome, _ = run_graph("implement double in solution.py", workspace, [wrong, wrong], max_attempts=2)
    assert outcome["state"]["error"].endswith("fail: `double(2)` should give 4 but gives 5")
    assert (workspace / "solution.py").read_text() == stub


def test_failing_tests_are_reported_with_pytests_counts(run_graph, workspace):
    (workspace / "test_calc.py").write_text("from calc import add\n\ndef test_add():\n    assert add(2, 2) == 4\n\n"
                                            "def test_zero():\n    assert add(0, 0) == 0\n")
    wrong = "calc.py\n```python\ndef add(a, b):\n    return a - b\n```\n"
    outcome, _ = run_graph("create calc.py with add(a, b)", workspace, [wrong], max_attempts=1)
    assert outcome["state"]["status"] == "failed"
    assert outcome["state"]["error"].endswith("still failing: tests failed: 1 failed, 1 passed")

def test_plan_steps_see_files_written_by_earlier_steps(run_graph, workspace):
    first = 'app.py\n```python\nROUTES = []\n```\n'
    second = 'app.py\n```python\nROUTES = ["/"]\n```\n'
    assert "ROUTES = []" in second_prompt(run_graph, workspace, "create app.py with a ROUTES list, then add a route",
                                          [first, second])


PLAN = ('{"steps": [{"action": "create greet.py with a function greet(name)", "kind": "code", "only_if": "always"}, '
        '{"action": "run the tests", "kind": "tool", "only_if": "always"}, '
        '{"action": "commit with message \'add greeter\'", "kind": "tool", "only_if": "previous step passed"}]}')
GREET = 'greet.py\n```python\ndef greet(name):\n    return "Hello, " + name\n```\n'


def test_a_request_the_rules_cannot_split_is_planned_by_the_model(run_graph, workspace):
    outcome, models = run_graph("scaffold a greeter package", workspace, [PLAN, GREET], yes=True)  # it commits
    tasks = outcome["state"]["tasks"]
    assert [t["tool"] or t["route"] for t in tasks] == ["code", "run_tests", "git_commit"]
    assert tasks[2]["condition"]["step"] == 1 and tasks[2]["condition"]["when"] == "passed"
    assert (workspace / "greet.py").exists()
    assert [t["status"] for t in tasks] == ["done", "failed", "skipped"]  # no tests collected: nothing committed


def test_an_invalid_plan_is_retried_once_then_reported(run_graph, workspace):
    outcome, models = run_graph("scaffold a greeter package", workspace, ["steps: greet.py", '{"steps": []}'])
    state = outcome["state"]
    assert state["status"] == "failed" and "could not make a plan" in state["error"]
    assert len(models.chat.prompts) == 2 and "not a valid plan" in models.chat.prompts[1][-1][1]
    assert sorted(p.name for p in workspace.iterdir()) == [".codey", ".git", "README.md"]


def test_a_main_guard_calling_an_undefined_function_is_sent_back(run_graph, workspace):
    bad = 'tool.py\n```python\ndef run():\n    print("hi")\n\n\nif __name__ == "__main__":\n    main()\n```\n'
    retry = second_prompt(run_graph, workspace, "create tool.py that prints hi", [bad, bad.replace("    main()", "    run()")])
    assert "calls main(), which the file does not define" in retry
    assert (workspace / "tool.py").read_text().endswith("    run()\n")


def test_a_bug_fix_reasons_first_and_may_reply_with_only_the_fixed_function(run_graph, workspace):
    (workspace / "calc.py").write_text("def total(xs):\n    return sum(xs[1:])\n\n\ndef mean(xs):\n    return total(xs) / len(xs)\n")
    reply = "The bug is the slice: it skips the first item.\n```python\ndef total(xs):\n    return sum(xs)\n```\n"
    outcome, models = run_graph("fix the bug in line 2 of calc.py", workspace, [reply])
    assert outcome["state"]["status"] == "done"
    assert models.chat.prompts[0][-1] == ("assistant", "The bug is")
    assert "holding only the corrected total" in asked(models.chat.prompts[0])
    assert (workspace / "calc.py").read_text() == "def total(xs):\n    return sum(xs)\n\n\ndef mean(xs):\n    return total(xs) / len(xs)\n"


def test_a_package_the_project_does_not_have_is_sent_back_to_be_written_without(run_graph, workspace):
    missing = "hn.py\n```python\nfrom lxmlsoup import Soup\n```\n"  # a package no environment here has
    stdlib = "hn.py\n```python\nfrom html.parser import HTMLParser\n```\n"
    assert "imports lxmlsoup, which is not installed" in second_prompt(run_graph, workspace,
                                                                           "create hn.py that parses html",
                                                                           [missing, stdlib])


def test_only_a_certain_single_target_file_prefills_the_reply(workspace):
    from codey.coder.spec import target_file

    (workspace / "utils.py").write_text("def f():\n    pass\n")
    assert target_file("implement f in utils.py", ["utils.py"], str(workspace)) == "utils.py"
    assert target_file("add a hello route", ["utils.py", "README.md"], str(workspace)) == "utils.py"
    assert target_file("write tests for utils.py", ["utils.py"], str(workspace)) is None
    assert target_file("move f from utils.py to helpers.py", ["utils.py"], str(workspace)) is None


CALC_STUB = "def add(a, b):\n    pass\n\n\ndef sub(a, b):\n    pass\n"
CALC_TESTS = ("from calc import add, sub\n\n\ndef test_add():\n    assert add(1, 2) == 3\n\n\n"
              "def test_add_twos():\n    assert add(2, 2) == 4\n\n\ndef test_sub():\n    assert sub(5, 3) == 2\n")


def calc(add: str, sub: str) -> str:
    return f"calc.py\n```python\ndef add(a, b):\n    return {add}\n\n\ndef sub(a, b):\n    return {sub}\n```\n"


def test_giving_up_keeps_the_attempt_that_passed_the_most_tests_and_undo_restores_the_stub(run_graph, workspace):
    from codey.workspace.undo import undo_last

    (workspace / "calc.py").write_text(CALC_STUB)
    (workspace / "test_calc.py").write_text(CALC_TESTS)
    replies = [BROKEN.replace("hello.py", "calc.py"), calc("a + b", "a + b"), calc("a * b", "a + b")]
    outcome, _ = run_graph("implement add and sub in calc.py", workspace, replies, candidates=1)
    state = outcome["state"]
    assert state["status"] == "failed" and "kept attempt 2" in state["error"]
    assert state["error"].endswith("still failing: tests failed: 1 failed, 2 passed")
    assert (workspace / "calc.py").read_text() == calc("a + b", "a + b").split("```python\n")[1].split("```")[0]
    undo_last(str(workspace))
    assert (workspace / "calc.py").read_text() == CALC_STUB


def test_giving_up_restores_the_stub_when_no_attempt_beat_it(run_graph, workspace):
    (workspace / "calc.py").write_text(CALC_STUB)
    (workspace / "test_calc.py").write_text(CALC_TESTS)
    outcome, _ = run_graph("implement add and sub in calc.py", workspace, [calc("0", "0"), calc("None", "0")],
                           max_attempts=2, candidates=1)
    assert outcome["state"]["status"] == "failed" and "kept" not in outcome["state"]["error"]
    assert (workspace / "calc.py").read_text() == CALC_STUB
