"""The project's tests, run with the project's own runner, and what came of it.

"Could not run" is not "failed": a missing runner, a collection error, no tests or a timeout says so, with the
fix, and a plan's "if pass" is false for it either way.
"""
from __future__ import annotations

import re

from codey import project as projects
from codey.errors import TaskFailed
from codey.tools.shell import run

PYTEST_FLAGS = ["-q", "--tb=short", "-p", "no:cacheprovider"]


def command_of(project) -> list[str] | str:
    if project.runner == "pytest":
        return project.test_command + PYTEST_FLAGS
    return project.test_command


def run_tests(workspace: str, project, timeout: float = 300) -> dict:
    """Run the tests; the result's `outcome` is passed, failed, no_tests or could_not_run."""
    if project.runner is None:
        return {"outcome": "no_tests", "exit_code": None, "output": "", "passed": 0, "failed": 0,
                "summary": project.test_why}
    command = command_of(project)
    result = run(command, workspace, timeout, project.env)
    result["command"] = command if isinstance(command, str) else " ".join(command)
    result["project"] = project.describe()
    result.update(outcome_of(result, project, workspace, timeout))
    return result


def outcome_of(result: dict, project, workspace: str, timeout: float) -> dict:
    output, code = result["output"], result["exit_code"]
    passed, failed = counts(output, project.runner)
    found = {"passed": passed, "failed": failed}
    if result["timed_out"]:
        return {**found, "outcome": "could_not_run", "summary": f"the tests did not finish within {timeout:g} s "
                "(test_timeout_s in config.json)"}
    if project.runner in ("pytest", "unittest") and re.search(rf"No module named {project.runner}\b", output):
        return {**found, "outcome": "could_not_run", "summary": missing_runner(project, workspace)}
    if code == 127:
        tool = result["command"].split()[0]
        return {**found, "outcome": "could_not_run", "summary": f"{tool} is not installed or not on PATH ({output.strip()[-200:]})"}
    if project.runner == "pytest" and code in (2, 3, 4):
        error = next((l for l in output.splitlines() if l.startswith(("E ", "ERROR"))), output.strip()[-300:])
        return {**found, "outcome": "could_not_run", "summary": f"the tests could not be collected: {error.strip()}"}
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
