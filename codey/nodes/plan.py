"""plan: split a multi-step request into tasks, each routed like a request of its own."""
from langgraph.runtime import Runtime

from codey import conditions, router
from codey.graph.state import Context, State
from codey.router.rules import clean, split_steps


def plan(state: State, runtime: Runtime[Context]) -> dict:
    tasks, used_model = [], False
    for step in split_steps(clean(state["request"])):
        condition, text = conditions.split_condition(step)
        decision = router.decide(text, runtime.context.models, allow_plan=False)
        used_model |= decision["by"] == "model"
        if decision["route"] == "error":
            decision["route"] = "question"
        tasks.append({"request": text, "route": decision["route"], "tool": decision["tool"],
                      "args": decision["args"], "status": "pending", "condition": condition})
    conditions.attach(tasks)
    runtime.context.ui.show("\n".join(f"{i}. {_when(t)}{t['request']}  [{t['tool'] or t['route']}]"
                                      for i, t in enumerate(tasks, 1)), title="plan")
    return {"tasks": tasks, "current": 0, "models_loaded": ["router"] if used_model else [],
            "steps": [{"node": "plan", "status": "ok", "tasks": [t["request"] for t in tasks]}]}


def _when(task: dict) -> str:
    cond = task.get("condition")
    return f"(if step {cond['step'] + 1} {cond['when']}) " if cond and cond.get("step") is not None else ""
