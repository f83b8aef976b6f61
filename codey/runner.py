"""Run one request through the graph: stream node updates, show --debug transitions, time everything."""
from __future__ import annotations

import time

from codey.graph.checkpoint import new_thread_id, open_saver
from codey.graph.state import Context
from codey.memory.lifecycle import peak_rss_mb, rss_mb


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
    from codey.graph.graph import build

    thread_id = thread_id or new_thread_id()
    graph = build(open_saver(ctx.workspace))
    config = {"configurable": {"thread_id": thread_id}}
    timings: dict[str, float] = {}
    start = last = time.perf_counter()
    previous, status = "start", "interrupted"
    try:
        for event in graph.stream({"request": request, "status": "running", "steps": []}, config,
                                  context=ctx, stream_mode="updates"):
            for node, update in event.items():
                now = time.perf_counter()
                timings[node] = round(timings.get(node, 0) + now - last, 3)
                last = now
                if debug:
                    ctx.ui.info(f"[{now - start:7.2f}s rss {rss_mb():6.0f} MB] {previous} → {node}: {summarize(update or {})}")
                    ctx.ui.pause()
                previous = node
        status = None
    except KeyboardInterrupt:
        pass
    finally:
        state = dict(graph.get_state(config).values)
        graph.checkpointer.conn.close()
    if status:
        state["status"] = status
    timings["total"] = round(time.perf_counter() - start, 3)
    return {"thread_id": thread_id, "state": state, "timings": timings, "peak_rss_mb": round(peak_rss_mb(), 1)}
