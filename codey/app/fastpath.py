"""The reflex fast path: read-only tool commands answered without importing the graph or any model code.

Importing LangGraph costs ~0.8 s, most of a cold `python run.py "git status"`. A read-only command (git
status/log/diff/show, read a file, list a directory) changes nothing, so there is nothing to checkpoint or
resume; it runs here directly. Anything that writes, --debug and --thread-id still go through the graph.
The config is only read here, not validated (pydantic is another ~0.07 s): these tools use none of it, and the
next run that does use it reports a bad field.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

from codey import CONFIG_PATH, router
from codey.app.errors import CodeyError
from codey.router import command
from codey.tools import permissions, registry

SLOW_READS = {"run_tests"}  # read-only, but worth a checkpointed run


def eligible(request: str) -> dict | None:
    """The routing decision when the request is a read-only tool command, else None. A typed command line runs here
    when its programs are git or plain readers: others (python --version, pip list) want the project's environment."""
    decision = router.decide(request)
    name, args = decision.get("tool"), decision.get("args") or {}
    if decision["route"] != "tool" or name not in registry.TOOLS or name in SLOW_READS:
        return None
    if permissions.level(name, args) != permissions.READ:
        return None
    if registry.runs(name, args) == "shell" and not all(
            argv[0] == "git" or argv[0] in command.READERS for argv in command.programs_of(args["command"])):
        return None
    return decision


def peak_rss_mb() -> float:
    """This process's high-water RSS (VmHWM starts afresh at exec, unlike getrusage's ru_maxrss)."""
    try:
        with open("/proc/self/status") as f:
            line = next(l for l in f if l.startswith("VmHWM:"))
        return int(line.split()[1]) / 1024
    except (OSError, StopIteration):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def budget_mb(config_path: Path | None) -> int | None:
    """The RAM budget from config.json; None when the file is missing or broken (the full loader handles that)."""
    try:
        return int(json.loads(Path(config_path or CONFIG_PATH).read_text())["memory_budget_mb"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def try_run(request: str, workspace: str, config_path: Path | None, ui) -> dict | None:
    """Run a read-only tool command and return an outcome shaped like the graph runner's (without a thread);
    None when the request needs the full path."""
    decision, budget = eligible(request), budget_mb(config_path)
    if decision is None or budget is None:
        return None
    start = time.perf_counter()
    name, args = decision["tool"], decision.get("args") or {}
    step = {"node": "run_tool", "action": name, "args": args}
    try:
        result = registry.call(name, workspace, args, {})
        status, error = "done", None
    except CodeyError as e:
        result, status, error = {"output": e.details.get("output", "")}, e.status, str(e)
    output = result.get("output") or ""
    ui.show(output, title=permissions.shown(name, args))
    step.update(status=status, ms=round((time.perf_counter() - start) * 1000, 1))
    state = {
        "request": request, "route": "tool", "status": status, "error": error, "answer": output[:4000],
        "tasks": [{"request": request, "route": "tool", "tool": name, "args": args, "status": status}],
        "steps": [{"node": "route", "status": "ok", "route": "tool", "tool": name, "by": decision["by"],
                   "ms": decision["latency_ms"]}, step],
        "verify": {"ok": status == "done", "problems": []}, "files_changed": [], "models_loaded": [],
    }
    timings = {"run_tool": round(time.perf_counter() - start, 3), "total": round(time.perf_counter() - start, 3)}
    return {"thread_id": None, "state": state, "timings": timings, "peak_rss_mb": round(peak_rss_mb(), 1),
            "budget_mb": budget}
