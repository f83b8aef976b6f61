"""The graph's state: plain data only (it is checkpointed to SQLite); models live in the lifecycle manager."""
from __future__ import annotations

import operator
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Optional, TypedDict

from codey.app.config import Settings
from codey.graph.ports import UI, Models
from codey.search.budget import Budget
from codey.workspace.project import Project, find as find_project

Route = Literal["tool", "question", "code", "plan", "error"]


def merge_unique(old: list, new: list) -> list:
    return old + [x for x in new if x not in old]


class Step(TypedDict, total=False):
    """One unit of work: the whole request, or one step of a plan."""

    request: str
    route: Route
    tool: Optional[str]
    args: dict[str, Any]
    status: Literal["pending", "running", "done", "failed", "refused", "skipped"]
    output: str
    error: str  # why the step failed, for the summary and for the steps whose condition looks at it
    condition: Optional[dict]  # {"step": index, "when": "passed" | "failed"}: run only if that step ended so
    approved: bool  # the user approved this step's command with the plan (codey/tools/permissions.py)
    spec: dict[str, Any]  # the request read once, at the step's first code attempt (codey/coder/spec.py)


class State(TypedDict, total=False):
    request: str
    route: Route
    by: str
    reason: str
    tasks: list[Step]  # one entry for a single request, several for a plan
    current: int  # index into tasks of the one being worked on
    attempts: int  # code attempts on the current task
    feedback: str  # why the last attempt failed verification, shown to the code node
    answer: str
    backups: dict[str, Optional[str]]  # text of the files the task's attempts write, as they are (None: a new file)
    result: dict[str, Any]  # the last tool or code result
    candidates: list[dict]  # an attempt's replies as file texts, for verify to check in scratch copies and choose from
    baseline: dict[str, Any]  # the project's tests before the task's change (codey/verdicts.record), once run
    widen: bool  # the attempt passed but no tests checked its behaviour: write tests, draw candidates, choose
    passed: dict[str, str]  # the files of that attempt, not yet applied
    own_tests: list[list[str]]  # [call, expected] the model wrote from the task (codey/coder/own_tests.py)
    best: dict[str, Any]  # the failed attempt that passed the most checks: {"files", "score", "attempt", "problems"}
    verify: dict[str, Any]
    files_changed: Annotated[list[str], merge_unique]
    models_loaded: Annotated[list[str], merge_unique]
    steps: Annotated[list[dict], operator.add]  # what each node did, for --json and --debug
    status: Literal["running", "done", "failed", "refused", "interrupted"]
    error: str


@dataclass
class Context:
    """Live objects the nodes use; passed per run, never checkpointed."""

    workspace: str
    settings: Settings
    models: Models  # codey.memory.lifecycle.Lifecycle
    ui: UI  # codey.app.ui.UI
    budget: Budget  # the request's wall-clock budget: live, so a resumed run starts a fresh one
    yes: bool = False
    keep_models: bool = False  # the REPL keeps models resident between requests
    _project: Optional[Project] = None

    @property
    def project(self) -> Project:
        """The workspace's interpreter and test command (codey/workspace/project.py), found once per run."""
        if self._project is None:
            self._project = find_project(self.workspace, self.settings)
        return self._project


def current_task(state: State) -> Step:
    return state["tasks"][state.get("current", 0)]


def update_task(state: State, **changes) -> list[Step]:
    tasks = [dict(t) for t in state["tasks"]]
    tasks[state.get("current", 0)].update(changes)
    return tasks
