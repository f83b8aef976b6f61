"""Shell commands and test runs in real subprocesses, killed with their whole process group on timeout."""
from __future__ import annotations

import contextlib
import os
import re
import resource
import signal
import subprocess
from contextvars import ContextVar

from codey.errors import TaskFailed

MB = 1024 * 1024
CAP_MB: ContextVar[float | None] = ContextVar("cap_mb", default=None)


@contextlib.contextmanager
def memory_cap(mb: float):
    """Commands run inside may allocate at most mb each: model-written code under check can grow without bound
    (a loop appending forever), and on a laptop that freezes the machine long before any timeout."""
    token = CAP_MB.set(mb)
    try:
        yield
    finally:
        CAP_MB.reset(token)


def cap(pid: int) -> None:
    if CAP_MB.get() and hasattr(resource, "prlimit"):  # Linux; its children inherit the limit
        with contextlib.suppress(OSError, ValueError):
            limit = int(CAP_MB.get() * MB)
            resource.prlimit(pid, resource.RLIMIT_DATA, (limit, limit))


def run(command: str | list[str], cwd: str, timeout: float, env: dict | None = None) -> dict:
    """Run a command; returns exit code and combined output. Never raises on a non-zero exit."""
    try:
        proc = subprocess.Popen(
            command, cwd=cwd, shell=isinstance(command, str), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, text=True, errors="replace", start_new_session=True, env=env,
        )
    except FileNotFoundError:
        return {"exit_code": 127, "output": f"{command[0]}: command not found", "timed_out": False}
    cap(proc.pid)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        return {"exit_code": -9, "output": (out or "")[-20000:] + f"\n(killed after {timeout:g} s)", "timed_out": True}
    except BaseException:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise
    if CAP_MB.get() and "MemoryError" in (out or ""):
        out += f"\n(each check may use {CAP_MB.get():.0f} MB: memory_budget_mb less the loaded models)"
    return {"exit_code": proc.returncode, "output": (out or "")[-20000:], "timed_out": False}


SEARCH = re.compile(r"\s*(grep|egrep|fgrep|rg|git grep)\b")


def shell(workspace: str, command: str, timeout: float = 120, project=None, look: bool = False) -> dict:
    """A shell command as the user would type it, with the project's virtualenv active. A look (a read-only command
    written for a request in words) answers with what it printed even when it exits non-zero: `pip show numpy`
    exiting 1 says numpy is not installed; only a command that could not run (not found, killed) fails."""
    if not command or not command.strip():
        raise TaskFailed("no command given")
    result = run(command, workspace, timeout, project.env if project else None)
    if result["exit_code"] == 1 and not result["output"].strip() and SEARCH.match(command):
        return {**result, "exit_code": 0, "output": "no matches"}  # a search that finds nothing has not failed
    if look and 0 < result["exit_code"] < 126:
        return {**result, "output": result["output"].rstrip() + f"\n(exit {result['exit_code']})"}
    if result["exit_code"] != 0:
        raise TaskFailed(f"`{command}` exited with {result['exit_code']}", result)
    return result
