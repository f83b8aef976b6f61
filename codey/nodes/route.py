"""route: decide whether the request is a tool command, a question, code, a plan, or an error."""
from langgraph.runtime import Runtime

from codey import router
from codey.graph.state import Context, State


def route(state: State, runtime: Runtime[Context]) -> dict:
    decision = router.decide(state["request"], runtime.context.models)
    update = {
        "route": decision["route"],
        "by": decision["by"],
        "current": 0,
        "attempts": 0,
        "tasks": [{"request": state["request"], "route": decision["route"], "tool": decision["tool"],
                   "args": decision["args"], "status": "pending"}],
        "steps": [{"node": "route", "status": "ok", "route": decision["route"], "tool": decision["tool"],
                   "by": decision["by"], "ms": decision["latency_ms"]}],
    }
    if decision["by"] in ("model", "coder"):  # the router model, or the coder writing the command for a look in words
        update["models_loaded"] = ["router" if decision["by"] == "model" else "coder"]
    if decision["route"] == "error":
        update.update(status="refused" if decision.get("refused") else "failed",
                      error=decision.get("reason", "cannot route this request"))
    return update
