"""The checks verify runs on changed code, as a registry: each check is a module here with a name, which files it
applies to, and a run that returns a typed result (codey/checks/result.py); every command they run goes through one
probe (codey/checks/probe.py). Each changed Python file gets the checks that apply to it, in order, until a gate
fails (compile, load); then the project's tests run on the change as a whole. The results are counted into one
report, plain data for the graph's state, so attempts can be compared by how far they got (score)."""
from __future__ import annotations

from pathlib import Path

from codey.checks import compiles, doctests, loads, own, pages, probe, prose, stated as stated_examples, suite, variants
from codey.checks import verdicts
from codey.checks.result import Check, File, Given, Result, fresh, is_test

CHECKS: tuple[Check, ...] = (compiles.CHECK, loads.CHECK, pages.CHECK, doctests.CHECK, prose.CHECK,
                             stated_examples.CHECK, own.CHECK, variants.CHECK)


def check_code(changed: list[str], workspace: str, settings, project, own_tests=(),
               tests_within: float | None = None, stated=(), judge: verdicts.Judge | None = None,
               confined: bool = False, probes=()) -> tuple[list[str], dict]:
    """Check the changed files with the project's interpreter and test command; the problems found and the report.

    Every check that can still run does (a failed doctest does not skip the tests): report["passed"] and ["failed"]
    count the checks of behaviour (doctests, examples, pages, tests), "compiled" and "loaded" name the files that
    got that far (see score), and "behaviour" records what the code did (example outputs, failing tests), to
    compare candidates that pass equally many. own_tests, the model's [call, expected] pairs, count like examples
    but are never problems; stated, the examples the request gives, are checked on the functions they call. The
    project's tests get tests_within seconds (default test_timeout_s); judge decides which of their failures are
    the change's (by default, all of them). confined: the workspace is a scratch copy, its commands confined to it.
    probes: calls whose outputs go into report["probed"], to compare candidates (codey/checks/variants.py)."""
    given = Given(workspace, project, probe.for_project(workspace, project, settings, confined), tuple(changed),
                  tuple(map(tuple, stated)), tuple(map(tuple, own_tests)), tests_within or settings.test_timeout_s,
                  judge or verdicts.Judge(), tuple(probes))
    results = run(changed, given)
    return [p for r in results for p in r.problems], aggregate(changed, results)


def run(changed: list[str], given: Given) -> list[Result]:
    """Each check that applies, in order: every changed Python file's, then the project's tests."""
    names = [n for n in changed if n.endswith(".py")]
    results = []
    for name in names:
        path = Path(given.workspace) / name
        results += check_file(File(name, path, path.read_text()), given)
    if suite.applies(aggregate(changed, results), given):
        results.append(suite.run(given))
    return results


def check_file(file: File, given: Given) -> list[Result]:
    """The file's checks that apply, in order, until a gate fails."""
    results = []
    for check in CHECKS:
        if check.applies(file, given):
            results.append(check.run(file, given))
            if check.gate and results[-1].problems:
                break
    return results


def aggregate(changed: list[str], results: list[Result]) -> dict:
    """The report the rest of the program reads (codey/search/candidates.py, codey/search/attempt.py, verdicts)."""
    report = fresh()
    report["files"] = [n for n in changed if n.endswith(".py")]
    for result in results:
        result.into(report)
    return report


def score(checks: dict) -> list[float]:
    """How far an attempt got, compared as a list: behaviour checks passed first, then the share of its files' compile
    and load checks that pass (a share, so a candidate cannot gain by writing extra files that merely compile)."""
    due = sum(1 if is_test(n) else 2 for n in checks.get("files", []))
    done = len(checks.get("compiled", [])) + len(checks.get("loaded", []))
    return [checks.get("passed", 0), done / due if due else 0.0]
