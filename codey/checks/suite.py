"""The project's tests check: the project's own test command, run once per change when it has one and every changed
file compiles, within the time given; the judge (codey/checks/verdicts.py) decides which failures are the change's
and which were there before it and do not count."""
from __future__ import annotations

import time
from dataclasses import dataclass, field

from codey.checks.result import Given, Result
from codey.tools import testing


@dataclass
class Tests(Result):
    outcome: str = "no_tests"  # passed, failed, no_tests, could_not_run (codey/tools/testing.py)
    summary: str = ""
    failing: list[str] = field(default_factory=list)  # the tests that failed, by id
    timed_out: bool = False
    seconds: float = 0.0
    failing_before: list[str] = field(default_factory=list)  # failures the judge excused: there before the change

    def into(self, report: dict) -> None:
        super().into(report)
        report.update(tests=self.outcome, tests_summary=self.summary, tests_failing=self.failing,
                      tests_timed_out=self.timed_out, tests_seconds=self.seconds)
        if self.failing_before:
            report["failing_before"] = self.failing_before


def applies(report: dict, given: Given) -> bool:
    """The report of the change's file checks so far: the tests need every changed file to compile."""
    return bool(given.project.runner) and len(report["compiled"]) == len(report["files"])


def run(given: Given) -> Tests:
    start = time.perf_counter()
    command = testing.command_of(given.project)
    found = given.probe.run(command, given.tests_within)
    found["command"] = command if isinstance(command, str) else " ".join(command)
    found.update(testing.outcome_of(found, given.project, given.workspace, given.tests_within))
    problems, excused = given.judge(found, list(given.changed), given.workspace)
    return Tests("tests", None, found["passed"], found["failed"], problems, list(found["failing"]), found["outcome"],
                 found["summary"], found["failing"], found["timed_out"], round(time.perf_counter() - start, 2),
                 excused)
