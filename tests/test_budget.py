"""The wall-clock budget of a request: the search stops when it runs out and keeps its best attempt; a round that
cannot finish in the time left is not started, or draws fewer candidates. The budget's clock is the scripted model's
(reply_s seconds a reply): no test depends on real time."""
import pytest

from codey.app import cli
from codey.checks import probe
from codey.search import candidates
from codey.workspace import project

CALC_STUB = "def add(a, b):\n    pass\n\n\ndef sub(a, b):\n    pass\n"
CALC_TESTS = ("from calc import add, sub\n\n\ndef test_add():\n    assert add(1, 2) == 3\n\n\n"
              "def test_add_twos():\n    assert add(2, 2) == 4\n\n\ndef test_sub():\n    assert sub(5, 3) == 2\n")


def calc(add: str, sub: str) -> str:
    return f"calc.py\n```python\ndef add(a, b):\n    return {add}\n\n\ndef sub(a, b):\n    return {sub}\n```\n"


def code_of(reply: str) -> str:
    return reply.split("```python\n")[1].split("```")[0]


def calc_project(workspace, stub: str = CALC_STUB):
    (workspace / "calc.py").write_text(stub)
    (workspace / "test_calc.py").write_text(CALC_TESTS)
    return workspace


def attempts_drawn(state) -> int:
    return sum(s["node"] == "code" for s in state["steps"])


@pytest.mark.parametrize("budget_s, attempts", [(100, 1), (10_000, 3)])
def test_a_failing_task_retries_only_while_its_budget_has_room(run_graph, workspace, budget_s, attempts):
    calc_project(workspace)
    replies = [calc("a + b", "a + b")] * 3  # each passes 2 of the 3 tests
    outcome, _ = run_graph("implement add and sub in calc.py", workspace, replies, budget_s=budget_s, reply_s=150)
    state = outcome["state"]
    assert state["status"] == "failed" and attempts_drawn(state) == attempts
    assert (workspace / "calc.py").read_text() == code_of(replies[0])  # the best attempt beats the stub: kept
    assert (state["verify"].get("search_longer", 0) > budget_s) == (attempts == 1)


def test_an_attempt_cut_short_by_the_budget_is_kept_only_if_it_beats_the_files_as_they_were(run_graph, workspace):
    stub = "def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    pass\n"  # passes 2 of the 3 tests
    calc_project(workspace, stub)
    outcome, _ = run_graph("implement sub in calc.py", workspace, [calc("a + b", "a + b"), calc("a + b", "a - b")],
                           budget_s=100, reply_s=150)
    assert outcome["state"]["status"] == "failed" and attempts_drawn(outcome["state"]) == 1
    assert (workspace / "calc.py").read_text() == stub


@pytest.mark.parametrize("budget_s, drawn", [(10_000, 8), (500, 4)])
def test_a_retry_draws_as_many_candidates_as_the_time_left_fits(run_graph, workspace, budget_s, drawn):
    calc_project(workspace)
    right = calc("a + b", "a - b")
    outcome, models = run_graph("implement add and sub in calc.py", workspace,
                                [calc("a + b", "a + b"), [right] + [calc("a * b", "a - b")] * 7],
                                candidates=8, budget_s=budget_s, reply_s=100)
    state = outcome["state"]
    assert state["status"] == "done" and (workspace / "calc.py").read_text() == code_of(right)
    assert [s.get("candidates") for s in state["steps"] if s["node"] == "code"] == [None, drawn]


def test_a_run_of_the_tests_gets_no_more_than_the_time_left(run_graph, workspace, monkeypatch):
    timeouts = []
    run = probe.Probe.run

    def timed(self, command, timeout):
        if "pytest" in " ".join(command if isinstance(command, list) else [command]):  # the project's tests
            timeouts.append(timeout)
        return run(self, command, timeout)

    monkeypatch.setattr(probe.Probe, "run", timed)
    calc_project(workspace)
    run_graph("implement add and sub in calc.py", workspace, [calc("a + b", "a - b")], budget_s=500, reply_s=400,
              test_timeout_s=300)
    assert 0 < timeouts[0] <= 100  # the attempt's run, 400 s into a 500 s budget


@pytest.mark.parametrize("out, checked", [(False, 3), (True, 1)])
def test_checking_a_rounds_candidates_stops_when_the_budget_is_out(workspace, settings, out, checked):
    calc_project(workspace)
    drawn = [{"files": {"calc.py": code_of(calc("a + b", "a + b"))}, "logprob": -0.1 * i} for i in range(3)]
    cfg = settings()
    _, trials = candidates.choose(drawn, ["calc.py"], str(workspace), cfg, project.find(str(workspace), cfg),
                                  out=lambda: out)
    assert sum(t is not None for t in trials) == checked


def test_budget_on_the_command_line_overrides_the_config(config_path):
    assert cli.settings_of(cli.parse_args(["--config", str(config_path), "fix it"])).budget_s == 180
    args = cli.parse_args(["--config", str(config_path), "--budget", "600", "fix it"])
    assert cli.settings_of(args).budget_s == 600


def test_budget_is_listed_in_help(capsys):
    with pytest.raises(SystemExit):
        cli.parse_args(["--help"])
    assert "--budget SECONDS" in capsys.readouterr().out


@pytest.mark.parametrize("value", ["0", "-5", "soon"])
def test_a_budget_that_is_not_a_positive_number_of_seconds_is_bad_input(value):
    with pytest.raises(SystemExit) as exit:
        cli.parse_args(["--budget", value, "fix it"])
    assert exit.value.code == 2
