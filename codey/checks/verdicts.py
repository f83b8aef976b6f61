"""Verdicts on the project's tests after a change, judged against how they stood before it (the baseline).

A test that passed before and fails after, tests that could be collected before and cannot after (or are no longer
there at all), or a run that no longer finishes, is the change's failure. A failure that was there before does not count against it, unless it is
one the task is about: a test the request names (`tests/test_x.py`, `test_parse`), or, when it names none, a test
in a file that imports a module the change touches (a stub's tests, the failing test of a bug fix). The baseline is
run only when the run after the change is not clean, once per task (verify keeps it in the state)."""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

NAMED = re.compile(r"[\w./-]*\b(?:test_\w*|\w+_test)\.py(?:::[\w:.\[\]-]+)?|\btest_\w+\b(?!\.py)")
KEPT = ("tests", "tests_summary", "tests_failing", "tests_timed_out", "tests_seconds")


def named(request: str) -> tuple[str, ...]:
    """The tests a request names: test files (with a node id, if given) and test functions."""
    return tuple(dict.fromkeys(m.group(0).lstrip("./") for m in NAMED.finditer(request)))


def record(checks: dict) -> dict:
    """What a run of the tests leaves for a later comparison: outcome, summary, failing tests, timeout."""
    return {k: checks[k] for k in KEPT if k in checks}


@dataclass
class Judge:
    """The tests' verdict on a change. Without a baseline (before is None) every failure counts: the baseline's own
    run, and runs only compared by score."""

    before: Callable[[], dict] | None = None  # the tests' record before the change, computed on first need
    named: tuple[str, ...] = ()

    def __call__(self, run: dict, changed: list[str], workspace: str) -> tuple[list[str], list[str]]:
        """The problems of a run of the tests after a change, and the failures that do not count against it."""
        if run["outcome"] == "passed":
            return [], []
        if run["outcome"] == "no_tests":  # the change took away every test there was
            ran = self.before and self.before().get("tests") in ("passed", "failed")
            return ([report(run, f"{run['summary']} (there were tests before the change)")] if ran else []), []
        if run.get("timed_out"):
            return ([] if self.before and self.before().get("tests_timed_out") else [report(run, run["summary"])]), []
        if run["outcome"] == "could_not_run":  # a runner that is missing is said as such, never a pass
            broke = run.get("uncollectable") and (not self.before or self.before().get("tests") in ("passed", "failed"))
            return ([report(run, f"{run['summary']} (they could before the change)")] if broke else []), []
        if not run["failing"] or not self.before or self.before().get("tests") == "passed":
            return [report(run, run["summary"])], []  # (a runner that names no tests: every failure counts)
        old = set(self.before().get("tests_failing", []))
        counted = [t for t in run["failing"] if t not in old or self.targets(t, changed, workspace)]
        excused = [t for t in run["failing"] if t not in counted]
        if not counted:
            return [], excused
        return [report(run, run["summary"] + (f" ({len(excused)} of them failed before the change too)" if excused
                                              else ""))], excused

    def targets(self, test: str, changed: list[str], workspace: str) -> bool:
        """Whether a test that failed before is one the task is about (see the module's docstring)."""
        if self.named:
            return any(matches(test, n) for n in self.named)
        path = test_file(test, workspace)
        return bool(path) and (path in changed or bool(imported(Path(workspace) / path) & modules(changed)))


def report(run: dict, headline: str) -> str:
    return f"{headline}\n" + shorten(run["output"])


def shorten(output: str, head: int = 2200, tail: int = 800) -> str:
    """The first failures and the summary: the middle of a long test report adds little."""
    return output if len(output) <= head + tail else output[:head] + "\n…\n" + output[-tail:]


def shown(tests: list[str], most: int = 5) -> str:
    return ", ".join(tests[:most]) + (f" and {len(tests) - most} more" if len(tests) > most else "")


def matches(test: str, name: str) -> bool:
    """Whether a test id (pytest's node id or unittest's dotted name) is, or is in, what the request named."""
    if name.endswith(".py") or "::" in name:
        path = test.split("::")[0]
        return test == name or test.startswith(name + "::") or ("::" not in name and (path == name or path.endswith("/" + name)))
    last = re.split(r"::|\.", test.split("[")[0])[-1]
    return last == name


def test_file(test: str, workspace: str) -> str | None:
    """The file a failing test is in: a pytest node id starts with it; a unittest name is dotted like its module."""
    if "::" in test or test.endswith(".py"):
        return test.split("::")[0]
    parts = test.split(".")
    for i in range(len(parts), 0, -1):
        path = "/".join(parts[:i]) + ".py"
        if (Path(workspace) / path).is_file():
            return path
    return None


def modules(changed: list[str]) -> set[str]:
    """The names a changed Python file can be imported by: `src/pkg/mod.py` as src.pkg.mod, pkg.mod or mod."""
    found = set()
    for name in changed:
        if name.endswith(".py"):
            parts = Path(name).with_suffix("").parts
            parts = parts[:-1] if parts[-1] == "__init__" else parts
            found |= {".".join(parts[i:]) for i in range(len(parts))}
    return found


def imported(path: Path) -> set[str]:
    """The modules a file imports, each with its parents (`from pkg import mod` imports pkg and pkg.mod)."""
    try:
        tree = ast.parse(path.read_text(errors="replace"))
    except (OSError, SyntaxError, ValueError):
        return set()
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
    return {".".join(n.split(".")[:i]) for n in names for i in range(1, n.count(".") + 2)}


def verdict(checks: dict) -> dict:
    """Whether the project's tests verified the change; when they did not, why (they could not run, there are none).
    Failures that were there before and still are are listed: the user is told they exist."""
    tests = checks.get("tests")
    found = {"verified": tests in ("passed", "failed")}
    if not found["verified"]:
        found["not_verified"] = checks.get("tests_summary") or "the project has no tests"
    if checks.get("failing_before"):
        found["failing_before"] = checks["failing_before"]
    return found
