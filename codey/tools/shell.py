"""Shell commands and checks in real subprocesses, each ended with everything it started.

On Linux every command runs under a supervisor (codey/sandbox/supervise.py, which says why) that kills the command's whole
tree when the command exits, when it times out, and when Codey dies however it stops. Inside sandbox.confined (the
checks of model-written code, in a scratch copy) a command also gets a scrubbed environment with its own HOME and
TMPDIR, CPU-time, file-size and core limits set before exec, and, where the kernel has Landlock, writes only in its
scratch folder and no TCP (codey/sandbox/landlock.py). Elsewhere the limits are set by preexec_fn and the process group is
killed at the end.
"""
from __future__ import annotations

import contextlib
import json
import math
import os
import re
import resource
import signal
import subprocess
import sys
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from codey.sandbox import landlock
from codey.workspace import secrets
from codey.app.errors import TaskFailed

MB = 1024 * 1024
CAP_MB: ContextVar[float | None] = ContextVar("cap_mb", default=None)
SUPERVISOR = str(Path(__file__).resolve().parent.parent / "sandbox" / "supervise.py")
SUPERVISED = sys.platform.startswith("linux")
CPU_MARGIN_S = 5  # CPU time beyond the timeout: a command is stopped by its timeout first, an escaped orphan by this
FILE_MAX_BYTES = 512 * MB
GRACE_S = 5
XDG = ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME")  # so they default under HOME
# Toolchains installed in the real home stay where they are when HOME moves (used read-only when confined):
# `pip install --user` packages, rustup's cargo, Go's module cache.
TOOL_HOMES = {"PYTHONUSERBASE": ".local", "CARGO_HOME": ".cargo", "RUSTUP_HOME": ".rustup", "GOPATH": "go"}


@dataclass(frozen=True)
class Confinement:
    """A confined command's scratch folder (the one place it may write), its HOME and TMPDIR inside it, the copy's
    source roots (first on PYTHONPATH) and the secret-looking environment variables the user allows it (allow_env
    in config.json)."""
    writable: str
    home: str
    tmp: str
    sources: tuple[str, ...] = ()
    allow_env: tuple[str, ...] = ()


CONFINED: ContextVar[Confinement | None] = ContextVar("confined", default=None)


@contextlib.contextmanager
def memory_cap(mb: float):
    """Commands run inside may allocate at most mb each: model-written code under check can grow without bound
    (a loop appending forever), and on a laptop that freezes the machine long before any timeout."""
    token = CAP_MB.set(mb)
    try:
        yield
    finally:
        CAP_MB.reset(token)


def limits(timeout: float, confinement: Confinement | None) -> list[tuple[str, int, int]]:
    """The resource limits a command starts with: the memory cap inside memory_cap; CPU time, file size and no
    core files when confined."""
    found = []
    if CAP_MB.get():
        found.append(("RLIMIT_DATA", int(CAP_MB.get() * MB), int(CAP_MB.get() * MB)))
    if confinement:
        cpu = math.ceil(timeout) + CPU_MARGIN_S
        found += [("RLIMIT_CPU", cpu, cpu + CPU_MARGIN_S), ("RLIMIT_FSIZE", FILE_MAX_BYTES, FILE_MAX_BYTES),
                  ("RLIMIT_CORE", 0, 0)]
    return found


def confined_env(env: dict | None, confinement: Confinement) -> dict:
    """env without secrets (unless allowed), with HOME and TMPDIR in the scratch folder (toolchains in the real home
    still found: TOOL_HOMES), and the copy's source roots before any other path: an editable install of the project
    in its venv points at the user's real files, which the copy's must shadow."""
    env = secrets.scrubbed(env, allow=confinement.allow_env)
    for name in XDG:
        if name not in confinement.allow_env:
            env.pop(name, None)
    path = os.pathsep.join([*confinement.sources, *filter(None, [env.get("PYTHONPATH")])])
    home = env.get("HOME") or os.path.expanduser("~")
    tools = {name: os.path.join(home, rel) for name, rel in TOOL_HOMES.items()
             if name not in env and os.path.isdir(os.path.join(home, rel))}
    return {**env, **tools, "HOME": confinement.home, "TMPDIR": confinement.tmp, "TMP": confinement.tmp,
            "TEMP": confinement.tmp, **({"PYTHONPATH": path} if path else {})}


def run(command: str | list[str], cwd: str, timeout: float, env: dict | None = None) -> dict:
    """Run a command; returns exit code and combined output. Never raises on a non-zero exit. A command stopped by
    its timeout (or its CPU-time limit) has timed_out True."""
    confinement = CONFINED.get()
    if confinement:
        env = confined_env(env, confinement)
    caps = limits(timeout, confinement)
    ruleset = landlock.ruleset([confinement.writable]) if confinement and SUPERVISED else None
    try:
        proc = start(command, cwd, env, caps, ruleset)
    except FileNotFoundError:
        return {"exit_code": 127, "output": f"{command[0]}: command not found", "timed_out": False}
    finally:
        if ruleset is not None:
            os.close(ruleset)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        out = stop(proc)
        return {"exit_code": -9, "output": out[-20000:] + f"\n(killed after {timeout:g} s)", "timed_out": True}
    except BaseException:
        stop(proc)
        raise
    finally:
        kill_group(proc.pid)
    out = out or ""
    if proc.returncode == -signal.SIGXCPU:
        return {"exit_code": proc.returncode, "output": out[-20000:] + "\n(stopped at its limit of CPU time)",
                "timed_out": True}
    if CAP_MB.get() and "MemoryError" in out:
        out += f"\n(each check may use {CAP_MB.get():.0f} MB: memory_budget_mb less the loaded models)"
    return {"exit_code": proc.returncode, "output": out[-20000:], "timed_out": False}


def start(command: str | list[str], cwd: str, env: dict | None, caps: list, ruleset: int | None) -> subprocess.Popen:
    argv = ["/bin/sh", "-c", command] if isinstance(command, str) else list(command)
    options = dict(cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                   text=True, errors="replace", start_new_session=True)
    if not SUPERVISED:
        return subprocess.Popen(argv, preexec_fn=(lambda: set_limits(caps)) if caps else None, **options)
    spec = json.dumps({"parent": os.getpid(), "limits": caps, "ruleset": ruleset})
    return subprocess.Popen([sys.executable, "-I", "-S", SUPERVISOR, spec, *argv],
                            pass_fds=() if ruleset is None else (ruleset,), **options)


def set_limits(caps: list) -> None:
    for name, soft, hard in caps:
        resource.setrlimit(getattr(resource, name), (soft, hard))


def stop(proc: subprocess.Popen) -> str:
    """End a command before it ended itself (timeout, Ctrl-C): its supervisor kills the whole tree, the process
    group is the fallback. Returns what it printed."""
    if SUPERVISED:
        with contextlib.suppress(ProcessLookupError):
            proc.terminate()
    else:
        kill_group(proc.pid)
    for _ in range(2):
        try:
            return proc.communicate(timeout=GRACE_S)[0] or ""
        except subprocess.TimeoutExpired:
            kill_group(proc.pid)
    proc.kill()  # something outside the group still holds the output open; it dies at its CPU-time limit
    proc.stdout.close()
    proc.wait()
    return ""


def kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


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
