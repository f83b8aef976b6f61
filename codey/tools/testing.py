"""The project's tests, run with the project's own runner, and what came of it.

"Could not run" is not "failed": a missing runner, tests that cannot be collected, no tests or a timeout says so,
with the fix, and a plan's "if pass" is false for it either way. Each run also names the tests that failed (pytest
and unittest), so a change can be judged against how they stood before it (codey/checks/verdicts.py).
"""
from __future__ import annotations

import re

from codey.workspace import project as projects
from codey.app.errors import TaskFailed
from codey.tools.shell import run

# a test module that cannot be imported is one error among the results, not the end of the run
PYTEST_FLAGS = ["-q", "--tb=short", "-p", "no:cacheprovider", "--continue-on-collection-errors"]


def command_of(project) -> list[str] | str:
    if project.runner == "pytest":
        return project.test_command + PYTEST_FLAGS
    return project.test_command


def run_tests(workspace: str, project, timeout: float = 300) -> dict:
    """Run the tests; the result's `outcome` is passed, failed, no_tests or could_not_run, `failing` names the tests
    that failed or errored (a module that could not be collected by its path), `uncollectable` is True when no test
    could even be collected."""
    if project.runner is None:
        return {"outcome": "no_tests", "exit_code": None, "output": "", "passed": 0, "failed": 0, "failing": [],
                "summary": project.test_why, "timed_out": False}
    command = command_of(project)
    result = run(command, workspace, timeout, project.env)
    result["command"] = command if isinstance(command, str) else " ".join(command)
    result["project"] = project.describe()
    result.update(outcome_of(result, project, workspace, timeout))
    return result


def outcome_of(result: dict, project, workspace: str, timeout: float) -> dict:
    output, code = result["output"], result["exit_code"]
    passed, failed = counts(output, project.runner)
    found = {"passed": passed, "failed": failed, "failing": failing(output, project.runner)}
    if result["timed_out"]:
        return {**found, "outcome": "could_not_run", "summary": f"the tests did not finish within {timeout:g} s "
                "(test_timeout_s in config.json)"}
    if project.runner in ("pytest", "unittest") and re.search(rf"No module named {project.runner}\b", output):
        return {**found, "outcome": "could_not_run", "summary": missing_runner(project, workspace)}
    if code == 127:
        tool = result["command"].split()[0]
        return {**found, "outcome": "could_not_run", "summary": f"{tool} is not installed or not on PATH ({output.strip()[-200:]})"}
    if project.runner == "pytest" and (code in (2, 3, 4) or code == 1 and not passed and found["failing"]
                                       and not any("::" in t for t in found["failing"])):
        error = next((l for l in output.splitlines() if l.startswith(("E ", "ERROR"))), output.strip()[-300:])
        return {**found, "outcome": "could_not_run", "uncollectable": True,
                "summary": f"the tests could not be collected: {error.strip()}"}
    if (project.runner == "pytest" and code == 5) or re.search(r"^Ran 0 tests|NO TESTS RAN", output, re.M):
        return {**found, "outcome": "no_tests", "summary": f"no tests were collected by `{result['command']}`"}
    if code == 0:
        return {**found, "outcome": "passed", "summary": f"tests passed ({passed} passed)" if passed else "tests passed"}
    shown = f"{failed} failed, {passed} passed" if passed or failed else f"`{result['command']}` exited with {code}"
    return {**found, "outcome": "failed", "summary": f"tests failed: {shown}"}


def counts(output: str, runner: str | None) -> tuple[int, int]:
    if runner == "unittest":
        ran = re.findall(r"^Ran (\d+) tests?", output, re.M)
        bad = sum(int(n) for n in re.findall(r"(?:failures|errors)=(\d+)", output))
        return (int(ran[-1]) - bad if ran else 0), bad
    line = next((l for l in reversed(output.splitlines()) if re.search(r"\d+ (passed|failed|errors?)\b", l)), "")
    found = {k: int(n) for n, k in re.findall(r"(\d+) (passed|failed|errors?)\b", line)}
    return found.get("passed", 0), found.get("failed", 0) + found.get("error", 0) + found.get("errors", 0)


UNITTEST_FAILURE = re.compile(r"^(?:FAIL|ERROR): (\w+) \(([\w.]+)\)", re.M)


def failing(output: str, runner: str | None) -> list[str]:
    """The tests a run reports as failed or errored: pytest's node ids (`tests/test_a.py::test_b`, a module that
    could not be collected by its path alone), unittest's dotted names (`test_a.T.test_b`, a module that could not be
    imported by its name). Other runners name none."""
    if runner == "unittest":
        return sorted({name if where.startswith("unittest.loader.") else
                       where if where.endswith("." + name) else f"{where}.{name}"
                       for name, where in UNITTEST_FAILURE.findall(output)})
    if runner != "pytest":
        return []
    return sorted({l.split(" ", 1)[1].split(" - ")[0].strip() for l in output.splitlines()
                   if l.startswith(("FAILED ", "ERROR ")) and len(l.split(" ", 1)) == 2})


def missing_runner(project, workspace: str) -> str:
    place = projects.where(project.python, workspace)
    pip = f"{place}/bin/pip" if projects.venv_of(project.python) else f"{project.python} -m pip"
    return f"{project.runner} is not installed in {place}: {pip} install {project.runner}"


def tool(workspace: str, project=None, timeout: float = 300) -> dict:
    """The run_tests tool: raises unless the tests passed."""
    project = project or projects.find(workspace)
    result = run_tests(workspace, project, timeout)
    result["output"] = (result["output"] or "").rstrip() + ("\n" if result["output"] else "") + result["summary"]
    if result["outcome"] == "passed":
        return result
    prefix = "could not run the tests: " if result["outcome"] == "could_not_run" else ""
    raise TaskFailed(prefix + result["summary"], result)
