"""Code no tests check (at most a few examples): the model writes tests from the task, and they choose between the
greedy attempt and a few more candidates. They are guesses: they rank below any given check, they never fail a run."""
from codey.coder import own_tests


def test_asserts_become_calls_with_expected_values_and_anything_else_is_dropped():
    reply = ("```python\nassert slug('A b') == 'a-b'\nassert not is_even(3)\nassert is_even(4)\n"
             "assert slug(x) == 'y'\nassert other(1) == 2\nassert len(slug('a')) == 1\nassert slug('A b') == 'a-b'\n```")
    assert own_tests.parse(reply, {"slug", "is_even"}) == [
        ("slug('A b')", "'a-b'"), ("is_even(3)", "False"), ("is_even(4)", "True")]


def test_the_ask_follows_the_coders_own_prompt_and_shows_signatures_never_the_code():
    conversation = [("system", "You are Codey"), ("user", "Task: write double(n) in calc.py"),
                    ("assistant", "calc.py\n```python\n")]
    files = {"calc.py": 'def double(n: int) -> int:\n    """Twice n, as the code says."""\n    return n + 2\n\n\n'
                        'def _helper():\n    pass\n'}
    asked = own_tests.messages(conversation, files)
    assert asked[:2] == conversation[:2] and asked[2][0] == "user"  # the prompt's KV cache is reused, not reread
    assert "def double(n: int) -> int: ..." in asked[2][1]
    assert "n + 2" not in asked[2][1] and "Twice n" not in asked[2][1] and "_helper" not in asked[2][1]


def file_reply(body: str) -> str:
    return f"calc.py\n```python\ndef double(n):\n    return {body}\n```\n"


TESTS = "```python\nassert double(2) == 4\nassert double(5) == 10\nassert double(0) == 0\n```"


def test_a_wrong_greedy_attempt_loses_to_a_candidate_that_passes_the_models_tests(run_graph, workspace):
    drawn = [file_reply("n + 3"), file_reply("n * 2"), file_reply("n ** 2")]
    outcome, models = run_graph("write a function double(n) in calc.py that returns twice n", workspace,
                                [file_reply("n + 2"), TESTS, drawn], candidates=4)
    state = outcome["state"]
    assert state["status"] == "done"
    assert "return n * 2" in (workspace / "calc.py").read_text()
    assert state["verify"]["own_tests"] == [3, 3] and state["verify"]["chosen"] == 3
    asked = models.chat.prompts[1]
    assert asked[:-1] == models.chat.prompts[0][:-1]  # the coder's prompt for the task, then the ask
    assert "def double(n): ..." in asked[-1][1] and "return n + 2" not in asked[-1][1]


def test_an_attempt_passing_them_is_kept_without_drawing_more_and_failing_them_is_no_failure(run_graph, workspace):
    outcome, models = run_graph("write a function double(n) in calc.py", workspace, [file_reply("n * 2"), TESTS],
                                candidates=4)
    assert outcome["state"]["verify"]["chosen"] == 1 and outcome["state"]["verify"]["own_tests"] == [3, 3]
    assert len(models.chat.prompts) == 2  # the attempt and the tests: nothing more was drawn
    assert "return n * 2" in (workspace / "calc.py").read_text()
    wrong_tests = "```python\nassert triple(2) == 5\n```"
    outcome, _ = run_graph("write a function triple(n) in calc.py", workspace,
                           [file_reply("n * 3").replace("double", "triple"), wrong_tests,
                            [file_reply("n + 1").replace("double", "triple")]], candidates=4)
    assert outcome["state"]["status"] == "done" and outcome["state"]["verify"]["own_tests"] == [0, 1]
    assert "return n * 3" in (workspace / "calc.py").read_text()


def test_an_attempt_failing_only_one_of_the_models_tests_is_kept_without_drawing_more(run_graph, workspace):
    """One wrong guess among the model's tests is more often the guess's mistake than the code's: it costs no draw."""
    one_wrong = "```python\nassert double(2) == 4\nassert double(5) == 11\nassert double(0) == 0\n```"
    outcome, models = run_graph("write a function double(n) in calc.py", workspace,
                                [file_reply("n * 2"), one_wrong, [file_reply("2 * n + 1")] * 3], candidates=4)
    assert outcome["state"]["status"] == "done" and outcome["state"]["verify"]["own_tests"] == [2, 3]
    assert len(models.chat.prompts) == 2  # the attempt and the tests: nothing more was drawn
    assert "return n * 2" in (workspace / "calc.py").read_text()


