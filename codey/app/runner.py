"""Run a request through the graph (or resume a saved one): stream node updates, show --debug transitions, time it.
After each node the undo records it made are sealed with what it left (codey/workspace/undo.py)."""
from __future__ import annotations

import time

from codey.workspace import undo
from codey.app.errors import BadInput, CodeyError
from codey.graph.checkpoint import new_thread_id, open_saver
from codey.graph.state import Context
from codey.memory.lifecycle import PeakRSS, rss_mb


def summarize(update: dict) -> str:
    """A short, one-line view of a node's state update for --debug."""
    shown = []
    for key, value in update.items():
        if key == "steps":
            continue
        if key == "tasks":
            value = [f"{t.get('tool') or t['route']}:{t.get('status')}" for t in value]
        text = repr(value)
        shown.append(f"{key}={text[:80] + '…' if len(text) > 80 else text}")
    return ", ".join(shown)


def run(request: str, ctx: Context, thread_id: str | None = None, debug: bool = False) -> dict:
    thread_id = thread_id or new_thread_id()
    return _drive({"request": request, "status": "running", "steps": []}, thread_id, ctx, debug)


def resume(thread_id: str, ctx: Context, debug: bool = False) -> dict:
    """Continue a saved run from its first unfinished step; finished steps are never redone."""
    return _drive(None, thread_id, ctx, debug)


def _prepare_resume(graph, config, ctx: Context, debug: bool) -> bool:
    """Make a stopped thread runnable again; False when there is nothing left to do."""
    snapshot = graph.get_state(config)
    values = snapshot.values
    if not values:
        raise BadInput(f"no saved run with thread id {config['configurable']['thread_id']} in this workspace")
    if values.get("status") == "done" and not snapshot.next:
        ctx.ui.info("that run already finished; nothing to resume")
        return False
    tasks = [dict(t) for t in values.get("tasks") or []]
    current = values.get("current", 0)
    done = sum(t.get("status") in ("done", "skipped") for t in tasks)
    if debug or tasks:
        where = f"step {current + 1} of {len(tasks)}: {tasks[current]['request']}" if tasks else "the start"
        ctx.ui.info(f"resuming {config['configurable']['thread_id']} at {where} ({done} done)")
    if not snapshot.next:  # the run ended (failed, refused, interrupted): re-open the current step
        if not tasks:
            raise BadInput("that run stopped before it was planned; start it again")
        tasks[current]["status"] = "pending"
        graph.update_state(config, {"status": "running", "error": "", "tasks": tasks, "attempts": 0,
                                    "feedback": "", "backups": {}, "best": {}, "candidates": []}, as_node="plan")
    return True


def _drive(payload, thread_id: str, ctx: Context, debug: bool) -> dict:
    from codey.graph.graph import build

    graph = build(open_saver(ctx.workspace))
    config = {"configurable": {"thread_id": thread_id}}
    timings: dict[str, float] = {}
    start = last = time.perf_counter()
    previous, status = "start", "interrupted"
    if debug:
        found = ctx.project.describe()
        ctx.ui.info(f"project python: {found['python']} ({found['python_why']}); tests: "
                    f"{found['test_command'] or 'none'} ({found['test_why']})")
    with PeakRSS() as peak:
        try:
            if payload is None and not _prepare_resume(graph, config, ctx, debug):
                status = None
            else:
                for event in graph.stream(payload, config, context=ctx, stream_mode="updates"):
                    for node, update in event.items():
                        undo.seal(ctx.workspace)
                        now = time.perf_counter()
                        timings[node] = round(timings.get(node, 0) + now - last, 3)
                        last = now
                        if debug:
                            ctx.ui.info(f"[{now - start:7.2f}s rss {rss_mb():6.0f} MB] {previous} → {node}: "
                                        f"{summarize(update or {})}")
                            ctx.ui.pause()
                        previous = node
                status = None
        except KeyboardInterrupt:
            pass
        except CodeyError as e:  # raised by a node (the coder's server went away): it runs again on --resume
            if graph.get_state(config).next:
                e.details["thread_id"] = thread_id
            raise
        finally:
            undo.seal(ctx.workspace)
            state = dict(graph.get_state(config).values)
            graph.checkpointer.conn.close()
    if status:
        state["status"] = status
    timings["total"] = round(time.perf_counter() - start, 3)
    return {"thread_id": thread_id, "state": state, "timings": timings, "peak_rss_mb": round(peak.peak_mb, 1)}


def threads(workspace: str) -> list[dict]:
    """Saved runs in this workspace, newest first."""
    from codey.graph.graph import build

    saver = open_saver(workspace)
    graph = build(saver)
    ids = [row[0] for row in saver.conn.execute("select distinct thread_id from checkpoints")]
    found = []
    for thread_id in ids:
        snap = graph.get_state({"configurable": {"thread_id": thread_id}})
        values, tasks = snap.values, snap.values.get("tasks") or []
        status = values.get("status", "?")
        if snap.next and status == "running":
            status = "interrupted"
        found.append({"thread_id": thread_id, "request": values.get("request", ""), "status": status,
                      "steps_done": sum(t.get("status") in ("done", "skipped") for t in tasks),
                      "steps_total": len(tasks), "updated": snap.created_at})
    saver.conn.close()
    return sorted(found, key=lambda t: t["updated"] or "", reverse=True)
