"""Shell commands and test runs in real subprocesses, killed with their whole process group on timeout."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

from codey.errors import TaskFailed


def run(command: str | list[str], cwd: str, timeout: float) -> dict:
    """Run a command; returns exit code and combined output. Never raises on a non-zero exit."""
    proc = subprocess.Popen(
        command, cwd=cwd, shell=isinstance(command, str), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL, text=True, errors="replace", start_new_session=True,
    )
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
    return {"exit_code": proc.returncode, "output": (out or "")[-20000:], "timed_out": False}


def shell(workspace: str, command: str, timeout: float = 120) -> dict:
    if not command or not command.strip():
        raise TaskFailed("no command given")
    result = run(command, workspace, timeout)
    if result["exit_code"] != 0:
        raise TaskFailed(f"`{command}` exited with {result['exit_code']}", result)
    return result


def has_tests(workspace: str) -> bool:
    root = Path(workspace)
    patterns = ("test_*.py", "*_test.py")
    return any(p for pat in patterns for p in root.rglob(pat) if ".codey" not in p.parts and ".git" not in p.parts)


def run_tests(workspace: str, timeout: float = 300) -> dict:
    """Run pytest (the only runner detected so far) and report pass/fail counts."""
    if not has_tests(workspace):
        raise TaskFailed("no tests found (looked for test_*.py and *_test.py)")
    result = run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], workspace, timeout)
    counts = {k: int(n) for n, k in re.findall(r"(\d+) (passed|failed|errors?)", result["output"].splitlines()[-1] if result["output"] else "")}
    result.update(passed=counts.get("passed", 0), failed=counts.get("failed", 0) + counts.get("error", 0) + counts.get("errors", 0))
    if result["exit_code"] != 0:
        raise TaskFailed(f"tests failed: {result['failed']} failed, {result['passed']} passed", result)
    return result