def checked_reply(body: str) -> str:
    return f'calc.py\n```python\ndef double(n):\n    """double(2) ==> 4"""\n    return {body}\n```\n'


def test_an_attempt_passing_its_few_examples_is_still_tested_and_a_candidate_passing_more_replaces_it(run_graph,
                                                                                                      workspace):
    tests = "```python\nassert double(5) == 10\nassert double(0) == 0\n```"
    drawn = [checked_reply("n ** 2"), checked_reply("n * 2"), checked_reply("n + 2")]
    outcome, models = run_graph("write double(n) in calc.py", workspace, [checked_reply("n + 2"), tests, drawn],
                                candidates=4)
    state = outcome["state"]
    assert state["status"] == "done" and state["verify"]["chosen"] == 3
    assert "return n * 2" in (workspace / "calc.py").read_text()
    assert "double(2) ==> 4" not in models.chat.prompts[1][-1][1]  # the attempt wrote that docstring: not the spec


def test_the_models_tests_never_outweigh_an_example_the_task_gives(run_graph, workspace):
    wrong = "```python\nassert double(3) == 7\nassert double(4) == 9\n```"
    outcome, _ = run_graph("write double(n) in calc.py", workspace,
                           [checked_reply("n * 2"), wrong, [checked_reply("2 * n + 1")] * 3], candidates=4)
    assert outcome["state"]["status"] == "done" and outcome["state"]["verify"]["chosen"] == 1
    assert "return n * 2" in (workspace / "calc.py").read_text()


def test_an_attempt_passing_the_examples_its_task_gives_is_kept_without_the_models_tests(run_graph, workspace):
    """Examples from the task (the stub's docstring, the request's text) are the surer check: the model's tests after
    they passed won 2 HumanEval problems and lost 1 of 164, for a round of tests on every one."""
    stub = 'def double(n):\n    """Twice n.\n\n    double(2) ==> 4\n    """\n'
    for request, before in (("implement double in calc.py according to its docstring", stub),
                            ("write double(n) in calc.py: double(3) returns 6", None)):
        if before:
            (workspace / "calc.py").write_text(before)
        reply = f"calc.py\n```python\n{before or 'def double(n):'}\n    return n * 2\n```\n"
        outcome, models = run_graph(request, workspace, [reply, TESTS], candidates=4)
        assert outcome["state"]["status"] == "done"
        assert [s["status"] for s in outcome["state"]["steps"] if s["node"] == "verify"] == ["ok"]
        assert len(models.chat.prompts) == 1  # the attempt only: no tests asked for, nothing more drawn
        (workspace / "calc.py").unlink()


def test_code_the_projects_tests_check_or_that_has_nothing_to_call_is_not_sampled_again(run_graph, workspace):
    (workspace / "test_calc.py").write_text("from calc import double\n\n\ndef test_double():\n"
                                            "    assert double(3) == 6\n")
    script = "hello.py\n```python\nprint('hello')\n```\n"
    for request, reply in (("write double(n) in calc.py", checked_reply("n * 2")), ("write hello.py printing hello", script)):
        outcome, models = run_graph(request, workspace, [reply], candidates=4)
        assert outcome["state"]["status"] == "done"
        assert [s["status"] for s in outcome["state"]["steps"] if s["node"] == "verify"] == ["ok"]


class Listing:
    """A chat model that streams a reply line by line, counting the lines it was made to write."""

    def __init__(self, reply: str):
        self.lines, self.sent = reply.splitlines(keepends=True), 0

    def stream(self, messages, temperature=0.0, max_tokens=None):
        for line in self.lines:
            self.sent += 1
            yield type("Chunk", (), {"content": line})()


def test_a_model_listing_case_after_case_is_stopped_once_it_wrote_the_tests_asked_for():
    chat = Listing("```python\n" + "".join(f"assert double({i}) == {2 * i}\n" for i in range(40)) + "```\n")
    tests = own_tests.write(chat, [("user", "write double(n)")], {"calc.py": "def double(n):\n    return n * 2\n"})
    assert tests == [[f"double({i})", str(2 * i)] for i in range(5)]
    assert chat.sent < 10
