"""The one way the checks run model-written code: every probe (loading a module, its doctests, its examples, its
pages, the project's tests) goes through Probe.run, so the sandbox policy is applied in one place: the project's
interpreter and environment, a timeout, the memory the budget leaves, and, in a scratch copy, the confinement to
its scratch folder (codey/sandbox: no secrets, a HOME and TMPDIR of its own, writes only there, a CPU-time limit)."""
from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from codey import sandbox
from codey.memory.lifecycle import rss_mb
from codey.tools import shell

MIN_MEMORY_MB = 256.0  # below this even the interpreter's start-up fails, which would read as the code's fault


@dataclass(frozen=True)
class Probe:
    """Where and how the checks of one change run their commands."""
    workspace: str
    python: str  # the project's interpreter
    env: dict | None  # the project's environment
    memory_mb: float  # what each command may allocate
    confined: bool = False  # workspace is a scratch copy (sandbox.scratch): its commands are confined to it
    allow_env: tuple[str, ...] = ()  # the secret-looking variables a confined command still sees

    def run(self, command: str | list[str], timeout: float) -> dict:
        """A command in the workspace: exit_code, output, timed_out (see shell.run). A probe stopped by its timeout
        or its CPU-time limit has timed_out True, and no check counts it as a pass."""
        with shell.memory_cap(self.memory_mb), self.sandbox():
            return shell.run(command, self.workspace, timeout, self.env)

    def script(self, source: str, *args: str, timeout: float) -> dict:
        """A Python script (`python -c source args...`) with the project's interpreter."""
        return self.run([self.python, "-u", "-c", source, *args], timeout)

    def sandbox(self) -> contextlib.AbstractContextManager:
        return sandbox.confined(Path(self.workspace), self.allow_env) if self.confined else contextlib.nullcontext()


def for_project(workspace: str, project, settings, confined: bool = False) -> Probe:
    """The probe for a change's checks: each command may use what the memory budget leaves after this process (the
    loaded models), never less than MIN_MEMORY_MB."""
    return Probe(workspace, project.python, project.env, max(MIN_MEMORY_MB, settings.memory_budget_mb - rss_mb()),
                 confined, tuple(getattr(settings, "allow_env", ())))
