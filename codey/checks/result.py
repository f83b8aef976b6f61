"""What every check has in common: the file it checks, what the change's checks are given, the typed result each
returns, and how that result counts into the report the rest of the program reads (a plain dict, see fresh)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from codey.checks.probe import Probe
from codey.checks.verdicts import Judge


@dataclass(frozen=True)
class File:
    """A changed Python file."""
    name: str  # relative to the workspace
    path: Path
    text: str

    @property
    def test(self) -> bool:
        return is_test(self.name)


def is_test(name: str) -> bool:
    """A test file (named as pytest finds them: test_*.py, *_test.py) is compiled, not loaded: importing it would only
    define its tests."""
    name = Path(name).name
    return name.startswith("test_") or name.endswith("_test.py")


@dataclass(frozen=True)
class Given:
    """What the checks of one change are given besides its files."""
    workspace: str
    project: object  # codey.workspace.project.Project
    probe: Probe
    changed: tuple[str, ...] = ()  # every changed file, Python or not
    stated: tuple[tuple[str, str], ...] = ()  # the request's examples: (call, repr of the expected value)
    own_tests: tuple[tuple[str, str], ...] = ()  # the model's tests, the same shape
    tests_within: float = 300.0  # seconds for the project's tests
    judge: Judge = field(default_factory=Judge)
    probes: tuple[str, ...] = ()  # calls whose outputs are recorded, not judged (codey/checks/variants.py)


@dataclass
class Result:
    """One check's outcome on one file (file None: on the whole change). passed and failed count checks of behaviour
    (an example, a test, a page); problems say what to fix; behaviour records what the code did, to tell apart
    candidates that pass equally many."""
    check: str
    file: str | None = None
    passed: int = 0
    failed: int = 0
    problems: list[str] = field(default_factory=list)
    behaviour: list[str] = field(default_factory=list)

    def into(self, report: dict) -> None:
        """Count this result into the change's report."""
        report["passed"] += self.passed
        report["failed"] += self.failed
        report["behaviour"] += self.behaviour


@dataclass(frozen=True)
class Check:
    """A check: its name, whether it applies to a file (given the change), and how it runs. A gate's failure ends the
    file's later checks (code that does not compile cannot load; code that does not load cannot be called)."""
    name: str
    applies: Callable[[File, Given], bool]
    run: Callable[[File, Given], Result]
    gate: bool = False


def fresh() -> dict:
    """The report of a change before any check has run."""
    return {"files": [], "compiled": [], "loaded": [], "doctests": [], "examples": [], "tests": None, "passed": 0,
            "failed": 0, "behaviour": []}
