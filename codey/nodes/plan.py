"""plan: split a multi-step request into tasks, each routed like a request of its own."""
from langgraph.runtime import Runtime

from codey import conditions, router
from codey.graph.state import Context, State
from codey.router.rules import clean, split_steps


def plan(state: State, runtime: Runtime[Context]) -> dict:
    ctx, request = runtime.context, state["request"]
    while True:
        tasks, used_model = make_tasks(request, ctx)
        answer = ask(ctx)
        if answer == "edit":
            request = ctx.ui.console.input("plan> ") or request
            continue
        break
    update = {"tasks": tasks, "current": 0, "models_loaded": ["router"] if used_model else [],
              "steps": [{"node": "plan", "status": "ok", "tasks": [t["request"] for t in tasks]}]}
    if answer == "no":
        update.update(status="refused", error="plan cancelled")
    return update


def ask(ctx: Context) -> str:
    """On a terminal (without --yes) the user accepts, edits or cancels the plan before anything runs."""
    if ctx.yes or not ctx.ui.interactive:
        return "yes"
    reply = ctx.ui.console.input("Run this plan? [Y]es / [e]dit / [n]o: ").strip().lower()
    return {"e": "edit", "edit": "edit", "n": "no", "no": "no"}.get(reply, "yes")


def make_tasks(request: str, ctx: Context) -> tuple[list[dict], bool]:
    tasks, used_model = [], False
    for step in split_steps(clean(request)):
        condition, text = conditions.split_condition(step)
        decision = router.decide(text, ctx.models, allow_plan=False)
        used_model |= decision["by"] == "model"
        if decision["route"] == "error":
            decision["route"] = "question"
        tasks.append({"request": text, "route": decision["route"], "tool": decision["tool"],
                      "args": decision["args"], "status": "pending", "condition": condition})
    conditions.attach(tasks)
    ctx.ui.show("\n".join(f"{i}. {_when(t)}{t['request']}  [{t['tool'] or t['route']}]"
                          for i, t in enumerate(tasks, 1)), title="plan")
    return tasks, used_model


def _when(task: dict) -> str:
    cond = task.get("condition")
    return f"(if step {cond['step'] + 1} {cond['when']}) " if cond and cond.get("step") is not None else ""
